"""Excel through openpyxl: the whole document (letterhead, title, every heading, paragraph and
table, "Nơi nhận" and the signature) on one A4 sheet that prints at full size.

A form that is one table (Phụ lục 3) keeps the table's own columns, so the office can sort and
filter it. A document of several tables and prose (Phụ lục 1, 2) is laid on a fine grid of
equal columns: text runs across the line, and each table's columns span as many grid columns
as its own widths ask, so no table borrows another's widths."""

import math
import re
from typing import Any, cast

from openpyxl import Workbook
from openpyxl.cell.cell import Cell
from openpyxl.styles import Alignment, Border, Font, NamedStyle, Side
from openpyxl.utils import get_column_letter
from openpyxl.utils.indexed_list import IndexedList
from openpyxl.worksheet.worksheet import Worksheet

from organizations.spreadsheets import as_text, workbook_bytes
from organizations.spreadsheets import put as put_cell

from ..documents import Bullets, Document, Heading, Paragraph, Table

FONT = "Times New Roman"
THIN = Side(style="thin", color="000000")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
WRAP_TOP = Alignment(wrap_text=True, vertical="top")
WRAP_LEFT = Alignment(horizontal="left", vertical="top", wrap_text=True)
CENTER = Alignment(horizontal="center", vertical="center", wrap_text=True)
# Excel measures a column in digits of the workbook's default font: Times New Roman 12 pt
# here (_times_by_default), whose digit is 8 px (6 pt) in Excel and LibreOffice alike, so
# a landscape A4 line (29.7 − 3 − 1.5 cm, 714 pt) is 119 units.
COLUMN_UNITS = 1.19  # Excel width units per percent of a landscape A4 line
# A portrait A4 line (21 − 3 − 1.5 cm) against a landscape one (29.7 − 3 − 1.5 cm): a portrait
# form's columns are that much narrower, so that it prints at full size, not shrunk to fit.
PORTRAIT_SHARE = 16.5 / 25.2
# The equal columns a document of several tables is laid on: each table column spans at
# least one, so 40 gives every width to within 2.5 % of the line.
GRID = 40
WHOLE_NUMBER = re.compile(r"0|[1-9]\d{0,8}")
DEFAULT_WIDTH = 8.43  # Excel's default column width, in its units
LINE_POINTS = 15.75  # one line of 12 pt text
# Characters of 12 pt Times New Roman (Vietnamese text) per Excel width unit of 6 pt.
CHARS_PER_UNIT = 1.0
MAX_ROW_POINTS = 409  # Excel's tallest row: a longer cell is cut there


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


def row_height(values: list[Any], widths: list[float]) -> float:
    """The height (points) that shows every wrapped line of the row's cells: Excel and
    LibreOffice keep a row at 15 pt unless told, and wrapped text then prints over the rows
    below. Estimated from each cell's text and its column's (or merged columns') width."""
    lines = 1
    for value, width in zip(values, widths, strict=False):
        per_line = max(1, int(width * CHARS_PER_UNIT) - 1)
        text = "" if value is None else str(value)
        cell_lines = sum(max(1, math.ceil(len(part) / per_line)) for part in text.split("\n"))
        lines = max(lines, cell_lines)
    return min(round(lines * LINE_POINTS + 2, 2), MAX_ROW_POINTS)


def spans(shares: list[float], columns: int) -> list[int]:
    """How many of `columns` equal columns each share gets: at least one each, the rest by
    the largest remainders, summing to `columns`."""
    total = sum(shares)
    exact = [columns * share / total for share in shares]
    whole = [max(1, int(x)) for x in exact]
    by_remainder = sorted(range(len(exact)), key=lambda i: exact[i] - int(exact[i]), reverse=True)
    for i in by_remainder[: max(0, columns - sum(whole))]:
        whole[i] += 1
    while sum(whole) > columns:  # the minimum of one each overran: take from the widest
        whole[whole.index(max(whole))] -= 1
    return whole


def is_one_table(document: Document) -> bool:
    """A form that is its table (Phụ lục 3): no prose around it but its headings."""
    return len(document.tables) == 1 and all(
        isinstance(b, Table | Heading) for b in document.blocks
    )


def _font(**kwargs: Any) -> Font:
    return Font(name=FONT, size=kwargs.pop("size", 13), **kwargs)


def _times_by_default(workbook: Workbook) -> None:
    """Times New Roman 12 pt as the workbook's default font (openpyxl's is Calibri 11, which
    LibreOffice replaces by whatever it has, each with its own digit width): column widths
    then print the same size everywhere. openpyxl has no public setting for it."""
    font = _font(size=12)
    book: Any = workbook  # its private parts, which the stubs leave out
    book._fonts = IndexedList([font])  # the font of index 0, every cell's default
    book._named_styles["Normal"].font = font


def _body_styles(workbook: Workbook) -> tuple[str, str]:
    """The table body's two cell styles, registered once: styling each of a roll-up's
    16,000 cells with fresh Font and Border objects took seconds."""
    for name, alignment in (("Nội dung bảng", WRAP_TOP), ("Nội dung bảng (giữa)", CENTER)):
        workbook.add_named_style(
            NamedStyle(name=name, font=_font(size=12), border=BOX, alignment=alignment)
        )
    return "Nội dung bảng", "Nội dung bảng (giữa)"


class _Sheet:
    """The document's one sheet, written from the top down."""

    def __init__(self, workbook: Workbook, document: Document) -> None:
        self.document = document
        self.sheet = cast(Worksheet, workbook.active)  # a new workbook's one sheet
        self.sheet.title = document.label.title()[:31]
        self.body, self.body_center = _body_styles(workbook)
        self.units = COLUMN_UNITS * (1 if document.landscape else PORTRAIT_SHARE)
        self.one_table = is_one_table(document)
        if self.one_table:
            self.width = len(document.tables[0].columns)
        else:
            self.width = GRID
            for col in range(1, GRID + 1):
                self.sheet.column_dimensions[get_column_letter(col)].width = 100 * self.units / GRID
        self.left = self._letterhead_left()
        self.header_rows: list[tuple[int, int, int]] = []  # first, last, the table's rows
        # Rows to size once the sheet's column widths are final: (row, values, each value's
        # columns, the share of their width its text gets).
        self.heights: list[tuple[int, list[Any], list[tuple[int, int]], float]] = []

    def _letterhead_left(self) -> int:
        """The last column of the letterhead's left half: the columns that make up the first
        45 % of the line (the PDF gives it 47 %), the right half taking the rest."""
        if not self.one_table:
            return GRID * 45 // 100
        table = self.document.tables[0]
        shares = table.widths or [1.0] * len(table.columns)
        total, reached = sum(shares), 0.0
        for col, share in enumerate(shares[:-1], start=1):
            reached += share
            if reached >= 0.45 * total:
                return col
        return max(1, len(shares) - 1)

    def put(
        self,
        row: int,
        col_from: int,
        col_to: int,
        value: Any,
        font: Font | None = None,
        align: Alignment = CENTER,
    ) -> Cell:
        cell = put_cell(self.sheet, row, col_from, value)
        cell.font = font or _font()
        cell.alignment = align
        if col_to > col_from:
            self.sheet.merge_cells(
                start_row=row, start_column=col_from, end_row=row, end_column=col_to
            )
        return cell

    def line(self, row: int, text: str, font: Font, *, indent: int = 0) -> int:
        """A paragraph across the whole line, as tall as its wrapped text; the next row."""
        align = Alignment(horizontal="left", vertical="top", wrap_text=True, indent=indent)
        self.put(row, 1, self.width, text, font, align)
        self.heights.append((row, [text], [(1, self.width)], 1.0))
        return row + 1

    def letterhead(self) -> int:
        """The two-sided letterhead and the title; the row after them."""
        document, put, left, width = self.document, self.put, self.left, self.width
        head = document.letterhead
        put(1, 1, left, head.superior)
        put(1, left + 1, width, head.party, _font(bold=True, size=14))
        put(2, 1, left, head.issuer, _font(bold=True))
        put(2, left + 1, width, head.place_date, _font(italic=True))
        put(3, 1, left, "*")
        halves = [(1, left), (left + 1, width)]
        self.heights.append((1, [head.superior, head.party], halves, 0.85))
        self.heights.append((2, [head.issuer, head.place_date], halves, 0.85))
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

    def columns_of(self, block: Table) -> list[tuple[int, int]]:
        """The sheet columns (first, last) each of the table's columns takes."""
        if self.one_table:
            return [(col, col) for col in range(1, len(block.columns) + 1)]
        ranges, start = [], 1
        for span in spans(block.widths or [1.0] * len(block.columns), GRID):
            ranges.append((start, start + span - 1))
            start += span
        return ranges

    def cells(self, row: int, values: list[Any], ranges: list[tuple[int, int]], style: str) -> None:
        """One table row: each value in its column, merged across its grid columns (the
        merge gives the merged cell's edges the first cell's borders)."""
        sheet = self.sheet
        for value, (first, last) in zip(values, ranges, strict=False):
            cell = sheet.cell(row=row, column=first)
            cell.style = style
            cell.value = value
            as_text(cell)  # never a formula (after the style, which would reset its flag)
            if last > first:
                sheet.merge_cells(start_row=row, start_column=first, end_row=row, end_column=last)

    def table(self, row: int, block: Table) -> int:
        """A table with its header rows; the row after."""
        sheet = self.sheet
        ranges = self.columns_of(block)
        if self.one_table and block.widths:
            for col, share in enumerate(block.widths, start=1):
                sheet.column_dimensions[get_column_letter(col)].width = max(6, share * self.units)
        first_header = row
        heads = [(block.columns, _font(bold=True, size=12))]
        if block.numbering:
            heads.append((block.numbering, _font(italic=True, size=12)))
        for titles, font in heads:
            for (first, last), title in zip(ranges, titles, strict=True):
                cell = put_cell(sheet, row, first, title)
                cell.font, cell.alignment, cell.border = font, CENTER, BOX
                if last > first:
                    sheet.merge_cells(
                        start_row=row, start_column=first, end_row=row, end_column=last
                    )
            self.heights.append((row, list(titles), ranges, 0.85))  # bold capitals are wider
            row += 1
        self.header_rows.append((first_header, row - 1, len(block.rows)))
        if not block.rows:
            self.cells(row, [block.empty_text], [(ranges[0][0], ranges[-1][1])], self.body_center)
            self.heights.append((row, [block.empty_text], [(ranges[0][0], ranges[-1][1])], 1.0))
            return row + 2
        numeric = numeric_columns(block.rows)
        for values in block.rows:
            for col, ((first, last), value) in enumerate(zip(ranges, values, strict=False), 1):
                style = self.body_center if col in block.centered else self.body
                # As the form shows it; counts as numbers.
                typed = int(value) if col in numeric and value not in (None, "") else value
                self.cells(row, [typed], [(first, last)], style)
            self.heights.append((row, list(values), ranges, 1.0))
            row += 1
        return row + 1

    def body_blocks(self, row: int) -> int:
        """Every block in order (a chart keeps only the table of its numbers); the row after."""
        for block in self.document.blocks:
            if isinstance(block, Heading):
                if self.one_table:
                    continue  # the form's table stands under its title
                font = _font(bold=True, italic=block.level == 3)
                row = self.line(row, block.text, font)
            elif isinstance(block, Paragraph):
                font = _font(bold=block.style == "bold", italic=block.style == "italic")
                row = self.line(row, block.text, font, indent=2)
            elif isinstance(block, Bullets):
                for item in block.items:
                    row = self.line(row, f"- {item}", _font(), indent=2)
            elif isinstance(block, Table):
                row = self.table(row, block)
        return row

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
                put(row + offset, 1, left, line, _font(size=11), WRAP_LEFT)
                self.heights.append((row + offset, [line], [(1, left)], 1.0))
        if document.signature:
            sig = document.signature
            put(row, left + 1, width, sig.for_line, _font(bold=True))
            put(row + 1, left + 1, width, sig.title, _font(bold=True))
            put(row + 5, left + 1, width, sig.name, _font(bold=True))

    def size_rows(self) -> None:
        """Each row as tall as its wrapped text, by the sheet's final column widths."""
        sheet = self.sheet
        widths = [  # (looking a column up would create it, at openpyxl's 13)
            sheet.column_dimensions[letter].width
            if (letter := get_column_letter(col)) in sheet.column_dimensions
            else DEFAULT_WIDTH
            for col in range(1, self.width + 1)
        ]
        for row, values, ranges, share in self.heights:
            spanned = [sum(widths[first - 1 : last]) * share for first, last in ranges]
            sheet.row_dimensions[row].height = row_height(values, spanned)

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
        if self.one_table and self.header_rows:
            # The form's table header repeats on every printed page and stays in view. A
            # document of prose and several tables repeats none: one table's header would
            # print above the others' pages and above the prose.
            first, last, _ = max(self.header_rows, key=lambda h: h[2])
            sheet.print_title_rows = f"{first}:{last}"
            sheet.freeze_panes = sheet.cell(row=last + 1, column=1)
        sheet.oddFooter.center.text = "&P/&N"


def render_xlsx(document: Document) -> bytes:
    workbook = Workbook()
    _times_by_default(workbook)
    sheet = _Sheet(workbook, document)
    row = sheet.body_blocks(sheet.letterhead())
    sheet.ending(row + 1)
    sheet.size_rows()
    sheet.page_setup()
    return workbook_bytes(workbook)
