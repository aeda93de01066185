"""The registry: the tree of Party units, their member figures and quality ratings, and who
works in which unit with which role.

Glossary (docs/glossary.md): Unit = tổ chức đảng; grassroots unit = tổ chức cơ sở đảng
(TCCSĐ), a direct child of a ward; MemberFigure = số liệu đảng viên; Rating = xếp loại chất
lượng; Membership = phân công người dùng vào một tổ chức với một vai trò.
"""

import datetime
from collections.abc import Mapping
from decimal import Decimal
from typing import Any, Self

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.text import capfirst
from simple_history.models import HistoricalRecords

from .text import fold

PATH_STEP = 8  # digits per level of the materialized path


class Kind(models.TextChoices):
    CITY = "city", "Đảng bộ cấp trên"
    WARD = "ward", "Đảng bộ phường"
    BASE_COMMITTEE = "base_committee", "Đảng bộ cơ sở"
    BASE_CELL = "base_cell", "Chi bộ cơ sở"
    SUB_CELL = "sub_cell", "Chi bộ trực thuộc"
    PARTY_GROUP = "party_group", "Tổ đảng"


# Statute, art. 21–24, and DOMAIN.md: a ward's grassroots units (đảng bộ cơ sở, chi bộ cơ sở)
# sit under the ward, chi bộ trực thuộc under a đảng bộ cơ sở, tổ đảng inside a chi bộ.
KIND_PARENTS: dict[str, tuple[str | None, ...]] = {
    Kind.CITY: (None,),
    Kind.WARD: (None, Kind.CITY),
    Kind.BASE_COMMITTEE: (Kind.WARD,),
    Kind.BASE_CELL: (Kind.WARD,),
    Kind.SUB_CELL: (Kind.BASE_COMMITTEE,),
    Kind.PARTY_GROUP: (Kind.BASE_CELL, Kind.SUB_CELL),
}


KIND_UNDER_PARENT = "{kind} không thể trực thuộc {parent}: {kind_lower} chỉ trực thuộc {allowed}."


KIND_OVER_CHILDREN = "{kind} không thể là cấp trên của {child} «{name}»."


def _kind_label(kind: str | None) -> str:
    return Kind(kind).label.lower() if kind else "không tổ chức nào (cấp cao nhất)"


def kind_parent_problem(kind: str, parent_kind: str | None) -> str | None:
    """Whether an organization of `kind` may sit under one of `parent_kind` (None: at the
    top). The refusal, or None: the one rule for the registry's form, import and services."""
    allowed = KIND_PARENTS.get(kind)
    if not allowed or parent_kind in allowed:
        return None
    return KIND_UNDER_PARENT.format(
        kind=Kind(kind).label,
        kind_lower=_kind_label(kind),
        parent=_kind_label(parent_kind),
        allowed=" hoặc ".join(_kind_label(k) for k in allowed),
    )


class Bloc(models.TextChoices):
    ADMINISTRATION = "administration", "Cơ quan hành chính, đơn vị sự nghiệp"
    ENTERPRISE = "enterprise", "Doanh nghiệp"
    MILITARY = "military", "Quân đội"
    POLICE = "police", "Công an"
    RESIDENTIAL = "residential", "Khu dân cư"


class UnitQuerySet(models.QuerySet["Unit"]):
    def active(self) -> Self:
        return self.filter(dissolved_on__isnull=True)

    def subtree_of(self, unit: "Unit") -> Self:
        return self.filter(path__startswith=unit.path)

    def grassroots_of(self, ward: "Unit") -> Self:
        """The ward's grassroots units (TCCSĐ): its direct children."""
        return self.filter(path__startswith=ward.path, depth=ward.depth + 1)

    def matching(self, text: str) -> Self:
        """Units whose name, code, secretary or area hold every word typed, with or without
        accents (search_text is folded the same way)."""
        units = self
        for word in fold(text).split():
            units = units.filter(search_text__contains=word)
        return units


class Unit(models.Model):
    """A Party organization: a ward committee, its grassroots units, their sub-cells.

    The tree is a materialized path (`path` = the ancestors' ids then this id, 8 digits
    each), so a subtree is one indexed prefix query whatever its depth or size. A ward
    (kind "Đảng bộ phường") is a root, or sits under a city root when one database holds
    several wards; its direct children are its grassroots units.
    """

    code = models.CharField(
        "mã đơn vị",
        max_length=30,
        unique=True,
        help_text="Mã ổn định, không đổi, ví dụ KDC-01.",
    )
    name = models.CharField("tên tổ chức", max_length=200)
    kind = models.CharField("loại tổ chức", max_length=20, choices=Kind.choices)
    bloc = models.CharField("khối", max_length=20, choices=Bloc.choices, blank=True)
    bloc_inherited = models.BooleanField(
        "khối theo tổ chức cấp trên",
        default=False,
        help_text="Chi bộ trực thuộc, tổ đảng không khai khối riêng thì theo khối của cấp trên.",
    )
    parent = models.ForeignKey(
        "self",
        verbose_name="tổ chức cấp trên",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
    )
    path = models.CharField(max_length=255, unique=True, editable=False)
    depth = models.PositiveSmallIntegerField(default=0, editable=False)
    area = models.CharField("địa bàn, cơ quan phụ trách", max_length=200, blank=True)
    secretary_name = models.CharField("bí thư", max_length=120, blank=True)
    secretary_phone = models.CharField("điện thoại bí thư", max_length=30, blank=True)
    secretary_is_local_head = models.BooleanField(
        "bí thư kiêm trưởng khu dân cư, thủ trưởng đơn vị", default=False
    )
    committee_member = models.CharField("cấp ủy viên phụ trách", max_length=120, blank=True)
    dissolved_on = models.DateField("ngày giải thể", null=True, blank=True)
    dissolution_reason = models.CharField("lý do giải thể", max_length=300, blank=True)
    # Derived from the name by the services, so that lists sort and search in the database.
    sort_key = models.CharField(max_length=600, editable=False, default="")
    search_text = models.CharField(max_length=700, editable=False, default="")
    version = models.PositiveIntegerField(default=1, editable=False)

    history = HistoricalRecords(excluded_fields=["path", "depth", "sort_key", "search_text"])
    objects = UnitQuerySet.as_manager()

    # Set only on the rows of selectors.with_latest_figures.
    fig_as_of: datetime.date | None
    fig_members: int | None
    fig_women: int | None
    fig_ethnic_minority: int | None
    fig_exempted: int | None

    class Meta:
        verbose_name = "tổ chức đảng"
        verbose_name_plural = "tổ chức đảng"
        ordering = ["sort_key", "code"]
        indexes = [models.Index(fields=["sort_key", "code"], name="unit_vietnamese_order")]
        constraints = [
            models.CheckConstraint(
                condition=Q(dissolved_on__isnull=False) | Q(dissolution_reason=""),
                name="unit_dissolution_reason_needs_date",
                violation_error_message="Lý do giải thể chỉ ghi khi có ngày giải thể.",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_active(self) -> bool:
        return self.dissolved_on is None

    def clean(self) -> None:
        problem = kind_parent_problem(self.kind, self.parent.kind if self.parent else None)
        if problem is None and self.pk:
            child = (
                self.children.active()
                .exclude(
                    kind__in=[k for k, parents in KIND_PARENTS.items() if self.kind in parents]
                )
                .first()
            )
            if child is not None:
                problem = KIND_OVER_CHILDREN.format(
                    kind=Kind(self.kind).label, child=_kind_label(child.kind), name=child.name
                )
        if problem:
            raise ValidationError({"kind": problem})

    @property
    def ancestor_paths(self) -> list[str]:
        """Paths of the ancestors, nearest last."""
        step = PATH_STEP + 1
        return [self.path[:end] for end in range(step, len(self.path), step)]


FIGURE_FIELDS = ("members", "women", "ethnic_minority", "exempted")
FIGURE_PARTS = ("women", "ethnic_minority", "exempted")
FIGURE_LABELS = {
    "members": "Số đảng viên",
    "women": "Đảng viên nữ",
    "ethnic_minority": "Đảng viên dân tộc thiểu số",
    "exempted": "Miễn sinh hoạt",
}
FIGURE_PART_TOO_MANY = "{label} ({value}) không được lớn hơn tổng số đảng viên ({total})."


def figure_problems(members: int | None, parts: Mapping[str, Any]) -> dict[str, str]:
    """Women, ethnic minorities and the exempted are counted among the members (seed 001):
    none may exceed the members. The one rule for the registry's form and import and the
    quarterly report's new figures; the figure_*_within_total constraints hold it below."""
    if members is None:
        return {}
    return {
        name: FIGURE_PART_TOO_MANY.format(
            label=FIGURE_LABELS[name], value=parts[name], total=members
        )
        for name in FIGURE_PARTS
        if (parts.get(name) or 0) > members
    }


class MemberFigure(models.Model):
    """Member figures of a unit as of a date. History stays; the latest is the current one."""

    unit = models.ForeignKey(
        Unit, verbose_name="tổ chức", on_delete=models.CASCADE, related_name="figures"
    )
    as_of = models.DateField("ngày số liệu")
    members = models.PositiveIntegerField("số đảng viên")
    women = models.PositiveIntegerField("đảng viên nữ", default=0)
    ethnic_minority = models.PositiveIntegerField("đảng viên dân tộc thiểu số", default=0)
    exempted = models.PositiveIntegerField("miễn sinh hoạt", default=0)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "số liệu đảng viên"
        verbose_name_plural = "số liệu đảng viên"
        ordering = ["unit", "-as_of"]
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "as_of"],
                name="figure_one_per_unit_and_date",
                violation_error_message="Tổ chức này đã có số liệu tại ngày này.",
            ),
            models.CheckConstraint(
                condition=Q(women__lte=models.F("members")),
                name="figure_women_within_total",
                violation_error_message="Số đảng viên nữ không được lớn hơn tổng số đảng viên.",
            ),
            models.CheckConstraint(
                condition=Q(ethnic_minority__lte=models.F("members")),
                name="figure_ethnic_within_total",
                violation_error_message=(
                    "Số đảng viên dân tộc thiểu số không được lớn hơn tổng số đảng viên."
                ),
            ),
            models.CheckConstraint(
                condition=Q(exempted__lte=models.F("members")),
                name="figure_exempted_within_total",
                violation_error_message=(
                    "Số đảng viên miễn sinh hoạt không được lớn hơn tổng số đảng viên."
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.unit} – {self.as_of:%d/%m/%Y}: {self.members}"

    def clean(self) -> None:
        refuse_future_dates(self, "as_of")


class RatingLevel(models.TextChoices):
    """Annual quality rating (Quy định 366-QĐ/TW: ≥90, 70–89, 50–69, <50 points)."""

    EXCELLENT = "excellent", "Hoàn thành xuất sắc nhiệm vụ"
    GOOD = "good", "Hoàn thành tốt nhiệm vụ"
    COMPLETED = "completed", "Hoàn thành nhiệm vụ"
    NOT_COMPLETED = "not_completed", "Không hoàn thành nhiệm vụ"


RATING_ABBREVIATIONS: dict[str, str] = {
    RatingLevel.EXCELLENT: "HTXSNV",
    RatingLevel.GOOD: "HTTNV",
    RatingLevel.COMPLETED: "HTNV",
    RatingLevel.NOT_COMPLETED: "KHTNV",
}


FUTURE_DATE = "{label} ({day}) không được sau ngày hôm nay ({today})."


def future_date_problem(day: datetime.date | None, label: str) -> str | None:
    """Figures, decisions, actions and evaluations record what happened: none of their dates
    is after the ward's local today. The refusal, or None. The one rule for the models' checks
    and the imports."""
    today = timezone.localdate()
    if day is None or day <= today:
        return None
    return FUTURE_DATE.format(label=label, day=f"{day:%d/%m/%Y}", today=f"{today:%d/%m/%Y}")


def refuse_future_dates(instance: models.Model, *names: str) -> None:
    """future_date_problem on each named date field, refused on each field at fault."""
    problems: dict[str, str] = {}
    for name in names:
        field = instance._meta.get_field(name)
        label = capfirst(str(getattr(field, "verbose_name", name)))
        problem = future_date_problem(getattr(instance, name), label)
        if problem:
            problems[name] = problem
    if problems:
        raise ValidationError(problems)


# Quy định 366-QĐ/TW: the lowest score of each level, best first.
RATING_FLOORS = (
    (90, RatingLevel.EXCELLENT),
    (70, RatingLevel.GOOD),
    (50, RatingLevel.COMPLETED),
    (0, RatingLevel.NOT_COMPLETED),
)
RATING_CONTRADICTS_SCORE = (
    "Điểm {score} ứng với «{expected}» (Quy định 366-QĐ/TW: từ 90 điểm xuất sắc, 70–89 tốt, "
    "50–69 hoàn thành, dưới 50 không hoàn thành), không phải «{given}»."
)


def level_for_score(score: Decimal) -> RatingLevel:
    """The level a score on 100 gives (89.99 is still "tốt")."""
    return next(level for floor, level in RATING_FLOORS if score >= floor)


class Rating(models.Model):
    unit = models.ForeignKey(
        Unit, verbose_name="tổ chức", on_delete=models.CASCADE, related_name="ratings"
    )
    year = models.PositiveSmallIntegerField("năm")
    level = models.CharField("xếp loại", max_length=20, choices=RatingLevel.choices)
    score = models.DecimalField(
        "điểm (trên 100)", max_digits=5, decimal_places=2, null=True, blank=True
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = "xếp loại chất lượng"
        verbose_name_plural = "xếp loại chất lượng"
        ordering = ["unit", "-year"]
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "year"],
                name="rating_one_per_unit_and_year",
                violation_error_message="Tổ chức này đã có xếp loại của năm này.",
            ),
            models.CheckConstraint(
                condition=Q(score__isnull=True) | Q(score__gte=0, score__lte=100),
                name="rating_score_between_0_and_100",
                violation_error_message="Điểm xếp loại phải từ 0 đến 100.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.unit} – {self.year}: {self.get_level_display()}"

    def clean(self) -> None:
        if self.score is None or not self.level or self.score < 0:
            return  # no score, or one the range check refuses
        expected = level_for_score(self.score)
        if expected != self.level:
            score = f"{Decimal(self.score).normalize():f}".replace(".", ",")
            raise ValidationError(
                {
                    "level": RATING_CONTRADICTS_SCORE.format(
                        score=score, expected=expected.label, given=RatingLevel(self.level).label
                    )
                }
            )

    @property
    def abbreviation(self) -> str:
        return RATING_ABBREVIATIONS[self.level]


class Role(models.TextChoices):
    BOARD = "board", "Ban Xây dựng Đảng"
    STANDING = "standing", "Ban Thường vụ"
    INSPECTION = "inspection", "Ủy ban Kiểm tra"
    OFFICE = "office", "Văn phòng Đảng ủy"
    SECRETARY = "secretary", "Bí thư"
    # The Fatherland Front and mass organizations: records and reads the people's feedback,
    # nothing else (organizations.middleware keeps it there).
    FRONT = "front", "Mặt trận, đoàn thể"


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
    must_change_password = models.BooleanField(
        "phải đổi mật khẩu ở lần đăng nhập tới",
        default=False,
        help_text="Sau khi Ban Xây dựng Đảng cấp mật khẩu tạm.",
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = "phân công người dùng"
        verbose_name_plural = "phân công người dùng"

    def __str__(self) -> str:
        return f"{self.user} – {self.get_role_display()} – {self.unit}"


class Handover(models.Model):
    """A unit handed from its secretary's account to another person's (bàn giao): what was
    done before stays under the earlier person's name, what is done after under the new
    one's."""

    unit = models.ForeignKey(
        Unit, verbose_name="tổ chức", on_delete=models.PROTECT, related_name="handovers"
    )
    previous_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="người bàn giao",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    new_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="người nhận bàn giao",
        on_delete=models.PROTECT,
        related_name="+",
    )
    handed_over_on = models.DateField("ngày bàn giao")
    note = models.CharField("ghi chú (quyết định, lý do…)", max_length=300, blank=True)
    previous_account_outcome = models.CharField(
        "tài khoản cũ", max_length=200, blank=True, help_text="Đã khóa, hoặc vai trò mới."
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="người ghi",
        on_delete=models.PROTECT,
        related_name="+",
    )
    recorded_at = models.DateTimeField("lúc ghi", auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "bàn giao đơn vị"
        verbose_name_plural = "bàn giao đơn vị"
        ordering = ["unit", "-handed_over_on", "-recorded_at"]

    def __str__(self) -> str:
        return f"{self.unit} – {self.handed_over_on:%d/%m/%Y}"


class AccountEventKind(models.TextChoices):
    CREATED = "created", "Tạo tài khoản"
    UPDATED = "updated", "Sửa thông tin, vai trò"
    PASSWORD_RESET = "password_reset", "Cấp mật khẩu tạm"
    PASSWORD_CHANGED = "password_changed", "Tự đổi mật khẩu"
    DEACTIVATED = "deactivated", "Khóa tài khoản"
    REACTIVATED = "reactivated", "Mở lại tài khoản"
    HANDED_OVER = "handed_over", "Bàn giao đơn vị"
    RECEIVED = "received", "Nhận bàn giao đơn vị"


class AccountEvent(models.Model):
    """What happened to an account and who did it: the Board's actions on accounts are
    attributable like every other change (User itself keeps no history)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="tài khoản",
        on_delete=models.PROTECT,  # accounts are deactivated, never deleted
        related_name="account_events",
    )
    kind = models.CharField("việc", max_length=20, choices=AccountEventKind.choices)
    details = models.CharField("chi tiết", max_length=400, blank=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="người thực hiện",
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
    )
    at = models.DateTimeField("lúc", auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "nhật ký tài khoản"
        verbose_name_plural = "nhật ký tài khoản"
        ordering = ["-at", "-pk"]

    def __str__(self) -> str:
        return f"{self.user} – {self.get_kind_display()}"


class CommitteeMember(models.Model):
    """A member of the ward's Party committee (đảng ủy viên), and whether also of its Standing
    Committee. Seed 004, 6.1: each standing member attends at least one cell's meeting a
    quarter, in rotation; each committee member attends the meetings of the cells put in their
    charge (the registry's «cấp ủy viên phụ trách», matched by name) at least once a quarter."""

    ward = models.ForeignKey(
        Unit, verbose_name="đảng bộ phường", on_delete=models.PROTECT, related_name="committee"
    )
    name = models.CharField("họ tên", max_length=120)
    position = models.CharField("chức vụ", max_length=160, blank=True)
    standing = models.BooleanField("ủy viên Ban Thường vụ", default=False)
    active = models.BooleanField("đang trong cấp ủy", default=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "đảng ủy viên"
        verbose_name_plural = "đảng ủy viên"
        ordering = ["-standing", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["ward", "name"],
                name="committee_member_one_name_per_ward",
                violation_error_message="Đảng ủy đã có một đồng chí mang họ tên này.",
            )
        ]

    def __str__(self) -> str:
        return self.name
