from django.conf import settings
from django.contrib.auth import get_user_model


def test_board_filters_searches_and_opens_a_unit(page, browser_login, demo_ward, live_server):
    browser_login(page, "bxd", settings.DEMO_PASSWORD)
    page.get_by_role("link", name="Tổ chức đảng").click()
    page.wait_for_url(f"{live_server.url}/don-vi/")
    assert "84 tổ chức" in page.locator("#result-count").inner_text()

    page.get_by_label("Khối", exact=True).select_option(label="Công an")
    page.get_by_role("button", name="Lọc").click()
    assert "1 tổ chức" in page.locator("#result-count").inner_text()
    assert "Đảng bộ Công an phường" in page.locator("#unit-table").inner_text()

    page.get_by_role("link", name="Bỏ lọc").click()
    page.get_by_label("Tìm kiếm").fill("khu dan cu so 1")  # typed without accents
    page.get_by_label("Tìm kiếm").press("Enter")
    page.wait_for_load_state()
    names = page.locator("#unit-table tbody a").all_inner_texts()
    assert names[:3] == [
        "Chi bộ Khu dân cư số 1",
        "Chi bộ Khu dân cư số 10",
        "Chi bộ Khu dân cư số 11",
    ]

    page.get_by_role("link", name="Chi bộ Khu dân cư số 1", exact=True).click()
    assert page.get_by_role("heading", level=1).inner_text() == "Chi bộ Khu dân cư số 1"
    assert page.locator("#ratings").is_visible()
    assert "01/03/2026 (mới nhất)" in page.locator("#figures").inner_text()


def test_a_secretary_sees_only_their_unit(page, browser_login, demo_ward, live_server):
    browser_login(page, "bithu.kdc-07", settings.DEMO_PASSWORD)
    page.goto(f"{live_server.url}/don-vi/")

    assert page.locator("#unit-table tbody a").all_inner_texts() == ["Chi bộ Khu dân cư số 7"]
    other = get_user_model().objects.get(username="bithu.kdc-08").membership.unit
    response = page.goto(f"{live_server.url}/don-vi/{other.pk}/")
    assert response.status == 404
