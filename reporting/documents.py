"""The official forms as plain data. A selector builds a Document once (the rows of
Phụ lục 3, the sections of Phụ lục 1 and 2); the HTML, PDF, Excel and Word renderers only lay
it out, so every format shows the same content in the same order (the pretix pattern)."""

import datetime
from dataclasses import dataclass, field

PARTY = "ĐẢNG CỘNG SẢN VIỆT NAM"


@dataclass
class Letterhead:
    """The two-sided header of a Party document (Hướng dẫn 36-HD/VPTW)."""

    superior: str  # regular capitals: ĐẢNG BỘ PHƯỜNG ĐỐNG ĐA
    issuer: str  # bold capitals: ĐẢNG ỦY, CHI BỘ …
    place_date: str  # italic: Đống Đa, ngày 05 tháng 12 năm 2026
    number: str = ""  # Số 01-ĐA/CB (no colon after "Số")
    party: str = PARTY


@dataclass
class Heading:
    text: str
    level: int = 1  # 1: "I. …" (bold capitals), 2: "1. …" (bold), 3: "a) …" (bold italic)


@dataclass
class Paragraph:
    text: str
    style: str = ""  # "", "bold", "italic"


@dataclass
class Bullets:
    items: list[str]


# Lines of 12 pt table text on an A4 page, and characters across its whole line, by
# orientation (landscape: True); what Table.tall_rows estimates with.
PAGE_LINES = {False: 52, True: 33}
LINE_CHARS = {False: 100, True: 150}


@dataclass
class Table:
    columns: list[str]
    rows: list[list[str]]
    numbering: list[str] | None = None  # the form's "(1) (2) …" row under the headers
    widths: list[float] | None = None  # relative column widths
    key: str = ""  # a name for the sheet or for tests
    centered: frozenset[int] = frozenset()  # columns (from 1) whose cells are centred
    empty_text: str = "Không có tổ chức nào trong diện củng cố ở kỳ này."

    def tall_rows(self, *, landscape: bool) -> set[int]:
        """The rows (from 0) whose text may not fit on one page: they may break across
        pages, the header repeated above their rest; every other row stays whole. Estimated
        from each cell's share of the line at 12 pt: over half a page is tall."""
        shares = self.widths or [1.0] * len(self.columns)
        total = sum(shares)
        across = LINE_CHARS[landscape]
        tall = set()
        for index, row in enumerate(self.rows):
            lines = 0
            for value, share in zip(row, shares, strict=False):
                per_line = max(1, int(across * share / total) - 2)
                text = str(value)
                lines = max(lines, sum(len(part) // per_line + 1 for part in text.split("\n")))
            if lines > PAGE_LINES[landscape] // 2:
                tall.add(index)
        return tall

    @property
    def percent_widths(self) -> list[int]:
        """The widths as whole percentages of the line summing to 100 (largest remainders
        round up), for the stylesheet's column classes `cw-1` … `cw-100`."""
        if not self.widths:
            return []
        total = sum(self.widths)
        exact = [100 * w / total for w in self.widths]
        whole = [int(x) for x in exact]
        by_remainder = sorted(range(len(exact)), key=lambda i: exact[i] - whole[i], reverse=True)
        for i in by_remainder[: 100 - sum(whole)]:
            whole[i] += 1
        return [max(w, 1) for w in whole]


@dataclass
class Figure:
    """A chart (SVG drawn by reporting.charts) beside the table of its numbers; the HTML and
    PDF show it, Excel and Word keep only the table."""

    svg: str
    caption: str = ""


# What a document's body is made of, in order.
Block = Heading | Paragraph | Bullets | Table | Figure


@dataclass
class Signature:
    for_line: str  # T/M BAN THƯỜNG VỤ
    title: str  # PHÓ BÍ THƯ THƯỜNG TRỰC
    name: str


@dataclass
class Document:
    kind: str  # appendix1 | appendix2 | appendix3
    letterhead: Letterhead
    label: str  # PHỤ LỤC 3
    title: list[str]  # bold title lines
    subtitle: str = ""  # (Quý IV/2026)
    blocks: list[Block] = field(default_factory=list)
    signature: Signature | None = None
    recipients: list[str] = field(default_factory=list)
    landscape: bool = False
    filename_stem: str = "bao-cao"
    show_label: bool = True  # "PHỤ LỤC 3" heads the summary table; a Đề án or a report stands alone

    @property
    def tables(self) -> list[Table]:
        return [b for b in self.blocks if isinstance(b, Table)]

    @property
    def size(self) -> int:
        """Blocks and table rows: how long the PDF is to lay out (reporting.renderers.pdf.LONG)."""
        return sum(len(b.rows) or 1 if isinstance(b, Table) else 1 for b in self.blocks)


def place_date(place: str, day: datetime.date) -> str:
    """ "Đống Đa, ngày 05 tháng 12 năm 2026": days under 10 and months 1–2 take a leading
    zero, as Party documents write them."""
    month = f"{day.month:02d}" if day.month < 3 else str(day.month)
    return f"{place}, ngày {day.day:02d} tháng {month} năm {day.year}"


def short_date(day: datetime.date | None) -> str:
    """dd/mm/yyyy, as the forms' date columns show them."""
    return day.strftime("%d/%m/%Y") if day else ""


def upper_vi(text: str) -> str:
    return (text or "").upper()
