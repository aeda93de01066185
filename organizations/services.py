"""Writes to the registry."""

from django.db import transaction

from .models import PATH_STEP, Unit


def _segment(pk: int) -> str:
    return f"{pk:0{PATH_STEP}d}."


@transaction.atomic
def unit_create(*, code: str, name: str, parent: Unit | None = None, **fields) -> Unit:
    """Create a unit under `parent` (None: a new root) and give it its path."""
    unit = Unit(code=code, name=name, parent=parent, **fields)
    unit.path = "pending"
    unit.depth = parent.depth + 1 if parent else 0
    unit.full_clean(exclude=["path"])
    unit.save()
    unit.path = (parent.path if parent else "") + _segment(unit.pk)
    Unit.objects.filter(pk=unit.pk).update(path=unit.path)
    return unit
