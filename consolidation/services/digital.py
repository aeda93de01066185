"""Writes of the checklist of IT use: the Board records, unit by unit, which items are in
place (seed 000, III.2)."""

import datetime

from django.db import transaction

from organizations.history import record_as
from organizations.models import Unit
from organizations.types import Actor

from ..access import require_keeper
from ..models import DigitalCheck, DigitalItem


@transaction.atomic
def digital_checks_save(
    *, unit: Unit, done: set[int], day: datetime.date, by: Actor
) -> list[DigitalCheck]:
    """The unit's checklist as the Board found it on `day`: each active item done or not.
    An item whose answer did not change keeps its earlier date."""
    require_keeper(by, "ghi kết quả chuyển đổi số")
    saved = []
    existing = {c.item_id: c for c in DigitalCheck.objects.filter(unit=unit)}
    for item in DigitalItem.objects.filter(active=True):
        check = existing.get(item.pk) or DigitalCheck(unit=unit, item=item, checked_on=day)
        value = item.pk in done
        if check.pk is not None and check.done == value:
            continue
        check.done, check.checked_on, check.checked_by = value, day, by
        check.full_clean()
        record_as(check, by)
        check.save()
        saved.append(check)
    return saved


@transaction.atomic
def digital_item_save(*, item: DigitalItem, by: Actor) -> DigitalItem:
    require_keeper(by, "sửa danh mục chuyển đổi số")
    item.full_clean()
    record_as(item, by)
    item.save()
    return item
