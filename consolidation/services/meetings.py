"""Writes of the cell-meeting register, the ward committee's members and the cells' annual
thematic plans."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from organizations.concurrency import lock_current
from organizations.history import record_as
from organizations.models import CommitteeMember, Unit
from organizations.selectors import ward_of_unit
from organizations.text import normalize_line, normalize_text
from organizations.types import Actor

from ..access import meeting_edit_refusal, require_keeper
from ..files import store
from ..models import CellMeeting, MeetingMinutes, ThematicPlan

NO_WARD = "Chi bộ này không thuộc đảng bộ phường nào."


def _ward(unit: Unit) -> Unit:
    ward = ward_of_unit(unit)
    if ward is None:
        raise ValidationError({"unit": NO_WARD})
    return ward


@transaction.atomic
def meeting_save(
    *,
    meeting: CellMeeting,
    attended: list[CommitteeMember],
    uploads: list,
    by: Actor,
    expected_version: int | None = None,
) -> CellMeeting:
    """Record a meeting, or correct one (its form validated the fields), as `by`: the Board
    always, the cell's secretary until the meeting's lock date (for the date it had and the
    date it gets). EditConflict when saved since `expected_version`; the minutes files are
    kept once each."""
    ward = _ward(meeting.unit)
    today = timezone.localdate()
    dates = [meeting.held_on]
    if meeting.pk is not None:
        current = lock_current(CellMeeting, meeting.pk, expected_version)
        dates.append(current.held_on)
        meeting.version = current.version + 1
    for day in dates:
        refusal = meeting_edit_refusal(by, ward, day, today)
        if refusal:
            raise PermissionDenied(refusal)
    meeting.topic = normalize_line(meeting.topic)
    meeting.second_reason = normalize_line(meeting.second_reason)
    meeting.absent_names = normalize_text(meeting.absent_names)
    meeting.notes = normalize_text(meeting.notes)
    if meeting.recorded_by_id is None:
        meeting.recorded_by = by
    meeting.full_clean()
    record_as(meeting, by)
    meeting.save()
    meeting.attended_by.set([m for m in attended if m.ward_id == ward.pk])
    store(MeetingMinutes, owner_field="meeting", owner=meeting, uploads=uploads, by=by)
    return meeting


@transaction.atomic
def thematic_plan_save(*, unit: Unit, year: int, topics: dict[int, str], by: Actor) -> None:
    """A cell's planned thematic topics for the year, by quarter (an empty topic removes the
    quarter's plan). The cell's secretary or the Board."""
    refusal = meeting_edit_refusal(by, _ward(unit), None, timezone.localdate())
    if refusal:
        raise PermissionDenied(refusal)
    for quarter, topic in topics.items():
        text = normalize_line(topic)
        existing = ThematicPlan.objects.filter(unit=unit, year=year, quarter=quarter).first()
        if not text:
            if existing is not None:
                record_as(existing, by)
                existing.delete()
            continue
        plan = existing or ThematicPlan(unit=unit, year=year, quarter=quarter)
        plan.topic = text
        plan.full_clean()
        record_as(plan, by)
        plan.save()


@transaction.atomic
def committee_member_save(*, member: CommitteeMember, by: Actor) -> CommitteeMember:
    """A member of the ward committee, added or changed by the Board."""
    require_keeper(by, "ghi danh sách đảng ủy viên")
    member.name = normalize_line(member.name)
    member.position = normalize_line(member.position)
    member.full_clean()
    record_as(member, by)
    member.save()
    return member
