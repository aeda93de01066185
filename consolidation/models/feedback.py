"""The people's feedback (seed 000, III.5: "kịp thời phản ánh ý kiến, kiến nghị của Nhân
dân; … giám sát"): what the Fatherland Front, the mass organizations and citizens said about a
unit, the group of indicators it bears on, and the response — who, when, what was done."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from organizations.models import Unit, refuse_future_dates

from .catalogue import IndicatorGroup


class FeedbackSource(models.TextChoices):
    FRONT = "front", "Ủy ban MTTQ phường"
    VETERANS = "veterans", "Hội Cựu chiến binh"
    WOMEN = "women", "Hội Liên hiệp Phụ nữ"
    YOUTH = "youth", "Đoàn Thanh niên"
    ELDERLY = "elderly", "Hội Người cao tuổi"
    CITIZENS = "citizens", "Nhân dân (hội nghị, tiếp xúc cử tri)"
    OTHER = "other", "Khác"


# Feedback still waiting for its response: shown on the unit's page.
OPEN_FEEDBACK = Q(responded_on__isnull=True)


class Feedback(models.Model):
    unit = models.ForeignKey(
        Unit,
        verbose_name="tổ chức được phản ánh",
        on_delete=models.PROTECT,
        related_name="feedback",
    )
    source = models.CharField("nguồn", max_length=10, choices=FeedbackSource.choices)
    received_on = models.DateField("ngày tiếp nhận")
    content = models.TextField("nội dung ý kiến, kiến nghị")
    group = models.ForeignKey(
        IndicatorGroup,
        verbose_name="liên quan nhóm biểu hiện",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    response_by = models.CharField("người, cơ quan trả lời", max_length=200, blank=True)
    responded_on = models.DateField("ngày trả lời", null=True, blank=True)
    response = models.TextField("nội dung trả lời, việc đã làm", blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    cited_in = models.ManyToManyField(
        "consolidation.Review",
        verbose_name="dẫn trong đánh giá rà soát",
        blank=True,
        related_name="feedback",
    )
    version = models.PositiveIntegerField(default=1, editable=False)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "ý kiến của Nhân dân, MTTQ, đoàn thể"
        verbose_name_plural = "ý kiến của Nhân dân, MTTQ, đoàn thể"
        ordering = ["-received_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(responded_on__isnull=True) | ~Q(response=""),
                name="feedback_response_has_text",
                violation_error_message="Đã trả lời thì ghi nội dung trả lời, việc đã làm.",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_source_display()} – {self.unit}: {self.content[:60]}"

    @property
    def is_open(self) -> bool:
        """OPEN_FEEDBACK for one row in memory."""
        return self.responded_on is None

    def clean(self) -> None:
        refuse_future_dates(self, "received_on", "responded_on")
        if self.responded_on is not None and not self.response.strip():
            raise ValidationError({"response": "Đã trả lời thì ghi nội dung trả lời, việc đã làm."})
