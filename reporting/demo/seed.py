"""Demo letterhead: the ward's Standing Committee signs the summaries."""

from ..appendices.common import profile_for
from ..services import profile_save


def seed(*, ward, password_hash, stdout) -> None:
    profile = profile_for(ward)
    if not profile.signer_name:
        profile_save(ward=ward, data={"signer_name": "Trần Văn Minh"}, by=None)
