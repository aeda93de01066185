"""Phụ lục 1 – Mẫu Đề án: a unit's consolidation project or plan, sections I–IX."""

import datetime
from dataclasses import dataclass

from consolidation.models import (
    POINTS_BY_KEY,
    SIX_POINTS,
    Cause,
    CauseKind,
    Finding,
    GroupAssessment,
    IndicatorGroup,
    Objective,
    Plan,
    PlanKind,
    Review,
    Task,
    TaskStatus,
)
from organizations.models import Kind, MemberFigure, Rating, RatingLevel, Unit

from ..documents import (
    Block,
    Bullets,
    Document,
    Heading,
    Letterhead,
    Paragraph,
    Signature,
    Table,
    place_date,
    short_date,
    upper_vi,
)
from ..models import ReportProfile
from .common import profile_for, slug, text_blocks

LEVEL_ABBR: dict[str, str] = {
    RatingLevel.EXCELLENT: "Hoàn thành xuất sắc nhiệm vụ",
    RatingLevel.GOOD: "Hoàn thành tốt nhiệm vụ",
    RatingLevel.COMPLETED: "Hoàn thành nhiệm vụ",
    RatingLevel.NOT_COMPLETED: "Không hoàn thành nhiệm vụ",
}


@dataclass
class _Sources:
    """What Phụ lục 1 is made of, read once: the registry, the review, the plan."""

    plan: Plan
    unit: Unit
    ward: Unit
    profile: ReportProfile
    review: Review | None
    groups: list[IndicatorGroup]
    plan_groups: set[int]
    figure: MemberFigure | None
    ratings: list[Rating]
    findings: list[Finding]
    assessments: dict[int, GroupAssessment]
    causes: list[Cause]
    objectives: list[Objective]
    tasks: list[Task]
    kind_word: str


def _sources(plan: Plan) -> _Sources:
    unit = plan.unit
    ward = Unit.objects.filter(kind=Kind.WARD, path__in=unit.ancestor_paths).first() or unit
    profile = profile_for(ward)
    review = plan.review
    groups = list(IndicatorGroup.objects.all())
    plan_groups = {g.number for g in plan.groups.all()}
    figure = unit.figures.order_by("-as_of").first()
    ratings = list(unit.ratings.order_by("-year")[:3])
    findings = (
        list(Finding.objects.filter(review=review, present=True).select_related("indicator__group"))
        if review
        else []
    )
    assessments = (
        {
            a.group.number: a
            for a in GroupAssessment.objects.filter(review=review).select_related("group")
        }
        if review
        else {}
    )
    causes = list(Cause.objects.filter(review=review)) if review else []
    objectives = list(plan.objectives.select_related("group"))
    tasks = list(
        plan.tasks.exclude(status=TaskStatus.CANCELLED)
        .select_related("group", "objective")
        .prefetch_related("causes")
    )
    return _Sources(
        plan=plan,
        unit=unit,
        ward=ward,
        profile=profile,
        review=review,
        groups=groups,
        plan_groups=plan_groups,
        figure=figure,
        ratings=ratings,
        findings=findings,
        assessments=assessments,
        causes=causes,
        objectives=objectives,
        tasks=tasks,
        kind_word=PlanKind(plan.kind).label,
    )


def _grounds_and_situation(src: _Sources) -> list[Block]:
    """I. Căn cứ; II. Khái quát tình hình."""
    plan, unit, ward, review = src.plan, src.unit, src.ward, src.review
    figure, ratings, kind_word = src.figure, src.ratings, src.kind_word
    return [
        Heading("I. CĂN CỨ XÂY DỰNG " + upper_vi(kind_word)),
        Bullets(
            [
                "Các nghị quyết, chỉ thị, kết luận của Trung ương, Thành ủy, Đảng ủy về công tác xây dựng, chỉnh đốn Đảng.",
                "Hướng dẫn của Ban Thường vụ Thành ủy về củng cố tổ chức cơ sở đảng yếu kém.",
                "Kết quả rà soát, đánh giá, phân loại tổ chức cơ sở đảng"
                + (
                    f" ({review.round.name}: {review.get_conclusion_display().lower()})"
                    if review
                    else ""
                )
                + ".",
                "Tình hình thực tiễn của địa phương, cơ quan, đơn vị.",
            ]
        ),
        Heading("II. KHÁI QUÁT TÌNH HÌNH TỔ CHỨC CƠ SỞ ĐẢNG"),
        Heading("1. Mô hình tổ chức, đặc điểm tình hình", 2),
        Paragraph(
            f"{unit.name} là {unit.get_kind_display().lower()}"
            + (f", khối {unit.get_bloc_display().lower()}" if unit.bloc else "")
            + (f"; địa bàn, cơ quan: {unit.area}" if unit.area else "")
            + f"; trực thuộc {unit.parent.name if unit.parent else ward.name}."
        ),
        Heading("2. Số lượng, cơ cấu đảng viên", 2),
        Paragraph(
            f"Tính đến ngày {short_date(figure.as_of)}: {figure.members} đảng viên, trong đó {figure.women} nữ, "
            f"{figure.ethnic_minority} dân tộc thiểu số, {figure.exempted} miễn sinh hoạt."
            if figure
            else "Chưa có số liệu đảng viên."
        ),
        Heading("3. Cấp ủy, đội ngũ cán bộ chủ chốt", 2),
        Paragraph(
            f"Bí thư: {unit.secretary_name or 'chưa ghi'}"
            + (
                f"; cấp ủy viên phụ trách: {plan.committee_member or unit.committee_member}"
                if (plan.committee_member or unit.committee_member)
                else ""
            )
            + "."
        ),
        Heading("4. Kết quả đánh giá, xếp loại 3 năm gần nhất", 2),
        Table(
            columns=["Năm", "Xếp loại chất lượng", "Điểm"],
            rows=[
                [str(r.year), LEVEL_ABBR[r.level], f"{r.score:g}" if r.score is not None else ""]
                for r in reversed(ratings)
            ]
            or [["", "Chưa có xếp loại", ""]],
            widths=[15, 60, 25],
            key="II.4",
        ),
    ]


def _assessment(src: _Sources) -> list[Block]:
    """III. Đánh giá thực trạng theo 03 nhóm."""
    blocks: list = [Heading("III. ĐÁNH GIÁ THỰC TRẠNG (THEO 03 NHÓM)")]
    groups, assessments, findings = src.groups, src.assessments, src.findings
    for group in groups:
        a = assessments.get(group.number)
        present = [f for f in findings if f.indicator.group.number == group.number]
        blocks += [
            Heading(f"{group.number}. Nhóm {group.number}: {group.short_title}", 2),
            Paragraph(f"Ưu điểm: {a.strengths if a and a.strengths else 'không nêu'}."),
            Paragraph(
                f"Hạn chế: {a.limitations if a and a.limitations else 'không có hạn chế đáng kể'}."
            ),
            Paragraph(
                f"Mức độ: {a.get_severity_display().lower() if a and a.severity else 'không xác định'}."
            ),
        ]
        if present:
            blocks.append(Paragraph("Biểu hiện điển hình:", "italic"))
            blocks.append(
                Bullets(
                    [f"{f.indicator.code} – {f.manifestation or f.indicator.text}" for f in present]
                )
            )
    return blocks


def _causes_and_objectives(src: _Sources) -> list[Block]:
    """IV. Mặt yếu, khâu yếu, nguyên nhân; V. Mục tiêu."""
    causes, review, plan, objectives = src.causes, src.review, src.plan, src.objectives
    subjective = [c.text for c in causes if c.kind == CauseKind.SUBJECTIVE]
    objective = [c.text for c in causes if c.kind == CauseKind.OBJECTIVE]
    return [
        Heading("IV. NHẬN DIỆN «MẶT YẾU, KHÂU YẾU» VÀ NGUYÊN NHÂN"),
        Heading("1. Mặt yếu", 2),
        Paragraph(review.weak_aspects if review and review.weak_aspects else "Chưa nêu."),
        Heading("2. Khâu yếu", 2),
        Paragraph(review.weak_links if review and review.weak_links else "Chưa nêu."),
        Heading("3. Nguyên nhân", 2),
        Paragraph("Chủ quan (chủ yếu):", "italic"),
        Bullets(subjective or ["Chưa nêu."]),
        Paragraph("Khách quan:", "italic"),
        Bullets(objective or ["Chưa nêu."]),
        Heading("V. MỤC TIÊU CỦNG CỐ"),
        Heading("1. Mục tiêu chung", 2),
        Paragraph(
            plan.general_objective
            or "Nâng cao năng lực lãnh đạo, sức chiến đấu của tổ chức cơ sở đảng; khắc phục dứt điểm các hạn chế, yếu kém; bảo đảm hoàn thành nhiệm vụ chính trị."
        ),
        Heading("2. Mục tiêu cụ thể (theo 03 nhóm)", 2),
        Table(
            columns=[
                "Nhóm",
                "Mục tiêu cụ thể",
                "Chỉ tiêu",
                "Thời gian hoàn thành",
                "Kết quả đầu ra",
            ],
            rows=[
                [str(o.group.number), o.text, o.target, short_date(o.deadline), o.output]
                for o in objectives
            ]
            or [["", "Chưa xác định", "", "", ""]],
            widths=[9, 31, 22, 14, 24],  # «Nhóm» whole at 12 pt bold
            key="V.2",
        ),
    ]


def _tasks_by_group(src: _Sources) -> list[Block]:
    """VI. Nhiệm vụ, giải pháp theo từng nhóm."""
    blocks: list = [Heading("VI. NHIỆM VỤ, GIẢI PHÁP CỦNG CỐ")]
    groups, plan_groups, tasks = src.groups, src.plan_groups, src.tasks
    for group in groups:
        if group.number not in plan_groups:
            continue
        group_tasks = [t for t in tasks if t.group_id == group.pk]
        blocks += [
            Heading(f"{group.number}. Nhóm {group.number}: {group.short_title}", 2),
            Table(
                columns=[
                    "Nội dung công việc",
                    "Người thực hiện",
                    "Thời gian hoàn thành",
                    "Sản phẩm đầu ra",
                ],
                rows=[
                    [
                        t.what,
                        POINTS_BY_KEY["nguoi"].render(t),
                        short_date(t.deadline),
                        t.deliverable,
                    ]
                    for t in group_tasks
                ]
                or [["Chưa có nhiệm vụ", "", "", ""]],
                widths=[40, 22, 14, 24],
                key=f"VI.{group.number}",
            ),
        ]
    return blocks


def _implementation(src: _Sources) -> list[Block]:
    """VII. Kế hoạch tổ chức thực hiện theo «6 rõ»; VIII. Tổ chức thực hiện; IX. Kiến nghị."""
    plan, unit, tasks, kind_word = src.plan, src.unit, src.tasks, src.kind_word
    phases = []
    r = plan.round
    if r is not None:
        phases = [
            f"Giai đoạn 1 ({short_date(r.starts_on)} – {short_date(r.phase2_starts_on - datetime.timedelta(days=1))}): rà soát, xây dựng, ban hành {kind_word.lower()}.",
            f"Giai đoạn 2 ({short_date(r.phase2_starts_on)} – {short_date(r.phase3_starts_on - datetime.timedelta(days=1))}): triển khai, kiểm tra, đánh giá giữa kỳ.",
            f"Giai đoạn 3 ({short_date(r.phase3_starts_on)} – {short_date(r.phase3_ends_on)}): đánh giá cuối kỳ, công nhận hoàn thành củng cố.",
        ]
    phases.append(f"Mốc hoàn thành: {short_date(plan.expected_end)}.")
    return [
        Heading("VII. KẾ HOẠCH TỔ CHỨC THỰC HIỆN (THEO «6 RÕ, 1 XUYÊN SUỐT»)"),
        Table(
            columns=["STT", *(point.heading for point in SIX_POINTS), "Khắc phục nguyên nhân"],
            rows=[
                [
                    str(i),
                    *(text for _, text in t.point_texts()),
                    "; ".join(c.text for c in t.causes.all()),
                ]
                for i, t in enumerate(tasks, start=1)
            ]
            or [["", "Chưa có nhiệm vụ", *[""] * len(SIX_POINTS)]],
            # STT and dd/mm/yyyy fit whole at 12 pt on a portrait line (no spill into the next).
            widths=[7, 16, 12, 13, 15, 13, 12, 12],
            key="VII",
        ),
        Heading("1. Phân công trách nhiệm", 2),
        Bullets(
            [
                f"Cấp ủy: {unit.name} lãnh đạo toàn diện việc thực hiện.",
                f"Người đứng đầu: đồng chí {unit.secretary_name or 'Bí thư'} chịu trách nhiệm trước Ban Thường vụ Đảng ủy về kết quả.",
                "Các bộ phận liên quan: thực hiện theo phân công tại bảng trên.",
            ]
        ),
        Heading("2. Lộ trình, tiến độ", 2),
        Bullets(phases),
        Heading("3. Cơ chế theo dõi, kiểm tra, giám sát", 2),
        Bullets(
            [
                "Báo cáo định kỳ hằng quý về Đảng ủy phường (qua Ban Xây dựng Đảng).",
                "Kiểm tra chuyên đề của Ủy ban Kiểm tra Đảng ủy khi cần thiết.",
                "Đánh giá giữa kỳ (giai đoạn 2) và cuối kỳ (giai đoạn 3).",
            ]
        ),
        Heading("4. Sản phẩm, kết quả đầu ra", 2),
        Bullets(
            [f"{t.deliverable} ({t.effect_sought})" for t in tasks if t.deliverable]
            or ["Chưa xác định."]
        ),
        Heading("VIII. TỔ CHỨC THỰC HIỆN VÀ ĐÁNH GIÁ KẾT QUẢ"),
        Bullets(
            [
                f"Cấp ủy viên phụ trách theo dõi: {plan.committee_member or unit.committee_member or 'chưa phân công'}.",
                "Định kỳ đánh giá kết quả thực hiện; gắn kết quả đề án với đánh giá, xếp loại tổ chức đảng, đánh giá cán bộ, đảng viên và trách nhiệm người đứng đầu.",
            ]
        ),
        *([Paragraph(plan.evaluation_arrangements)] if plan.evaluation_arrangements else []),
        Heading("IX. KIẾN NGHỊ, ĐỀ XUẤT"),
        *text_blocks(plan.proposals, "Không có kiến nghị."),
    ]


def appendix1(*, plan: Plan, today: datetime.date) -> Document:
    """A unit's Đề án (or Kế hoạch) laid out by the template of Phụ lục 1, sections I–IX,
    from the registry, the confirmed review and the plan."""
    src = _sources(plan)
    unit, profile, kind_word = src.unit, src.profile, src.kind_word
    blocks = [
        *_grounds_and_situation(src),
        *_assessment(src),
        *_causes_and_objectives(src),
        *_tasks_by_group(src),
        *_implementation(src),
    ]
    title_word = upper_vi(kind_word)
    return Document(
        kind="appendix1",
        letterhead=Letterhead(
            profile.superior_body,
            upper_vi(unit.name),
            place_date(profile.place, plan.issued_on or today),
            number=f"Số {plan.number}" if plan.number else "",
        ),
        label="PHỤ LỤC 1",
        show_label=False,
        title=[title_word, f"Củng cố {unit.name}"],
        blocks=blocks,
        signature=Signature(
            "T/M CHI ỦY" if unit.kind != Kind.BASE_COMMITTEE else "T/M ĐẢNG ỦY",
            "BÍ THƯ",
            unit.secretary_name,
        ),
        recipients=[
            "- Ban Thường vụ Đảng ủy phường (để báo cáo),",
            "- Ban Xây dựng Đảng,",
            "- Lưu chi bộ.",
        ],
        filename_stem=f"phu-luc-1_{slug(unit.code)}_{slug(profile.place)}",
    )
