"""The Standing Committee's dashboard: the targets of seed 000 section III measured live, the
picture of the ward, the early-warning list, and a secretary's unit card.

Every figure is an aggregate in the database, so the dashboard makes the same number of
queries for ten units as for ten thousand. Each number carries the URL of the list behind
it: the round board and the plan list with their filters, or a target's own list
(`target_rows`), which says for each row whether it counts towards the target."""

import datetime
from dataclasses import dataclass, field

from django.db.models import (
    Count,
    Exists,
    Min,
    OuterRef,
    Q,
)
from django.urls import reverse
from django.utils.http import urlencode

from consolidation.models import (
    OPEN_TASK_STATUSES,
    Cadre,
    CaseStatus,
    ComplexCase,
    Conclusion,
    Plan,
    PlanKind,
    PlanStatus,
    QuarterlyUpdate,
    Review,
    ReviewState,
    Task,
    UpdateState,
)
from consolidation.models.plans import (
    behind_phase_condition,
    flag,
    past_end_condition,
    reports_in_condition,
)
from consolidation.models.quarterly import quarter_condition, quarter_key, sent_condition
from consolidation.selectors.plans import with_plan_figures, with_step_and_lateness
from consolidation.selectors.quarterly import current_quarter, previous_key, quarter_find
from consolidation.selectors.registers import cadre_ratio, case_ratio
from consolidation.selectors.reviews import (
    latest_round,
    needing_consolidation,
    round_counts,
    with_signs_of_weakness,
)
from organizations.models import Bloc, Rating, RatingLevel, Unit
from organizations.selectors import units_visible_to

from .charts import Bar, Series, bar_chart, column_chart
from .documents import short_date

MET, AT_RISK, MISSED, NO_DATA = "met", "at_risk", "missed", "none"
STATUS_LABELS = {
    MET: "Đạt",
    AT_RISK: "Có nguy cơ không đạt",
    MISSED: "Không đạt",
    NO_DATA: "Chưa có số liệu",
}
MARGIN = 0.10  # below the goal by less than this: at risk rather than missed
OVERDUE_DAYS = 30
RATING_YEARS = 2  # a "Không hoàn thành nhiệm vụ" rating warns while it is this recent


# --- scope ----------------------------------------------------------------------------------


@dataclass
class Scope:
    """The whole ward, one bloc of it, or one đảng bộ cơ sở's subtree."""

    ward: Unit
    bloc: str = ""
    under: Unit | None = None

    def units(self, user):
        root = self.under or self.ward
        units = units_visible_to(user).filter(path__startswith=root.path)
        return units.filter(bloc=self.bloc) if self.bloc else units

    @property
    def label(self) -> str:
        if self.under is not None:
            return self.under.name
        if self.bloc:
            return f"{self.ward.name}, khối {Bloc(self.bloc).label}"
        return self.ward.name

    @property
    def params(self) -> dict:
        """The scope as the lists' GET parameters (the round board and the plan list take
        the same `bloc` and `under`)."""
        params = {}
        if self.bloc:
            params["bloc"] = self.bloc
        if self.under is not None:
            params["under"] = self.under.pk
        return params

    @property
    def query(self) -> str:
        return urlencode(self.params)

    def link(self, name: str, *args, **params) -> str:
        query = {**self.params, **{k: v for k, v in params.items() if v not in (None, "")}}
        url = reverse(name, args=args)
        return f"{url}?{urlencode(query)}" if query else url


def scope_for(user, ward: Unit, *, bloc: str = "", under_pk=None) -> Scope:
    """The scope asked for in the URL, narrowed to what the user may see: a đảng bộ cơ sở
    secretary always gets their own subtree."""
    from organizations.models import Role
    from organizations.selectors import membership_of

    membership = membership_of(user)
    if membership is not None and membership.role == Role.SECRETARY:
        return Scope(ward=ward, under=membership.unit)
    under = None
    if under_pk:
        under = units_visible_to(user).filter(pk=under_pk, depth__gt=0).first()
    return Scope(ward=ward, bloc=bloc if bloc in Bloc.values else "", under=under)


# --- targets --------------------------------------------------------------------------------


@dataclass
class Target:
    key: str
    title: str
    goal: str  # "100 %", "≥ 80 %", "0"
    status: str
    url: str
    numerator: int | None = None
    denominator: int | None = None
    count: int | None = None  # for a count target (prolonged weakness)
    note: str = ""
    unit_label: str = "tổ chức"

    @property
    def ratio(self) -> float | None:
        return _ratio(self.numerator, self.denominator)

    @property
    def status_label(self) -> str:
        return STATUS_LABELS[self.status]


def _ratio(numerator, denominator) -> float | None:
    """None when there is nothing to count: no data, not 0 %."""
    return numerator / denominator if denominator else None


def light(ratio: float | None, goal: float, *, today, due=None) -> str:
    """Met when the goal is reached; short of it, at risk while its date has not passed or
    when within ten points of it; missed otherwise."""
    if ratio is None:
        return NO_DATA
    if ratio >= goal - 1e-9:
        return MET
    if (due is not None and today <= due) or ratio >= goal - MARGIN:
        return AT_RISK
    return MISSED


def _sent(quarter, *, on_time: bool = False):
    """The outer plan's report for the quarter was sent (on time: sent_condition)."""
    return Exists(
        QuarterlyUpdate.objects.filter(plan=OuterRef("pk")).of(quarter).sent(on_time=on_time)
    )


def quarter_expected(units, quarter):
    """Plans in scope expected to report in the quarter."""
    return Plan.objects.filter(unit__in=units).expected_in(quarter)


def improvement_plans(units, today):
    """Đề án (units judged yếu kém) with their improvement (PlanQuerySet.with_improvement)."""
    return Plan.objects.filter(unit__in=units, kind=PlanKind.PROJECT).with_improvement(today)


def targets(user, scope: Scope, today, round_, counts, quarter) -> list[Target]:
    units = scope.units(user)
    detail = lambda key: scope.link("dashboard:target", key)  # noqa: E731
    result = []

    due_plans = round_.phase2_starts_on if round_ else None
    if counts is not None:
        result.append(
            Target(
                "signs",
                "Tổ chức có dấu hiệu yếu kém được rà soát, đánh giá",
                "100 %",
                light(counts.signs_reviewed_ratio, 1, today=today, due=due_plans),
                detail("signs"),
                counts.with_signs_reviewed,
                counts.with_signs,
                note=f"{round_.name}",
            )
        )
        needing, approved = counts.needing_consolidation, counts.with_approved_plan
        result.append(
            Target(
                "approved",
                "Tổ chức cần củng cố có đề án, kế hoạch được phê duyệt",
                "100 %",
                light(
                    _ratio(approved, needing),
                    1,
                    today=today,
                    due=due_plans,
                ),
                detail("approved"),
                approved,
                needing,
                note="" if needing else "Không có tổ chức nào cần củng cố.",
            )
        )
    else:
        for key, title in (
            ("signs", "Tổ chức có dấu hiệu yếu kém được rà soát, đánh giá"),
            ("approved", "Tổ chức cần củng cố có đề án, kế hoạch được phê duyệt"),
        ):
            result.append(
                Target(key, title, "100 %", NO_DATA, detail(key), note="Chưa mở đợt rà soát.")
            )

    ripe = Q(ripe=True)
    improvement = improvement_plans(units, today).aggregate(
        matured=Count("pk", filter=ripe),
        improved_count=Count("pk", filter=ripe & Q(improved=True)),
        young_evaluated=Count("pk", filter=~ripe & Q(last_mid_term__isnull=False)),
        young_improved=Count("pk", filter=~ripe & Q(last_mid_term=True)),
    )
    trend = ""
    if improvement["young_evaluated"]:
        trend = (
            f"Giữa kỳ: {improvement['young_improved']}/{improvement['young_evaluated']} "
            "tổ chức chưa đủ 12 tháng có chuyển biến rõ rệt."
        )
    elif not improvement["matured"]:
        trend = "Chưa tổ chức nào đủ 12 tháng củng cố, chưa có đánh giá giữa kỳ."
    ripe_count = improvement["matured"]
    result.append(
        Target(
            "improvement",
            "Tổ chức yếu kém có chuyển biến rõ rệt sau 12 tháng",
            "≥ 80 %",
            light(_ratio(improvement["improved_count"], ripe_count), 0.8, today=today),
            detail("improvement"),
            improvement["improved_count"],
            ripe_count,
            note=trend,
        )
    )

    prolonged = counts.prolonged if counts is not None else 0
    result.append(
        Target(
            "prolonged",
            "Tổ chức yếu kém kéo dài",
            "0",
            MET if prolonged == 0 else MISSED,
            detail("prolonged"),
            count=prolonged,
        )
    )

    cadres = cadre_ratio(units)
    result.append(
        Target(
            "cadres",
            "Cán bộ hạn chế được đào tạo, bồi dưỡng, sắp xếp hoặc thay thế",
            "≥ 70 %",
            light(cadres.ratio, 0.7, today=today, due=round_.phase3_ends_on if round_ else None),
            detail("cadres"),
            cadres.numerator,
            cadres.denominator,
            unit_label="cán bộ",
        )
    )
    cases = case_ratio(units)
    result.append(
        Target(
            "cases",
            "Vụ việc phức tạp được phân loại, có lộ trình xử lý",
            "100 %",
            light(cases.ratio, 1, today=today, due=due_plans),
            detail("cases"),
            cases.numerator,
            cases.denominator,
            unit_label="vụ việc",
        )
    )

    rates = quarter_expected(units, quarter).aggregate(
        expected=Count("pk"),
        submitted=Count("pk", filter=Q(_sent(quarter))),
        on_time=Count("pk", filter=Q(_sent(quarter, on_time=True))),
    )
    expected = rates["expected"]
    days_left = (quarter.ward_deadline - today).days
    deadline_note = (
        f"Hạn chi bộ nộp {short_date(quarter.unit_deadline)}; phường gửi Phụ lục 3 trước "
        f"{short_date(quarter.ward_deadline)} – "
        + (f"còn {days_left} ngày." if days_left >= 0 else f"đã quá {-days_left} ngày.")
    )

    def report_light(count: int) -> str:
        return light(_ratio(count, expected), 1, today=today, due=quarter.unit_deadline)

    result.append(
        Target(
            "reporting",
            f"Báo cáo {quarter.label} đã nộp",
            "100 %",
            report_light(rates["submitted"]),
            detail("reporting"),
            rates["submitted"],
            expected,
            note=deadline_note,
        )
    )
    result.append(
        Target(
            "on_time",
            f"Báo cáo {quarter.label} nộp đúng hạn",
            "100 %",
            report_light(rates["on_time"]),
            detail("reporting"),
            rates["on_time"],
            expected,
        )
    )
    return result


# --- the lists behind the targets -----------------------------------------------------------


@dataclass
class TargetRow:
    unit: Unit
    cells: list[str]
    counts: bool  # towards the numerator
    url: str


@dataclass
class TargetList:
    target: str
    title: str
    columns: list[str]
    rows: list[TargetRow]
    counted_label: str  # the header of the "counts" column


TARGET_TITLES = {
    "signs": "Tổ chức có dấu hiệu yếu kém trong đợt rà soát",
    "approved": "Tổ chức cần củng cố và đề án, kế hoạch của mình",
    "improvement": "Đề án củng cố tổ chức yếu kém và chuyển biến sau 12 tháng",
    "prolonged": "Tổ chức yếu kém kéo dài",
    "cadres": "Cán bộ bị đánh giá hạn chế",
    "cases": "Vụ việc phức tạp, tồn đọng, điểm nóng",
    "reporting": "Báo cáo quý của các tổ chức đang củng cố",
}


def target_rows(user, scope: Scope, key: str, today) -> TargetList | None:
    """The units, plans, cadres or cases a target counts, each marked as meeting it or not;
    a fixed number of queries."""
    units = scope.units(user)
    round_ = latest_round(scope.ward)
    title = TARGET_TITLES.get(key)
    if title is None:
        return None
    review_url = lambda r: reverse("consolidation:review_detail", args=[r.pk])  # noqa: E731
    plan_url = lambda p: reverse("consolidation:plan_detail", args=[p.pk])  # noqa: E731
    if key in ("signs", "approved", "prolonged"):
        reviews = (
            Review.objects.none()
            if round_ is None
            else round_.reviews.filter(unit__in=units).select_related("unit", "plan")
        )
        if key == "signs":
            reviews = reviews.filter(with_signs_of_weakness())
            rows = [
                TargetRow(
                    r.unit,
                    [r.get_state_display(), r.get_conclusion_display() or "–"],
                    r.state == ReviewState.CONFIRMED,
                    review_url(r),
                )
                for r in reviews.order_by("unit__sort_key")
            ]
            return TargetList(key, title, ["Tình trạng", "Kết luận"], rows, "Đã xác nhận")
        if key == "approved":
            rows = []
            for r in reviews.filter(needing_consolidation()).order_by("unit__sort_key"):
                plan = getattr(r, "plan", None)
                rows.append(
                    TargetRow(
                        r.unit,
                        [
                            r.get_conclusion_display(),
                            plan.get_status_display() if plan else "Chưa xây dựng",
                        ],
                        bool(plan and plan.status in (PlanStatus.APPROVED, PlanStatus.RECOGNIZED)),
                        plan_url(plan) if plan else review_url(r),
                    )
                )
            return TargetList(
                key, title, ["Kết luận", "Đề án, kế hoạch"], rows, "Đã được phê duyệt"
            )
        rows = [
            TargetRow(r.unit, [r.get_conclusion_display() or "–"], False, review_url(r))
            for r in reviews.filter(is_prolonged=True).order_by("unit__sort_key")
        ]
        return TargetList(key, title, ["Kết luận"], rows, "Đã hết kéo dài")
    if key == "improvement":
        plans = improvement_plans(units, today).select_related("unit").order_by("unit__sort_key")
        rows = []
        for p in plans:
            evaluation = {True: "Có chuyển biến rõ rệt", False: "Chưa chuyển biến rõ rệt"}.get(
                p.last_evaluation, "Chưa đánh giá"
            )
            rows.append(
                TargetRow(
                    p.unit,
                    [
                        short_date(p.started_on),
                        "Đủ 12 tháng" if p.ripe else "Chưa đủ 12 tháng",
                        p.get_status_display(),
                        evaluation,
                    ],
                    p.ripe and p.improved,
                    plan_url(p),
                )
            )
        return TargetList(
            key,
            title,
            ["Đưa vào củng cố", "Thời gian", "Tình trạng", "Đánh giá gần nhất"],
            rows,
            "Tính là chuyển biến (đủ 12 tháng)",
        )
    if key == "cadres":
        rows = [
            TargetRow(
                c.unit,
                [f"{c.name}, {c.position}", c.get_action_display()],
                c.acted_upon,
                reverse("consolidation:registers") + "#cadres",
            )
            for c in Cadre.objects.filter(unit__in=units)
            .select_related("unit")
            .order_by("unit__sort_key", "name")
        ]
        return TargetList(key, title, ["Cán bộ", "Xử lý"], rows, "Đã xử lý")
    if key == "cases":
        cases = (
            ComplexCase.objects.filter(unit__in=units)
            .with_roadmap_flag()
            .select_related("unit")
            .order_by("unit__sort_key", "pk")
        )
        rows = [
            TargetRow(
                c.unit,
                [
                    c.get_kind_display(),
                    c.classification or "chưa phân loại",
                    short_date(c.roadmap_deadline) or "chưa có lộ trình",
                    c.get_status_display(),
                ],
                bool(c.roadmap_ready),
                reverse("consolidation:registers") + "#cases",
            )
            for c in cases
        ]
        return TargetList(
            key, title, ["Vụ việc", "Phân loại", "Hạn lộ trình", "Tình trạng"], rows, "Có lộ trình"
        )
    quarter = current_quarter(scope.ward, today)
    plans = (
        quarter_expected(units, quarter)
        .annotate(submitted=_sent(quarter), on_time=_sent(quarter, on_time=True))
        .select_related("unit")
        .order_by("unit__sort_key")
    )
    rows = [
        TargetRow(
            p.unit,
            [
                p.get_kind_display(),
                "Đúng hạn" if p.on_time else "Muộn" if p.submitted else "Chưa nộp",
            ],
            bool(p.submitted),
            reverse("consolidation:update_open", args=[p.pk, quarter.code]),
        )
        for p in plans
    ]
    return TargetList(key, f"{title} – {quarter.label}", ["Loại", "Nộp"], rows, "Đã nộp")


# --- the picture of the ward ----------------------------------------------------------------


@dataclass
class Slice:
    label: str
    value: int
    url: str = ""
    tone: str = "primary"


@dataclass
class Chart:
    key: str
    title: str
    slices: list[Slice]
    counted: str  # what the numbers count: "tổ chức", "đề án, kế hoạch"
    first_column: str = ""  # the header of the labels' column
    note: str = ""
    columns: bool = False  # a column chart over time instead of bars
    series: list[Series] = field(default_factory=list)
    table_columns: list[str] = field(default_factory=list)
    table_rows: list[list] = field(default_factory=list)

    @property
    def svg(self):
        if self.columns:
            return column_chart([s.label for s in self.slices], self.series)
        return bar_chart([Bar(s.label, s.value, s.tone) for s in self.slices])

    @property
    def total(self) -> int:
        return sum(s.value for s in self.slices)

    @property
    def header(self) -> list[str]:
        return self.table_columns or [self.first_column, f"Số {self.counted}"]

    @property
    def table(self) -> list[tuple[str, list]]:
        """The rows of the table beside the chart, each with the link of its list."""
        if self.table_columns:
            return [
                (self.slices[i].url if i < len(self.slices) else "", row)
                for i, row in enumerate(self.table_rows)
            ]
        return [(s.url, [s.label, s.value]) for s in self.slices]


CONCLUSION_TONES = {
    Conclusion.WEAK: "danger",
    Conclusion.COMPLEX: "warning",
    Conclusion.AT_RISK: "info",
    Conclusion.NOT_NEEDED: "success",
}
GROUP_SETS = [
    ("1", "Chỉ Nhóm 1"),
    ("2", "Chỉ Nhóm 2"),
    ("3", "Chỉ Nhóm 3"),
    ("12", "Nhóm 1 và 2"),
    ("13", "Nhóm 1 và 3"),
    ("23", "Nhóm 2 và 3"),
    ("123", "Cả ba nhóm"),
]


def _plan_counts(plans, today) -> dict[str, int]:
    """Plans by step, by phase and by lateness: one row per plan (its subqueries evaluated
    once), counted here."""
    from consolidation.models import ReviewRound

    rows = list(
        with_step_and_lateness(plans, today).values("status", "steps_done", "is_late", "round_id")
    )
    rounds = {r.pk: r for r in ReviewRound.objects.filter(pk__in={r["round_id"] for r in rows})}
    keys = ["s1", "s2", "s3", "s4", "s5", "s6", "p1", "p2", "p3"]
    counts = dict.fromkeys([*keys, "recognized", "on_track", "late", "preparing"], 0)
    for row in rows:
        if row["is_late"]:
            counts["late"] += 1
        if row["status"] == PlanStatus.RECOGNIZED:
            counts["recognized"] += 1
            continue
        counts[f"s{min(row['steps_done'] + 1, 6)}"] += 1
        round_ = rounds.get(row["round_id"])
        phase = round_.phase_on(today) if round_ else None
        if phase:
            counts[f"p{phase}"] += 1
        if row["is_late"]:
            continue
        if row["status"] == PlanStatus.APPROVED:
            counts["on_track"] += 1
        else:
            counts["preparing"] += 1
    return counts


def overdue_by_plan(units, today) -> list[dict]:
    """Open tasks past their deadline, per plan: how many and since when, and how many of
    them more than OVERDUE_DAYS (the chart and the early warning share this one query)."""
    cutoff = today - datetime.timedelta(days=OVERDUE_DAYS)
    return list(
        Task.objects.overdue_on(today)
        .filter(plan__unit__in=units)
        .values("plan_id", *(f"plan__unit__{name}" for name in UNIT_FIELDS))
        .annotate(
            n=Count("pk"),
            oldest=Min("deadline"),
            n_long=Count("pk", filter=Q(deadline__lt=cutoff)),
        )
        .order_by()
    )


def picture(user, scope: Scope, today, round_, counts, overdue_rows=None) -> list[Chart]:
    units = scope.units(user)
    charts = []
    board = lambda **params: (  # noqa: E731
        scope.link("consolidation:round_board", round_.pk, **params) if round_ else ""
    )
    plan_list = lambda **params: scope.link("consolidation:plan_list", **params)  # noqa: E731

    if round_ is not None and counts is not None:
        slices = [
            Slice(label, counts.by_conclusion.get(value, 0), board(conclusion=value), tone)
            for value, label in Conclusion.choices
            for tone in [CONCLUSION_TONES[value]]
        ]
        slices.append(
            Slice(
                "Chưa xác nhận", counts.units - counts.reviewed, board(flag="unconfirmed"), "muted"
            )
        )
        charts.append(
            Chart(
                "conclusions",
                f"Kết luận rà soát – {round_.name}",
                slices,
                "tổ chức",
                first_column="Kết luận",
            )
        )
        sets = counts.group_sets
        charts.append(
            Chart(
                "groups",
                "Tổ chức cần củng cố theo nhóm biểu hiện",
                [
                    Slice(
                        label,
                        sets[digits],
                        board(flag="needs", groups=digits),
                        "warning" if len(digits) > 1 else "primary",
                    )
                    for digits, label in GROUP_SETS
                ],
                "tổ chức",
                first_column="Nhóm biểu hiện",
                note=(
                    f"Tính theo từng nhóm: Nhóm 1: {counts.by_group.get(1, 0)}, Nhóm 2: "
                    f"{counts.by_group.get(2, 0)}, Nhóm 3: {counts.by_group.get(3, 0)}; "
                    f"{counts.in_two_or_more_groups} tổ chức thuộc từ hai nhóm trở lên."
                ),
            )
        )
        by_bloc = {
            bloc: {"units": units_, "needing": needing}
            for bloc, (units_, needing) in counts.by_bloc.items()
        }
        charts.append(
            Chart(
                "blocs",
                "Tổ chức cần củng cố theo khối",
                [
                    Slice(
                        label,
                        by_bloc.get(value, {}).get("needing", 0),
                        board(flag="needs", bloc=value) if not scope.bloc else board(flag="needs"),
                        "primary",
                    )
                    for value, label in Bloc.choices
                    if not scope.bloc or value == scope.bloc
                ],
                "tổ chức",
                table_columns=["Khối", "Trong đợt", "Cần củng cố"],
                table_rows=[
                    [
                        label,
                        by_bloc.get(value, {}).get("units", 0),
                        by_bloc.get(value, {}).get("needing", 0),
                    ]
                    for value, label in Bloc.choices
                    if not scope.bloc or value == scope.bloc
                ],
            )
        )

    step_counts = _plan_counts(Plan.objects.filter(unit__in=units), today)
    charts.append(
        Chart(
            "steps",
            "Đề án, kế hoạch theo bước",
            [
                *[
                    Slice(f"Bước {n}", step_counts[f"s{n}"], plan_list(step=n), "primary")
                    for n in range(1, 7)
                ],
                Slice(
                    "Đã công nhận hoàn thành",
                    step_counts["recognized"],
                    plan_list(status=PlanStatus.RECOGNIZED),
                    "success",
                ),
            ],
            "đề án, kế hoạch",
            first_column="Bước",
        )
    )
    charts.append(
        Chart(
            "phases",
            "Đề án, kế hoạch đang thực hiện theo giai đoạn",
            [
                Slice(f"Giai đoạn {n}", step_counts[f"p{n}"], plan_list(phase=n), "primary")
                for n in (1, 2, 3)
            ],
            "đề án, kế hoạch",
            first_column="Giai đoạn",
        )
    )
    charts.append(
        Chart(
            "progress",
            "Tiến độ thực hiện",
            [
                Slice("Đúng tiến độ", step_counts["on_track"], plan_list(on_track="on"), "success"),
                Slice("Chậm tiến độ", step_counts["late"], plan_list(late="on"), "danger"),
                Slice(
                    "Đang xây dựng, chờ duyệt",
                    step_counts["preparing"],
                    plan_list(status=PlanStatus.DRAFTING),
                    "muted",
                ),
                Slice(
                    "Đã công nhận hoàn thành",
                    step_counts["recognized"],
                    plan_list(status=PlanStatus.RECOGNIZED),
                    "primary",
                ),
            ],
            "đề án, kế hoạch",
            first_column="Tiến độ",
        )
    )

    overdue = list(overdue_rows) if overdue_rows is not None else overdue_by_plan(units, today)
    overdue.sort(key=lambda row: (-row["n"], row["plan__unit__sort_key"]))
    top = overdue[:10]
    total_overdue = {
        "n": sum(row["n"] for row in overdue),
        "units": len({row["plan__unit__pk"] for row in overdue}),
    }
    charts.append(
        Chart(
            "overdue",
            "Nhiệm vụ quá hạn theo tổ chức",
            [
                Slice(
                    row["plan__unit__name"],
                    row["n"],
                    reverse("consolidation:plan_detail", args=[row["plan_id"]]) + "?tre=1",
                    "danger",
                )
                for row in top
            ],
            "nhiệm vụ",
            note=(
                f"Tổng cộng {total_overdue['n']} nhiệm vụ quá hạn ở {total_overdue['units']} "
                "tổ chức"
                + ("; hiện 10 tổ chức nhiều nhất." if total_overdue["units"] > 10 else ".")
                if total_overdue["n"]
                else "Không có nhiệm vụ nào quá hạn."
            ),
            table_columns=["Tổ chức", "Nhiệm vụ quá hạn", "Quá hạn từ"],
            table_rows=[
                [row["plan__unit__name"], row["n"], short_date(row["oldest"])] for row in top
            ],
        )
    )
    charts.append(_trend(user, scope, units, today))
    return charts


def _trend(user, scope: Scope, units, today) -> Chart:
    """The last six quarters: plans that had to report, reports sent, on time, accepted."""
    from consolidation.selectors.quarterly import reporting_quarters

    quarters = reporting_quarters(scope.ward, today)
    plans = Plan.objects.filter(unit__in=units)
    expected = plans.aggregate(
        **{f"e{q.code}": Count("pk", filter=reports_in_condition(q)) for q in quarters}
    )
    updates = QuarterlyUpdate.objects.filter(plan__unit__in=units).of(*quarters)
    sent = updates.aggregate(
        **{
            f"s{q.code}": Count("pk", filter=quarter_condition(q) & sent_condition())
            for q in quarters
        },
        **{
            f"t{q.code}": Count("pk", filter=quarter_condition(q) & sent_condition(on_time=True))
            for q in quarters
        },
        **{
            f"a{q.code}": Count("pk", filter=quarter_condition(q) & Q(state=UpdateState.ACCEPTED))
            for q in quarters
        },
    )
    series = [
        Series("Phải báo cáo", [expected[f"e{q.code}"] for q in quarters], "muted"),
        Series("Đã nộp", [sent[f"s{q.code}"] for q in quarters], "primary"),
        Series("Đúng hạn", [sent[f"t{q.code}"] for q in quarters], "success"),
    ]
    rows = []
    for q in quarters:
        due, sent_n = expected[f"e{q.code}"], sent[f"s{q.code}"]
        rows.append(
            [
                q.label,
                due,
                sent_n,
                sent[f"t{q.code}"],
                sent[f"a{q.code}"],
                f"{round(100 * sent_n / due)} %" if due else "–",
            ]
        )
    return Chart(
        "trend",
        "Báo cáo quý qua các quý",
        [
            Slice(
                q.label.replace("Quý ", ""),
                expected[f"e{q.code}"],
                reverse("consolidation:quarterly_home"),
            )
            for q in quarters
        ],
        "đề án, kế hoạch",
        columns=True,
        series=series,
        table_columns=["Quý", "Phải báo cáo", "Đã nộp", "Đúng hạn", "Đã tiếp nhận", "Tỷ lệ nộp"],
        table_rows=rows,
    )


# --- early warning --------------------------------------------------------------------------


@dataclass
class Reason:
    """One reason to look at a unit, and where to look (reversed only when shown: a city
    has thousands of reasons and the page shows ten units)."""

    kind: str
    text: str
    view: str
    pk: int
    suffix: str = ""

    @property
    def url(self) -> str:
        if self.view.startswith("#"):  # an anchor in the registers page
            return reverse("consolidation:registers") + self.view
        return reverse(self.view, args=[self.pk]) + self.suffix


@dataclass
class Warning:
    unit: "UnitRef"
    reasons: list[Reason] = field(default_factory=list)


WARNING_KINDS = {
    "prolonged": "Yếu kém kéo dài",
    "overdue": "Nhiệm vụ quá hạn trên 30 ngày",
    "reports": "Hai quý liền không nộp hoặc bị trả lại báo cáo",
    "behind": "Đề án, kế hoạch chậm so với giai đoạn",
    "rating": "Xếp loại «Không hoàn thành nhiệm vụ»",
    "case": "Vụ việc phức tạp quá hạn lộ trình",
}


def last_two_closed_quarters(ward: Unit, today):
    """The two latest quarters whose unit deadline has passed, older first."""
    key = quarter_key(today)
    current = quarter_find(ward, *key)
    if current.unit_deadline >= today:
        key = previous_key(*key)
    newer = quarter_find(ward, *key) if key != quarter_key(today) else current
    older = quarter_find(ward, *previous_key(*key))
    return older, newer


UNIT_FIELDS = ("pk", "code", "name", "sort_key")


@dataclass(frozen=True)
class UnitRef:
    """What a warning shows of its unit, read with each reason (no second query over
    thousands of ids)."""

    pk: int
    code: str
    name: str
    sort_key: str


def early_warnings(user, scope: Scope, today, overdue_rows=None) -> list[Warning]:
    """Units to look at now, each with its reasons, most reasons first; one query per
    kind of reason."""
    units = scope.units(user)
    found: dict[int, Warning] = {}

    def add(row, prefix, kind, text, view, pk=None, suffix=""):
        ref = UnitRef(*(row[f"{prefix}{name}"] for name in UNIT_FIELDS))
        warning = found.get(ref.pk)
        if warning is None:
            warning = found[ref.pk] = Warning(ref)
        warning.reasons.append(Reason(kind, text, view, pk, suffix))

    def unit_columns(prefix):
        return [f"{prefix}{name}" for name in UNIT_FIELDS]

    round_ = latest_round(scope.ward)
    if round_ is not None:
        text = f"Yếu kém kéo dài (hai đợt rà soát liền, {round_.name})"
        for review in (
            round_.reviews.filter(unit__in=units, is_prolonged=True)
            .values("id", *unit_columns("unit__"))
            .order_by()
        ):
            add(review, "unit__", "prolonged", text, "consolidation:review_detail", review["id"])

    rows = overdue_rows if overdue_rows is not None else overdue_by_plan(units, today)
    for row in rows:
        if row["n_long"]:
            add(
                row,
                "plan__unit__",
                "overdue",
                f"{row['n_long']} nhiệm vụ quá hạn trên {OVERDUE_DAYS} ngày (hạn sớm nhất "
                f"{short_date(row['oldest'])})",
                "consolidation:plan_detail",
                row["plan_id"],
                "?tre=1",
            )

    older, newer = last_two_closed_quarters(scope.ward, today)
    good = QuarterlyUpdate.objects.filter(
        plan=OuterRef("pk"), state__in=[UpdateState.SUBMITTED, UpdateState.ACCEPTED]
    )
    text = f"Không nộp hoặc bị trả lại báo cáo {older.label} và {newer.label}"
    for plan in (
        Plan.objects.filter(unit__in=units)
        .expected_in(older)
        .expected_in(newer)
        .filter(~Exists(good.of(older)), ~Exists(good.of(newer)))
        .values("id", *unit_columns("unit__"))
        .order_by()
    ):
        add(plan, "unit__", "reports", text, "consolidation:plan_detail", plan["id"])

    behind_phase, past_end = behind_phase_condition(today), past_end_condition(today)
    for plan in (
        Plan.objects.filter(unit__in=units)
        .filter(behind_phase | past_end)
        .annotate(is_behind_phase=flag(behind_phase), is_past_end=flag(past_end))
        .values("id", "is_behind_phase", "is_past_end", "expected_end", *unit_columns("unit__"))
        .order_by()
    ):
        if plan["is_behind_phase"]:
            add(
                plan,
                "unit__",
                "behind",
                "Đã sang giai đoạn 2 mà đề án, kế hoạch chưa được phê duyệt",
                "consolidation:plan_detail",
                plan["id"],
            )
        if plan["is_past_end"]:
            add(
                plan,
                "unit__",
                "behind",
                f"Quá thời gian dự kiến hoàn thành ({short_date(plan['expected_end'])}) mà "
                "chưa được công nhận",
                "consolidation:plan_detail",
                plan["id"],
            )

    recent = Rating.objects.filter(year__gte=today.year - RATING_YEARS)
    later = recent.filter(unit=OuterRef("unit"), year__gt=OuterRef("year"))
    for rating in (
        recent.filter(unit__in=units, level=RatingLevel.NOT_COMPLETED)
        .filter(~Exists(later))
        .values("year", *unit_columns("unit__"))
        .order_by()
    ):
        add(
            rating,
            "unit__",
            "rating",
            f"Xếp loại «Không hoàn thành nhiệm vụ» năm {rating['year']}",
            "organizations:unit_detail",
            rating["unit__pk"],
        )

    for case in (
        ComplexCase.objects.filter(unit__in=units, roadmap_deadline__lt=today)
        .exclude(status=CaseStatus.CLOSED)
        .values("roadmap_deadline", *unit_columns("unit__"))
        .order_by()
    ):
        add(
            case,
            "unit__",
            "case",
            f"Vụ việc phức tạp chưa giải quyết xong, quá hạn lộ trình "
            f"{short_date(case['roadmap_deadline'])}",
            "#cases",
        )

    return sorted(found.values(), key=lambda w: (-len(w.reasons), w.unit.sort_key, w.unit.code))


# --- the whole page -------------------------------------------------------------------------


@dataclass
class Dashboard:
    scope: Scope
    today: datetime.date
    round: object
    quarter: object
    targets: list[Target]
    charts: list[Chart]
    warnings: list[Warning]

    @property
    def days_left(self) -> int:
        return (self.quarter.ward_deadline - self.today).days


def dashboard(user, scope: Scope, today) -> Dashboard:
    round_ = latest_round(scope.ward)
    counts = (
        round_counts(round_, round_.reviews.filter(unit__in=scope.units(user))) if round_ else None
    )
    quarter = current_quarter(scope.ward, today)
    overdue = overdue_by_plan(scope.units(user), today)
    return Dashboard(
        scope=scope,
        today=today,
        round=round_,
        quarter=quarter,
        targets=targets(user, scope, today, round_, counts, quarter),
        charts=picture(user, scope, today, round_, counts, overdue),
        warnings=early_warnings(user, scope, today, overdue),
    )


# --- a secretary's home: their unit's card --------------------------------------------------


@dataclass
class UnitCard:
    unit: Unit
    today: datetime.date
    round: object
    review: Review | None
    plan: Plan | None  # the current plan (the latest not yet recognized, else the latest)
    tasks: list  # open tasks, earliest deadline first
    open_tasks: int
    quarter: object
    update: QuarterlyUpdate | None
    reports_this_quarter: bool
    warnings: list[Warning]
    has_subtree: bool

    @property
    def unit_days_left(self) -> int:
        return (self.quarter.unit_deadline - self.today).days

    @property
    def update_url(self) -> str:
        if self.plan is None:
            return ""
        return reverse("consolidation:update_open", args=[self.plan.pk, self.quarter.code])


CARD_TASKS = 10


def unit_card(user, today) -> UnitCard | None:
    from django.db.models import Case, F, IntegerField, Value, When

    from organizations.models import Kind
    from organizations.selectors import membership_of, ward_of

    membership = membership_of(user)
    ward = ward_of(user)
    if membership is None or ward is None:
        return None
    unit = membership.unit
    round_ = latest_round(ward)
    review = round_.reviews.filter(unit=unit).first() if round_ else None
    plan = (
        with_plan_figures(Plan.objects.filter(unit=unit), today)
        .select_related("round")
        .annotate(
            done=Case(
                When(status=PlanStatus.RECOGNIZED, then=Value(1)),
                default=Value(0),
                output_field=IntegerField(),
            )
        )
        .order_by("done", "-started_on")
        .first()
    )
    tasks, open_tasks = [], 0
    if plan is not None:
        open_ = plan.tasks.filter(status__in=OPEN_TASK_STATUSES)
        open_tasks = open_.count()
        tasks = list(
            open_.select_related("group").order_by(F("deadline").asc(nulls_last=True), "order")[
                :CARD_TASKS
            ]
        )
    quarter = current_quarter(ward, today)
    update = QuarterlyUpdate.objects.of(quarter).filter(plan=plan).first() if plan else None
    return UnitCard(
        unit=unit,
        today=today,
        round=round_,
        review=review,
        plan=plan,
        tasks=tasks,
        open_tasks=open_tasks,
        quarter=quarter,
        update=update,
        reports_this_quarter=bool(plan and plan.reports_in(quarter)),
        warnings=early_warnings(user, Scope(ward=ward, under=unit), today),
        has_subtree=unit.kind == Kind.BASE_COMMITTEE,
    )


# --- printed for the meeting ----------------------------------------------------------------


def meeting_document(board: Dashboard):
    """The dashboard as a dated document for the Standing Committee's meeting, laid out and
    printed by the same machinery as the official forms."""
    from .documents import Document, Figure, Heading, Letterhead, Paragraph, Table, place_date
    from .selectors import profile_for, slug

    profile = profile_for(board.scope.ward)
    percent = lambda t: (  # noqa: E731
        str(t.count)
        if t.count is not None
        else f"{t.numerator}/{t.denominator} ({round(100 * t.ratio)} %)"
        if t.ratio is not None
        else "–"
    )
    blocks = [
        Heading("I. CÁC CHỈ TIÊU"),
        Table(
            columns=["STT", "Chỉ tiêu", "Kết quả", "Mục tiêu", "Đánh giá", "Ghi chú"],
            rows=[
                [str(i), t.title, percent(t), t.goal, t.status_label, t.note]
                for i, t in enumerate(board.targets, start=1)
            ],
            widths=[7, 36, 14, 9, 12, 22],
            key="chi-tieu",
        ),
        Heading("II. CẢNH BÁO SỚM"),
        Table(
            columns=["STT", "Tổ chức", "Lý do"],
            rows=[
                [str(i), w.unit.name, "\n".join(f"- {r.text}" for r in w.reasons)]
                for i, w in enumerate(board.warnings, start=1)
            ],
            widths=[7, 30, 63],
            key="canh-bao",
            empty_text="Không có tổ chức nào cần cảnh báo.",
        ),
        Heading("III. BỨC TRANH CHUNG"),
    ]
    for index, chart in enumerate(board.charts, start=1):
        blocks.append(Heading(f"{index}. {chart.title}", level=2))
        blocks.append(Figure(str(chart.svg)))
        if chart.note:
            blocks.append(Paragraph(chart.note, style="italic"))
        if chart.table_columns:
            blocks.append(
                Table(
                    columns=chart.table_columns,
                    rows=[[str(c) for c in row] for row in chart.table_rows],
                    key=chart.key,
                    empty_text="Không có.",
                )
            )
        else:
            blocks.append(
                Table(
                    columns=chart.header,
                    rows=[[s.label, str(s.value)] for s in chart.slices],
                    widths=[70, 30],
                    key=chart.key,
                    empty_text="Không có.",
                )
            )
    return Document(
        kind="dashboard",
        letterhead=Letterhead(
            profile.superior_body, profile.issuing_body, place_date(profile.place, board.today)
        ),
        label="",
        title=["TÌNH HÌNH CỦNG CỐ TỔ CHỨC CƠ SỞ ĐẢNG YẾU KÉM"],
        subtitle=f"(Số liệu đến ngày {short_date(board.today)} – {board.scope.label})",
        blocks=blocks,
        show_label=False,
        filename_stem=f"tong-quan_{board.today:%Y-%m-%d}_{slug(board.scope.label)}",
    )
