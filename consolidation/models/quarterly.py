"""Quarterly reporting: each plan's quarterly update with the progress of its tasks and
their evidence, the events of its review, and the reminders sent. The calendar is in quarters."""

from typing import Self

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from simple_history.models import HistoricalRecords

from organizations.search import Folded

from .evidence import EvidenceFile
from .plans import Plan
from .quarters import Quarter
from .tasks import Task, TaskStatus

# Phụ lục 3's column 8 on a draft, where a report is not (yet) accepted; an import strips them.
MARK_SUBMITTED = "(Báo cáo đã nộp, chưa được Ban Xây dựng Đảng tiếp nhận)"


MARK_MISSING = "(Chưa có báo cáo quý)"


def sent_condition(*, on_time: bool, prefix: str = "") -> Q:
    """Updates (or, with `prefix="updates__"`, plans) whose report was sent, at the first
    submission (lateness stays even when a returned report comes back); on time as
    Quarter.is_on_time: the local date of the first submission on or before the deadline."""
    condition = Q(**{f"{prefix}first_submitted_at__isnull": False})
    if on_time:
        condition &= Q(
            **{f"{prefix}first_submitted_at__date__lte": F(f"{prefix}quarter__unit_deadline")}
        )
    return condition


def quarter_condition(quarter: Quarter, *, prefix: str = "") -> Q:
    """Rows of that quarter, by the ward and the quarter's number: the same for a saved
    quarter and for one that exists only on the page (Quarter.default)."""
    return Q(
        **{
            f"{prefix}quarter__ward_id": quarter.ward_id,
            f"{prefix}quarter__year": quarter.year,
            f"{prefix}quarter__number": quarter.number,
        }
    )


class QuarterlyUpdateQuerySet(models.QuerySet["QuarterlyUpdate"]):
    def sent(self, *, on_time: bool = False) -> Self:
        return self.filter(sent_condition(on_time=on_time))

    def awaiting_acceptance(self) -> Self:
        """Submitted and waiting for the Board (the grid's «chờ tiếp nhận», the Board's
        «việc chờ bạn»)."""
        return self.filter(state=UpdateState.SUBMITTED)

    def of(self, *quarters: Quarter) -> Self:
        """The updates of these quarters (saved or not yet)."""
        condition = Q(pk__in=[])
        for quarter in quarters:
            condition |= quarter_condition(quarter)
        return self.filter(condition)


class UpdateState(models.TextChoices):
    DRAFT = "draft", "Đang soạn"
    SUBMITTED = "submitted", "Đã nộp, chờ tiếp nhận"
    RETURNED = "returned", "Bị trả lại"
    ACCEPTED = "accepted", "Đã tiếp nhận"


# Column 8 of Phụ lục 3 is narrow: the forms guide the secretary to keep the summary short.
SUMMARY_GUIDE = 800


class QuarterlyUpdate(models.Model):
    """A unit's quarterly report on its plan: progress of each task, the summary that
    Phụ lục 3 prints in column 8, difficulties, proposals, and optionally new figures."""

    plan = models.ForeignKey(
        Plan, verbose_name="đề án, kế hoạch", on_delete=models.PROTECT, related_name="updates"
    )
    quarter = models.ForeignKey(
        Quarter, verbose_name="quý", on_delete=models.PROTECT, related_name="updates"
    )
    state = models.CharField(
        "tình trạng", max_length=10, choices=UpdateState.choices, default=UpdateState.DRAFT
    )
    summary = models.TextField(
        "tóm tắt kết quả thực hiện trong quý",
        blank=True,
        help_text=(
            f"In ở cột (8) Phụ lục 3: viết gọn, khoảng 3–6 câu (nên dưới {SUMMARY_GUIDE} ký tự)."
        ),
    )
    difficulties = models.TextField("khó khăn, vướng mắc", blank=True)
    proposals = models.TextField("kiến nghị, đề xuất", blank=True)
    figures_as_of = models.DateField("ngày số liệu đảng viên mới", null=True, blank=True)
    members = models.PositiveIntegerField("số đảng viên", null=True, blank=True)
    women = models.PositiveIntegerField("đảng viên nữ", null=True, blank=True)
    ethnic_minority = models.PositiveIntegerField(
        "đảng viên dân tộc thiểu số", null=True, blank=True
    )
    exempted = models.PositiveIntegerField("miễn sinh hoạt", null=True, blank=True)
    first_submitted_at = models.DateTimeField("nộp lần đầu lúc", null=True, blank=True)
    submitted_at = models.DateTimeField("nộp lúc", null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    accepted_at = models.DateTimeField("tiếp nhận lúc", null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    return_reason = models.TextField("lý do trả lại", blank=True)
    reopened = models.BooleanField(
        "Ban XDĐ đã mở lại sau khóa sổ",
        default=False,
        help_text="Cho bí thư sửa, nộp lại dù đã qua ngày khóa sổ.",
    )
    autosaved_at = models.DateTimeField("lưu nháp lúc", null=True, blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)
    # Folded for search (selectors.search): kept by the database itself, never typed.
    search_text = models.GeneratedField(
        expression=Folded("summary"),
        output_field=models.TextField(),
        db_persist=True,
    )

    history = HistoricalRecords(excluded_fields=["search_text"])
    objects = QuarterlyUpdateQuerySet.as_manager()

    class Meta:
        verbose_name = "báo cáo quý"
        verbose_name_plural = "báo cáo quý"
        ordering = ["quarter__year", "quarter__number", "plan__unit__sort_key"]
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "quarter"], name="update_one_per_plan_and_quarter"
            ),
            models.CheckConstraint(
                condition=Q(members__isnull=True) | Q(figures_as_of__isnull=False),
                name="update_figures_have_a_date",
                violation_error_message="Số liệu đảng viên mới cần ngày số liệu.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.plan.unit} – {self.quarter}"

    @property
    def submitted_on_time(self) -> bool | None:
        """Quarter.is_on_time of the first submission; None when never sent."""
        if self.first_submitted_at is None:
            return None
        return self.quarter.is_on_time(self.first_submitted_at)


class TaskProgress(models.Model):
    """What a quarterly update says of one task."""

    update = models.ForeignKey(QuarterlyUpdate, on_delete=models.CASCADE, related_name="progress")
    task = models.ForeignKey(
        Task, verbose_name="nhiệm vụ", on_delete=models.PROTECT, related_name="reported"
    )
    status = models.CharField("tình trạng", max_length=12, choices=TaskStatus.choices)
    progress = models.PositiveSmallIntegerField("tiến độ (%)", default=0)
    done_this_quarter = models.TextField("đã làm trong quý", blank=True)
    deliverable_produced = models.BooleanField("đã có sản phẩm", default=False)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "tiến độ nhiệm vụ trong quý"
        verbose_name_plural = "tiến độ nhiệm vụ trong quý"
        ordering = ["task__group__number", "task__order", "task__pk"]
        constraints = [
            models.UniqueConstraint(fields=["update", "task"], name="progress_one_per_task"),
            models.CheckConstraint(
                condition=Q(progress__lte=100), name="reported_progress_at_most_100"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.task} – {self.progress} %"


class ProgressEvidence(EvidenceFile):
    task_progress = models.ForeignKey(
        TaskProgress, on_delete=models.CASCADE, related_name="evidence"
    )

    folder = "quarterly"
    history = HistoricalRecords()

    class Meta(EvidenceFile.Meta):
        verbose_name = "minh chứng báo cáo quý"
        verbose_name_plural = "minh chứng báo cáo quý"


class UpdateEventKind(models.TextChoices):
    SUBMITTED = "submitted", "Bí thư nộp báo cáo"
    RETURNED = "returned", "Ban XDĐ trả lại"
    ACCEPTED = "accepted", "Ban XDĐ tiếp nhận"
    REOPENED = "reopened", "Ban XDĐ mở lại sau khóa sổ"
    IMPORTED = "imported", "Nhập từ Phụ lục 3 cũ (đã tiếp nhận)"


class UpdateEvent(models.Model):
    update = models.ForeignKey(QuarterlyUpdate, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField("việc", max_length=12, choices=UpdateEventKind.choices)
    # None: done by a command run on the server, not by a person on a page.
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True
    )
    at = models.DateTimeField("lúc", auto_now_add=True)
    reason = models.TextField("lý do", blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "diễn biến báo cáo quý"
        verbose_name_plural = "diễn biến báo cáo quý"
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} – {self.at:%d/%m/%Y}"


class ReminderLog(models.Model):
    """One reminder sent: the same one is never sent twice on a day (send_reminders)."""

    kind = models.CharField("loại nhắc", max_length=30)
    recipient = models.CharField("người nhận", max_length=254)
    key = models.CharField("nội dung", max_length=200)
    sent_on = models.DateField("ngày gửi")

    history = HistoricalRecords()

    class Meta:
        verbose_name = "nhắc việc đã gửi"
        verbose_name_plural = "nhắc việc đã gửi"
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "recipient", "key", "sent_on"], name="reminder_once_a_day"
            )
        ]

    def __str__(self) -> str:
        return f"{self.kind} → {self.recipient} ({self.sent_on:%d/%m/%Y})"
