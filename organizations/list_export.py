"""Every list to Excel: a page's filtered rows, the columns its django-import-export
`Resource` declares (once, for the page's export and the admin's), written as a workbook whose
text is always data (spreadsheets.as_text), with Vietnamese headers, a frozen header row and
an autofilter."""

import datetime
import math
from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from import_export.fields import Field
from import_export.resources import Resource
from import_export.widgets import Widget
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from .spreadsheets import append, workbook_bytes
from .text import fold

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
EXPORT_PARAM = "xuat"  # ?xuat=xlsx on a list page gives its rows as Excel


class NativeWidget(Widget):
    """A value as it is (a date stays a date): the workbook formats it, not the widget."""

    def render(self, value: Any, obj: Any = None, **kwargs: Any) -> Any:
        return value


def column(header: str, attribute: str) -> Field:
    """A column of a list's export read from `attribute` ("unit__name")."""
    return Field(attribute=attribute, column_name=header, widget=NativeWidget())


def wants_excel(request: HttpRequest) -> bool:
    return request.GET.get(EXPORT_PARAM) == "xlsx"


def _cell(value: Any) -> Any:
    """Dates stay dates, numbers numbers; everything else text."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "Có" if value else "Không"
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value).replace(tzinfo=None)
    if isinstance(value, datetime.date | int | float):
        return value
    return str(value)


def workbook_of(resource: Resource, rows: QuerySet | list, title: str) -> bytes:
    dataset = resource.export(rows)
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = title[:31]
    append(sheet, list(dataset.headers or []))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    for row in dataset:
        append(sheet, [_cell(v) for v in row])
    wrap = Alignment(wrap_text=True, vertical="top")
    for column, cells in enumerate(sheet.iter_cols(), start=1):
        letter = get_column_letter(column)
        longest = max((len(str(c.value)) for c in cells if c.value is not None), default=8)
        sheet.column_dimensions[letter].width = min(max(longest, 10), 50) + 2
        for cell in cells[1:]:
            cell.alignment = wrap
            if isinstance(cell.value, datetime.datetime):
                cell.number_format = "DD/MM/YYYY HH:MM"
            elif isinstance(cell.value, datetime.date):
                cell.number_format = "DD/MM/YYYY"
    widths = [
        sheet.column_dimensions[get_column_letter(n)].width - 2
        for n in range(1, sheet.max_column + 1)
    ]
    for number, values in enumerate(sheet.iter_rows(min_row=2, values_only=True), start=2):
        # Spreadsheets do not grow a row for wrapped text they did not lay out themselves.
        lines = [
            math.ceil(len(str(value)) / width)
            for value, width in zip(values, widths, strict=False)
            if value not in (None, "")
        ]
        sheet.row_dimensions[number].height = 15 * max([1, *lines])
    sheet.freeze_panes = "A2"
    if sheet.max_row > 1:
        sheet.auto_filter.ref = sheet.dimensions
    # printed as people print a list: landscape, one page wide, the header on every page
    # (openpyxl's stubs allow these parts to be missing; a new sheet has every one)
    printed: Any = sheet
    printed.page_setup.orientation = "landscape"
    printed.page_setup.paperSize = sheet.PAPERSIZE_A4
    printed.page_setup.fitToWidth = 1
    printed.page_setup.fitToHeight = 0
    printed.sheet_properties.pageSetUpPr.fitToPage = True
    printed.print_title_rows = "1:1"
    return workbook_bytes(book)


def excel_response(resource: Resource, rows: QuerySet | list, name: str) -> HttpResponse:
    """The rows as a download named "<name>_<local date>.xlsx" (accents folded)."""
    stem = fold(name).replace(" ", "-")
    response = HttpResponse(workbook_of(resource, rows, name), content_type=XLSX)
    filename = f"{stem}_{timezone.localdate():%Y-%m-%d}.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
