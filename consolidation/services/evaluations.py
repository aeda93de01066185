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
    OPEN_TASK_STATUSES,
    Evaluation,
    EvaluationKind,
    Extension,
    LimitationProgress,
    ObjectiveResult,
    Plan,
    PlanStatus,
    RecognitionWithdrawal,
    display_value,
)
from .plans import normalize_number

RECOGNITION_NEEDS_FINAL = (
    "Chưa có đánh giá cuối kỳ (đánh giá giữa kỳ không đủ để công nhận hoàn thành củng cố)."
)


RECOGNITION_NEEDS_IMPROVEMENT = (
    "Đánh giá cuối kỳ ngày {day} chưa ghi nhận tổ chức có chuyển biến rõ rệt, khắc phục được "
    "hạn chế."
)


RECOGNITION_TOO_EARLY = (
    "Đánh giá cuối kỳ ngày {day} sớm hơn giai đoạn 3 (bắt đầu {phase3}): cần đánh giá cuối kỳ "
    "từ ngày {phase3}."
)


RECOGNITION_BEFORE_EVALUATION = (
    "Ngày quyết định công nhận ({decided}) trước ngày đánh giá cuối kỳ ({day})."
)


RECOGNITION_OPEN_TASK = (
    "Nhiệm vụ số {index} («{what}») chưa xong ({status}, {progress} %): cần hoàn thành, hoặc hủy "
    "có ghi lý do."
)


RECOGNITION_OBJECTIVE = "Mục tiêu «{text}» (nhóm {group}) chưa được đánh giá cuối kỳ là đạt hay chưa đạt (có giải thích)."


RECOGNITION_NEEDS_APPROVED = "Chỉ công nhận được đề án, kế hoạch đã phê duyệt và đang thực hiện."


WITHDRAW_NEEDS_RECOGNIZED = "Chỉ thu hồi được công nhận của đề án, kế hoạch đã được công nhận."


WITHDRAW_NEEDS_REASON = "Cần ghi lý do thu hồi công nhận."


EXTENSION_LATER = "Thời hạn mới phải sau thời hạn hiện tại ({current})."


EVALUATION_NEEDS_APPROVED = "Chỉ đánh giá kết quả khi đề án, kế hoạch đã được phê duyệt."


@dataclass
class ObjectiveAssessment:
    objective_id: int
    met: bool
    explanation: str = ""


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
    objectives: list[ObjectiveAssessment] | None = None,
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
    own = set(plan.objectives.values_list("pk", flat=True))
    for assessment in objectives or []:
        if assessment.objective_id not in own:
            raise ValidationError("Mục tiêu không thuộc đề án, kế hoạch này.")
        result = ObjectiveResult(
            evaluation=evaluation,
            objective_id=assessment.objective_id,
            met=assessment.met,
            explanation=normalize_line(assessment.explanation),
        )
        result.full_clean()
        result.save()
    return evaluation


def latest_final_evaluation(plan: Plan) -> Evaluation | None:
    return (
        plan.evaluations.filter(kind=EvaluationKind.FINAL).order_by("-evaluated_on", "-pk").first()
    )


def _short(text: str, size: int = 50) -> str:
    return (text[:size] + "…") if len(text) > size else text


def recognition_problems(plan: Plan, decided_on: datetime.date | None = None) -> list[str]:
    """What stands between the plan and the recognition of its completion (seed 000, VI
    phase 3; V.3.2 step 6): approved and in implementation; a final evaluation, on or after
    the start of phase 3, that found a clear improvement (and not after the decision); every
    task done or cancelled with its reason; every objective found met or explained by it."""
    if plan.status != PlanStatus.APPROVED:
        return [RECOGNITION_NEEDS_APPROVED]
    problems = []
    final = latest_final_evaluation(plan)
    if final is None:
        problems.append(RECOGNITION_NEEDS_FINAL)
    else:
        day = display_value(final.evaluated_on)
        if not final.clear_improvement:
            problems.append(RECOGNITION_NEEDS_IMPROVEMENT.format(day=day))
        if final.evaluated_on < plan.phase3_starts_on:
            problems.append(
                RECOGNITION_TOO_EARLY.format(day=day, phase3=display_value(plan.phase3_starts_on))
            )
        if decided_on is not None and decided_on < final.evaluated_on:
            problems.append(
                RECOGNITION_BEFORE_EVALUATION.format(decided=display_value(decided_on), day=day)
            )
    for index, task in enumerate(plan.tasks.all(), start=1):
        if task.status in OPEN_TASK_STATUSES:
            problems.append(
                RECOGNITION_OPEN_TASK.format(
                    index=index,
                    what=_short(task.what) or "chưa ghi",
                    status=task.get_status_display(),
                    progress=task.progress,
                )
            )
    assessed = (
        set(final.objective_results.values_list("objective_id", flat=True)) if final else set()
    )
    for objective in plan.objectives.select_related("group"):
        if objective.pk not in assessed:
            problems.append(
                RECOGNITION_OBJECTIVE.format(
                    text=_short(objective.text), group=objective.group.number
                )
            )
    return problems


@transaction.atomic
def plan_recognize(
    *, plan: Plan, by: Actor, decision_number: str, decided_on: datetime.date
) -> Plan:
    """Công nhận hoàn thành củng cố (seed 000, VI, phase 3), once recognition_problems
    finds nothing in the way; otherwise refused with its whole list."""
    require_standing(by, "công nhận hoàn thành củng cố")
    plan = lock_current(Plan, plan.pk, None)
    problems = recognition_problems(plan, decided_on)
    if problems:
        raise ValidationError(problems)
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


WITHDRAW_WHILE_ANOTHER_RUNS = (
    "Tổ chức đang thực hiện «{title}»: mỗi tổ chức chỉ có một đề án, kế hoạch đang thực hiện, "
    "nên không thu hồi được công nhận của đề án trước (đưa nội dung cần tiếp tục vào đề án đang "
    "thực hiện)."
)


@transaction.atomic
def plan_withdraw_recognition(*, plan: Plan, by: Actor, reason: str) -> RecognitionWithdrawal:
    """The Standing Committee withdraws a recognition: the plan is back in implementation
    (step 6 open again) and the withdrawn decision is kept with the reason."""
    require_standing(by, "thu hồi công nhận hoàn thành củng cố")
    plan = lock_current(Plan, plan.pk, None)
    reason = normalize_text(reason)
    if not reason:
        raise ValidationError({"reason": WITHDRAW_NEEDS_REASON})
    if not plan.is_recognized or plan.recognized_on is None:
        raise ValidationError(WITHDRAW_NEEDS_RECOGNIZED)
    running = Plan.objects.active().filter(unit=plan.unit_id).first()
    if running is not None:
        raise ValidationError(WITHDRAW_WHILE_ANOTHER_RUNS.format(title=running.title))
    withdrawal = RecognitionWithdrawal.objects.create(
        plan=plan,
        recognition_number=plan.recognition_number,
        recognized_on=plan.recognized_on,
        reason=reason,
        by=by,
    )
    plan.status = PlanStatus.APPROVED
    plan.recognition_number = ""
    plan.recognized_on = None
    plan.recognized_by = None
    plan.version += 1
    plan.save()
    plan.steps.filter(number=6).update(done_on=None, completed_at=None, completed_by=None)
    return withdrawal


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
