"""The Board runs accounts for a year without a developer: a new unit's secretary gets an
account, forgets the password, comes back; a unit's secretary changes and the unit passes to
the new person, whose work then shows under their own name."""

import re

from django.conf import settings

from consolidation.models import Plan

NEW_PASSWORD = "mat-khau-cua-toi-2026"


def _temporary_password(page) -> str:
    return page.locator("[data-temporary-password]").inner_text().strip()


def _first_login(page, browser_login, browser_logout, username, temporary):
    """Log in with a temporary password; the site asks for a new one before anything."""
    browser_logout(page)
    browser_login(page, username, temporary)
    assert page.url.endswith("/doi-mat-khau/")
    assert "mật khẩu tạm" in page.locator("main").inner_text()
    page.locator("#id_old_password").fill(temporary)
    page.locator("#id_new_password1").fill(NEW_PASSWORD)
    page.locator("#id_new_password2").fill(NEW_PASSWORD)
    with page.expect_navigation():
        page.get_by_role("button", name="Lưu mật khẩu mới").click()
    assert not page.url.endswith("/doi-mat-khau/")


def test_the_board_creates_resets_and_hands_over_accounts(
    page, live_server, demo_ward, browser_login, browser_logout
):
    base = live_server.url
    browser_login(page, "bxd", settings.DEMO_PASSWORD)

    # A new grassroots unit: the registry offers its secretary's account.
    page.goto(f"{base}/don-vi/them/")
    page.get_by_label("Mã đơn vị").fill("KDC-60")
    page.get_by_label("Tên tổ chức").fill("Chi bộ Khu dân cư số 60")
    page.get_by_label("Khối").select_option(label="Khu dân cư")
    page.get_by_label("Bí thư", exact=True).fill("Phan Văn Lộc")
    with page.expect_navigation():
        page.get_by_role("button", name="Lưu").click()
    with page.expect_navigation():
        page.get_by_role("link", name="Tạo tài khoản cho bí thư").click()
    assert page.locator("#id_last_name").input_value() == "Phan Văn"
    assert page.locator("#id_first_name").input_value() == "Lộc"
    with page.expect_navigation():
        page.get_by_role("button", name="Tạo tài khoản").click()
    first_temporary = _temporary_password(page)
    assert re.fullmatch(r"[a-z0-9]{4}-[a-z0-9]{4}-[a-z0-9]{4}", first_temporary)

    # Forgotten: the Board gives a new temporary password; the first one no longer works.
    with page.expect_navigation():
        page.get_by_role("link", name="Xem tài khoản").click()
    with page.expect_navigation():
        page.get_by_role("link", name="Cấp mật khẩu tạm").click()
    with page.expect_navigation():
        page.get_by_role("button", name="Cấp mật khẩu tạm").click()
    second_temporary = _temporary_password(page)
    assert second_temporary != first_temporary

    _first_login(page, browser_login, browser_logout, "bithu.kdc-60", second_temporary)
    assert page.locator(".user-name").inner_text() == "Phan Văn Lộc"

    # KDC-07's secretary writes on the plan, then the unit passes to a new person.
    plan = Plan.objects.get(unit__code="KDC-07")
    browser_logout(page)
    browser_login(page, "bithu.kdc-07", settings.DEMO_PASSWORD)
    old_name = page.locator(".user-name").inner_text()
    page.goto(f"{base}/ke-hoach/{plan.pk}/")
    page.get_by_label("Nội dung").fill("Chi bộ đã họp rà soát quy chế.")
    with page.expect_navigation():
        page.get_by_role("button", name="Ghi ý kiến").click()

    browser_logout(page)
    browser_login(page, "bxd", settings.DEMO_PASSWORD)
    page.goto(f"{base}/don-vi/{plan.unit_id}/")
    with page.expect_navigation():
        page.get_by_role("link", name="Bàn giao cho bí thư mới").click()
    page.get_by_label("Họ và tên đệm của người mới").fill("Đỗ Thị")
    page.get_by_label("Tên của người mới").fill("Hạnh")
    page.get_by_label("Tên đăng nhập của người mới").fill("hanh.do")
    page.get_by_label("Ghi chú (quyết định, lý do…)").fill("Quyết định 15-QĐ/ĐU")
    with page.expect_navigation():
        page.get_by_role("button", name="Bàn giao").click()
    handed_temporary = _temporary_password(page)

    _first_login(page, browser_login, browser_logout, "hanh.do", handed_temporary)
    assert page.locator(".user-name").inner_text() == "Đỗ Thị Hạnh"
    page.goto(f"{base}/ke-hoach/{plan.pk}/")
    page.get_by_label("Nội dung").fill("Đã nhận bàn giao, tiếp tục thực hiện.")
    with page.expect_navigation():
        page.get_by_role("button", name="Ghi ý kiến").click()

    comments = page.locator("#comments").inner_text()
    assert f"{old_name}," in comments and "Chi bộ đã họp rà soát quy chế." in comments
    assert "Đỗ Thị Hạnh," in comments and "Đã nhận bàn giao" in comments

    # The old account is closed: its password no longer opens the site.
    browser_logout(page)
    browser_login(page, "bithu.kdc-07", settings.DEMO_PASSWORD, expect_ok=False)
    assert "/dang-nhap/" in page.url
