import pytest

HOME_HEADINGS = {
    "bxd": "Bàn làm việc Ban Xây dựng Đảng",
    "btv": "Trang của Ban Thường vụ",
    "ubkt": "Trang của Ủy ban Kiểm tra",
    "vpdu": "Trang của Văn phòng Đảng ủy",
    "bithu.kdc-01": "Trang của Bí thư chi bộ",
}


@pytest.fixture
def everyone(board_user, standing_user, inspection_user, office_user, secretary):
    return [board_user, standing_user, inspection_user, office_user, secretary]


def test_each_role_logs_in_and_sees_its_home_page(
    page, browser_login, browser_logout, everyone, live_server
):
    for user in everyone:
        browser_login(page, user.username)
        assert page.get_by_role("heading", level=1).inner_text() == HOME_HEADINGS[user.username]
        assert page.locator("html").get_attribute("lang") == "vi"
        browser_logout(page)


def test_a_wrong_password_shows_the_vietnamese_error(page, browser_login, board_user):
    browser_login(page, "bxd", password="khong-dung", expect_ok=False)

    assert "Tên đăng nhập hoặc mật khẩu không đúng" in page.locator("#login-error").inner_text()


def test_logout_returns_to_login_and_the_pages_close(
    page, browser_login, browser_logout, board_user, live_server
):
    browser_login(page, "bxd")
    browser_logout(page)

    page.goto(f"{live_server.url}/")

    assert "/dang-nhap/" in page.url


def test_phone_width_has_no_horizontal_scroll(phone_page, browser_login, secretary, live_server):
    browser_login(phone_page, "bithu.kdc-01")
    for path in ["/", "/doi-mat-khau/"]:
        phone_page.goto(live_server.url + path)
        overflow = phone_page.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        assert overflow <= 0, path
    # The menu collapses behind a button that a thumb can reach.
    assert phone_page.get_by_role("button", name="Mở menu").is_visible()
