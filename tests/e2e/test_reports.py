import io

from openpyxl import load_workbook

from consolidation.services import quarterly as quarterly_services
from tests.reporting.conftest import accept, add_plan


def test_board_previews_appendix3_and_downloads_pdf_and_excel(
    page, browser_login, live_server, ward, board_user
):
    q4 = quarterly_services.quarter_ensure(ward, 2026, 4)
    plan = add_plan(ward, "KDC-07", "Chi bộ Khu dân cư số 7", groups=(1, 3), number="01-ĐA/CB")
    accept(plan, q4, "Đã sửa quy chế làm việc.", board_user)

    browser_login(page, "bxd")
    page.get_by_role("link", name="Biểu mẫu").click()
    page.locator("#id_form").select_option("appendix3")
    page.locator("#id_quarter").select_option("2026-Q4")
    page.get_by_role("button", name="Xem trước").click()
    preview = page.locator("#preview")
    assert "TỔNG HỢP TÌNH HÌNH CỦNG CỐ TCCSĐ" in preview.inner_text()
    assert "(Quý IV/2026)" in preview.inner_text()
    assert "Chi bộ Khu dân cư số 7" in preview.locator("table.doc-table").inner_text()

    with page.expect_download() as pdf_info:
        page.locator("#downloads").get_by_role("link", name="PDF").click()
    pdf = pdf_info.value
    assert pdf.suggested_filename == "phu-luc-3_2026-Q4_thu-nghiem.pdf"
    with open(pdf.path(), "rb") as handle:
        assert handle.read(5) == b"%PDF-"

    with page.expect_download() as xlsx_info:
        page.locator("#downloads").get_by_role("link", name="Excel").click()
    xlsx = xlsx_info.value
    assert xlsx.suggested_filename == "phu-luc-3_2026-Q4_thu-nghiem.xlsx"
    with open(xlsx.path(), "rb") as handle:
        sheet = load_workbook(io.BytesIO(handle.read())).active
    assert "Chi bộ Khu dân cư số 7" in [row[1] for row in sheet.iter_rows(values_only=True)]


def test_the_printable_page_loads_its_fonts_and_styles(
    page, browser_login, live_server, ward, board_user, outside_requests
):
    q4 = quarterly_services.quarter_ensure(ward, 2026, 4)
    add_plan(ward, "KDC-07", "Chi bộ Khu dân cư số 7", groups=(1, 3), number="01-ĐA/CB")
    browser_login(page, "bxd")
    failed = []
    page.on("response", lambda r: failed.append(r.url) if r.status >= 400 else None)

    page.goto(f"{live_server.url}/bao-cao/tai-ve/?form=appendix3&quarter={q4.code}&format=html")
    page.evaluate("document.fonts.ready")

    assert failed == [] and outside_requests == []
    assert page.evaluate("document.fonts.check('12pt \"Liberation Serif\"')")
    loaded = page.evaluate(
        "[...document.fonts].filter(f => f.status === 'loaded').map(f => f.family)"
    )
    assert any("Liberation Serif" in family for family in loaded)
    assert "Chi bộ Khu dân cư số 7" in page.locator("table.doc-table").inner_text()
