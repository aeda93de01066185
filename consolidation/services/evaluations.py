"""Step 6 of seed 000, V.3.2: evaluating a plan's results, recognizing the completion of
consolidation (phase 3), extending a plan."""

import datetime
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from organizations.concurrency import lock_current
from organizations.models import Role
from organizations.text import normalize_line, normalize_text
from organizations.types import Actor

from ..access import PLAN_LOCKED, require_role, require_standing
from ..models import (
    Evaluation,
    EvaluationKind,
    Extension,
    LimitationProgress,
    Plan,
    PlanStatus,
    display_value,
)
from .plans import normalize_number

RECOGNITION_NEEDS_FINAL = (
    "Chưa công nhận được: cần đánh giá cuối kỳ ghi nhận tổ chức có chuyển biến rõ rệt."
)


RECOGNITION_NEEDS_APPROVED = "Chỉ công nhận được đề án, kế hoạch đã phê duyệt và đang thực hiện."


EXTENSION_LATER = "Thời hạn mới phải sau thời hạn hiện tại ({current})."


EVALUATION_NEEDS_APPROVED = "Chỉ đánh giá kết quả khi đề án, kế hoạch đã được phê duyệt."


@dataclass
class LimitationInput:
    description: str
    overcome_percent: int
    finding_id: int | None = None
    notes: str = ""


@transaction.atomic
def evaluation_record(
    *,
    plan: Plan,
    kind: str,
    evaluated_on: datetime.date,
    clear_improvement: bool,
    summary: str,
    limitations: list[LimitationInput],
    by: Actor,
) -> Evaluation:
    require_role(
        by,
        {Role.BOARD, Role.STANDING},
        "Chỉ Ban Xây dựng Đảng, Ban Thường vụ ghi đánh giá kết quả.",
    )
    plan = lock_current(Plan, plan.pk, None)
    if not plan.is_approved:
        raise ValidationError(EVALUATION_NEEDS_APPROVED)
    evaluation = Evaluation(
        plan=plan,
        kind=kind,
        evaluated_on=evaluated_on,
        clear_improvement=clear_improvement,
        summary=normalize_text(summary),
        by=by,
    )
    evaluation.full_clean()
    evaluation.save()
    for item in limitations:
        progress = LimitationProgress(
            evaluation=evaluation,
            finding_id=item.finding_id,
            description=normalize_line(item.description)[:300],
            overcome_percent=item.overcome_percent,
            notes=normalize_line(item.notes),
        )
        progress.full_clean()
        progress.save()
    return evaluation


def latest_final_evaluation(plan: Plan) -> Evaluation | None:
    return (
        plan.evaluations.filter(kind=EvaluationKind.FINAL).order_by("-evaluated_on", "-pk").first()
    )


@transaction.atomic
def plan_recognize(
    *, plan: Plan, by: Actor, decision_number: str, decided_on: datetime.date
) -> Plan:
    """Công nhận hoàn thành củng cố (seed 000, VI, phase 3)."""
    require_standing(by, "công nhận hoàn thành củng cố")
    plan = lock_current(Plan, plan.pk, None)
    if plan.status != PlanStatus.APPROVED:
        raise ValidationError(RECOGNITION_NEEDS_APPROVED)
    final = latest_final_evaluation(plan)
    if final is None or not final.clear_improvement:
        raise ValidationError(RECOGNITION_NEEDS_FINAL)
    number, _ = (
        normalize_number(decision_number)
        if "-" in decision_number
        else (normalize_line(decision_number), "")
    )
    plan.recognition_number = number
    plan.recognized_on = decided_on
    plan.recognized_by = by
    plan.status = PlanStatus.RECOGNIZED
    plan.version += 1
    plan.full_clean()
    plan.save()
    plan.steps.filter(number=6).update(
        done_on=decided_on, completed_at=timezone.now(), completed_by=by
    )
    return plan


@transaction.atomic
def plan_extend(*, plan: Plan, by: Actor, new_end: datetime.date, reason: str) -> Extension:
    require_standing(by, "gia hạn đề án, kế hoạch")
    plan = lock_current(Plan, plan.pk, None)
    reason = normalize_text(reason)
    if not reason:
        raise ValidationError({"reason": "Cần ghi lý do gia hạn."})
    if plan.is_recognized:
        raise ValidationError(PLAN_LOCKED)
    if new_end <= plan.expected_end:
        raise ValidationError(
            {"new_end": EXTENSION_LATER.format(current=display_value(plan.expected_end))}
        )
    extension = Extension(
        plan=plan, previous_end=plan.expected_end, new_end=new_end, reason=reason, by=by
    )
    extension.full_clean()
    extension.save()
    plan.expected_end = new_end
    plan.version += 1
    plan.save(update_fields=["expected_end", "version"])
    return extension
