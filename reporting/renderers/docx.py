"""Word through python-docx: the offices finish and sign documents in Word, so the file
keeps the layout (A4, margins, Times New Roman, the letterhead, header rows repeated) and
stays editable."""

import io
from typing import Any

from docx import Document as WordDocument
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

from ..documents import Bullets, Document, Heading, Paragraph, Table

FONT = "Times New Roman"


LANGUAGE = "vi-VN"


def _set_font(style: Any, size: float = 14) -> None:
    style.font.name = FONT
    style.font.size = Pt(size)
    properties = style.element.get_or_add_rPr()
    fonts = properties.get_or_add_rFonts()
    for attribute in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attribute), FONT)
    # Vietnamese, so that Word's spell-check does not mark every word.
    language = properties.find(qn("w:lang"))
    if language is None:
        language = OxmlElement("w:lang")
        properties.append(language)
    for attribute in ("w:val", "w:eastAsia", "w:bidi"):
        language.set(qn(attribute), LANGUAGE)


def _page_numbers(section: Any) -> None:
    """A centred PAGE field in the footer (Word fills it in on every page)."""
    paragraph = section.footer.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = paragraph.add_run()
    for kind, text in (("begin", None), (None, "PAGE"), ("end", None)):
        if kind is not None:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), kind)
        else:
            element = OxmlElement("w:instrText")
            element.set(qn("xml:space"), "preserve")
            element.text = text
        run._r.append(element)
    run.font.size = Pt(12)


def _para(
    container: Any,
    text: str,
    *,
    bold: bool = False,
    italic: bool = False,
    size: float | None = None,
    align: WD_ALIGN_PARAGRAPH | None = None,
    space_after: float = 2,
    indent: bool = False,
) -> Any:
    paragraph = container.add_paragraph()
    run = paragraph.add_run(text)
    run.bold, run.italic = bold, italic
    if size:
        run.font.size = Pt(size)
    if align is not None:
        paragraph.alignment = align
    paragraph.paragraph_format.space_after = Pt(space_after)
    if indent:
        paragraph.paragraph_format.first_line_indent = Cm(1.27)
    return paragraph


# What may follow w:tblBorders inside w:tblPr (CT_TblPr is a sequence: Word refuses a file
# whose table properties are out of order, where LibreOffice shrugs).
AFTER_BORDERS = (
    "w:shd",
    "w:tblLayout",
    "w:tblCellMar",
    "w:tblLook",
    "w:tblCaption",
    "w:tblDescription",
    "w:tblPrChange",
)


def _no_borders(table: Any) -> None:
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        element = OxmlElement(f"w:{edge}")
        element.set(qn("w:val"), "nil")
        borders.append(element)
    table._tbl.tblPr.insert_element_before(borders, *AFTER_BORDERS)


def _grid(table: Any, widths: list[int], *, fill_cells: bool = True) -> None:
    """Fixed column widths, the same in the table's grid and in every cell: Word and
    LibreOffice lay a table out by its grid (python-docx writes an even one), so a grid that
    disagrees with the cells draws equal columns and splits a date "01/06/20 | 26"."""
    table.autofit = False  # w:tblLayout fixed
    for column, width in zip(table._tbl.tblGrid.gridCol_lst, widths, strict=True):
        column.w = width
    if fill_cells:
        for row in table.rows:
            _cell_widths(row.cells, widths)


def _cell_widths(cells: list[Any], widths: list[int]) -> None:
    for cell, width in zip(cells, widths, strict=True):
        cell.width = width


def _cell_margins(table: Any, points: float) -> None:
    """Left and right cell margins as the PDF's cell padding (Word's default 0.19 cm each
    side left a date no room in the narrow columns of the «6 rõ» table)."""
    margins = OxmlElement("w:tblCellMar")
    for edge in ("left", "right"):
        element = OxmlElement(f"w:{edge}")
        element.set(qn("w:w"), str(int(points * 20)))  # twentieths of a point
        element.set(qn("w:type"), "dxa")
        margins.append(element)
    table._tbl.tblPr.insert_element_before(margins, *AFTER_BORDERS[3:])


def _repeat_header(row: Any) -> None:
    # On by its presence: the schema's ST_OnOff for this element takes no "true".
    row._tr.get_or_add_trPr().append(OxmlElement("w:tblHeader"))


def _cell_text(
    cell: Any,
    text: object,
    *,
    bold: bool = False,
    italic: bool = False,
    size: float | None = None,
    align: WD_ALIGN_PARAGRAPH | None = None,
) -> None:
    """Write into a fresh cell (its one empty paragraph first), setting on the runs only
    what differs from the defaults: a roll-up has 16,000 cells."""
    paragraph = cell.paragraphs[0]
    for index, line in enumerate(str(text).split("\n")):
        if index:
            paragraph = cell.add_paragraph()
        run = paragraph.add_run(line)
        if bold:
            run.bold = True
        if italic:
            run.italic = True
        if size:
            run.font.size = Pt(size)
        if align is not None:
            paragraph.alignment = align


def render_docx(document: Document) -> bytes:
    word = WordDocument()
    _set_font(word.styles["Normal"])
    word.core_properties.language = LANGUAGE
    word.core_properties.title = " ".join(document.title)
    section = word.sections[0]
    section.page_width, section.page_height = Cm(21.0), Cm(29.7)
    if document.landscape:
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = Cm(29.7), Cm(21.0)
    section.top_margin = section.bottom_margin = Cm(2.0)
    section.left_margin, section.right_margin = Cm(3.0), Cm(1.5)
    usable = section.page_width - section.left_margin - section.right_margin
    _page_numbers(section)

    head = document.letterhead
    letterhead = word.add_table(rows=1, cols=2)
    _no_borders(letterhead)
    _grid(letterhead, _shares(usable, [47, 53]))  # as the PDF's letterhead
    left, right = letterhead.rows[0].cells
    _cell_text(left, head.superior, size=14, align=WD_ALIGN_PARAGRAPH.CENTER)
    _para(left, head.issuer, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER, space_after=0)
    _para(left, "*", align=WD_ALIGN_PARAGRAPH.CENTER, space_after=0)
    if head.number:
        _para(left, head.number, align=WD_ALIGN_PARAGRAPH.CENTER, space_after=0)
    _cell_text(right, head.party, bold=True, size=15, align=WD_ALIGN_PARAGRAPH.CENTER)
    _para(right, "―――――――――", align=WD_ALIGN_PARAGRAPH.CENTER, space_after=0, size=10)
    _para(right, head.place_date, italic=True, align=WD_ALIGN_PARAGRAPH.CENTER, space_after=0)

    if document.show_label:
        _para(word, document.label, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER, space_after=0)
    for index, line in enumerate(document.title):
        _para(
            word,
            line,
            bold=True,
            size=15 if index == 0 else 14,
            align=WD_ALIGN_PARAGRAPH.CENTER,
            space_after=0,
        )
    if document.subtitle:
        _para(word, document.subtitle, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER, space_after=8)

    last: list[Any] = []  # the paragraphs the signature keeps with it
    for block in document.blocks:
        if isinstance(block, Heading):
            heading = _para(word, block.text, bold=True, italic=block.level == 3, space_after=2)
            heading.paragraph_format.keep_with_next = True  # never alone at a page's foot
            last = [heading]
        elif isinstance(block, Paragraph):
            last = [
                _para(
                    word,
                    block.text,
                    bold=block.style == "bold",
                    italic=block.style == "italic",
                    indent=True,
                )
            ]
        elif isinstance(block, Bullets):
            last = [_para(word, f"- {item}", indent=True) for item in block.items][-1:]
        elif isinstance(block, Table):
            last = _table(word, block, usable)
    # The signature never stands alone on a page: the last rows or lines go with it.
    for paragraph in last:
        paragraph.paragraph_format.keep_with_next = True

    end = word.add_table(rows=1, cols=2)
    _no_borders(end)
    _grid(end, _shares(usable, [50, 50]))
    _cant_split(end.rows[0])
    recipients, signature = end.rows[0].cells
    if document.recipients:
        _cell_text(recipients, "Nơi nhận:", bold=True, italic=True, size=12)
        recipients.paragraphs[0].runs[0].underline = True  # as the PDF writes it
        for line in document.recipients:
            _para(recipients, line, size=11, space_after=0)
    if document.signature:
        sig = document.signature
        _cell_text(signature, sig.for_line, bold=True, size=14, align=WD_ALIGN_PARAGRAPH.CENTER)
        _para(signature, sig.title, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER, space_after=48)
        _para(signature, sig.name, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER, space_after=0)

    buffer = io.BytesIO()
    word.save(buffer)
    return buffer.getvalue()


def _shares(usable: int, shares: list[float]) -> list[int]:
    """Widths (EMU) of the line's shares; the last takes the rounding's remainder."""
    total = sum(shares)
    widths = [int(usable * share / total) for share in shares]
    widths[-1] = usable - sum(widths[:-1])
    return widths


def _cant_split(row: Any) -> None:
    row._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))


def _table(word: Any, block: Table, usable: int) -> list[Any]:
    """The table, and the paragraphs of its last row (kept with what follows when it ends
    the document). One pass over the rows, each row's cells read once: python-docx's
    table.cell(r, c) and table.columns[c] walk the whole table, which made an 84-row table
    take seconds."""
    header_count = 2 if block.numbering else 1
    body = block.rows or [[block.empty_text]]  # "no unit in this period", across the row
    table = word.add_table(rows=header_count + len(body), cols=len(block.columns))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    widths = _shares(usable, block.widths or [1] * len(block.columns))
    _grid(table, widths, fill_cells=False)  # the cells below, in the one pass
    _cell_margins(table, 4)
    heads = [block.columns] + ([block.numbering] if block.numbering else [])
    for index, row in enumerate(table.rows):
        cells = row.cells
        _cell_widths(cells, widths)
        if index < header_count:
            for cell, title in zip(cells, heads[index], strict=True):
                _cell_text(
                    cell,
                    title,
                    bold=index == 0,
                    italic=index == 1,
                    size=12,
                    align=WD_ALIGN_PARAGRAPH.CENTER,
                )
            _repeat_header(row)
        else:
            for column, (cell, value) in enumerate(
                zip(cells, body[index - header_count], strict=False), start=1
            ):
                center = WD_ALIGN_PARAGRAPH.CENTER if column in block.centered else None
                _cell_text(cell, value, size=12, align=center)
    if not block.rows:
        cells = table.rows[header_count].cells
        merged = cells[0].merge(cells[-1])
        merged.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
        merged.paragraphs[0].runs[0].italic = True
    word.add_paragraph().paragraph_format.space_after = Pt(0)
    return [p for cell in table.rows[-1].cells for p in cell.paragraphs]
