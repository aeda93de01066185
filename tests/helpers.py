"""Helpers shared by the test modules: inputs and steps that build reviews, plans, updates."""

import datetime

from django.utils import timezone

from consolidation.models import (
    Conclusion,
    Finding,
    Indicator,
    IndicatorGroup,
    Plan,
    PlanKind,
    PlanStatus,
    Review,
    ReviewState,
    TaskStatus,
)
from consolidation.services import approval as approval_services
from consolidation.services import plans as plan_services
from consolidation.services import quarterly as quarterly_services
from consolidation.services import reviews as review_services
from consolidation.services import tasks as task_services
from consolidation.services.reviews import (
    CauseInput,
    FindingInput,
    GroupInput,
    ReviewInput,
    RoundDates,
)


def weak_input(codes=("1.1", "3.4"), conclusion=Conclusion.WEAK, causes=True, severity="medium"):
    groups = sorted({int(c[0]) for c in codes})
    return ReviewInput(
        weak_aspects="Sinh hoạt chi bộ hình thức",
        weak_links="Phân công, kiểm tra",
        head_responsibility="Bí thư chịu trách nhiệm chính",
        conclusion=conclusion,
        justification="",
        findings=[
            FindingInput(Indicator.objects.get(code=c).pk, True, f"Biểu hiện điển hình {c}")
            for c in codes
        ],
        groups=[
            GroupInput(IndicatorGroup.objects.get(number=n).pk, severity=severity) for n in groups
        ],
        causes=[CauseInput(kind="subjective", text="Người đứng đầu chưa nêu gương")]
        if causes
        else [],
    )


def confirm(review, board_user, data):
    review_services.review_save(review=review, data=data, by=board_user, expected_version=None)
    return review_services.review_confirm(review=review, by=board_user)


def later_dates(year=2027):
    return RoundDates(
        starts_on=datetime.date(year, 4, 1),
        ends_on=datetime.date(year, 5, 31),
        phase2_starts_on=datetime.date(year, 6, 1),
        phase3_starts_on=datetime.date(year, 10, 1),
        phase3_ends_on=datetime.date(year, 12, 31),
    )


def full_task(group_number, cause_ids=(), **overrides):
    values = dict(
        group_id=IndicatorGroup.objects.get(number=group_number).pk,
        what=f"Nhiệm vụ nhóm {group_number}: rà soát quy chế",
        person_name="Lê Văn Bình",
        person_position="Bí thư chi bộ",
        lead="Chi ủy",
        coordinate="Ban Xây dựng Đảng",
        starts_on=datetime.date(2026, 6, 1),
        deadline=datetime.date(2026, 9, 30),
        deliverable="Quy chế sửa đổi",
        effect_sought="100 % chi ủy viên thực hiện đúng quy chế",
        cause_ids=list(cause_ids),
    )
    values.update(overrides)
    return task_services.TaskInput(**values)


def ready_to_submit(plan, by):
    """Steps 2–4 done: survey, objectives for each group, a six-point task per group."""
    plan_services.plan_update(
        plan=plan, data={"general_objective": "Khắc phục yếu kém"}, by=by, expected_version=None
    )
    plan_services.step_record(
        plan=plan,
        number=2,
        data=plan_services.StepInput(datetime.date(2026, 5, 22), "Đ/c Thành", "Kiểm chứng xong"),
        by=by,
        complete=True,
    )
    for group in plan.groups.all():
        plan_services.objective_save(
            plan=plan,
            data=plan_services.ObjectiveInput(
                group.pk, "Khắc phục", "100 %", datetime.date(2026, 12, 1), "Báo cáo"
            ),
            by=by,
        )
    plan_services.step_record(
        plan=plan, number=3, data=plan_services.StepInput(), by=by, complete=True
    )
    causes = list(plan.review.causes.values_list("pk", flat=True))
    for group in plan.groups.all():
        task_services.task_save(plan=plan, data=full_task(group.number, causes), by=by)
    plan_services.step_record(
        plan=plan, number=4, data=plan_services.StepInput(), by=by, complete=True
    )
    consulted(plan, by)
    return plan


def consulted(plan, by):
    """Step 5's consultation on the draft, recorded as the secretary or the Board would."""
    return approval_services.consultation_record(
        plan=plan,
        data=approval_services.ConsultationInput(
            datetime.date(2026, 5, 27), "Chi ủy, đảng viên chi bộ", "Bổ sung chỉ tiêu nhóm 1"
        ),
        by=by,
    )


def approved(plan, board_user, standing_user):
    ready_to_submit(plan, board_user)
    approval_services.plan_submit(plan=plan, by=board_user)
    return approval_services.plan_approve(
        plan=plan, by=standing_user, number="05-ĐA/CB", issued_on=datetime.date(2026, 5, 28)
    )


def fill_update(
    update, by, *, summary="Đã hoàn thành rà soát quy chế.", progress=50, status="in_progress"
):
    rows = [
        quarterly_services.ProgressInput(row.task_id, status, progress, "Đã làm trong quý")
        for row in update.progress.all()
    ]
    return quarterly_services.update_save(
        update=update,
        data=quarterly_services.UpdateInput(summary=summary, progress=rows),
        by=by,
        expected_version=None,
    )


def mark(review, conclusion, codes=(), state=ReviewState.CONFIRMED, prolonged=False):
    """Set a review's outcome directly: the rules that lead there have their own tests."""
    for code in codes:
        Finding.objects.update_or_create(
            review=review,
            indicator=Indicator.objects.get(code=code),
            defaults={"present": True, "manifestation": "Biểu hiện"},
        )
    Review.objects.filter(pk=review.pk).update(
        state=state,
        conclusion=conclusion,
        is_prolonged=prolonged,
        confirmed_at=timezone.now() if state == ReviewState.CONFIRMED else None,
    )
    return Review.objects.get(pk=review.pk)


def make_plan(unit, *, review=None, kind=PlanKind.PROJECT, status=PlanStatus.APPROVED, **extra):
    values = dict(
        started_on=datetime.date(2026, 5, 20),
        expected_end=datetime.date(2026, 12, 31),
        title=f"Đề án củng cố {unit.name}",
    )
    values.update(extra)
    return Plan.objects.create(
        unit=unit,
        review=review,
        round=review.round if review else None,
        kind=kind,
        status=status,
        **values,
    )


def recognizable(plan, by, *, evaluated_on=datetime.date(2026, 10, 1)):
    """An approved plan made ready for recognition: every task done, a final evaluation (on
    the test round's first day of phase 3 by default) finding a clear improvement and every
    objective met."""
    from consolidation.services import evaluations as evaluation_services

    plan.tasks.update(status=TaskStatus.DONE, progress=100)
    return evaluation_services.evaluation_record(
        plan=plan,
        kind="final",
        evaluated_on=evaluated_on,
        clear_improvement=True,
        summary="Đạt",
        limitations=[],
        objectives=[
            evaluation_services.ObjectiveAssessment(pk, met=True)
            for pk in plan.objectives.values_list("pk", flat=True)
        ],
        by=by,
    )
