"""The two registers the targets need: the units' cadres (key cadres, evaluated every quarter,
and those found limited) and complex cases (seed 000, III.2; seed 003)."""

import datetime
from typing import TYPE_CHECKING, Any, Self

from django.core.exceptions import ValidationError
from django.db import models
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models import Func, Q, TextField
from django.db.models.sql.compiler import SQLCompiler
from simple_history.models import HistoricalRecords

from organizations.models import Unit, refuse_future_dates

from .plans import Plan

if TYPE_CHECKING:  # the stubs' name for what as_sql returns
    from django.db.models.sql.compiler import _AsSqlType

    from .cases import ComplexCase


class CadreAction(models.TextChoices):
    TRAINING = "training", "Đào tạo, bồi dưỡng"
    ARRANGEMENT = "arrangement", "Sắp xếp, bố trí"
    ROTATION = "rotation", "Luân chuyển"
    REPLACEMENT = "replacement", "Thay thế"
    DISMISSAL = "dismissal", "Miễn nhiệm"
    NONE = "none", "Chưa xử lý"


class KeyRole(models.TextChoices):
    """Seed 003: the key cadres (cán bộ chủ chốt) of a unit, evaluated every quarter."""

    SECRETARY = "secretary", "Bí thư"
    DEPUTY = "deputy", "Phó Bí thư"
    COMMITTEE = "committee", "Cấp ủy viên"
    HEAD = "head", "Thủ trưởng cơ quan, đơn vị nơi tổ chức đảng sinh hoạt"


# Seed 000, III.2 "≥ 70 % cán bộ hạn chế được đào tạo, sắp xếp hoặc thay thế": of the cadres
# found limited (a limitation recorded), those acted upon (any action).
LIMITED = ~Q(limitation="")
ACTED_UPON = ~Q(action=CadreAction.NONE)


def key_condition(day: datetime.date) -> Q:
    """Key cadres holding their post on `day` (Cadre.is_key_on in memory)."""
    return ~Q(key_role="") & (Q(until__isnull=True) | Q(until__gt=day))


class CadreQuerySet(models.QuerySet["Cadre"]):
    def acted_upon(self) -> Self:
        """Cadre.acted_upon as a query."""
        return self.filter(ACTED_UPON)

    def limited(self) -> Self:
        """Cadre.is_limited as a query."""
        return self.filter(LIMITED)

    def key_on(self, day: datetime.date) -> Self:
        return self.filter(key_condition(day))


PLAN_OF_ANOTHER_UNIT = "Đề án, kế hoạch đã chọn là của {plan_unit}, không phải của {unit}."


def check_plan_of_unit(entry: "Cadre | ComplexCase") -> None:
    """A register entry's plan, when given, is its own unit's (both registers)."""
    if entry.plan_id is None or entry.unit_id is None:
        return
    plan = entry.plan
    if plan is not None and plan.unit_id != entry.unit_id:
        raise ValidationError(
            {"plan": PLAN_OF_ANOTHER_UNIT.format(plan_unit=plan.unit.name, unit=entry.unit.name)}
        )


class Cadre(models.Model):
    """A cadre of a unit: a key cadre (seed 003: secretary, deputy, committee member, head of
    the body), evaluated every quarter; and, once a limitation is recorded (Nhóm 2), one who
    counts towards "≥ 70 % trained, rearranged or replaced" (seed 000, III.2). One list of
    people for both: a key cadre failing two quarters is flagged on their own row."""

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
    key_role = models.CharField(
        "cán bộ chủ chốt",
        max_length=12,
        choices=KeyRole.choices,
        blank=True,
        help_text="Để trống nếu không thuộc diện cán bộ chủ chốt của tổ chức.",
    )
    until = models.DateField(
        "thôi giữ chức vụ từ ngày",
        null=True,
        blank=True,
        help_text="Sau ngày này không còn là cán bộ chủ chốt, không còn đánh giá theo quý.",
    )
    limitation = models.TextField(
        "hạn chế được chỉ ra",
        blank=True,
        help_text="Để trống nếu cán bộ không bị đánh giá là hạn chế.",
    )
    action = models.CharField(
        "xử lý", max_length=15, choices=CadreAction.choices, default=CadreAction.NONE
    )
    action_on = models.DateField("ngày xử lý", null=True, blank=True)
    result = models.TextField("kết quả", blank=True)

    version = models.PositiveIntegerField(default=1, editable=False)

    history = HistoricalRecords()
    objects = CadreQuerySet.as_manager()

    class Meta:
        verbose_name = "cán bộ"
        verbose_name_plural = "cán bộ"
        ordering = ["unit__sort_key", "name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(action="none") | Q(action_on__isnull=False),
                name="cadre_action_has_date",
                violation_error_message="Đã xử lý thì cần ghi ngày xử lý.",
            ),
            models.CheckConstraint(
                condition=~Q(key_role="") | ~Q(limitation=""),
                name="cadre_key_or_limited",
                violation_error_message=(
                    "Cán bộ trong sổ là cán bộ chủ chốt, hoặc cán bộ bị đánh giá hạn chế: "
                    "chọn chức danh chủ chốt hoặc ghi hạn chế được chỉ ra."
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.position})"

    def clean(self) -> None:
        check_plan_of_unit(self)
        refuse_future_dates(self, "action_on")

    @property
    def acted_upon(self) -> bool:
        """ACTED_UPON for one cadre in memory."""
        return self.action != CadreAction.NONE

    @property
    def is_limited(self) -> bool:
        """LIMITED for one cadre in memory."""
        return self.limitation != ""

    def is_key_on(self, day: datetime.date) -> bool:
        """key_condition for one cadre in memory."""
        return self.key_role != "" and (self.until is None or self.until > day)


BLANKS = " \t\r\n"


class TrimBlanks(Func):
    """TRIM of spaces, tabs and line breaks (SQL's TRIM alone takes only spaces), so that a
    field of blanks is empty in the database as str.strip(BLANKS) makes it in memory."""

    function = "TRIM"
    output_field = TextField()

    def as_sqlite(
        self, compiler: SQLCompiler, connection: BaseDatabaseWrapper, **extra: Any
    ) -> "_AsSqlType":
        return self.as_sql(
            compiler, connection, template="TRIM(%(expressions)s, char(32, 9, 13, 10))"
        )

    def as_postgresql(
        self, compiler: SQLCompiler, connection: BaseDatabaseWrapper, **extra: Any
    ) -> "_AsSqlType":
        return self.as_sql(compiler, connection, template="BTRIM(%(expressions)s, E' \\t\\r\\n')")
