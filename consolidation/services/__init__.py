"""Rules of consolidation, as functions that write (HackSoft's services): reviews, plans,
quarterly updates. Everything is re-exported here: `from consolidation import services`."""

from .plans import *  # noqa: F403
from .quarterly import *  # noqa: F403
from .reviews import *  # noqa: F403
