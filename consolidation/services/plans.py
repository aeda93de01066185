"""Consolidation plans: created from a confirmed review (or brought in from an old
Phụ lục 3), their details, the six steps of seed 000 V.3.2 with their gates, objectives,
submission to the Standing Committee, approval with its baseline, return, comments."""

import datetime
import re
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils import timezone

from organizations.concurrency import lock_current
from organizations.history import record_as
from organizations.models import Unit
from organizations.selectors import display_name
from organizations.signals import figures_written
from organizations.text import normalize_line, normalize_text
from organizations.types import Actor

from ..access import require_commenter, require_plan_editor
from ..files import store
from ..models import (
    Conclusion,
    IndicatorGroup,
    NoticeKind,
    Objective,
    Plan,
    PlanComment,
    PlanContinuation,
    PlanKind,
    PlanStatus,
    PlanStep,
    Review,
    ReviewEvent,
    ReviewEventKind,
    ReviewRound,
    StepFile,
    TaskStatus,
)
from .discussion import mentioned
from .notices import notify

NUMBER_FORMAT = (
    "Số «{number}» chưa đúng dạng: số thứ tự, gạch ngang, loại văn bản, gạch chéo, cơ quan ban "
    "hành, ví dụ 05-ĐA/CB."
)


NUMBER_KIND = (
    "{kind} phải mang ký hiệu «{abbreviation}» (ví dụ 05-{abbreviation}/CB), không phải «{given}»."
)


TASK_DRAFT_BLOCKS = (
    "Đã lưu nhiệm vụ (bản nháp), còn chưa {points}. Nhiệm vụ chưa đủ «6 rõ» thì đề án, kế hoạch "
    "chưa trình được Ban Thường vụ."
)


STEP_ORDER = "Phải hoàn thành bước {previous} trước bước {number}."


STEP2_NEEDS = "Bước 2 cần ghi ngày khảo sát, người đi khảo sát và kết quả kiểm chứng."


STEP3_NEEDS_GENERAL = "Bước 3 cần mục tiêu chung."


STEP3_NEEDS_GROUP = (
    "Bước 3: Nhóm {number} chưa có mục tiêu cụ thể (chỉ tiêu, thời gian, kết quả đầu ra)."
)


STEP4_NEEDS_GROUP = "Bước 4: Nhóm {number} chưa có nhiệm vụ, giải pháp nào."


STEP_BY_DECISION = "Bước {number} hoàn thành bằng quyết định của Ban Thường vụ ({what})."


DRAFT_ONLY = "Chỉ sửa được khi đề án, kế hoạch đang xây dựng hoặc bị trả lại."


NEEDS_CONFIRMED_REVIEW = (
    "Chỉ đưa vào củng cố tổ chức có kết luận đã xác nhận là «Yếu kém» hoặc «Có vấn đề phức tạp "
    "cần quan tâm»."
)


_NUMBER = re.compile(r"^(?:SỐ\s*)?(\d{1,4})\s*-\s*([A-ZĐ]{2,4})\s*/\s*([A-ZĐ][A-ZĐ-]{0,14})$")


def normalize_number(value: str) -> tuple[str, str]:
    """("05-ĐA/CB", "ĐA") from what a person typed ("Số 05 - ĐA/CB", "05-ÐA/CB"); raises
    ValidationError when it is not a document number."""
    text = normalize_line(value).upper()
    match = _NUMBER.match(text)
    if not match:
        raise ValidationError({"number": NUMBER_FORMAT.format(number=value)})
    sequence, kind, issuer = match.groups()
    return f"{sequence}-{kind}/{issuer}", kind


def check_number(value: str, kind: str) -> str:
    number, abbreviation = normalize_number(value)
    expected = PlanKind(kind).abbreviation
    if abbreviation != expected:
        raise ValidationError(
            {
                "number": NUMBER_KIND.format(
                    kind=PlanKind(kind).label, abbreviation=expected, given=abbreviation
                )
            }
        )
    return number


@transaction.atomic
def plan_create_from_review(
    *, review: Review, by: Actor, started_on: datetime.date | None = None
) -> Plan:
    """Start the unit's consolidation from its confirmed review: a Đề án for yếu kém, a Kế
    hoạch for có vấn đề phức tạp; step 1 is the confirmed assessment itself."""
    review = lock_current(Review, review.pk, None)
    if not review.needs_consolidation:
        raise ValidationError(NEEDS_CONFIRMED_REVIEW)
    existing = Plan.objects.filter(Q(review=review) | Q(continuations__review=review)).first()
    if existing is not None:
        return existing
    # One plan per unit at a time (ACTIVE): the running plan takes the new review.
    active = Plan.objects.active().filter(unit=review.unit).order_by("started_on").first()
    if active is not None:
        if active.review_id is None:
            return _adopt_imported(active, review, by)
        return _continue(active, review, by)
    kind = PlanKind.PROJECT if review.conclusion == Conclusion.WEAK else PlanKind.PLAN
    unit = review.unit
    started_on = started_on or timezone.localdate()
    expected_end = review.round.phase3_ends_on
    if expected_end <= started_on:
        expected_end = started_on + datetime.timedelta(days=365)
    plan = Plan(
        unit=unit,
        review=review,
        round=review.round,
        kind=kind,
        title=f"{PlanKind(kind).label} củng cố {unit.name}",
        contents=_default_contents(review),
        started_on=started_on,
        expected_end=expected_end,
        committee_member=unit.committee_member,
    )
    plan.full_clean()
    plan.save()
    plan.groups.set(_review_groups(review))
    for number in range(1, 7):
        PlanStep.objects.create(plan=plan, number=number)
    PlanStep.objects.filter(plan=plan, number=1).update(
        done_on=timezone.localdate(review.confirmed_at) if review.confirmed_at else started_on,
        notes=f"Kết luận đã xác nhận: {review.get_conclusion_display()}.",
        completed_at=timezone.now(),
        completed_by=by,
    )
    if review.consolidation_started_at is None:
        review.consolidation_started_at = timezone.now()
        review.save(update_fields=["consolidation_started_at"])
    ReviewEvent.objects.create(review=review, kind=ReviewEventKind.CONSOLIDATION_STARTED, by=by)
    return plan


CONTINUED_NOTES = (
    "{round}: kết luận «{conclusion}» – tiếp tục đề án, kế hoạch này (bổ sung mục tiêu, nhiệm "
    "vụ cho các biểu hiện, nguyên nhân mới; lấy ý kiến và trình phê duyệt lại)."
)


def _continue(plan: Plan, review: Review, by: Actor) -> Plan:
    """A later round found the unit weak (or complex) again while its plan runs: the plan
    takes the new review (its groups and causes join the assessment) and goes back to be
    completed and approved again (seed 000, V.3.2 steps 3–5); the earlier approval stays in
    the plan's history and baseline until the new one."""
    plan = lock_current(Plan, plan.pk, None)
    PlanContinuation.objects.create(plan=plan, review=review, previous_status=plan.status, by=by)
    plan.groups.add(*_review_groups(review))
    if review.conclusion == Conclusion.WEAK and plan.kind == PlanKind.PLAN:
        label = PlanKind(plan.kind).label
        plan.kind = PlanKind.PROJECT
        if plan.title.startswith(label):
            plan.title = PlanKind.PROJECT.label + plan.title[len(label) :]
    if plan.status in (PlanStatus.SUBMITTED, PlanStatus.APPROVED):
        plan.status = PlanStatus.DRAFTING
        plan.steps.filter(number=5).update(done_on=None, completed_at=None, completed_by=None)
    plan.expected_end = max(plan.expected_end, review.round.phase3_ends_on)
    plan.version += 1
    record_as(plan, by)
    plan.full_clean()
    plan.save()
    step = plan.steps.get(number=1)
    notes = CONTINUED_NOTES.format(
        round=review.round.name, conclusion=review.get_conclusion_display()
    )
    PlanStep.objects.filter(pk=step.pk).update(notes="\n".join(filter(None, [step.notes, notes])))
    if review.consolidation_started_at is None:
        review.consolidation_started_at = timezone.now()
        review.save(update_fields=["consolidation_started_at"])
    ReviewEvent.objects.create(review=review, kind=ReviewEventKind.CONSOLIDATION_STARTED, by=by)
    return plan


def _adopt_imported(plan: Plan, review: Review, by: Actor) -> Plan:
    """A plan brought in from an old Phụ lục 3 meets its confirmed review: from now on the
    rules that need the assessment apply to it (its groups follow the review's indicators)."""
    plan.review = review
    plan.round = plan.round or review.round
    plan.version += 1
    plan.save(update_fields=["review", "round", "version"])
    plan.groups.set(_review_groups(review))
    plan.steps.filter(number=1).update(
        done_on=timezone.localdate(review.confirmed_at) if review.confirmed_at else plan.started_on,
        notes=f"Kết luận đã xác nhận: {review.get_conclusion_display()}.",
        completed_at=timezone.now(),
        completed_by=by,
    )
    ReviewEvent.objects.create(review=review, kind=ReviewEventKind.CONSOLIDATION_STARTED, by=by)
    return plan


def _review_groups(review: Review) -> QuerySet[IndicatorGroup]:
    return IndicatorGroup.objects.filter(
        indicators__findings__review=review, indicators__findings__present=True
    ).distinct()


def _default_contents(review: Review) -> str:
    groups = review.group_assessments.select_related("group")
    limits = [a.limitations for a in groups if a.limitations]
    return normalize_text(review.weak_links or "; ".join(limits) or review.weak_aspects)[:1000]


def plan_groups_refresh(review: Review) -> None:
    """A reopened and re-confirmed review may change the unit's groups; its plan follows."""
    plan = Plan.objects.filter(Q(review=review) | Q(continuations__review=review)).first()
    if plan is not None:
        plan.groups.set(
            IndicatorGroup.objects.filter(
                indicators__findings__review__in=plan.assessment_reviews(),
                indicators__findings__present=True,
            ).distinct()
        )


@dataclass(frozen=True)
class ImportedPlan:
    """A plan as an old Phụ lục 3 describes it (its columns 2–7)."""

    unit: Unit
    kind: str
    contents: str
    number: str
    issued_on: datetime.date | None
    started_on: datetime.date
    expected_end: datetime.date
    groups: list[int]


@transaction.atomic
def plan_import_save(
    *, ward: Unit, plan: Plan | None, data: ImportedPlan, by: Actor | None
) -> Plan:
    """A plan the ward ran before this software, entered from its Phụ lục 3 as approved
    (its earlier steps are not here, `is_imported`); or such a plan's columns corrected.
    Recorded in the plan's history under `by` (None: from the command line)."""
    if plan is None:
        round_ = (
            ReviewRound.objects.filter(ward=ward, starts_on__lte=data.started_on)
            .order_by("-starts_on")
            .first()
        )
        plan = Plan(
            unit=data.unit,
            round=round_,
            title=f"{PlanKind(data.kind).label} củng cố {data.unit.name}",
            committee_member=data.unit.committee_member,
            status=PlanStatus.APPROVED,
            is_imported=True,
        )
    else:
        plan = lock_current(Plan, plan.pk, None)
        plan.version += 1
    plan.kind = data.kind
    plan.contents = normalize_text(data.contents)
    plan.number = data.number
    plan.issued_on = data.issued_on
    plan.started_on = data.started_on
    plan.expected_end = data.expected_end
    record_as(plan, by)
    created = plan.pk is None
    plan.full_clean()
    plan.save()
    if created:
        PlanStep.objects.bulk_create([PlanStep(plan=plan, number=n) for n in range(1, 7)])
    plan.groups.set(IndicatorGroup.objects.filter(number__in=data.groups))
    return plan


PLAN_DRAFT_FIELDS = [
    "title",
    "contents",
    "started_on",
    "expected_end",
    "committee_member",
    "general_objective",
]


PLAN_ANYTIME_FIELDS = ["evaluation_arrangements", "proposals"]


@transaction.atomic
def plan_update(*, plan: Plan, data: dict, by: Actor, expected_version: int | None) -> Plan:
    plan = lock_current(Plan, plan.pk, expected_version)
    require_plan_editor(plan, by)
    draft = plan.status in (PlanStatus.DRAFTING, PlanStatus.RETURNED)
    for name, value in data.items():
        if name in PLAN_DRAFT_FIELDS and not draft:
            if getattr(plan, name) != value:
                raise ValidationError(
                    "Đề án đã trình hoặc đã phê duyệt: nội dung chính không sửa được (thời hạn thì "
                    "Ban Thường vụ gia hạn)."
                )
            continue
        if name not in PLAN_DRAFT_FIELDS + PLAN_ANYTIME_FIELDS:
            continue
        if isinstance(value, str):
            value = normalize_text(value) if name != "title" else normalize_line(value)
        setattr(plan, name, value)
    plan.version += 1
    plan.full_clean()
    plan.save()
    return plan


def step_problems(plan: Plan, number: int) -> list[str]:
    """What stands between this step and its completion (the gates of V.3.2)."""
    steps = {s.number: s for s in plan.steps.all()}
    problems = []
    for previous in range(1, number):
        if not steps[previous].is_done:
            problems.append(STEP_ORDER.format(previous=previous, number=number))
            break
    groups = sorted(g.number for g in plan.groups.all())
    if number == 2:
        step = steps[2]
        if not (step.done_on and step.participants.strip() and step.notes.strip()):
            problems.append(STEP2_NEEDS)
    elif number == 3:
        if not plan.general_objective.strip():
            problems.append(STEP3_NEEDS_GENERAL)
        covered = set(plan.objectives.values_list("group__number", flat=True))
        problems += [STEP3_NEEDS_GROUP.format(number=n) for n in groups if n not in covered]
    elif number == 4:
        covered = set(
            plan.tasks.exclude(status=TaskStatus.CANCELLED).values_list("group__number", flat=True)
        )
        problems += [STEP4_NEEDS_GROUP.format(number=n) for n in groups if n not in covered]
    elif number == 5:
        problems.append(STEP_BY_DECISION.format(number=5, what="phê duyệt"))
    elif number == 6:
        problems.append(STEP_BY_DECISION.format(number=6, what="công nhận hoàn thành"))
    return problems


@dataclass
class StepInput:
    done_on: datetime.date | None = None
    participants: str = ""
    notes: str = ""
    uploads: list = field(default_factory=list)


def step_record(
    *,
    plan: Plan,
    number: int,
    data: StepInput,
    by: Actor,
    complete: bool,
    expected_version: int | None = None,
) -> PlanStep:
    """Save a step's date, people, notes and files; then complete it when its gate allows.
    The content is saved even when completing is refused (ValidationError with the gate's
    list), so nothing typed or attached is lost. EditConflict when the step was saved since
    `expected_version` (the form's)."""
    with transaction.atomic():
        plan = lock_current(Plan, plan.pk, None)
        require_plan_editor(plan, by)
        step = lock_current(PlanStep, plan.steps.get(number=number).pk, expected_version)
        step.version += 1
        step.done_on = data.done_on
        step.participants = normalize_line(data.participants)
        step.notes = normalize_text(data.notes)
        step.full_clean()
        step.save()
        if data.uploads:
            store(StepFile, owner_field="step", owner=step, uploads=data.uploads, by=by)
    if complete and not step.is_done:
        with transaction.atomic():
            plan = lock_current(Plan, plan.pk, None)
            problems = step_problems(plan, number)
            if problems:
                raise ValidationError(problems)
            step.completed_at = timezone.now()
            step.completed_by = by
            step.save(update_fields=["completed_at", "completed_by"])
    return step


@transaction.atomic
def step_reopen(*, plan: Plan, number: int, by: Actor) -> PlanStep:
    """Take a step back (while drafting): it and every later step become open again."""
    plan = lock_current(Plan, plan.pk, None)
    require_plan_editor(plan, by)
    if plan.status not in (PlanStatus.DRAFTING, PlanStatus.RETURNED) or number < 2:
        raise ValidationError(DRAFT_ONLY)
    plan.steps.filter(number__gte=number).update(completed_at=None, completed_by=None)
    figures_written.send(sender=PlanStep)
    return plan.steps.get(number=number)


@dataclass
class ObjectiveInput:
    group_id: int
    text: str
    target: str
    deadline: datetime.date
    output: str


@transaction.atomic
def objective_save(
    *,
    plan: Plan,
    data: ObjectiveInput,
    by: Actor,
    objective: Objective | None = None,
    expected_version: int | None = None,
) -> Objective:
    """Add or change a specific objective; EditConflict when it was saved since
    `expected_version` (the form's)."""
    plan = lock_current(Plan, plan.pk, None)
    require_plan_editor(plan, by)
    if objective is not None:
        objective = lock_current(Objective, objective.pk, expected_version)
        objective.version += 1
    else:
        objective = Objective(plan=plan)
    objective.group_id = data.group_id
    objective.text = normalize_text(data.text)
    objective.target = normalize_line(data.target)
    objective.deadline = data.deadline
    objective.output = normalize_line(data.output)
    objective.full_clean()
    record_as(objective, by)
    objective.save()
    return objective


@transaction.atomic
def objective_delete(*, objective: Objective, by: Actor) -> None:
    plan = lock_current(Plan, objective.plan_id, None)
    require_plan_editor(plan, by)
    if plan.is_approved:
        raise ValidationError("Đề án đã phê duyệt: không xóa mục tiêu.")
    objective.delete()


@transaction.atomic
def comment_add(*, plan: Plan, by: Actor, kind: str, text: str) -> PlanComment:
    require_commenter(by, kind)
    comment = PlanComment(plan=plan, kind=kind, text=normalize_text(text), by=by)
    comment.full_clean()
    comment.save()
    _tell_mentioned_on_plan(plan, comment, by)
    return comment


def _tell_mentioned_on_plan(plan: Plan, comment: PlanComment, by: Actor) -> None:
    """The people a plan's comment @mentions, who may read the plan, hear of it."""
    names = mentioned(comment.text)
    if not names:
        return
    readers = [
        user
        for user in get_user_model().objects.filter(is_active=True, username__in=names)
        if Plan.objects.visible_to(user).filter(pk=plan.pk).exists()
    ]
    notify(
        recipients=readers,
        kind=NoticeKind.MENTION,
        text=f"{display_name(by)} nhắc đến đồng chí trong ý kiến về {plan.title}: "
        f"{comment.text[:150]}",
        url=reverse("consolidation:plan_detail", args=[plan.pk]) + "#comments",
        unit=plan.unit,
        by=by,
    )
