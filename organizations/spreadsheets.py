"""Writing people's text into Excel workbooks as data, never as formulas."""

from typing import Any, TypeVar

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


def put(sheet: Worksheet, row: int, column: int, value: Any) -> Cell:
    """sheet.cell(row, column, value), the value kept as data (as_text)."""
    return as_text(sheet.cell(row=row, column=column, value=value))


def append(sheet: Worksheet, values: list[Any]) -> None:
    """sheet.append(values), each text kept as data (as_text)."""
    sheet.append(values)
    for cell in sheet[sheet.max_row]:
        as_text(cell)
