"""Excel through openpyxl: the letterhead, the title, then each table with its header rows
repeated on every printed page; A4, fit to one page wide; dates as the forms write them."""

import io
import math
import re
from typing import Any, cast

from openpyxl import Workbook
from openpyxl.cell.cell import Cell
from openpyxl.styles import Alignment, Border, Font, NamedStyle, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from organizations.spreadsheets import as_text
from organizations.spreadsheets import put as put_cell

from ..documents import Document, Heading, Table

FONT = "Times New Roman"
THIN = Side(style="thin", color="000000")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
WRAP_TOP = Alignment(wrap_text=True, vertical="top")
CENTER = Alignment(horizontal="center", vertical="center", wrap_text=True)
COLUMN_UNITS = 1.6  # Excel width units per percent of a landscape A4 line
# A portrait A4 line (21 − 3 − 1.5 cm) against a landscape one (29.7 − 3 − 1.5 cm): a portrait
# form's columns are that much narrower, so that it prints at full size, not shrunk to fit.
PORTRAIT_SHARE = 16.5 / 25.2
WHOLE_NUMBER = re.compile(r"0|[1-9]\d{0,8}")


def numeric_columns(rows: list[list[Any]]) -> set[int]:
    """The columns (from 1) whose every filled cell is a whole number ("STT", counts): the
    form prints them as text, Excel gets numbers the office can sum and sort. A column with
    one "1, 3" among its "2"s stays text throughout."""
    columns: set[int] = set()
    for col in range(1, max((len(r) for r in rows), default=0) + 1):
        filled = [r[col - 1] for r in rows if len(r) >= col and r[col - 1] not in (None, "")]
        if filled and all(isinstance(v, str) and WHOLE_NUMBER.fullmatch(v) for v in filled):
            columns.add(col)
    return columns


DEFAULT_WIDTH = 8.43  # Excel's default column width, in its units
LINE_POINTS = 15.75  # one line of 12 pt text
CHARS_PER_UNIT = (
    1.3  # characters of 12 pt Times New Roman per Excel width unit (measured in LibreOffice)
)


def row_height(values: list[Any], widths: list[float]) -> float:
    """The height (points) that shows every wrapped line of the row's cells: Excel and
    LibreOffice keep a row at 15 pt unless told, and wrapped text then prints over the rows
    below. Estimated from each cell's text and its column's width."""
    lines = 1
    for value, width in zip(values, widths, strict=False):
        per_line = max(1, int(width * CHARS_PER_UNIT) - 1)
        text = "" if value is None else str(value)
        cell_lines = sum(max(1, math.ceil(len(part) / per_line)) for part in text.split("\n"))
        lines = max(lines, cell_lines)
    return round(lines * LINE_POINTS + 2, 2)


def _font(**kwargs: Any) -> Font:
    return Font(name=FONT, size=kwargs.pop("size", 13), **kwargs)


def _body_styles(workbook: Workbook) -> tuple[str, str]:
    """The table body's two cell styles, registered once: styling each of a roll-up's
    16,000 cells with fresh Font and Border objects took seconds."""
    for name, alignment in (("Nội dung bảng", WRAP_TOP), ("Nội dung bảng (giữa)", CENTER)):
        workbook.add_named_style(
            NamedStyle(name=name, font=_font(size=12), border=BOX, alignment=alignment)
        )
    return "Nội dung bảng", "Nội dung bảng (giữa)"


class _Sheet:
    """The form's one sheet, written from the top down."""

    def __init__(self, workbook: Workbook, document: Document) -> None:
        self.document = document
        self.sheet = cast(Worksheet, workbook.active)  # a new workbook's one sheet
        self.sheet.title = document.label.title()[:31]
        self.body, self.body_center = _body_styles(workbook)
        self.width = max((len(t.columns) for t in document.tables), default=4)
        self.left = max(1, self.width // 2 - 1)
        self.header_rows: list[tuple[int, int, int]] = []  # first, last, the table's rows
        # Rows to size once every table has set the sheet's column widths: (row, values, the
        # share of a column's width their text gets).
        self.heights: list[tuple[int, list[Any], float]] = []
        self.units = COLUMN_UNITS * (1 if document.landscape else PORTRAIT_SHARE)

    def put(
        self,
        row: int,
        col_from: int,
        col_to: int,
        value: Any,
        font: Font | None = None,
        align: Alignment = CENTER,
    ) -> Cell:
        if col_to > col_from:
            self.sheet.merge_cells(
                start_row=row, start_column=col_from, end_row=row, end_column=col_to
            )
        cell = put_cell(self.sheet, row, col_from, value)
        cell.font = font or _font()
        cell.alignment = align
        return cell

    def letterhead(self) -> int:
        """The two-sided letterhead and the title; the row after them."""
        document, put, left, width = self.document, self.put, self.left, self.width
        head = document.letterhead
        put(1, 1, left, head.superior)
        put(1, left + 2, width, head.party, _font(bold=True, size=14))
        put(2, 1, left, head.issuer, _font(bold=True))
        put(2, left + 2, width, head.place_date, _font(italic=True))
        put(3, 1, left, "*")
        row = 4
        if head.number:
            put(row, 1, left, head.number)
            row += 1
        if document.show_label:
            row += 1
            put(row, 1, width, document.label, _font(bold=True))
        for index, line in enumerate(document.title):
            row += 1
            put(row, 1, width, line, _font(bold=True, size=14 if index == 0 else 13))
        if document.subtitle:
            row += 1
            put(row, 1, width, document.subtitle, _font(bold=True))
        return row + 2

    def table(self, row: int, block: Table, heading: Heading | None) -> int:
        """A table with its heading (but in Phụ lục 3) and its header rows; the row after."""
        sheet, document = self.sheet, self.document
        if heading is not None and document.kind != "appendix3":
            self.put(
                row,
                1,
                self.width,
                heading.text,
                _font(bold=True),
                Alignment(vertical="top", wrap_text=True),
            )
            row += 1
        first_header = row
        widths = [DEFAULT_WIDTH] * len(block.columns)
        if block.widths and len(block.widths) == self.width:
            widths = [max(6, share * self.units) for share in block.widths]
            for col, width in enumerate(widths, start=1):
                sheet.column_dimensions[get_column_letter(col)].width = width
        for col, title in enumerate(block.columns, start=1):
            cell = put_cell(sheet, row, col, title)
            cell.font, cell.alignment, cell.border = _font(bold=True, size=12), CENTER, BOX
        # Bold capitals take more room than body text.
        self.heights.append((row, list(block.columns), 0.85))  # bold capitals are wider
        row += 1
        if block.numbering:
            for col, number in enumerate(block.numbering, start=1):
                cell = put_cell(sheet, row, col, number)
                cell.font, cell.alignment, cell.border = _font(italic=True, size=12), CENTER, BOX
            row += 1
        self.header_rows.append((first_header, row - 1, len(block.rows)))
        centered = {1, 3, 6, 7} if document.kind == "appendix3" else set()
        numeric = numeric_columns(block.rows)
        for values in block.rows:
            for col, value in enumerate(values, start=1):
                body = sheet.cell(row=row, column=col)
                body.style = self.body_center if col in centered else self.body
                # As the form shows it; counts as numbers.
                body.value = int(value) if col in numeric and value not in (None, "") else value
                as_text(body)  # never a formula (after the style, which would reset its flag)
            self.heights.append((row, list(values), 1.0))
            row += 1
        return row + 1

    def ending(self, row: int) -> None:
        """ "Nơi nhận" on the left, the signature on the right."""
        document, put, left, width = self.document, self.put, self.left, self.width
        if document.recipients:
            put(
                row,
                1,
                left,
                "Nơi nhận:",
                _font(bold=True, italic=True, size=12, underline="single"),
                Alignment(horizontal="left"),
            )
            for offset, line in enumerate(document.recipients, start=1):
                put(
                    row + offset,
                    1,
                    left,
                    line,
                    _font(size=11),
                    Alignment(horizontal="left", wrap_text=True),
                )
        if document.signature:
            sig = document.signature
            put(row, left + 2, width, sig.for_line, _font(bold=True))
            put(row + 1, left + 2, width, sig.title, _font(bold=True))
            put(row + 5, left + 2, width, sig.name, _font(bold=True))

    def size_rows(self) -> None:
        """Each table row as tall as its wrapped text, by the sheet's final column widths
        (several tables share the sheet's columns)."""
        sheet = self.sheet
        letters = [get_column_letter(col) for col in range(1, self.width + 1)]
        widths = [  # (looking a column up would create it, at openpyxl's 13)
            sheet.column_dimensions[letter].width
            if letter in sheet.column_dimensions
            else DEFAULT_WIDTH
            for letter in letters
        ]
        for row, values, share in self.heights:
            sheet.row_dimensions[row].height = row_height(values, [w * share for w in widths])

    def page_setup(self) -> None:
        # openpyxl's stubs allow these parts to be missing; a new sheet has every one.
        sheet: Any = self.sheet
        setup = sheet.page_setup
        setup.paperSize = sheet.PAPERSIZE_A4
        setup.orientation = "landscape" if self.document.landscape else "portrait"
        setup.fitToWidth = 1
        setup.fitToHeight = 0
        sheet.sheet_properties.pageSetUpPr.fitToPage = True
        sheet.page_margins.left, sheet.page_margins.right = 30 / 25.4, 15 / 25.4
        sheet.page_margins.top = sheet.page_margins.bottom = 20 / 25.4
        if self.header_rows:
            # The main table's header (the one with the most rows) repeats and stays frozen.
            first, last, _ = max(self.header_rows, key=lambda h: h[2])
            sheet.print_title_rows = f"{first}:{last}"
            sheet.freeze_panes = sheet.cell(row=last + 1, column=1)
        sheet.oddFooter.center.text = "&P/&N"


def render_xlsx(document: Document) -> bytes:
    workbook = Workbook()
    sheet = _Sheet(workbook, document)
    row = sheet.letterhead()
    heading = None
    for block in document.blocks:
        if isinstance(block, Heading):
            heading = block
        elif isinstance(block, Table):
            row = sheet.table(row, block, heading)
    sheet.ending(row + 1)
    sheet.size_rows()
    sheet.page_setup()
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
