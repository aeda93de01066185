"""The registers of cadres and complex cases, and a case file's milestones, timeline and
letters."""

from typing import TypeVar

from django.db import transaction

from organizations.concurrency import lock_current
from organizations.history import record_as
from organizations.text import normalize_line, normalize_text
from organizations.types import Actor

from ..access import require_register_editor
from ..files import store
from ..models import Cadre, CaseEntry, CaseFile, CaseLetter, CaseMilestone, ComplexCase
from ..notifications import urgent_case_notice

Entry = TypeVar("Entry", Cadre, ComplexCase)


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
    was_urgent = (
        isinstance(instance, ComplexCase)
        and instance.pk is not None
        and ComplexCase.objects.filter(pk=instance.pk, urgent=True).exists()
    )
    record_as(instance, by)
    instance.save()
    if isinstance(instance, ComplexCase) and instance.urgent and not was_urgent:
        # Seed 000, "Chế độ thông tin": an urgent case is reported at once.
        transaction.on_commit(lambda: urgent_case_notice(instance.pk))
    return instance


def _require_case_keeper(case: ComplexCase, by: Actor) -> None:
    require_register_editor(by, "case")


@transaction.atomic
def milestone_save(*, milestone: CaseMilestone, by: Actor) -> CaseMilestone:
    """A milestone of a case's roadmap, added or marked done."""
    _require_case_keeper(milestone.case, by)
    milestone.title = normalize_line(milestone.title)
    milestone.full_clean()
    record_as(milestone, by)
    milestone.save()
    return milestone


@transaction.atomic
def case_entry_add(*, entry: CaseEntry, uploads: list, by: Actor) -> CaseEntry:
    """What happened in a case, with its files (each kept once)."""
    _require_case_keeper(entry.case, by)
    entry.text = normalize_text(entry.text)
    entry.by = by
    entry.full_clean()
    record_as(entry, by)
    entry.save()
    store(CaseFile, owner_field="entry", owner=entry, uploads=uploads, by=by)
    return entry


@transaction.atomic
def letter_save(*, letter: CaseLetter, by: Actor) -> CaseLetter:
    _require_case_keeper(letter.case, by)
    for name in ("sender_name", "sent_to"):
        setattr(letter, name, normalize_line(getattr(letter, name)))
    letter.content = normalize_text(letter.content)
    letter.full_clean()
    record_as(letter, by)
    letter.save()
    return letter
