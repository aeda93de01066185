"""An autosave that cannot save tells the person on the page, and keeps what was typed: a lost
connection, a server error, an edit conflict (409) — each replaces the «Đã tự lưu» line."""

from django.utils import timezone
from playwright.sync_api import expect

from consolidation.models import QuarterlyUpdate
from consolidation.selectors.quarterly import quarter_key
from consolidation.services import quarterly as quarterly_services


def _open_draft(page, live_server, ward, plan):
    quarter = quarterly_services.quarter_ensure(ward, *quarter_key(timezone.localdate()))
    update = quarterly_services.update_for(plan=plan, quarter=quarter)
    page.goto(f"{live_server.url}/bao-cao-quy/cap-nhat/{update.pk}/sua/")
    # The page's own later requests done before the test writes: on SQLite the live server
    # shares the test's in-memory database, and a write racing a request there hung CI.
    page.wait_for_load_state("networkidle")
    return update


def _type(page, text):
    page.locator("#id_summary").fill(text)
    page.locator("#id_summary").dispatch_event("change")


def test_a_lost_connection_and_a_server_error_are_told_and_nothing_typed_is_lost(
    page, browser_login, live_server, ward, approved_plan, secretary
):
    browser_login(page, "bithu.kdc-01")
    _open_draft(page, live_server, ward, approved_plan)
    status = page.locator("#autosave-status")

    page.route("**/luu-nhap/", lambda route: route.abort())
    _type(page, "Đã họp chi ủy")
    expect(page.locator("#autosave-status")).to_contain_text("Chưa tự lưu được", timeout=10_000)
    assert "mất kết nối tới máy chủ" in status.inner_text()
    assert page.locator("#id_summary").input_value() == "Đã họp chi ủy"

    page.unroute("**/luu-nhap/")
    page.route("**/luu-nhap/", lambda route: route.fulfill(status=500, body="lỗi"))
    _type(page, "Đã họp chi ủy, phân công")
    expect(page.locator("#autosave-status")).to_contain_text("máy chủ trả lỗi 500", timeout=10_000)

    page.unroute("**/luu-nhap/")
    page.locator("#id_summary").fill("Đã họp chi ủy, phân công cụ thể.")
    page.locator("#id_summary").dispatch_event("change")
    expect(page.locator("#autosave-status")).to_contain_text("Đã tự lưu nháp lúc", timeout=10_000)
    assert QuarterlyUpdate.objects.get().summary == "Đã họp chi ủy, phân công cụ thể."


def test_an_edit_conflict_is_told_on_the_page(
    page, browser_login, live_server, ward, approved_plan, secretary
):
    browser_login(page, "bithu.kdc-01")
    update = _open_draft(page, live_server, ward, approved_plan)
    QuarterlyUpdate.objects.filter(pk=update.pk).update(
        version=update.version + 5
    )  # saved elsewhere

    page.locator("#id_summary").fill("Bản của tôi")
    page.locator("#id_summary").dispatch_event("change")
    expect(page.locator("#autosave-status")).to_contain_text("Chưa tự lưu được", timeout=10_000)
    assert page.locator("#id_summary").input_value() == "Bản của tôi"
    assert QuarterlyUpdate.objects.get().summary != "Bản của tôi"
