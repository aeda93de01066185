import pytest

from consolidation.models import Indicator, Review
from consolidation.services import reviews as review_services


@pytest.fixture
def open_round(ward, unit, other_unit, board_user):
    return review_services.round_open(
        ward=ward,
        name="Rà soát giai đoạn 1 năm 2026",
        period="04–05/2026",
        dates=review_services.default_round_dates(2026),
        by=board_user,
    )


def _check(page, code, text):
    indicator = Indicator.objects.get(code=code)
    page.locator(f"#id_present_{indicator.pk}").check()
    page.locator(f"#id_manifestation_{indicator.pk}").fill(text)


def test_self_assessment_then_confirmation_then_the_board(
    page,
    browser_login,
    browser_logout,
    live_server,
    open_round,
    secretary,
    other_secretary,
    board_user,
):
    review = open_round.reviews.get(unit__code="KDC-01")

    # The secretary self-assesses and submits.
    browser_login(page, "bithu.kdc-01")
    page.get_by_role("link", name="Rà soát").first.click()
    page.get_by_role("link", name="Bắt đầu tự đánh giá").click()
    page.get_by_role("link", name="Tự đánh giá").click()
    _check(page, "1.1", "Bí thư tự quyết việc chi quỹ, không đưa ra chi ủy bàn.")
    _check(page, "3.4", "Ba đơn thư về lối đi chung kéo dài chưa giải quyết.")
    page.locator("#id_causes-0-text").fill("Bí thư chưa thực hiện nghiêm quy chế làm việc.")
    page.get_by_role("button", name="Lưu và gửi Ban Xây dựng Đảng").click()
    assert "Đã gửi bản tự đánh giá" in page.locator(".messages").inner_text()
    assert page.locator("#review-state").inner_text() == "Đã tự đánh giá"
    browser_logout(page)

    # Another unit's secretary cannot open it.
    browser_login(page, "bithu.kdc-02")
    response = page.goto(f"{live_server.url}/ra-soat/danh-gia/{review.pk}/")
    assert response.status == 404
    page.goto(f"{live_server.url}/")
    browser_logout(page)

    # Board staff confirm it as yếu kém in Nhóm 1 and 3.
    browser_login(page, "bxd")
    page.goto(f"{live_server.url}/ra-soat/danh-gia/{review.pk}/")
    page.get_by_role("link", name="Thẩm định, kết luận").click()
    groups = {1: "Nhóm 1", 3: "Nhóm 3"}
    for number in groups:
        from consolidation.models import IndicatorGroup

        group = IndicatorGroup.objects.get(number=number)
        page.locator(f"#id_severity_{group.pk}").select_option("medium")
    page.get_by_label("Kết luận của Ban Xây dựng Đảng").select_option("weak")
    page.get_by_role("button", name="Lưu và xác nhận kết luận").click()
    assert "Đã xác nhận kết luận" in page.locator(".messages").inner_text()
    assert page.locator("#review-groups").inner_text() == "1, 3"

    # The round's board shows it, with the counts.
    page.goto(f"{live_server.url}/ra-soat/{open_round.pk}/")
    row = page.locator('tr[data-unit="KDC-01"]')
    assert "Yếu kém" in row.inner_text() and "1, 3" in row.locator(".groups").inner_text()
    assert page.locator("#count-reviewed").inner_text() == "1/2"
    assert page.locator("#count-needing").inner_text() == "1"
    assert page.locator("#count-group-1").inner_text() == "1"
    assert page.locator("#count-group-2").inner_text() == "0"
    assert page.locator("#count-group-3").inner_text() == "1"
    assert Review.objects.get(pk=review.pk).state == "confirmed"
