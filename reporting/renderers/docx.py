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


def _no_borders(table: Any) -> None:
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        element = OxmlElement(f"w:{edge}")
        element.set(qn("w:val"), "nil")
        borders.append(element)
    table._tbl.tblPr.append(borders)


def _repeat_header(row: Any) -> None:
    properties = row._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    properties.append(header)


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

    for block in document.blocks:
        if isinstance(block, Heading):
            heading = _para(word, block.text, bold=True, italic=block.level == 3, space_after=2)
            heading.paragraph_format.keep_with_next = True  # never alone at a page's foot
        elif isinstance(block, Paragraph):
            _para(
                word,
                block.text,
                bold=block.style == "bold",
                italic=block.style == "italic",
                indent=True,
            )
        elif isinstance(block, Bullets):
            for item in block.items:
                _para(word, f"- {item}", indent=True)
        elif isinstance(block, Table):
            _table(word, block, usable)

    end = word.add_table(rows=1, cols=2)
    _no_borders(end)
    recipients, signature = end.rows[0].cells
    if document.recipients:
        _cell_text(recipients, "Nơi nhận:", bold=True, italic=True, size=12)
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


def _table(word: Any, block: Table, usable: Any) -> None:
    """One pass over the rows, each row's cells read once: python-docx's table.cell(r, c)
    and table.columns[c] walk the whole table, which made an 84-row table take seconds."""
    header_count = 2 if block.numbering else 1
    table = word.add_table(rows=header_count + len(block.rows), cols=len(block.columns))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    widths = None
    if block.widths:
        total = sum(block.widths)
        widths = [int(usable * share / total) for share in block.widths]
    heads = [block.columns] + ([block.numbering] if block.numbering else [])
    for index, row in enumerate(table.rows):
        cells = row.cells
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
            for cell, value in zip(cells, block.rows[index - header_count], strict=True):
                _cell_text(cell, value, size=12)
        if widths:
            for cell, width in zip(cells, widths, strict=True):
                cell.width = width
    word.add_paragraph()
