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
from reporting.appendices.appendix3 import appendix3
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
    assert any("Liberation-Serif" in name for name in names), names  # subset of static/fonts


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


def test_a_portrait_form_fits_its_page_at_full_size_with_its_main_tables_header(
    board_user, ward, q4, sample
):
    from openpyxl.utils import get_column_letter

    from reporting.appendices.appendix2 import appendix2
    from reporting.renderers.xlsx import COLUMN_UNITS, PORTRAIT_SHARE

    document = appendix2(user=board_user, ward=ward, quarter=q4, today=TODAY)
    assert not document.landscape
    sheet = load_workbook(io.BytesIO(render_document(document, "xlsx"))).active
    main = max(document.tables, key=lambda t: len(t.rows))

    widths = [
        sheet.column_dimensions[get_column_letter(c)].width for c in range(1, len(main.columns) + 1)
    ]
    assert sum(widths) <= COLUMN_UNITS * 100 * PORTRAIT_SHARE * 1.1  # no shrinking to ~50 %
    header = next(
        r[0].row
        for r in sheet.iter_rows()
        if [c.value for c in r[: len(main.columns)]] == main.columns
    )
    assert sheet.print_title_rows.startswith(f"${header}:")


def test_every_format_shows_the_same_rows_in_the_same_order(p3):
    names = [row[1] for row in p3.tables[0].rows]
    html = render_document(p3, "html").decode()
    pdf = pdf_text(render_document(p3, "pdf")).replace("\n", " ")
    sheet = load_workbook(io.BytesIO(render_document(p3, "xlsx"))).active
    xlsx = [row[1] for row in sheet.iter_rows(values_only=True) if row[1] in names]
    word = WordDocument(io.BytesIO(render_document(p3, "docx")))
    docx = [row.cells[1].text for row in word.tables[1].rows[2:]]

    assert xlsx == names and docx == names
    assert [html.index(n) for n in names] == sorted(html.index(n) for n in names)
    assert [pdf.index(n) for n in names] == sorted(pdf.index(n) for n in names)


def test_appendix2_in_every_format(board_user, ward, q4, sample):
    document = appendix2(user=board_user, ward=ward, quarter=q4, today=TODAY)

    text = pdf_text(render_document(document, "pdf"))
    assert "BÁO CÁO" in text and "III. KẾT QUẢ THỰC HIỆN" in text
    sheet = load_workbook(io.BytesIO(render_document(document, "xlsx"))).active
    values = [v for row in sheet.iter_rows(values_only=True) for v in row if v]
    assert "Số TCCSĐ thuộc diện cần củng cố" in values
    word = WordDocument(io.BytesIO(render_document(document, "docx")))
    assert any(p.text == "VI. KIẾN NGHỊ, ĐỀ XUẤT" for p in word.paragraphs)


def test_appendix1_in_every_format(plan, board_user):
    document = appendix1(plan=plan, today=TODAY)

    text = pdf_text(render_document(document, "pdf"))
    assert "ĐỀ ÁN" in text and "IX. KIẾN NGHỊ, ĐỀ XUẤT" in text
    word = WordDocument(io.BytesIO(render_document(document, "docx")))
    headings = [p.text for p in word.paragraphs]
    for section in [
        "I. CĂN CỨ",
        "II. KHÁI QUÁT",
        "III. ĐÁNH GIÁ THỰC TRẠNG",
        "IV. NHẬN DIỆN",
        "V. MỤC TIÊU",
        "VI. NHIỆM VỤ",
        "VII. KẾ HOẠCH TỔ CHỨC THỰC HIỆN",
        "VIII. TỔ CHỨC THỰC HIỆN",
        "IX. KIẾN NGHỊ",
    ]:
        assert any(h.startswith(section) for h in headings), section


# Queries to build Phụ lục 3 for 10 plans, in any format; 200 plans make no more.
RENDER_QUERIES = 4


@pytest.mark.parametrize("fmt", ["html", "xlsx", "docx", "pdf"])
def test_every_renderer_makes_the_same_queries_for_10_and_200_plans(
    board_user, ward, q4, fmt, django_assert_max_num_queries
):
    from reporting.appendices.common import profile_for
    from tests.reporting.conftest import add_plan

    profile_for(ward)

    def build():
        return render_document(appendix3(user=board_user, scope=ward, quarter=q4, today=TODAY), fmt)

    for n in range(10):
        add_plan(ward, f"A{n:03d}", f"Chi bộ {n}")
    build()  # the user's membership is then cached, as it is within one request
    with django_assert_max_num_queries(RENDER_QUERIES) as small:
        build()
    for n in range(10, 200 if fmt != "pdf" else 60):
        add_plan(ward, f"A{n:03d}", f"Chi bộ {n}")
    with django_assert_max_num_queries(len(small)):
        build()


def test_the_six_points_table_keeps_each_date_whole_in_the_pdf(plan, board_user):
    from consolidation.services import tasks as task_services
    from tests.helpers import full_task

    causes = list(plan.review.causes.values_list("pk", flat=True))
    for number in (1, 3):
        task_services.task_save(plan=plan, data=full_task(number, causes), by=board_user)
    document = appendix1(plan=plan, today=TODAY)

    text = pdf_text(render_document(document, "pdf"))

    dates = [d for t in plan.tasks.all() for d in (t.starts_on, t.deadline)]
    for day in dates:
        assert f"{day:%d/%m/%Y}" in text  # not "01/06/202" then "6" on the next line
    assert "STT" in text.split()
