"""One plan per unit at a time (seed 000, V.3.2): a unit found weak again while its plan runs
gets that plan continued, never a second active plan."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from consolidation.models import (
    UNIT_HAS_ACTIVE_PLAN,
    Cause,
    Plan,
    PlanContinuation,
    PlanKind,
    PlanStatus,
    Review,
)
from consolidation.selectors.reviews import plan_approved
from consolidation.services import approval as approval_services
from consolidation.services import evaluations as evaluation_services
from consolidation.services import plans as plan_services
from consolidation.services import reviews as review_services
from consolidation.services import tasks as task_services
from tests.helpers import confirm, full_task, later_dates, recognizable, weak_input


@pytest.fixture
def weak_again(approved_plan, ward, unit, board_user):
    """The 2027 round finds the unit weak again, in group 2 this time, with a new cause."""
    later = review_services.round_open(
        ward=ward, name="Rà soát 2027", period="2027", dates=later_dates(), by=board_user
    )
    review = later.reviews.get(unit=unit)
    data = weak_input(("1.1", "2.1"))
    data.causes[0].text = "Chi ủy chưa kiểm tra việc thực hiện nghị quyết"
    confirm(review, board_user, data)
    return Review.objects.get(pk=review.pk)


def test_a_unit_found_weak_again_continues_its_running_plan(approved_plan, weak_again, board_user):
    plan = plan_services.plan_create_from_review(review=weak_again, by=board_user)

    assert plan.pk == approved_plan.pk
    assert Plan.objects.filter(unit=weak_again.unit).count() == 1
    continuation = PlanContinuation.objects.get(review=weak_again)
    assert continuation.plan == plan
    assert continuation.previous_status == PlanStatus.APPROVED
    # Back to be completed and approved again; its groups and causes now include the new ones.
    assert plan.status == PlanStatus.DRAFTING
    step5 = plan.steps.get(number=5)
    assert not step5.is_done and step5.done_on is None
    assert sorted(plan.groups.values_list("number", flat=True)) == [1, 2, 3]
    assert set(plan.causes()) == set(Cause.objects.filter(review__unit=weak_again.unit))
    assert plan.expected_end == weak_again.round.phase3_ends_on
    assert "Rà soát 2027" in plan.steps.get(number=1).notes
    assert weak_again.consolidation_plan == plan
    # Asking again gives the same plan, never a second one.
    assert plan_services.plan_create_from_review(review=weak_again, by=board_user) == plan
    assert PlanContinuation.objects.count() == 1


def test_a_complex_plan_becomes_a_project_when_the_unit_is_found_weak(
    confirmed_review, board_user, ward, unit
):
    Review.objects.filter(pk=confirmed_review.pk).update(conclusion="complex")
    plan = plan_services.plan_create_from_review(
        review=Review.objects.get(pk=confirmed_review.pk), by=board_user
    )
    assert plan.kind == PlanKind.PLAN
    later = review_services.round_open(
        ward=ward, name="Rà soát 2027", period="2027", dates=later_dates(), by=board_user
    )
    review = later.reviews.get(unit=unit)
    confirm(review, board_user, weak_input(("1.1",)))

    continued = plan_services.plan_create_from_review(review=review, by=board_user)

    assert continued.pk == plan.pk
    assert continued.kind == PlanKind.PROJECT
    assert continued.title.startswith("Đề án củng cố")


def test_approval_again_needs_a_task_for_the_new_cause_and_a_new_consultation(
    approved_plan, weak_again, board_user, standing_user
):
    plan = plan_services.plan_create_from_review(review=weak_again, by=board_user)
    new_cause = weak_again.causes.get()
    today = timezone.localdate()

    problems = approval_services.approval_problems(plan)

    assert approval_services.CAUSE_NO_TASK.format(text=new_cause.text) in problems
    assert approval_services.GROUP_NO_TASK.format(number=2) in problems
    again = approval_services.NEEDS_CONSULTATION_AGAIN.format(day=today.strftime("%d/%m/%Y"))
    assert again in problems
    # The consultation before the continuation does not count; one from that day does.
    task_services.task_save(plan=plan, data=full_task(2, [new_cause.pk]), by=board_user)
    approval_services.consultation_record(
        plan=plan,
        data=approval_services.ConsultationInput(today, "Chi ủy", "Bổ sung nhiệm vụ nhóm 2"),
        by=board_user,
    )
    assert approval_services.approval_problems(plan) == []
    approval_services.plan_submit(plan=plan, by=board_user)
    approval_services.plan_approve(plan=plan, by=standing_user, number="06-ĐA/CB", issued_on=today)
    assert Plan.objects.get(pk=plan.pk).status == PlanStatus.APPROVED


def test_the_earlier_rounds_figure_does_not_move_when_the_plan_is_continued(
    approved_plan, weak_again, board_user
):
    first = approved_plan.review
    plan_services.plan_create_from_review(review=weak_again, by=board_user)

    approved = Review.objects.filter(plan_approved())
    assert first in approved  # approved in its round, whatever happens later
    assert weak_again not in approved  # not until the continued plan is approved again


def test_a_recognized_plan_leaves_room_for_a_new_one(
    approved_plan, weak_again, board_user, standing_user
):
    recognizable(approved_plan, board_user)
    evaluation_services.plan_recognize(
        plan=approved_plan,
        by=standing_user,
        decision_number="120-QĐ/ĐU",
        decided_on=datetime.date(2026, 11, 12),
    )

    plan = plan_services.plan_create_from_review(review=weak_again, by=board_user)

    assert plan.pk != approved_plan.pk
    assert plan.review == weak_again
    assert Plan.objects.active().filter(unit=weak_again.unit).get() == plan
    # Withdrawing the old recognition would make two running plans: refused, naming the one.
    with pytest.raises(ValidationError) as refused:
        evaluation_services.plan_withdraw_recognition(
            plan=approved_plan, by=standing_user, reason="Kiểm tra lại thấy chưa đạt"
        )
    assert refused.value.messages == [
        evaluation_services.WITHDRAW_WHILE_ANOTHER_RUNS.format(title=plan.title)
    ]


def test_a_second_running_plan_is_refused_by_the_model_and_the_database(plan):
    second = Plan(
        unit=plan.unit,
        kind=PlanKind.PLAN,
        title="Kế hoạch thứ hai",
        contents="x",
        started_on=datetime.date(2026, 6, 1),
        expected_end=datetime.date(2026, 12, 31),
    )
    with pytest.raises(ValidationError) as refused:
        second.full_clean()
    assert refused.value.messages == [UNIT_HAS_ACTIVE_PLAN]
    with pytest.raises(IntegrityError), transaction.atomic():
        second.save()
    # Recognized plans do not count.
    second.status = PlanStatus.RECOGNIZED
    second.recognition_number = "1-QĐ/ĐU"
    second.recognized_on = datetime.date(2026, 11, 1)
    second.save()
    assert Plan.objects.active().get() == plan


def test_the_review_page_says_the_running_plan_is_continued(
    approved_plan, weak_again, login, board_user
):
    client = login(board_user)
    page = client.get(f"/ra-soat/danh-gia/{weak_again.pk}/").content.decode()
    assert "Tiếp tục đề án, kế hoạch đang thực hiện" in page
    assert approved_plan.title in page

    response = client.post(f"/ra-soat/danh-gia/{weak_again.pk}/cung-co/", follow=True)

    assert response.redirect_chain[-1][0] == f"/ke-hoach/{approved_plan.pk}/"
    assert "đánh giá này đã được gắn vào" in response.content.decode()
    assert Plan.objects.count() == 1


def test_the_plan_page_names_the_review_that_continued_it(
    approved_plan, weak_again, login, board_user
):
    plan_services.plan_create_from_review(review=weak_again, by=board_user)

    page = login(board_user).get(f"/ke-hoach/{approved_plan.pk}/").content.decode()

    assert 'id="continuations"' in page
    assert "Rà soát 2027</a>: kết luận «Yếu kém»" in page
    assert "phải bổ sung và phê duyệt lại" in page
