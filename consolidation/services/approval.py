"""The gate between a plan's draft and its implementation (seed 000, V.3.2 step 5): the
draft consulted on, submitted to the Standing Committee once it would pass, approved with its
baseline, or returned to be completed."""

import datetime
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from organizations.concurrency import lock_current
from organizations.models import Role
from organizations.text import normalize_line, normalize_text
from organizations.types import Actor

from ..access import require_plan_editor, require_standing
from ..models import (
    TASK_CONTENT_FIELDS,
    CommentKind,
    Consultation,
    NoticeKind,
    Plan,
    PlanBaseline,
    PlanComment,
    PlanStatus,
    TaskStatus,
    display_value,
    thread_gaps,
)
from .notices import notify, unit_secretaries, ward_people
from .plans import DRAFT_ONLY, check_number

NEEDS_SUBMITTED = "Chỉ phê duyệt được đề án, kế hoạch đã trình Ban Thường vụ."


TASK_POINTS = "Nhiệm vụ số {index} («{what}»): chưa {points}."


NO_TASKS = "Đề án, kế hoạch chưa có nhiệm vụ nào."


SUBMIT_NEEDS_STEPS = "Cần hoàn thành các bước 1–4 trước khi trình phê duyệt."


RETURN_NEEDS_REASON = "Cần ghi lý do trả lại để đơn vị hoàn thiện."

TASK_NO_CAUSE = (
    "Nhiệm vụ số {index} («{what}») chưa dẫn chiếu nguyên nhân nào của đánh giá thực trạng "
    "(«1 xuyên suốt»)."
)


TASK_OUTSIDE_GROUPS = (
    "Nhiệm vụ số {index} («{what}») thuộc Nhóm {group}, nhóm mà đề án, kế hoạch không khắc phục."
)


CAUSE_NO_TASK = "Nguyên nhân chủ quan «{text}» chưa có nhiệm vụ khắc phục («1 xuyên suốt»)."


GROUP_NO_TASK = "Nhóm {number} chưa có nhiệm vụ, giải pháp nào."


NEEDS_CONSULTATION = (
    "Chưa ghi việc lấy ý kiến dự thảo (bước 5): lấy ý kiến của ai, ngày nào, đã hoàn thiện "
    "những gì."
)


NEEDS_CONSULTATION_AGAIN = (
    "Đề án, kế hoạch được tiếp tục từ ngày {day} (tổ chức lại được đánh giá yếu kém, phức tạp): "
    "cần lấy ý kiến dự thảo đã bổ sung từ ngày đó (bước 5)."
)


@transaction.atomic
def plan_submit(*, plan: Plan, by: Actor) -> Plan:
    plan = lock_current(Plan, plan.pk, None)
    require_plan_editor(plan, by)
    if plan.status not in (PlanStatus.DRAFTING, PlanStatus.RETURNED):
        raise ValidationError(DRAFT_ONLY)
    if plan.steps.filter(number__lte=4, completed_at__isnull=True).exists():
        raise ValidationError(SUBMIT_NEEDS_STEPS)
    # What the Standing Committee would refuse is refused here, with the same list.
    problems = approval_problems(plan)
    if problems:
        raise ValidationError(problems)
    plan.status = PlanStatus.SUBMITTED
    plan.version += 1
    plan.save(update_fields=["status", "version"])
    notify(
        recipients=ward_people(plan.unit, Role.STANDING),
        kind=NoticeKind.PLAN_SUBMITTED,
        text=f"{plan.unit.name} trình {_named(plan)}, chờ Ban Thường vụ phê duyệt.",
        url=reverse("consolidation:plan_detail", args=[plan.pk]),
        unit=plan.unit,
        by=by,
    )
    return plan


def _named(plan: Plan) -> str:
    return f"{plan.get_kind_display().lower()} «{plan.title}»"


def _tell_the_unit(plan: Plan, kind: str, text: str, by: Actor) -> None:
    """The unit's secretary and the Board hear what the Standing Committee decided."""
    notify(
        recipients=[*unit_secretaries(plan.unit), *ward_people(plan.unit, Role.BOARD)],
        kind=kind,
        text=text,
        url=reverse("consolidation:plan_detail", args=[plan.pk]),
        unit=plan.unit,
        by=by,
    )


def approval_problems(plan: Plan) -> list[str]:
    """What the Standing Committee would refuse, checked at submission and at approval:
    every task clear on its six points (seed 000, V.3.2 step 5), "1 xuyên suốt" holding
    (thread_gaps: I.2 and V.3.1) and the draft consulted on (step 5, "lấy ý kiến")."""
    indexed = list(
        enumerate(plan.tasks.select_related("group").prefetch_related("causes"), start=1)
    )
    live = [(i, t) for i, t in indexed if t.status != TaskStatus.CANCELLED]
    problems = [] if live else [NO_TASKS]
    for index, task in live:
        missing = task.missing_points()
        if missing:
            problems.append(
                TASK_POINTS.format(index=index, what=_short(task.what), points=", ".join(missing))
            )
    causes = list(plan.causes()) if plan.review_id else None
    gaps = thread_gaps(indexed, causes, list(plan.groups.order_by("number")))
    problems += [TASK_NO_CAUSE.format(index=i, what=_short(t.what)) for i, t in gaps.untraced]
    problems += [
        TASK_OUTSIDE_GROUPS.format(index=i, what=_short(t.what), group=t.group.number)
        for i, t in gaps.outside
    ]
    problems += [CAUSE_NO_TASK.format(text=_short(c.text, 80)) for c in gaps.unaddressed]
    problems += [GROUP_NO_TASK.format(number=g.number) for g in gaps.uncovered]
    consultations = plan.consultations.all()
    continued_on = plan.continued_on
    if continued_on is not None:
        consultations = consultations.filter(held_on__gte=continued_on)
    if not consultations.exists():
        problems.append(
            NEEDS_CONSULTATION_AGAIN.format(day=display_value(continued_on))
            if continued_on is not None
            else NEEDS_CONSULTATION
        )
    return problems


def _short(text: str, size: int = 50) -> str:
    text = text.strip()
    if not text:
        return "chưa ghi"
    return (text[:size] + "…") if len(text) > size else text


@dataclass
class ConsultationInput:
    held_on: datetime.date
    consulted: str
    changes: str


@transaction.atomic
def consultation_record(*, plan: Plan, data: ConsultationInput, by: Actor) -> Consultation:
    """Step 5's "lấy ý kiến, hoàn thiện": recorded on the draft before it is submitted."""
    plan = lock_current(Plan, plan.pk, None)
    require_plan_editor(plan, by)
    if plan.status not in (PlanStatus.DRAFTING, PlanStatus.RETURNED):
        raise ValidationError(DRAFT_ONLY)
    consultation = Consultation(
        plan=plan,
        held_on=data.held_on,
        consulted=normalize_line(data.consulted),
        changes=normalize_text(data.changes),
        by=by,
    )
    consultation.full_clean()
    consultation.save()
    return consultation


def baseline_data(plan: Plan) -> dict:
    return {
        "plan": {
            "title": plan.title,
            "contents": plan.contents,
            "started_on": display_value(plan.started_on),
            "expected_end": display_value(plan.expected_end),
            "general_objective": plan.general_objective,
        },
        "objectives": [
            {
                "id": o.pk,
                "group": o.group.number,
                "text": o.text,
                "target": o.target,
                "deadline": display_value(o.deadline),
                "output": o.output,
            }
            for o in plan.objectives.select_related("group")
        ],
        "tasks": {
            str(t.pk): {name: display_value(getattr(t, name)) for name in TASK_CONTENT_FIELDS}
            | {"causes": sorted(t.causes.values_list("pk", flat=True))}
            for t in plan.tasks.all()
        },
    }


@transaction.atomic
def plan_approve(*, plan: Plan, by: Actor, number: str, issued_on: datetime.date) -> Plan:
    """The Standing Committee approves and issues the plan (number and date); the plan's
    content at that moment becomes its baseline."""
    require_standing(by, "phê duyệt đề án, kế hoạch")
    plan = lock_current(Plan, plan.pk, None)
    if plan.status != PlanStatus.SUBMITTED:
        raise ValidationError(NEEDS_SUBMITTED)
    problems = approval_problems(plan)
    if problems:
        raise ValidationError(problems)
    plan.number = check_number(number, plan.kind)
    plan.issued_on = issued_on
    plan.status = PlanStatus.APPROVED
    plan.approved_by = by
    plan.approved_at = timezone.now()
    plan.version += 1
    plan.full_clean()
    plan.save()
    PlanBaseline.objects.update_or_create(
        plan=plan, defaults={"approved_at": plan.approved_at, "data": baseline_data(plan)}
    )
    consulted = "; ".join(
        f"{c.consulted} ({display_value(c.held_on)})" for c in plan.consultations.all()
    )
    plan.steps.filter(number=5).update(
        done_on=issued_on,
        participants=consulted[:300],
        notes=f"Đã lấy ý kiến: {consulted}. Ban Thường vụ phê duyệt, số {plan.number}.",
        completed_at=timezone.now(),
        completed_by=by,
    )
    _tell_the_unit(
        plan,
        NoticeKind.PLAN_APPROVED,
        f"Ban Thường vụ đã phê duyệt {_named(plan)} của {plan.unit.name}, số {plan.number}.",
        by,
    )
    return plan


@transaction.atomic
def plan_return(*, plan: Plan, by: Actor, reason: str) -> Plan:
    require_standing(by, "trả lại đề án, kế hoạch")
    plan = lock_current(Plan, plan.pk, None)
    reason = normalize_text(reason)
    if not reason:
        raise ValidationError({"reason": RETURN_NEEDS_REASON})
    if plan.status != PlanStatus.SUBMITTED:
        raise ValidationError(NEEDS_SUBMITTED)
    plan.status = PlanStatus.RETURNED
    plan.version += 1
    plan.save(update_fields=["status", "version"])
    PlanComment.objects.create(plan=plan, kind=CommentKind.RETURN, text=reason, by=by)
    _tell_the_unit(
        plan,
        NoticeKind.PLAN_RETURNED,
        f"Ban Thường vụ trả lại {_named(plan)} của {plan.unit.name}: {reason}",
        by,
    )
    return plan
