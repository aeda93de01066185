"""PDF through ReportLab's page layout (platypus), with Liberation Serif (a metric twin of
Times New Roman with full Vietnamese) embedded from static/fonts, so the PDF looks the same on
every machine. The layout follows static/css/document.css, the preview's and the browser
print's: A4, the Party letterhead, 14 pt body, 12 pt tables whose headers repeat on each page,
the signature kept with the last rows, "n/N" under each page.

ReportLab lays out a table row in about 2.5 ms, where the HTML engine this replaced took
20 ms; a city's roll-up of 2,000 rows is made in one process within its budget."""

import io
from collections.abc import Callable
from dataclasses import replace
from functools import cache
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import cm, mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    CondPageBreak,
    Flowable,
    Frame,
    HRFlowable,
    KeepTogether,
    PageTemplate,
    Spacer,
    TableStyle,
)
from reportlab.platypus import Paragraph as Para
from reportlab.platypus import Table as Grid
from svglib.fonts import register_font
from svglib.svglib import svg2rlg

from ..documents import Block, Bullets, Document, Figure, Heading, Paragraph, Table
from .html import FONTS, MARGINS_MM

# From this size on (blocks and table rows) a PDF is made in the background
# (reporting.views) and the page says so: 600 rows take a second or two.
LONG = 600

FONT = "LiberationSerif"
FACES = {
    FONT: "LiberationSerif-Regular.ttf",
    f"{FONT}-Bold": "LiberationSerif-Bold.ttf",
    f"{FONT}-Italic": "LiberationSerif-Italic.ttf",
    f"{FONT}-BoldItalic": "LiberationSerif-BoldItalic.ttf",
}
# The page's margins in points (html.MARGINS_MM).
MARGINS = tuple(m * mm for m in MARGINS_MM)
PAGE_HEIGHT = A4[1]  # room enough to measure anything laid out on a page
LINE = 0.75  # a CSS pixel, the tables' rules


def _unpadded(first: tuple[int, int], last: tuple[int, int]) -> list[tuple[Any, ...]]:
    """Table style commands: no padding in the cells from `first` to `last`."""
    return [
        (side, first, last, 0)
        for side in ("LEFTPADDING", "RIGHTPADDING", "TOPPADDING", "BOTTOMPADDING")
    ]


UNPADDED = _unpadded((0, 0), (-1, -1))
PADDING = (3, 4, 4, 4)  # a table cell's: top, right, bottom, left
GRID_SPACE = (4, 8)  # above and below a table
END_GAP = 12  # between the last row and the recipients and signature
# Even an empty cell sets its font: without this one, Helvetica is named in the file.
CELL_FONT = ("FONTNAME", (0, 0), (-1, -1), FONT)


@cache
def _fonts() -> None:
    """Liberation Serif's four faces, once per process: registered with ReportLab by svglib,
    which maps the charts' SVG family name to them, and made one family, so that <b> and <i>
    pick the right face."""
    for (weight, style), name in {
        ("normal", "normal"): FONT,
        ("bold", "normal"): f"{FONT}-Bold",
        ("normal", "italic"): f"{FONT}-Italic",
        ("bold", "italic"): f"{FONT}-BoldItalic",
    }.items():
        register_font("Liberation Serif", str(FONTS / FACES[name]), weight, style, name)
    pdfmetrics.registerFontFamily(
        FONT,
        normal=FONT,
        bold=f"{FONT}-Bold",
        italic=f"{FONT}-Italic",
        boldItalic=f"{FONT}-BoldItalic",
    )


def _style(
    name: str, size: float = 14, leading: float = 1.3, face: str = "", **kw: Any
) -> ParagraphStyle:
    """A paragraph style of Liberation Serif's `face` ("", "Bold", "Italic", "BoldItalic")
    at `size` points, lines `leading` times as high (document.css's line-height)."""
    font = f"{FONT}-{face}" if face else FONT
    return ParagraphStyle(name, fontName=font, fontSize=size, leading=size * leading, **kw)


GAP = 14 * 0.35  # after a paragraph: document.css's .35em of the 14 pt body
CENTRED = _style("centred", alignment=TA_CENTER)
CENTRED_BOLD = _style("centred-bold", alignment=TA_CENTER, face="Bold")
PARTY = _style("party", 15, alignment=TA_CENTER, face="Bold")
DATE = _style("date", alignment=TA_CENTER, face="Italic")
LABEL = _style("label", alignment=TA_CENTER, face="Bold", spaceBefore=6)
TYPE = _style("type", 15, alignment=TA_CENTER, face="Bold", spaceBefore=4)
SUBJECT = _style("subject", alignment=TA_CENTER, face="Bold")
SUBTITLE = _style("subtitle", alignment=TA_CENTER, face="Bold", spaceBefore=2, spaceAfter=10)
HEADINGS = {
    1: _style("h1", face="Bold", spaceBefore=8, spaceAfter=GAP, keepWithNext=1),
    2: _style("h2", face="Bold", spaceAfter=GAP, keepWithNext=1),
    3: _style("h3", face="BoldItalic", spaceAfter=GAP, keepWithNext=1),
}
PARAGRAPHS = {
    style: _style(
        f"p-{style}", alignment=TA_JUSTIFY, firstLineIndent=1.27 * cm, spaceAfter=GAP, face=face
    )
    for style, face in (("", ""), ("bold", "Bold"), ("italic", "Italic"))
}
BULLET = _style(
    "li", leftIndent=1.27 * cm + 8, bulletIndent=1.27 * cm, bulletFontName=FONT, bulletFontSize=14
)
CELL = _style("cell", 12, 1.2)
CELL_CENTRED = _style("cell-c", 12, 1.2, alignment=TA_CENTER)
HEADER = _style("th", 12, 1.2, alignment=TA_CENTER, face="Bold")
NUMBERING = _style("th-n", 12, 1.2, alignment=TA_CENTER, face="Italic")
EMPTY = _style("empty", 12, 1.2, alignment=TA_CENTER, face="Italic")
CAPTION = _style("caption", 11, alignment=TA_CENTER, face="Italic")
RECIPIENTS_LABEL = _style("to-label", 12, face="BoldItalic")
RECIPIENT = _style("to", 11)
SIGNATURE = _style("sig", alignment=TA_CENTER, face="Bold")


def _text(value: object) -> str:
    """Cell or paragraph text as ReportLab's markup: escaped, line breaks kept."""
    return escape(str(value)).replace("\n", "<br/>")


def render_pdf(document: Document, on_progress: Callable[[int], None] | None = None) -> bytes:
    """The document as A4 PDF bytes. `on_progress(percent)` is told as the tables' rows are
    laid out (an export's progress page), and 100 at the end."""
    _fonts()
    told = on_progress or (lambda percent: None)
    page = landscape(A4) if document.landscape else A4
    top, right, bottom, left = MARGINS
    out = io.BytesIO()
    template = _Template(
        out,
        sum(len(t.rows) for t in document.tables),
        told,
        pagesize=page,
        topMargin=top,
        rightMargin=right,
        bottomMargin=bottom,
        leftMargin=left,
        title=f"{document.label} – {document.title[0]}",
        creator="Củng cố TCCSĐ",
        initialFontName=FONT,  # no other font named in the file
    )
    width = page[0] - left - right
    height = page[1] - top - bottom
    template.build(_story(document, width, height), canvasmaker=_NumberedCanvas)
    told(100)
    return out.getvalue()


class _Template(BaseDocTemplate):
    """One frame, the page inside its margins, with no padding of its own; tells the
    progress as each table, or each page's share of one, is laid out."""

    def __init__(self, out: io.BytesIO, rows: int, told: Callable[[int], None], **kwargs: Any):
        super().__init__(out, **kwargs)
        self.rows, self.placed, self.told = rows, 0, told
        frame = Frame(
            self.leftMargin,
            self.bottomMargin,
            self.width,
            self.height,
            leftPadding=0,
            rightPadding=0,
            topPadding=0,
            bottomPadding=0,
        )
        self.addPageTemplates([PageTemplate("page", frames=[frame])])

    def afterFlowable(self, flowable: Flowable) -> None:
        if isinstance(flowable, _Rows) and self.rows:
            self.placed += flowable._nrows - flowable.repeatRows
            self.told(min(99, 100 * self.placed // self.rows))


class _NumberedCanvas(Canvas):
    """Writes "n/N" at the foot of every page once N is known (each page is kept until the
    document ends)."""

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self._pages: list[dict[str, Any]] = []

    def showPage(self) -> None:
        self._pages.append(dict(self.__dict__))
        self._startPage()

    def save(self) -> None:
        total = len(self._pages)
        _, right, bottom, left = MARGINS
        for number, state in enumerate(self._pages, start=1):
            self.__dict__.update(state)
            width, _ = self._pagesize
            self.setFont(FONT, 11)
            self.drawCentredString(
                left + (width - left - right) / 2, bottom / 2 - 4, f"{number}/{total}"
            )
            super().showPage()
        super().save()


def _story(document: Document, width: float, height: float) -> list[Flowable]:
    """The document as flowables for a frame of `width` × `height` points."""
    story: list[Flowable] = [_letterhead(document, width)]
    if document.show_label:
        story.append(Para(_text(document.label), LABEL))
    for index, line in enumerate(document.title):
        story.append(Para(_text(line), TYPE if index == 0 else SUBJECT))
    story.append(Para(_text(document.subtitle), SUBTITLE) if document.subtitle else Spacer(1, 6))
    end = _end(document, width)
    headings: list[Flowable] = []  # waiting for the block they head
    for number, block in enumerate(document.blocks, start=1):
        last = number == len(document.blocks)
        if isinstance(block, Table):
            if headings:
                # Kept with the header and first row, not with the whole table (which
                # would leave the page empty): a new page only if those do not fit.
                first = _rows(replace(block, rows=block.rows[:1]), width, height)
                story.append(CondPageBreak(_height([*headings, first], width)))
                for heading in headings:
                    heading.keepWithNext = 0
            # The signature keeps the last row on its page.
            table = _rows(block, width, height, end=end if last else None)
            story.extend([*headings, table])
            headings = []
            continue
        flowables = _block(block, width)
        if isinstance(block, Heading) and not last:
            headings.extend(flowables)
            continue
        if last:
            run = [*headings, *flowables]
            story.extend([*run[:-1], KeepTogether([run[-1], end])])
            return story
        story.extend([*headings, *flowables])
        headings = []
    if not document.blocks:
        story.append(end)
    return story


def _height(flowables: list[Flowable], width: float) -> float:
    """Their height laid out one after the other, with their space before and after."""
    return sum(_tall(f, width) + f.getSpaceBefore() + f.getSpaceAfter() for f in flowables)


def _tall(flowable: Flowable, width: float) -> float:
    if isinstance(flowable, _Paged):
        return flowable.full_height()
    return flowable.wrap(width, PAGE_HEIGHT)[1]


def _letterhead(document: Document, width: float) -> Flowable:
    head = document.letterhead
    left = [
        Para(_text(head.superior.upper()), CENTRED),
        Para(_text(head.issuer.upper()), CENTRED_BOLD),
        Para("*", CENTRED),
    ]
    if head.number:
        left.append(Para(_text(head.number), CENTRED))
    right = [
        Para(_text(head.party.upper()), PARTY),
        HRFlowable(width="60%", thickness=LINE, color=colors.black, spaceBefore=1, spaceAfter=6),
        Para(_text(head.place_date), DATE),
    ]
    grid = Grid([[left, right]], colWidths=[width * 0.47, width * 0.53])
    grid.setStyle(
        TableStyle(
            [
                *UNPADDED,
                CELL_FONT,
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("ALIGN", (0, 0), (-1, -1), "CENTER"),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 10),
            ]
        )
    )
    return grid


def _block(block: Block, width: float) -> list[Flowable]:
    """A block other than a table."""
    if isinstance(block, Heading):
        return [Para(_text(block.text), HEADINGS.get(block.level, HEADINGS[3]))]
    if isinstance(block, Paragraph):
        return [Para(_text(block.text), PARAGRAPHS.get(block.style, PARAGRAPHS[""]))]
    if isinstance(block, Bullets):
        items = [Para(_text(item), BULLET, bulletText="-") for item in block.items]
        if items:
            items[-1].spaceAfter = GAP  # the list's own margin
        return items
    if isinstance(block, Figure):
        return [_figure(block, width)]
    raise TypeError(block)


def _figure(figure: Figure, width: float) -> Flowable:
    """The chart's SVG drawn as vector graphics, 12 cm wide at most, with its caption."""
    parts: list[Flowable] = []
    drawing = svg2rlg(io.BytesIO(str(figure.svg).encode()))
    if drawing is not None:
        scale = min(width, 12 * cm) / (drawing.width or 1)
        drawing.scale(scale, scale)
        drawing.width, drawing.height = drawing.width * scale, drawing.height * scale
        drawing.hAlign = "LEFT"
        drawing.initialFontName = FONT  # not Helvetica, even unused
        parts.append(drawing)
    if figure.caption:
        parts.append(Para(_text(figure.caption), CAPTION))
    parts.append(Spacer(1, 4))
    return KeepTogether(parts)


class _Rows(Grid):
    """A page's share of a document's table, told apart from the layout's own tables (the
    progress counts its rows)."""


def _rows(table: Table, width: float, height: float, end: Flowable | None = None) -> "_Paged":
    """A table ruled, 12 pt, the headers (and the form's "(1) (2) …" row) repeated over every
    page, each row kept whole unless it may be taller than half a page. The document's
    `end` (recipients and signature) may come as a last, unruled row across the table that
    never goes to a page without the row above it."""
    shares = table.widths or [1.0] * len(table.columns)
    widths = [width * share / sum(shares) for share in shares]
    header = [[Para(_text(c), HEADER) for c in table.columns]]
    if table.numbering:
        header.append([Para(_text(n), NUMBERING) for n in table.numbering])
    centred = {i - 1 for i in table.centered}
    body: list[list] = [
        [Para(_text(cell), CELL_CENTRED if i in centred else CELL) for i, cell in enumerate(row)]
        for row in table.rows
    ] or [[Para(_text(table.empty_text), EMPTY)] + [""] * (len(table.columns) - 1)]
    return _Paged(
        header,
        body,
        widths,
        end,
        table.tall_rows(landscape=width > height),
        page=height,
        empty=not table.rows,
    )


def _grid(
    header: list[list],
    body: list[list],
    widths: list[float],
    end: Flowable | None,
    *,
    empty: bool = False,
    split_in_row: bool = False,
) -> _Rows:
    """One ReportLab table of the headers, `body` rows and perhaps the end."""
    ruled = len(header) + len(body) - 1  # the last ruled row
    commands = [
        CELL_FONT,
        ("GRID", (0, 0), (-1, ruled), LINE, colors.black),
        ("VALIGN", (0, 0), (-1, len(header) - 1), "MIDDLE"),
        ("VALIGN", (0, len(header)), (-1, -1), "TOP"),
        ("TOPPADDING", (0, 0), (-1, -1), PADDING[0]),
        ("BOTTOMPADDING", (0, 0), (-1, -1), PADDING[2]),
        ("LEFTPADDING", (0, 0), (-1, -1), PADDING[3]),
        ("RIGHTPADDING", (0, 0), (-1, -1), PADDING[1]),
    ]
    if empty:
        commands.append(("SPAN", (0, len(header)), (-1, len(header))))
    rows = header + body
    if end is not None:
        rows.append([end] + [""] * (len(widths) - 1))
        commands += [
            ("SPAN", (0, ruled + 1), (-1, ruled + 1)),
            *_unpadded((0, ruled + 1), (-1, ruled + 1)),
            ("TOPPADDING", (0, ruled + 1), (-1, ruled + 1), END_GAP),
            ("NOSPLIT", (0, ruled), (-1, ruled + 1)),
        ]
    grid = _Rows(
        rows,
        colWidths=widths,
        repeatRows=len(header),
        splitInRow=int(split_in_row),
        spaceBefore=GRID_SPACE[0],
        spaceAfter=GRID_SPACE[1],
    )
    grid.setStyle(TableStyle(commands))
    return grid


class _Paged(Flowable):
    """A table given to ReportLab a page at a time. ReportLab splits a table at each page by
    measuring and indexing every row left, which grows with the square of its length (16 s
    for 2,000 rows); here each row is measured once, and each page gets a table of the rows
    that fit it under the repeated headers. It is never drawn itself: it always asks to be
    split, into the page's table and the rest."""

    def __init__(
        self,
        header: list[list],
        body: list[list],
        widths: list[float],
        end: Flowable | None,
        tall: set[int],
        *,
        page: float,
        empty: bool = False,
        measured: tuple[float, list[float]] | None = None,
    ):
        super().__init__()
        self.header, self.body, self.widths, self.end = header, body, widths, end
        self.tall, self.page, self.empty = tall, page, empty
        self.spaceBefore, self.spaceAfter = GRID_SPACE  # as its tables' (the frame counts it)
        self._measured = measured  # the headers' height and each row's, once measured

    def _heights(self) -> tuple[float, list[float]]:
        if self._measured is None:
            span = [sum(self.widths)]
            rows = [_row_height(row, span if self.empty else self.widths) for row in self.body]
            if self.end is not None:  # the last row and the end go to a page together
                rows[-1] += self.end.wrap(span[0], PAGE_HEIGHT)[1] + END_GAP
            header = sum(_row_height(row, self.widths) for row in self.header)
            self._measured = (header, rows)
        return self._measured

    def full_height(self) -> float:
        """All of it on one page: the headers and every row."""
        header, rows = self._heights()
        return header + sum(rows)

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        return availWidth, availHeight + 1

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:
        header, rows = self._heights()
        room = availHeight - header - 1  # a point spare for rounding
        fit = 0
        while fit < len(rows) and rows[fit] <= room:
            room -= rows[fit]
            fit += 1
        if fit == len(rows):
            return [self._grid(0, fit)]
        if fit in self.tall or header + rows[fit] > self.page:
            # A row that may be taller than half a page (or is taller than a page) starts
            # here and goes on below the headers of the next page (ReportLab splits it).
            parts = self._grid(0, fit + 1, split_in_row=True).split(availWidth, availHeight)
            if parts:
                return [*parts, *self._rest(fit + 1)]
        if fit == 0:
            return []  # the next page
        return [self._grid(0, fit), *self._rest(fit)]

    def _grid(self, start: int, stop: int, *, split_in_row: bool = False) -> _Rows:
        last = stop == len(self.body)
        return _grid(
            self.header,
            self.body[start:stop],
            self.widths,
            self.end if last else None,
            empty=self.empty,
            split_in_row=split_in_row,
        )

    def _rest(self, start: int) -> list[Flowable]:
        if start >= len(self.body):
            return []
        header, rows = self._heights()
        return [
            _Paged(
                self.header,
                self.body[start:],
                self.widths,
                self.end,
                {i - start for i in self.tall if i >= start},
                page=self.page,
                empty=self.empty,
                measured=(header, rows[start:]),
            )
        ]

    def draw(self) -> None:  # never drawn: see wrap
        raise AssertionError("a table is drawn a page at a time")


def _row_height(cells: list, widths: list[float]) -> float:
    """A row's height as ReportLab lays it out: its tallest cell and the padding."""
    top, right, bottom, left = PADDING
    tallest = max(
        (
            cell.wrap(w - left - right, PAGE_HEIGHT)[1]
            for cell, w in zip(cells, widths, strict=False)
            if cell != ""
        ),
        default=0,
    )
    return tallest + top + bottom


def _end(document: Document, width: float) -> Flowable:
    """«Nơi nhận» on the left, the signature on the right."""
    recipients: list[Flowable] = []
    if document.recipients:
        recipients.append(Para("<u>Nơi nhận:</u>", RECIPIENTS_LABEL))
        recipients.extend(Para(_text(r), RECIPIENT) for r in document.recipients)
    signature: list[Flowable] = []
    if document.signature:
        sign = document.signature
        signature = [
            Para(_text(sign.for_line), SIGNATURE),
            Para(_text(sign.title), SIGNATURE),
            Spacer(1, 60),
            Para(_text(sign.name), SIGNATURE),
        ]
    grid = Grid([[recipients or "", signature or ""]], colWidths=[width / 2, width / 2])
    grid.setStyle(TableStyle([*UNPADDED, CELL_FONT, ("VALIGN", (0, 0), (-1, -1), "TOP")]))
    return grid
