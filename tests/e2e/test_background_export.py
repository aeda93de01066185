"""Board staff ask for a city's roll-up PDF: it is made in the background, followed on its
progress page, joined by a second ask, and downloaded when done."""

import io
import re

from django.contrib.auth import get_user_model
from django.core.management import call_command
from playwright.sync_api import expect
from pypdf import PdfReader

from organizations.models import Kind, Unit
from reporting.models import ExportJob
from tests.reporting.test_exports import run_worker


def test_the_board_asks_for_the_roll_up_pdf_and_downloads_it_when_done(
    page, browser_login, live_server, monkeypatch, settings
):
    """A small generated city stands for the 2,000-row roll-up: every form counts as long."""
    call_command(
        "generate_scale_data", wards=1, units_per_ward=60, seed=3, force=True, stdout=io.StringIO()
    )
    monkeypatch.setattr("reporting.views.LONG_PDF", 1)
    ward = Unit.objects.get(code__startswith="S3-", kind=Kind.WARD)
    board = get_user_model().objects.get(username=f"bxd.{ward.code.lower()}")
    browser_login(page, board.username, settings.DEMO_PASSWORD)

    def ask():
        page.goto(f"{live_server.url}/bao-cao/?form=appendix3&quarter=2026-Q4")
        expect(page.locator("#long-pdf")).to_contain_text("được tạo trong nền")
        page.locator("#downloads").get_by_role("link", name="PDF").click()
        expect(page.locator("#export-title")).to_contain_text("Phụ lục 3 Quý IV/2026")
        page.get_by_role("button", name="Tạo tệp").click()
        expect(page.locator("#export-status")).to_contain_text("Đang chờ")
        return page.url

    first = ask()
    second = ask()  # while the first is still waiting for a worker: the same file

    assert first == second and ExportJob.objects.count() == 1
    assert re.search(r"/tep-da-xuat/[0-9a-f-]{36}/$", first)

    assert run_worker() == 1  # what `manage.py db_worker` does beside the server

    expect(page.locator("#export-status")).to_have_attribute("data-status", "done", timeout=15_000)
    with page.expect_download() as download:
        page.locator("#export-download").click()
    pdf = PdfReader(download.value.path())
    text = re.sub(r"\s+", " ", " ".join(p.extract_text() for p in pdf.pages))
    assert "PHỤ LỤC 3" in text and download.value.suggested_filename.endswith(".pdf")

    page.get_by_role("link", name="Tệp đã xuất").first.click()
    expect(page.locator("#exports")).to_contain_text("Phụ lục 3 Quý IV/2026")
    expect(page.locator("#exports")).to_contain_text("Đã xong")
