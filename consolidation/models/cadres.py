"""Evaluating key cadres every quarter and every year by their products (seed 003: "Thực hiện
việc đánh giá cán bộ hằng quý và cả năm; kịp thời thay thế cán bộ có kết quả đánh giá, xếp
loại không hoàn thành nhiệm vụ từ 02 quý liên tiếp trở lên"), on its four groups of
indicators, each scored, the level following the total as the units' ratings do."""

import datetime
from decimal import Decimal
from typing import Self

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from organizations.models import RatingLevel, level_for_score

from .quarters import ROMAN, previous_key
from .registers import Cadre, CadreAction
from .tasks import Task

# Seed 003's four groups of indicators ("04 nhóm chỉ số"), each scored out of 25, so that the
# total is out of 100 and takes its level from the thresholds of Quy định 366-QĐ/TW. The
# seed gives no weights: the groups weigh the same.
SCORE_GROUPS = (
    ("score_tasks", "Kết quả thực hiện nhiệm vụ"),
    ("score_service", "Chất lượng phục vụ người dân, doanh nghiệp"),
    ("score_coordination", "Năng lực phối hợp"),
    ("score_discipline", "Kỷ luật, kỷ cương, liêm chính"),
)
GROUP_MAX = Decimal(25)
YEAR = 0  # the `quarter` of a yearly evaluation

SCORE_OUT_OF_RANGE = "Điểm «{label}» phải từ 0 đến 25."
LEVEL_NOT_OF_TOTAL = "Xếp loại phải theo tổng điểm {total}: «{expected}»."
NO_PRODUCT = "Đánh giá theo sản phẩm: nêu ít nhất một sản phẩm, hoặc chọn nhiệm vụ của đề án."
NOT_KEY = "{name} không (còn) là cán bộ chủ chốt trong kỳ này, không đánh giá theo quý."


def period_first_day(year: int, quarter: int) -> datetime.date:
    """The first day of a quarter (1–4), or of the year (0)."""
    return datetime.date(year, 1 if quarter == YEAR else 3 * quarter - 2, 1)


class CadreEvaluationQuerySet(models.QuerySet["CadreEvaluation"]):
    def quarterly(self) -> Self:
        return self.exclude(quarter=YEAR)

    def failing(self) -> Self:
        return self.filter(level=RatingLevel.NOT_COMPLETED)

    def of_quarter(self, year: int, number: int) -> Self:
        return self.filter(year=year, quarter=number)

    def by_product(self) -> Self:
        """Evaluations resting on a product (a text or a linked task): seed 000, III.2's
        "đánh giá theo sản phẩm" (CadreEvaluation.rests_on_products in memory)."""
        return self.filter(~Q(products="") | Q(tasks__isnull=False)).distinct()


class CadreEvaluation(models.Model):
    """One key cadre's evaluation for a quarter (1–4) or for the year (quarter 0)."""

    cadre = models.ForeignKey(
        Cadre, verbose_name="cán bộ", on_delete=models.CASCADE, related_name="evaluations"
    )
    year = models.PositiveSmallIntegerField("năm")
    quarter = models.PositiveSmallIntegerField("quý", help_text="1–4; 0 là đánh giá cả năm.")
    score_tasks = models.DecimalField(SCORE_GROUPS[0][1], max_digits=4, decimal_places=1)
    score_service = models.DecimalField(SCORE_GROUPS[1][1], max_digits=4, decimal_places=1)
    score_coordination = models.DecimalField(SCORE_GROUPS[2][1], max_digits=4, decimal_places=1)
    score_discipline = models.DecimalField(SCORE_GROUPS[3][1], max_digits=4, decimal_places=1)
    level = models.CharField("xếp loại", max_length=20, choices=RatingLevel.choices)
    products = models.TextField(
        "sản phẩm làm căn cứ đánh giá",
        blank=True,
        help_text="Văn bản, việc đã hoàn thành, kết quả đo đếm được; mỗi sản phẩm một dòng.",
    )
    tasks = models.ManyToManyField(
        Task,
        verbose_name="nhiệm vụ của đề án, kế hoạch",
        blank=True,
        related_name="cadre_evaluations",
    )
    evaluated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    version = models.PositiveIntegerField(default=1, editable=False)

    history = HistoricalRecords(m2m_fields=[tasks])
    objects = CadreEvaluationQuerySet.as_manager()

    class Meta:
        verbose_name = "đánh giá cán bộ chủ chốt"
        verbose_name_plural = "đánh giá cán bộ chủ chốt"
        ordering = ["cadre", "-year", "-quarter"]
        constraints = [
            models.UniqueConstraint(
                fields=["cadre", "year", "quarter"],
                name="cadre_evaluation_one_per_period",
                violation_error_message="Cán bộ này đã có đánh giá của kỳ này.",
            ),
            models.CheckConstraint(
                condition=Q(quarter__gte=0, quarter__lte=4),
                name="cadre_evaluation_quarter_0_to_4",
            ),
            *(
                models.CheckConstraint(
                    condition=Q(**{f"{name}__gte": 0, f"{name}__lte": GROUP_MAX}),
                    name=f"cadre_evaluation_{name}_0_to_25",
                    violation_error_message=SCORE_OUT_OF_RANGE.format(label=label),
                )
                for name, label in SCORE_GROUPS
            ),
        ]

    def __str__(self) -> str:
        return f"{self.cadre} – {self.period_label}: {self.get_level_display()}"

    @property
    def period_label(self) -> str:
        return (
            f"Năm {self.year}" if self.quarter == YEAR else f"Quý {ROMAN[self.quarter]}/{self.year}"
        )

    @property
    def total(self) -> Decimal:
        return sum((getattr(self, name) or Decimal(0) for name, _ in SCORE_GROUPS), Decimal(0))

    def clean(self) -> None:
        problems = {
            name: SCORE_OUT_OF_RANGE.format(label=label)
            for name, label in SCORE_GROUPS
            if getattr(self, name) is not None and not 0 <= getattr(self, name) <= GROUP_MAX
        }
        if problems:
            raise ValidationError(problems)
        expected = level_for_score(self.total)
        if self.level and self.level != expected:
            total = f"{self.total.normalize():f}".replace(".", ",")
            raise ValidationError(
                {"level": LEVEL_NOT_OF_TOTAL.format(total=total, expected=expected.label)}
            )


def failing_two_quarters(evaluations: list[CadreEvaluation]) -> tuple[int, int] | None:
    """Seed 003: the later of two consecutive quarters (across a year's end too) both rated
    "không hoàn thành nhiệm vụ", the latest such pair; None when there is none. The cadre's
    quarterly evaluations, in any order."""
    failing = {
        (e.year, e.quarter)
        for e in evaluations
        if e.quarter != YEAR and e.level == RatingLevel.NOT_COMPLETED
    }
    pairs = [key for key in failing if previous_key(*key) in failing]
    return max(pairs) if pairs else None


# The actions that answer the flag: the cadre was replaced, dismissed or moved on.
REPLACING_ACTIONS = (CadreAction.REPLACEMENT, CadreAction.DISMISSAL, CadreAction.ROTATION)


def replacement_due(
    cadre: Cadre, evaluations: list[CadreEvaluation], today: datetime.date
) -> tuple[int, int] | None:
    """Seed 003's flag: the cadre, still holding the post, failed two consecutive quarters
    and was not replaced, dismissed or moved on since; the later failing quarter, or None."""
    if not cadre.is_key_on(today) or cadre.action in REPLACING_ACTIONS:
        return None
    return failing_two_quarters(evaluations)
