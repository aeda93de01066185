"""Demo consolidation data for `make run`, built through the same services as the pages.

The story: an end-of-2025 review found Chi bộ Khu dân cư số 7 weak; the 2026 round
(Kế hoạch 100-KH/ĐU, phase 1, April–May) found it weak again (prolonged weakness), two more
units weak, three with complex problems and one at risk; every other unit was reviewed and
found not to need consolidation. Idempotent: a ward that has rounds is left as it is.
"""

import datetime

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from organizations.models import Unit

from ..models import (
    Cadre,
    CauseKind,
    ComplexCase,
    Conclusion,
    IndicatorGroup,
    Plan,
    QuarterlyUpdate,
    Review,
    ReviewRound,
    TaskStatus,
)
from ..services import evaluations as evaluation_services
from ..services import plans as plan_services
from ..services import quarterly as quarterly_services
from ..services import registers as register_services
from ..services import reviews as review_services
from ..services import tasks as task_services
from ..services.reviews import CauseInput, FindingInput, GroupInput, ReviewInput, RoundDates

MANIFESTATIONS = {
    "1.1": "Bí thư chi bộ tự quyết một số việc chi tiêu quỹ, không đưa ra chi ủy bàn.",
    "1.2": "Sinh hoạt chi bộ ít ý kiến phê bình; hai nhóm đảng viên không thống nhất về nhân sự tổ dân phố.",
    "1.3": "Nghị quyết chi bộ chép lại nghị quyết cấp trên, không có chỉ tiêu cụ thể của chi bộ.",
    "1.5": "Chưa lập nhóm Zalo sinh hoạt; hồ sơ, biên bản chưa số hóa.",
    "2.1": "Một đồng chí chi ủy viên bị nhân dân phản ánh thái độ phục vụ chưa đúng mực.",
    "2.2": "Bí thư mới nhận nhiệm vụ, chưa nắm quy trình, nghiệp vụ công tác đảng.",
    "2.3": "Lúng túng khi xử lý mâu thuẫn giữa các hộ kinh doanh.",
    "2.5": "Phân công nhiệm vụ cho đảng viên chung chung, không kiểm tra kết quả.",
    "2.6": "Ứng dụng «Sổ tay đảng viên điện tử» mới có 60 % đảng viên cài đặt.",
    "3.1": "Không hoàn thành chỉ tiêu vận động thu quỹ và vệ sinh môi trường năm 2025.",
    "3.2": "Chậm hoàn thành việc giải phóng mặt bằng ngõ theo kế hoạch của phường.",
    "3.3": "Tình trạng lấn chiếm vỉa hè, ngập úng kéo dài chưa được chỉ đạo xử lý.",
    "3.4": "Có 03 đơn thư khiếu nại kéo dài về tranh chấp lối đi chung chưa giải quyết dứt điểm.",
}
CAUSES = {
    1: [
        (
            CauseKind.SUBJECTIVE,
            "Người đứng đầu chưa nêu gương, chưa thực hiện nghiêm quy chế làm việc của chi ủy.",
        ),
        (CauseKind.OBJECTIVE, "Địa bàn đông dân, nhiều biến động sau sắp xếp đơn vị hành chính."),
    ],
    2: [
        (
            CauseKind.SUBJECTIVE,
            "Cấp ủy chưa quan tâm đào tạo, bồi dưỡng; bố trí cán bộ chưa phù hợp năng lực.",
        ),
        (
            CauseKind.OBJECTIVE,
            "Đội ngũ đảng viên cao tuổi, đảng viên trẻ thường xuyên đi làm ăn xa.",
        ),
    ],
    3: [
        (CauseKind.SUBJECTIVE, "Chi bộ chưa bám sát địa bàn, chưa phân công rõ người, rõ việc."),
        (CauseKind.OBJECTIVE, "Vụ việc có nguồn gốc lịch sử phức tạp, liên quan nhiều cơ quan."),
    ],
}
ROUND_2026 = {
    # code: (conclusion, indicators, severity per group)
    "KDC-07": (Conclusion.WEAK, ["1.1", "1.2", "3.3", "3.4"], {1: "serious", 3: "medium"}),
    "KDC-41": (Conclusion.WEAK, ["2.2", "2.5", "3.1"], {2: "medium", 3: "serious"}),
    "HC-19": (Conclusion.WEAK, ["1.3", "2.1", "2.3"], {1: "medium", 2: "medium"}),
    "KDC-15": (Conclusion.COMPLEX, ["3.4"], {3: "serious"}),
    "DN-02": (Conclusion.COMPLEX, ["1.2", "1.5"], {1: "medium"}),
    "KDC-33": (Conclusion.COMPLEX, ["2.6", "3.2"], {2: "light", 3: "medium"}),
    "KDC-23": (Conclusion.AT_RISK, ["1.5"], {1: "light"}),
}
ROUND_2025 = {
    "KDC-07": (Conclusion.WEAK, ["1.1", "3.4"], {1: "medium", 3: "medium"}),
    "KDC-41": (Conclusion.COMPLEX, ["2.2"], {2: "light"}),
}


def _review_input(review: Review, spec) -> ReviewInput:
    conclusion, codes, severity = spec
    groups = {g.number: g for g in IndicatorGroup.objects.all()}
    indicators = {i.code: i for i in review_services.active_indicators(review.round)}
    numbers = sorted({int(code[0]) for code in codes})
    return ReviewInput(
        weak_aspects="; ".join(groups[n].short_title for n in numbers),
        weak_links="Sinh hoạt chi bộ và phân công, kiểm tra thực hiện nhiệm vụ." if numbers else "",
        head_responsibility="Bí thư chi bộ chịu trách nhiệm chính về những hạn chế đã nêu."
        if numbers
        else "",
        conclusion=conclusion,
        justification="",
        findings=[
            FindingInput(indicators[code].pk, True, MANIFESTATIONS.get(code, "")) for code in codes
        ],
        groups=[
            GroupInput(
                groups[n].pk,
                strengths="Duy trì sinh hoạt định kỳ hằng tháng.",
                limitations="; ".join(MANIFESTATIONS[c] for c in codes if c.startswith(f"{n}.")),
                severity=severity.get(n, ""),
            )
            for n in numbers
        ],
        causes=[
            CauseInput(kind=kind, text=text, group_id=groups[n].pk)
            for n in numbers
            for kind, text in CAUSES[n]
        ]
        if conclusion in (Conclusion.WEAK, Conclusion.COMPLEX)
        else [],
    )


def _run_round(ward, board, name, period, dates, scenario, close=True) -> ReviewRound:
    round_ = review_services.round_open(ward=ward, name=name, period=period, dates=dates, by=board)
    for review in round_.reviews.select_related("unit", "round"):
        spec = scenario.get(review.unit.code, (Conclusion.NOT_NEEDED, [], {}))
        if review.suggestion_state == "pending":
            if spec[0] == Conclusion.NOT_NEEDED:
                review_services.suggestion_dismiss(
                    review=review, by=board, reason="Đã khắc phục sau kiểm điểm."
                )
            else:
                review_services.suggestion_accept(review=review, by=board)
            review.refresh_from_db()
        review_services.review_save(
            review=review,
            data=_review_input(review, spec),
            by=board,
            role="board",
            expected_version=None,
        )
        review_services.review_confirm(review=review, by=board)
    if close:
        review_services.round_close(round_=round_, by=board)
    return round_


@transaction.atomic
def seed(*, ward: Unit, password_hash: str, stdout) -> None:
    if ReviewRound.objects.filter(ward=ward).exists():
        return
    board = get_user_model().objects.get(username="bxd")
    _run_round(
        ward,
        board,
        "Rà soát cuối năm 2025",
        "10–11/2025",
        RoundDates(
            starts_on=datetime.date(2025, 10, 1),
            ends_on=datetime.date(2025, 11, 30),
            phase2_starts_on=datetime.date(2025, 12, 1),
            phase3_starts_on=datetime.date(2026, 2, 1),
            phase3_ends_on=datetime.date(2026, 3, 31),
        ),
        ROUND_2025,
    )
    round_2026 = _run_round(
        ward,
        board,
        "Rà soát giai đoạn 1 năm 2026",
        "04–05/2026",
        review_services.default_round_dates(2026),
        ROUND_2026,
    )
    standing = get_user_model().objects.get(username="btv")
    reviews = round_2026.reviews.filter(conclusion__in=[Conclusion.WEAK, Conclusion.COMPLEX])
    for review in reviews.select_related("unit"):
        _build_plan(review, board, standing)
    _registers(ward)
    stdout.write(
        f"Rà soát: 2 đợt, {Review.objects.filter(round__ward=ward).count()} đánh giá; "
        f"{Plan.objects.filter(unit__path__startswith=ward.path).count()} đề án, kế hoạch."
    )


TASKS = {
    1: [
        (
            "Rà soát, sửa đổi quy chế làm việc của chi ủy, chi bộ",
            "Hoàn thiện quy chế làm việc",
            "Quy chế làm việc sửa đổi được chi bộ thông qua",
            "100 % chi ủy viên thực hiện đúng quy chế",
        ),
        (
            "Chuẩn hóa nội dung, biên bản sinh hoạt chi bộ hằng tháng",
            "Nâng cao chất lượng sinh hoạt cấp ủy, chi bộ",
            "Biên bản sinh hoạt chi bộ theo mẫu chuẩn",
            "Tỷ lệ đảng viên dự sinh hoạt ≥ 90 %",
        ),
        (
            "Lập nhóm Zalo chi bộ, số hóa hồ sơ, biên bản",
            "Đẩy mạnh chuyển đổi số",
            "Nhóm Zalo chi bộ; hồ sơ số hóa",
            "100 % đảng viên nhận tài liệu sinh hoạt trước 3 ngày",
        ),
    ],
    2: [
        (
            "Rà soát, đánh giá đội ngũ chi ủy viên theo sản phẩm",
            "Rà soát, đánh giá cán bộ",
            "Hồ sơ đánh giá cán bộ theo sản phẩm",
            "Danh sách cán bộ cần bồi dưỡng, thay thế",
        ),
        (
            "Cử bí thư, phó bí thư dự lớp bồi dưỡng nghiệp vụ công tác đảng",
            "Đào tạo, bồi dưỡng",
            "Giấy chứng nhận hoàn thành lớp bồi dưỡng",
            "Bí thư nắm vững quy trình, nghiệp vụ",
        ),
    ],
    3: [
        (
            "Xây dựng lộ trình giải quyết dứt điểm đơn thư, vụ việc tồn đọng trên địa bàn",
            "Xử lý điểm nghẽn",
            "Báo cáo kết quả xử lý vụ việc theo từng giai đoạn",
            "Giải quyết dứt điểm ≥ 2/3 vụ việc trong năm",
        ),
        (
            "Phân công đảng viên phụ trách từng nhóm hộ, kiểm tra hằng tháng",
            "Giao việc rõ trách nhiệm",
            "Bảng phân công đảng viên phụ trách hộ",
            "100 % hộ có đảng viên phụ trách",
        ),
    ],
}
PLAN_SCENARIO = {
    # code: (number, issued, progress by task order, special)
    # Tasks alternate deadlines 30/09 and 30/11/2026; one not done by 30/09 is overdue today.
    "KDC-07": ("01-ĐA/CB", datetime.date(2026, 5, 28), [100, 60, 40, 30, 100], "extended"),
    "KDC-41": ("02-ĐA/CB", datetime.date(2026, 5, 28), [50, 20, 10, 0, 0], "late"),
    "HC-19": ("03-ĐA/CB", datetime.date(2026, 5, 29), [100, 80, 100, 70, 100], ""),
    "KDC-15": ("04-KH/CB", datetime.date(2026, 5, 29), [100, 60], ""),
    "DN-02": ("05-KH/ĐB", datetime.date(2026, 5, 30), [100, 100, 100], "recognized"),
    "KDC-33": ("06-KH/CB", datetime.date(2026, 7, 15), [100, 40, 100, 30], ""),
}


def _build_plan(review, board, standing) -> None:

    unit = review.unit
    plan = plan_services.plan_create_from_review(
        review=review, by=board, started_on=datetime.date(2026, 5, 20)
    )
    number, issued, progress, special = PLAN_SCENARIO[unit.code]
    groups = sorted(plan.groups.values_list("number", flat=True))
    plan_services.plan_update(
        plan=plan,
        data={
            "contents": CONTENTS[unit.code],
            "general_objective": f"Khắc phục dứt điểm hạn chế, yếu kém của {unit.name}; hoàn thành nhiệm vụ chính trị năm 2026.",
        },
        by=board,
        expected_version=None,
    )
    plan_services.step_record(
        plan=plan,
        number=2,
        data=plan_services.StepInput(
            datetime.date(2026, 5, 22),
            f"Đ/c {unit.committee_member}, Ban XDĐ",
            "Kiểm chứng tại chi bộ: các biểu hiện đã nêu là đúng; điểm nghẽn ở khâu phân công, kiểm tra.",
        ),
        by=board,
        complete=True,
    )
    group_objects = {g.number: g for g in IndicatorGroup.objects.filter(number__in=groups)}
    objectives = {}
    for n in groups:
        objectives[n] = plan_services.objective_save(
            plan=plan,
            data=plan_services.ObjectiveInput(
                group_objects[n].pk,
                f"Khắc phục hạn chế nhóm {n}",
                TASKS[n][0][3],
                datetime.date(2026, 12, 15),
                TASKS[n][0][2],
            ),
            by=board,
        )
    plan_services.step_record(
        plan=plan,
        number=3,
        data=plan_services.StepInput(datetime.date(2026, 5, 24)),
        by=board,
        complete=True,
    )
    causes = {
        c.group.number: c for c in review.causes.select_related("group") if c.kind == "subjective"
    }
    index = 0
    for n in groups:
        for what, direction, deliverable, effect in TASKS[n]:
            deadline = datetime.date(2026, 9, 30) if index % 2 == 0 else datetime.date(2026, 11, 30)
            if special == "late" and index < 2:
                deadline = datetime.date(2026, 8, 31)
            task_services.task_save(
                plan=plan,
                data=task_services.TaskInput(
                    group_id=group_objects[n].pk,
                    objective_id=objectives[n].pk,
                    direction=direction,
                    what=what,
                    person_name=unit.secretary_name or "Bí thư chi bộ",
                    person_position="Bí thư chi bộ",
                    lead="Chi ủy chi bộ",
                    coordinate="Ban Xây dựng Đảng phường",
                    starts_on=datetime.date(2026, 6, 1),
                    deadline=deadline,
                    milestones="Báo cáo tiến độ hằng quý",
                    deliverable=deliverable,
                    effect_sought=effect,
                    cause_ids=[causes[n].pk] if n in causes else [],
                ),
                by=board,
            )
            index += 1
    plan_services.step_record(
        plan=plan,
        number=4,
        data=plan_services.StepInput(datetime.date(2026, 5, 26)),
        by=board,
        complete=True,
    )
    plan_services.comment_add(
        plan=plan,
        by=board,
        kind="consultation",
        text="Đã lấy ý kiến chi ủy và cấp ủy viên phụ trách; thống nhất trình.",
    )
    plan_services.plan_submit(plan=plan, by=board)
    plan_services.plan_approve(plan=plan, by=standing, number=number, issued_on=issued)
    _quarterly(plan, progress, special, board)
    evaluation_services.evaluation_record(
        plan=plan,
        kind="mid_term",
        evaluated_on=datetime.date(2026, 9, 20),
        clear_improvement=special != "late",
        summary="Chi bộ đã triển khai các nhiệm vụ theo kế hoạch; sinh hoạt chi bộ có chuyển biến."
        if special != "late"
        else "Nhiều nhiệm vụ chậm so với tiến độ; cần tập trung chỉ đạo.",
        limitations=[
            evaluation_services.LimitationInput(
                f"{f.indicator.code}: {f.manifestation}", 60 if special != "late" else 20, f.pk
            )
            for f in review.findings.filter(present=True).select_related("indicator")
        ],
        by=board,
    )
    if special == "recognized":
        evaluation_services.evaluation_record(
            plan=plan,
            kind="final",
            evaluated_on=datetime.date(2026, 11, 5),
            clear_improvement=True,
            summary="Hoàn thành các mục tiêu đề ra; nội bộ đoàn kết, ứng dụng công nghệ thông tin trong sinh hoạt.",
            limitations=[],
            by=board,
        )
        evaluation_services.plan_recognize(
            plan=plan,
            by=standing,
            decision_number="120-QĐ/ĐU",
            decided_on=datetime.date(2026, 11, 12),
        )
    if special == "extended":
        evaluation_services.plan_extend(
            plan=plan,
            by=standing,
            new_end=datetime.date(2027, 6, 30),
            reason="Vụ việc tranh chấp lối đi chung cần thêm thời gian giải quyết theo thẩm quyền của phường.",
        )


CONTENTS = {
    "KDC-07": "Chấn chỉnh nguyên tắc tập thể lãnh đạo, quy chế làm việc của chi ủy; giải quyết dứt điểm đơn thư về lối đi chung, trật tự vỉa hè.",
    "KDC-41": "Kiện toàn, bồi dưỡng đội ngũ chi ủy; hoàn thành chỉ tiêu vận động, vệ sinh môi trường của khu dân cư.",
    "HC-19": "Cụ thể hóa nghị quyết cấp trên vào nhiệm vụ quản lý chợ; chấn chỉnh thái độ phục vụ, năng lực xử lý tình huống của cán bộ.",
    "KDC-15": "Giải quyết vụ việc tồn đọng về cấp giấy chứng nhận và đơn thư kéo dài trên địa bàn.",
    "DN-02": "Củng cố đoàn kết nội bộ; chuyển đổi số trong sinh hoạt đảng bộ doanh nghiệp.",
    "KDC-33": "Nâng cao tư duy số của chi ủy viên; bảo đảm tiến độ nhiệm vụ trọng tâm phường giao.",
}


QUARTERS = {
    # quarter: (first submission, acceptance) – the demo's reporting history
    (2026, 2): (datetime.datetime(2026, 6, 8, 9, 30), datetime.datetime(2026, 6, 12, 15, 0)),
    (2026, 3): (datetime.datetime(2026, 9, 7, 10, 0), datetime.datetime(2026, 9, 11, 14, 0)),
}


def _report(
    plan,
    year,
    number,
    targets,
    board,
    *,
    summary,
    submit=True,
    accept=True,
    late_days=0,
    returned=None,
):
    """A secretary's quarterly update with each task at `targets[task id]` per cent."""

    quarter = quarterly_services.quarter_ensure(plan.unit.parent, year, number)
    update = quarterly_services.update_for(plan=plan, quarter=quarter)
    rows = []
    for row in update.progress.all():
        pct = targets.get(row.task_id, 0)
        status = (
            TaskStatus.DONE
            if pct == 100
            else TaskStatus.IN_PROGRESS
            if pct
            else TaskStatus.NOT_STARTED
        )
        rows.append(
            quarterly_services.ProgressInput(
                row.task_id, status, pct, "Đã triển khai theo kế hoạch" if pct else "", pct == 100
            )
        )
    secretary = (
        get_user_model()
        .objects.filter(membership__unit=plan.unit, membership__role="secretary")
        .first()
    )
    # Past quarters are locked today; the Board may still write them, so the demo's history
    # is entered as the Board and then dated and signed as the secretary's, below.
    author = board if (year, number) in QUARTERS else secretary
    quarterly_services.update_save(
        update=update,
        data=quarterly_services.UpdateInput(summary=summary, progress=rows),
        by=author,
        expected_version=None,
    )
    if not submit:
        return update
    quarterly_services.update_submit(update=update, by=author)
    if returned:
        quarterly_services.update_return(update=update, by=board, reason=returned)
        quarterly_services.update_submit(update=update, by=author)
    if accept:
        quarterly_services.update_accept(update=update, by=board)
    when = QUARTERS.get((year, number))
    if when:  # backdate the demo's history: the services stamp "now"
        first = timezone.make_aware(when[0] + datetime.timedelta(days=late_days))
        QuarterlyUpdate.objects.filter(pk=update.pk).update(
            first_submitted_at=first,
            submitted_at=first,
            submitted_by=secretary,
            accepted_at=timezone.make_aware(when[1] + datetime.timedelta(days=late_days))
            if accept
            else None,
        )
    return update


def _quarterly(plan, progress, special, board) -> None:
    """Quarters II and III reported and accepted (the late unit late, and once returned);
    quarter IV in the states a ward sees in late November."""
    tasks = list(plan.tasks.order_by("group__number", "order"))
    final = {t.pk: pct for t, pct in zip(tasks, progress, strict=False)}
    early = {pk: (pct // 30) * 10 for pk, pct in final.items()}
    late = special == "late"
    _report(
        plan,
        2026,
        2,
        early,
        board,
        late_days=5 if late else 0,
        summary="Đã quán triệt đề án tới toàn thể đảng viên; phân công cụ thể từng nhiệm vụ, bắt đầu triển khai.",
    )
    _report(
        plan,
        2026,
        3,
        final,
        board,
        late_days=6 if late else 0,
        returned="Bổ sung kết quả cụ thể của từng nhiệm vụ, kèm biên bản sinh hoạt."
        if late
        else None,
        summary="Triển khai chậm; mới hoàn thành một phần nhiệm vụ rà soát cán bộ."
        if late
        else "Hoàn thành các nhiệm vụ trọng tâm của giai đoạn 2; sinh hoạt chi bộ đi vào nền nếp; "
        "đã có sản phẩm cho các nhiệm vụ đến hạn.",
    )
    code = plan.unit.code
    if code == "HC-19":
        _report(
            plan,
            2026,
            4,
            final,
            board,
            accept=False,
            summary="Tiếp tục duy trì kết quả; chuẩn bị đánh giá cuối kỳ.",
        )
    elif code == "DN-02":
        _report(
            plan,
            2026,
            4,
            final,
            board,
            summary="Đã hoàn thành toàn bộ nhiệm vụ; được công nhận hoàn thành củng cố.",
        )
    elif code == "KDC-07":
        _report(plan, 2026, 4, final, board, submit=False, summary="Đang tổng hợp kết quả quý IV.")


def _registers(ward) -> None:

    units = {u.code: u for u in Unit.objects.subtree_of(ward)}
    plans = {
        p.unit.code: p
        for p in Plan.objects.filter(unit__path__startswith=ward.path).select_related("unit")
    }
    cadres = [
        (
            "KDC-41",
            "Nguyễn Văn Hưng",
            "Bí thư chi bộ",
            "Chưa nắm vững nghiệp vụ công tác đảng",
            "training",
            datetime.date(2026, 7, 10),
        ),
        (
            "KDC-41",
            "Trần Thị Hồng",
            "Phó Bí thư chi bộ",
            "Phân công nhiệm vụ chung chung",
            "none",
            None,
        ),
        (
            "HC-19",
            "Lê Văn Tâm",
            "Chi ủy viên",
            "Thái độ phục vụ chưa đúng mực",
            "replacement",
            datetime.date(2026, 8, 15),
        ),
        (
            "HC-19",
            "Phạm Thị Thu",
            "Bí thư chi bộ",
            "Lúng túng xử lý tình huống",
            "training",
            datetime.date(2026, 7, 20),
        ),
        (
            "KDC-33",
            "Đỗ Văn Long",
            "Chi ủy viên",
            "Ngại ứng dụng công nghệ",
            "arrangement",
            datetime.date(2026, 9, 1),
        ),
    ]
    for code, name, position, limitation, action, on in cadres:
        register_services.register_save(
            instance=Cadre(
                unit=units[code],
                plan=plans.get(code),
                name=name,
                position=position,
                limitation=limitation,
                action=action,
                action_on=on,
            ),
            by=None,
        )
    cases = [
        (
            "KDC-07",
            "petition",
            "03 đơn thư khiếu nại tranh chấp lối đi chung ngõ 12",
            "Phức tạp, kéo dài; thẩm quyền phường",
            "Đối thoại các hộ (tháng 7); đo đạc, xác minh (tháng 9); quyết định giải quyết (tháng 12/2026)",
            datetime.date(2026, 12, 31),
            "in_progress",
            None,
        ),
        (
            "KDC-07",
            "hot_spot",
            "Lấn chiếm vỉa hè, tụ tập đông người buổi tối tại chợ cóc",
            "Điểm nóng trật tự đô thị",
            "Ra quân giải tỏa, duy trì tổ tự quản",
            datetime.date(2026, 9, 30),
            "in_progress",
            None,
        ),
        (
            "KDC-15",
            "backlog",
            "Tồn đọng hồ sơ cấp giấy chứng nhận cho 05 hộ",
            "",
            "",
            None,
            "open",
            None,
        ),
        (
            "KDC-41",
            "inspection",
            "Kết luận kiểm tra về quản lý quỹ vận động",
            "Thuộc thẩm quyền chi bộ",
            "Thu hồi, công khai quỹ trước 30/8/2026",
            datetime.date(2026, 8, 30),
            "closed",
            datetime.date(2026, 8, 25),
        ),
    ]
    for code, kind, description, classification, roadmap, deadline, status, closed in cases:
        register_services.register_save(
            instance=ComplexCase(
                unit=units[code],
                plan=plans.get(code),
                kind=kind,
                description=description,
                classification=classification,
                roadmap=roadmap,
                roadmap_deadline=deadline,
                status=status,
                closed_on=closed,
            ),
            by=None,
        )
