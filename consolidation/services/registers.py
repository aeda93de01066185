"""The registers of limited cadres and complex cases."""

from django.db import transaction

from organizations.concurrency import lock_current
from organizations.history import record_as
from organizations.text import normalize_line, normalize_text
from organizations.types import Actor

from ..access import require_register_editor
from ..models import Cadre, ComplexCase

Entry = Cadre | ComplexCase


@transaction.atomic
def register_save(*, instance: Entry, by: Actor, expected_version: int | None = None) -> Entry:
    """Save a cadre or a complex case (its form validated it), as `by`, who must keep
    that register. EditConflict when the entry was saved since `expected_version`."""
    require_register_editor(by, "cadre" if isinstance(instance, Cadre) else "case")
    if instance.pk is not None:
        current = lock_current(type(instance), instance.pk, expected_version)
        instance.version = current.version + 1
    for name in ("name", "position", "classification"):
        if hasattr(instance, name):
            setattr(instance, name, normalize_line(getattr(instance, name)))
    for name in ("limitation", "result", "description", "roadmap"):
        if hasattr(instance, name):
            setattr(instance, name, normalize_text(getattr(instance, name)))
    instance.full_clean()
    record_as(instance, by)
    instance.save()
    return instance
