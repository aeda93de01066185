"""The targets kept by the registers (seed 000, III.2: cell meetings, key cadres evaluated by
product, IT use; seed 004: attendance ≥ 90 %): each card counts what its list marks, at the
edges, and Phụ lục 2 reports the same figures."""

import datetime

import pytest

from consolidation.models import Cadre, CellMeeting, DigitalCheck, DigitalItem, KeyRole
from consolidation.services import cadres as cadre_services
from consolidation.services import digital as digital_services
from organizations.models import Unit
from reporting.appendices.appendix2 import appendix2
from reporting.dashboard.scope import scope_for
from reporting.dashboard.target_lists import target_rows
from reporting.dashboard.targets import AT_RISK, MET, MISSED, NO_DATA, targets
from reporting.dashboard.warnings import early_warnings
from tests.factories import UnitFactory

D = datetime.date
TODAY = D(2026, 12, 5)  # the last quarter over: Quý III/2026


def by_key(user, ward):
    scope = scope_for(user, ward)
    from consolidation.selectors.quarterly import current_quarter

    return {t.key: t for t in targets(user, scope, TODAY, None, None, current_quarter(ward, TODAY))}


def meet(cell, month, present, expected=10, *, thematic=False):
    CellMeeting.objects.create(
        unit=cell,
        held_on=D(2026, month, 10),
        regular=True,
        thematic=thematic,
        topic="Chuyên đề" if thematic else "",
        present=present,
        expected=expected,
    )


@pytest.fixture
def cells(ward):
    """Three cells in Quý III/2026: one keeps the regime, one misses September, one holds
    no thematic meeting."""
    kept, gap, plain = (UnitFactory(parent=ward) for _ in range(3))
    for month in (7, 8, 9):
        meet(kept, month, 9, thematic=month == 8)
        if month != 9:
            meet(gap, month, 9, thematic=month == 8)
        meet(plain, month, 9)
    return kept, gap, plain


def test_the_meeting_target_counts_the_cells_its_list_marks(ward, board_user, cells):
    card = by_key(board_user, ward)["meetings"]
    listed = target_rows(board_user, scope_for(board_user, ward), "meetings", TODAY)

    assert (card.numerator, card.denominator) == (1, 3)
    assert card.status == MISSED and "Quý III/2026" in card.note
    counted = [row.unit for row in listed.rows if row.counts]
    assert counted == [cells[0]] and len(listed.rows) == 3


# 89.9 % is short of the goal but within the ten points of "at risk" (targets.light).
@pytest.mark.parametrize(("present", "status"), [(900, MET), (899, AT_RISK), (799, MISSED)])
def test_attendance_meets_the_goal_from_90_percent(ward, board_user, present, status):
    cell = UnitFactory(parent=ward)
    meet(cell, 7, present, 1000)
    card = by_key(board_user, ward)["attendance"]
    listed = target_rows(board_user, scope_for(board_user, ward), "attendance", TODAY)

    assert (card.numerator, card.denominator) == (present, 1000)
    assert card.status == status
    assert listed.rows[0].counts == (status == MET)


def test_without_any_meeting_recorded_the_meeting_cards_say_no_data(ward, board_user, unit):
    found = by_key(board_user, ward)
    assert found["meetings"].status == NO_DATA and found["attendance"].status == NO_DATA
    assert not [
        w
        for w in early_warnings(board_user, scope_for(board_user, ward), TODAY)
        if any(r.kind == "silent" for r in w.reasons)
    ]


def test_the_evaluation_target_and_its_list_agree(ward, unit, board_user):
    first = Cadre.objects.create(unit=unit, name="A", position="Bí thư", key_role=KeyRole.SECRETARY)
    second = Cadre.objects.create(unit=unit, name="B", position="Phó", key_role=KeyRole.DEPUTY)
    Cadre.objects.create(unit=unit, name="C", position="Cán bộ", limitation="Hạn chế")  # not key
    cadre_services.evaluations_save(
        rows=[
            cadre_services.EvaluationInput(first, 1, ["20"] * 4, "Nghị quyết"),
            cadre_services.EvaluationInput(second, 2, ["20"] * 4, ""),
        ],
        year=2026,
        quarter=3,
        by=board_user,
    )
    card = by_key(board_user, ward)["evaluations"]
    listed = target_rows(board_user, scope_for(board_user, ward), "evaluations", TODAY)

    assert (card.numerator, card.denominator) == (1, 2)
    assert [(row.cells[0].split(",")[0], row.counts) for row in listed.rows] == [
        ("A", True),
        ("B", False),
    ]


def test_the_it_target_counts_grassroots_units_with_every_required_item(
    ward, unit, other_unit, board_user
):
    sub_committee = UnitFactory(parent=ward, kind="base_committee")
    UnitFactory(parent=sub_committee)  # a sub-cell: not a TCCSĐ of its own
    required = set(DigitalItem.objects.filter(required=True).values_list("pk", flat=True))
    digital_services.digital_checks_save(unit=unit, done=required, day=TODAY, by=board_user)
    digital_services.digital_checks_save(
        unit=other_unit, done=set(list(required)[:-1]), day=TODAY, by=board_user
    )
    card = by_key(board_user, ward)["digital"]
    listed = target_rows(board_user, scope_for(board_user, ward), "digital", TODAY)

    assert (card.numerator, card.denominator) == (1, 3)
    assert {row.unit.pk: row.counts for row in listed.rows} == {
        unit.pk: True,
        other_unit.pk: False,
        sub_committee.pk: False,
    }
    assert (
        DigitalCheck.objects.filter(unit=other_unit, done=False).count()
        == len(DigitalItem.objects.filter(active=True)) - len(required) + 1
    )


def test_a_retired_item_no_longer_counts(ward, unit, board_user):
    items = list(DigitalItem.objects.filter(required=True))
    digital_services.digital_checks_save(
        unit=unit, done={i.pk for i in items[1:]}, day=TODAY, by=board_user
    )
    assert by_key(board_user, ward)["digital"].numerator == 0
    items[0].active = False
    items[0].save()
    assert by_key(board_user, ward)["digital"].numerator == 1


def test_phu_luc_2_reports_the_same_figures(ward, board_user, cells):
    from consolidation.services import quarterly as quarterly_services

    q4 = quarterly_services.quarter_ensure(ward, 2026, 4)
    document = appendix2(user=board_user, ward=ward, quarter=q4, today=TODAY)
    table = next(t for t in document.tables if t.key == "III.3")
    card = by_key(board_user, ward)

    assert table.rows[0][1] == f"{card['meetings'].numerator}/{card['meetings'].denominator} (33 %)"
    assert "Quý III/2026" in table.rows[0][0]
    assert table.rows[1][1].startswith(f"{card['attendance'].numerator}/")


def test_the_three_new_warnings(ward, board_user):
    silent = UnitFactory(parent=ward)
    low = UnitFactory(parent=ward)
    CellMeeting.objects.create(unit=silent, held_on=D(2026, 9, 10), expected=10, present=10)
    for month in (7, 8, 9, 10, 11):
        CellMeeting.objects.create(unit=low, held_on=D(2026, month, 10), expected=10, present=7)
    cadre = Cadre.objects.create(unit=low, name="Trần Thị Hồng", position="Phó", key_role="deputy")
    for quarter in (2, 3):
        cadre_services.evaluations_save(
            rows=[cadre_services.EvaluationInput(cadre, 1, ["10"] * 4, "x")],
            year=2026,
            quarter=quarter,
            by=board_user,
        )

    found = {
        w.unit.pk: {r.kind for r in w.reasons}
        for w in early_warnings(board_user, scope_for(board_user, ward), TODAY)
    }
    assert found[silent.pk] == {"silent"}
    assert found[low.pk] == {"attendance", "cadre"}
    assert Unit.objects.filter(pk__in=found).count() == 2
