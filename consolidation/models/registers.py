"""The two registers the targets need: limited cadres and complex cases (seed 000, III.2)."""

import datetime

from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from organizations.models import Unit

from .plans import Plan


class CadreAction(models.TextChoices):
    TRAINING = "training", "Đào tạo, bồi dưỡng"
    ARRANGEMENT = "arrangement", "Sắp xếp, bố trí"
    ROTATION = "rotation", "Luân chuyển"
    REPLACEMENT = "replacement", "Thay thế"
    DISMISSAL = "dismissal", "Miễn nhiệm"
    NONE = "none", "Chưa xử lý"


class Cadre(models.Model):
    """A cadre found limited (Nhóm 2), counting towards "≥ 70 % trained, rearranged or
    replaced" (seed 000, III.2)."""

    unit = models.ForeignKey(
        Unit, verbose_name="tổ chức", on_delete=models.PROTECT, related_name="cadres"
    )
    plan = models.ForeignKey(
        Plan,
        verbose_name="đề án, kế hoạch",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="cadres",
    )
    name = models.CharField("họ tên", max_length=120)
    position = models.CharField("chức vụ", max_length=120)
    limitation = models.TextField("hạn chế được chỉ ra")
    action = models.CharField(
        "xử lý", max_length=15, choices=CadreAction.choices, default=CadreAction.NONE
    )
    action_on = models.DateField("ngày xử lý", null=True, blank=True)
    result = models.TextField("kết quả", blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "cán bộ hạn chế"
        verbose_name_plural = "cán bộ hạn chế"
        ordering = ["unit__sort_key", "name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(action="none") | Q(action_on__isnull=False),
                name="cadre_action_has_date",
                violation_error_message="Đã xử lý thì cần ghi ngày xử lý.",
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.position})"

    @property
    def acted_upon(self) -> bool:
        return self.action != CadreAction.NONE


class CaseKind(models.TextChoices):
    HOT_SPOT = "hot_spot", "Điểm nóng ANCT-TTATXH"
    BACKLOG = "backlog", "Vụ việc tồn đọng"
    PETITION = "petition", "Đơn thư khiếu nại, tố cáo"
    INSPECTION = "inspection", "Kết luận thanh tra, kiểm tra"


class CaseStatus(models.TextChoices):
    OPEN = "open", "Chưa giải quyết"
    IN_PROGRESS = "in_progress", "Đang giải quyết"
    CLOSED = "closed", "Đã giải quyết dứt điểm"


class ComplexCase(models.Model):
    """A complex case (Nhóm 3), counting towards "100 % reviewed, classified and given a
    handling roadmap" (seed 000, III.2). Kept by the Party office and Board staff."""

    unit = models.ForeignKey(
        Unit, verbose_name="tổ chức", on_delete=models.PROTECT, related_name="complex_cases"
    )
    plan = models.ForeignKey(
        Plan,
        verbose_name="đề án, kế hoạch",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="complex_cases",
    )
    kind = models.CharField("loại vụ việc", max_length=12, choices=CaseKind.choices)
    description = models.TextField("nội dung vụ việc")
    classification = models.CharField(
        "phân loại",
        max_length=200,
        blank=True,
        help_text="Ví dụ: phức tạp, kéo dài; thuộc thẩm quyền phường.",
    )
    roadmap = models.TextField("lộ trình xử lý", blank=True)
    roadmap_deadline = models.DateField("hạn theo lộ trình", null=True, blank=True)
    status = models.CharField(
        "tình trạng", max_length=12, choices=CaseStatus.choices, default=CaseStatus.OPEN
    )
    closed_on = models.DateField("ngày giải quyết xong", null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "vụ việc phức tạp"
        verbose_name_plural = "vụ việc phức tạp"
        ordering = ["unit__sort_key", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="closed") | Q(closed_on__isnull=False),
                name="case_closed_has_date",
                violation_error_message="Đã giải quyết dứt điểm thì cần ghi ngày.",
            )
        ]

    def __str__(self) -> str:
        return self.description[:80]

    @property
    def has_roadmap(self) -> bool:
        return bool(self.classification.strip() and self.roadmap.strip() and self.roadmap_deadline)

    def is_past_roadmap_on(self, day: datetime.date) -> bool:
        return (
            self.status != CaseStatus.CLOSED
            and self.roadmap_deadline is not None
            and self.roadmap_deadline < day
        )
