"""Writes to the registry. Each keeps the tree's path, the derived sort and search keys and
the edit version right, so callers never touch those fields."""

import datetime
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Value
from django.db.models.functions import Concat, Substr

from ..bulk import BulkOutcome, each
from ..concurrency import EditConflict
from ..models import PATH_STEP, Kind, MemberFigure, Rating, Unit
from ..text import fold, normalize_line, sort_key

UNIT_EDITABLE_FIELDS = [
    "code",
    "name",
    "kind",
    "bloc",
    "parent",
    "area",
    "secretary_name",
    "secretary_phone",
    "secretary_is_local_head",
    "committee_member",
]

ERROR_PARENT_IN_SUBTREE = "Không thể đặt tổ chức dưới chính nó hoặc dưới tổ chức trực thuộc nó."
ERROR_PARENT_OUTSIDE_WARD = "Tổ chức cấp trên phải thuộc cùng đảng bộ phường."
ERROR_DISSOLVE_WITH_ACTIVE_CHILDREN = (
    "Chưa giải thể được: còn tổ chức trực thuộc đang hoạt động ({names}). "
    "Hãy giải thể hoặc chuyển các tổ chức đó trước."
)
ERROR_GRASSROOTS_NEEDS_BLOC = "Tổ chức cơ sở đảng phải có khối."


def _segment(pk: int) -> str:
    return f"{pk:0{PATH_STEP}d}."


def refresh_derived(unit: Unit) -> None:
    """Normalize the text fields and recompute the sort and search keys (no save)."""
    for field in ("name", "area", "secretary_name", "secretary_phone", "committee_member"):
        setattr(unit, field, normalize_line(getattr(unit, field)))
    unit.code = normalize_line(unit.code).upper()
    unit.sort_key = sort_key(unit.name)
    unit.search_text = " ".join(
        fold(part) for part in (unit.name, unit.code, unit.secretary_name, unit.area) if part
    )


def resolve_bloc(unit: Unit, parent: Unit | None) -> None:
    """A sub-cell without a bloc of its own takes its parent's (seed 001's blocs)."""
    if unit.bloc:
        unit.bloc_inherited = False
        return
    if parent is not None and parent.kind not in (Kind.WARD, Kind.CITY):
        unit.bloc = parent.bloc
        unit.bloc_inherited = True


def _cascade_bloc(unit: Unit) -> None:
    """Sub-cells that inherit their bloc follow their parent's change, level by level."""
    frontier = [unit]
    while frontier:
        parent = frontier.pop()
        heirs = list(parent.children.filter(bloc_inherited=True))
        for child in heirs:
            if child.bloc != parent.bloc:
                child.bloc = parent.bloc
                child.save(update_fields=["bloc"])
            frontier.append(child)


def _check_parent(unit: Unit, parent: Unit | None) -> None:
    if parent is None:
        return
    if unit.pk and parent.path.startswith(unit.path):
        raise ValidationError({"parent": ERROR_PARENT_IN_SUBTREE})
    if unit.pk and _ward_path(parent) != _ward_path(unit):
        raise ValidationError({"parent": ERROR_PARENT_OUTSIDE_WARD})


def _ward_path(unit: Unit) -> str | None:
    """The path of the ward the unit belongs to (itself when it is one)."""
    paths = [*unit.ancestor_paths, unit.path]
    ward = Unit.objects.filter(kind=Kind.WARD, path__in=paths).values_list("path", flat=True)
    return next(iter(ward), None)


def _validate_grassroots_bloc(unit: Unit, parent: Unit | None) -> None:
    if parent is not None and parent.kind == Kind.WARD and not unit.bloc:
        raise ValidationError({"bloc": ERROR_GRASSROOTS_NEEDS_BLOC})


@transaction.atomic
def unit_create(*, code: str, name: str, parent: Unit | None = None, **fields: object) -> Unit:
    """Create a unit under `parent` (None: a new root) and give it its path."""
    fields.setdefault("kind", Kind.WARD if parent is None else Kind.BASE_CELL)
    unit = Unit(code=code, name=name, parent=parent, **fields)
    refresh_derived(unit)
    resolve_bloc(unit, parent)
    _validate_grassroots_bloc(unit, parent)
    unit.path = f"pending-{code}"
    unit.depth = parent.depth + 1 if parent else 0
    unit.full_clean(exclude=["path"])
    unit.save()
    unit.path = (parent.path if parent else "") + _segment(unit.pk)
    Unit.objects.filter(pk=unit.pk).update(path=unit.path)
    return unit


def move_subtree(unit: Unit, new_parent: Unit | None) -> None:
    """Re-root the unit's whole subtree under new_parent in one UPDATE."""
    old_path = unit.path
    new_path = (new_parent.path if new_parent else "") + _segment(unit.pk)
    depth_change = (new_parent.depth + 1 if new_parent else 0) - unit.depth
    Unit.objects.filter(path__startswith=old_path).update(
        path=Concat(Value(new_path), Substr("path", len(old_path) + 1)),
        depth=F("depth") + depth_change,
    )
    unit.path = new_path
    unit.depth += depth_change


@transaction.atomic
def unit_update(*, unit: Unit, data: dict, expected_version: int) -> Unit:
    """Save edits to a unit, refusing if someone else saved it since `expected_version`."""
    current = Unit.objects.select_for_update().get(pk=unit.pk)
    if current.version != expected_version:
        changed = [
            f
            for f in UNIT_EDITABLE_FIELDS
            if getattr(current, f) != data.get(f, getattr(current, f))
        ]
        raise EditConflict(current, changed)
    old_parent_id = current.parent_id
    old_bloc = current.bloc
    for field, value in data.items():
        setattr(current, field, value)
    new_parent = current.parent
    _check_parent(current, new_parent)
    refresh_derived(current)
    resolve_bloc(current, new_parent)
    _validate_grassroots_bloc(current, new_parent)
    current.full_clean(exclude=["path"])
    if new_parent is not None and current.parent_id != old_parent_id:
        move_subtree(current, new_parent)
    current.version += 1
    current.save()
    if current.bloc != old_bloc:
        _cascade_bloc(current)
    return current


def units_assign_committee_member(*, units: Sequence[Unit], name: str) -> BulkOutcome:
    """The same committee member in charge («cấp ủy viên phụ trách») for many units, each
    saved as unit_update saves one (a unit changed meanwhile is refused and named)."""
    name = normalize_line(name)
    if not name:
        raise ValidationError({"committee_member": "Ghi họ tên cấp ủy viên phụ trách."})
    return each(
        units,
        lambda unit: unit_update(
            unit=unit, data={"committee_member": name}, expected_version=unit.version
        ),
    )


@transaction.atomic
def unit_dissolve(*, unit: Unit, on: datetime.date, reason: str) -> Unit:
    active_children = list(unit.children.active().values_list("name", flat=True)[:5])
    if active_children:
        raise ValidationError(
            ERROR_DISSOLVE_WITH_ACTIVE_CHILDREN.format(names=", ".join(active_children))
        )
    unit.dissolved_on = on
    unit.dissolution_reason = normalize_line(reason)
    unit.version += 1
    unit.full_clean(exclude=["path"])
    unit.save(update_fields=["dissolved_on", "dissolution_reason", "version"])
    return unit


@transaction.atomic
def unit_restore(*, unit: Unit) -> Unit:
    if unit.parent is not None and not unit.parent.is_active:
        raise ValidationError("Tổ chức cấp trên đã giải thể; hãy khôi phục tổ chức cấp trên trước.")
    unit.dissolved_on = None
    unit.dissolution_reason = ""
    unit.version += 1
    unit.save(update_fields=["dissolved_on", "dissolution_reason", "version"])
    return unit


@dataclass(frozen=True)
class Figures:
    as_of: datetime.date
    members: int
    women: int = 0
    ethnic_minority: int = 0
    exempted: int = 0


@transaction.atomic
def figure_record(*, unit: Unit, figures: Figures) -> MemberFigure:
    """Record the unit's figures as of a date (replacing that date's record if any)."""
    figure = MemberFigure.objects.filter(unit=unit, as_of=figures.as_of).first() or MemberFigure(
        unit=unit, as_of=figures.as_of
    )
    figure.members = figures.members
    figure.women = figures.women
    figure.ethnic_minority = figures.ethnic_minority
    figure.exempted = figures.exempted
    figure.full_clean()
    figure.save()
    return figure


@transaction.atomic
def rating_set(*, unit: Unit, year: int, level: str, score: Decimal | None = None) -> Rating:
    rating = Rating.objects.filter(unit=unit, year=year).first() or Rating(unit=unit, year=year)
    rating.level = level
    rating.score = score
    rating.full_clean()
    rating.save()
    return rating
