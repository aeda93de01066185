"""Review rounds and the assessment of each unit in them (seed 000, V.1)."""

import datetime
from typing import TYPE_CHECKING, Self

from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from organizations.models import Unit
from organizations.selectors import units_visible_to
from organizations.types import Viewer

from .catalogue import Indicator, IndicatorGroup
from .evidence import EvidenceFile

if TYPE_CHECKING:
    from .plans import Plan


class RoundStatus(models.TextChoices):
    OPEN = "open", "Đang rà soát"
    CLOSED = "closed", "Đã kết thúc"


class ReviewRound(models.Model):
    """A review round (đợt rà soát) of one ward, with the phase calendar its plans follow
    (seed 000, VI: phase 1 April–May, phase 2 June–September, phase 3 October–December)."""

    ward = models.ForeignKey(
        Unit, verbose_name="đảng bộ phường", on_delete=models.PROTECT, related_name="review_rounds"
    )
    name = models.CharField("tên đợt", max_length=200)
    period = models.CharField("thời kỳ", max_length=60, help_text="Ví dụ: 04–05/2026")
    starts_on = models.DateField("ngày bắt đầu")
    ends_on = models.DateField("ngày kết thúc")
    status = models.CharField(
        "tình trạng", max_length=10, choices=RoundStatus.choices, default=RoundStatus.OPEN
    )
    phase2_starts_on = models.DateField("giai đoạn 2 bắt đầu")
    phase3_starts_on = models.DateField("giai đoạn 3 bắt đầu")
    phase3_ends_on = models.DateField("giai đoạn 3 kết thúc")
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True
    )
    closed_at = models.DateTimeField("kết thúc lúc", null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "đợt rà soát"
        verbose_name_plural = "đợt rà soát"
        ordering = ["-starts_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")),
                name="round_ends_after_start",
                violation_error_message="Ngày kết thúc đợt phải sau ngày bắt đầu.",
            ),
            models.CheckConstraint(
                condition=Q(phase2_starts_on__gt=models.F("starts_on"))
                & Q(phase3_starts_on__gt=models.F("phase2_starts_on"))
                & Q(phase3_ends_on__gt=models.F("phase3_starts_on")),
                name="round_phases_in_order",
                violation_error_message="Các giai đoạn phải nối tiếp nhau: 1, rồi 2, rồi 3.",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_open(self) -> bool:
        return self.status == RoundStatus.OPEN

    def phase_on(self, day: datetime.date) -> int | None:
        """Phase 1, 2 or 3 of the seed's calendar on that day; None outside it."""
        if day < self.starts_on or day > self.phase3_ends_on:
            return None
        if day < self.phase2_starts_on:
            return 1
        if day < self.phase3_starts_on:
            return 2
        return 3


class ReviewState(models.TextChoices):
    NOT_STARTED = "not_started", "Chưa đánh giá"
    SELF_ASSESSED = "self_assessed", "Đã tự đánh giá"
    IN_REVIEW = "in_review", "Ban XDĐ đang thẩm định"
    CONFIRMED = "confirmed", "Đã xác nhận"


class Conclusion(models.TextChoices):
    WEAK = "weak", "Yếu kém"
    COMPLEX = "complex", "Có vấn đề phức tạp cần quan tâm"
    AT_RISK = "at_risk", "Có nguy cơ"
    NOT_NEEDED = "not_needed", "Không thuộc diện củng cố"


NEEDS_CONSOLIDATION = (Conclusion.WEAK, Conclusion.COMPLEX)


class Severity(models.TextChoices):
    LIGHT = "light", "Nhẹ"
    MEDIUM = "medium", "Trung bình"
    SERIOUS = "serious", "Nghiêm trọng"


class SuggestionState(models.TextChoices):
    NONE = "", "Không"
    PENDING = "pending", "Chờ Ban XDĐ xem xét"
    ACCEPTED = "accepted", "Đã chấp nhận"
    DISMISSED = "dismissed", "Đã bỏ qua"


class ReviewQuerySet(models.QuerySet["Review"]):
    def visible_to(self, user: Viewer) -> Self:
        """Reviews of the units the person may see (organizations.units_visible_to)."""
        return self.filter(unit__in=units_visible_to(user))


class Review(models.Model):
    """The assessment of one unit in one round (đánh giá thực trạng, seed 000 V.1)."""

    round = models.ForeignKey(
        ReviewRound, verbose_name="đợt rà soát", on_delete=models.PROTECT, related_name="reviews"
    )
    unit = models.ForeignKey(
        Unit, verbose_name="tổ chức", on_delete=models.PROTECT, related_name="reviews"
    )
    state = models.CharField(
        "tình trạng", max_length=20, choices=ReviewState.choices, default=ReviewState.NOT_STARTED
    )
    conclusion = models.CharField("kết luận", max_length=20, choices=Conclusion.choices, blank=True)
    weak_aspects = models.TextField("mặt yếu", blank=True)
    weak_links = models.TextField("khâu yếu", blank=True)
    head_responsibility = models.TextField("trách nhiệm của người đứng đầu", blank=True)
    justification = models.TextField(
        "lý do không thuộc diện củng cố",
        blank=True,
        help_text="Bắt buộc khi kết luận «không thuộc diện củng cố» mà vẫn có biểu hiện.",
    )
    is_prolonged = models.BooleanField("yếu kém kéo dài", default=False)
    suggestion_state = models.CharField(
        "gợi ý «có nguy cơ»", max_length=10, choices=SuggestionState.choices, blank=True
    )
    suggestion_reasons = models.JSONField("lý do gợi ý", default=list, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    submitted_at = models.DateTimeField("gửi tự đánh giá lúc", null=True, blank=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    confirmed_at = models.DateTimeField("xác nhận lúc", null=True, blank=True)
    consolidation_started_at = models.DateTimeField("đưa vào củng cố lúc", null=True, blank=True)
    correcting = models.BooleanField(
        "Ban XDĐ mở lại để sửa sau khi đợt kết thúc",
        default=False,
        help_text="Chỉ Ban Xây dựng Đảng sửa, đến khi xác nhận lại; đợt vẫn kết thúc.",
    )
    version = models.PositiveIntegerField(default=1, editable=False)

    history = HistoricalRecords()
    objects = ReviewQuerySet.as_manager()

    class Meta:
        verbose_name = "đánh giá thực trạng"
        verbose_name_plural = "đánh giá thực trạng"
        constraints = [
            models.UniqueConstraint(fields=["round", "unit"], name="review_one_per_unit_and_round"),
            models.CheckConstraint(
                condition=~Q(state="confirmed") | ~Q(conclusion=""),
                name="review_confirmed_has_conclusion",
                violation_error_message="Đánh giá đã xác nhận phải có kết luận.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.unit} – {self.round}"

    @property
    def is_locked(self) -> bool:
        return self.state == ReviewState.CONFIRMED

    @property
    def consolidation_plan(self) -> "Plan | None":
        """The plan that answers this review: built from it, or the unit's running plan
        that it continued."""
        for name in ("plan", "continuation"):
            try:
                related = getattr(self, name)
            except ObjectDoesNotExist:
                continue
            return related if name == "plan" else related.plan
        return None

    @property
    def needs_consolidation(self) -> bool:
        return self.state == ReviewState.CONFIRMED and self.conclusion in NEEDS_CONSOLIDATION

    @property
    def group_numbers(self) -> list[int]:
        """The unit's groups, derived from its indicators (never typed). Uses the
        prefetched findings when there are."""
        return sorted({f.indicator.group.number for f in self.findings.all() if f.present})


class Finding(models.Model):
    """An indicator present or not in a review, with its typical manifestation."""

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="findings")
    indicator = models.ForeignKey(
        Indicator, verbose_name="biểu hiện", on_delete=models.PROTECT, related_name="findings"
    )
    present = models.BooleanField("có biểu hiện", default=False)
    manifestation = models.TextField("biểu hiện điển hình", blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "biểu hiện của tổ chức"
        verbose_name_plural = "biểu hiện của tổ chức"
        ordering = ["indicator__group__number", "indicator__order"]
        constraints = [
            models.UniqueConstraint(
                fields=["review", "indicator"], name="finding_one_per_indicator"
            )
        ]

    def __str__(self) -> str:
        return f"{self.indicator.code}: {'có' if self.present else 'không'}"


class GroupAssessment(models.Model):
    """Strengths, limitations and severity of a unit for one group (Phụ lục 1, III)."""

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="group_assessments")
    group = models.ForeignKey(IndicatorGroup, verbose_name="nhóm", on_delete=models.PROTECT)
    strengths = models.TextField("ưu điểm", blank=True)
    limitations = models.TextField("hạn chế", blank=True)
    severity = models.CharField("mức độ", max_length=10, choices=Severity.choices, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "đánh giá theo nhóm"
        verbose_name_plural = "đánh giá theo nhóm"
        ordering = ["group__number"]
        constraints = [
            models.UniqueConstraint(
                fields=["review", "group"], name="group_assessment_one_per_group"
            )
        ]

    def __str__(self) -> str:
        return f"{self.review} – {self.group}"


class CauseKind(models.TextChoices):
    SUBJECTIVE = "subjective", "Chủ quan"
    OBJECTIVE = "objective", "Khách quan"


class Cause(models.Model):
    """A cause of the weakness; subjective ones come first (seed 000, V.1 and Phụ lục 1, IV)."""

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="causes")
    kind = models.CharField("loại nguyên nhân", max_length=12, choices=CauseKind.choices)
    text = models.TextField("nguyên nhân")
    group = models.ForeignKey(
        IndicatorGroup,
        verbose_name="thuộc nhóm",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
    )
    order = models.PositiveSmallIntegerField(default=0)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "nguyên nhân"
        verbose_name_plural = "nguyên nhân"
        # "subjective" sorts after "objective" alphabetically; the ordering below puts it first.
        ordering = ["-kind", "order", "pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.text[:60]}"


class ReviewEvidence(EvidenceFile):
    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="evidence")

    folder = "reviews"
    history = HistoricalRecords()

    class Meta(EvidenceFile.Meta):
        verbose_name = "minh chứng đánh giá"
        verbose_name_plural = "minh chứng đánh giá"


class ReviewEventKind(models.TextChoices):
    SUBMITTED = "submitted", "Bí thư gửi tự đánh giá"
    CONFIRMED = "confirmed", "Ban XDĐ xác nhận kết luận"
    REOPENED = "reopened", "Ban XDĐ mở lại để sửa"
    SUGGESTION_ACCEPTED = "suggestion_accepted", "Chấp nhận gợi ý «có nguy cơ»"
    SUGGESTION_DISMISSED = "suggestion_dismissed", "Bỏ qua gợi ý «có nguy cơ»"
    CONSOLIDATION_STARTED = "consolidation_started", "Đưa vào củng cố"


class ReviewEvent(models.Model):
    """Who moved a review on, when and why; a confirmation keeps a snapshot of what was
    confirmed, so that a reopened review still shows the earlier version."""

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField("việc", max_length=30, choices=ReviewEventKind.choices)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField("lúc", auto_now_add=True)
    reason = models.TextField("lý do", blank=True)
    snapshot = models.JSONField("nội dung đã xác nhận", null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "diễn biến đánh giá"
        verbose_name_plural = "diễn biến đánh giá"
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} – {self.at:%d/%m/%Y}"
