"""Information technology at a basic level (seed 000, III.2: "100 % TCCSĐ ứng dụng công nghệ
thông tin, chuyển đổi số ở mức cơ bản"): a short checklist the Board keeps per unit. The items
are the ward's to configure; a unit is at the basic level when every item marked required is
in place. One checklist for the deployment, its default (with where each item comes from)
seeded by migration 0014."""

from django.conf import settings
from django.db import models
from django.db.models import Exists, OuterRef, Q
from simple_history.models import HistoricalRecords

from organizations.models import Unit


class DigitalItem(models.Model):
    """An item of the ward's checklist of IT use."""

    text = models.CharField("nội dung", max_length=300)
    required = models.BooleanField(
        "bắt buộc để đạt mức cơ bản",
        default=True,
        help_text="Tổ chức đạt mức cơ bản khi có đủ mọi nội dung bắt buộc.",
    )
    source = models.CharField("căn cứ", max_length=300, blank=True)
    order = models.PositiveSmallIntegerField("thứ tự", default=0)
    active = models.BooleanField("đang dùng", default=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "nội dung chuyển đổi số"
        verbose_name_plural = "nội dung chuyển đổi số"
        ordering = ["order", "pk"]

    def __str__(self) -> str:
        return self.text


class DigitalCheck(models.Model):
    """An item in place (or not) at a unit, as the Board last found it."""

    unit = models.ForeignKey(
        Unit, verbose_name="tổ chức", on_delete=models.CASCADE, related_name="digital_checks"
    )
    item = models.ForeignKey(
        DigitalItem, verbose_name="nội dung", on_delete=models.CASCADE, related_name="checks"
    )
    done = models.BooleanField("đã thực hiện", default=False)
    checked_on = models.DateField("ngày kiểm tra")
    checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = "kết quả chuyển đổi số"
        verbose_name_plural = "kết quả chuyển đổi số"
        constraints = [
            models.UniqueConstraint(fields=["unit", "item"], name="digital_check_one_per_item")
        ]

    def __str__(self) -> str:
        return f"{self.unit} – {self.item}: {'có' if self.done else 'chưa'}"


def digital_basic_condition() -> Q:
    """Units (the outer query's rows) with every required active item of the checklist
    done; none when the checklist has no required item. is_digital_basic in memory. Reads
    the required items once (a handful), then one plain correlated check per item: a
    doubly nested "no item missing" query came out wrong inside an aggregate's filter."""
    required = DigitalItem.objects.filter(active=True, required=True).values_list("pk", flat=True)
    condition = Q(pk__in=[])
    for number, pk in enumerate(required):
        done = Q(Exists(DigitalCheck.objects.filter(unit=OuterRef("pk"), item_id=pk, done=True)))
        condition = done if number == 0 else condition & done
    return condition


def is_digital_basic(required_items: list[int], done_items: set[int]) -> bool:
    """digital_basic_condition for one unit: the ids of the required active items, and of
    the items done at the unit."""
    return bool(required_items) and set(required_items) <= done_items
