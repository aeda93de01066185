"""The early warning: units to look at now, each with its reasons, most reasons first."""

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.db.models import (
    Count,
    Exists,
    Min,
    OuterRef,
    Q,
    QuerySet,
)
from django.urls import reverse

from consolidation.models import (
    ATTENDANCE_WARNING,
    Cadre,
    CaseMilestone,
    CellMeeting,
    ComplexCase,
    Plan,
    Quarter,
    QuarterlyUpdate,
    Recommendation,
    Task,
    UpdateState,
)
from consolidation.models.plans import (
    behind_phase_condition,
    flag,
    past_end_condition,
)
from consolidation.models.quarters import previous_key, quarter_key, quarter_label
from consolidation.selectors.cadres import replacement_flags
from consolidation.selectors.meetings import (
    last_ended_quarter,
    low_attendance_cells,
    silent_cells,
)
from consolidation.selectors.quarterly import quarter_find
from organizations.models import Rating, RatingLevel, Unit
from organizations.types import Viewer

from ..documents import short_date
from ..versions import kept
from .scope import Scope

OVERDUE_DAYS = 30

# A row of a `.values()` query: column name to value.
Row = dict[str, Any]


RATING_YEARS = 2  # a "Không hoàn thành nhiệm vụ" rating warns while it is this recent


def overdue_by_plan(units: QuerySet[Unit], today: datetime.date) -> list[Row]:
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


@dataclass
class Reason:
    """One reason to look at a unit, and where to look (reversed only when shown: a city
    has thousands of reasons and the page shows ten units)."""

    kind: str
    text: str
    view: str
    pk: int | None
    suffix: str = ""

    @property
    def url(self) -> str:
        if self.view.startswith("#"):  # an anchor in the registers page
            return reverse("consolidation:registers") + self.view
        return reverse(self.view, args=[self.pk]) + self.suffix


@dataclass
class EarlyWarning:
    unit: "UnitRef"
    reasons: list[Reason] = field(default_factory=list)


WARNING_KINDS = {
    "prolonged": "Yếu kém kéo dài",
    "overdue": "Nhiệm vụ quá hạn trên 30 ngày",
    "reports": "Hai quý liền không nộp hoặc bị trả lại báo cáo",
    "behind": "Đề án, kế hoạch chậm so với giai đoạn",
    "rating": "Xếp loại «Không hoàn thành nhiệm vụ»",
    "case": "Vụ việc phức tạp quá hạn lộ trình",
    "silent": "Hai tháng liền không sinh hoạt chi bộ thường kỳ",
    "attendance": "Tỷ lệ đảng viên dự sinh hoạt dưới 80 % trong quý",
    "cadre": "Cán bộ chủ chốt không hoàn thành nhiệm vụ 2 quý liền",
    "recommendation": "Kiến nghị kiểm tra, giám sát quá hạn chưa thực hiện",
}


def last_two_closed_quarters(ward: Unit, today: datetime.date) -> tuple[Quarter, Quarter]:
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


def _unit_columns(prefix: str) -> list[str]:
    return [f"{prefix}{name}" for name in UNIT_FIELDS]


class _Found:
    """The warnings gathered so far, one per unit, each reason added as it is found."""

    def __init__(self) -> None:
        self.by_unit: dict[int, EarlyWarning] = {}

    def add(
        self,
        row: Row,
        prefix: str,
        kind: str,
        text: str,
        view: str,
        pk: int | None = None,
        suffix: str = "",
    ) -> None:
        ref = UnitRef(*(row[f"{prefix}{name}"] for name in UNIT_FIELDS))
        warning = self.by_unit.get(ref.pk)
        if warning is None:
            warning = self.by_unit[ref.pk] = EarlyWarning(ref)
        warning.reasons.append(Reason(kind, text, view, pk, suffix))


def _prolonged(found: _Found, scope: Scope, units: QuerySet[Unit]) -> None:
    round_ = scope.figures_round()
    if round_ is None:
        return
    text = f"Yếu kém kéo dài (hai đợt rà soát liền, {round_.name})"
    for review in (
        round_.reviews.filter(unit__in=units, is_prolonged=True)
        .values("id", *_unit_columns("unit__"))
        .order_by()
    ):
        found.add(review, "unit__", "prolonged", text, "consolidation:review_detail", review["id"])


def _overdue(found: _Found, rows: list[Row]) -> None:
    for row in rows:
        if row["n_long"]:
            found.add(
                row,
                "plan__unit__",
                "overdue",
                f"{row['n_long']} nhiệm vụ quá hạn trên {OVERDUE_DAYS} ngày (hạn sớm nhất "
                f"{short_date(row['oldest'])})",
                "consolidation:plan_detail",
                row["plan_id"],
                "?tre=1",
            )


def _missing_reports(
    found: _Found, scope: Scope, units: QuerySet[Unit], today: datetime.date
) -> None:
    """Plans expected in both of the last two closed quarters that sent neither."""
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
        .values("id", *_unit_columns("unit__"))
        .order_by()
    ):
        found.add(plan, "unit__", "reports", text, "consolidation:plan_detail", plan["id"])


def _behind(found: _Found, units: QuerySet[Unit], today: datetime.date) -> None:
    behind_phase, past_end = behind_phase_condition(today), past_end_condition(today)
    for plan in (
        Plan.objects.filter(unit__in=units)
        .filter(behind_phase | past_end)
        .annotate(is_behind_phase=flag(behind_phase), is_past_end=flag(past_end))
        .values("id", "is_behind_phase", "is_past_end", "expected_end", *_unit_columns("unit__"))
        .order_by()
    ):
        if plan["is_behind_phase"]:
            found.add(
                plan,
                "unit__",
                "behind",
                "Đã sang giai đoạn 2 mà đề án, kế hoạch chưa được phê duyệt",
                "consolidation:plan_detail",
                plan["id"],
            )
        if plan["is_past_end"]:
            found.add(
                plan,
                "unit__",
                "behind",
                f"Quá thời gian dự kiến hoàn thành ({short_date(plan['expected_end'])}) mà "
                "chưa được công nhận",
                "consolidation:plan_detail",
                plan["id"],
            )


def _ratings(found: _Found, units: QuerySet[Unit], today: datetime.date) -> None:
    recent = Rating.objects.filter(year__gte=today.year - RATING_YEARS)
    later = recent.filter(unit=OuterRef("unit"), year__gt=OuterRef("year"))
    for rating in (
        recent.filter(unit__in=units, level=RatingLevel.NOT_COMPLETED)
        .filter(~Exists(later))
        .values("year", *_unit_columns("unit__"))
        .order_by()
    ):
        found.add(
            rating,
            "unit__",
            "rating",
            f"Xếp loại «Không hoàn thành nhiệm vụ» năm {rating['year']}",
            "organizations:unit_detail",
            rating["unit__pk"],
        )


def _late_cases(found: _Found, units: QuerySet[Unit], today: datetime.date) -> None:
    """A case not settled with a milestone of its roadmap past its date (the earliest)."""
    seen: set[int] = set()
    for milestone in (
        CaseMilestone.objects.filter(
            case__in=ComplexCase.objects.filter(unit__in=units).late_on(today),
            done_on__isnull=True,
            due_on__lt=today,
        )
        .values("case_id", "title", "due_on", *_unit_columns("case__unit__"))
        .order_by("case_id", "due_on")
    ):
        if milestone["case_id"] in seen:
            continue
        seen.add(milestone["case_id"])
        found.add(
            milestone,
            "case__unit__",
            "case",
            f"Vụ việc phức tạp quá hạn mốc «{milestone['title']}» "
            f"({short_date(milestone['due_on'])})",
            "consolidation:case_detail",
            milestone["case_id"],
        )


def _silent_cells(found: _Found, units: QuerySet[Unit], today: datetime.date) -> None:
    """Seed 004: a cell with no regular meeting in either of the last two months over. Not
    while the scope has recorded no meeting at all (the register not yet in use: no data,
    not a hundred silent cells)."""
    if not CellMeeting.objects.filter(unit__in=units).exists():
        return
    for cell in silent_cells(units, today).values(*UNIT_FIELDS):
        found.add(
            {f"unit__{k}": v for k, v in cell.items()},
            "unit__",
            "silent",
            "Hai tháng gần nhất không sinh hoạt chi bộ thường kỳ",
            "organizations:unit_detail",
            cell["pk"],
        )


def _low_attendance(found: _Found, units: QuerySet[Unit], today: datetime.date) -> None:
    year, number = last_ended_quarter(today)
    for row in low_attendance_cells(units, year, number, ATTENDANCE_WARNING):
        rate = f"{row['present'] / row['expected']:.0%}".replace("%", " %")
        found.add(
            {
                "unit__pk": row["unit_id"],
                "unit__code": row["unit__code"],
                "unit__name": row["unit__name"],
                "unit__sort_key": row["unit__sort_key"],
            },
            "unit__",
            "attendance",
            f"{quarter_label(year, number)}: đảng viên dự sinh hoạt thường kỳ {rate} (dưới 80 %)",
            "organizations:unit_detail",
            row["unit_id"],
        )


def _failing_cadres(found: _Found, units: QuerySet[Unit], today: datetime.date) -> None:
    flags = replacement_flags(units, today)
    for cadre in Cadre.objects.filter(pk__in=flags).values("pk", "name", *_unit_columns("unit__")):
        found.add(
            cadre,
            "unit__",
            "cadre",
            f"{cadre['name']} không hoàn thành nhiệm vụ 2 quý liền (đến {flags[cadre['pk']]}): "
            "cần thay thế",
            "#cadres",
        )


def _overdue_recommendations(found: _Found, units: QuerySet[Unit], today: datetime.date) -> None:
    for row in (
        Recommendation.objects.filter(unit__in=units)
        .overdue_on(today)
        .values("inspection_id", "deadline", *_unit_columns("unit__"))
        .order_by("deadline")
    ):
        found.add(
            row,
            "unit__",
            "recommendation",
            f"Kiến nghị kiểm tra, giám sát hạn {short_date(row['deadline'])} chưa thực hiện",
            "consolidation:inspection_detail",
            row["inspection_id"],
        )


def kept_warnings(user: Viewer, scope: Scope, today: datetime.date) -> list[EarlyWarning]:
    """early_warnings of the scope, kept like the dashboard per scope and day until a figure
    changes (reporting.versions.kept): the warnings page and a secretary's card."""
    return kept(
        user,
        ("warnings", today.isoformat(), *scope.key),
        lambda: early_warnings(user, scope, today),
    )


def early_warnings(
    user: Viewer,
    scope: Scope,
    today: datetime.date,
    overdue_rows: list[Row] | None = None,
) -> list[EarlyWarning]:
    """Units to look at now, each with its reasons, most reasons first; one query per
    kind of reason."""
    units = scope.units(user)
    found = _Found()
    _prolonged(found, scope, units)
    _overdue(found, overdue_rows if overdue_rows is not None else overdue_by_plan(units, today))
    _missing_reports(found, scope, units, today)
    _behind(found, units, today)
    _ratings(found, units, today)
    _late_cases(found, units, today)
    _silent_cells(found, units, today)
    _low_attendance(found, units, today)
    _failing_cadres(found, units, today)
    _overdue_recommendations(found, units, today)
    return sorted(
        found.by_unit.values(), key=lambda w: (-len(w.reasons), w.unit.sort_key, w.unit.code)
    )
