"""A secretary records the cell's meeting on a phone (390 px) in a few taps: the month shows in
the ward grid and the quarter's targets move. A bad entry is answered on its field and keeps
what was typed."""

import datetime

import pytest
import time_machine

from organizations.models import MemberFigure

# Early January: the last quarter over is Quý IV/2026, whose meetings after its lock date
# (15/12) are still the secretary's to record until the next lock (15/03/2027).
NOW = datetime.datetime(2027, 1, 5, 9, 0, tzinfo=datetime.timezone(datetime.timedelta(hours=7)))


@pytest.fixture
def travelled():
    with time_machine.travel(NOW, tick=True):
        yield


def test_a_secretary_records_a_meeting_on_a_phone_and_the_ward_sees_it(
    travelled, phone_page, page, browser_login, live_server, unit, secretary, board_user
):
    MemberFigure.objects.create(unit=unit, as_of=datetime.date(2026, 3, 1), members=24, exempted=4)
    browser_login(page, "bxd")
    page.goto(f"{live_server.url}/")
    card = page.locator("[data-target=attendance]")
    assert "Chưa có số liệu" in card.inner_text()

    phone = phone_page
    browser_login(phone, "bithu.kdc-01")
    phone.goto(f"{live_server.url}/sinh-hoat/")
    phone.get_by_role("link", name="Ghi buổi sinh hoạt").click()
    assert "Số đảng viên phải dự hôm nay: 20." in phone.locator("main").inner_text()
    phone.get_by_label("Ngày sinh hoạt").fill("20/12/2026")
    phone.get_by_label("Số có mặt").fill("21")
    phone.get_by_role("button", name="Lưu").click()

    # Refused on its field, what was typed kept.
    error = phone.locator("#id_present").locator("xpath=..").inner_text()
    assert "Số có mặt (21) lớn hơn số đảng viên phải dự (20)" in error
    assert phone.get_by_label("Ngày sinh hoạt").input_value() == "20/12/2026"
    overflow = phone.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0

    phone.get_by_label("Số có mặt").fill("19")
    phone.get_by_role("button", name="Lưu").click()
    assert "Đã ghi buổi sinh hoạt ngày 20/12/2026" in phone.locator("main").inner_text()
    assert "19/20" in phone.locator("#attendance").inner_text()

    # The Board's grid shows December, openable to the meeting; the attendance target moved.
    page.goto(f"{live_server.url}/sinh-hoat/bang/?nam=2026")
    row = page.locator(f"tr[data-unit='{unit.code}']")
    row.get_by_role("link", name="Tháng 12: Đã sinh hoạt thường kỳ").click()
    assert "Chi bộ Khu dân cư số 1: sinh hoạt thường kỳ ngày 20/12/2026" in page.inner_text("h1")
    page.goto(f"{live_server.url}/")
    card = page.locator("[data-target=attendance]")
    assert "95 %" in card.inner_text() and "19/20" in card.inner_text()


def test_a_second_regular_meeting_in_the_month_asks_for_its_reason(
    travelled, phone_page, browser_login, live_server, unit, secretary
):
    from consolidation.models import CellMeeting

    CellMeeting.objects.create(
        unit=unit, held_on=datetime.date(2026, 12, 3), expected=20, present=18
    )
    phone = phone_page
    browser_login(phone, "bithu.kdc-01")
    phone.goto(f"{live_server.url}/sinh-hoat/ghi/")
    phone.get_by_label("Ngày sinh hoạt").fill("28/12/2026")
    phone.get_by_label("Số có mặt").fill("15")
    phone.get_by_text("Thêm chi tiết").click()  # no figures in the registry: type them
    phone.get_by_label("Số đảng viên phải dự").fill("20")
    phone.get_by_role("button", name="Lưu").click()

    assert "đã có buổi sinh hoạt thường kỳ ngày 03/12/2026" in phone.locator("main").inner_text()
    phone.get_by_label("Lý do buổi thường kỳ thứ hai trong tháng").fill("Họp bất thường")
    phone.get_by_role("button", name="Lưu").click()
    assert "Đã ghi buổi sinh hoạt ngày 28/12/2026" in phone.locator("main").inner_text()
    assert CellMeeting.objects.filter(unit=unit).count() == 2
