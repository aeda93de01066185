"""The fixed catalogue of seed 000, IV.1: the three indicator groups and their indicators."""

from django.db import models
from simple_history.models import HistoricalRecords


class IndicatorGroup(models.Model):
    """Nhóm 1/2/3 of seed 000, IV.1, with the group's products (IV.2) and the solution
    directions of Phụ lục 1, VI."""

    number = models.PositiveSmallIntegerField("nhóm", unique=True)
    title = models.TextField("tên nhóm")
    short_title = models.CharField("tên ngắn", max_length=200)
    expected_products = models.TextField("sản phẩm")
    solution_directions = models.JSONField("định hướng giải pháp", default=list)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "nhóm biểu hiện"
        verbose_name_plural = "nhóm biểu hiện"
        ordering = ["number"]

    def __str__(self) -> str:
        return f"Nhóm {self.number}"


class Indicator(models.Model):
    """One of the 16 indicators. Retired ones stay for the reviews that used them."""

    group = models.ForeignKey(
        IndicatorGroup, verbose_name="nhóm", on_delete=models.PROTECT, related_name="indicators"
    )
    code = models.CharField("mã", max_length=10, unique=True)
    text = models.TextField("nội dung biểu hiện")
    order = models.PositiveSmallIntegerField("thứ tự")
    retired_on = models.DateField(
        "ngừng dùng từ ngày",
        null=True,
        blank=True,
        help_text="Các đợt rà soát mở từ ngày này không dùng biểu hiện này nữa.",
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = "biểu hiện"
        verbose_name_plural = "biểu hiện"
        ordering = ["group__number", "order"]

    def __str__(self) -> str:
        return f"{self.code} {self.text[:60]}"
