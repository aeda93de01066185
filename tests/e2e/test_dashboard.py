"""The dashboard in a real browser: a target opens the list behind it; a secretary lands on
their unit's card; with JavaScript off at phone width the charts still come with tables."""

from consolidation.models import Conclusion, PlanStatus
from tests.e2e.conftest import _new_page
from tests.helpers import make_plan, mark


def _two_units_needing_consolidation(review_round, unit, other_unit):
    weak = mark(review_round.reviews.get(unit=unit), Conclusion.WEAK, ("1.1", "3.4"))
    mark(review_round.reviews.get(unit=other_unit), Conclusion.COMPLEX, ("3.1",))
    return make_plan(unit, review=weak)


def test_the_standing_committee_opens_a_target_and_lands_on_its_list(
    page, browser_login, live_server, review_round, unit, other_unit, standing_user
):
    _two_units_needing_consolidation(review_round, unit, other_unit)

    browser_login(page, "btv")
    assert page.url == f"{live_server.url}/"
    card = page.locator('[data-target="approved"]')
    assert "1/2 tổ chức" in card.inner_text()
    card.click()

    page.wait_for_url("**/tong-quan/chi-tieu/approved/")
    assert page.get_by_role("heading", level=1).inner_text() == (
        "Tổ chức cần củng cố và đề án, kế hoạch của mình"
    )
    rows = page.locator("#target-rows tbody tr")
    assert rows.count() == 2
    assert "Chưa xây dựng" in page.locator('tr[data-unit="KDC-02"]').inner_text()
    page.get_by_role("link", name="Chi bộ Khu dân cư số 1").click()
    page.wait_for_url("**/ke-hoach/*/")


def test_a_secretary_lands_on_their_units_card(
    page, browser_login, review_round, unit, other_unit, secretary
):
    plan = _two_units_needing_consolidation(review_round, unit, other_unit)
    assert plan.status == PlanStatus.APPROVED

    browser_login(page, "bithu.kdc-01")

    card = page.locator("#unit-card")
    assert "Chi bộ Khu dân cư số 1" in card.inner_text()
    assert "Đã phê duyệt" in card.inner_text()
    assert page.locator("#targets").count() == 0


def test_without_javascript_at_phone_width_the_charts_come_with_tables(
    browser,
    live_server,
    outside_requests,
    browser_login,
    review_round,
    unit,
    other_unit,
    standing_user,
):
    _two_units_needing_consolidation(review_round, unit, other_unit)
    context, page = _new_page(
        browser,
        live_server,
        outside_requests,
        java_script_enabled=False,
        viewport={"width": 390, "height": 844},
        is_mobile=True,
    )
    try:
        browser_login(page, "btv")
        for chart in page.locator("figure.chart-card").all():
            assert chart.locator("svg").is_visible()
            assert chart.locator("table").count() == 1
            box = chart.bounding_box()
            assert box["x"] >= 0 and box["x"] + box["width"] <= 390
        groups = page.locator("#chart-groups table")
        assert "Nhóm 1 và 3" in groups.inner_text()
        page.locator('[data-target="signs"]').click()
        page.wait_for_url("**/tong-quan/chi-tieu/signs/")
    finally:
        context.close()
    assert outside_requests == []
