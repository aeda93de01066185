"""Reads of quarterly reporting: quarters as saved or by default (a read never creates one),
the completeness grid and its rates, the rows of an update being written."""

import datetime
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db.models import (
    CharField,
    Count,
    Exists,
    OuterRef,
    Value,
)
from django.db.models.functions import Concat
from django.utils import timezone

from organizations.models import Unit
from organizations.types import Viewer

from ..models import (
    Plan,
    PlanQuerySet,
    Quarter,
    QuarterlyUpdate,
    Task,
    TaskProgress,
    TaskStatus,
    UpdateState,
    previous_key,
    quarter_condition,
    quarter_key,
    reports_in_condition,
    sent_condition,
)

CELL_LABELS = {
    "not_started": "Chưa làm",
    "draft": "Đang soạn",
    "submitted_on_time": "Chờ tiếp nhận (nộp đúng hạn)",
    "submitted_late": "Chờ tiếp nhận (nộp muộn)",
    "returned": "Bị trả lại",
    "accepted": "Đã tiếp nhận",
}


# The cells of a report waiting for the Board (QuarterlyUpdateQuerySet.awaiting_acceptance).
AWAITING_CELLS = ("submitted_on_time", "submitted_late")


def cell_state(update: dict[str, Any] | None, quarter: Quarter) -> str:
    """One cell of the completeness grid for an expected plan."""
    if update is None:
        return "not_started"
    if update["state"] == UpdateState.ACCEPTED:
        return "accepted"
    if update["state"] == UpdateState.RETURNED:
        return "returned"
    if update["state"] == UpdateState.SUBMITTED:
        on_time = quarter.is_on_time(update["first_submitted_at"])
        return "submitted_on_time" if on_time else "submitted_late"
    return "draft"


@dataclass
class QuarterRates:
    quarter: Quarter
    expected: int = 0
    submitted: int = 0
    on_time: int = 0
    by_bloc: dict[str, list[int]] = field(
        default_factory=dict
    )  # bloc -> [expected, submitted, on_time]

    @property
    def reporting_rate(self) -> float | None:
        return self.submitted / self.expected if self.expected else None

    @property
    def on_time_rate(self) -> float | None:
        return self.on_time / self.expected if self.expected else None


# A grid cell: the quarter, the report's state (None: the plan is not expected), its id.
Cell = tuple[Quarter, str | None, int | None]


@dataclass
class GridRow:
    plan: Plan
    cells: list[Cell]


@dataclass
class GridRates:
    quarters: list[QuarterRates]
    listed: int  # the plans counted: the grid's rows, for its paginator


@dataclass
class Completeness:
    quarters: list[Quarter]
    rows: list[GridRow]
    rates: list[QuarterRates]


def grid_plans(user: Viewer, ward: Unit, quarters: list[Quarter]) -> PlanQuerySet:
    """The rows of the completeness grid: plans expected in one of the quarters, in the
    order of their unit's name."""
    plans = Plan.objects.visible_to(user).filter(unit__path__startswith=ward.path)
    if quarters:
        plans = plans.expected_in(quarters[0], quarters[-1])
    return plans.select_related("unit").order_by("unit__sort_key", "started_on", "pk")


def report_sent(quarter: Quarter, *, on_time: bool = False) -> Exists:
    """The outer plan's report for the quarter was sent (on time: sent_condition)."""
    return Exists(
        QuarterlyUpdate.objects.filter(plan=OuterRef("pk")).of(quarter).sent(on_time=on_time)
    )


def grid_rates(plans: PlanQuerySet, quarters: list[Quarter]) -> GridRates:
    """Each quarter's reports expected, sent and sent on time, for the ward and by bloc,
    and the number of plans, counted in the database in one query, whatever the number of
    plans or quarters: each plan joined with its reports, and counted once in a figure."""
    counts = {"listed": Count("pk", distinct=True)}
    for i, quarter in enumerate(quarters):
        expected = reports_in_condition(quarter)
        of_quarter = expected & quarter_condition(quarter, prefix="updates__")
        counts[f"expected_{i}"] = Count("pk", filter=expected, distinct=True)
        counts[f"submitted_{i}"] = Count(
            "pk",
            filter=of_quarter & sent_condition(on_time=False, prefix="updates__"),
            distinct=True,
        )
        counts[f"on_time_{i}"] = Count(
            "pk",
            filter=of_quarter & sent_condition(on_time=True, prefix="updates__"),
            distinct=True,
        )
    by_bloc = list(plans.order_by("unit__bloc").values("unit__bloc").annotate(**counts))
    rates = []
    for i, quarter in enumerate(quarters):
        rate = QuarterRates(quarter)
        for row in by_bloc:
            figures = [row[f"expected_{i}"], row[f"submitted_{i}"], row[f"on_time_{i}"]]
            if not figures[0]:
                continue  # a bloc with no plan expected in this quarter
            rate.by_bloc[row["unit__bloc"]] = figures
            rate.expected += figures[0]
            rate.submitted += figures[1]
            rate.on_time += figures[2]
        rates.append(rate)
    return GridRates(rates, sum(row["listed"] for row in by_bloc))


def grid_rows(plans: Sequence[Plan], quarters: list[Quarter]) -> list[GridRow]:
    """The grid's rows for these plans (a page of them): each expected quarter's report
    state and the report's id. Plan.reports_in says which quarters are expected."""
    updates = {
        (u["plan_id"], u["quarter_code"]): u
        for u in QuarterlyUpdate.objects.filter(plan_id__in=[p.pk for p in plans])
        .of(*quarters)
        .annotate(
            quarter_code=Concat(
                "quarter__year", Value("-Q"), "quarter__number", output_field=CharField()
            )
        )
        .values("pk", "plan_id", "quarter_code", "state", "first_submitted_at")
    }
    rows = []
    for plan in plans:
        cells: list[Cell] = []
        for quarter in quarters:
            if not plan.reports_in(quarter):
                cells.append((quarter, None, None))
                continue
            update = updates.get((plan.pk, quarter.code))
            cells.append((quarter, cell_state(update, quarter), update["pk"] if update else None))
        rows.append(GridRow(plan, cells))
    return rows


def completeness(user: Viewer, ward: Unit, quarters: list[Quarter]) -> Completeness:
    """Units × quarters, every row (the Excel file), with each quarter's rates. A page
    shows grid_rows of one page of grid_plans instead."""
    plans = grid_plans(user, ward, quarters)
    return Completeness(
        quarters=quarters,
        rows=grid_rows(list(plans), quarters),
        rates=grid_rates(plans, quarters).quarters,
    )


def missing_units(user: Viewer, ward: Unit, quarter: Quarter) -> PlanQuerySet:
    """Plans expected in the quarter whose update has not been submitted (or came back)."""

    plans = (
        Plan.objects.visible_to(user).filter(unit__path__startswith=ward.path).expected_in(quarter)
    )
    done = QuarterlyUpdate.objects.filter(
        plan=OuterRef("pk"), state__in=[UpdateState.SUBMITTED, UpdateState.ACCEPTED]
    ).of(quarter)
    return plans.exclude(Exists(done)).select_related("unit").order_by("unit__sort_key")


def update_rows(update: QuarterlyUpdate) -> list[TaskProgress]:
    """A task per row of the update, in the plan's order; while it is being written, tasks
    added to the plan since appear as new rows (saved with the draft's next save)."""
    rows = list(update.progress.select_related("task__group").prefetch_related("evidence"))
    if update.state in (UpdateState.DRAFT, UpdateState.RETURNED):
        known = {row.task_id for row in rows}
        rows += [
            TaskProgress(update=update, task=task, status=task.status, progress=task.progress)
            for task in update.plan.tasks.exclude(status=TaskStatus.CANCELLED).select_related(
                "group"
            )
            if task.pk not in known
        ]
    return sorted(rows, key=lambda row: (row.task.group.number, row.task.order, row.task.pk))


def quarter_find(ward: Unit, year: int, number: int) -> Quarter:
    """The quarter as saved, or with the seed's deadlines when nothing was written for it
    yet (unsaved: reads never create rows; services.quarterly.quarter_ensure does)."""
    saved = Quarter.objects.filter(ward=ward, year=year, number=number).first()
    return saved or Quarter.default(ward, year, number)


def current_quarter(ward: Unit, today: datetime.date) -> Quarter:
    return quarter_find(ward, *quarter_key(today))


def reporting_quarters(ward: Unit, today: datetime.date, limit: int = 6) -> list[Quarter]:
    """The quarters from the earliest plan's start to today's, at most `limit` of them, each
    as saved or by default; one query for the plans, one for the quarters."""
    first = (
        Plan.objects.filter(unit__path__startswith=ward.path)
        .order_by("started_on")
        .values_list("started_on", flat=True)
        .first()
    )
    year, number = quarter_key(today)
    start = quarter_key(first) if first else (year, number)
    keys: list[tuple[int, int]] = []
    while (year, number) >= start and len(keys) < limit:
        keys.append((year, number))
        year, number = previous_key(year, number)
    saved = {
        (q.year, q.number): q
        for q in Quarter.objects.filter(ward=ward, year__gte=keys[-1][0], year__lte=keys[0][0])
    }
    return [saved.get(key) or Quarter.default(ward, *key) for key in reversed(keys)]


def progress_at_quarter_end(
    plans: Sequence[Plan], quarter: Quarter, today: datetime.date
) -> dict[int, float]:
    """Each plan's average task progress as the quarter's forms must print it: for a
    quarter not yet over, today's; for a past one, what the quarter's accepted report said,
    else the tasks as they stood at the quarter's last minute (their history), so that a
    form of Q2 printed in December shows Q2, not December."""
    if quarter.ends_on >= today or not plans:
        return {p.pk: getattr(p, "progress_avg", 0.0) for p in plans}  # with_plan_figures
    reported: dict[int, list[int]] = {}
    for plan_id, progress in (
        TaskProgress.objects.filter(
            update__in=QuarterlyUpdate.objects.of(quarter).filter(
                plan_id__in=[p.pk for p in plans], state=UpdateState.ACCEPTED
            )
        )
        .exclude(task__status=TaskStatus.CANCELLED)
        .values_list("update__plan_id", "progress")
    ):
        reported.setdefault(plan_id, []).append(progress)
    end = timezone.make_aware(
        datetime.datetime.combine(quarter.ends_on, datetime.time.max),
        timezone.get_default_timezone(),
    )
    unreported = [p.pk for p in plans if p.pk not in reported]
    stood: dict[int, list[int]] = {}
    if unreported:
        for task in Task.history.as_of(end).filter(plan_id__in=unreported):
            if task.status != TaskStatus.CANCELLED:
                stood.setdefault(task.plan_id, []).append(task.progress)
    return {
        p.pk: (sum(values) / len(values))
        if (values := reported.get(p.pk) or stood.get(p.pk))
        else 0.0
        for p in plans
    }
