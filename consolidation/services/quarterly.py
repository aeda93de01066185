"""Quarterly updates: units report every quarter on their plans; the Board accepts or
returns; the ward compiles Phụ lục 3 before the 15th of the quarter's last month (seed 000,
"Chế độ thông tin, báo cáo")."""

import datetime
from collections.abc import Sequence
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from organizations.access import role_of
from organizations.bulk import BulkOutcome, each
from organizations.concurrency import lock_current
from organizations.history import record_as
from organizations.models import FIGURE_PARTS, Role, Unit, figure_problems
from organizations.services.registry import Figures, figure_record
from organizations.text import normalize_text
from organizations.types import Actor

from ..access import evidence_remove_refusal, require_update_editor
from ..files import store
from ..models import (
    NoticeKind,
    Plan,
    ProgressEvidence,
    Quarter,
    QuarterlyUpdate,
    Task,
    TaskProgress,
    TaskStatus,
    UpdateEvent,
    UpdateEventKind,
    UpdateState,
)
from ..notifications import update_notice
from ..selectors.quarterly import update_rows
from .notices import notify, unit_secretaries, ward_people

# --- messages -------------------------------------------------------------------------------

SUBMIT_NEEDS_SUMMARY = "Cần viết tóm tắt kết quả thực hiện trong quý (in ở cột 8 của Phụ lục 3)."
SUBMIT_NEEDS_STATUS = "Nhiệm vụ số {index} («{what}»): chưa ghi tình trạng."
RETURN_NEEDS_REASON = "Cần ghi lý do trả lại để bí thư biết phải sửa gì."
REOPEN_NEEDS_REASON = "Cần ghi lý do mở lại báo cáo sau khóa sổ."
ONLY_SUBMITTED = "Chỉ tiếp nhận hoặc trả lại được báo cáo đã nộp."
BOARD_ONLY = "Chỉ Ban Xây dựng Đảng được {action}."


def quarter_ensure(ward: Unit, year: int, number: int) -> Quarter:
    """The quarter's row, made with the seed's deadlines when something is first written
    for it (a report, its calendar, a form issued). Pages read selectors.quarter_find."""
    default = Quarter.default(ward, year, number)
    quarter, _ = Quarter.objects.get_or_create(
        ward=ward,
        year=year,
        number=number,
        defaults={
            "unit_deadline": default.unit_deadline,
            "ward_deadline": default.ward_deadline,
            "lock_date": default.lock_date,
        },
    )
    return quarter


@transaction.atomic
def quarter_set_dates(
    *,
    quarter: Quarter,
    unit_deadline: datetime.date,
    ward_deadline: datetime.date,
    lock_date: datetime.date,
    by: Actor,
) -> Quarter:
    if role_of(by) != Role.BOARD:
        raise PermissionDenied(BOARD_ONLY.format(action="đặt hạn báo cáo quý"))
    quarter.unit_deadline = unit_deadline
    quarter.ward_deadline = ward_deadline
    quarter.lock_date = lock_date
    quarter.full_clean()
    quarter.save()
    return quarter


# --- the update -----------------------------------------------------------------------------


def _add_new_tasks(update: QuarterlyUpdate) -> None:
    """Save the rows of tasks added to the plan since the draft was started."""
    TaskProgress.objects.bulk_create([row for row in update_rows(update) if row.pk is None])


@transaction.atomic
def update_for(*, plan: Plan, quarter: Quarter) -> QuarterlyUpdate:
    """The plan's update for the quarter, started (with each open task's current status and
    progress) when a person first writes it; the quarter's row is made then if need be.
    Not before the quarter has started."""
    not_started = quarter.not_started_reason(timezone.localdate())
    if not_started:
        raise ValidationError(not_started)
    if quarter.pk is None:
        quarter = quarter_ensure(quarter.ward, quarter.year, quarter.number)
    update, _ = QuarterlyUpdate.objects.get_or_create(plan=plan, quarter=quarter)
    if update.state in (UpdateState.DRAFT, UpdateState.RETURNED):
        _add_new_tasks(update)
    return update


@dataclass
class ProgressInput:
    task_id: int
    status: str
    progress: int
    done_this_quarter: str = ""
    deliverable_produced: bool = False
    uploads: list = field(default_factory=list)


@dataclass
class UpdateInput:
    summary: str = ""
    difficulties: str = ""
    proposals: str = ""
    figures_as_of: datetime.date | None = None
    members: int | None = None
    women: int | None = None
    ethnic_minority: int | None = None
    exempted: int | None = None
    progress: list[ProgressInput] = field(default_factory=list)


def _progress_values(row: TaskProgress) -> tuple:
    return (row.status, row.progress, row.done_this_quarter, row.deliverable_produced)


@transaction.atomic
def update_save(
    *,
    update: QuarterlyUpdate,
    data: UpdateInput,
    by: Actor,
    expected_version: int | None,
    autosave: bool = False,
) -> QuarterlyUpdate:
    """Save the draft (by hand or by the page's autosave). Nothing typed is refused here:
    the checks that matter come with submission."""
    update = lock_current(QuarterlyUpdate, update.pk, expected_version)
    require_update_editor(update, by)
    _add_new_tasks(update)
    update.summary = normalize_text(data.summary)
    update.difficulties = normalize_text(data.difficulties)
    update.proposals = normalize_text(data.proposals)
    update.figures_as_of = data.figures_as_of
    update.members = data.members
    update.women = data.women
    update.ethnic_minority = data.ethnic_minority
    update.exempted = data.exempted
    if update.members is not None and update.figures_as_of is None:
        update.figures_as_of = timezone.localdate()
    if autosave:
        update.autosaved_at = timezone.now()
    update.version += 1
    # Its plan and quarter never change here: no need to look them up again (an autosave
    # runs every few seconds on every open report).
    update.full_clean(exclude=["plan", "quarter"], validate_unique=False)
    update.save()
    rows = {p.task_id: p for p in update.progress.all()}
    for item in data.progress:
        row = rows.get(item.task_id)
        if row is None:
            continue
        before = _progress_values(row)
        row.status = item.status
        row.progress = 100 if item.status == TaskStatus.DONE else max(0, min(100, item.progress))
        row.done_this_quarter = normalize_text(item.done_this_quarter)
        row.deliverable_produced = item.deliverable_produced
        # An autosave every few seconds writes (and keeps history for) what changed only.
        if _progress_values(row) != before:
            row.full_clean(exclude=["update", "task"], validate_unique=False)
            row.save()
        if item.uploads:
            store(
                ProgressEvidence,
                owner_field="task_progress",
                owner=row,
                uploads=item.uploads,
                by=by,
            )
    return update


@transaction.atomic
def evidence_remove(*, evidence: ProgressEvidence, by: Actor) -> QuarterlyUpdate:
    """Take an evidence file off a report (evidence_remove_refusal says who, until when).
    The row's history records who removed it; the stored file stays for that history."""
    update = lock_current(QuarterlyUpdate, evidence.task_progress.update_id, None)
    refusal = evidence_remove_refusal(by, update, evidence.uploaded_by_id, timezone.localdate())
    if refusal:
        raise PermissionDenied(refusal)
    record_as(evidence, by)
    evidence.delete()
    update.version += 1
    update.save(update_fields=["version"])
    return update


def submission_problems(update: QuarterlyUpdate) -> list[str]:
    problems = []
    if not update.summary.strip():
        problems.append(SUBMIT_NEEDS_SUMMARY)
    for index, row in enumerate(update.progress.select_related("task"), start=1):
        if not row.status:
            problems.append(SUBMIT_NEEDS_STATUS.format(index=index, what=row.task.what[:50]))
    parts = {name: getattr(update, name) for name in FIGURE_PARTS}
    problems += list(figure_problems(update.members, parts).values())
    return problems


@transaction.atomic
def update_submit(*, update: QuarterlyUpdate, by: Actor) -> QuarterlyUpdate:
    update = lock_current(QuarterlyUpdate, update.pk, None)
    require_update_editor(update, by)
    problems = submission_problems(update)
    if problems:
        raise ValidationError(problems)
    now = timezone.now()
    update.state = UpdateState.SUBMITTED
    update.submitted_at = now
    update.first_submitted_at = update.first_submitted_at or now
    update.submitted_by = by
    update.version += 1
    update.save()
    UpdateEvent.objects.create(update=update, kind=UpdateEventKind.SUBMITTED, by=by)
    _notify("submitted", update, by)
    return update


def _require_board(by: Actor, action: str) -> None:
    if role_of(by) != Role.BOARD:
        raise PermissionDenied(BOARD_ONLY.format(action=action))


@transaction.atomic
def update_return(*, update: QuarterlyUpdate, by: Actor, reason: str) -> QuarterlyUpdate:
    _require_board(by, "trả lại báo cáo quý")
    update = lock_current(QuarterlyUpdate, update.pk, None)
    reason = normalize_text(reason)
    if not reason:
        raise ValidationError({"reason": RETURN_NEEDS_REASON})
    if update.state != UpdateState.SUBMITTED:
        raise ValidationError(ONLY_SUBMITTED)
    update.state = UpdateState.RETURNED
    update.return_reason = reason
    update.version += 1
    update.save()
    UpdateEvent.objects.create(update=update, kind=UpdateEventKind.RETURNED, by=by, reason=reason)
    _notify("returned", update, by)
    return update


@transaction.atomic
def update_accept(*, update: QuarterlyUpdate, by: Actor) -> QuarterlyUpdate:
    """Accepting moves each task's reported status and progress into the plan, and records
    the new member figures if the unit gave any."""
    _require_board(by, "tiếp nhận báo cáo quý")
    update = lock_current(QuarterlyUpdate, update.pk, None)
    if update.state != UpdateState.SUBMITTED:
        raise ValidationError(ONLY_SUBMITTED)
    for row in update.progress.select_related("task"):
        task = Task.objects.select_for_update().get(pk=row.task_id)
        if task.status == TaskStatus.CANCELLED:
            continue
        task.status = row.status
        task.progress = 100 if row.status == TaskStatus.DONE else row.progress
        task.version += 1
        task.full_clean()
        task.save()
    # The table's check says members come with their date.
    if update.members is not None and update.figures_as_of is not None:
        figure_record(
            unit=update.plan.unit,
            figures=Figures(
                as_of=update.figures_as_of,
                members=update.members,
                women=update.women or 0,
                ethnic_minority=update.ethnic_minority or 0,
                exempted=update.exempted or 0,
            ),
        )
    update.state = UpdateState.ACCEPTED
    update.accepted_at = timezone.now()
    update.accepted_by = by
    update.reopened = False
    update.return_reason = ""
    update.version += 1
    update.save()
    UpdateEvent.objects.create(update=update, kind=UpdateEventKind.ACCEPTED, by=by)
    _notify("accepted", update, by)
    return update


def updates_accept(*, updates: Sequence[QuarterlyUpdate], by: Actor) -> BulkOutcome:
    """Accept several submitted reports from the grid, each as update_accept accepts one."""
    _require_board(by, "tiếp nhận báo cáo")
    return each(updates, lambda update: update_accept(update=update, by=by))


@transaction.atomic
def update_reopen(*, update: QuarterlyUpdate, by: Actor, reason: str) -> QuarterlyUpdate:
    """After the lock (or after acceptance) only the Board reopens one unit's update."""
    _require_board(by, "mở lại báo cáo quý")
    update = lock_current(QuarterlyUpdate, update.pk, None)
    reason = normalize_text(reason)
    if not reason:
        raise ValidationError({"reason": REOPEN_NEEDS_REASON})
    update.state = UpdateState.RETURNED
    update.reopened = True
    update.return_reason = reason
    update.version += 1
    update.save()
    UpdateEvent.objects.create(update=update, kind=UpdateEventKind.REOPENED, by=by, reason=reason)
    _notify("reopened", update, by)
    return update


@transaction.atomic
def update_import_accepted(
    *, plan: Plan, quarter: Quarter, summary: str, by: Actor | None
) -> QuarterlyUpdate:
    """A quarter's summary from an old Phụ lục 3: the plan's update for it, accepted, with
    an event saying it was imported and by whom (nobody notified: it is the past)."""
    if quarter.pk is None:
        quarter = quarter_ensure(quarter.ward, quarter.year, quarter.number)
    update, _ = QuarterlyUpdate.objects.get_or_create(plan=plan, quarter=quarter)
    update = lock_current(QuarterlyUpdate, update.pk, None)
    update.summary = normalize_text(summary)
    update.state = UpdateState.ACCEPTED
    update.accepted_at = update.accepted_at or timezone.now()
    update.accepted_by = update.accepted_by or by
    update.version += 1
    record_as(update, by)
    update.full_clean()
    update.save()
    UpdateEvent.objects.create(update=update, kind=UpdateEventKind.IMPORTED, by=by)
    return update


UPDATE_NOTICES = {
    "submitted": (NoticeKind.UPDATE_SUBMITTED, "{unit} đã nộp báo cáo {quarter}, chờ tiếp nhận."),
    "returned": (NoticeKind.UPDATE_RETURNED, "Báo cáo {quarter} của {unit} bị trả lại: {reason}"),
    "accepted": (NoticeKind.UPDATE_ACCEPTED, "Báo cáo {quarter} của {unit} đã được tiếp nhận."),
    "reopened": (
        NoticeKind.UPDATE_REOPENED,
        "Báo cáo {quarter} của {unit} được mở lại để bổ sung: {reason}",
    ),
}


def _notify(kind: str, update: QuarterlyUpdate, by: Actor | None = None) -> None:
    """The Board hears of a submission, the unit of the Board's answer: in the inbox, and
    by the e-mails of notifications.update_notice."""
    unit = update.plan.unit
    if kind == "submitted":
        recipients = list(ward_people(unit, Role.BOARD))
    else:
        recipients = list(unit_secretaries(unit))
        if update.submitted_by is not None:
            recipients.append(update.submitted_by)
    notice_kind, text = UPDATE_NOTICES[kind]
    notify(
        recipients=recipients,
        kind=notice_kind,
        text=text.format(unit=unit.name, quarter=update.quarter.label, reason=update.return_reason),
        url=reverse("consolidation:update_detail", args=[update.pk]),
        unit=unit,
        by=by,
        email=False,
    )
    transaction.on_commit(lambda: update_notice(kind, update.pk))
