"""Made-up data, apart from the domain: `seed` fills the demo ward for `make run`, `scale`
builds a synthetic city for speed measurements, `bench` names the pages bench/run.py times."""

from .seed import seed

__all__ = ["seed"]
