"""The three forms' contents (seed 000, appendices 1–3) as Documents, each built in a fixed
number of queries from the scoping selector down."""

import datetime

from consolidation.models import (
    MARK_MISSING,
    MARK_SUBMITTED,
    POINTS_BY_KEY,
    SIX_POINTS,
    Cause,
    CauseKind,
    Finding,
    GroupAssessment,
    IndicatorGroup,
    Plan,
    PlanKind,
    PlanStatus,
    Quarter,
    QuarterlyUpdate,
    TaskStatus,
    UpdateState,
)
from consolidation.selectors.plans import with_plan_figures
from consolidation.selectors.reviews import round_counts
from organizations.models import Kind, RatingLevel, Unit
from organizations.selectors import bloc_totals
from organizations.text import fold

from .documents import (
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
from .models import ReportProfile, ResultsReport

APPENDIX3_TITLE = "TỔNG HỢP TÌNH HÌNH CỦNG CỐ TCCSĐ YẾU KÉM HOẶC CÓ VẤN ĐỀ CẦN QUAN TÂM"
APPENDIX3_COLUMNS = [
    "STT",
    "Tên TCCSĐ",
    "Nhóm biểu hiện (1/2/3)",
    "Nội dung cần củng cố",
    "Số, ngày ban hành đề án/Kế hoạch",
    "Thời gian đưa vào củng cố",
    "Thời gian dự kiến hoàn thành",
    "Tóm tắt kết quả thực hiện các nội dung củng cố",
]
APPENDIX3_NUMBERING = [f"({n})" for n in range(1, 9)]
APPENDIX3_WIDTHS = [5, 16, 8, 18, 14, 9, 9, 21]


def slug(text: str) -> str:
    return "-".join(fold(text).replace("/", " ").split())


def profile_for(ward: Unit) -> ReportProfile:
    """The ward's letterhead as saved, or (unsaved: a read never creates it) the one made
    from the ward's own name until Board staff save theirs."""
    profile = ReportProfile.objects.filter(ward=ward).first()
    if profile is None:
        place = ward.area.replace("Phường ", "").replace("phường ", "") if ward.area else ward.name
        profile = ReportProfile(
            ward=ward,
            superior_body=upper_vi(ward.name),
            issuing_body="ĐẢNG ỦY",
            place=place.split("phường ")[-1].strip() or ward.name,
        )
    return profile


def _ward_signature(profile: ReportProfile) -> Signature:
    return Signature(profile.signing_for, profile.signer_title, profile.signer_name)


def _recipients(profile: ReportProfile) -> list[str]:
    return [line for line in profile.recipients.splitlines() if line.strip()]


def _plans_for(user):
    """The plans a person may see; user=None is the command line, run by whoever already
    holds the database (the whole ward)."""
    return Plan.objects.all() if user is None else Plan.objects.visible_to(user)


def _groups_text(numbers) -> str:
    return ", ".join(str(n) for n in sorted(numbers))


# --- Phụ lục 3 -------------------------------------------------------------------------------


def appendix3_rows(*, user, scope: Unit, quarter: Quarter) -> list[list[str]]:
    """One row per plan active in the quarter (entered consolidation by its end, not
    recognized before its start) within the scope, in Vietnamese order of the unit's name:
    the form's columns (1)–(8). Column 8 is the accepted update's summary, marked when the
    update is only submitted or missing."""
    plans = (
        _plans_for(user)
        .filter(unit__path__startswith=scope.path)
        .exclude(unit=scope)
        .expected_in(quarter)
    )
    plans = list(
        plans.select_related("unit")
        .prefetch_related("groups")
        .order_by("unit__sort_key", "unit__code", "started_on")
    )
    updates = {u.plan_id: u for u in QuarterlyUpdate.objects.of(quarter).filter(plan__in=plans)}
    rows = []
    for index, plan in enumerate(plans, start=1):
        update = updates.get(plan.pk)
        if update is not None and update.state == UpdateState.ACCEPTED:
            summary = update.summary
        elif update is not None and update.state == UpdateState.SUBMITTED:
            summary = f"{update.summary}\n{MARK_SUBMITTED}".strip()
        else:
            summary = MARK_MISSING
        rows.append(
            [
                str(index),
                plan.unit.name,
                _groups_text(g.number for g in plan.groups.all()),
                plan.contents,
                plan.number_display,
                short_date(plan.started_on),
                short_date(plan.expected_end),
                summary,
            ]
        )
    return rows


def appendix3(*, user, scope: Unit, quarter: Quarter, today: datetime.date) -> Document:
    ward = quarter.ward
    profile = profile_for(ward)
    if scope.pk == ward.pk:
        issuer, signature = profile.issuing_body, _ward_signature(profile)
    else:  # a đảng bộ cơ sở over its own sub-cells
        issuer = upper_vi(scope.name)
        signature = Signature("T/M ĐẢNG ỦY", "BÍ THƯ", scope.secretary_name)
    return Document(
        kind="appendix3",
        letterhead=Letterhead(profile.superior_body, issuer, place_date(profile.place, today)),
        label="PHỤ LỤC 3",
        title=[APPENDIX3_TITLE],
        subtitle=f"({quarter.label})",
        blocks=[
            Table(
                columns=APPENDIX3_COLUMNS,
                numbering=APPENDIX3_NUMBERING,
                rows=appendix3_rows(user=user, scope=scope, quarter=quarter),
                widths=APPENDIX3_WIDTHS,
                key="phu-luc-3",
            )
        ],
        signature=signature,
        recipients=_recipients(profile),
        landscape=True,
        filename_stem=f"phu-luc-3_{quarter.code}_{slug(profile.place)}"
        + ("" if scope.pk == ward.pk else f"_{slug(scope.code)}"),
    )


# --- Phụ lục 2 -------------------------------------------------------------------------------


def _latest_round_by(ward: Unit, day: datetime.date):
    from consolidation.models import ReviewRound

    return (
        ReviewRound.objects.filter(ward=ward, starts_on__lte=day)
        .order_by("-starts_on", "-pk")
        .first()
    )


def appendix2_figures(*, user, ward: Unit, quarter: Quarter, today: datetime.date) -> dict:
    """The numbers of the results report (Phụ lục 2, I and III), computed from the data."""
    as_of = min(today, quarter.ends_on)
    totals = bloc_totals(ward)
    round_ = _latest_round_by(ward, quarter.ends_on)
    counts = round_counts(round_) if round_ else None
    plans = list(
        with_plan_figures(
            _plans_for(user).filter(unit__path__startswith=ward.path).expected_in(quarter),
            as_of,
        )
        .select_related("unit")
        .prefetch_related("groups")
        .order_by("unit__sort_key", "started_on")
    )
    updates = {u.plan_id: u for u in QuarterlyUpdate.objects.of(quarter).filter(plan__in=plans)}
    completed = [
        p
        for p in plans
        if p.status == PlanStatus.RECOGNIZED
        and p.recognized_on
        and p.recognized_on <= quarter.ends_on
    ]
    late = [p for p in plans if p not in completed and p.is_late]
    in_progress = [p for p in plans if p not in completed and p not in late]
    per_plan = []
    for plan in plans:
        update = updates.get(plan.pk)
        if plan in completed:
            state = f"Đã hoàn thành củng cố (QĐ {plan.recognition_number}, {short_date(plan.recognized_on)})"
        elif plan in late:
            state = "Chậm tiến độ"
        else:
            state = "Đang thực hiện"
        per_plan.append(
            [
                plan.unit.name,
                f"{plan.get_kind_display()} {plan.number_display}".strip(),
                _groups_text(g.number for g in plan.groups.all()),
                f"{plan.progress_avg:.0f} %",
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


def _text_blocks(text: str, empty: str) -> list:
    lines = [line.strip() for line in (text or "").splitlines() if line.strip()]
    if not lines:
        return [Paragraph(empty, "italic")]
    return [Paragraph(line) for line in lines]


def appendix2(*, user, ward: Unit, quarter: Quarter, today: datetime.date) -> Document:
    profile = profile_for(ward)
    figures = appendix2_figures(user=user, ward=ward, quarter=quarter, today=today)
    text = results_report_for(quarter)
    empty = "(Ban Xây dựng Đảng chưa viết nội dung này.)"
    round_name = f" ({figures['round'].name})" if figures["round"] else ""
    blocks = [
        Heading("I. ĐẶC ĐIỂM TÌNH HÌNH"),
        Bullets(
            [
                f"Tổng số tổ chức cơ sở đảng trực thuộc: {figures['grassroots']}.",
                f"Tổng số đảng viên: {figures['members']:,}.".replace(",", "."),
            ]
        ),
        *_text_blocks(text.situation, empty),
        Heading("II. CÔNG TÁC LÃNH ĐẠO, CHỈ ĐẠO"),
        *_text_blocks(text.leadership, empty),
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
            widths=[18, 20, 7, 8, 15, 32],
            key="III.2.2",
        ),
        Heading("IV. ĐÁNH GIÁ CHUNG"),
        Heading("1. Ưu điểm", 2),
        *_text_blocks(text.strengths, empty),
        Heading("2. Tồn tại, hạn chế, nguyên nhân", 2),
        *_text_blocks(text.limitations, empty),
        Heading("V. PHƯƠNG HƯỚNG, NHIỆM VỤ"),
        *_text_blocks(text.direction, empty),
        Heading("VI. KIẾN NGHỊ, ĐỀ XUẤT"),
        *_text_blocks(text.proposals, empty),
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
        signature=_ward_signature(profile),
        recipients=_recipients(profile),
        filename_stem=f"phu-luc-2_{quarter.code}_{slug(profile.place)}",
    )


# --- Phụ lục 1 -------------------------------------------------------------------------------

LEVEL_ABBR = {
    RatingLevel.EXCELLENT: "Hoàn thành xuất sắc nhiệm vụ",
    RatingLevel.GOOD: "Hoàn thành tốt nhiệm vụ",
    RatingLevel.COMPLETED: "Hoàn thành nhiệm vụ",
    RatingLevel.NOT_COMPLETED: "Không hoàn thành nhiệm vụ",
}


def appendix1(*, plan: Plan, today: datetime.date) -> Document:
    """A unit's Đề án (or Kế hoạch) laid out by the template of Phụ lục 1, sections I–IX,
    from the registry, the confirmed review and the plan."""
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
    kind_word = PlanKind(plan.kind).label
    blocks = [
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
        Heading("III. ĐÁNH GIÁ THỰC TRẠNG (THEO 03 NHÓM)"),
    ]
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
    subjective = [c.text for c in causes if c.kind == CauseKind.SUBJECTIVE]
    objective = [c.text for c in causes if c.kind == CauseKind.OBJECTIVE]
    blocks += [
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
            widths=[8, 32, 22, 14, 24],
            key="V.2",
        ),
        Heading("VI. NHIỆM VỤ, GIẢI PHÁP CỦNG CỐ"),
    ]
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
    phases = []
    if plan.round_id:
        r = plan.round
        phases = [
            f"Giai đoạn 1 ({short_date(r.starts_on)} – {short_date(r.phase2_starts_on - datetime.timedelta(days=1))}): rà soát, xây dựng, ban hành {kind_word.lower()}.",
            f"Giai đoạn 2 ({short_date(r.phase2_starts_on)} – {short_date(r.phase3_starts_on - datetime.timedelta(days=1))}): triển khai, kiểm tra, đánh giá giữa kỳ.",
            f"Giai đoạn 3 ({short_date(r.phase3_starts_on)} – {short_date(r.phase3_ends_on)}): đánh giá cuối kỳ, công nhận hoàn thành củng cố.",
        ]
    phases.append(f"Mốc hoàn thành: {short_date(plan.expected_end)}.")
    blocks += [
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
            widths=[4, 20, 13, 14, 11, 13, 13, 12],
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
        *_text_blocks(plan.proposals, "Không có kiến nghị."),
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
