"""The registry: the ward's tree of Party units, and who works in which unit with which role.

Glossary (see docs/glossary.md): Unit = tổ chức đảng; Membership = phân công người dùng
vào một tổ chức với một vai trò.
"""

from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords

PATH_STEP = 8  # digits per level of the materialized path


class Unit(models.Model):
    """A Party organization: the ward committee at the root, grassroots units below it.

    The tree is a materialized path (`path` = the ancestors' ids, 8 digits each), so a
    subtree is one indexed prefix query whatever its depth or size.
    """

    code = models.CharField("mã đơn vị", max_length=30, unique=True)
    name = models.CharField("tên tổ chức", max_length=200)
    parent = models.ForeignKey(
        "self",
        verbose_name="tổ chức cấp trên",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
    )
    path = models.CharField(max_length=255, db_index=True, editable=False)
    depth = models.PositiveSmallIntegerField(default=0, editable=False)

    history = HistoricalRecords(excluded_fields=["path", "depth"])

    class Meta:
        verbose_name = "tổ chức đảng"
        verbose_name_plural = "tổ chức đảng"
        ordering = ["path"]

    def __str__(self) -> str:
        return self.name

    @property
    def is_root(self) -> bool:
        return self.parent_id is None


class Role(models.TextChoices):
    BOARD = "board", "Ban Xây dựng Đảng"
    STANDING = "standing", "Ban Thường vụ"
    INSPECTION = "inspection", "Ủy ban Kiểm tra"
    OFFICE = "office", "Văn phòng Đảng ủy"
    SECRETARY = "secretary", "Bí thư"


class Membership(models.Model):
    """Where a user works and in which role. A person sees the subtree of this unit."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name="người dùng",
        on_delete=models.CASCADE,
        related_name="membership",
    )
    unit = models.ForeignKey(
        Unit, verbose_name="tổ chức", on_delete=models.PROTECT, related_name="memberships"
    )
    role = models.CharField("vai trò", max_length=20, choices=Role.choices)
    position = models.CharField("chức vụ", max_length=120, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "phân công người dùng"
        verbose_name_plural = "phân công người dùng"

    def __str__(self) -> str:
        return f"{self.user} – {self.get_role_display()} – {self.unit}"
