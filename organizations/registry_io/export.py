"""The registry to Excel, in the same columns the import reads (an export imported again
changes nothing)."""

from typing import cast

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from ..models import (
    RATING_ABBREVIATIONS,
    Rating,
    Unit,
    UnitQuerySet,
)
from ..selectors import with_latest_figures
from ..spreadsheets import append, workbook_bytes
from .cells import COLUMNS, RATING_HEADER


def export_rows(ward: Unit, units: UnitQuerySet) -> tuple[list[str], list[list]]:
    """Headers and rows for the active units below the ward, each grassroots unit followed
    by its sub-cells, in Vietnamese order."""

    listed = list(
        with_latest_figures(units.filter(path__startswith=ward.path, depth__gt=ward.depth).active())
        .select_related("parent")
        .order_by("sort_key", "code")
    )
    ratings: dict[int, dict[int, str]] = {}
    years: set[int] = set()
    for unit_id, year, level in Rating.objects.filter(unit__in=listed).values_list(
        "unit_id", "year", "level"
    ):
        ratings.setdefault(unit_id, {})[year] = level
        years.add(year)
    children: dict[int | None, list[Unit]] = {}
    for unit in listed:
        children.setdefault(unit.parent_id, []).append(unit)
    ordered: list[Unit] = []

    def walk(parent_id: int | None) -> None:
        for child in children.get(parent_id, []):
            ordered.append(child)
            walk(child.pk)

    walk(ward.pk)
    seen = {u.pk for u in ordered}
    ordered.extend(u for u in listed if u.pk not in seen)  # a secretary's scope starts lower

    years_sorted = sorted(years)
    headers = [header for _, header, _ in COLUMNS] + [
        RATING_HEADER.format(year=y) for y in years_sorted
    ]
    rows = []
    for unit in ordered:
        parent_code = "" if unit.parent is None or unit.parent_id == ward.pk else unit.parent.code
        as_of = unit.fig_as_of.strftime("%d/%m/%Y") if unit.fig_as_of else None
        rows.append(
            [
                unit.code,
                unit.name,
                unit.get_kind_display(),
                # A sub-cell's bloc is its parent's, written out so that filtering the
                # workbook by bloc keeps it; importing it back keeps it inherited.
                unit.get_bloc_display() if unit.bloc else "",
                parent_code,
                unit.fig_members,
                unit.fig_women,
                unit.fig_ethnic_minority,
                unit.fig_exempted,
                as_of,
                unit.secretary_name,
                unit.secretary_phone,
                "x" if unit.secretary_is_local_head else "",
                unit.area,
                unit.committee_member,
            ]
            + [
                RATING_ABBREVIATIONS.get(ratings.get(unit.pk, {}).get(y, ""), "")
                for y in years_sorted
            ]
        )
    return headers, rows


def export_xlsx(ward: Unit, units: UnitQuerySet) -> bytes:
    headers, rows = export_rows(ward, units)
    workbook = Workbook()
    sheet = cast(Worksheet, workbook.active)  # a new workbook's one sheet
    sheet.title = "Danh sách tổ chức"
    append(sheet, headers)
    for row in rows:
        append(sheet, row)
    bold = Font(bold=True)
    fill = PatternFill("solid", fgColor="F2DCDB")
    for cell in sheet[1]:
        cell.font = bold
        cell.fill = fill
        cell.alignment = Alignment(wrap_text=True, vertical="center")
    widths = {"Tên tổ chức": 42, "Loại tổ chức": 20, "Khối": 34, "Bí thư": 24}
    for index, header in enumerate(headers, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = widths.get(
            header, max(12, len(header) + 2)
        )
    sheet.freeze_panes = "C2"
    sheet.auto_filter.ref = sheet.dimensions
    return workbook_bytes(workbook)
