"""The picture of the ward: charts drawn on the server beside tables of their numbers."""

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field

from django.db.models import (
    Count,
    Q,
    QuerySet,
)
from django.urls import reverse
from django.utils.safestring import SafeString

from consolidation.models import (
    Conclusion,
    Plan,
    PlanQuerySet,
    PlanStatus,
    QuarterlyUpdate,
    ReviewRound,
    UpdateState,
)
from consolidation.models.plans import (
    awaits_approval,
    reports_in_condition,
)
from consolidation.models.quarterly import quarter_condition, sent_condition
from consolidation.selectors.plans import with_step_and_lateness
from consolidation.selectors.quarterly import reporting_quarters
from consolidation.selectors.reviews import RoundCounts
from organizations.models import Bloc, Unit
from organizations.types import Viewer

from ..charts import Bar, Series, bar_chart, column_chart
from ..documents import short_date
from .scope import Scope
from .warnings import Row, overdue_by_plan


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
    table_rows: list[list[object]] = field(default_factory=list)

    @property
    def svg(self) -> SafeString:
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


CONCLUSION_TONES: dict[str, str] = {
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


def _plan_counts(plans: PlanQuerySet, today: datetime.date) -> dict[str, int]:
    """Plans by step, by phase and by lateness: one row per plan (its subqueries evaluated
    once), counted here."""

    rows = list(
        with_step_and_lateness(plans, today).values("status", "steps_done", "is_late", "round_id")
    )
    rounds = {r.pk: r for r in ReviewRound.objects.filter(pk__in={r["round_id"] for r in rows})}
    keys = ["s1", "s2", "s3", "s4", "s5", "s6", "p1", "p2", "p3"]
    counts = dict.fromkeys([*keys, "recognized", "on_track", "late", "preparing", "awaiting"], 0)
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
        elif awaits_approval(row["status"]):
            counts["awaiting"] += 1
        else:
            counts["preparing"] += 1
    return counts


def picture(
    user: Viewer,
    scope: Scope,
    today: datetime.date,
    round_: ReviewRound | None,
    counts: RoundCounts | None,
    overdue_rows: list[Row] | None = None,
) -> list[Chart]:
    """The charts, each with the table of its numbers and the list behind every number."""
    units = scope.units(user)
    return [
        *_round_charts(scope, round_, counts),
        *_plan_charts(scope, units, today),
        _overdue_chart(units, today, overdue_rows),
        _trend(user, scope, units, today),
    ]


def _round_charts(
    scope: Scope, round_: ReviewRound | None, counts: RoundCounts | None
) -> list[Chart]:
    """The latest round: conclusions, groups, blocs."""
    if round_ is None or counts is None:
        return []

    def board(**params: str | int | None) -> str:
        return scope.link("consolidation:round_board", round_.pk, **params)

    charts = []
    slices = [
        Slice(label, counts.by_conclusion.get(value, 0), board(conclusion=value), tone)
        for value, label in Conclusion.choices
        for tone in [CONCLUSION_TONES[value]]
    ]
    slices.append(
        Slice("Chưa xác nhận", counts.units - counts.reviewed, board(flag="unconfirmed"), "muted")
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
    charts.append(_bloc_chart(scope, counts, board))
    return charts


def _bloc_chart(scope: Scope, counts: RoundCounts, board: Callable[..., str]) -> Chart:
    """Units needing consolidation by bloc, beside the units reviewed in each."""
    by_bloc = {
        bloc: {"units": units_, "needing": needing}
        for bloc, (units_, needing) in counts.by_bloc.items()
    }
    return Chart(
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


def _plan_charts(scope: Scope, units: QuerySet[Unit], today: datetime.date) -> list[Chart]:
    """Plans by step, by phase, and by progress."""

    def plan_list(**params: str | int | None) -> str:
        return scope.link("consolidation:plan_list", **params)

    charts = []
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
                    "Đang xây dựng",
                    step_counts["preparing"],
                    plan_list(status=PlanStatus.DRAFTING),
                    "muted",
                ),
                Slice(
                    "Trình, chờ Ban Thường vụ duyệt",
                    step_counts["awaiting"],
                    plan_list(status=PlanStatus.SUBMITTED),
                    "warning",
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

    return charts


def _overdue_chart(
    units: QuerySet[Unit], today: datetime.date, overdue_rows: list[Row] | None
) -> Chart:
    """Overdue tasks by unit, the ten units with most."""
    overdue = list(overdue_rows) if overdue_rows is not None else overdue_by_plan(units, today)
    overdue.sort(key=lambda row: (-row["n"], row["plan__unit__sort_key"]))
    top = overdue[:10]
    total_overdue = {
        "n": sum(row["n"] for row in overdue),
        "units": len({row["plan__unit__pk"] for row in overdue}),
    }
    return Chart(
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
            "tổ chức" + ("; hiện 10 tổ chức nhiều nhất." if total_overdue["units"] > 10 else ".")
            if total_overdue["n"]
            else "Không có nhiệm vụ nào quá hạn."
        ),
        table_columns=["Tổ chức", "Nhiệm vụ quá hạn", "Quá hạn từ"],
        table_rows=[[row["plan__unit__name"], row["n"], short_date(row["oldest"])] for row in top],
    )


def _trend(user: Viewer, scope: Scope, units: QuerySet[Unit], today: datetime.date) -> Chart:
    """The last six quarters: plans that had to report, reports sent, on time, accepted."""

    quarters = reporting_quarters(scope.ward, today)
    plans = Plan.objects.filter(unit__in=units)
    expected = plans.aggregate(
        **{f"e{q.code}": Count("pk", filter=reports_in_condition(q)) for q in quarters}
    )
    updates = QuarterlyUpdate.objects.filter(plan__unit__in=units).of(*quarters)
    sent = updates.aggregate(
        **{
            f"s{q.code}": Count("pk", filter=quarter_condition(q) & sent_condition(on_time=False))
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
