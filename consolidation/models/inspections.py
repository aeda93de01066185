"""Inspection and supervision (UBKT), seed 000, III.4: "kiểm tra, giám sát việc thực hiện …
các đề án củng cố; … kịp thời phát hiện, chấn chỉnh, xử lý các vi phạm". A record of each
inspection or supervision — the decision that ordered it, the team, the dates, the units and
plans it covers, findings per group of indicators, the conclusion, and recommendations
followed up until done — and the annual programme they come from."""

import datetime
from typing import Self

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Exists, OuterRef, Q
from simple_history.models import HistoricalRecords

from organizations.models import Unit, refuse_future_dates

from .catalogue import IndicatorGroup
from .evidence import EvidenceFile
from .plans import Plan


class InspectionKind(models.TextChoices):
    INSPECTION = "inspection", "Kiểm tra"
    SUPERVISION = "supervision", "Giám sát"


class InspectionMode(models.TextChoices):
    REGULAR = "regular", "Thường xuyên"
    THEMATIC = "thematic", "Chuyên đề"
    SIGNS = "signs", "Khi có dấu hiệu vi phạm"


class InspectionState(models.TextChoices):
    IN_PROGRESS = "in_progress", "Đang tiến hành"
    CONCLUDED = "concluded", "Đã kết luận"


class ProgrammeItem(models.Model):
    """A planned inspection or supervision of the year's programme, by quarter; done once an
    inspection made under it is concluded."""

    ward = models.ForeignKey(
        Unit, verbose_name="đảng bộ phường", on_delete=models.PROTECT, related_name="+"
    )
    year = models.PositiveSmallIntegerField("năm")
    quarter = models.PositiveSmallIntegerField("quý")
    kind = models.CharField("loại", max_length=12, choices=InspectionKind.choices)
    subject = models.CharField("nội dung, đối tượng", max_length=300)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "chương trình kiểm tra, giám sát"
        verbose_name_plural = "chương trình kiểm tra, giám sát"
        ordering = ["ward", "year", "quarter", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(quarter__gte=1, quarter__lte=4), name="programme_quarter_1_to_4"
            )
        ]

    def __str__(self) -> str:
        return f"Quý {self.quarter}/{self.year}: {self.subject}"


def programme_done_condition() -> Q:
    """Programme items (the outer rows) with a concluded inspection made under them."""
    return Q(
        Exists(
            Inspection.objects.filter(
                programme_item=OuterRef("pk"), state=InspectionState.CONCLUDED
            )
        )
    )


class InspectionQuerySet(models.QuerySet["Inspection"]):
    def covering(self, units: models.QuerySet[Unit]) -> Self:
        """The inspections that cover any of these units (each once)."""
        return self.filter(
            Exists(
                Inspection.units.through.objects.filter(inspection=OuterRef("pk"), unit__in=units)
            )
        )


class Inspection(models.Model):
    """One inspection or supervision, drafted and concluded by the Inspection Committee."""

    ward = models.ForeignKey(
        Unit, verbose_name="đảng bộ phường", on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField("loại", max_length=12, choices=InspectionKind.choices)
    mode = models.CharField("hình thức", max_length=10, choices=InspectionMode.choices)
    programme_item = models.ForeignKey(
        ProgrammeItem,
        verbose_name="theo chương trình",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="inspections",
    )
    subject = models.CharField("nội dung", max_length=300)
    units = models.ManyToManyField(
        Unit, verbose_name="tổ chức được kiểm tra, giám sát", related_name="inspections"
    )
    plans = models.ManyToManyField(
        Plan, verbose_name="đề án, kế hoạch", blank=True, related_name="inspections"
    )
    decision_number = models.CharField("số quyết định", max_length=60, blank=True)
    decision_date = models.DateField("ngày quyết định", null=True, blank=True)
    team = models.TextField("đoàn, tổ kiểm tra, giám sát", blank=True)
    starts_on = models.DateField("từ ngày")
    ends_on = models.DateField("đến ngày", null=True, blank=True)
    conclusion = models.TextField("kết luận", blank=True)
    state = models.CharField(
        "tình trạng",
        max_length=12,
        choices=InspectionState.choices,
        default=InspectionState.IN_PROGRESS,
    )
    concluded_on = models.DateField("ngày kết luận", null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    # Its findings cited as evidence in a unit's review (the review's "inspections").
    cited_in = models.ManyToManyField(
        "consolidation.Review",
        verbose_name="dẫn trong đánh giá rà soát",
        blank=True,
        related_name="inspections",
    )
    version = models.PositiveIntegerField(default=1, editable=False)

    history = HistoricalRecords(m2m_fields=[units, plans])
    objects = InspectionQuerySet.as_manager()

    class Meta:
        verbose_name = "cuộc kiểm tra, giám sát"
        verbose_name_plural = "cuộc kiểm tra, giám sát"
        ordering = ["-starts_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=models.F("starts_on")),
                name="inspection_ends_after_start",
                violation_error_message="Ngày kết thúc phải từ ngày bắt đầu trở đi.",
            ),
            models.CheckConstraint(
                condition=~Q(state="concluded") | Q(concluded_on__isnull=False),
                name="inspection_concluded_has_date",
                violation_error_message="Đã kết luận thì cần ghi ngày kết luận.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.subject}"

    @property
    def is_concluded(self) -> bool:
        return self.state == InspectionState.CONCLUDED

    def clean(self) -> None:
        refuse_future_dates(self, "decision_date", "concluded_on")
        if self.concluded_on is not None and self.concluded_on < self.starts_on:
            raise ValidationError(
                {"concluded_on": "Ngày kết luận phải từ ngày bắt đầu kiểm tra, giám sát trở đi."}
            )


class InspectionFinding(models.Model):
    """What the inspection found about one group of indicators."""

    inspection = models.ForeignKey(Inspection, on_delete=models.CASCADE, related_name="findings")
    group = models.ForeignKey(
        IndicatorGroup, verbose_name="nhóm biểu hiện", on_delete=models.PROTECT, related_name="+"
    )
    text = models.TextField("phát hiện")

    history = HistoricalRecords()

    class Meta:
        verbose_name = "phát hiện qua kiểm tra, giám sát"
        verbose_name_plural = "phát hiện qua kiểm tra, giám sát"
        ordering = ["inspection", "group__number", "pk"]

    def __str__(self) -> str:
        return f"Nhóm {self.group.number}: {self.text[:60]}"


def overdue_recommendation_condition(day: datetime.date) -> Q:
    """Recommendations of a concluded inspection, not done, their deadline before `day`;
    Recommendation.is_overdue_on in memory."""
    return Q(
        done_on__isnull=True,
        deadline__lt=day,
        inspection__state=InspectionState.CONCLUDED,
    )


class RecommendationQuerySet(models.QuerySet["Recommendation"]):
    def overdue_on(self, day: datetime.date) -> Self:
        return self.filter(overdue_recommendation_condition(day))

    def due_by(self, day: datetime.date) -> Self:
        """Sent (the inspection concluded), not done, due on or before `day`: the unit's and
        Inspection's «việc chờ bạn» a week ahead, the overdue ones among them."""
        return self.filter(
            done_on__isnull=True, deadline__lte=day, inspection__state=InspectionState.CONCLUDED
        )


class Recommendation(models.Model):
    """A recommendation of an inspection: what, to which unit and whom, by when; followed up
    until done."""

    inspection = models.ForeignKey(
        Inspection, on_delete=models.CASCADE, related_name="recommendations"
    )
    unit = models.ForeignKey(
        Unit, verbose_name="tổ chức thực hiện", on_delete=models.PROTECT, related_name="+"
    )
    responsible = models.CharField("người, bộ phận chịu trách nhiệm", max_length=200)
    text = models.TextField("kiến nghị")
    deadline = models.DateField("hạn thực hiện")
    done_on = models.DateField("ngày thực hiện xong", null=True, blank=True)

    history = HistoricalRecords()
    objects = RecommendationQuerySet.as_manager()

    class Meta:
        verbose_name = "kiến nghị"
        verbose_name_plural = "kiến nghị"
        ordering = ["inspection", "deadline", "pk"]

    def __str__(self) -> str:
        return self.text[:80]

    def clean(self) -> None:
        refuse_future_dates(self, "done_on")

    def is_overdue_on(self, day: datetime.date) -> bool:
        """overdue_recommendation_condition for one recommendation in memory."""
        return (
            self.done_on is None
            and self.deadline < day
            and self.inspection.state == InspectionState.CONCLUDED
        )


class FollowUp(models.Model):
    """A step of following a recommendation up: what was done, on which day, its evidence."""

    recommendation = models.ForeignKey(
        Recommendation, on_delete=models.CASCADE, related_name="follow_ups"
    )
    happened_on = models.DateField("ngày")
    text = models.TextField("việc đã làm")
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = "theo dõi thực hiện kiến nghị"
        verbose_name_plural = "theo dõi thực hiện kiến nghị"
        ordering = ["recommendation", "happened_on", "pk"]

    def __str__(self) -> str:
        return f"{self.happened_on:%d/%m/%Y}: {self.text[:60]}"

    def clean(self) -> None:
        refuse_future_dates(self, "happened_on")


class FollowUpFile(EvidenceFile):
    follow_up = models.ForeignKey(FollowUp, on_delete=models.CASCADE, related_name="files")

    folder = "inspections"
    history = HistoricalRecords()

    class Meta(EvidenceFile.Meta):
        verbose_name = "minh chứng thực hiện kiến nghị"
        verbose_name_plural = "minh chứng thực hiện kiến nghị"
