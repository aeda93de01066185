"""Forms validate and normalize; they never save on their own (services do). Split by area:
`base` (shared by every app), `registry`, `accounts`, `auth`."""

from .base import (
    VERSION_MISSING,
    DateInput,
    StyledFormMixin,
    VersionedFormMixin,
    choose_from,
    field_of,
    keep_typed_at_version,
)

__all__ = [
    "VERSION_MISSING",
    "DateInput",
    "StyledFormMixin",
    "VersionedFormMixin",
    "choose_from",
    "field_of",
    "keep_typed_at_version",
]
