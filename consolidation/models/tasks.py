"""A plan's tasks, clear on "6 rõ": the six points declared once, the task, its changes."""

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from typing import Self

from django.conf import settings
from django.db import models
from django.db.models import Q, Value
from django.db.models.functions import Concat
from simple_history.models import HistoricalRecords

from organizations.search import Folded

from .catalogue import IndicatorGroup
from .plans import Objective, Plan
from .reviews import Cause, CauseKind


class TaskStatus(models.TextChoices):
    NOT_STARTED = "not_started", "Chưa thực hiện"
    IN_PROGRESS = "in_progress", "Đang thực hiện"
    DONE = "done", "Hoàn thành"
    CANCELLED = "cancelled", "Hủy"


OPEN_TASK_STATUSES = (TaskStatus.NOT_STARTED, TaskStatus.IN_PROGRESS)


def _date(day: datetime.date | None) -> str:
    return day.strftime("%d/%m/%Y") if day else ""


@dataclass(frozen=True)
class Point:
    """One of the six points every task must be clear on ("6 rõ", seed 000, V.3.2 step 5):
    its name, the heading of its column, the task's fields that must all be filled, and
    how a page or a form prints it. Every check, form, export and page reads SIX_POINTS."""

    key: str
    label: str
    heading: str
    fields: tuple[str, ...]
    extra: tuple[str, ...] = ()  # shown with the point, not required by it
    render: Callable[["Task"], str] = lambda task: ""


def display_value(value: object) -> str:
    """A field's value as the baseline and its comparison keep it (dates dd/mm/yyyy)."""
    if value in (None, ""):
        return ""
    if isinstance(value, datetime.date):
        return _date(value)
    return str(value)


def _filled(value: object) -> bool:
    return bool(value.strip()) if isinstance(value, str) else value is not None


def overdue_condition(day: datetime.date, *, prefix: str = "") -> Q:
    """Open tasks whose deadline is before `day`; Task.is_overdue_on in memory."""
    return Q(**{f"{prefix}status__in": OPEN_TASK_STATUSES, f"{prefix}deadline__lt": day})


class TaskQuerySet(models.QuerySet["Task"]):
    def overdue_on(self, day: datetime.date) -> Self:
        return self.filter(overdue_condition(day))


class Task(models.Model):
    """A task of the plan, clear on "6 rõ", traced to its group, causes and objective
    ("1 xuyên suốt": nguyên nhân – giải pháp – kết quả đầu ra)."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="tasks")
    group = models.ForeignKey(IndicatorGroup, verbose_name="nhóm", on_delete=models.PROTECT)
    objective = models.ForeignKey(
        Objective,
        verbose_name="mục tiêu phục vụ",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="tasks",
    )
    causes = models.ManyToManyField(
        Cause, verbose_name="nguyên nhân được khắc phục", blank=True, related_name="tasks"
    )
    direction = models.CharField("định hướng giải pháp", max_length=200, blank=True)
    what = models.TextField("rõ việc: nội dung công việc")
    person_name = models.CharField("rõ người: họ tên", max_length=120, blank=True)
    person_position = models.CharField("rõ người: chức vụ", max_length=120, blank=True)
    person_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="tài khoản người thực hiện",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="tasks",
    )
    lead = models.CharField("rõ trách nhiệm: chủ trì", max_length=200, blank=True)
    coordinate = models.CharField("rõ trách nhiệm: phối hợp", max_length=300, blank=True)
    starts_on = models.DateField("rõ tiến độ: bắt đầu", null=True, blank=True)
    deadline = models.DateField("rõ tiến độ: hạn hoàn thành", null=True, blank=True)
    milestones = models.TextField("mốc tiến độ", blank=True)
    progress = models.PositiveSmallIntegerField("tiến độ (%)", default=0)
    deliverable = models.CharField("rõ sản phẩm", max_length=300, blank=True)
    effect_sought = models.CharField("rõ hiệu quả: hiệu quả cần đạt", max_length=300, blank=True)
    effect_achieved = models.TextField("hiệu quả đạt được", blank=True)
    status = models.CharField(
        "tình trạng", max_length=12, choices=TaskStatus.choices, default=TaskStatus.NOT_STARTED
    )
    cancel_reason = models.CharField("lý do hủy", max_length=300, blank=True)
    order = models.PositiveSmallIntegerField("thứ tự", default=0)
    version = models.PositiveIntegerField(default=1, editable=False)
    # Folded for search (selectors.search): kept by the database itself, never typed.
    search_text = models.GeneratedField(
        expression=Folded(Concat("what", Value(" "), "person_name", Value(" "), "lead")),
        output_field=models.TextField(),
        db_persist=True,
    )

    history = HistoricalRecords(m2m_fields=[causes], excluded_fields=["search_text"])
    objects = TaskQuerySet.as_manager()

    class Meta:
        verbose_name = "nhiệm vụ"
        verbose_name_plural = "nhiệm vụ"
        ordering = ["group__number", "order", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(progress__lte=100), name="task_progress_at_most_100"
            ),
            models.CheckConstraint(
                condition=Q(deadline__isnull=True)
                | Q(starts_on__isnull=True)
                | Q(deadline__gte=models.F("starts_on")),
                name="task_deadline_after_start",
                violation_error_message="Hạn hoàn thành phải từ ngày bắt đầu trở đi.",
            ),
            models.CheckConstraint(
                condition=~Q(status="cancelled") | ~Q(cancel_reason=""),
                name="task_cancel_needs_reason",
                violation_error_message="Hủy nhiệm vụ cần ghi lý do.",
            ),
        ]

    def __str__(self) -> str:
        return self.what[:80]

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_TASK_STATUSES

    def is_overdue_on(self, day: datetime.date) -> bool:
        """overdue_condition for one task in memory."""
        return self.is_open and self.deadline is not None and self.deadline < day

    def point_texts(self) -> list[tuple[Point, str]]:
        """The six points as a page or a form prints them, in their order."""
        return [(point, point.render(self)) for point in SIX_POINTS]

    def missing_points(self) -> list[str]:
        """Which of the six points this task still lacks, in their order."""
        return [
            point.label
            for point in SIX_POINTS
            if not all(_filled(getattr(self, name)) for name in point.fields)
        ]


# The six points, declared once after the model whose fields they name.
SIX_POINTS = (
    Point("viec", "rõ việc", "Rõ việc", ("what",), render=lambda t: t.what),
    Point(
        "nguoi",
        "rõ người",
        "Rõ người",
        ("person_name", "person_position"),
        ("person_user",),
        render=lambda t: ", ".join(x for x in (t.person_name, t.person_position) if x),
    ),
    Point(
        "trach_nhiem",
        "rõ trách nhiệm",
        "Rõ trách nhiệm",
        ("lead",),
        ("coordinate",),
        render=lambda t: "; ".join(
            x
            for x in (
                f"Chủ trì: {t.lead}" if t.lead else "",
                f"phối hợp: {t.coordinate}" if t.coordinate else "",
            )
            if x
        ),
    ),
    Point(
        "tien_do",
        "rõ tiến độ",
        "Rõ tiến độ",
        ("starts_on", "deadline"),
        ("milestones",),
        render=lambda t: (
            f"{_date(t.starts_on)} – {_date(t.deadline)}" if t.starts_on or t.deadline else ""
        ),
    ),
    Point(
        "san_pham", "rõ sản phẩm", "Rõ sản phẩm", ("deliverable",), render=lambda t: t.deliverable
    ),
    Point(
        "hieu_qua",
        "rõ hiệu quả",
        "Rõ hiệu quả",
        ("effect_sought",),
        render=lambda t: t.effect_sought,
    ),
)


SIX_POINT_FIELDS = tuple(f for point in SIX_POINTS for f in (*point.fields, *point.extra))


POINTS_BY_KEY = {point.key: point for point in SIX_POINTS}


# What a task's content is (the six points and what it serves): a change to any of these in
# an approved plan needs a reason and is compared with the approved baseline.
TASK_CONTENT_FIELDS = (
    "group_id",
    "objective_id",
    "direction",
    *(f"{name}_id" if name == "person_user" else name for name in SIX_POINT_FIELDS),
)


class TaskChange(models.Model):
    """A change to an approved plan's task: what, who, when and why."""

    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="changes")
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField("lúc", auto_now_add=True)
    reason = models.TextField("lý do")
    changes = models.JSONField("thay đổi", default=dict)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "điều chỉnh nhiệm vụ"
        verbose_name_plural = "điều chỉnh nhiệm vụ"
        ordering = ["-at", "-pk"]

    def __str__(self) -> str:
        return f"{self.task} – {self.at:%d/%m/%Y}"


@dataclass
class ThreadGaps:
    """Where "1 xuyên suốt" (seed 000, I.2 and V.3.1: nguyên nhân – giải pháp – kết quả)
    breaks in a plan: live tasks traced to no cause of its assessment, or in a group it
    does not address; subjective causes and addressed groups with no live task."""

    untraced: list[tuple[int, Task]]
    outside: list[tuple[int, Task]]
    unaddressed: list[Cause]
    uncovered: list[IndicatorGroup]

    @property
    def any(self) -> bool:
        return bool(self.untraced or self.outside or self.unaddressed or self.uncovered)


def thread_gaps(
    indexed: list[tuple[int, Task]], causes: list[Cause] | None, groups: list[IndicatorGroup]
) -> ThreadGaps:
    """The one "1 xuyên suốt" rule, over a plan's numbered tasks (with their causes
    prefetched), the causes of its assessment (None: the plan has no assessment here, as
    one brought in from an old Phụ lục 3) and the groups it addresses. Cancelled tasks count
    for nothing; objective causes need no task of their own."""
    live = [(index, task) for index, task in indexed if task.status != TaskStatus.CANCELLED]
    group_ids = {g.pk for g in groups}
    traced: set[int] = set()
    untraced = []
    if causes is not None:
        own = {c.pk for c in causes}
        for index, task in live:
            mine = {c.pk for c in task.causes.all()} & own
            traced |= mine
            if not mine:
                untraced.append((index, task))
    covered = {task.group_id for _, task in live}
    return ThreadGaps(
        untraced=untraced,
        outside=[(i, t) for i, t in live if t.group_id not in group_ids],
        unaddressed=[
            c for c in causes or [] if c.kind == CauseKind.SUBJECTIVE and c.pk not in traced
        ],
        uncovered=[g for g in groups if g.pk not in covered],
    )
