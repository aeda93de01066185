"""Writing a checked sheet: all of it in one transaction, or nothing."""

from django.db import transaction
from django.db.models import Q
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from ..models import (
    FIGURE_FIELDS,
    PATH_STEP,
    MemberFigure,
    Rating,
    Unit,
)
from ..services.registry import move_subtree, refresh_derived
from ..signals import figures_written
from ..types import User, Viewer
from .check import ByCode, ImportReport, RowPlan, plan_import
from .read import Table

Units = dict[str, Unit]  # the units the import writes, by code ("" is the ward)

UPDATED_FIELDS = [
    "name",
    "kind",
    "bloc",
    "bloc_inherited",
    "secretary_name",
    "secretary_phone",
    "secretary_is_local_head",
    "area",
    "committee_member",
    "sort_key",
    "search_text",
    "version",
]


@transaction.atomic
def apply_import(report: ImportReport, *, user: Viewer | None = None) -> ImportReport:
    """Write a clean plan: create new units parents first, update changed ones, record
    figures and ratings. Refuses a plan with any problem (all or nothing)."""
    if not report.ok:
        raise ValueError("an import with problems is never applied")
    ward = Unit.objects.select_for_update().get(pk=report.ward.pk)
    rows = [r for r in report.rows if r.action in ("new", "changed")]
    by_code = {r.code: r for r in rows}
    units: dict[str, Unit] = {
        u.code: u
        for u in Unit.objects.filter(
            Q(code__in=by_code) | Q(code__in={r.parent_code for r in rows})
        )
    }
    units[""] = ward
    history_user = user if isinstance(user, User) else None
    _create_units([r for r in rows if r.action == "new"], by_code, units, history_user)
    _update_units([r for r in rows if r.action == "changed"], ward, units, history_user)
    _write_figures(rows, units, history_user)
    _write_ratings(rows, units, history_user)
    figures_written.send(sender=Unit)
    report.applied = True
    return report


def _create_units(
    pending: list[RowPlan], by_code: ByCode, units: Units, history_user: User | None
) -> None:
    """New units, level by level so that each parent has its path before its children."""
    while pending:
        ready = [r for r in pending if r.parent_code in units]
        if not ready:
            raise RuntimeError("import plan has unresolved parents")  # _check_tree prevents this
        new_units = []
        for row in ready:
            parent = units[row.parent_code]
            unit = Unit(
                code=row.code,
                parent=parent,
                depth=parent.depth + 1,
                path=f"pending-{row.code}",
                **row.values,
            )
            refresh_derived(unit)
            new_units.append(unit)
        created = bulk_create_with_history(
            new_units, Unit, batch_size=500, default_user=history_user
        )
        if any(u.pk is None for u in created):
            created = list(Unit.objects.filter(code__in=[u.code for u in new_units]))
        for unit in created:
            unit.path = units[by_code[unit.code].parent_code].path + f"{unit.pk:0{PATH_STEP}d}."
            units[unit.code] = unit
        Unit.objects.bulk_update(created, ["path"], batch_size=500)
        done = {r.code for r in ready}
        pending = [r for r in pending if r.code not in done]


def _update_units(
    changed: list[RowPlan], ward: Unit, units: Units, history_user: User | None
) -> None:
    """Changed units: moves one subtree at a time, each from fresh paths (an earlier move
    may have rewritten them), then the fields in one bulk update with history."""
    to_update = []
    for row in changed:
        unit = units[row.code]
        parent_id = ward.pk if not row.parent_code else units[row.parent_code].pk
        if unit.parent_id != parent_id:
            fresh = Unit.objects.get(pk=unit.pk)
            new_parent = Unit.objects.get(pk=parent_id)
            move_subtree(fresh, new_parent)
            Unit.objects.filter(pk=unit.pk).update(parent=new_parent)
            unit.parent = new_parent
        for key, value in row.values.items():
            setattr(unit, key, value)
        refresh_derived(unit)
        unit.version += 1
        to_update.append(unit)
    if to_update:
        bulk_update_with_history(
            to_update, Unit, UPDATED_FIELDS, batch_size=500, default_user=history_user
        )


def _write_figures(rows: list[RowPlan], units: Units, history_user: User | None) -> None:
    wanted = {(units[r.code].pk, r.figures["as_of"]): r.figures for r in rows if r.figures}
    if not wanted:
        return
    existing = {
        (f.unit_id, f.as_of): f
        for f in MemberFigure.objects.filter(unit_id__in={k[0] for k in wanted})
    }
    create: list[MemberFigure] = []
    update: list[MemberFigure] = []
    for (unit_id, as_of), values in wanted.items():
        figure = existing.get((unit_id, as_of))
        counts = {k: values[k] for k in FIGURE_FIELDS}
        if figure is None:
            create.append(MemberFigure(unit_id=unit_id, as_of=as_of, **counts))
        elif any(getattr(figure, k) != v for k, v in counts.items()):
            for k, v in counts.items():
                setattr(figure, k, v)
            update.append(figure)
    if create:
        bulk_create_with_history(create, MemberFigure, batch_size=1000, default_user=history_user)
    if update:
        bulk_update_with_history(
            update, MemberFigure, list(FIGURE_FIELDS), batch_size=1000, default_user=history_user
        )


def _write_ratings(rows: list[RowPlan], units: Units, history_user: User | None) -> None:
    wanted = {(units[r.code].pk, year): level for r in rows for year, level in r.ratings.items()}
    if not wanted:
        return
    existing = {
        (r.unit_id, r.year): r for r in Rating.objects.filter(unit_id__in={k[0] for k in wanted})
    }
    create: list[Rating] = []
    update: list[Rating] = []
    for (unit_id, year), level in wanted.items():
        rating = existing.get((unit_id, year))
        if rating is None:
            create.append(Rating(unit_id=unit_id, year=year, level=level))
        elif rating.level != level:
            rating.level = level
            update.append(rating)
    if create:
        bulk_create_with_history(create, Rating, batch_size=1000, default_user=history_user)
    if update:
        bulk_update_with_history(
            update, Rating, ["level"], batch_size=1000, default_user=history_user
        )


def registry_import(
    *, ward: Unit, table: Table, dry_run: bool, user: Viewer | None = None
) -> ImportReport:
    """Plan the import and, unless dry_run or anything is wrong, apply it."""
    report = plan_import(ward, table)
    if report.ok and not dry_run:
        apply_import(report, user=user)
    return report
