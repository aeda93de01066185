"""Recognition is earned (seed 000, VI phase 3; V.3.2 step 6): the gate at its edges, the
refusal listing each missing point, and the Standing Committee's withdrawal."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from consolidation.models import Objective, ObjectiveResult, Plan, PlanStatus, TaskStatus
from consolidation.services import evaluations as evaluation_services
from consolidation.services.evaluations import (
    RECOGNITION_BEFORE_EVALUATION,
    RECOGNITION_NEEDS_APPROVED,
    RECOGNITION_NEEDS_FINAL,
    RECOGNITION_NEEDS_IMPROVEMENT,
    RECOGNITION_OBJECTIVE,
    RECOGNITION_OPEN_TASK,
    RECOGNITION_TOO_EARLY,
    recognition_problems,
)
from tests.helpers import make_plan, ready_to_submit, recognizable

pytestmark = pytest.mark.django_db

PHASE3 = datetime.date(2026, 10, 1)  # the test round's phase 3 (seed 000, VI default)


def recognize(plan, by, decided_on=datetime.date(2026, 11, 12)):
    return evaluation_services.plan_recognize(
        plan=plan, by=by, decision_number="120-QĐ/ĐU", decided_on=decided_on
    )


def final(plan, by, day, *, improved=True, objectives=None):
    return evaluation_services.evaluation_record(
        plan=plan,
        kind="final",
        evaluated_on=day,
        clear_improvement=improved,
        summary="Đánh giá",
        limitations=[],
        objectives=objectives,
        by=by,
    )


def met_all(plan):
    return [
        evaluation_services.ObjectiveAssessment(pk, met=True)
        for pk in plan.objectives.values_list("pk", flat=True)
    ]


def test_recognition_in_phase_1_at_no_progress_lists_every_missing_point(
    approved_plan, standing_user
):
    tasks = list(approved_plan.tasks.all())
    objectives = list(approved_plan.objectives.select_related("group"))

    with pytest.raises(ValidationError) as exc:
        recognize(approved_plan, standing_user, decided_on=datetime.date(2026, 5, 30))

    assert exc.value.messages == [
        RECOGNITION_NEEDS_FINAL,
        *[
            RECOGNITION_OPEN_TASK.format(index=i, what=t.what, status="Chưa thực hiện", progress=0)
            for i, t in enumerate(tasks, start=1)
        ],
        *[RECOGNITION_OBJECTIVE.format(text=o.text, group=o.group.number) for o in objectives],
    ]
    assert Plan.objects.get(pk=approved_plan.pk).status == PlanStatus.APPROVED


def test_a_ready_plan_is_recognized_and_step_6_done(approved_plan, board_user, standing_user):
    recognizable(approved_plan, board_user)

    plan = recognize(approved_plan, standing_user)

    assert plan.status == PlanStatus.RECOGNIZED
    assert plan.recognized_on == datetime.date(2026, 11, 12)
    assert plan.steps.get(number=6).done_on == datetime.date(2026, 11, 12)


@pytest.mark.parametrize(
    "day, refused",
    [
        (PHASE3 - datetime.timedelta(days=1), True),  # 30/09: the last day of phase 2
        (PHASE3, False),  # 01/10: the first day of phase 3
    ],
)
def test_the_final_evaluation_counts_from_the_first_day_of_phase_3(
    approved_plan, board_user, standing_user, day, refused
):
    recognizable(approved_plan, board_user, evaluated_on=day)

    problems = recognition_problems(approved_plan, datetime.date(2026, 11, 12))

    too_early = RECOGNITION_TOO_EARLY.format(day=day.strftime("%d/%m/%Y"), phase3="01/10/2026")
    assert problems == ([too_early] if refused else [])


def test_phase_3_follows_the_rounds_own_calendar(approved_plan, board_user):
    approved_plan.round.phase3_starts_on = datetime.date(2026, 9, 15)
    approved_plan.round.save()
    recognizable(approved_plan, board_user, evaluated_on=datetime.date(2026, 9, 15))

    assert recognition_problems(Plan.objects.get(pk=approved_plan.pk)) == []


def test_a_plan_without_a_round_takes_the_seeds_phase_3(approved_plan):
    approved_plan.round = None
    approved_plan.expected_end = datetime.date(2027, 6, 30)
    assert approved_plan.phase3_starts_on == datetime.date(2026, 10, 1)
    approved_plan.expected_end = datetime.date(2026, 12, 31)
    assert approved_plan.phase3_starts_on == datetime.date(2026, 10, 1)
    approved_plan.started_on = datetime.date(2026, 11, 1)
    assert approved_plan.phase3_starts_on == datetime.date(2026, 11, 1)


def test_a_mid_term_evaluation_is_not_enough(approved_plan, board_user):
    recognizable(approved_plan, board_user)
    approved_plan.evaluations.update(kind="mid_term")

    assert recognition_problems(approved_plan)[0] == RECOGNITION_NEEDS_FINAL


def test_the_latest_final_evaluation_decides(approved_plan, board_user):
    recognizable(approved_plan, board_user)
    final(
        approved_plan,
        board_user,
        datetime.date(2026, 11, 1),
        improved=False,
        objectives=met_all(approved_plan),
    )

    assert recognition_problems(approved_plan) == [
        RECOGNITION_NEEDS_IMPROVEMENT.format(day="01/11/2026")
    ]


def test_the_decision_cannot_come_before_the_evaluation(approved_plan, board_user):
    recognizable(approved_plan, board_user, evaluated_on=datetime.date(2026, 11, 5))

    assert recognition_problems(approved_plan, datetime.date(2026, 11, 4)) == [
        RECOGNITION_BEFORE_EVALUATION.format(decided="04/11/2026", day="05/11/2026")
    ]
    assert recognition_problems(approved_plan, datetime.date(2026, 11, 5)) == []


@pytest.mark.parametrize(
    "status, refused",
    [
        (TaskStatus.NOT_STARTED, True),
        (TaskStatus.IN_PROGRESS, True),
        (TaskStatus.DONE, False),
        (TaskStatus.CANCELLED, False),
    ],
)
def test_every_task_is_done_or_cancelled_with_its_reason(
    approved_plan, board_user, status, refused
):
    recognizable(approved_plan, board_user)
    task = approved_plan.tasks.first()
    approved_plan.tasks.filter(pk=task.pk).update(
        status=status, cancel_reason="Gộp vào nhiệm vụ khác" if status == "cancelled" else ""
    )

    problems = recognition_problems(approved_plan)

    assert bool(problems) is refused
    if refused:
        assert problems[0].startswith("Nhiệm vụ số 1 (")


def test_every_objective_is_assessed_met_or_explained(approved_plan, board_user):
    first = approved_plan.objectives.first()
    recognizable(approved_plan, board_user)
    evaluation = approved_plan.evaluations.get()
    evaluation.objective_results.filter(objective=first).delete()

    assert recognition_problems(approved_plan) == [
        RECOGNITION_OBJECTIVE.format(text=first.text, group=first.group.number)
    ]

    ObjectiveResult.objects.create(
        evaluation=evaluation, objective=first, met=False, explanation="Địa bàn giải tỏa"
    )
    assert recognition_problems(approved_plan) == []


def test_an_objective_not_met_needs_its_explanation(approved_plan, board_user):
    objective = approved_plan.objectives.first()
    with pytest.raises(ValidationError, match="cần giải thích"):
        final(
            approved_plan,
            board_user,
            PHASE3,
            objectives=[evaluation_services.ObjectiveAssessment(objective.pk, met=False)],
        )
    with pytest.raises(IntegrityError), transaction.atomic():
        ObjectiveResult.objects.create(
            evaluation=final(approved_plan, board_user, PHASE3), objective=objective, met=False
        )


def test_an_objective_of_another_plan_is_refused(approved_plan, board_user, other_unit):
    other = make_plan(other_unit)
    foreign = Objective.objects.create(
        plan=other,
        group=approved_plan.groups.first(),
        text="Khác",
        target="100 %",
        deadline=datetime.date(2026, 12, 1),
        output="Báo cáo",
    )
    with pytest.raises(ValidationError, match="không thuộc"):
        final(
            approved_plan,
            board_user,
            PHASE3,
            objectives=[evaluation_services.ObjectiveAssessment(foreign.pk, met=True)],
        )


def test_only_an_approved_plan_is_recognized(plan, board_user, standing_user):
    ready_to_submit(plan, board_user)

    with pytest.raises(ValidationError) as exc:
        recognize(plan, standing_user)

    assert exc.value.messages == [RECOGNITION_NEEDS_APPROVED]


def test_the_standing_committee_withdraws_a_recognition_with_a_reason(
    approved_plan, board_user, standing_user
):
    recognizable(approved_plan, board_user)
    recognize(approved_plan, standing_user)

    with pytest.raises(PermissionDenied):
        evaluation_services.plan_withdraw_recognition(
            plan=approved_plan, by=board_user, reason="Sai sót"
        )
    with pytest.raises(ValidationError, match="lý do"):
        evaluation_services.plan_withdraw_recognition(
            plan=approved_plan, by=standing_user, reason="  "
        )
    withdrawal = evaluation_services.plan_withdraw_recognition(
        plan=approved_plan, by=standing_user, reason="Phát sinh đơn thư mới chưa giải quyết"
    )

    plan = Plan.objects.get(pk=approved_plan.pk)
    assert plan.status == PlanStatus.APPROVED and plan.recognized_on is None
    assert not plan.steps.get(number=6).is_done
    assert (withdrawal.recognition_number, withdrawal.recognized_on) == (
        "120-QĐ/ĐU",
        datetime.date(2026, 11, 12),
    )
    statuses = list(plan.history.order_by("history_date").values_list("status", flat=True))
    assert statuses[-2:] == [PlanStatus.RECOGNIZED, PlanStatus.APPROVED]
    with pytest.raises(ValidationError, match="đã được công nhận"):
        evaluation_services.plan_withdraw_recognition(plan=plan, by=standing_user, reason="Lần nữa")
    # once the gate holds again, it can be recognized anew
    assert recognize(plan, standing_user).status == PlanStatus.RECOGNIZED


def test_the_recognition_page_lists_the_gate_and_a_refused_post_keeps_the_decision(
    login, approved_plan, standing_user
):
    client = login(standing_user)

    page = client.get(f"/ke-hoach/{approved_plan.pk}/cong-nhan/").content.decode()
    response = client.post(
        f"/ke-hoach/{approved_plan.pk}/cong-nhan/",
        {"decision_number": "120-QĐ/ĐU", "decided_on": "12/11/2026"},
    )

    assert 'id="recognition-problems"' in page and RECOGNITION_NEEDS_FINAL in page
    html = response.content.decode()
    assert response.status_code == 200
    assert html.count(RECOGNITION_NEEDS_FINAL) == 1
    assert 'value="120-QĐ/ĐU"' in html
    assert Plan.objects.get(pk=approved_plan.pk).status == PlanStatus.APPROVED


def test_withdrawal_is_a_confirmed_post_with_its_reason(
    login, approved_plan, board_user, standing_user
):
    recognizable(approved_plan, board_user)
    recognize(approved_plan, standing_user)
    client = login(standing_user)

    assert "Thu hồi công nhận" in client.get(f"/ke-hoach/{approved_plan.pk}/").content.decode()
    refused = client.post(f"/ke-hoach/{approved_plan.pk}/thu-hoi-cong-nhan/", {"reason": ""})
    assert refused.status_code == 200
    assert Plan.objects.get(pk=approved_plan.pk).is_recognized
    client.post(f"/ke-hoach/{approved_plan.pk}/thu-hoi-cong-nhan/", {"reason": "Sai quy trình"})

    html = client.get(f"/ke-hoach/{approved_plan.pk}/").content.decode()
    assert 'id="withdrawals"' in html and "Sai quy trình" in html
    assert (
        login(board_user).get(f"/ke-hoach/{approved_plan.pk}/thu-hoi-cong-nhan/").status_code == 403
    )
