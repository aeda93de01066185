"""The gate at submission and at approval (seed 000, I.2, V.3.1 and V.3.2 step 5): "1 xuyên
suốt" holds – each gap in turn refuses, naming the task, cause or group – and the draft was
consulted on before it is submitted."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from consolidation.models import Cause, IndicatorGroup, Plan, PlanStatus
from consolidation.services import approval as approval_services
from consolidation.services import tasks as task_services
from consolidation.services.approval import (
    CAUSE_NO_TASK,
    GROUP_NO_TASK,
    NEEDS_CONSULTATION,
    TASK_NO_CAUSE,
    TASK_OUTSIDE_GROUPS,
    ConsultationInput,
    approval_problems,
)
from tests.helpers import consulted, full_task, make_plan, ready_to_submit

pytestmark = pytest.mark.django_db

WHAT = "Nhiệm vụ nhóm {n}: rà soát quy chế"


def submit(plan, by):
    return approval_services.plan_submit(plan=plan, by=by)


def test_a_ready_plan_passes(plan, board_user):
    ready_to_submit(plan, board_user)

    assert approval_problems(plan) == []
    assert submit(plan, board_user).status == PlanStatus.SUBMITTED


def test_a_task_traced_to_no_cause_is_named(plan, board_user):
    ready_to_submit(plan, board_user)
    task = plan.tasks.get(group__number=3)
    task.causes.clear()

    with pytest.raises(ValidationError) as exc:
        submit(plan, board_user)

    assert exc.value.messages == [TASK_NO_CAUSE.format(index=2, what=WHAT.format(n=3))]
    assert Plan.objects.get(pk=plan.pk).status == PlanStatus.DRAFTING


def test_a_task_in_a_group_the_plan_does_not_address_is_named(plan, board_user):
    ready_to_submit(plan, board_user)
    plan.tasks.filter(group__number=3).update(group=IndicatorGroup.objects.get(number=2))

    problems = approval_problems(plan)

    assert TASK_OUTSIDE_GROUPS.format(index=2, what=WHAT.format(n=3), group=2) in problems
    assert GROUP_NO_TASK.format(number=3) in problems


def test_a_subjective_cause_needs_a_task_an_objective_one_does_not(plan, board_user):
    ready_to_submit(plan, board_user)
    Cause.objects.create(review=plan.review, kind="objective", text="Địa bàn rộng", order=5)

    assert approval_problems(plan) == []

    Cause.objects.create(
        review=plan.review, kind="subjective", text="Chi ủy thiếu kiểm tra", order=6
    )
    assert approval_problems(plan) == [CAUSE_NO_TASK.format(text="Chi ủy thiếu kiểm tra")]


def test_a_group_of_the_plan_without_a_task_is_named(plan, board_user):
    ready_to_submit(plan, board_user)
    plan.tasks.filter(group__number=3).update(status="cancelled", cancel_reason="Gộp")

    assert approval_problems(plan) == [GROUP_NO_TASK.format(number=3)]


def test_cancelled_tasks_trace_nothing(plan, board_user):
    ready_to_submit(plan, board_user)
    causes = plan.review.causes.values_list("pk", flat=True)
    for task in plan.tasks.all():
        task.causes.clear()
    task_services.task_save(plan=plan, data=full_task(1, causes), by=board_user)
    plan.tasks.filter(causes__isnull=False).update(status="cancelled", cancel_reason="Gộp")

    assert CAUSE_NO_TASK.format(text="Người đứng đầu chưa nêu gương") in approval_problems(plan)


def test_submission_needs_the_consultation(plan, board_user):
    ready_to_submit(plan, board_user)
    plan.consultations.all().delete()

    with pytest.raises(ValidationError) as exc:
        submit(plan, board_user)
    assert exc.value.messages == [NEEDS_CONSULTATION]

    consulted(plan, board_user)
    assert submit(plan, board_user).status == PlanStatus.SUBMITTED


def test_approval_checks_the_thread_again(plan, board_user, standing_user):
    ready_to_submit(plan, board_user)
    submit(plan, board_user)
    plan.tasks.get(group__number=1).causes.clear()  # changed under the Standing Committee

    with pytest.raises(ValidationError) as exc:
        approval_services.plan_approve(
            plan=plan, by=standing_user, number="05-ĐA/CB", issued_on=datetime.date(2026, 5, 28)
        )

    assert exc.value.messages == [TASK_NO_CAUSE.format(index=1, what=WHAT.format(n=1))]


def test_approval_records_step_5_from_the_consultation(plan, board_user, standing_user):
    ready_to_submit(plan, board_user)
    submit(plan, board_user)
    approval_services.plan_approve(
        plan=plan, by=standing_user, number="05-ĐA/CB", issued_on=datetime.date(2026, 5, 28)
    )

    step = plan.steps.get(number=5)
    assert step.is_done and step.done_on == datetime.date(2026, 5, 28)
    assert step.participants == "Chi ủy, đảng viên chi bộ (27/05/2026)"


def test_a_plan_without_an_assessment_is_checked_on_its_groups_only(ward, unit, board_user):
    plan = make_plan(unit, status=PlanStatus.DRAFTING)
    plan.groups.set(IndicatorGroup.objects.filter(number__in=[1, 2]))
    task_services.task_save(plan=plan, data=full_task(1), by=board_user)
    consulted(plan, board_user)

    assert approval_problems(plan) == [GROUP_NO_TASK.format(number=2)]


def test_a_consultation_is_recorded_only_on_a_draft_and_not_in_the_future(
    approved_plan, other_unit, board_user
):
    with pytest.raises(ValidationError, match="đang xây dựng"):
        consulted(approved_plan, board_user)
    with pytest.raises(ValidationError) as exc:
        approval_services.consultation_record(
            plan=Plan.objects.create(
                unit=other_unit,
                kind="project",
                title="Khác",
                contents="x",
                started_on=datetime.date(2026, 5, 20),
                expected_end=datetime.date(2026, 12, 31),
            ),
            data=ConsultationInput(datetime.date(2099, 1, 1), "Chi ủy", "Không"),
            by=board_user,
        )
    assert "held_on" in exc.value.message_dict


def test_the_consultation_page_keeps_what_was_typed(login, plan, board_user):
    client = login(board_user)

    response = client.post(
        f"/ke-hoach/{plan.pk}/lay-y-kien/",
        {"held_on": "01/01/2099", "consulted": "Chi ủy, đảng viên", "changes": "Bổ sung chỉ tiêu"},
    )

    html = response.content.decode()
    assert response.status_code == 200
    assert 'value="Chi ủy, đảng viên"' in html and "Bổ sung chỉ tiêu" in html
    assert "(01/01/2099) không được sau ngày hôm nay" in html
    ok = client.post(
        f"/ke-hoach/{plan.pk}/lay-y-kien/",
        {"held_on": "27/05/2026", "consulted": "Chi ủy, đảng viên", "changes": "Bổ sung chỉ tiêu"},
    )
    assert ok.status_code == 302
    page = client.get(f"/ke-hoach/{plan.pk}/").content.decode()
    assert "lấy ý kiến của Chi ủy, đảng viên" in page


def test_the_plan_page_shows_the_gaps_before_submission(login, plan, board_user):
    ready_to_submit(plan, board_user)
    plan.tasks.get(group__number=3).causes.clear()

    html = login(board_user).get(f"/ke-hoach/{plan.pk}/").content.decode()

    assert 'id="thread-gaps"' in html and "Nhiệm vụ số 2 chưa dẫn chiếu nguyên nhân nào." in html
    assert "Còn phải hoàn thiện trước khi trình Ban Thường vụ:" in html
