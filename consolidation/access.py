"""Who may see and do what in consolidation. 404 outside the person's scope, 403 inside it
when the role does not allow the action (the healthchecks pattern)."""

import datetime
from collections.abc import Set as AbstractSet
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404
from django.urls import reverse
from django.utils import timezone

from organizations.access import role_of
from organizations.models import Role, Unit
from organizations.selectors import units_visible_to, ward_of
from organizations.types import Viewer

from .models import (
    CellMeeting,
    CommentKind,
    ComplexCase,
    Feedback,
    Inspection,
    Plan,
    Quarter,
    QuarterlyUpdate,
    Remark,
    Review,
    ReviewRound,
    ReviewState,
    Task,
    UpdateState,
    next_key,
    quarter_key,
)
from .selectors.quarterly import quarter_find
from .selectors.reviews import rounds_visible_to


def get_round_for_user(user: Viewer, pk: int) -> ReviewRound:
    try:
        return rounds_visible_to(user).get(pk=pk)
    except (ReviewRound.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404("Không tìm thấy đợt rà soát này.") from exc


def get_review_for_user(user: Viewer, pk: int) -> Review:
    try:
        return Review.objects.visible_to(user).select_related("unit", "round").get(pk=pk)
    except (Review.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404("Không tìm thấy đánh giá này.") from exc


def require_board(
    user: Viewer, message: str = "Chỉ Ban Xây dựng Đảng được thực hiện việc này."
) -> None:
    if role_of(user) != Role.BOARD:
        raise PermissionDenied(message)


REVIEW_LOCKED = (
    "Đánh giá đã được xác nhận nên không sửa được. Ban Xây dựng Đảng có thể mở lại kèm lý do."
)
ROUND_CLOSED = (
    "Đợt rà soát đã kết thúc nên không sửa được đánh giá (Ban Xây dựng Đảng có thể mở lại "
    "đánh giá đã xác nhận, kèm lý do, để sửa)."
)
SECRETARY_AFTER_SUBMIT = (
    "Ban Xây dựng Đảng đang thẩm định đánh giá này nên bí thư không sửa được nữa. "
    "Nếu cần bổ sung, hãy liên hệ Ban Xây dựng Đảng."
)
REVIEW_EDITORS_ONLY = "Chỉ bí thư (tự đánh giá) và Ban Xây dựng Đảng được sửa đánh giá."


def review_edit_refusal(role: str | None, review: Review) -> str | None:
    """Why someone in `role` may not write this review now (None: they may). A secretary
    writes the self-assessment until they submit it; the Board until it confirms; nobody
    once it is confirmed or its round closed, except the Board on a review it reopened in
    the closed round to correct it (`correcting`, until confirmed again)."""
    if review.is_locked:
        return REVIEW_LOCKED
    if not review.round.is_open and not (review.correcting and role == Role.BOARD):
        return ROUND_CLOSED
    if role == Role.SECRETARY and review.state not in (
        ReviewState.NOT_STARTED,
        ReviewState.SELF_ASSESSED,
    ):
        return SECRETARY_AFTER_SUBMIT
    if role not in (Role.SECRETARY, Role.BOARD):
        return REVIEW_EDITORS_ONLY
    return None


def can_edit_review(user: Viewer, review: Review) -> bool:
    return review_edit_refusal(role_of(user), review) is None


def require_review_editor(review: Review, user: Viewer, *, as_role: str | None = None) -> str:
    """The user's role when they may write the review, judged as `as_role` if given (the
    secretary's rules for submitting a self-assessment); PermissionDenied if not."""
    role = require_role(user, {Role.SECRETARY, Role.BOARD}, REVIEW_EDITORS_ONLY)
    refusal = review_edit_refusal(as_role or role, review)
    if refusal:
        raise PermissionDenied(refusal)
    return role


def get_plan_for_user(user: Viewer, pk: int) -> Plan:
    try:
        return Plan.objects.visible_to(user).select_related("unit", "round", "review").get(pk=pk)
    except (Plan.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404("Không tìm thấy đề án, kế hoạch này.") from exc


def can_edit_plan(user: Viewer, plan: Plan) -> bool:
    """require_plan_editor, answered for a page."""
    return role_of(user) in PLAN_EDITORS and not plan.is_recognized


STANDING_ONLY = "Chỉ Ban Thường vụ được {action}."
PLAN_LOCKED = "Đề án đã được công nhận hoàn thành củng cố nên không sửa được nữa."
PLAN_EDITORS_ONLY = "Chỉ bí thư chi bộ và Ban Xây dựng Đảng được xây dựng, sửa đề án, kế hoạch."
PLAN_EDITORS: set[str] = {Role.BOARD, Role.SECRETARY}


def require_standing(user: Viewer, action: str) -> None:
    """The Standing Committee's decisions (approve, return, recognize, extend)."""
    require_role(user, {Role.STANDING}, STANDING_ONLY.format(action=action))


def require_plan_editor(plan: Plan, user: Viewer) -> str:
    """Secretaries draft their unit's plan, Board staff guide and edit it; a recognized plan
    is closed. The role, or PermissionDenied."""
    role = require_role(user, PLAN_EDITORS, PLAN_EDITORS_ONLY)
    if plan.is_recognized:
        raise PermissionDenied(PLAN_LOCKED)
    return role


def require_role(user: Viewer, roles: AbstractSet[str], message: str) -> str:
    """The user's role, when it is one of `roles`; PermissionDenied with `message` if not."""
    role = role_of(user)
    if role is None or role not in roles:
        raise PermissionDenied(message)
    return role


def get_update_for_user(user: Viewer, pk: int) -> QuarterlyUpdate:
    try:
        return QuarterlyUpdate.objects.select_related("plan__unit", "quarter", "plan__round").get(
            pk=pk, plan__in=Plan.objects.visible_to(user)
        )
    except (QuarterlyUpdate.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404("Không tìm thấy báo cáo quý này.") from exc


# --- comments on a plan ----------------------------------------------------------------------

COMMENT_WRITERS: dict[str, set[str]] = {
    CommentKind.CONSULTATION: {
        Role.BOARD,
        Role.SECRETARY,
        Role.STANDING,
        Role.INSPECTION,
        Role.OFFICE,
    },
    CommentKind.INSPECTION: {Role.INSPECTION},
    CommentKind.NOTE: {Role.BOARD, Role.OFFICE, Role.INSPECTION},
}
COMMENT_KIND_REFUSED = "Tài khoản này không ghi được loại ý kiến này."


def comment_kinds_for(user: Viewer) -> list[str]:
    """The kinds of comment this person may write on a plan, in the list's order (the
    Standing Committee's return reason is written by plan_return, not here)."""
    role = role_of(user)
    return [kind for kind, roles in COMMENT_WRITERS.items() if role in roles]


def require_commenter(user: Viewer, kind: str) -> None:
    if kind not in comment_kinds_for(user):
        raise PermissionDenied(COMMENT_KIND_REFUSED)


# --- quarterly updates -----------------------------------------------------------------------

LOCKED_ACCEPTED = "Báo cáo quý này đã được Ban Xây dựng Đảng tiếp nhận nên không sửa được nữa."
LOCKED_SUBMITTED = (
    "Báo cáo đã nộp, đang chờ Ban Xây dựng Đảng tiếp nhận; nếu cần sửa, đề nghị Ban trả lại."
)
LOCKED_PAST = (
    "Đã quá ngày khóa sổ {lock} của {quarter} nên không sửa, nộp được nữa. Nếu cần, đề nghị Ban "
    "Xây dựng Đảng mở lại."
)
UPDATE_WRITERS_ONLY = "Chỉ bí thư chi bộ (và Ban Xây dựng Đảng) được soạn báo cáo quý."
UPDATE_WRITERS: set[str] = {Role.SECRETARY, Role.BOARD}


def lock_reason(update: QuarterlyUpdate, today: datetime.date) -> str | None:
    """Why a secretary cannot edit this update now, in words; None when they can."""
    if update.state == UpdateState.ACCEPTED:
        return LOCKED_ACCEPTED
    if update.state == UpdateState.SUBMITTED:
        return LOCKED_SUBMITTED
    if update.quarter.is_locked_on(today) and not update.reopened:
        return LOCKED_PAST.format(
            lock=f"{update.quarter.lock_date:%d/%m/%Y}", quarter=update.quarter.label
        )
    return None


def update_edit_refusal(user: Viewer, update: QuarterlyUpdate, today: datetime.date) -> str | None:
    """Why this person may not write this update now (None: they may). Board staff write
    until it is accepted; the unit's secretary while lock_reason allows; nobody before the
    quarter has started."""
    role = role_of(user)
    if role in UPDATE_WRITERS and (not_started := update.quarter.not_started_reason(today)):
        return not_started
    if role == Role.BOARD:
        return LOCKED_ACCEPTED if update.state == UpdateState.ACCEPTED else None
    if role != Role.SECRETARY:
        return UPDATE_WRITERS_ONLY
    return lock_reason(update, today)


def update_start_refusal(user: Viewer, quarter: Quarter, today: datetime.date) -> str | None:
    """Why this person may not start a plan's report for the quarter now (None: they may):
    the writers of reports, once the quarter has started; a secretary not after its lock."""
    role = role_of(user)
    if role not in UPDATE_WRITERS:
        return UPDATE_WRITERS_ONLY
    not_started = quarter.not_started_reason(today)
    if not_started:
        return not_started
    if role == Role.SECRETARY and quarter.is_locked_on(today):
        return LOCKED_PAST.format(lock=f"{quarter.lock_date:%d/%m/%Y}", quarter=quarter.label)
    return None


EVIDENCE_KEPT_ACCEPTED = "Báo cáo đã được tiếp nhận: tệp minh chứng được giữ nguyên."


EVIDENCE_REMOVERS_ONLY = (
    "Chỉ người đã tải tệp lên (khi còn sửa được báo cáo) hoặc Ban Xây dựng Đảng được gỡ tệp này."
)


def evidence_remove_refusal(
    user: Viewer, update: QuarterlyUpdate, uploaded_by_id: int | None, today: datetime.date
) -> str | None:
    """Why this person may not remove an evidence file of the update (None: they may): until
    the report is accepted, the Board, or whoever uploaded it while they may write the report."""
    if update.state == UpdateState.ACCEPTED:
        return EVIDENCE_KEPT_ACCEPTED
    if role_of(user) == Role.BOARD:
        return None
    if uploaded_by_id is not None and uploaded_by_id == getattr(user, "pk", None):
        return update_edit_refusal(user, update, today)
    return EVIDENCE_REMOVERS_ONLY


def can_edit_update(user: Viewer, update: QuarterlyUpdate, today: datetime.date) -> bool:
    return update_edit_refusal(user, update, today) is None


def require_update_editor(update: QuarterlyUpdate, user: Viewer) -> None:
    refusal = update_edit_refusal(user, update, timezone.localdate())
    if refusal:
        raise PermissionDenied(refusal)


# --- registers --------------------------------------------------------------------------------

REGISTER_EDITORS: dict[str, set[str]] = {"cadre": {Role.BOARD}, "case": {Role.BOARD, Role.OFFICE}}
REGISTER_EDITORS_ONLY = "Tài khoản này không sửa được sổ theo dõi này."


def can_edit_register(user: Viewer, kind: str) -> bool:
    """Board staff keep the cadre register; the case register too, with the Party office."""
    return role_of(user) in REGISTER_EDITORS[kind]


def require_register_editor(user: Viewer, kind: str) -> None:
    if not can_edit_register(user, kind):
        raise PermissionDenied(REGISTER_EDITORS_ONLY)


# --- cell meetings, cadre evaluations, IT use -------------------------------------------------

MEETING_WRITERS: set[str] = {Role.SECRETARY, Role.BOARD}
MEETING_WRITERS_ONLY = "Chỉ bí thư chi bộ và Ban Xây dựng Đảng được ghi buổi sinh hoạt chi bộ."
MEETING_LOCKED = (
    "Buổi sinh hoạt ngày {day} thuộc kỳ đã khóa sổ ngày {lock} nên bí thư không ghi, sửa được "
    "nữa; nếu cần, đề nghị Ban Xây dựng Đảng sửa."
)


def meeting_lock_date(ward: Unit, held_on: datetime.date) -> datetime.date:
    """The lock date a meeting falls under: its quarter's when held on or before it, else
    the next quarter's (a meeting after the 15th of the quarter's last month is reported with
    the next quarter). Secretaries record and correct it until then."""
    year, number = quarter_key(held_on)
    lock = quarter_find(ward, year, number).lock_date
    if held_on <= lock:
        return lock
    return quarter_find(ward, *next_key(year, number)).lock_date


def meeting_edit_refusal(
    user: Viewer, ward: Unit, held_on: datetime.date | None, today: datetime.date
) -> str | None:
    """Why this person may not record or change a meeting held on `held_on` now (None: they
    may): the Board always; a secretary until the meeting's lock date."""
    role = role_of(user)
    if role not in MEETING_WRITERS:
        return MEETING_WRITERS_ONLY
    if role == Role.BOARD or held_on is None:
        return None
    lock = meeting_lock_date(ward, held_on)
    if today > lock:
        return MEETING_LOCKED.format(day=f"{held_on:%d/%m/%Y}", lock=f"{lock:%d/%m/%Y}")
    return None


def get_meeting_for_user(user: Viewer, pk: int) -> CellMeeting:
    try:
        return CellMeeting.objects.select_related("unit").get(
            pk=pk, unit__in=units_visible_to(user)
        )
    except (CellMeeting.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404("Không tìm thấy buổi sinh hoạt này.") from exc


BOARD_KEEPS = "Chỉ Ban Xây dựng Đảng được {action}."


def can_keep(user: Viewer) -> bool:
    """The Board keeps the committee members, the cadres' evaluations and the IT checklist."""
    return role_of(user) == Role.BOARD


def require_keeper(user: Viewer, action: str) -> None:
    if not can_keep(user):
        raise PermissionDenied(BOARD_KEEPS.format(action=action))


def get_case_for_user(user: Viewer, pk: int) -> "ComplexCase":
    """A case of a unit the person may see (its own unit, or one of the other units
    concerned); 404 otherwise."""
    units = units_visible_to(user)
    try:
        return (
            ComplexCase.objects.filter(Q(unit__in=units) | Q(other_units__in=units))
            .distinct()
            .select_related("unit", "plan", "owner")
            .get(pk=pk)
        )
    except (ComplexCase.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404("Không tìm thấy vụ việc này.") from exc


# --- inspections (UBKT) and the people's feedback ---------------------------------------------

INSPECTION_WRITERS_ONLY = "Chỉ Ủy ban Kiểm tra được ghi, kết luận cuộc kiểm tra, giám sát."
INSPECTION_READERS: set[str] = {Role.BOARD, Role.STANDING, Role.INSPECTION, Role.OFFICE}
FEEDBACK_WRITERS: set[str] = {Role.BOARD, Role.FRONT}
FEEDBACK_WRITERS_ONLY = "Chỉ Ban Xây dựng Đảng và Mặt trận, đoàn thể được ghi ý kiến của Nhân dân."


def can_write_inspections(user: Viewer) -> bool:
    return role_of(user) == Role.INSPECTION


def require_inspection_writer(user: Viewer) -> None:
    if not can_write_inspections(user):
        raise PermissionDenied(INSPECTION_WRITERS_ONLY)


def inspections_visible_to(user: Viewer) -> QuerySet[Inspection]:
    """The ward's bodies read every inspection of the ward; a secretary those covering their
    units; the Front none."""
    role = role_of(user)
    units = units_visible_to(user)
    if role in INSPECTION_READERS:
        ward = ward_of(user)
        return Inspection.objects.filter(ward=ward) if ward else Inspection.objects.none()
    if role == Role.SECRETARY:
        return Inspection.objects.covering(units)
    return Inspection.objects.none()


def get_inspection_for_user(user: Viewer, pk: int) -> Inspection:
    try:
        return inspections_visible_to(user).get(pk=pk)
    except (Inspection.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404("Không tìm thấy cuộc kiểm tra, giám sát này.") from exc


def can_write_feedback(user: Viewer) -> bool:
    return role_of(user) in FEEDBACK_WRITERS


def require_feedback_writer(user: Viewer) -> None:
    if not can_write_feedback(user):
        raise PermissionDenied(FEEDBACK_WRITERS_ONLY)


def feedback_visible_to(user: Viewer) -> QuerySet[Feedback]:
    """Feedback on the units the person may see (the Front and the ward's bodies: the ward)."""
    return Feedback.objects.filter(unit__in=units_visible_to(user))


def get_feedback_for_user(user: Viewer, pk: int) -> Feedback:
    try:
        return feedback_visible_to(user).select_related("unit", "group").get(pk=pk)
    except (Feedback.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404("Không tìm thấy ý kiến này.") from exc


# --- discussion ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Discussed:
    """What a discussion is about: the object, its unit, the page it shows on, its name."""

    kind: str
    obj: Any
    unit: Unit
    url: str
    title: str


def _discussed(user: Viewer, kind: str, pk: int) -> Discussed:
    if kind == "nhiem-vu":
        task = Task.objects.select_related("plan__unit").filter(pk=pk).first()
        if task is None:
            raise Http404("Không tìm thấy nhiệm vụ này.")
        plan = get_plan_for_user(user, task.plan_id)
        url = reverse("consolidation:task_detail", args=[plan.pk, task.pk])
        return Discussed(kind, task, plan.unit, url, f"nhiệm vụ «{task.what[:60]}»")
    if kind == "bao-cao-quy":
        update = get_update_for_user(user, pk)
        url = reverse("consolidation:update_detail", args=[update.pk])
        title = f"báo cáo {update.quarter.label} của {update.plan.unit.name}"
        return Discussed(kind, update, update.plan.unit, url, title)
    if kind == "danh-gia":
        review = get_review_for_user(user, pk)
        url = reverse("consolidation:review_detail", args=[review.pk])
        return Discussed(kind, review, review.unit, url, f"đánh giá của {review.unit.name}")
    if kind == "vu-viec":
        case = get_case_for_user(user, pk)
        url = reverse("consolidation:case_detail", args=[case.pk])
        return Discussed(kind, case, case.unit, url, f"vụ việc «{case.description[:60]}»")
    if kind == "kiem-tra":
        inspection = get_inspection_for_user(user, pk)
        # A secretary discusses an inspection of their own units only: one covering other
        # units too would show them what was said of those.
        if inspection.units.exclude(pk__in=units_visible_to(user)).exists():
            raise Http404("Không tìm thấy trao đổi này.")
        url = reverse("consolidation:inspection_detail", args=[inspection.pk])
        return Discussed(kind, inspection, inspection.ward, url, str(inspection))
    raise Http404("Không tìm thấy trao đổi này.")


def get_discussed_for_user(user: Viewer, kind: str, pk: int) -> Discussed:
    """The object of a discussion, if the person may read it (and so write in it); 404."""
    return _discussed(user, kind, pk)


def can_read_discussion(user: Viewer, kind: str, pk: int) -> bool:
    try:
        _discussed(user, kind, pk)
    except Http404:
        return False
    return True


def can_hide_remark(user: Viewer, remark: Remark) -> bool:
    """The author, or the Board that moderates, hides a remark (with a reason)."""
    return remark.by_id == getattr(user, "pk", None) or role_of(user) == Role.BOARD
