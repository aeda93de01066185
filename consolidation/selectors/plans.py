"""Reads of plans: the list with its figures and filters, a plan's page (steps, tasks,
"1 xuyên suốt", the timeline, what changed since approval)."""

import datetime
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, TypeAlias, TypedDict, TypeVar, cast

from django.db.models import (
    Avg,
    Count,
    Exists,
    ExpressionWrapper,
    Field,
    FloatField,
    IntegerField,
    Model,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
)
from django.db.models.functions import Coalesce
from django.utils.text import capfirst

from organizations.models import Unit
from organizations.types import Viewer

from ..models import (
    TASK_CONTENT_FIELDS,
    Cause,
    Objective,
    Plan,
    PlanQuerySet,
    PlanStatus,
    PlanStep,
    Task,
    TaskChange,
    TaskStatus,
    ThreadGaps,
    display_value,
    flag,
    late_condition,
    overdue_condition,
    thread_gaps,
)


class PlanFigures(TypedDict, total=False):
    """What with_plan_figures and with_step_and_lateness add to each plan."""

    task_count: int
    overdue_count: int
    steps_done: int
    progress_avg: float
    has_overdue: bool
    is_late: bool


# Any query of plans, annotated or not, keeps its type through the helpers below.
PlansT = TypeVar("PlansT", bound="QuerySet[Plan, Any]")

if TYPE_CHECKING:
    from django_stubs_ext import WithAnnotations

    AnnotatedPlans: TypeAlias = QuerySet[WithAnnotations[Plan, PlanFigures]]


def _count_subquery(model: type[Model], filters: Q, outer: str = "plan") -> Coalesce:
    """How many rows of `model` that match `filters` point at the outer row."""
    counted = (
        model._default_manager.filter(filters, **{outer: OuterRef("pk")})
        .order_by()
        .values(outer)
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


def with_plan_figures(plans: PlanQuerySet, today: datetime.date) -> "AnnotatedPlans":
    """Annotate each plan with what lists need, one subquery each (no join fan-out):
    tasks, open and overdue tasks, steps done, average progress, and `is_late`."""

    progress = (
        Task.objects.filter(plan=OuterRef("pk"))
        .exclude(status=TaskStatus.CANCELLED)
        .order_by()
        .values("plan")
        .annotate(p=Avg("progress"))
        .values("p")
    )
    figured = plans.annotate(
        task_count=_count_subquery(Task, ~Q(status=TaskStatus.CANCELLED)),
        overdue_count=_count_subquery(Task, overdue_condition(today)),
        steps_done=_count_subquery(PlanStep, Q(completed_at__isnull=False)),
        progress_avg=Coalesce(Subquery(progress, output_field=FloatField()), 0.0),
    ).annotate(is_late=_is_late(Q(overdue_count__gt=0), today))
    return cast("AnnotatedPlans", figured)


def _is_late(overdue: Q, today: datetime.date) -> ExpressionWrapper:
    return flag(late_condition(today, overdue=overdue))


def with_step_and_lateness(plans: PlanQuerySet, today: datetime.date) -> "AnnotatedPlans":
    """Only what counting plans by step and by lateness needs (the dashboard over a city's
    plans): steps done and `is_late`, as in with_plan_figures."""
    overdue = Task.objects.overdue_on(today).filter(plan=OuterRef("pk"))
    figured = plans.annotate(
        steps_done=_count_subquery(PlanStep, Q(completed_at__isnull=False)),
        has_overdue=Exists(overdue),
    ).annotate(is_late=_is_late(Q(has_overdue=True), today))
    return cast("AnnotatedPlans", figured)


@dataclass
class PlanFilters:
    kind: str = ""
    group: int | None = None
    step: int | None = None
    phase: int | None = None
    late: bool = False
    bloc: str = ""
    status: str = ""
    on_track: bool = False  # approved, not late
    under: Unit | None = None


def plan_list(user: Viewer, filters: PlanFilters, today: datetime.date) -> "AnnotatedPlans":
    plans = with_plan_figures(Plan.objects.visible_to(user), today)
    if filters.under is not None:
        plans = plans.filter(unit__path__startswith=filters.under.path)
    if filters.on_track:
        plans = plans.filter(status=PlanStatus.APPROVED, is_late=False)
    if filters.kind:
        plans = plans.filter(kind=filters.kind)
    if filters.group:
        plans = plans.filter(groups__number=filters.group)
    if filters.step:
        plans = plans.filter(steps_done=filters.step - 1)
    if filters.phase:
        plans = plans.filter(_phase_filter(filters.phase, today))
    if filters.late:
        plans = plans.filter(is_late=True)
    if filters.bloc:
        plans = plans.filter(unit__bloc=filters.bloc)
    if filters.status:
        plans = plans.filter(status=filters.status)
    return plans.order_by("-is_late", "unit__sort_key", "started_on")


def _phase_filter(phase: int, today: datetime.date) -> Q:
    """Plans whose round's calendar puts today in that phase."""
    if phase == 1:
        return Q(round__starts_on__lte=today, round__phase2_starts_on__gt=today)
    if phase == 2:
        return Q(round__phase2_starts_on__lte=today, round__phase3_starts_on__gt=today)
    return Q(round__phase3_starts_on__lte=today, round__phase3_ends_on__gte=today)


def with_plan_details(plans: PlansT) -> PlansT:
    """What a plan's Phụ lục 1 and its list rows show, fetched with the plans."""
    return plans.select_related("unit", "round", "review").prefetch_related(
        "groups", Prefetch("steps", queryset=PlanStep.objects.order_by("number"))
    )


@dataclass
class ThreadLine:
    """ "1 xuyên suốt": a cause, the tasks that address it, their outputs and results."""

    cause: Cause
    tasks: list[Task]


@dataclass
class TimelineBar:
    task: Task
    index: int
    left: float  # percent of the plan's calendar
    width: float


Difference = tuple[str, str, str]  # what, as approved, as it is now


@dataclass
class BaselineDiff:
    added: list[Task] = field(default_factory=list)  # tasks added since approval
    changed: list[tuple[Task, list[Difference]]] = field(default_factory=list)
    cancelled: list[Task] = field(default_factory=list)
    plan_changes: list[Difference] = field(default_factory=list)

    @property
    def any(self) -> bool:
        return bool(self.added or self.changed or self.cancelled or self.plan_changes)


@dataclass
class PlanPage:
    plan: Plan
    steps: list[PlanStep]
    current_step: int
    objectives: list[Objective]
    tasks: list[tuple[int, Task]]  # numbered from 1, as the page and Phụ lục 1 show them
    thread: list[ThreadLine]
    gaps: ThreadGaps
    timeline: list[TimelineBar]
    timeline_phases: list[dict[str, Any]]
    today_left: float | None
    diff: BaselineDiff | None
    phase: int | None
    progress: float
    overdue: int


def field_label(name: str) -> str:
    """A task field's name for the comparison with the approved plan (the model's own)."""
    if name == "causes":
        return "Nguyên nhân"
    model_field = cast(Field, Task._meta.get_field(name.removesuffix("_id")))
    return capfirst(str(model_field.verbose_name))


def plan_page(plan: Plan, today: datetime.date) -> PlanPage:
    """Everything a plan's page shows, read in a fixed number of queries."""
    steps = list(plan.steps.prefetch_related("files").order_by("number"))
    done = [s for s in steps if s.is_done]
    current = min((s.number for s in steps if not s.is_done), default=6)
    tasks = list(
        plan.tasks.select_related("group", "objective", "person_user").prefetch_related("causes")
    )
    indexed = list(enumerate(tasks, start=1))
    causes = list(plan.causes().select_related("group")) if plan.review is not None else []
    live = [t for t in tasks if t.status != TaskStatus.CANCELLED]
    thread = [ThreadLine(c, [t for t in live if c in t.causes.all()]) for c in causes]
    gaps = thread_gaps(
        indexed, causes if plan.review is not None else None, list(plan.groups.all())
    )
    timeline, phases, today_left = _timeline(plan, indexed, today)
    diff = _baseline_diff(plan, tasks) if hasattr(plan, "baseline") else None
    progress = sum(t.progress for t in live) / len(live) if live else 0.0
    return PlanPage(
        plan=plan,
        steps=steps,
        current_step=current if len(done) < 6 else 6,
        objectives=list(plan.objectives.select_related("group")),
        tasks=indexed,
        thread=thread,
        gaps=gaps,
        timeline=timeline,
        timeline_phases=phases,
        today_left=today_left,
        diff=diff,
        phase=plan.phase_on(today),
        progress=progress,
        overdue=sum(1 for t in live if t.is_overdue_on(today)),
    )


def _timeline(
    plan: Plan, indexed: list[tuple[int, Task]], today: datetime.date
) -> tuple[list[TimelineBar], list[dict[str, Any]], float | None]:
    """The tasks' bars and the round's phases on the plan's calendar, in percent."""
    round_ = plan.round
    bounds: list[tuple[int, datetime.date, datetime.date]] = []
    if round_ is not None:
        start, end = round_.starts_on, max(round_.phase3_ends_on, plan.expected_end)
        bounds = [
            (1, round_.starts_on, round_.phase2_starts_on),
            (2, round_.phase2_starts_on, round_.phase3_starts_on),
            (3, round_.phase3_starts_on, round_.phase3_ends_on + datetime.timedelta(days=1)),
        ]
    else:
        start, end = plan.started_on, plan.expected_end
    dates = [d for _, t in indexed for d in (t.starts_on, t.deadline) if d]
    start = min([start, *dates])
    end = max([end, *dates])
    span = max((end - start).days + 1, 1)

    def pos(day: datetime.date) -> float:
        return round(100 * (day - start).days / span, 2)

    bars = []
    for index, task in indexed:
        if task.starts_on and task.deadline:
            left = pos(task.starts_on)
            width = max(round(100 * ((task.deadline - task.starts_on).days + 1) / span, 2), 1.0)
            bars.append(TimelineBar(task, index, left, width))
    phases = [
        {
            "number": n,
            "left": pos(a),
            "width": round(100 * (b - a).days / span, 2),
            "starts": a,
            "ends": b - datetime.timedelta(days=1),
        }
        for n, a, b in bounds
    ]
    today_left = pos(today) if start <= today <= end else None
    return bars, phases, today_left


def _baseline_diff(plan: Plan, tasks: list[Task]) -> BaselineDiff:
    base = plan.baseline.data
    diff = BaselineDiff()
    base_tasks = base.get("tasks", {})
    for task in tasks:
        old = base_tasks.get(str(task.pk))
        if old is None:
            diff.added.append(task)
            continue
        if task.status == TaskStatus.CANCELLED:
            diff.cancelled.append(task)
            continue
        rows: list[Difference] = []
        for name in TASK_CONTENT_FIELDS:
            new_value = display_value(getattr(task, name))
            if old.get(name, "") != new_value:
                rows.append((field_label(name), old.get(name) or "trống", new_value or "trống"))
        causes = sorted(c.pk for c in task.causes.all())
        if old.get("causes", []) != causes:
            rows.append(
                (
                    field_label("causes"),
                    f"{len(old.get('causes', []))} nguyên nhân",
                    f"{len(causes)} nguyên nhân",
                )
            )
        if rows:
            diff.changed.append((task, rows))
    base_plan = base.get("plan", {})
    if base_plan.get("expected_end") and base_plan["expected_end"] != display_value(
        plan.expected_end
    ):
        diff.plan_changes.append(
            (
                "Thời gian dự kiến hoàn thành",
                base_plan["expected_end"],
                display_value(plan.expected_end),
            )
        )
    return diff


def plan_task_changes(plan: Plan, limit: int = 50) -> QuerySet[TaskChange]:
    return TaskChange.objects.filter(task__plan=plan).select_related("task", "by")[:limit]
