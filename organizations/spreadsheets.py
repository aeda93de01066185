"""Writing people's text into Excel workbooks as data, never as formulas."""

import io
import zipfile
from typing import Any, TypeVar, cast

from lxml import etree
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import Cell, MergedCell
from openpyxl.worksheet.worksheet import Worksheet

# What a spreadsheet may take for the start of a formula (or of one hidden behind a tab or a
# carriage return): a user's text starting so is written as text.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


C = TypeVar("C", bound=Cell | MergedCell)


def as_text(cell: C) -> C:
    """Keep the cell's text a string: openpyxl stores any text starting with "=" as a
    formula (a secretary's "=HYPERLINK(…)" would become a live link in the ward's
    workbook); text is never meant as one in this software's exports. Marked "quote
    prefix" too, so that editing the cell in Excel or LibreOffice keeps it text."""
    if isinstance(cell.value, str) and (
        cell.data_type == "f" or cell.value.startswith(FORMULA_STARTS)
    ):
        cell.data_type = "s"
        cell.quotePrefix = True
    return cell


def text_row(sheet: Any, values: list[Any]) -> list[Any]:
    """A row for a write-only sheet: each text that could be read as a formula is a cell
    kept as text (as_text); every other value goes in as it is."""
    return [
        as_text(WriteOnlyCell(sheet, value=v))
        if isinstance(v, str) and v.startswith(FORMULA_STARTS)
        else v
        for v in values
    ]


def put(sheet: Worksheet, row: int, column: int, value: Any) -> Cell:
    """sheet.cell(row, column, value), the value kept as data (as_text)."""
    return as_text(sheet.cell(row=row, column=column, value=value))


def append(sheet: Worksheet, values: list[Any]) -> None:
    """sheet.append(values), each text kept as data (as_text). The row is the one append
    just wrote: looking it up by sheet.max_row scans every cell of the sheet, which made an
    11,600-row export take minutes."""
    sheet.append(values)
    row = cast(Any, sheet)._current_row  # openpyxl's own count of the rows appended
    for column, value in enumerate(values, start=1):
        if isinstance(value, str):
            as_text(sheet.cell(row=row, column=column))


# The order the Open XML SDK (so Excel for Mac, which repairs a file out of it) expects a
# <font>'s children in; openpyxl writes the name first and the size near the end.
FONT_ORDER = [
    "b", "i", "strike", "condense", "extend", "outline", "shadow", "u", "vertAlign", "sz",
    "color", "name", "family", "charset", "scheme",
]  # fmt: skip
SPREADSHEET = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"


def workbook_bytes(workbook: Workbook) -> bytes:
    """The saved workbook, each font's properties in the schema's order."""
    buffer = io.BytesIO()
    workbook.save(buffer)
    source = zipfile.ZipFile(buffer)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            data = source.read(item)
            if item.filename == "xl/styles.xml":
                data = _fonts_in_order(data)
            target.writestr(item, data)
    return out.getvalue()


def _fonts_in_order(styles: bytes) -> bytes:
    root = etree.fromstring(styles)
    rank = {f"{SPREADSHEET}{name}": index for index, name in enumerate(FONT_ORDER)}
    for font in root.iter(f"{SPREADSHEET}font"):
        font[:] = sorted(font, key=lambda child: rank.get(child.tag, len(rank)))
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
