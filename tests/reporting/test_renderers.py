"""Each format read back: the same rows, in the same order, laid out as the form."""

import datetime
import io
import re
import unicodedata

import pytest
from docx import Document as WordDocument
from openpyxl import load_workbook
from pypdf import PdfReader

from reporting.appendices.appendix1 import appendix1
from reporting.appendices.appendix2 import appendix2
from reporting.appendices.appendix3 import APPENDIX3_COLUMNS, APPENDIX3_WIDTHS, appendix3
from reporting.documents import (
    Bullets,
    Document,
    Heading,
    Letterhead,
    Paragraph,
    Signature,
    Table,
)
from reporting.renderers import render_document

TODAY = datetime.date(2026, 12, 5)


@pytest.fixture
def p3(board_user, ward, q4, sample):
    return appendix3(user=board_user, scope=ward, quarter=q4, today=TODAY)


def pdf_text(data: bytes) -> str:
    reader = PdfReader(io.BytesIO(data))
    text = "\n".join(page.extract_text() for page in reader.pages)
    return unicodedata.normalize("NFC", re.sub(r"[ \t]+", " ", text))


def test_excel_reproduces_the_form(p3):
    sheet = load_workbook(io.BytesIO(render_document(p3, "xlsx"))).active
    cells = [[c for c in row] for row in sheet.iter_rows(values_only=True)]
    flat = [v for row in cells for v in row if v]

    assert "ĐẢNG BỘ PHƯỜNG THỬ NGHIỆM" in flat and "ĐẢNG ỦY" in flat and "*" in flat
    assert "ĐẢNG CỘNG SẢN VIỆT NAM" in flat and "PHỤ LỤC 3" in flat and "(Quý IV/2026)" in flat
    numbering = next(i for i, row in enumerate(cells) if row[0] == "(1)")
    assert list(cells[numbering][:8]) == ["(1)", "(2)", "(3)", "(4)", "(5)", "(6)", "(7)", "(8)"]
    assert cells[numbering - 1][1] == "Tên TCCSĐ"
    rows = cells[numbering + 1 : numbering + 1 + len(p3.tables[0].rows)]
    data = [[str(v) if v is not None else "" for v in row[:8]] for row in rows]
    assert data == p3.tables[0].rows  # dates stay text: "20/05/2026"
    assert all(isinstance(row[0], int) for row in rows)  # STT is a number to sort by
    assert all(isinstance(row[2], str) for row in rows)  # groups ("1, 3") stay text
    assert sheet.page_setup.orientation == "landscape"
    assert sheet.page_setup.fitToWidth == 1 and sheet.page_setup.fitToHeight == 0
    assert sheet.print_title_rows == f"${numbering}:${numbering + 1}"  # header and (1)…(8) rows
    assert sheet.freeze_panes == f"A{numbering + 2}"
    assert sheet.cell(row=numbering + 2, column=8).alignment.wrap_text


def test_pdf_has_the_title_every_unit_and_its_diacritics(p3):
    data = render_document(p3, "pdf")

    assert data.startswith(b"%PDF")
    text = pdf_text(data)
    assert "PHỤ LỤC 3" in text
    assert "TỔNG HỢP TÌNH HÌNH CỦNG CỐ TCCSĐ YẾU KÉM" in text
    assert "ĐẢNG CỘNG SẢN VIỆT NAM" in text
    for row in p3.tables[0].rows:
        assert row[1] in text.replace("\n", " ")
    reader = PdfReader(io.BytesIO(data))
    width, height = reader.pages[0].mediabox.width, reader.pages[0].mediabox.height
    assert width > height  # A4 landscape
    fonts = {str(f) for page in reader.pages for f in page["/Resources"]["/Font"].values()}
    assert fonts


def test_pdf_embeds_the_shipped_font(p3):
    reader = PdfReader(io.BytesIO(render_document(p3, "pdf")))
    names = set()
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            names.add(str(font.get_object()["/BaseFont"]))
    assert any("LiberationSerif" in name for name in names), names  # subset of static/fonts


def test_word_has_the_letterhead_paragraphs_and_table(p3):
    word = WordDocument(io.BytesIO(render_document(p3, "docx")))
    letterhead, table = word.tables[0], word.tables[1]

    assert "ĐẢNG BỘ PHƯỜNG THỬ NGHIỆM" in letterhead.cell(0, 0).text
    assert "ĐẢNG CỘNG SẢN VIỆT NAM" in letterhead.cell(0, 1).text
    paragraphs = [p.text for p in word.paragraphs]
    assert "PHỤ LỤC 3" in paragraphs and "(Quý IV/2026)" in paragraphs
    assert [c.text for c in table.rows[0].cells][1] == "Tên TCCSĐ"
    assert [c.text for c in table.rows[1].cells] == p3.tables[0].numbering
    assert [[c.text for c in row.cells] for row in table.rows[2:]] == p3.tables[0].rows
    assert word.sections[0].orientation == 1  # landscape
    assert table.rows[0]._tr.trPr.xpath("./w:tblHeader")  # header rows repeat on each page


def test_word_is_vietnamese_numbers_its_pages_and_keeps_headings_with_their_text(
    board_user, ward, q4, sample
):
    from reporting.appendices.appendix2 import appendix2

    data = render_document(appendix2(user=board_user, ward=ward, quarter=q4, today=TODAY), "docx")
    word = WordDocument(io.BytesIO(data))

    language = word.styles["Normal"].element.rPr.find(
        "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}lang"
    )
    w = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
    assert language.get(f"{w}val") == "vi-VN" and language.get(f"{w}eastAsia") == "vi-VN"
    assert word.core_properties.language == "vi-VN"
    footer = word.sections[0].footer.paragraphs[0]._p.xml
    assert "PAGE" in footer and 'w:fldCharType="begin"' in footer
    headings = [p for p in word.paragraphs if p.text.startswith(("I. ", "II. ", "III. "))]
    assert headings and all(p.paragraph_format.keep_with_next for p in headings)


def test_excel_rows_are_tall_enough_for_their_wrapped_text(p3):
    from reporting.renderers.xlsx import LINE_POINTS, row_height

    sheet = load_workbook(io.BytesIO(render_document(p3, "xlsx"))).active
    names = {row[1] for row in p3.tables[0].rows}
    body = [r for r in sheet.iter_rows() if r[1].value in names]
    heights = [sheet.row_dimensions[r[0].row].height for r in body]

    assert len(body) == len(p3.tables[0].rows) and all(heights)
    assert all(h >= LINE_POINTS for h in heights)
    assert row_height(["x" * 100], [10]) == row_height(["x" * 10, "y" * 100], [50, 10])
    assert row_height(["x" * 100], [10]) > row_height(["x" * 10], [10])
    assert row_height(["một\nhai\nba"], [50]) == round(3 * LINE_POINTS + 2, 2)


def test_a_portrait_document_is_laid_on_a_line_that_prints_at_full_size(
    board_user, ward, q4, sample
):
    from openpyxl.utils import get_column_letter

    from reporting.renderers.xlsx import COLUMN_UNITS, GRID, PORTRAIT_SHARE

    document = appendix2(user=board_user, ward=ward, quarter=q4, today=TODAY)
    assert not document.landscape
    sheet = load_workbook(io.BytesIO(render_document(document, "xlsx"))).active

    widths = [sheet.column_dimensions[get_column_letter(c)].width for c in range(1, GRID + 1)]
    # A portrait line is 16.5 cm, 78 units of Times New Roman 12 pt's 6 pt digit: the sheet
    # is no wider, so fit-to-width prints it at 100 % (it shrank to ~65 % before).
    assert sum(widths) == pytest.approx(COLUMN_UNITS * 100 * PORTRAIT_SHARE)
    assert 77 <= sum(widths) <= 79
    assert sheet.parent._fonts[0].name == "Times New Roman" and sheet.parent._fonts[0].sz == 12
    # A document of prose and several tables repeats no table's header on every page.
    assert sheet.print_title_rows is None and sheet.freeze_panes is None


def _texts(sheet) -> list[str]:
    return [v for row in sheet.iter_rows(values_only=True) for v in row if isinstance(v, str)]


def _form(request, form):
    """A form built from its own fixtures (a plan for Phụ lục 1, the quarter's sample of
    plans for Phụ lục 2 and 3: they would clash)."""
    if form == "appendix1":
        return appendix1(plan=request.getfixturevalue("plan"), today=TODAY)
    request.getfixturevalue("sample")
    user, ward, q4 = (request.getfixturevalue(f) for f in ("board_user", "ward", "q4"))
    if form == "appendix2":
        return appendix2(user=user, ward=ward, quarter=q4, today=TODAY)
    return appendix3(user=user, scope=ward, quarter=q4, today=TODAY)


@pytest.mark.parametrize("form", ["appendix1", "appendix2"])
def test_excel_holds_the_whole_document_not_only_its_tables(db, request, form):
    document = _form(request, form)
    sheet = load_workbook(io.BytesIO(render_document(document, "xlsx"))).active
    texts = _texts(sheet)

    for block in document.blocks:
        if isinstance(block, Heading | Paragraph):
            assert block.text in texts, block.text
        elif isinstance(block, Bullets):
            assert all(f"- {item}" in texts for item in block.items)
        elif isinstance(block, Table):
            assert all(title in texts for title in block.columns)
    assert document.letterhead.number in texts or not document.letterhead.number
    assert "Nơi nhận:" in texts and document.signature.title in texts
    positions = {t: i for i, t in reversed(list(enumerate(texts)))}
    headings = [b.text for b in document.blocks if isinstance(b, Heading) and b.level == 1]
    assert [positions[h] for h in headings] == sorted(positions[h] for h in headings)


def test_each_table_of_a_document_spans_the_line_by_its_own_widths(plan, board_user):
    from reporting.renderers.xlsx import GRID, spans

    document = appendix1(plan=plan, today=TODAY)
    sheet = load_workbook(io.BytesIO(render_document(document, "xlsx"))).active
    merged = {(r.min_row, r.min_col): r.max_col - r.min_col + 1 for r in sheet.merged_cells.ranges}

    for table in document.tables:
        header = next(
            r[0].row
            for r in sheet.iter_rows()
            if [c.value for c in r if c.value is not None] == table.columns
        )
        starts = [c.column for c in sheet[header] if c.value is not None]
        taken = [merged.get((header, col), 1) for col in starts]
        assert taken == spans(table.widths, GRID), table.key
        assert sum(taken) == GRID


def test_spans_share_the_grid_with_at_least_one_column_each():
    from reporting.renderers.xlsx import spans

    assert spans([1, 1], 40) == [20, 20]
    assert spans([7, 16, 12, 13, 15, 13, 12, 12], 40) == [3, 6, 5, 5, 6, 5, 5, 5]
    assert sum(spans([1, 98, 1], 40)) == 40 and min(spans([1, 98, 1], 40)) == 1
    assert spans([1] * 50, 40) == [1] * 40 + [0] * 10 or sum(spans([1] * 40, 40)) == 40


def test_an_empty_table_says_so_in_every_format(board_user, ward, q4):
    document = appendix3(user=board_user, scope=ward, quarter=q4, today=TODAY)
    empty = document.tables[0].empty_text
    assert document.tables[0].rows == []

    assert empty in pdf_text(render_document(document, "pdf")).replace("\n", " ")
    assert empty in _texts(load_workbook(io.BytesIO(render_document(document, "xlsx"))).active)
    word = WordDocument(io.BytesIO(render_document(document, "docx")))
    assert word.tables[1].rows[-1].cells[0].text == empty


W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
# CT_TblPr's sequence (ECMA-376 Part 1, 17.4.60): Word refuses a file out of this order.
TBLPR_ORDER = [
    "tblStyle", "tblpPr", "tblOverlap", "bidiVisual", "tblStyleRowBandSize",
    "tblStyleColBandSize", "tblW", "jc", "tblCellSpacing", "tblInd", "tblBorders", "shd",
    "tblLayout", "tblCellMar", "tblLook", "tblCaption", "tblDescription",
]  # fmt: skip


@pytest.mark.parametrize("form", ["appendix1", "appendix2", "appendix3"])
def test_word_tables_have_grids_as_wide_as_their_cells_and_properties_in_schema_order(
    db, request, form
):
    document = _form(request, form)
    word = WordDocument(io.BytesIO(render_document(document, "docx")))

    for table in word.tables:
        tbl = table._tbl
        grid = [int(col.get(f"{W}w")) for col in tbl.tblGrid.findall(f"{W}gridCol")]
        assert len(set(grid)) > 1 or len(grid) == 2  # not python-docx's even grid
        assert tbl.tblPr.find(f"{W}tblLayout").get(f"{W}type") == "fixed"
        for row in table.rows:
            cells = row._tr.findall(f"{W}tc")
            if len(cells) == len(grid):
                widths = [int(tc.tcPr.find(f"{W}tcW").get(f"{W}w")) for tc in cells]
                assert widths == grid
        order = [child.tag.removeprefix(W) for child in tbl.tblPr]
        assert order == sorted(order, key=TBLPR_ORDER.index), order
        for header in tbl.xpath(".//w:tblHeader"):
            assert header.get(f"{W}val") is None  # on by presence; "true" fails the schema
    section = word.sections[0]
    usable = section.page_width - section.left_margin - section.right_margin
    main = word.tables[-2]  # the last table before the signature's
    assert abs(
        sum(int(c.get(f"{W}w")) for c in main._tbl.tblGrid.findall(f"{W}gridCol")) * 635 - usable
    ) < 635 * len(main.columns)


def test_word_keeps_the_signature_with_the_last_rows_and_underlines_noi_nhan(p3):
    word = WordDocument(io.BytesIO(render_document(p3, "docx")))
    table, end = word.tables[1], word.tables[2]

    last_row = table.rows[-1]
    assert all(p.paragraph_format.keep_with_next for c in last_row.cells for p in c.paragraphs)
    assert end.rows[0]._tr.trPr.find(f"{W}cantSplit") is not None
    label = end.rows[0].cells[0].paragraphs[0].runs[0]
    assert label.text == "Nơi nhận:" and label.underline and label.bold and label.italic


DATES = ["20/05/2026", "31/12/2026"]


def _summary(rows: int, tail: str = "Tóm tắt") -> Document:
    """A Phụ lục 3 of `rows` short rows, built without the database."""
    body = [
        [str(i), f"Chi bộ Khu dân cư số {i}", "1", "Nội dung", "Số 01-KH/CB", *DATES, tail]
        for i in range(1, rows + 1)
    ]
    return Document(
        kind="appendix3",
        letterhead=Letterhead("ĐẢNG BỘ PHƯỜNG", "ĐẢNG ỦY", "ngày 05 tháng 12 năm 2026"),
        label="PHỤ LỤC 3",
        title=["TỔNG HỢP"],
        blocks=[Table(columns=APPENDIX3_COLUMNS, rows=body, widths=APPENDIX3_WIDTHS)],
        signature=Signature("T/M BAN THƯỜNG VỤ", "BÍ THƯ", "Nguyễn Văn A"),
        recipients=["- Thành ủy,", "- Ban Tổ chức Thành ủy,", "- Lưu VPĐU."],
        landscape=True,
    )


def test_the_pdf_keeps_the_signature_with_the_last_rows():
    # Eight rows fill the first page; without the rule the signature stood alone on the second.
    reader = PdfReader(io.BytesIO(render_document(_summary(8), "pdf")))
    last = " ".join(reader.pages[-1].extract_text().split())

    assert len(reader.pages) == 2
    assert "Nguyễn Văn A" in last and "Chi bộ Khu dân cư số 8" in last


def test_a_cell_longer_than_a_page_continues_under_the_repeated_header():
    from reporting.documents import Document, Letterhead, Signature

    words = " ".join(f"từ{i}" for i in range(2500))
    document = Document(
        kind="appendix3",
        letterhead=Letterhead("ĐẢNG BỘ PHƯỜNG", "ĐẢNG ỦY", "ngày 05 tháng 12 năm 2026"),
        label="PHỤ LỤC 3",
        title=["TỔNG HỢP"],
        blocks=[
            Table(
                columns=["STT", "Tên TCCSĐ", "Tóm tắt kết quả"],
                rows=[["1", "Chi bộ A", words], ["2", "Chi bộ B", "Ngắn."]],
                widths=[10, 30, 60],
            )
        ],
        signature=Signature("T/M BAN THƯỜNG VỤ", "BÍ THƯ", "Nguyễn Văn A"),
        landscape=True,
    )
    assert document.tables[0].tall_rows(landscape=True) == {0}
    reader = PdfReader(io.BytesIO(render_document(document, "pdf")))
    pages = [page.extract_text() for page in reader.pages]

    assert len(pages) > 2
    assert "TỔNG HỢP" in pages[0] and "Tóm tắt kết quả" in pages[0]
    assert all("Tóm tắt kết quả" in page for page in pages)  # the header over each page
    assert all(f"từ{i}" in " ".join(pages) for i in range(0, 2500, 97))
    assert "từ0" in pages[0]  # the row starts under the title, no page left empty


def test_tall_rows_are_those_over_half_a_page():
    from reporting.documents import LINE_CHARS, PAGE_LINES

    per_line, half = LINE_CHARS[False] - 2, PAGE_LINES[False] // 2  # one column, portrait
    table = Table(
        columns=["Nội dung"], rows=[["x" * (per_line * half - 1)], ["x" * per_line * half]]
    )

    assert table.tall_rows(landscape=False) == {1}  # half a page, then one line more
    assert table.tall_rows(landscape=True) == {0, 1}  # a landscape page has fewer lines


def test_the_pdf_keeps_each_date_whole_in_the_six_points_table(plan, board_user):
    from consolidation.services import tasks as task_services
    from tests.helpers import full_task

    causes = list(plan.review.causes.values_list("pk", flat=True))
    for number in (1, 3):
        task_services.task_save(plan=plan, data=full_task(number, causes), by=board_user)
    _assert_dates_whole(appendix1(plan=plan, today=TODAY))


@pytest.mark.parametrize("form", ["appendix2", "appendix3"])
def test_the_pdf_keeps_each_date_whole_in_the_quarters_forms(db, request, form):
    _assert_dates_whole(_form(request, form))


def _document_words(document) -> list[str]:
    """Every word the document writes, as a renderer gets it."""
    texts = [*document.title, document.subtitle, document.label]
    for block in document.blocks:
        if isinstance(block, Heading | Paragraph):
            texts.append(block.text)
        elif isinstance(block, Bullets):
            texts.extend(block.items)
        elif isinstance(block, Table):
            texts.extend(block.columns)
            texts.extend(cell for row in block.rows for cell in row)
    return " ".join(texts).split()


def _assert_dates_whole(document):
    """Every dd/mm/yyyy cell and every word of every column title is whole in the PDF (not
    "20/05/202" then "6", nor "Nhó" then "m", on the next line): each appears whole at least
    as often as the document writes it."""
    pdf_words = pdf_text(render_document(document, "pdf")).split()
    written = _document_words(document)
    dates = {
        cell
        for table in document.tables
        for row in table.rows
        for cell in row
        if re.fullmatch(r"\d\d/\d\d/\d{4}", cell)
    }
    titles = {word for table in document.tables for c in table.columns for word in c.split()}
    assert dates or document.kind == "appendix2"  # Phụ lục 2 writes its dates in sentences
    broken = [w for w in sorted(dates | titles) if pdf_words.count(w) < written.count(w)]
    assert broken == []
