"""The registers of limited cadres and complex cases."""

from django.db import transaction

from organizations.text import normalize_line, normalize_text


@transaction.atomic
def register_save(*, instance, by):
    """Save a cadre or a complex case (its form validated it)."""
    for name in ("name", "position", "classification"):
        if hasattr(instance, name):
            setattr(instance, name, normalize_line(getattr(instance, name)))
    for name in ("limitation", "result", "description", "roadmap"):
        if hasattr(instance, name):
            setattr(instance, name, normalize_text(getattr(instance, name)))
    instance.full_clean()
    instance.save()
    return instance
