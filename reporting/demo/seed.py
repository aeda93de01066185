"""Demo letterhead: the ward's Standing Committee signs the summaries."""

from organizations.models import Unit
from organizations.types import User

from ..appendices.common import profile_for
from ..services import profile_save


def seed(*, ward: Unit, password_hash: str, stdout: object) -> None:
    profile = profile_for(ward)
    if not profile.signer_name:
        profile_save(
            ward=ward, data={"signer_name": "Trần Văn Minh"}, by=User.objects.get(username="bxd")
        )
