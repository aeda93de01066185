"""Reads of the registry. Every list a person sees starts from `units_visible_to`."""

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, cast

from axes.models import AccessLog
from django.core.paginator import Page
from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Subquery, Sum
from django.utils.text import capfirst

from .models import (
    FIGURE_FIELDS,
    FIGURE_LABELS,
    Bloc,
    Kind,
    MemberFigure,
    Membership,
    Rating,
    Role,
    Unit,
    UnitQuerySet,
)
from .text import fold
from .types import User, Viewer


def display_name(user: User | None) -> str:
    """A Vietnamese name reads family name first: last_name holds family and middle names."""
    if user is None:
        return "Hệ thống"
    return f"{user.last_name} {user.first_name}".strip() or user.username


def membership_of(user: Viewer | None) -> Membership | None:
    """The user's membership (unit and role), cached on the user object for the request."""
    if user is None or not user.is_authenticated:
        return None
    cache = cast(Any, user)  # the request's user object carries the answer for the request
    if not hasattr(cache, "_cached_membership"):
        cache._cached_membership = (
            Membership.objects.select_related("unit").filter(user_id=user.pk).first()
        )
    return cache._cached_membership


def units_visible_to(user: Viewer) -> UnitQuerySet:
    """The subtree of the unit the user's membership names; nothing without one.

    Board staff, Standing Committee, Inspection and Office sit on the ward's unit and so
    see the whole ward (and nothing of another ward); a secretary sees their unit and its
    sub-cells. Superusers work through /admin/, not here.
    """
    membership = membership_of(user)
    if membership is None:
        return Unit.objects.none()
    return Unit.objects.filter(path__startswith=membership.unit.path)


def ward_of_unit(unit: Unit) -> Unit | None:
    """The ward (kind "Đảng bộ phường") the unit belongs to, itself included."""
    if unit.kind == Kind.WARD:
        return unit
    return Unit.objects.filter(kind=Kind.WARD, path__in=unit.ancestor_paths).first()


def ward_of(user: Viewer) -> Unit | None:
    """The ward the user works in, cached for the request."""
    membership = membership_of(user)
    if membership is None:
        return None
    cache = cast(Any, user)
    if not hasattr(cache, "_cached_ward"):
        cache._cached_ward = ward_of_unit(membership.unit)
    return cache._cached_ward


def with_latest_figures(queryset: UnitQuerySet) -> UnitQuerySet:
    """Annotate each unit with its latest member figures (None where it has none)."""
    latest = MemberFigure.objects.filter(unit=OuterRef("pk")).order_by("-as_of")
    annotations = {f"fig_{name}": Subquery(latest.values(name)[:1]) for name in FIGURE_FIELDS}
    annotations["fig_as_of"] = Subquery(latest.values("as_of")[:1])
    return queryset.annotate(**annotations)


def with_latest_rating(queryset: UnitQuerySet) -> UnitQuerySet:
    latest = Rating.objects.filter(unit=OuterRef("pk")).order_by("-year")
    return queryset.annotate(
        rating_level=Subquery(latest.values("level")[:1]),
        rating_year=Subquery(latest.values("year")[:1]),
    )


@dataclass
class RegistryFilters:
    q: str = ""
    bloc: str = ""
    kind: str = ""
    rating: str = ""
    status: str = "active"  # active | dissolved | all
    include_sub_cells: bool = False


def registry_units(user: Viewer, *, ward: Unit, filters: RegistryFilters) -> UnitQuerySet:
    """The registry list: units below the ward that the user may see, filtered, in
    Vietnamese order (numbers in names in numeric order). Ids only: display columns are
    added per page by `for_registry_display`."""
    units = units_visible_to(user).filter(path__startswith=ward.path, depth__gt=ward.depth)
    if not filters.include_sub_cells:
        units = units.filter(depth=ward.depth + 1)
    if filters.status == "active":
        units = units.active()
    elif filters.status == "dissolved":
        units = units.filter(dissolved_on__isnull=False)
    if filters.bloc:
        units = units.filter(bloc=filters.bloc)
    if filters.kind:
        units = units.filter(kind=filters.kind)
    if filters.q:
        units = units.matching(filters.q)
    if filters.rating:
        latest = Rating.objects.filter(unit=OuterRef("pk")).order_by("-year").values("level")[:1]
        units = units.annotate(latest_level=Subquery(latest)).filter(latest_level=filters.rating)
    return units.order_by("sort_key", "code").only("pk")


def for_registry_display(units: UnitQuerySet) -> UnitQuerySet:
    return with_latest_rating(with_latest_figures(units))


@dataclass
class BlocRow:
    bloc: str
    label: str
    units: int = 0
    committees: int = 0  # đảng bộ cơ sở
    cells: int = 0  # chi bộ
    members: int = 0
    women: int = 0
    ethnic_minority: int = 0
    exempted: int = 0
    local_heads: int = 0
    missing_figures: int = 0


@dataclass
class BlocTotals:
    rows: list[BlocRow]
    total: BlocRow = field(default_factory=lambda: BlocRow(bloc="", label="Tổng cộng"))


def latest_figures(units: QuerySet[Unit]) -> QuerySet[MemberFigure]:
    """Each unit's latest member figure: the figure with no later one for its unit
    (an anti-join, which PostgreSQL runs as one hash join and SQLite as an index probe)."""
    newer = MemberFigure.objects.filter(unit=OuterRef("unit"), as_of__gt=OuterRef("as_of"))
    return MemberFigure.objects.filter(unit__in=units).filter(~Exists(newer))


def bloc_totals(ward: Unit) -> BlocTotals:
    """Seed 001's table: grassroots units and members by bloc. Only the ward's direct
    children count, so sub-cells are never counted twice. Two aggregate queries."""
    grassroots = Unit.objects.grassroots_of(ward).active()
    rows = {bloc.value: BlocRow(bloc=bloc.value, label=bloc.label) for bloc in Bloc}
    totals = BlocTotals(rows=list(rows.values()))
    unit_counts = grassroots.values("bloc").annotate(
        units=Count("pk"),
        committees=Count("pk", filter=Q(kind=Kind.BASE_COMMITTEE)),
        local_heads=Count("pk", filter=Q(secretary_is_local_head=True)),
    )
    figure_sums = (
        latest_figures(grassroots)
        .values("unit__bloc")
        .annotate(with_figures=Count("pk"), **{name: Sum(name) for name in FIGURE_FIELDS})
    )
    for counted in unit_counts:
        row = rows.get(counted["bloc"])
        if row is None:
            continue
        row.units = counted["units"]
        row.committees = counted["committees"]
        row.cells = counted["units"] - counted["committees"]
        row.local_heads = counted["local_heads"]
        row.missing_figures = row.units
    for summed in figure_sums:
        row = rows.get(summed["unit__bloc"])
        if row is None:
            continue
        row.missing_figures -= summed["with_figures"]
        for name in FIGURE_FIELDS:
            setattr(row, name, summed[name] or 0)
    total = totals.total
    for row in totals.rows:
        for name in (
            "units",
            "committees",
            "cells",
            "local_heads",
            "missing_figures",
            *FIGURE_FIELDS,
        ):
            setattr(total, name, getattr(total, name) + getattr(row, name))
    return totals


def annotate_page(page: Page, annotate: Callable[[UnitQuerySet], UnitQuerySet]) -> Page:
    """Fetch the display annotations (subqueries) for the rows of one page only: sorting
    and counting run on the plain query, the costly columns on 50 rows."""
    ids = [unit.pk for unit in page.object_list]
    annotated = {unit.pk: unit for unit in annotate(Unit.objects.filter(pk__in=ids))}
    page.object_list = [annotated[pk] for pk in ids]
    return page


@dataclass
class FigureCheck:
    """Where a unit's sub-cells all have figures and their sum differs from the unit's own."""

    field: str
    label: str
    own: int
    children_sum: int

    @property
    def difference(self) -> int:
        return self.own - self.children_sum


def figure_checks(unit: Unit) -> list[FigureCheck]:
    own = MemberFigure.objects.filter(unit=unit).order_by("-as_of").first()
    if own is None:
        return []
    children = list(
        with_latest_figures(unit.children.active()).values(*(f"fig_{f}" for f in FIGURE_FIELDS))
    )
    if not children or any(child["fig_members"] is None for child in children):
        return []
    checks = []
    for name in FIGURE_FIELDS:
        total = sum(child[f"fig_{name}"] for child in children)
        if total != getattr(own, name):
            checks.append(FigureCheck(name, FIGURE_LABELS[name], getattr(own, name), total))
    return checks


def last_ratings(unit: Unit, years: int = 3) -> list[Rating]:
    return list(unit.ratings.order_by("-year")[:years])


@dataclass
class Change:
    when: datetime.datetime
    who: str
    what: str
    details: list[str]


HISTORY_TYPES = {"+": "Tạo mới", "~": "Sửa", "-": "Xóa"}


def _describe(record: Any, previous: Any, model_label: str) -> Change:
    details = []
    if previous is not None and record.history_type == "~":
        delta = record.diff_against(previous)
        for change in delta.changes:
            model_field = record.instance._meta.get_field(change.field)
            label = capfirst(str(model_field.verbose_name))
            old = _display(model_field, change.old)
            new = _display(model_field, change.new)
            details.append(f"{label}: «{old}» → «{new}»")
    who = display_name(record.history_user)
    return Change(
        record.history_date, who, f"{HISTORY_TYPES[record.history_type]} {model_label}", details
    )


def _display(model_field: Any, value: object) -> str:
    if value in (None, ""):
        return "trống"
    if model_field.choices:
        return str(dict(model_field.flatchoices).get(value, value))
    if model_field.is_relation:
        related = model_field.related_model.objects.filter(pk=value).first()
        return str(related) if related else str(value)
    if isinstance(value, bool):
        return "có" if value else "không"
    if hasattr(value, "strftime"):
        return value.strftime("%d/%m/%Y")
    return str(value)


def unit_changes(unit: Unit, limit: int = 50) -> list[Change]:
    """Who changed what, when: the unit, its figures and its ratings, newest first."""
    changes: list[Change] = []
    sources = [
        (unit.history.all(), "thông tin tổ chức"),
        (MemberFigure.history.filter(unit_id=unit.pk), "số liệu đảng viên"),
        (Rating.history.filter(unit_id=unit.pk), "xếp loại"),
    ]
    for history, label in sources:
        newest = history.select_related("history_user").order_by("-history_date")[: limit * 2]
        records = list(reversed(newest))
        previous_by_id: dict[int, object] = {}
        for record in records:
            changes.append(_describe(record, previous_by_id.get(record.id), label))
            previous_by_id[record.id] = record
    changes.sort(key=lambda c: c.when, reverse=True)
    return [c for c in changes if c.details or not c.what.startswith("Sửa")][:limit]


# --- accounts --------------------------------------------------------------------------------

INACTIVE_MARK = "tài khoản đã khóa"


def account_label(user: User) -> str:
    """A person's name for a list or a choice, marked when the account is deactivated."""
    name = display_name(user)
    return name if user.is_active else f"{name} ({INACTIVE_MARK})"


@dataclass
class AccountFilters:
    q: str = ""
    role: str = ""
    status: str = "active"  # active | inactive | all


def ward_accounts(ward: Unit, filters: AccountFilters | None = None) -> list[Membership]:
    """The accounts working in the ward (its own bodies and every unit below), ward bodies
    first, then by unit in Vietnamese order; searched by name, username or unit, with or
    without accents. One query: a ward has a few hundred accounts at most, so the folded
    match runs here rather than in a stored column that edits made elsewhere could stale."""
    filters = filters or AccountFilters()
    memberships = Membership.objects.filter(unit__path__startswith=ward.path).select_related(
        "user", "unit"
    )
    if filters.role:
        memberships = memberships.filter(role=filters.role)
    if filters.status == "active":
        memberships = memberships.filter(user__is_active=True)
    elif filters.status == "inactive":
        memberships = memberships.filter(user__is_active=False)
    rows = list(memberships.order_by("unit__depth", "unit__sort_key", "user__username"))
    words = fold(filters.q).split()
    if words:
        rows = [m for m in rows if all(w in _account_text(m) for w in words)]
    return rows


def _account_text(membership: Membership) -> str:
    user = membership.user
    return fold(
        " ".join([user.username, display_name(user), membership.unit.name, membership.unit.code])
    )


def recent_logins(user: User, limit: int = 10) -> list[AccessLog]:
    """The account's latest successful logins (django-axes' access log): when, from where."""
    return list(AccessLog.objects.filter(username=user.username).order_by("-attempt_time")[:limit])


def secretary_accounts(unit: Unit) -> QuerySet[User]:
    """The accounts working as the unit's secretary, active first."""
    return User.objects.filter(membership__unit=unit, membership__role=Role.SECRETARY).order_by(
        "-is_active", "pk"
    )
