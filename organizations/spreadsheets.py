"""Writing people's text into Excel workbooks as data, never as formulas."""

import io
import re
import zipfile
from typing import Any, TypeVar, cast
from xml.sax.saxutils import escape

from lxml import etree
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import Cell, MergedCell
from openpyxl.utils import get_column_letter
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


def workbook_bytes(workbook: Workbook, more_rows: bytes = b"") -> bytes:
    """The saved workbook, each font's properties in the schema's order; `more_rows`
    (sheet_rows) go after the rows of its first sheet."""
    buffer = io.BytesIO()
    workbook.save(buffer)
    source = zipfile.ZipFile(buffer)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            data = source.read(item)
            if item.filename == "xl/styles.xml":
                data = _fonts_in_order(data)
            elif item.filename == FIRST_SHEET and more_rows:
                if b"</sheetData>" not in data:  # openpyxl writes one; never lose the rows
                    raise ValueError(f"{FIRST_SHEET} has no </sheetData> for the rows")
                data = data.replace(b"</sheetData>", more_rows + b"</sheetData>", 1)
            target.writestr(item, data)
    return out.getvalue()


FIRST_SHEET = "xl/worksheets/sheet1.xml"
# XML 1.0 has no place for these; openpyxl refuses them in a cell.
NOT_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def text_style(sheet: Any) -> int:
    """The workbook's cell format for text kept as text (as_text's quote prefix)."""
    return as_text(WriteOnlyCell(sheet, value="=")).style_id


def sheet_rows(rows: list[list[Any]], first: int, quoted: int) -> bytes:
    """Rows of plain values (text, whole and decimal numbers, None) as a sheet's XML, numbered
    from `first`, written as openpyxl's write-only mode writes them: text inline, a text
    that could be read as a formula with the `quoted` format (text_style). openpyxl makes an
    object and an element of every cell, 9 µs each: 80 % of the time of a city's registry
    (200,000 cells); this is a string per cell."""
    width = max((len(row) for row in rows), default=0)
    letters = [get_column_letter(column) for column in range(1, width + 1)]
    out = []
    for number, values in enumerate(rows, start=first):
        cells = []
        for letter, value in zip(letters, values, strict=False):
            if value is None or value == "":
                continue
            if isinstance(value, int | float) and not isinstance(value, bool):
                cells.append(f'<c r="{letter}{number}" t="n"><v>{value}</v></c>')
                continue
            text = NOT_XML.sub("", str(value))
            style = f' s="{quoted}"' if text.startswith(FORMULA_STARTS) else ""
            text = escape(text).replace("\r", "&#13;")  # a bare CR is read back as LF
            cells.append(
                f'<c r="{letter}{number}"{style} t="inlineStr">'
                f'<is><t xml:space="preserve">{text}</t></is></c>'
            )
        out.append(f'<row r="{number}">{"".join(cells)}</row>')
    return "".join(out).encode()


def _fonts_in_order(styles: bytes) -> bytes:
    root = etree.fromstring(styles)
    rank = {f"{SPREADSHEET}{name}": index for index, name in enumerate(FONT_ORDER)}
    for font in root.iter(f"{SPREADSHEET}font"):
        font[:] = sorted(font, key=lambda child: rank.get(child.tag, len(rank)))
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
