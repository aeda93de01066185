"""The targets of seed 000, section III, measured live with a traffic light, and the list
behind each target marking every row counted or not."""

import datetime
from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import (
    Count,
    Q,
    QuerySet,
)
from django.urls import reverse

from consolidation.models import (
    ATTENDANCE_GOAL,
    ROMAN,
    Plan,
    PlanKind,
    PlanQuerySet,
    Quarter,
    ReviewRound,
    digital_basic_condition,
    month_ends,
)
from consolidation.selectors.cadres import evaluated_ratio
from consolidation.selectors.meetings import (
    cells_of,
    last_ended_quarter,
    quarter_attendance,
    regime_condition,
)
from consolidation.selectors.quarterly import report_sent
from consolidation.selectors.registers import cadre_ratio, case_ratio
from consolidation.selectors.reviews import (
    RoundCounts,
)
from organizations.models import Unit
from organizations.types import Viewer

from ..documents import short_date
from .scope import Scope

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

    cadres, cases = _register_targets(units, round_, today, detail)
    return [
        *_review_targets(round_, counts, today, detail),
        _improvement_target(units, today, detail),
        _prolonged_target(counts, detail),
        *_meeting_targets(units, today, detail),
        _evaluation_target(units, today, detail),
        cases,
        cadres,
        _digital_target(scope, units, today, detail),
        *_reporting_targets(units, quarter, today, detail),
    ]


def judged_quarter(today: datetime.date) -> tuple[int, int, str, datetime.date]:
    """The quarter the meeting and evaluation targets judge: the last one over (year,
    number, label), and the day its figures are due in full (the 15th after it ends, as the
    ward's report: at risk until then, missed after)."""
    year, number = last_ended_quarter(today)
    ends = month_ends(year, 3 * number)
    return year, number, f"Quý {ROMAN[number]}/{year}", ends + datetime.timedelta(days=15)


def _meeting_targets(
    units: QuerySet[Unit], today: datetime.date, detail: Callable[[str], str]
) -> list[Target]:
    """Seed 000, III.2 "100 % chi bộ thực hiện nghiêm túc chế độ sinh hoạt", and seed 004,
    I.3's "≥ 90 %" attendance at the regular meetings, for the last quarter that is over."""
    year, number, label, due = judged_quarter(today)
    cells = cells_of(units)
    counts = cells.aggregate(
        total=Count("pk"), kept=Count("pk", filter=regime_condition(year, number))
    )
    attendance = quarter_attendance(cells, year, number)
    if not attendance.expected and not counts["kept"]:  # the register not in use yet
        return [
            Target(key, title, goal, NO_DATA, detail(key), note=f"{label}: chưa ghi sổ sinh hoạt.")
            for key, title, goal in (
                ("meetings", "Chi bộ thực hiện nghiêm túc chế độ sinh hoạt", "100 %"),
                ("attendance", "Đảng viên dự sinh hoạt chi bộ thường kỳ", "≥ 90 %"),
            )
        ]
    return [
        Target(
            "meetings",
            "Chi bộ thực hiện nghiêm túc chế độ sinh hoạt",
            "100 %",
            light(_ratio(counts["kept"], counts["total"]), 1, today=today, due=due),
            detail("meetings"),
            counts["kept"],
            counts["total"],
            note=f"{label}: sinh hoạt thường kỳ đủ 3 tháng và có sinh hoạt chuyên đề.",
            unit_label="chi bộ",
        ),
        Target(
            "attendance",
            "Đảng viên dự sinh hoạt chi bộ thường kỳ",
            "≥ 90 %",
            light(attendance.rate, ATTENDANCE_GOAL, today=today, due=due),
            detail("attendance"),
            attendance.present,
            attendance.expected,
            note=f"{label}: số lượt có mặt trên số lượt phải dự.",
            unit_label="lượt đảng viên",
        ),
    ]


def _evaluation_target(
    units: QuerySet[Unit], today: datetime.date, detail: Callable[[str], str]
) -> Target:
    """Seed 000, III.2 "100 % cán bộ chủ chốt được đánh giá theo sản phẩm" (seed 003: every
    quarter), for the last quarter that is over."""
    year, number, label, due = judged_quarter(today)
    ratio = evaluated_ratio(units, year, number)
    return Target(
        "evaluations",
        "Cán bộ chủ chốt được đánh giá theo sản phẩm",
        "100 %",
        light(ratio.ratio, 1, today=today, due=due),
        detail("evaluations"),
        ratio.numerator,
        ratio.denominator,
        note=f"{label}: đánh giá có nêu sản phẩm làm căn cứ.",
        unit_label="cán bộ",
    )


def _digital_target(
    scope: Scope, units: QuerySet[Unit], today: datetime.date, detail: Callable[[str], str]
) -> Target:
    """Seed 000, III.2 "100 % TCCSĐ ứng dụng công nghệ thông tin, chuyển đổi số ở mức cơ
    bản": the grassroots units with every required item of the checklist in place."""
    counts = grassroots(scope, units).aggregate(
        total=Count("pk"), basic=Count("pk", filter=digital_basic_condition())
    )
    return Target(
        "digital",
        "TCCSĐ ứng dụng công nghệ thông tin, chuyển đổi số ở mức cơ bản",
        "100 %",
        light(_ratio(counts["basic"], counts["total"]), 1, today=today),
        detail("digital"),
        counts["basic"],
        counts["total"],
    )


def grassroots(scope: Scope, units: QuerySet[Unit]) -> QuerySet[Unit]:
    """The grassroots units (TCCSĐ) of the scope, not dissolved."""
    return units.filter(depth=scope.ward.depth + 1, dissolved_on__isnull=True)


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
) -> tuple[Target, Target]:
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
    return result[0], result[1]


def _reporting_targets(
    units: QuerySet[Unit], quarter: Quarter, today: datetime.date, detail: Callable[[str], str]
) -> list[Target]:
    """The quarter's reports sent, and sent on time."""
    result = []
    rates = quarter_expected(units, quarter).aggregate(
        expected=Count("pk"),
        submitted=Count("pk", filter=Q(report_sent(quarter))),
        on_time=Count("pk", filter=Q(report_sent(quarter, on_time=True))),
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
