"""Demo letterhead: the ward's Standing Committee signs the summaries."""

from .selectors import profile_for


def seed(*, ward, password_hash, stdout) -> None:
    profile = profile_for(ward)
    if not profile.signer_name:
        profile.signer_name = "Trần Văn Minh"
        profile.save(update_fields=["signer_name"])
