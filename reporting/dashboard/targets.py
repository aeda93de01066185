"""The targets of seed 000, section III, measured live with a traffic light, and the list
behind each target marking every row counted or not."""

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, TypedDict, cast

from django.db.models import (
    Count,
    Exists,
    OuterRef,
    Q,
    QuerySet,
)
from django.urls import reverse

from consolidation.models import (
    Cadre,
    ComplexCase,
    Plan,
    PlanKind,
    PlanQuerySet,
    Quarter,
    QuarterlyUpdate,
    Review,
    ReviewRound,
    ReviewState,
)
from consolidation.selectors.quarterly import current_quarter
from consolidation.selectors.registers import cadre_ratio, case_ratio
from consolidation.selectors.reviews import (
    RoundCounts,
    needing_consolidation,
    with_signs_of_weakness,
)
from organizations.models import Unit
from organizations.types import Viewer

from ..documents import short_date
from .scope import Scope

if TYPE_CHECKING:
    from django_stubs_ext import WithAnnotations

MET = "met"


AT_RISK = "at_risk"


MISSED = "missed"


NO_DATA = "none"


STATUS_LABELS = {
    MET: "Đạt",
    AT_RISK: "Có nguy cơ không đạt",
    MISSED: "Không đạt",
    NO_DATA: "Chưa có số liệu",
}


MARGIN = 0.10  # below the goal by less than this: at risk rather than missed


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


def _ratio(numerator: int | None, denominator: int | None) -> float | None:
    """None when there is nothing to count: no data, not 0 %."""
    return (numerator or 0) / denominator if denominator else None


def light(
    ratio: float | None, goal: float, *, today: datetime.date, due: datetime.date | None = None
) -> str:
    """Met when the goal is reached; short of it, at risk while its date has not passed or
    when within ten points of it; missed otherwise."""
    if ratio is None:
        return NO_DATA
    if ratio >= goal - 1e-9:
        return MET
    if (due is not None and today <= due) or ratio >= goal - MARGIN:
        return AT_RISK
    return MISSED


def _sent(quarter: Quarter, *, on_time: bool = False) -> Exists:
    """The outer plan's report for the quarter was sent (on time: sent_condition)."""
    return Exists(
        QuarterlyUpdate.objects.filter(plan=OuterRef("pk")).of(quarter).sent(on_time=on_time)
    )


def quarter_expected(units: QuerySet[Unit], quarter: Quarter) -> PlanQuerySet:
    """Plans in scope expected to report in the quarter."""
    return Plan.objects.filter(unit__in=units).expected_in(quarter)


def improvement_plans(units: QuerySet[Unit], today: datetime.date) -> PlanQuerySet:
    """Đề án (units judged yếu kém) with their improvement (PlanQuerySet.with_improvement)."""
    return Plan.objects.filter(unit__in=units, kind=PlanKind.PROJECT).with_improvement(today)


def targets(
    user: Viewer,
    scope: Scope,
    today: datetime.date,
    round_: ReviewRound | None,
    counts: RoundCounts | None,
    quarter: Quarter,
) -> list[Target]:
    """The nine targets of seed 000, III, in their order, each from its one rule."""
    units = scope.units(user)

    def detail(key: str) -> str:
        return scope.link("dashboard:target", key)

    return [
        *_review_targets(round_, counts, today, detail),
        _improvement_target(units, today, detail),
        _prolonged_target(counts, detail),
        *_register_targets(units, round_, today, detail),
        *_reporting_targets(units, quarter, today, detail),
    ]


def _review_targets(
    round_: ReviewRound | None,
    counts: RoundCounts | None,
    today: datetime.date,
    detail: Callable[[str], str],
) -> list[Target]:
    """Every unit showing signs reviewed; every unit needing it with an approved plan."""
    result = []
    due_plans = round_.phase2_starts_on if round_ else None
    if round_ is not None and counts is not None:
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

    return result


def _improvement_target(
    units: QuerySet[Unit], today: datetime.date, detail: Callable[[str], str]
) -> Target:
    """≥ 80 % of weak units clearly improved after twelve months."""
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
    return Target(
        "improvement",
        "Tổ chức yếu kém có chuyển biến rõ rệt sau 12 tháng",
        "≥ 80 %",
        light(_ratio(improvement["improved_count"], ripe_count), 0.8, today=today),
        detail("improvement"),
        improvement["improved_count"],
        ripe_count,
        note=trend,
    )


def _prolonged_target(counts: RoundCounts | None, detail: Callable[[str], str]) -> Target:
    """No prolonged weakness."""
    prolonged = counts.prolonged if counts is not None else 0
    return Target(
        "prolonged",
        "Tổ chức yếu kém kéo dài",
        "0",
        MET if prolonged == 0 else MISSED,
        detail("prolonged"),
        count=prolonged,
    )


def _register_targets(
    units: QuerySet[Unit],
    round_: ReviewRound | None,
    today: datetime.date,
    detail: Callable[[str], str],
) -> list[Target]:
    """≥ 70 % of limited cadres acted upon; 100 % of complex cases with a roadmap."""
    due_plans = round_.phase2_starts_on if round_ else None
    result = []
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

    return result


def _reporting_targets(
    units: QuerySet[Unit], quarter: Quarter, today: datetime.date, detail: Callable[[str], str]
) -> list[Target]:
    """The quarter's reports sent, and sent on time."""
    result = []
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
    result.append(appendix3_issued_target(quarter, today))
    return result


def appendix3_issued_target(quarter: Quarter, today: datetime.date) -> Target:
    """Phụ lục 3 of the quarter sent up by the ward's deadline (before the 15th of the
    quarter's last month), read from the issued forms: met when issued on time, missed when
    issued late or not issued by then, at risk while not issued and still in time."""
    from reporting.models import IssuedForm, IssuedKind

    issued = (
        IssuedForm.objects.filter(  # the quarter may not be saved yet
            ward_id=quarter.ward_id,
            kind=IssuedKind.APPENDIX3,
            quarter__year=quarter.year,
            quarter__number=quarter.number,
        )
        .order_by("issued_on", "pk")
        .values_list("number", "issued_on")
        .first()
    )
    deadline = quarter.ward_deadline
    if issued is None:
        status = AT_RISK if today <= deadline else MISSED
        note = f"Chưa ban hành; hạn {short_date(deadline)}."
    else:
        number, day = issued
        status = MET if day <= deadline else MISSED
        note = f"Số {number}, ngày {short_date(day)} (hạn {short_date(deadline)})."
    return Target(
        "appendix3_issued",
        f"Phụ lục 3 {quarter.label} gửi cấp trên đúng hạn",
        "trước ngày 15",
        status,
        f"{reverse('reporting:reports')}?form=appendix3&quarter={quarter.code}",
        numerator=int(issued is not None and issued[1] <= deadline),
        denominator=1,
        note=note,
        unit_label="bản",
    )


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


def _review_url(review: Review) -> str:
    return reverse("consolidation:review_detail", args=[review.pk])


def _plan_url(plan: Plan) -> str:
    return reverse("consolidation:plan_detail", args=[plan.pk])


def _round_reviews(scope: Scope, units: QuerySet[Unit]) -> QuerySet[Review]:
    round_ = scope.figures_round()
    if round_ is None:
        return Review.objects.none()
    return round_.reviews.filter(unit__in=units).select_related("unit", "plan")


def _signs_rows(
    scope: Scope, units: QuerySet[Unit], today: datetime.date, key: str, title: str
) -> TargetList:
    reviews = _round_reviews(scope, units).filter(with_signs_of_weakness())
    rows = [
        TargetRow(
            r.unit,
            [r.get_state_display(), r.get_conclusion_display() or "–"],
            r.state == ReviewState.CONFIRMED,
            _review_url(r),
        )
        for r in reviews.order_by("unit__sort_key")
    ]
    return TargetList(key, title, ["Tình trạng", "Kết luận"], rows, "Đã xác nhận")


def _approved_rows(
    scope: Scope, units: QuerySet[Unit], today: datetime.date, key: str, title: str
) -> TargetList:
    rows = []
    for r in (
        _round_reviews(scope, units).filter(needing_consolidation()).order_by("unit__sort_key")
    ):
        plan = getattr(r, "plan", None)
        rows.append(
            TargetRow(
                r.unit,
                [
                    r.get_conclusion_display(),
                    plan.get_status_display() if plan else "Chưa xây dựng",
                ],
                bool(plan and plan.is_approved),
                _plan_url(plan) if plan else _review_url(r),
            )
        )
    return TargetList(key, title, ["Kết luận", "Đề án, kế hoạch"], rows, "Đã được phê duyệt")


def _prolonged_rows(
    scope: Scope, units: QuerySet[Unit], today: datetime.date, key: str, title: str
) -> TargetList:
    rows = [
        TargetRow(r.unit, [r.get_conclusion_display() or "–"], False, _review_url(r))
        for r in _round_reviews(scope, units).filter(is_prolonged=True).order_by("unit__sort_key")
    ]
    return TargetList(key, title, ["Kết luận"], rows, "Đã hết kéo dài")


def _improvement_rows(
    scope: Scope, units: QuerySet[Unit], today: datetime.date, key: str, title: str
) -> TargetList:
    plans = improvement_plans(units, today).select_related("unit").order_by("unit__sort_key")
    rows = []
    for p in plans:
        evaluation = (
            "Chưa đánh giá"
            if p.last_evaluation is None
            else "Có chuyển biến rõ rệt"
            if p.last_evaluation
            else "Chưa chuyển biến rõ rệt"
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
                _plan_url(p),
            )
        )
    return TargetList(
        key,
        title,
        ["Đưa vào củng cố", "Thời gian", "Tình trạng", "Đánh giá gần nhất"],
        rows,
        "Tính là chuyển biến (đủ 12 tháng)",
    )


def _cadre_rows(
    scope: Scope, units: QuerySet[Unit], today: datetime.date, key: str, title: str
) -> TargetList:
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


def _case_rows(
    scope: Scope, units: QuerySet[Unit], today: datetime.date, key: str, title: str
) -> TargetList:
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


class SentFlags(TypedDict):
    submitted: bool
    on_time: bool


def _reporting_rows(
    scope: Scope, units: QuerySet[Unit], today: datetime.date, key: str, title: str
) -> TargetList:
    quarter = current_quarter(scope.ward, today)
    plans = cast(
        "QuerySet[WithAnnotations[Plan, SentFlags]]",
        quarter_expected(units, quarter)
        .annotate(submitted=_sent(quarter), on_time=_sent(quarter, on_time=True))
        .select_related("unit")
        .order_by("unit__sort_key"),
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


TARGET_LISTS = {
    "signs": _signs_rows,
    "approved": _approved_rows,
    "prolonged": _prolonged_rows,
    "improvement": _improvement_rows,
    "cadres": _cadre_rows,
    "cases": _case_rows,
    "reporting": _reporting_rows,
}


def target_rows(user: Viewer, scope: Scope, key: str, today: datetime.date) -> TargetList | None:
    """The units, plans, cadres or cases a target counts, each marked as meeting it or not;
    a fixed number of queries."""
    build = TARGET_LISTS.get(key)
    if build is None:
        return None
    return build(scope, scope.units(user), today, key, TARGET_TITLES[key])
