"""Excel through openpyxl: the letterhead, the title, then each table with its header rows
repeated on every printed page; A4, fit to one page wide; dates as the forms write them."""

import io

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, NamedStyle, Side
from openpyxl.utils import get_column_letter

from ..documents import Heading, Table

FONT = "Times New Roman"
THIN = Side(style="thin", color="000000")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
WRAP_TOP = Alignment(wrap_text=True, vertical="top")
CENTER = Alignment(horizontal="center", vertical="center", wrap_text=True)
COLUMN_UNITS = 1.6  # Excel width units per percent of a landscape A4 line


def _font(**kwargs):
    return Font(name=FONT, size=kwargs.pop("size", 13), **kwargs)


def _body_styles(workbook) -> tuple[str, str]:
    """The table body's two cell styles, registered once: styling each of a roll-up's
    16,000 cells with fresh Font and Border objects took seconds."""
    for name, alignment in (("Nội dung bảng", WRAP_TOP), ("Nội dung bảng (giữa)", CENTER)):
        workbook.add_named_style(
            NamedStyle(name=name, font=_font(size=12), border=BOX, alignment=alignment)
        )
    return "Nội dung bảng", "Nội dung bảng (giữa)"


def render_xlsx(document) -> bytes:
    workbook = Workbook()
    body, body_center = _body_styles(workbook)
    sheet = workbook.active
    sheet.title = document.label.title()[:31]
    tables = document.tables
    width = max((len(t.columns) for t in tables), default=4)
    left = max(1, width // 2 - 1)

    def put(row, col_from, col_to, value, font=None, align=CENTER):
        if col_to > col_from:
            sheet.merge_cells(start_row=row, start_column=col_from, end_row=row, end_column=col_to)
        cell = sheet.cell(row=row, column=col_from, value=value)
        cell.font = font or _font()
        cell.alignment = align
        return cell

    head = document.letterhead
    put(1, 1, left, head.superior)
    put(1, left + 2, width, head.party, _font(bold=True, size=14))
    put(2, 1, left, head.issuer, _font(bold=True))
    put(2, left + 2, width, head.place_date, _font(italic=True))
    put(3, 1, left, "*")
    row = 4
    if document.show_label:
        row += 1
        put(row, 1, width, document.label, _font(bold=True))
    for index, line in enumerate(document.title):
        row += 1
        put(row, 1, width, line, _font(bold=True, size=14 if index == 0 else 13))
    if document.subtitle:
        row += 1
        put(row, 1, width, document.subtitle, _font(bold=True))
    row += 2

    header_rows = []
    previous_heading = None
    for block in document.blocks:
        if isinstance(block, Heading):
            previous_heading = block
            continue
        if not isinstance(block, Table):
            continue
        if previous_heading is not None and document.kind != "appendix3":
            put(
                row,
                1,
                width,
                previous_heading.text,
                _font(bold=True),
                Alignment(vertical="top", wrap_text=True),
            )
            row += 1
        first_header = row
        for col, title in enumerate(block.columns, start=1):
            cell = sheet.cell(row=row, column=col, value=title)
            cell.font, cell.alignment, cell.border = _font(bold=True, size=12), CENTER, BOX
        row += 1
        if block.numbering:
            for col, number in enumerate(block.numbering, start=1):
                cell = sheet.cell(row=row, column=col, value=number)
                cell.font, cell.alignment, cell.border = _font(italic=True, size=12), CENTER, BOX
            row += 1
        header_rows.append((first_header, row - 1))
        centered = {1, 3, 6, 7} if document.kind == "appendix3" else set()
        for values in block.rows:
            for col, value in enumerate(values, start=1):
                cell = sheet.cell(row=row, column=col, value=value)  # text, as the form shows it
                cell.style = body_center if col in centered else body
            row += 1
        row += 1
        if block.widths and len(block.widths) == width:
            for col, share in enumerate(block.widths, start=1):
                sheet.column_dimensions[get_column_letter(col)].width = max(8, share * COLUMN_UNITS)

    row += 1
    recipients_end = left
    if document.recipients:
        put(
            row,
            1,
            recipients_end,
            "Nơi nhận:",
            _font(bold=True, italic=True, size=12, underline="single"),
            Alignment(horizontal="left"),
        )
        for offset, line in enumerate(document.recipients, start=1):
            put(
                row + offset,
                1,
                recipients_end,
                line,
                _font(size=11),
                Alignment(horizontal="left", wrap_text=True),
            )
    if document.signature:
        sig = document.signature
        put(row, left + 2, width, sig.for_line, _font(bold=True))
        put(row + 1, left + 2, width, sig.title, _font(bold=True))
        put(row + 5, left + 2, width, sig.name, _font(bold=True))

    setup = sheet.page_setup
    setup.paperSize = sheet.PAPERSIZE_A4
    setup.orientation = "landscape" if document.landscape else "portrait"
    setup.fitToWidth = 1
    setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.page_margins.left, sheet.page_margins.right = 30 / 25.4, 15 / 25.4
    sheet.page_margins.top = sheet.page_margins.bottom = 20 / 25.4
    if header_rows:
        first, last = header_rows[0]
        sheet.print_title_rows = f"{first}:{last}"
        sheet.freeze_panes = sheet.cell(row=last + 1, column=1)
    sheet.oddFooter.center.text = "&P/&N"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
