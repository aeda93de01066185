"""Each rule a figure depends on, tested at its one home and at its edges; where a page needs
it in memory too, the twin is proved to agree with the query on the same data."""

import datetime
import zoneinfo

import pytest
from django.db.models import Q

from consolidation.models import (
    POINTS_BY_KEY,
    SIX_POINT_FIELDS,
    SIX_POINTS,
    Cadre,
    CadreAction,
    CaseMilestone,
    ComplexCase,
    Evaluation,
    Plan,
    PlanStatus,
    Quarter,
    QuarterlyUpdate,
    ReviewRound,
    Task,
    TaskStatus,
    default_deadlines,
    display_value,
    late_condition,
    overdue_condition,
    past_end_condition,
    quarter_key,
    twelve_months_before,
)
from tests.factories import UnitFactory
from tests.helpers import make_plan

HANOI = zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")


def _quarter(ward, year=2026, number=4, **deadlines):
    return Quarter.objects.create(
        ward=ward,
        year=year,
        number=number,
        unit_deadline=deadlines.get("unit_deadline", datetime.date(year, 3 * number, 10)),
        ward_deadline=datetime.date(year, 3 * number, 15),
        lock_date=datetime.date(year, 3 * number, 15),
    )


# --- quarters and their deadlines -----------------------------------------------------------


@pytest.mark.parametrize("month", range(1, 13))
def test_each_month_falls_in_its_quarter_on_its_first_and_last_day(month):
    first = datetime.date(2026, month, 1)
    last = (first + datetime.timedelta(days=32)).replace(day=1) - datetime.timedelta(days=1)

    number = [1, 1, 1, 2, 2, 2, 3, 3, 3, 4, 4, 4][month - 1]

    assert quarter_key(first) == quarter_key(last) == (2026, number)


@pytest.mark.parametrize("number", [1, 2, 3, 4])
def test_the_seeds_deadlines_fall_in_the_quarters_last_month(ward, number):
    month = 3 * number
    expected = (
        datetime.date(2026, month, 10),
        datetime.date(2026, month, 15),
        datetime.date(2026, month, 15),
    )

    assert default_deadlines(2026, number) == expected
    quarter = Quarter.default(ward, 2026, number)
    assert (quarter.ward, quarter.year, quarter.number) == (ward, 2026, number)
    assert (quarter.unit_deadline, quarter.ward_deadline, quarter.lock_date) == expected
    assert quarter.pk is None


def test_a_quarter_locks_the_day_after_its_lock_date(ward):
    quarter = _quarter(ward)

    assert quarter.is_locked_on(datetime.date(2026, 12, 15)) is False
    assert quarter.is_locked_on(datetime.date(2026, 12, 16)) is True


# --- on time: Quarter.is_on_time and QuarterlyUpdate.objects.sent(on_time=True) ----------------

EDGES = [
    (datetime.datetime(2026, 12, 10, 23, 59, 59, tzinfo=HANOI), True),  # the deadline's last second
    (datetime.datetime(2026, 12, 11, 0, 0, 0, tzinfo=HANOI), False),  # the next day's first
    (datetime.datetime(2026, 12, 10, 16, 59, tzinfo=datetime.UTC), True),  # 23:59 in Hà Nội
    (datetime.datetime(2026, 12, 10, 17, 0, tzinfo=datetime.UTC), False),  # 00:00 on the 11th
    (datetime.datetime(2026, 12, 1, 8, 0, tzinfo=HANOI), True),
]


@pytest.mark.parametrize("moment,on_time", EDGES)
def test_a_report_is_on_time_until_the_end_of_the_deadline_day_in_local_time(ward, moment, on_time):
    assert _quarter(ward).is_on_time(moment) is on_time


def test_the_on_time_query_and_its_in_memory_twin_agree_at_the_edges(ward, unit):
    quarter = _quarter(ward)
    updates = []
    for index, (moment, _) in enumerate(EDGES):
        plan = make_plan(UnitFactory(parent=ward), contents=f"{index}")
        updates.append(
            QuarterlyUpdate.objects.create(
                plan=plan, quarter=quarter, state="submitted", first_submitted_at=moment
            )
        )
    never = QuarterlyUpdate.objects.create(plan=make_plan(unit), quarter=quarter)

    by_query = set(QuarterlyUpdate.objects.sent(on_time=True))
    in_memory = {u for u in QuarterlyUpdate.objects.all() if u.submitted_on_time}

    assert by_query == in_memory
    assert by_query == {u for u, (_, on_time) in zip(updates, EDGES, strict=True) if on_time}
    assert set(QuarterlyUpdate.objects.sent()) == set(updates)
    assert never.submitted_on_time is None


def test_lateness_stays_with_the_first_submission_after_a_return(ward, unit):
    quarter = _quarter(ward)
    update = QuarterlyUpdate.objects.create(
        plan=make_plan(unit),
        quarter=quarter,
        state="submitted",
        first_submitted_at=datetime.datetime(2026, 12, 9, 9, 0, tzinfo=HANOI),
        submitted_at=datetime.datetime(2026, 12, 20, 9, 0, tzinfo=HANOI),  # sent again, later
    )

    assert update.submitted_on_time is True
    assert list(QuarterlyUpdate.objects.sent(on_time=True)) == [update]


# --- expected to report: Plan.reports_in and Plan.objects.expected_in --------------------------


@pytest.mark.parametrize(
    "started_on,recognized_on,expected",
    [
        (datetime.date(2026, 12, 31), None, True),  # started on the quarter's last day
        (datetime.date(2027, 1, 1), None, False),  # the next day
        (datetime.date(2026, 5, 1), datetime.date(2026, 10, 1), True),  # recognized on its first
        (datetime.date(2026, 5, 1), datetime.date(2026, 9, 30), False),  # the day before
    ],
)
def test_a_plan_reports_in_a_quarter_from_its_start_until_its_recognition(
    ward, unit, started_on, recognized_on, expected
):
    quarter = _quarter(ward)
    recognition = {"status": PlanStatus.RECOGNIZED, "recognized_on": recognized_on}
    plan = make_plan(
        unit,
        started_on=started_on,
        expected_end=started_on + datetime.timedelta(days=300),
        recognition_number="1-QĐ/ĐU" if recognized_on else "",
        **(recognition if recognized_on else {}),
    )

    assert plan.reports_in(quarter) is expected
    assert Plan.objects.expected_in(quarter).filter(pk=plan.pk).exists() is expected


def test_expected_in_several_quarters_is_expected_in_any_of_them(ward, unit):
    q3, q4 = _quarter(ward, number=3), _quarter(ward, number=4)
    plan = make_plan(unit, started_on=datetime.date(2026, 11, 1))

    assert list(Plan.objects.expected_in(q3, q4)) == [plan]
    assert list(Plan.objects.expected_in(q3)) == []


# --- overdue: Task.is_overdue_on and overdue_condition ------------------------------------------


def test_the_overdue_query_and_its_twin_agree_on_every_status_and_the_deadline_edge(ward, unit):
    plan = make_plan(unit)
    group = plan.groups.model.objects.get(number=1)
    day = datetime.date(2026, 12, 2)
    for status in TaskStatus.values:
        for deadline in (day - datetime.timedelta(days=1), day, None):
            Task.objects.create(
                plan=plan,
                group=group,
                what=f"{status} {deadline}",
                status=status,
                deadline=deadline,
                cancel_reason="x" if status == TaskStatus.CANCELLED else "",
            )

    by_query = set(Task.objects.overdue_on(day))
    in_memory = {t for t in Task.objects.all() if t.is_overdue_on(day)}

    assert by_query == in_memory
    assert {(t.status, t.deadline) for t in by_query} == {
        ("not_started", datetime.date(2026, 12, 1)),
        ("in_progress", datetime.date(2026, 12, 1)),
    }
    assert set(Task.objects.filter(overdue_condition(day))) == by_query


# --- late: behind its phase, past its end, a task overdue ---------------------------------------


def _round(ward, phase2=datetime.date(2026, 6, 1)):
    return ReviewRound.objects.create(
        ward=ward,
        name="Đợt 1",
        period="04–05/2026",
        starts_on=datetime.date(2026, 4, 1),
        ends_on=datetime.date(2026, 5, 31),
        phase2_starts_on=phase2,
        phase3_starts_on=datetime.date(2026, 10, 1),
        phase3_ends_on=datetime.date(2026, 12, 31),
    )


NEVER, ALWAYS = Q(pk__in=[]), ~Q(pk__in=[])


def _late(plan, today, overdue=False):
    condition = late_condition(today, overdue=ALWAYS if overdue else NEVER)
    return Plan.objects.filter(condition, pk=plan.pk).exists()


@pytest.mark.parametrize(
    "status,today,late",
    [
        (PlanStatus.DRAFTING, datetime.date(2026, 5, 31), False),  # phase 2 starts tomorrow
        (PlanStatus.DRAFTING, datetime.date(2026, 6, 1), True),  # phase 2's first day
        (PlanStatus.SUBMITTED, datetime.date(2026, 6, 1), True),
        (PlanStatus.APPROVED, datetime.date(2026, 6, 1), False),
    ],
)
def test_a_plan_not_approved_when_phase_2_starts_is_late(ward, unit, status, today, late):
    plan = make_plan(unit, status=status, expected_end=datetime.date(2027, 1, 1))
    Plan.objects.filter(pk=plan.pk).update(round=_round(ward))

    assert _late(plan, today) is late


@pytest.mark.parametrize(
    "today,late", [(datetime.date(2026, 12, 31), False), (datetime.date(2027, 1, 1), True)]
)
def test_a_plan_past_its_expected_end_is_late_until_recognized(ward, unit, today, late):
    plan = make_plan(unit, expected_end=datetime.date(2026, 12, 31))

    assert _late(plan, today) is late
    Plan.objects.filter(pk=plan.pk).update(
        status=PlanStatus.RECOGNIZED, recognition_number="1-QĐ/ĐU", recognized_on=today
    )
    assert _late(plan, today) is False


def test_a_recognized_plan_is_neither_past_its_end_nor_late_even_with_an_overdue_task(ward, unit):
    plan = make_plan(
        unit,
        expected_end=datetime.date(2026, 12, 31),
        status=PlanStatus.RECOGNIZED,
        recognition_number="1-QĐ/ĐU",
        recognized_on=datetime.date(2026, 12, 1),
    )
    today = datetime.date(2027, 1, 1)

    assert not Plan.objects.filter(past_end_condition(today), pk=plan.pk).exists()
    assert _late(plan, today, overdue=True) is False


def test_an_overdue_task_makes_a_plan_late(ward, unit):
    plan = make_plan(unit, expected_end=datetime.date(2027, 1, 1))

    assert _late(plan, datetime.date(2026, 7, 1), overdue=True) is True
    assert _late(plan, datetime.date(2026, 7, 1), overdue=False) is False


# --- improved after twelve months ---------------------------------------------------------------


def _evaluate(plan, board_user, clear, on=datetime.date(2026, 11, 1), kind="final"):
    return Evaluation.objects.create(
        plan=plan, kind=kind, evaluated_on=on, clear_improvement=clear, summary=".", by=board_user
    )


@pytest.mark.parametrize(
    "started_on,ripe",
    [(datetime.date(2025, 12, 2), True), (datetime.date(2025, 12, 3), False)],
)
def test_a_plan_is_twelve_months_in_from_the_same_day_a_year_before(ward, unit, started_on, ripe):
    make_plan(unit, started_on=started_on, expected_end=datetime.date(2027, 1, 1))

    assert Plan.objects.with_improvement(datetime.date(2026, 12, 2)).get().ripe is ripe


@pytest.mark.parametrize(
    "day,before",
    [
        (datetime.date(2026, 12, 2), datetime.date(2025, 12, 2)),
        (datetime.date(2028, 2, 29), datetime.date(2027, 2, 28)),  # no 29 February a year before
        (datetime.date(2028, 3, 1), datetime.date(2027, 3, 1)),
    ],
)
def test_twelve_months_before_is_the_same_day_a_year_earlier_or_the_28th(day, before):
    assert twelve_months_before(day) == before


def test_the_latest_mid_term_evaluation_is_read_apart_from_the_final_one(ward, unit, board_user):
    plan = make_plan(unit, started_on=datetime.date(2026, 5, 20))
    _evaluate(plan, board_user, True, on=datetime.date(2026, 9, 1), kind="mid_term")
    _evaluate(plan, board_user, False, on=datetime.date(2026, 10, 1), kind="mid_term")
    _evaluate(plan, board_user, True, on=datetime.date(2026, 11, 1), kind="final")

    row = Plan.objects.with_improvement(datetime.date(2026, 12, 2)).get()
    assert (row.last_mid_term, row.last_evaluation) == (False, True)


def test_the_latest_evaluation_is_the_latest_by_date_then_by_entry(ward, unit, board_user):
    plan = make_plan(unit, started_on=datetime.date(2026, 5, 20))
    _evaluate(plan, board_user, False, on=datetime.date(2026, 11, 1))
    _evaluate(plan, board_user, True, on=datetime.date(2026, 10, 1))  # entered later, dated earlier

    def latest():
        return Plan.objects.with_improvement(datetime.date(2026, 12, 2)).get().last_evaluation

    assert latest() is False
    _evaluate(plan, board_user, True, on=datetime.date(2026, 11, 1))  # the same day, entered later
    assert latest() is True


@pytest.mark.parametrize(
    ("starts_on", "deadline", "shown"),
    [
        (datetime.date(2026, 6, 1), datetime.date(2026, 9, 30), "01/06/2026 – 30/09/2026"),
        (datetime.date(2026, 6, 1), None, "01/06/2026 – "),
        (None, datetime.date(2026, 9, 30), " – 30/09/2026"),
        (None, None, ""),
    ],
)
def test_the_timing_point_prints_what_is_known_of_its_dates(starts_on, deadline, shown):
    task = Task(starts_on=starts_on, deadline=deadline)

    assert POINTS_BY_KEY["tien_do"].render(task) == shown


def test_display_value_keeps_dates_as_the_ward_writes_them():
    assert display_value(None) == display_value("") == ""
    assert display_value(datetime.date(2026, 12, 2)) == "02/12/2026"
    assert display_value(7) == "7"
    assert display_value("Rõ việc") == "Rõ việc"


def test_improved_reads_the_latest_evaluation_or_the_recognition(
    ward, unit, other_unit, board_user
):
    evaluated = make_plan(unit)
    _evaluate(evaluated, board_user, True, on=datetime.date(2026, 9, 1))
    _evaluate(evaluated, board_user, False, on=datetime.date(2026, 11, 1))  # the latest: no
    recognized = make_plan(
        other_unit,
        status=PlanStatus.RECOGNIZED,
        recognized_on=datetime.date(2026, 11, 1),
        recognition_number="1-QĐ/ĐU",
    )
    third = make_plan(UnitFactory(parent=ward))
    _evaluate(third, board_user, True, kind="mid_term")

    improved = {p.pk: p.improved for p in Plan.objects.with_improvement(datetime.date(2026, 12, 2))}

    assert improved == {evaluated.pk: False, recognized.pk: True, third.pk: True}


# --- a complex case with a roadmap: has_roadmap and with_roadmap_flag --------------------------

ROADMAPS = [
    ("Phức tạp", "Lộ trình 3 bước", datetime.date(2026, 12, 31), True),
    ("", "Lộ trình 3 bước", datetime.date(2026, 12, 31), False),
    ("Phức tạp", "", datetime.date(2026, 12, 31), False),
    ("Phức tạp", "Lộ trình 3 bước", None, False),
    ("   ", "Lộ trình 3 bước", datetime.date(2026, 12, 31), False),
    ("Phức tạp", "\n\t \r\n", datetime.date(2026, 12, 31), False),
    ("Phức tạp", " x ", datetime.date(2026, 12, 31), True),
]


def test_the_roadmap_query_and_its_twin_agree_and_blanks_count_as_nothing(unit):
    """A roadmap is classified, written and has at least one dated milestone."""
    cases = []
    for i, (c, r, d, _) in enumerate(ROADMAPS):
        case = ComplexCase.objects.create(
            unit=unit, kind="backlog", description=f"Vụ {i}", classification=c, roadmap=r
        )
        if d is not None:
            CaseMilestone.objects.create(case=case, title="Mốc", due_on=d)
        cases.append(case)

    by_query = {c.pk for c in ComplexCase.objects.with_roadmap_flag() if c.roadmap_ready}
    in_memory = {c.pk for c in ComplexCase.objects.prefetch_related("milestones") if c.has_roadmap}

    assert by_query == in_memory
    assert by_query == {c.pk for c, (*_, ready) in zip(cases, ROADMAPS, strict=True) if ready}


# --- a limited cadre acted upon -----------------------------------------------------------------


def test_every_action_but_none_counts_as_acted_upon_in_both_twins(unit):
    for action in CadreAction.values:
        Cadre.objects.create(
            unit=unit,
            name=action,
            position="Chi ủy viên",
            limitation="x",
            action=action,
            action_on=None if action == CadreAction.NONE else datetime.date(2026, 9, 1),
        )

    by_query = {c.action for c in Cadre.objects.acted_upon()}
    in_memory = {c.action for c in Cadre.objects.all() if c.acted_upon}

    assert by_query == in_memory == set(CadreAction.values) - {CadreAction.NONE}


# --- the six points -----------------------------------------------------------------------------

REQUIRED = [(point.label, name) for point in SIX_POINTS for name in point.fields]


def _clear_task(plan):
    group = plan.groups.model.objects.get(number=1)
    return Task(
        plan=plan,
        group=group,
        what="Rà soát quy chế",
        person_name="Lê Văn Bình",
        person_position="Bí thư",
        lead="Chi ủy",
        starts_on=datetime.date(2026, 6, 1),
        deadline=datetime.date(2026, 9, 30),
        deliverable="Quy chế",
        effect_sought="100 %",
    )


def test_a_task_with_every_required_field_misses_nothing(unit):
    assert _clear_task(make_plan(unit)).missing_points() == []


@pytest.mark.parametrize("label,field", REQUIRED)
@pytest.mark.parametrize("blank", ["", "   \n"])
def test_each_required_field_missing_in_turn_names_its_point(unit, label, field, blank):
    task = _clear_task(make_plan(unit))
    is_date = field in ("starts_on", "deadline")
    setattr(task, field, None if is_date else blank)

    assert task.missing_points() == [label]


def test_the_six_points_are_the_seeds_six_in_their_order():
    assert [p.label for p in SIX_POINTS] == [
        "rõ việc",
        "rõ người",
        "rõ trách nhiệm",
        "rõ tiến độ",
        "rõ sản phẩm",
        "rõ hiệu quả",
    ]
    assert set(SIX_POINT_FIELDS) <= {f.name for f in Task._meta.get_fields()}


def test_the_late_case_query_and_its_twin_agree_on_the_date_the_milestone_and_the_status(unit):
    """Late: not closed, with a milestone not done whose date is before the day (the day
    itself is not late; a milestone done late no longer makes it late)."""
    day = datetime.date(2026, 12, 2)
    for status in ("open", "in_progress", "closed"):
        for due, done in (
            (day - datetime.timedelta(days=1), None),
            (day, None),
            (day - datetime.timedelta(days=1), day),
            (None, None),
        ):
            case = ComplexCase.objects.create(
                unit=unit,
                kind="backlog",
                description=f"{status} {due} {done}",
                status=status,
                closed_on=day if status == "closed" else None,
            )
            if due is not None:
                CaseMilestone.objects.create(case=case, title="Mốc", due_on=due, done_on=done)

    by_query = set(ComplexCase.objects.late_on(day))
    in_memory = {c for c in ComplexCase.objects.prefetch_related("milestones") if c.is_late_on(day)}

    assert by_query == in_memory
    assert {c.status for c in by_query} == {"open", "in_progress"}
    assert {c.description for c in by_query} == {
        f"{s} {day - datetime.timedelta(days=1)} None" for s in ("open", "in_progress")
    }
