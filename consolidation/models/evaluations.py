"""How a plan ends: its mid-term and final evaluations (each limitation, each objective),
extensions of its term, and recognitions withdrawn (seed 000, V.3.2 step 6; VI phase 3)."""

from django.conf import settings
from django.db import models
from django.db.models import BooleanField, OuterRef, Q, Subquery
from simple_history.models import HistoricalRecords

from organizations.models import refuse_future_dates

from .reviews import Finding


class RecognitionWithdrawal(models.Model):
    """The Standing Committee withdraws a recognition: the decision it withdrew and why.
    The plan is back in implementation; this row keeps what was withdrawn."""

    plan = models.ForeignKey(
        "consolidation.Plan", on_delete=models.CASCADE, related_name="withdrawals"
    )
    recognition_number = models.CharField("số quyết định đã thu hồi", max_length=40)
    recognized_on = models.DateField("ngày công nhận đã thu hồi")
    reason = models.TextField("lý do thu hồi")
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField("lúc", auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "thu hồi công nhận"
        verbose_name_plural = "thu hồi công nhận"
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"Thu hồi {self.recognition_number}"


class EvaluationKind(models.TextChoices):
    MID_TERM = "mid_term", "Đánh giá giữa kỳ"
    FINAL = "final", "Đánh giá cuối kỳ"


class Evaluation(models.Model):
    """Mid-term (phase 2) and final (phase 3) evaluation: clear improvement or not, and how
    far each limitation was overcome."""

    plan = models.ForeignKey(
        "consolidation.Plan", on_delete=models.CASCADE, related_name="evaluations"
    )
    kind = models.CharField("loại đánh giá", max_length=10, choices=EvaluationKind.choices)
    evaluated_on = models.DateField("ngày đánh giá")
    clear_improvement = models.BooleanField("có chuyển biến rõ rệt")
    summary = models.TextField("nhận xét, kết quả")
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    history = HistoricalRecords()

    class Meta:
        verbose_name = "đánh giá kết quả củng cố"
        verbose_name_plural = "đánh giá kết quả củng cố"
        ordering = ["evaluated_on", "pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.evaluated_on:%d/%m/%Y}"

    def clean(self) -> None:
        refuse_future_dates(self, "evaluated_on")


def latest_evaluation(kind: str | None = None) -> Subquery:
    """The outer plan's latest evaluation (of `kind`): its clear_improvement."""
    evaluations = Evaluation.objects.filter(plan=OuterRef("pk"))
    if kind:
        evaluations = evaluations.filter(kind=kind)
    return Subquery(
        evaluations.order_by("-evaluated_on", "-pk").values("clear_improvement")[:1],
        output_field=BooleanField(),
    )


class LimitationProgress(models.Model):
    """How far one limitation (a present indicator of the review) was overcome."""

    evaluation = models.ForeignKey(Evaluation, on_delete=models.CASCADE, related_name="limitations")
    finding = models.ForeignKey(Finding, on_delete=models.PROTECT, null=True, blank=True)
    description = models.CharField("hạn chế", max_length=300)
    overcome_percent = models.PositiveSmallIntegerField("mức độ khắc phục (%)")
    notes = models.CharField("ghi chú", max_length=300, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "mức độ khắc phục hạn chế"
        verbose_name_plural = "mức độ khắc phục hạn chế"
        constraints = [
            models.CheckConstraint(
                condition=Q(overcome_percent__lte=100), name="limitation_percent_at_most_100"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.description[:50]}: {self.overcome_percent} %"


OBJECTIVE_NOT_MET_NEEDS_REASON = "Mục tiêu chưa đạt: cần giải thích lý do."


class ObjectiveResult(models.Model):
    """How an evaluation found one of the plan's objectives: met, or not met and why."""

    evaluation = models.ForeignKey(
        Evaluation, on_delete=models.CASCADE, related_name="objective_results"
    )
    objective = models.ForeignKey(
        "consolidation.Objective", on_delete=models.CASCADE, related_name="results"
    )
    met = models.BooleanField("đạt")
    explanation = models.CharField("giải thích", max_length=300, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "kết quả mục tiêu"
        verbose_name_plural = "kết quả mục tiêu"
        constraints = [
            models.UniqueConstraint(
                fields=["evaluation", "objective"], name="objective_result_once_per_evaluation"
            ),
            models.CheckConstraint(
                condition=Q(met=True) | ~Q(explanation=""),
                name="objective_not_met_explained",
                violation_error_message=OBJECTIVE_NOT_MET_NEEDS_REASON,
            ),
        ]

    def __str__(self) -> str:
        return f"{self.objective}: {'đạt' if self.met else 'chưa đạt'}"


class Extension(models.Model):
    """The Standing Committee extends a plan: a new expected date, and why."""

    plan = models.ForeignKey(
        "consolidation.Plan", on_delete=models.CASCADE, related_name="extensions"
    )
    previous_end = models.DateField("thời hạn cũ")
    new_end = models.DateField("thời hạn mới")
    reason = models.TextField("lý do")
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField("lúc", auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "gia hạn"
        verbose_name_plural = "gia hạn"
        ordering = ["at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(new_end__gt=models.F("previous_end")),
                name="extension_moves_the_date_later",
                violation_error_message="Thời hạn mới phải sau thời hạn cũ.",
            )
        ]

    def __str__(self) -> str:
        return f"{self.previous_end:%d/%m/%Y} → {self.new_end:%d/%m/%Y}"
