"""Rules of consolidation, as functions that write. Each runs in one transaction and
calls full_clean() before saving; the messages are module constants the tests reuse."""

import datetime
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from organizations.bulk import BulkOutcome, each
from organizations.concurrency import lock_current
from organizations.history import record_as
from organizations.models import Rating, RatingLevel, Role, Unit
from organizations.text import normalize_line, normalize_text
from organizations.types import Actor

from ..access import require_board, require_review_editor
from ..files import store
from ..models import (
    NEEDS_CONSOLIDATION,
    OPEN_TASK_STATUSES,
    Cause,
    CauseKind,
    ComplexCase,
    Conclusion,
    Finding,
    GroupAssessment,
    Indicator,
    Review,
    ReviewEvent,
    ReviewEventKind,
    ReviewEvidence,
    ReviewRound,
    ReviewState,
    RoundStatus,
    SuggestionState,
    Task,
)
from .plans import plan_groups_refresh

# --- messages -------------------------------------------------------------------------------

NEEDS_INDICATOR = (
    "Kết luận «{conclusion}» cần ít nhất một biểu hiện được đánh dấu «có» trong 03 nhóm."
)
NEEDS_CAUSE = (
    "Kết luận «{conclusion}» cần ít nhất một nguyên nhân (nêu nguyên nhân chủ quan trước)."
)
NEEDS_SUBJECTIVE_CAUSE = (
    "Nguyên nhân: kết luận «Yếu kém» cần ít nhất một nguyên nhân chủ quan – nguyên nhân "
    "chủ quan là chính, nêu trước; mới có {count} nguyên nhân khách quan."
)
NEEDS_JUSTIFICATION = (
    "Tổ chức có {count} biểu hiện được đánh dấu nhưng kết luận «Không thuộc diện củng cố»: "
    "cần ghi rõ lý do."
)
NEEDS_CONCLUSION = "Chưa chọn kết luận."
NEEDS_MANIFESTATION = "Biểu hiện {code} được đánh dấu «có» nhưng chưa nêu biểu hiện điển hình."
NEEDS_SEVERITY = "Nhóm {number}: chưa chỉ rõ mức độ (nhẹ, trung bình, nghiêm trọng)."
REOPEN_NEEDS_REASON = "Cần ghi lý do mở lại đánh giá đã xác nhận."
REOPEN_BOARD_ONLY = "Chỉ Ban Xây dựng Đảng được mở lại đánh giá đã xác nhận."
REOPEN_NOT_CONFIRMED = "Chỉ mở lại được đánh giá đã xác nhận."
SUGGESTION_ON_CONFIRMED = "Đánh giá đã xác nhận; hãy mở lại trước khi đổi kết luận."
NO_UNITS = "Đợt rà soát phải có ít nhất một tổ chức."


# --- rounds ---------------------------------------------------------------------------------


@dataclass
class RoundDates:
    starts_on: datetime.date
    ends_on: datetime.date
    phase2_starts_on: datetime.date
    phase3_starts_on: datetime.date
    phase3_ends_on: datetime.date


def default_round_dates(year: int) -> RoundDates:
    """Seed 000, VI: phase 1 April–May (the review), phase 2 June–September, phase 3
    October–December."""
    return RoundDates(
        starts_on=datetime.date(year, 4, 1),
        ends_on=datetime.date(year, 5, 31),
        phase2_starts_on=datetime.date(year, 6, 1),
        phase3_starts_on=datetime.date(year, 10, 1),
        phase3_ends_on=datetime.date(year, 12, 31),
    )


def active_indicators(round_: ReviewRound) -> QuerySet[Indicator]:
    return Indicator.objects.filter(
        Q(retired_on__isnull=True) | Q(retired_on__gt=round_.starts_on)
    ).select_related("group")


@transaction.atomic
def round_open(
    *,
    ward: Unit,
    name: str,
    period: str,
    dates: RoundDates,
    by: Actor,
    units: Iterable[Unit] | None = None,
) -> ReviewRound:
    """Open a round over `units` (default: every active grassroots unit of the ward) and
    suggest "có nguy cơ" where a unit's record calls for it (never decided here)."""
    require_board(by)
    round_ = ReviewRound(
        ward=ward,
        name=normalize_line(name),
        period=normalize_line(period),
        starts_on=dates.starts_on,
        ends_on=dates.ends_on,
        phase2_starts_on=dates.phase2_starts_on,
        phase3_starts_on=dates.phase3_starts_on,
        phase3_ends_on=dates.phase3_ends_on,
        opened_by=by,
    )
    round_.full_clean()
    round_.save()
    covered = list(units if units is not None else Unit.objects.grassroots_of(ward).active())
    if not covered:
        raise ValidationError(NO_UNITS)
    suggestions = at_risk_suggestions(covered, as_of=dates.starts_on)
    Review.objects.bulk_create(
        [
            Review(
                round=round_,
                unit=unit,
                suggestion_state=SuggestionState.PENDING if unit.pk in suggestions else "",
                suggestion_reasons=suggestions.get(unit.pk, []),
            )
            for unit in covered
        ]
    )
    return round_


def at_risk_suggestions(units: Collection[Unit], *, as_of: datetime.date) -> dict[int, list[str]]:
    """Reasons to look at a unit as "có nguy cơ" (seed 000, II; the reviews issue): a
    "Không hoàn thành nhiệm vụ" rating in any of its last three years, or open items past
    their deadline. Returns {unit id: [reason, …]} for the units that have any."""
    reasons: dict[int, list[str]] = {}
    ratings: dict[int, list[Rating]] = {}
    # A year's rating is made at its end, so a round opening in April 2026 looks at
    # 2023–2025.
    rated = Rating.objects.filter(unit__in=units, year__lt=as_of.year)
    for rating in rated.order_by("unit_id", "-year"):
        ratings.setdefault(rating.unit_id, []).append(rating)
    for unit_id, unit_ratings in ratings.items():
        for rating in unit_ratings[:3]:
            if rating.level == RatingLevel.NOT_COMPLETED:
                reasons.setdefault(unit_id, []).append(
                    f"Xếp loại «Không hoàn thành nhiệm vụ» năm {rating.year}"
                )
    for unit_id, texts in overdue_reasons(units, as_of=as_of).items():
        reasons.setdefault(unit_id, []).extend(texts)
    return reasons


def overdue_reasons(units: Collection[Unit], *, as_of: datetime.date) -> dict[int, list[str]]:
    """Open items past their deadline, by unit: plan tasks not done by their deadline, and
    complex cases past their handling roadmap's date."""
    reasons: dict[int, list[str]] = {}
    tasks = (
        Task.objects.filter(plan__unit__in=units, status__in=OPEN_TASK_STATUSES, deadline__lt=as_of)
        .values("plan__unit_id")
        .annotate(n=Count("pk"))
    )
    for row in tasks:
        reasons.setdefault(row["plan__unit_id"], []).append(f"{row['n']} nhiệm vụ củng cố quá hạn")
    cases = (
        ComplexCase.objects.filter(unit__in=units)
        .late_on(as_of)
        .values("unit_id")
        .annotate(n=Count("pk"))
    )
    for row in cases:
        reasons.setdefault(row["unit_id"], []).append(
            f"{row['n']} vụ việc phức tạp quá hạn lộ trình xử lý"
        )
    return reasons


def unassessed(round_: ReviewRound) -> int:
    """How many of the round's reviews are not confirmed (closing leaves them unassessed)."""
    return round_.reviews.exclude(state=ReviewState.CONFIRMED).count()


CLOSE_UNASSESSED = (
    "Còn {count} tổ chức chưa được xác nhận đánh giá: kết thúc đợt thì các tổ chức này không "
    "có kết quả rà soát của đợt. Xác nhận kết thúc nếu vẫn muốn kết thúc."
)


ROUND_ALREADY = "Đợt rà soát đã ở tình trạng này."


@transaction.atomic
def round_close(*, round_: ReviewRound, by: Actor, unassessed_ok: bool = False) -> ReviewRound:
    """Close the round: its figures become the ward's (figures_round). With units not
    assessed, only once the Board has acknowledged how many (`unassessed_ok`)."""
    require_board(by)
    round_ = lock_current(ReviewRound, round_.pk, None)
    if round_.status != RoundStatus.OPEN:
        raise ValidationError(ROUND_ALREADY)
    count = unassessed(round_)
    if count and not unassessed_ok:
        raise ValidationError(CLOSE_UNASSESSED.format(count=count))
    round_.status = RoundStatus.CLOSED
    round_.closed_at = timezone.now()
    round_.save(update_fields=["status", "closed_at"])
    return round_


@transaction.atomic
def round_reopen(*, round_: ReviewRound, by: Actor) -> ReviewRound:
    require_board(by)
    round_ = lock_current(ReviewRound, round_.pk, None)
    if round_.status != RoundStatus.CLOSED:
        raise ValidationError(ROUND_ALREADY)
    round_.status = RoundStatus.OPEN
    round_.closed_at = None
    round_.save(update_fields=["status", "closed_at"])
    return round_


# --- editing a review -----------------------------------------------------------------------


@dataclass
class FindingInput:
    indicator_id: int
    present: bool
    manifestation: str = ""


@dataclass
class GroupInput:
    group_id: int
    strengths: str = ""
    limitations: str = ""
    severity: str = ""


@dataclass
class CauseInput:
    kind: str
    text: str
    group_id: int | None = None


@dataclass
class ReviewInput:
    weak_aspects: str = ""
    weak_links: str = ""
    head_responsibility: str = ""
    conclusion: str | None = None  # None: not the editor's to set (secretaries)
    justification: str | None = None
    findings: list[FindingInput] = field(default_factory=list)
    groups: list[GroupInput] = field(default_factory=list)
    causes: list[CauseInput] | None = None  # None: leave the causes as they are
    uploads: list = field(default_factory=list)


@transaction.atomic
def review_save(
    *, review: Review, data: ReviewInput, by: Actor, expected_version: int | None
) -> Review:
    """Save what the secretary or the Board typed. The Board's save moves the review into
    its hands (in review); a secretary's keeps it theirs until they submit."""
    review = lock_current(Review, review.pk, expected_version)
    role = require_review_editor(review, by)
    review.weak_aspects = normalize_text(data.weak_aspects)
    review.weak_links = normalize_text(data.weak_links)
    review.head_responsibility = normalize_text(data.head_responsibility)
    if role == Role.BOARD:
        if data.conclusion is not None:
            review.conclusion = data.conclusion
        if data.justification is not None:
            review.justification = normalize_text(data.justification)
        review.state = ReviewState.IN_REVIEW
    review.version += 1
    review.full_clean()
    review.save()

    existing = {f.indicator_id: f for f in review.findings.all()}
    for item in data.findings:
        finding = existing.get(item.indicator_id) or Finding(
            review=review, indicator_id=item.indicator_id
        )
        manifestation = normalize_text(item.manifestation)
        if (
            finding.pk
            and finding.present == item.present
            and finding.manifestation == manifestation
        ):
            continue
        finding.present = item.present
        finding.manifestation = manifestation
        finding.save()

    assessments = {a.group_id: a for a in review.group_assessments.all()}
    for group in data.groups:
        assessment = assessments.get(group.group_id) or GroupAssessment(
            review=review, group_id=group.group_id
        )
        values = (
            normalize_text(group.strengths),
            normalize_text(group.limitations),
            group.severity,
        )
        if assessment.pk and values == (
            assessment.strengths,
            assessment.limitations,
            assessment.severity,
        ):
            continue
        assessment.strengths, assessment.limitations, assessment.severity = values
        assessment.full_clean()
        assessment.save()

    if data.causes is not None:
        _replace_causes(review, data.causes)
    if data.uploads:
        store(ReviewEvidence, owner_field="review", owner=review, uploads=data.uploads, by=by)
    return review


def _replace_causes(review: Review, causes: list[CauseInput]) -> None:
    """Keep causes whose text is unchanged (plans point at them), update or add the rest."""
    current = list(review.causes.all())
    wanted = [
        (c.kind, normalize_text(c.text), c.group_id) for c in causes if normalize_text(c.text)
    ]
    keep_ids = set()
    for order, (kind, text, group_id) in enumerate(wanted):
        match = next(
            (c for c in current if c.pk not in keep_ids and c.text == text and c.kind == kind),
            None,
        )
        if match is None:
            match = Cause(review=review, kind=kind, text=text)
        match.group_id = group_id
        match.order = order
        match.full_clean()
        match.save()
        keep_ids.add(match.pk)
    for cause in current:
        if cause.pk not in keep_ids:
            if hasattr(cause, "tasks") and cause.tasks.exists():
                raise ValidationError(
                    f"Nguyên nhân «{cause.text[:60]}» đang được nhiệm vụ trong kế hoạch củng cố "
                    "dẫn chiếu nên không xóa được."
                )
            cause.delete()


@transaction.atomic
def review_submit(*, review: Review, by: Actor) -> Review:
    """The secretary hands the self-assessment to the Board."""
    review = lock_current(Review, review.pk, None)
    require_review_editor(review, by, as_role=Role.SECRETARY)
    review.state = ReviewState.SELF_ASSESSED
    review.submitted_by = by
    review.submitted_at = timezone.now()
    review.version += 1
    review.save()
    ReviewEvent.objects.create(review=review, kind=ReviewEventKind.SUBMITTED, by=by)
    return review


def confirmation_problems(review: Review) -> list[str]:
    """What stands between this review and its confirmation (seed 000, V.1 and Phụ lục 1)."""
    problems = []
    present = [f for f in review.findings.select_related("indicator__group") if f.present]
    conclusion = review.conclusion
    if not conclusion:
        return [NEEDS_CONCLUSION]
    label = Conclusion(conclusion).label
    if conclusion in NEEDS_CONSOLIDATION:
        if not present:
            problems.append(NEEDS_INDICATOR.format(conclusion=label))
        kinds = list(review.causes.values_list("kind", flat=True))
        if not kinds:
            problems.append(NEEDS_CAUSE.format(conclusion=label))
        elif conclusion == Conclusion.WEAK and CauseKind.SUBJECTIVE not in kinds:
            problems.append(NEEDS_SUBJECTIVE_CAUSE.format(count=len(kinds)))
        severities = {
            a.group.number: a.severity for a in review.group_assessments.select_related("group")
        }
        for number in sorted({f.indicator.group.number for f in present}):
            if not severities.get(number):
                problems.append(NEEDS_SEVERITY.format(number=number))
    if conclusion == Conclusion.NOT_NEEDED and present and not review.justification.strip():
        problems.append(NEEDS_JUSTIFICATION.format(count=len(present)))
    for finding in present:
        if not finding.manifestation.strip():
            problems.append(NEEDS_MANIFESTATION.format(code=finding.indicator.code))
    return problems


def previous_round(round_: ReviewRound) -> ReviewRound | None:
    return (
        ReviewRound.objects.filter(ward_id=round_.ward_id, starts_on__lt=round_.starts_on)
        .order_by("-starts_on", "-pk")
        .first()
    )


def next_round(round_: ReviewRound) -> ReviewRound | None:
    return (
        ReviewRound.objects.filter(ward_id=round_.ward_id, starts_on__gt=round_.starts_on)
        .order_by("starts_on", "pk")
        .first()
    )


def _weak_in(round_: ReviewRound | None, unit_id: int) -> bool:
    if round_ is None:
        return False
    return Review.objects.filter(
        round=round_, unit_id=unit_id, state=ReviewState.CONFIRMED, conclusion=Conclusion.WEAK
    ).exists()


def _snapshot(review: Review) -> dict:
    return {
        "conclusion": review.conclusion,
        "groups": review.group_numbers,
        "findings": [
            {"code": f.indicator.code, "manifestation": f.manifestation}
            for f in review.findings.select_related("indicator")
            if f.present
        ],
        "severity": {
            str(a.group.number): a.severity
            for a in review.group_assessments.select_related("group")
        },
        "causes": [{"kind": c.kind, "text": c.text} for c in review.causes.all()],
        "weak_aspects": review.weak_aspects,
        "weak_links": review.weak_links,
        "head_responsibility": review.head_responsibility,
        "justification": review.justification,
    }


@transaction.atomic
def review_confirm(*, review: Review, by: Actor) -> Review:
    """The Board confirms the assessment and its conclusion; it is locked from then on.
    A unit weak in the previous round and again now is flagged prolonged (yếu kém kéo dài)."""
    require_board(by)
    review = lock_current(Review, review.pk, None)
    require_review_editor(review, by)
    problems = confirmation_problems(review)
    if problems:
        raise ValidationError(problems)
    review.state = ReviewState.CONFIRMED
    review.correcting = False
    review.confirmed_by = by
    review.confirmed_at = timezone.now()
    review.is_prolonged = review.conclusion == Conclusion.WEAK and _weak_in(
        previous_round(review.round), review.unit_id
    )
    review.version += 1
    review.full_clean()
    review.save()
    ReviewEvent.objects.create(
        review=review, kind=ReviewEventKind.CONFIRMED, by=by, snapshot=_snapshot(review)
    )
    _refresh_prolonged_after(review)
    plan_groups_refresh(review)
    return review


def reviews_confirm(*, reviews: Sequence[Review], by: Actor) -> BulkOutcome:
    """Confirm many reviews at once from the round board: each exactly as review_confirm
    confirms one (its own transaction), a refused one named with its reasons, the others
    confirmed."""
    require_board(by)
    return each(reviews, lambda review: review_confirm(review=review, by=by))


def _refresh_prolonged_after(review: Review) -> None:
    """The next round's confirmed review of the same unit depends on this one."""
    following = next_round(review.round)
    if following is None:
        return
    later = Review.objects.filter(
        round=following, unit_id=review.unit_id, state=ReviewState.CONFIRMED
    ).first()
    if later is None:
        return
    prolonged = (
        later.conclusion == Conclusion.WEAK
        and review.state == ReviewState.CONFIRMED
        and review.conclusion == Conclusion.WEAK
    )
    if later.is_prolonged != prolonged:
        later.is_prolonged = prolonged
        later.save(update_fields=["is_prolonged"])


@transaction.atomic
def review_reopen(*, review: Review, by: Actor, reason: str) -> Review:
    require_board(by, REOPEN_BOARD_ONLY)
    review = lock_current(Review, review.pk, None)
    reason = normalize_text(reason)
    if review.state != ReviewState.CONFIRMED:
        raise ValidationError(REOPEN_NOT_CONFIRMED)
    if not reason:
        raise ValidationError({"reason": REOPEN_NEEDS_REASON})
    review.state = ReviewState.IN_REVIEW
    review.is_prolonged = False
    # In a closed round the Board corrects this one review; the round stays closed.
    review.correcting = not review.round.is_open
    review.version += 1
    record_as(review, by, reason=reason)
    review.save()
    ReviewEvent.objects.create(review=review, kind=ReviewEventKind.REOPENED, by=by, reason=reason)
    _refresh_prolonged_after(review)
    return review


@transaction.atomic
def suggestion_accept(*, review: Review, by: Actor) -> Review:
    """The Board takes up the "có nguy cơ" suggestion: the draft conclusion becomes at risk."""
    require_board(by)
    review = lock_current(Review, review.pk, None)
    if review.is_locked:
        raise ValidationError(SUGGESTION_ON_CONFIRMED)
    review.suggestion_state = SuggestionState.ACCEPTED
    review.conclusion = Conclusion.AT_RISK
    review.state = ReviewState.IN_REVIEW
    review.version += 1
    review.save()
    ReviewEvent.objects.create(review=review, kind=ReviewEventKind.SUGGESTION_ACCEPTED, by=by)
    return review


@transaction.atomic
def suggestion_dismiss(*, review: Review, by: Actor, reason: str = "") -> Review:
    require_board(by)
    review = lock_current(Review, review.pk, None)
    review.suggestion_state = SuggestionState.DISMISSED
    review.version += 1
    review.save()
    ReviewEvent.objects.create(
        review=review,
        kind=ReviewEventKind.SUGGESTION_DISMISSED,
        by=by,
        reason=normalize_text(reason),
    )
    return review
