"""The cell-meeting register (seed 004): each figure at its home and at its edges — a meeting
on the month's last day, the exempted not expected, 89.9 % against 90 %, the lock date of
a meeting after the 15th, committee members matched to their cells by name."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from consolidation.access import meeting_edit_refusal, meeting_lock_date
from consolidation.models import CellMeeting, MonthFigures, QuarterRecord
from consolidation.selectors.meetings import (
    KEPT,
    LOW,
    MISSING,
    PENDING,
    committee_duties,
    expected_members,
    meeting_grid,
    month_state,
    quarter_attendance,
    quarter_records,
    regime_condition,
    silent_cells,
)
from consolidation.services import meetings as meeting_services
from organizations.models import CommitteeMember, MemberFigure, Unit
from tests.consolidation.test_quarterly import at
from tests.factories import UnitFactory

D = datetime.date


def meeting(unit, day, *, present=9, expected=10, regular=True, thematic=False, **extra):
    return CellMeeting.objects.create(
        unit=unit,
        held_on=day,
        regular=regular,
        thematic=thematic,
        topic="Chuyên đề" if thematic else "",
        expected=expected,
        present=present,
        **extra,
    )


def record(unit, year, number, today):
    return quarter_records([unit], year, number, today)[unit.pk]


# --- months and quarters ---------------------------------------------------------------------


def test_a_meeting_on_the_months_last_day_keeps_that_month_and_not_the_next(unit):
    meeting(unit, D(2026, 7, 31))
    meeting(unit, D(2026, 9, 1), thematic=True)

    q3 = record(unit, 2026, 3, today=D(2026, 10, 5))

    kept = {key: figures.kept for key, figures in q3.months}
    assert kept == {(2026, 7): True, (2026, 8): False, (2026, 9): True}
    assert q3.missed_months == [(2026, 8)]
    assert not q3.regime_kept


def test_the_regime_needs_every_month_and_the_quarters_thematic_meeting(unit):
    for month in (7, 8, 9):
        meeting(unit, D(2026, month, 5))
    assert not record(unit, 2026, 3, today=D(2026, 10, 1)).regime_kept  # no thematic

    meeting(unit, D(2026, 9, 30), regular=False, thematic=True)
    assert record(unit, 2026, 3, today=D(2026, 10, 1)).regime_kept
    # a quarter still running is not judged kept, whatever its months so far
    assert not record(unit, 2026, 3, today=D(2026, 9, 30)).regime_kept


def test_the_regime_as_a_query_agrees_with_the_record_in_memory(ward):
    cells = [UnitFactory(parent=ward) for _ in range(6)]
    plans = [
        [7, 8, 9],  # regular each month, no thematic
        [7, 8, 9],  # + thematic
        [7, 9],  # a month missed
        [],
        [7, 8, 9],  # thematic counted only as a thematic meeting on 30/09
        [7, 8, 10],  # the third month held after the quarter
    ]
    for cell, months in zip(cells, plans, strict=True):
        for m in months:
            meeting(cell, D(2026, m, 1 if m != 9 else 30))
    for cell in (cells[1], cells[4]):
        meeting(cell, D(2026, 9, 30), regular=False, thematic=True)

    in_memory = {
        pk: r.regime_kept for pk, r in quarter_records(cells, 2026, 3, today=D(2026, 10, 1)).items()
    }
    in_sql = set(
        Unit.objects.filter(pk__in=[c.pk for c in cells])
        .filter(regime_condition(2026, 3))
        .values_list("pk", flat=True)
    )
    assert {pk for pk, kept in in_memory.items() if kept} == in_sql == {cells[1].pk, cells[4].pk}


@pytest.mark.parametrize(
    ("present", "expected", "state"),
    [(900, 1000, KEPT), (899, 1000, LOW), (0, 0, KEPT)],  # 90 % kept, 89.9 % low
)
def test_a_months_square_marks_attendance_under_90_percent(present, expected, state):
    figures = MonthFigures(regular_count=1, present_sum=present, expected_sum=expected)
    assert month_state((2026, 7), figures, D(2026, 12, 1)) == state


def test_a_month_with_no_meeting_is_missing_once_over_and_pending_while_it_runs():
    empty = MonthFigures()
    assert month_state((2026, 7), empty, D(2026, 7, 31)) == PENDING  # its last day
    assert month_state((2026, 7), empty, D(2026, 8, 1)) == MISSING  # the next morning


def test_quarter_attendance_counts_regular_meetings_only(ward, unit):
    meeting(unit, D(2026, 7, 5), present=899, expected=1000)
    meeting(unit, D(2026, 8, 5), regular=False, thematic=True, present=1, expected=1000)
    attendance = quarter_attendance(Unit.objects.filter(pk=unit.pk), 2026, 3)

    assert (attendance.present, attendance.expected) == (899, 1000)
    assert attendance.rate < 0.9
    rec = record(unit, 2026, 3, today=D(2026, 10, 1))
    assert rec.rate == attendance.rate  # the record's rate is the same rule for one cell


# --- who is expected ------------------------------------------------------------------------


def test_the_exempted_are_not_expected_and_the_figures_in_force_that_day_count(unit):
    MemberFigure.objects.create(unit=unit, as_of=D(2026, 1, 1), members=40, exempted=6)
    MemberFigure.objects.create(unit=unit, as_of=D(2026, 7, 1), members=42, exempted=7)

    assert expected_members(unit, D(2025, 12, 31)) is None
    assert expected_members(unit, D(2026, 6, 30)) == 34
    assert expected_members(unit, D(2026, 7, 1)) == 35


# --- what is refused, in words ----------------------------------------------------------------


def clean(unit, **fields):
    values = {"held_on": D(2026, 7, 5), "expected": 10, "present": 9, **fields}
    CellMeeting(unit=unit, **values).full_clean()


def test_more_present_than_expected_is_refused_on_the_field(unit):
    with pytest.raises(ValidationError) as refused:
        clean(unit, present=11)
    assert (
        "Số có mặt (11) lớn hơn số đảng viên phải dự (10)"
        in refused.value.message_dict["present"][0]
    )


def test_more_absent_with_reason_than_absent_is_refused(unit):
    with pytest.raises(ValidationError) as refused:
        clean(unit, present=8, absent_with_reason=3)
    assert "(2 = 10 phải dự − 8 có mặt)" in refused.value.message_dict["absent_with_reason"][0]


def test_a_thematic_meeting_needs_its_topic_and_a_meeting_a_kind(unit):
    with pytest.raises(ValidationError) as refused:
        clean(unit, regular=False, thematic=True, topic="  ")
    assert "topic" in refused.value.message_dict
    with pytest.raises(ValidationError) as refused:
        clean(unit, regular=False, thematic=False)
    assert "regular" in refused.value.message_dict


def test_a_meeting_dated_after_today_is_refused(unit):
    with at("05/12/2026"):
        clean(unit, held_on=D(2026, 12, 5))
        with pytest.raises(ValidationError) as refused:
            clean(unit, held_on=D(2026, 12, 6))
    assert "held_on" in refused.value.message_dict


def test_a_second_regular_meeting_in_a_month_needs_its_reason(unit):
    meeting(unit, D(2026, 7, 3))
    with pytest.raises(ValidationError) as refused:
        clean(unit, held_on=D(2026, 7, 31))
    assert "03/07/2026" in refused.value.message_dict["second_reason"][0]
    clean(unit, held_on=D(2026, 7, 31), second_reason="Họp bất thường về giải phóng mặt bằng")
    clean(unit, held_on=D(2026, 8, 1))  # the next month is another month
    clean(unit, held_on=D(2026, 7, 20), regular=False, thematic=True, topic="Chuyên đề")


def test_only_a_cell_holds_cell_meetings(ward):
    committee = UnitFactory(parent=ward, kind="base_committee")
    with pytest.raises(ValidationError) as refused:
        clean(committee)
    assert "chi bộ" in refused.value.message_dict["unit"][0]


# --- who may record, until when ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("held_on", "lock"),
    [
        (D(2026, 3, 15), D(2026, 3, 15)),  # on its quarter's lock date: that quarter
        (D(2026, 3, 16), D(2026, 6, 15)),  # the day after: reported with the next quarter
        (D(2026, 12, 31), D(2027, 3, 15)),  # across the year's end
    ],
)
def test_a_meeting_falls_under_the_lock_date_of_the_quarter_it_is_reported_with(
    ward, held_on, lock
):
    assert meeting_lock_date(ward, held_on) == lock


def test_a_secretary_records_until_the_lock_date_and_the_board_after(ward, secretary, board_user):
    assert meeting_edit_refusal(secretary, ward, D(2026, 3, 10), D(2026, 3, 15)) is None
    refusal = meeting_edit_refusal(secretary, ward, D(2026, 3, 10), D(2026, 3, 16))
    assert refusal and "15/03/2026" in refusal
    assert meeting_edit_refusal(board_user, ward, D(2026, 3, 10), D(2027, 1, 1)) is None


def test_other_roles_do_not_record_meetings(ward, standing_user, inspection_user):
    for user in (standing_user, inspection_user):
        assert meeting_edit_refusal(user, ward, None, D(2026, 7, 1))


def test_the_service_refuses_a_secretary_moving_a_locked_meeting(unit, secretary):
    with at("01/03/2026"):
        saved = meeting_services.meeting_save(
            meeting=CellMeeting(unit=unit, held_on=D(2026, 2, 27), expected=10, present=9),
            attended=[],
            uploads=[],
            by=secretary,
        )
    with at("20/03/2026"), pytest.raises(PermissionDenied):
        saved.held_on = D(2026, 3, 18)  # the new date is open, the old one locked
        meeting_services.meeting_save(
            meeting=saved, attended=[], uploads=[], by=secretary, expected_version=saved.version
        )


# --- committee members ------------------------------------------------------------------------


def test_each_committee_member_attends_the_cells_in_their_charge(ward):
    a = UnitFactory(parent=ward, committee_member="Phạm Thị Minh Nguyệt")
    b = UnitFactory(parent=ward, committee_member="pham thi minh nguyet")  # typed loosely
    c = UnitFactory(parent=ward, committee_member="Người ngoài danh sách")
    member = CommitteeMember.objects.create(ward=ward, name="Phạm Thị Minh Nguyệt")
    standing = CommitteeMember.objects.create(ward=ward, name="Trần Văn Minh", standing=True)
    seen = meeting(a, D(2026, 7, 5))
    seen.attended_by.add(member)
    meeting(c, D(2026, 9, 30)).attended_by.add(standing)
    meeting(b, D(2026, 10, 1)).attended_by.add(member)  # the next quarter

    duties = {d.member.name: d for d in committee_duties(ward, Unit.objects.all(), 2026, 3)}

    nguyet, minh = duties["Phạm Thị Minh Nguyệt"], duties["Trần Văn Minh"]
    assert {u.pk for u in nguyet.in_charge} == {a.pk, b.pk}  # c's name is nobody's
    assert [u.pk for u in nguyet.missed] == [b.pk] and not nguyet.charge_kept
    assert nguyet.attended_in_charge == 1
    assert minh.rotation_kept and minh.in_charge == []


# --- the grid and the warnings ----------------------------------------------------------------


def test_the_grid_makes_one_query_for_a_page_of_cells(ward, django_assert_num_queries):
    cells = [UnitFactory(parent=ward) for _ in range(5)]
    for cell in cells:
        for month in range(1, 12):
            meeting(cell, D(2026, month, 3))
    with django_assert_num_queries(1):
        rows = meeting_grid(cells, 2026, D(2026, 12, 5))
    assert [s.state for s in rows[0].months][-2:] == [KEPT, PENDING]
    assert rows[0].columns[3] is rows[0].quarters[0]


def test_a_cell_silent_for_the_last_two_months_is_found(ward):
    silent, spoke = UnitFactory(parent=ward), UnitFactory(parent=ward)
    meeting(silent, D(2026, 9, 30))
    meeting(spoke, D(2026, 10, 31))

    found = set(silent_cells(Unit.objects.all(), D(2026, 12, 1)).values_list("pk", flat=True))
    assert found == {silent.pk}
    later = set(silent_cells(Unit.objects.all(), D(2027, 1, 1)).values_list("pk", flat=True))
    assert later == {silent.pk, spoke.pk}  # November and December passed without


def test_quarter_record_sums_months():
    months = [
        ((2026, 7), MonthFigures(1, 0, 9, 10)),
        ((2026, 8), MonthFigures(1, 1, 8, 10)),
        ((2026, 9), MonthFigures(2, 0, 20, 20)),
    ]
    rec = QuarterRecord(months, D(2026, 10, 1))
    assert (rec.present, rec.expected) == (37, 40) and rec.regime_kept


def test_every_field_at_fault_is_named_at_once(unit):
    meeting(unit, D(2026, 12, 1))
    with at("05/12/2026"), pytest.raises(ValidationError) as refused:
        clean(unit, held_on=D(2026, 12, 7), present=11)
    assert set(refused.value.message_dict) == {"present", "held_on", "second_reason"}
