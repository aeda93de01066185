"""Phụ lục 2 – Đề cương báo cáo kết quả củng cố (quý): computed figures and the Board's
written sections."""

import datetime
from typing import Any

from django.db.models import Count, Q, QuerySet

from consolidation.models import (
    MARK_MISSING,
    MARK_SUBMITTED,
    Inspection,
    InspectionKind,
    PlanStatus,
    Quarter,
    QuarterlyUpdate,
    Recommendation,
    UpdateState,
    digital_basic_condition,
    previous_key,
    quarter_label,
)
from consolidation.selectors.cadres import evaluated_ratio
from consolidation.selectors.meetings import cells_of, quarter_attendance, regime_condition
from consolidation.selectors.plans import with_plan_figures
from consolidation.selectors.quarterly import progress_at_quarter_end
from consolidation.selectors.reviews import figures_round, round_counts
from organizations.models import Unit
from organizations.selectors import bloc_totals, units_visible_to
from organizations.types import Viewer

from ..documents import (
    Block,
    Bullets,
    Document,
    Heading,
    Letterhead,
    Paragraph,
    Table,
    place_date,
    short_date,
)
from ..models import ResultsReport
from .common import (
    group_numbers,
    groups_text,
    plans_for,
    profile_for,
    recipients,
    slug,
    text_blocks,
    ward_signature,
)


def appendix2_figures(
    *, user: Viewer | None, ward: Unit, quarter: Quarter, today: datetime.date
) -> dict[str, Any]:
    """The numbers of the results report (Phụ lục 2, I and III), computed from the data."""
    as_of = min(today, quarter.ends_on)
    totals = bloc_totals(ward)
    round_ = figures_round(ward, by=quarter.ends_on)
    counts = round_counts(round_) if round_ else None
    plans = list(
        with_plan_figures(
            plans_for(user).filter(unit__path__startswith=ward.path).expected_in(quarter),
            as_of,
        )
        .select_related("unit")
        .order_by("unit__sort_key", "started_on")
    )
    updates = {
        u.plan_id: u
        for u in QuarterlyUpdate.objects.of(quarter).filter(plan_id__in=[p.pk for p in plans])
    }
    progress = progress_at_quarter_end(plans, quarter, today)
    groups = group_numbers(plans)
    # Sets of ids: a plan compared with every plan of a list cost 4 M model comparisons at
    # 2,000 plans.
    completed = {
        p.pk
        for p in plans
        if p.status == PlanStatus.RECOGNIZED
        and p.recognized_on
        and p.recognized_on <= quarter.ends_on
    }
    late = {p.pk for p in plans if p.pk not in completed and p.is_late}
    in_progress = {p.pk for p in plans} - completed - late
    per_plan = []
    for plan in plans:
        update = updates.get(plan.pk)
        if plan.pk in completed:
            state = f"Đã hoàn thành củng cố (QĐ {plan.recognition_number}, {short_date(plan.recognized_on)})"
        elif plan.pk in late:
            state = "Chậm tiến độ"
        else:
            state = "Đang thực hiện"
        per_plan.append(
            [
                plan.unit.name,
                f"{plan.get_kind_display()} {plan.number_display}".strip(),
                groups_text(groups[plan.pk]),
                f"{progress[plan.pk]:.0f} %",
                state,
                update.summary
                if update and update.state == UpdateState.ACCEPTED
                else (
                    f"{update.summary} {MARK_SUBMITTED}"
                    if update and update.state == UpdateState.SUBMITTED
                    else MARK_MISSING
                ),
            ]
        )
    return {
        "grassroots": totals.total.units,
        "members": totals.total.members,
        "round": round_,
        "reviewed": counts.reviewed if counts else 0,
        "needing": counts.needing_consolidation if counts else 0,
        "by_group": counts.by_group if counts else {1: 0, 2: 0, 3: 0},
        "completed": len(completed),
        "in_progress": len(in_progress),
        "late": len(late),
        "per_plan": per_plan,
    }


def results_report_for(quarter: Quarter) -> ResultsReport:
    """The quarter's Phụ lục 2 texts as saved, or empty (unsaved) until Board staff write."""
    saved = ResultsReport.objects.filter(
        quarter__in=Quarter.objects.filter(
            ward_id=quarter.ward_id, year=quarter.year, number=quarter.number
        )
    ).first()
    return saved or ResultsReport(quarter=quarter)


def _results(figures: dict[str, Any], quarter: Quarter) -> list[Block]:
    """III. Kết quả thực hiện: the round's figures and each plan's progress."""
    round_name = f" ({figures['round'].name})" if figures["round"] else ""
    return [
        Heading("III. KẾT QUẢ THỰC HIỆN"),
        Heading(
            "1. Kết quả rà soát, nhận diện TCCSĐ yếu kém hoặc có vấn đề cần quan tâm theo dõi, củng cố",
            2,
        ),
        Table(
            columns=["Chỉ tiêu", "Số lượng"],
            rows=[
                [f"Tổng số TCCSĐ được rà soát{round_name}", str(figures["reviewed"])],
                ["Số TCCSĐ thuộc diện cần củng cố", str(figures["needing"])],
                ["Trong đó: Nhóm 1", str(figures["by_group"][1])],
                ["Nhóm 2", str(figures["by_group"][2])],
                ["Nhóm 3", str(figures["by_group"][3])],
            ],
            widths=[70, 30],
            key="III.1",
        ),
        Paragraph("Một tổ chức có biểu hiện ở nhiều nhóm được tính ở mỗi nhóm.", "italic"),
        Heading("2. Kết quả củng cố", 2),
        Heading("2.1. Kết quả chung", 3),
        Table(
            columns=["Chỉ tiêu", "Số lượng"],
            rows=[
                ["Số TCCSĐ đã hoàn thành củng cố", str(figures["completed"])],
                ["Số TCCSĐ đang thực hiện", str(figures["in_progress"])],
                ["Số TCCSĐ chậm tiến độ", str(figures["late"])],
            ],
            widths=[70, 30],
            key="III.2.1",
        ),
        Heading("2.2. Kết quả thực hiện từng đề án, kế hoạch", 3),
        Table(
            columns=[
                "Tổ chức",
                "Đề án, kế hoạch",
                "Nhóm",
                "Tiến độ",
                "Tình trạng",
                f"Kết quả {quarter.label}",
            ],
            rows=figures["per_plan"],
            widths=[17, 20, 9, 9, 15, 30],  # «Nhóm» and «100 %» stay whole
            centered=frozenset({3, 4}),
            key="III.2.2",
        ),
    ]


def _inspections(ward: Unit, quarter: Quarter) -> list[Block]:
    """II, "Công tác kiểm tra, giám sát, đôn đốc": the quarter's inspections and supervisions
    (begun in it) from the Inspection Committee's records of the ward (of every ward, for a
    city), those concluded, their recommendations and how many were done — each as it stood
    at the quarter's end, so that a past quarter's form says what it said then."""
    inspections = Inspection.objects.filter(
        ward__path__startswith=ward.path,
        starts_on__gte=quarter.starts_on,
        starts_on__lte=quarter.ends_on,
    )
    counts = inspections.aggregate(
        inspected=Count("pk", filter=Q(kind=InspectionKind.INSPECTION)),
        supervised=Count("pk", filter=Q(kind=InspectionKind.SUPERVISION)),
        concluded=Count("pk", filter=Q(concluded_on__lte=quarter.ends_on)),
    )
    recommendations = Recommendation.objects.filter(inspection__in=inspections).aggregate(
        total=Count("pk"), done=Count("pk", filter=Q(done_on__lte=quarter.ends_on))
    )
    return [
        Heading("Công tác kiểm tra, giám sát, đôn đốc thực hiện", 3),
        Bullets(
            [
                f"Số cuộc kiểm tra: {counts['inspected']}; số cuộc giám sát: "
                f"{counts['supervised']} (đã kết luận {counts['concluded']}).",
                f"Số kiến nghị: {recommendations['total']}; đã thực hiện xong: "
                f"{recommendations['done']}.",
            ]
        ),
    ]


def _share(numerator: int, denominator: int) -> str:
    """ "78/101 (77 %)", or "0/0" with nothing to count."""
    if not denominator:
        return f"{numerator}/{denominator}"
    return f"{numerator}/{denominator} ({round(100 * numerator / denominator)} %)"


def _other_targets(units: QuerySet[Unit], ward: Unit, quarter: Quarter) -> list[Block]:
    """III.3: the targets of seed 000, III.2 kept in the registers — cell meetings, key
    cadres evaluated by product, IT use — from the rules the dashboard counts with. The
    meetings and evaluations of the quarter before the form's (the last one over when the
    form is sent, before the 15th of its last month); IT use as it stands."""
    year, number = previous_key(quarter.year, quarter.number)
    label = quarter_label(year, number)
    cells = cells_of(units)
    counts = cells.aggregate(
        total=Count("pk"), kept=Count("pk", filter=regime_condition(year, number))
    )
    attendance = quarter_attendance(cells, year, number)
    evaluated = evaluated_ratio(units, year, number)
    digital = (
        Unit.objects.grassroots_of(ward)
        .filter(pk__in=units.values("pk"))
        .active()
        .aggregate(total=Count("pk"), basic=Count("pk", filter=digital_basic_condition()))
    )
    return [
        Heading("3. Kết quả thực hiện các chỉ tiêu khác", 2),
        Table(
            columns=["Chỉ tiêu", "Kết quả"],
            rows=[
                [
                    f"Chi bộ thực hiện nghiêm túc chế độ sinh hoạt ({label}; chỉ tiêu 100 %)",
                    _share(counts["kept"], counts["total"]),
                ],
                [
                    f"Lượt đảng viên dự sinh hoạt thường kỳ ({label}; chỉ tiêu từ 90 %)",
                    _share(attendance.present, attendance.expected),
                ],
                [
                    f"Cán bộ chủ chốt được đánh giá theo sản phẩm ({label}; chỉ tiêu 100 %)",
                    _share(evaluated.numerator, evaluated.denominator),
                ],
                [
                    "TCCSĐ ứng dụng công nghệ thông tin, chuyển đổi số ở mức cơ bản (chỉ tiêu 100 %)",
                    _share(digital["basic"], digital["total"]),
                ],
            ],
            widths=[70, 30],
            key="III.3",
        ),
    ]


def appendix2(
    *, user: Viewer | None, ward: Unit, quarter: Quarter, today: datetime.date
) -> Document:
    profile = profile_for(ward)
    figures = appendix2_figures(user=user, ward=ward, quarter=quarter, today=today)
    text = results_report_for(quarter)
    empty = "(Ban Xây dựng Đảng chưa viết nội dung này.)"
    blocks = [
        Heading("I. ĐẶC ĐIỂM TÌNH HÌNH"),
        Bullets(
            [
                f"Tổng số tổ chức cơ sở đảng trực thuộc: {figures['grassroots']}.",
                f"Tổng số đảng viên: {figures['members']:,}.".replace(",", "."),
            ]
        ),
        *text_blocks(text.situation, empty),
        Heading("II. CÔNG TÁC LÃNH ĐẠO, CHỈ ĐẠO"),
        *text_blocks(text.leadership, empty),
        *_inspections(ward, quarter),
        *_results(figures, quarter),
        *_other_targets(
            Unit.objects.subtree_of(ward) if user is None else units_visible_to(user), ward, quarter
        ),
        Heading("IV. ĐÁNH GIÁ CHUNG"),
        Heading("1. Ưu điểm", 2),
        *text_blocks(text.strengths, empty),
        Heading("2. Tồn tại, hạn chế, nguyên nhân", 2),
        *text_blocks(text.limitations, empty),
        Heading("V. PHƯƠNG HƯỚNG, NHIỆM VỤ"),
        *text_blocks(text.direction, empty),
        Heading("VI. KIẾN NGHỊ, ĐỀ XUẤT"),
        *text_blocks(text.proposals, empty),
    ]
    return Document(
        kind="appendix2",
        letterhead=Letterhead(
            profile.superior_body, profile.issuing_body, place_date(profile.place, today)
        ),
        label="PHỤ LỤC 2",
        show_label=False,
        title=["BÁO CÁO", "Kết quả củng cố tổ chức cơ sở đảng yếu kém hoặc có vấn đề cần quan tâm"],
        subtitle=f"({quarter.label})",
        blocks=blocks,
        signature=ward_signature(profile),
        recipients=recipients(profile),
        filename_stem=f"phu-luc-2_{quarter.code}_{slug(profile.place)}",
    )
