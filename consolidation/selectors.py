"""Reads shared by the consolidation pages, reports and commands. Every list starts from
the registry's `units_visible_to`."""

import datetime
from dataclasses import dataclass, field

from django.db.models import (
    Avg,
    BooleanField,
    CharField,
    Count,
    Exists,
    ExpressionWrapper,
    FloatField,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
)
from django.db.models.functions import Coalesce, Concat
from django.utils.text import capfirst

from organizations.models import Unit
from organizations.selectors import units_visible_to, ward_of

from .models import (
    ACTED_UPON,
    APPROVED_STATUSES,
    NEEDS_CONSOLIDATION,
    TASK_CONTENT_FIELDS,
    Cadre,
    Cause,
    ComplexCase,
    Conclusion,
    Finding,
    GroupAssessment,
    Plan,
    PlanStatus,
    PlanStep,
    Quarter,
    QuarterlyUpdate,
    Review,
    ReviewRound,
    ReviewState,
    SuggestionState,
    Task,
    TaskChange,
    TaskProgress,
    TaskStatus,
    UpdateState,
    display_value,
    flag,
    late_condition,
    overdue_condition,
    quarter_condition,
    quarter_key,
)


def rounds_visible_to(user) -> QuerySet[ReviewRound]:
    """Rounds of the user's ward; a secretary sees the rounds that cover their units."""
    ward = ward_of(user)
    if ward is None:
        return ReviewRound.objects.none()
    rounds = ReviewRound.objects.filter(ward=ward)
    visible = units_visible_to(user)
    if not visible.filter(pk=ward.pk).exists():
        rounds = rounds.filter(reviews__unit__in=visible).distinct()
    return rounds


def with_review_details(reviews: QuerySet[Review]) -> QuerySet[Review]:
    """Prefetch what the lists show: present findings with their groups, group assessments."""
    return reviews.select_related("unit", "round").prefetch_related(
        Prefetch(
            "findings",
            queryset=Finding.objects.filter(present=True).select_related("indicator__group"),
        ),
        Prefetch("group_assessments", queryset=GroupAssessment.objects.select_related("group")),
    )


def in_group(number: int):
    return Exists(
        Finding.objects.filter(review=OuterRef("pk"), present=True, indicator__group__number=number)
    )


@dataclass
class BoardFilters:
    state: str = ""
    conclusion: str = ""
    group: int | None = None
    bloc: str = ""
    flag: str = ""  # one of BOARD_FLAGS
    under: Unit | None = None  # a đảng bộ cơ sở: its subtree only
    groups: str = ""  # exactly these groups, e.g. "13"


BOARD_FLAGS = {
    "prolonged": "Yếu kém kéo dài",
    "suggested": "Gợi ý «có nguy cơ» chờ xem xét",
    "signs": "Có dấu hiệu yếu kém",
    "signs_pending": "Có dấu hiệu nhưng chưa xác nhận",
    "needs": "Cần củng cố (yếu kém, có vấn đề)",
    "no_plan": "Cần củng cố nhưng đề án/kế hoạch chưa được duyệt",
    "multi": "Cần củng cố, thuộc từ 2 nhóm trở lên",
    "unconfirmed": "Chưa xác nhận kết luận",
}


def with_signs_of_weakness() -> Q:
    """Signs of weakness: an indicator marked, or signs_of_weakness()."""
    return Q(Exists(Finding.objects.filter(review=OuterRef("pk"), present=True))) | (
        signs_of_weakness()
    )


def needing_consolidation() -> Q:
    return Q(state=ReviewState.CONFIRMED, conclusion__in=NEEDS_CONSOLIDATION)


def plan_approved() -> Q:
    """The review's own plan is approved (or already recognized as completed): a plan of an
    earlier round does not count for a unit found weak again."""
    return Q(plan__status__in=APPROVED_STATUSES)


def in_two_or_more_groups() -> Q:
    g1, g2, g3 = (Q(in_group(n)) for n in (1, 2, 3))
    return (g1 & g2) | (g1 & g3) | (g2 & g3)


def exactly_groups(digits: str) -> Q:
    """Reviews whose groups are exactly these (e.g. "13": Nhóm 1 and 3, not 2)."""
    condition = Q()
    for number in (1, 2, 3):
        condition &= Q(in_group(number)) if str(number) in digits else ~Q(in_group(number))
    return condition


def group_sets(reviews: QuerySet[Review]) -> dict[str, int]:
    """How many of the reviews have exactly each set of groups ("13": Nhóm 1 and 3 only),
    from one query over their marked indicators. (An EXISTS per group and per count made
    PostgreSQL evaluate each subquery again for every FILTER that named it.)"""
    groups: dict[int, set] = {}
    for review_id, number in (
        Finding.objects.filter(review__in=reviews, present=True)
        .order_by()
        .values_list("review_id", "indicator__group__number")
        .distinct()
    ):
        groups.setdefault(review_id, set()).add(number)
    sets = {digits: 0 for digits in ("1", "2", "3", "12", "13", "23", "123")}
    for numbers in groups.values():
        sets["".join(str(n) for n in sorted(numbers))] += 1
    return sets


def _board_flag(flag: str) -> Q | None:
    return {
        "prolonged": Q(is_prolonged=True),
        "suggested": Q(suggestion_state=SuggestionState.PENDING),
        "signs": with_signs_of_weakness(),
        "signs_pending": with_signs_of_weakness() & ~Q(state=ReviewState.CONFIRMED),
        "needs": needing_consolidation(),
        "no_plan": needing_consolidation() & ~plan_approved(),
        "multi": needing_consolidation() & in_two_or_more_groups(),
        "unconfirmed": ~Q(state=ReviewState.CONFIRMED),
    }.get(flag)


def round_board(round_: ReviewRound, user, filters: BoardFilters) -> QuerySet[Review]:
    reviews = round_.reviews.filter(unit__in=units_visible_to(user))
    if filters.under is not None:
        reviews = reviews.filter(unit__path__startswith=filters.under.path)
    if filters.state:
        reviews = reviews.filter(state=filters.state)
    if filters.conclusion:
        reviews = reviews.filter(conclusion=filters.conclusion)
    if filters.group:
        reviews = reviews.filter(in_group(filters.group))
    if filters.bloc:
        reviews = reviews.filter(unit__bloc=filters.bloc)
    if filters.groups:
        reviews = reviews.filter(exactly_groups(filters.groups))
    flag = _board_flag(filters.flag)
    if flag is not None:
        reviews = reviews.filter(flag)
    return reviews.order_by("unit__sort_key", "unit__code")


SIGN_CONCLUSIONS = (Conclusion.WEAK, Conclusion.COMPLEX, Conclusion.AT_RISK)
SIGN_SUGGESTIONS = (SuggestionState.PENDING, SuggestionState.ACCEPTED)


def signs_of_weakness() -> Q:
    """A unit shows signs of weakness in a round when an indicator is marked (added by the
    caller), the Board concluded anything but "không thuộc diện", or a "có nguy cơ"
    suggestion stands."""
    return Q(conclusion__in=SIGN_CONCLUSIONS) | Q(suggestion_state__in=SIGN_SUGGESTIONS)


@dataclass
class RoundCounts:
    units: int = 0
    by_state: dict[str, int] = field(default_factory=dict)
    by_conclusion: dict[str, int] = field(default_factory=dict)
    reviewed: int = 0  # confirmed: Phụ lục 2, III.1 "Tổng số TCCSĐ được rà soát"
    needing_consolidation: int = 0  # confirmed yếu kém or có vấn đề
    by_group: dict[int, int] = field(default_factory=dict)  # among those needing consolidation
    in_two_or_more_groups: int = 0
    prolonged: int = 0
    suggested: int = 0
    with_signs: int = 0
    with_signs_reviewed: int = 0
    group_sets: dict[str, int] = field(default_factory=dict)  # see group_sets()
    with_approved_plan: int = 0  # needing consolidation, their own plan approved
    by_bloc: dict[str, list[int]] = field(default_factory=dict)  # bloc -> [units, needing]

    @property
    def signs_reviewed_ratio(self) -> float | None:
        return self.with_signs_reviewed / self.with_signs if self.with_signs else None


def round_counts(round_: ReviewRound, reviews: QuerySet[Review] | None = None) -> RoundCounts:
    """The round's figures in two queries, whatever its size: the reviews grouped by what
    the figures depend on (each review's signs evaluated once), then the groups of those
    needing consolidation."""
    reviews = round_.reviews.all() if reviews is None else reviews
    counts = RoundCounts()
    has_indicator = Q(Exists(Finding.objects.filter(review=OuterRef("pk"), present=True)))
    rows = (
        reviews.annotate(signs=ExpressionWrapper(has_indicator, output_field=BooleanField()))
        .values("state", "conclusion", "is_prolonged", "suggestion_state", "signs", "unit__bloc")
        .annotate(
            n=Count("pk"),
            approved=Count("pk", filter=Q(plan__status__in=APPROVED_STATUSES)),
        )
        .order_by()
    )
    for row in rows:
        n, confirmed = row["n"], row["state"] == ReviewState.CONFIRMED
        counts.units += n
        counts.by_state[row["state"]] = counts.by_state.get(row["state"], 0) + n
        bloc = counts.by_bloc.setdefault(row["unit__bloc"], [0, 0])
        bloc[0] += n
        if confirmed:
            counts.by_conclusion[row["conclusion"]] = (
                counts.by_conclusion.get(row["conclusion"], 0) + n
            )
            if row["conclusion"] in NEEDS_CONSOLIDATION:
                counts.needing_consolidation += n
                counts.with_approved_plan += row["approved"]
                bloc[1] += n
        if row["is_prolonged"]:
            counts.prolonged += n
        if row["suggestion_state"] == SuggestionState.PENDING and not confirmed:
            counts.suggested += n
        signs = (  # with_signs_of_weakness(), read off the grouped row
            row["signs"]
            or row["conclusion"] in SIGN_CONCLUSIONS
            or row["suggestion_state"] in SIGN_SUGGESTIONS
        )
        if signs:
            counts.with_signs += n
            if confirmed:
                counts.with_signs_reviewed += n
    counts.reviewed = counts.by_state.get(ReviewState.CONFIRMED, 0)
    needing = reviews.filter(state=ReviewState.CONFIRMED, conclusion__in=NEEDS_CONSOLIDATION)
    sets = counts.group_sets = group_sets(needing)
    counts.by_group = {
        n: sum(k for groups, k in sets.items() if str(n) in groups) for n in (1, 2, 3)
    }
    counts.in_two_or_more_groups = sum(k for groups, k in sets.items() if len(groups) > 1)
    return counts


def unit_review_history(unit: Unit) -> list[Review]:
    """Each round's review of the unit, oldest round first, to see it get better or worse."""
    return list(with_review_details(unit.reviews.all()).order_by("round__starts_on", "round__pk"))


def latest_round(ward: Unit) -> ReviewRound | None:
    return ReviewRound.objects.filter(ward=ward).order_by("-starts_on", "-pk").first()


# --- plans ----------------------------------------------------------------------------------


def _count_subquery(model, filters: Q, outer: str = "plan"):

    counted = (
        model.objects.filter(filters, **{outer: OuterRef("pk")})
        .order_by()
        .values(outer)
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


def with_plan_figures(plans: QuerySet, today) -> QuerySet:
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
    plans = plans.annotate(
        task_count=_count_subquery(Task, ~Q(status=TaskStatus.CANCELLED)),
        overdue_count=_count_subquery(Task, overdue_condition(today)),
        steps_done=_count_subquery(PlanStep, Q(completed_at__isnull=False)),
        progress_avg=Coalesce(Subquery(progress, output_field=FloatField()), 0.0),
    )
    return plans.annotate(is_late=_is_late(Q(overdue_count__gt=0), today))


def _is_late(overdue: Q, today) -> ExpressionWrapper:
    return flag(late_condition(today, overdue=overdue))


def with_step_and_lateness(plans: QuerySet, today) -> QuerySet:
    """Only what counting plans by step and by lateness needs (the dashboard over a city's
    plans): steps done and `is_late`, as in with_plan_figures."""
    overdue = Task.objects.overdue_on(today).filter(plan=OuterRef("pk"))
    return plans.annotate(
        steps_done=_count_subquery(PlanStep, Q(completed_at__isnull=False)),
        has_overdue=Exists(overdue),
    ).annotate(is_late=_is_late(Q(has_overdue=True), today))


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


def plan_list(user, filters: PlanFilters, today) -> QuerySet:
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


def _phase_filter(phase: int, today) -> Q:
    """Plans whose round's calendar puts today in that phase."""
    if phase == 1:
        return Q(round__starts_on__lte=today, round__phase2_starts_on__gt=today)
    if phase == 2:
        return Q(round__phase2_starts_on__lte=today, round__phase3_starts_on__gt=today)
    return Q(round__phase3_starts_on__lte=today, round__phase3_ends_on__gte=today)


def with_plan_details(plans: QuerySet) -> QuerySet:

    return plans.select_related("unit", "round", "review").prefetch_related(
        "groups", Prefetch("steps", queryset=PlanStep.objects.order_by("number"))
    )


@dataclass
class ThreadLine:
    """ "1 xuyên suốt": a cause, the tasks that address it, their outputs and results."""

    cause: object
    tasks: list


@dataclass
class TimelineBar:
    task: object
    index: int
    left: float  # percent of the plan's calendar
    width: float


@dataclass
class BaselineDiff:
    added: list = field(default_factory=list)  # tasks added since approval
    changed: list = field(default_factory=list)  # (task, [(label, old, new)])
    cancelled: list = field(default_factory=list)
    plan_changes: list = field(default_factory=list)  # (label, old, new)

    @property
    def any(self) -> bool:
        return bool(self.added or self.changed or self.cancelled or self.plan_changes)


@dataclass
class PlanPage:
    plan: object
    steps: list
    current_step: int
    objectives: list
    tasks: list  # (index, task)
    thread: list[ThreadLine]
    unaddressed: list
    untraced: list
    timeline: list[TimelineBar]
    timeline_phases: list[dict]
    today_left: float | None
    diff: BaselineDiff | None
    phase: int | None
    progress: float
    overdue: int


def field_label(name: str) -> str:
    """A task field's name for the comparison with the approved plan (the model's own)."""
    if name == "causes":
        return "Nguyên nhân"
    return capfirst(str(Task._meta.get_field(name.removesuffix("_id")).verbose_name))


def plan_page(plan, today) -> PlanPage:

    steps = list(plan.steps.prefetch_related("files").order_by("number"))
    done = [s for s in steps if s.is_done]
    current = min((s.number for s in steps if not s.is_done), default=6)
    tasks = list(
        plan.tasks.select_related("group", "objective", "person_user").prefetch_related("causes")
    )
    indexed = list(enumerate(tasks, start=1))
    causes = (
        list(Cause.objects.filter(review=plan.review).select_related("group"))
        if plan.review_id
        else []
    )
    live = [t for t in tasks if t.status != TaskStatus.CANCELLED]
    thread = [ThreadLine(c, [t for t in live if c in t.causes.all()]) for c in causes]
    unaddressed = [line.cause for line in thread if not line.tasks]
    untraced = [t for t in live if not t.causes.all()]
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
        unaddressed=unaddressed,
        untraced=untraced,
        timeline=timeline,
        timeline_phases=phases,
        today_left=today_left,
        diff=diff,
        phase=plan.phase_on(today),
        progress=progress,
        overdue=sum(1 for t in live if t.is_overdue_on(today)),
    )


def _timeline(plan, indexed, today):

    if plan.round_id:
        start, end = plan.round.starts_on, max(plan.round.phase3_ends_on, plan.expected_end)
        bounds = [
            (1, plan.round.starts_on, plan.round.phase2_starts_on),
            (2, plan.round.phase2_starts_on, plan.round.phase3_starts_on),
            (
                3,
                plan.round.phase3_starts_on,
                plan.round.phase3_ends_on + datetime.timedelta(days=1),
            ),
        ]
    else:
        start, end, bounds = plan.started_on, plan.expected_end, []
    dates = [d for _, t in indexed for d in (t.starts_on, t.deadline) if d]
    start = min([start, *dates])
    end = max([end, *dates])
    span = max((end - start).days + 1, 1)

    def pos(day):
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


def _baseline_diff(plan, tasks) -> BaselineDiff:
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
        rows = []
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


def registers_for(unit) -> dict:

    return {
        "cadres": list(Cadre.objects.filter(unit=unit).select_related("plan")),
        "cases": list(ComplexCase.objects.filter(unit=unit).select_related("plan")),
    }


@dataclass
class RegisterRatio:
    numerator: int
    denominator: int

    @property
    def ratio(self) -> float | None:
        return self.numerator / self.denominator if self.denominator else None


def cadre_ratio(units) -> RegisterRatio:
    """Cadres found limited who were trained, rearranged, rotated, replaced or dismissed
    (target ≥ 70 %, seed 000 III.2)."""
    figures = Cadre.objects.filter(unit__in=units).aggregate(
        total=Count("pk"), acted=Count("pk", filter=ACTED_UPON)
    )
    return RegisterRatio(figures["acted"], figures["total"])


def case_ratio(units) -> RegisterRatio:
    """Complex cases reviewed, classified and given a handling roadmap with a date
    (target 100 %, seed 000 III.2)."""
    figures = (
        ComplexCase.objects.filter(unit__in=units)
        .with_roadmap_flag()
        .aggregate(total=Count("pk"), with_roadmap=Count("pk", filter=Q(roadmap_ready=True)))
    )
    return RegisterRatio(figures["with_roadmap"], figures["total"])


def plan_task_changes(plan, limit: int = 50):
    return TaskChange.objects.filter(task__plan=plan).select_related("task", "by")[:limit]


# --- quarterly updates ----------------------------------------------------------------------

CELL_LABELS = {
    "not_started": "Chưa làm",
    "draft": "Đang soạn",
    "submitted_on_time": "Nộp đúng hạn",
    "submitted_late": "Nộp muộn",
    "returned": "Bị trả lại",
    "accepted": "Đã tiếp nhận",
}


def cell_state(update, quarter) -> str:
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
    quarter: object
    expected: int = 0
    submitted: int = 0
    on_time: int = 0
    by_bloc: dict = field(default_factory=dict)  # bloc -> [expected, submitted, on_time]

    @property
    def reporting_rate(self) -> float | None:
        return self.submitted / self.expected if self.expected else None

    @property
    def on_time_rate(self) -> float | None:
        return self.on_time / self.expected if self.expected else None


@dataclass
class GridRow:
    plan: object
    cells: list  # (quarter, state or None when the plan is not expected, update id)


@dataclass
class Completeness:
    quarters: list
    rows: list[GridRow]
    rates: list[QuarterRates]


def completeness(user, ward, quarters: list) -> Completeness:
    """Units × quarters: each expected plan's report state, and each quarter's reporting
    and on-time rates for the ward and by bloc. A fixed number of queries."""

    plans = Plan.objects.visible_to(user).filter(unit__path__startswith=ward.path)
    if quarters:
        plans = plans.expected_in(quarters[0], quarters[-1])
    listed = list(plans.select_related("unit").order_by("unit__sort_key", "started_on"))
    expected = {q.code: {p.pk for p in listed if p.reports_in(q)} for q in quarters}
    updates = {
        (u["plan_id"], u["quarter_code"]): u
        for u in QuarterlyUpdate.objects.filter(plan__in=listed)
        .of(*quarters)
        .annotate(
            quarter_code=Concat(
                "quarter__year", Value("-Q"), "quarter__number", output_field=CharField()
            )
        )
        .values("pk", "plan_id", "quarter_code", "state", "first_submitted_at")
    }
    rows, rates = [], [QuarterRates(q) for q in quarters]
    for plan in listed:
        cells = []
        for quarter, rate in zip(quarters, rates, strict=True):
            if plan.pk not in expected[quarter.code]:
                cells.append((quarter, None, None))
                continue
            update = updates.get((plan.pk, quarter.code))
            state = cell_state(update, quarter)
            cells.append((quarter, state, update["pk"] if update else None))
            bloc = rate.by_bloc.setdefault(plan.unit.bloc, [0, 0, 0])
            rate.expected += 1
            bloc[0] += 1
            if update and update["first_submitted_at"]:
                rate.submitted += 1
                bloc[1] += 1
                if quarter.is_on_time(update["first_submitted_at"]):
                    rate.on_time += 1
                    bloc[2] += 1
        rows.append(GridRow(plan, cells))
    return Completeness(quarters=quarters, rows=rows, rates=rates)


def missing_units(user, ward, quarter) -> list:
    """Plans expected in the quarter whose update has not been submitted (or came back)."""

    plans = (
        Plan.objects.visible_to(user).filter(unit__path__startswith=ward.path).expected_in(quarter)
    )
    done = plans.filter(
        quarter_condition(quarter, prefix="updates__"),
        updates__state__in=[UpdateState.SUBMITTED, UpdateState.ACCEPTED],
    )
    return list(plans.exclude(pk__in=done).select_related("unit").order_by("unit__sort_key"))


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


def quarter_find(ward, year: int, number: int) -> Quarter:
    """The quarter as saved, or with the seed's deadlines when nothing was written for it
    yet (unsaved: reads never create rows; services.quarterly.quarter_ensure does)."""
    saved = Quarter.objects.filter(ward=ward, year=year, number=number).first()
    return saved or Quarter.default(ward, year, number)


def current_quarter(ward, today) -> Quarter:
    return quarter_find(ward, *quarter_key(today))


def previous_key(year: int, number: int) -> tuple[int, int]:
    return (year, number - 1) if number > 1 else (year - 1, 4)


def reporting_quarters(ward, today, limit: int = 6) -> list[Quarter]:
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
    keys = []
    while (year, number) >= start and len(keys) < limit:
        keys.append((year, number))
        year, number = previous_key(year, number)
    saved = {
        (q.year, q.number): q
        for q in Quarter.objects.filter(ward=ward, year__gte=keys[-1][0], year__lte=keys[0][0])
    }
    return [saved.get(key) or Quarter.default(ward, *key) for key in reversed(keys)]
