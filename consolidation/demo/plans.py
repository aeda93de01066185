"""The demo's plans: built through the six steps of seed 000, V.3.2."""

import datetime

from ..models import (
    IndicatorGroup,
)
from ..services import approval as approval_services
from ..services import evaluations as evaluation_services
from ..services import plans as plan_services
from ..services import tasks as task_services
from .quarterly import quarterly

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


def _draft_plan(review, board, special):
    """Steps 1–4 of seed 000, V.3.2, done by the Board with the unit."""
    unit = review.unit
    plan = plan_services.plan_create_from_review(
        review=review, by=board, started_on=datetime.date(2026, 5, 20)
    )
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
    _tasks(plan, review, groups, group_objects, objectives, special, board)
    plan_services.step_record(
        plan=plan,
        number=4,
        data=plan_services.StepInput(datetime.date(2026, 5, 26)),
        by=board,
        complete=True,
    )
    return plan


def _tasks(plan, review, groups, group_objects, objectives, special, board) -> None:
    """Step 4: each group's tasks, clear on the six points, traced to a subjective cause."""
    unit = plan.unit
    subjective = [c for c in review.causes.select_related("group") if c.kind == "subjective"]
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
                    cause_ids=[c.pk for c in subjective if c.group is None or c.group.number == n],
                ),
                by=board,
            )
            index += 1


def build_plan(review, board, standing) -> None:
    number, issued, progress, special = PLAN_SCENARIO[review.unit.code]
    plan = _draft_plan(review, board, special)
    _consult_and_approve(plan, board, standing, number, issued)
    quarterly(plan, progress, special, board)
    _evaluate(plan, review, board, standing, special)


def _consult_and_approve(plan, board, standing, number, issued) -> None:
    """Step 5: consultation, submission, the Standing Committee's approval."""
    approval_services.consultation_record(
        plan=plan,
        data=approval_services.ConsultationInput(
            datetime.date(2026, 5, 27),
            f"Chi ủy, đảng viên chi bộ; đ/c {plan.unit.committee_member}",
            "Bổ sung chỉ tiêu định lượng cho từng mục tiêu; ghi rõ người chủ trì từng nhiệm vụ.",
        ),
        by=board,
    )
    approval_services.plan_submit(plan=plan, by=board)
    approval_services.plan_approve(plan=plan, by=standing, number=number, issued_on=issued)


def _evaluate(plan, review, board, standing, special) -> None:
    """Step 6: the mid-term evaluation; for some plans the final one and recognition, or an
    extension."""
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
            objectives=[
                evaluation_services.ObjectiveAssessment(pk, met=True)
                for pk in plan.objectives.values_list("pk", flat=True)
            ],
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
