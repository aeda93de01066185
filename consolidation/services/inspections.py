"""Writes of the Inspection Committee's records (seed 000, III.4) and of the people's feedback
(seed 000, III.5)."""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from organizations.access import role_of
from organizations.concurrency import lock_current
from organizations.history import record_as
from organizations.models import Role, Unit
from organizations.text import normalize_line, normalize_text
from organizations.types import Actor

from ..access import require_feedback_writer, require_inspection_writer
from ..files import store
from ..models import (
    Feedback,
    FollowUp,
    FollowUpFile,
    Inspection,
    InspectionFinding,
    InspectionState,
    Plan,
    ProgrammeItem,
    Recommendation,
    Review,
    ReviewState,
)

CONCLUSION_NEEDED = "Ghi kết luận trước khi kết luận cuộc kiểm tra, giám sát."
UNITS_NEEDED = "Chọn ít nhất một tổ chức được kiểm tra, giám sát."
PLAN_OUTSIDE = "Đề án, kế hoạch «{plan}» không thuộc các tổ chức được kiểm tra, giám sát."
UNIT_OUTSIDE = "Kiến nghị phải gửi một tổ chức được kiểm tra, giám sát."
CONCLUDED_LOCKED = "Cuộc kiểm tra, giám sát đã kết luận: phát hiện và kiến nghị giữ nguyên."
REVIEW_NOT_OPEN = "Đánh giá đã xác nhận nên không dẫn thêm được; hãy dẫn vào đánh giá của đợt sau."
REVIEW_OUTSIDE = "Đánh giá này không phải của tổ chức được kiểm tra, giám sát hoặc được phản ánh."
CITERS_ONLY = "Chỉ Ủy ban Kiểm tra và Ban Xây dựng Đảng được dẫn vào đánh giá rà soát."


@transaction.atomic
def inspection_save(
    *,
    inspection: Inspection,
    units: list[Unit],
    plans: list[Plan],
    by: Actor,
    expected_version: int | None = None,
) -> Inspection:
    """An inspection or supervision, drafted or changed by Inspection; its plans must be the
    covered units' own. EditConflict when saved since `expected_version`."""
    require_inspection_writer(by)
    if not units:
        raise ValidationError({"units": UNITS_NEEDED})
    outside = [p for p in plans if p.unit_id not in {u.pk for u in units}]
    if outside:
        raise ValidationError({"plans": PLAN_OUTSIDE.format(plan=outside[0])})
    if inspection.pk is not None:
        current = lock_current(Inspection, inspection.pk, expected_version)
        inspection.version = current.version + 1
    else:
        inspection.created_by = by
    inspection.subject = normalize_line(inspection.subject)
    inspection.decision_number = normalize_line(inspection.decision_number)
    inspection.team = normalize_text(inspection.team)
    inspection.conclusion = normalize_text(inspection.conclusion)
    inspection.full_clean()
    record_as(inspection, by)
    inspection.save()
    inspection.units.set(units)
    inspection.plans.set(plans)
    return inspection


def _open(inspection: Inspection, by: Actor) -> None:
    require_inspection_writer(by)
    if inspection.is_concluded:
        raise ValidationError(CONCLUDED_LOCKED)


@transaction.atomic
def finding_add(*, finding: InspectionFinding, by: Actor) -> InspectionFinding:
    _open(finding.inspection, by)
    finding.text = normalize_text(finding.text)
    finding.full_clean()
    record_as(finding, by)
    finding.save()
    return finding


@transaction.atomic
def recommendation_add(*, recommendation: Recommendation, by: Actor) -> Recommendation:
    """A recommendation to one of the covered units, with whom and a deadline."""
    _open(recommendation.inspection, by)
    if not recommendation.inspection.units.filter(pk=recommendation.unit_id).exists():
        raise ValidationError({"unit": UNIT_OUTSIDE})
    recommendation.text = normalize_text(recommendation.text)
    recommendation.responsible = normalize_line(recommendation.responsible)
    recommendation.full_clean()
    record_as(recommendation, by)
    recommendation.save()
    return recommendation


@transaction.atomic
def inspection_conclude(
    *, inspection: Inspection, on: datetime.date | None = None, by: Actor
) -> Inspection:
    """The conclusion, dated `on` (the day it was signed; today when not given, never after
    today): findings and recommendations are then fixed, and the recommendations are followed
    up until done."""
    require_inspection_writer(by)
    if inspection.is_concluded:
        raise ValidationError(CONCLUDED_LOCKED)
    if not inspection.conclusion.strip():
        raise ValidationError({"conclusion": CONCLUSION_NEEDED})
    inspection.state = InspectionState.CONCLUDED
    inspection.concluded_on = on or timezone.localdate()
    inspection.version += 1
    inspection.full_clean()
    record_as(inspection, by)
    inspection.save()
    return inspection


@transaction.atomic
def follow_up_add(*, follow_up: FollowUp, uploads: list, done: bool, by: Actor) -> FollowUp:
    """What was done on a recommendation, with its evidence; `done` closes it that day."""
    require_inspection_writer(by)
    follow_up.text = normalize_text(follow_up.text)
    follow_up.by = by
    follow_up.full_clean()
    record_as(follow_up, by)
    follow_up.save()
    store(FollowUpFile, owner_field="follow_up", owner=follow_up, uploads=uploads, by=by)
    if done:
        recommendation = follow_up.recommendation
        recommendation.done_on = follow_up.happened_on
        recommendation.full_clean()
        record_as(recommendation, by)
        recommendation.save()
    return follow_up


@transaction.atomic
def programme_item_save(*, item: ProgrammeItem, by: Actor) -> ProgrammeItem:
    require_inspection_writer(by)
    item.subject = normalize_line(item.subject)
    item.full_clean()
    record_as(item, by)
    item.save()
    return item


def _citable(review: Review, units: set[int], by: Actor) -> None:
    if role_of(by) not in (Role.INSPECTION, Role.BOARD):
        raise PermissionDenied(CITERS_ONLY)
    if review.unit_id not in units:
        raise ValidationError(REVIEW_OUTSIDE)
    if review.state == ReviewState.CONFIRMED:
        raise ValidationError(REVIEW_NOT_OPEN)


@transaction.atomic
def inspection_cite(*, inspection: Inspection, review: Review, by: Actor) -> None:
    """The inspection's findings cited as evidence in a covered unit's review not yet
    confirmed."""
    _citable(review, set(inspection.units.values_list("pk", flat=True)), by)
    inspection.cited_in.add(review)


@transaction.atomic
def feedback_save(
    *, feedback: Feedback, by: Actor, expected_version: int | None = None
) -> Feedback:
    """Feedback recorded, or its response, by the Board or the Front."""
    require_feedback_writer(by)
    if feedback.pk is not None:
        current = lock_current(Feedback, feedback.pk, expected_version)
        feedback.version = current.version + 1
    else:
        feedback.recorded_by = by
    feedback.content = normalize_text(feedback.content)
    feedback.response = normalize_text(feedback.response)
    feedback.response_by = normalize_line(feedback.response_by)
    feedback.full_clean()
    record_as(feedback, by)
    feedback.save()
    return feedback


@transaction.atomic
def feedback_cite(*, feedback: Feedback, review: Review, by: Actor) -> None:
    """Feedback cited in the unit's review not yet confirmed (the Board)."""
    _citable(review, {feedback.unit_id}, by)
    feedback.cited_in.add(review)
