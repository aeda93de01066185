"""A plan's tasks: created or changed (a change to an approved plan's task needs a reason
and is kept against the baseline), and their execution."""

import datetime
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction

from organizations.concurrency import lock_current
from organizations.text import normalize_line, normalize_text
from organizations.types import Actor

from ..access import require_plan_editor
from ..models import (
    TASK_CONTENT_FIELDS,
    Plan,
    Task,
    TaskChange,
    TaskStatus,
    display_value,
)

CHANGE_NEEDS_REASON = "Đề án đã được phê duyệt: sửa nhiệm vụ cần ghi lý do điều chỉnh."


TASK_EXECUTION_FIELDS = ["status", "progress", "effect_achieved", "cancel_reason"]


TEXT_FIELDS = {"what", "milestones", "effect_achieved"}


@dataclass
class TaskInput:
    group_id: int
    what: str
    objective_id: int | None = None
    direction: str = ""
    person_name: str = ""
    person_position: str = ""
    person_user_id: int | None = None
    lead: str = ""
    coordinate: str = ""
    starts_on: datetime.date | None = None
    deadline: datetime.date | None = None
    milestones: str = ""
    deliverable: str = ""
    effect_sought: str = ""
    cause_ids: list[int] = field(default_factory=list)
    status: str = TaskStatus.NOT_STARTED
    progress: int = 0
    effect_achieved: str = ""
    cancel_reason: str = ""


def _clean(name: str, value: object) -> object:
    if isinstance(value, str):
        return normalize_text(value) if name in TEXT_FIELDS else normalize_line(value)
    return value


@transaction.atomic
def task_save(
    *,
    plan: Plan,
    data: TaskInput,
    by: Actor,
    task: Task | None = None,
    reason: str = "",
    expected_version: int | None = None,
) -> Task:
    """Create or change a task. Once the plan is approved, a change to what was approved
    needs a reason and is logged against the baseline."""
    plan = lock_current(Plan, plan.pk, None)
    require_plan_editor(plan, by)
    if task is not None:
        task = lock_current(Task, task.pk, expected_version)
    else:
        task = Task(plan=plan, order=plan.tasks.count() + 1)
    is_new = task.pk is None
    before = {name: getattr(task, name) for name in TASK_CONTENT_FIELDS}
    before_causes = set() if is_new else set(task.causes.values_list("pk", flat=True))
    for name in (*TASK_CONTENT_FIELDS, *TASK_EXECUTION_FIELDS):
        setattr(task, name, _clean(name, getattr(data, name)))
    if task.status == TaskStatus.DONE:
        task.progress = 100
    changes: dict[str, list[object]] = {
        name: [display_value(before[name]), display_value(getattr(task, name))]
        for name in TASK_CONTENT_FIELDS
        if before[name] != getattr(task, name)
    }
    causes = set(data.cause_ids)
    if causes != before_causes:
        changes["causes"] = [sorted(before_causes), sorted(causes)]
    reason = normalize_text(reason)
    if plan.is_approved and (changes or is_new) and not reason:
        raise ValidationError({"reason": CHANGE_NEEDS_REASON})
    _check_causes(plan, causes)
    if not is_new:
        task.version += 1
    task.full_clean()
    task.save()
    task.causes.set(causes)
    if plan.is_approved and (changes or is_new):
        TaskChange.objects.create(task=task, by=by, reason=reason, changes=changes)
    return task


def _check_causes(plan: Plan, cause_ids: set[int]) -> None:
    if not cause_ids:
        return
    allowed = set(plan.causes().values_list("pk", flat=True)) if plan.review else set()
    if not cause_ids <= allowed:
        raise ValidationError(
            {"causes": "Chỉ dẫn chiếu được nguyên nhân trong đánh giá thực trạng của tổ chức."}
        )


@transaction.atomic
def task_progress(
    *,
    task: Task,
    status: str,
    progress: int,
    effect_achieved: str,
    by: Actor,
    cancel_reason: str = "",
) -> Task:
    """Record execution (status, progress, effect achieved): no reason needed."""
    plan = lock_current(Plan, task.plan_id, None)
    require_plan_editor(plan, by)
    task = lock_current(Task, task.pk, None)
    task.status = status
    task.progress = 100 if status == TaskStatus.DONE else progress
    task.effect_achieved = normalize_text(effect_achieved)
    task.cancel_reason = normalize_line(cancel_reason)
    task.version += 1
    task.full_clean()
    task.save()
    return task
