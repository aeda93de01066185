import pytest

from consolidation.models import Plan
from consolidation.services import plans as plan_services
from consolidation.services import reviews as review_services
from tests.helpers import approved, confirm, weak_input


@pytest.fixture
def plan_in_progress(ward, unit, other_unit, board_user, standing_user, secretary):
    round_ = review_services.round_open(
        ward=ward,
        name="Rà soát 2026",
        period="04–05/2026",
        dates=review_services.default_round_dates(2026),
        by=board_user,
    )
    review = round_.reviews.get(unit=unit)
    confirm(review, board_user, weak_input(("1.1", "3.4")))
    import datetime

    plan = plan_services.plan_create_from_review(
        review=review, by=board_user, started_on=datetime.date(2026, 5, 20)
    )
    return approved(plan, board_user, standing_user)


def test_a_secretary_reports_on_a_phone(
    phone_page, browser_login, browser_logout, live_server, plan_in_progress
):
    page = phone_page
    browser_login(page, "bithu.kdc-01")
    page.goto(f"{live_server.url}/bao-cao-quy/")
    page.get_by_role("button", name="Làm báo cáo Quý IV/2026").click()

    # Fill the update, with a file, and submit.
    cards = page.locator("fieldset.task-card")
    assert cards.count() == 2
    for i in range(2):
        card = cards.nth(i)
        card.locator("select").select_option("in_progress")
        card.locator("input[type=number]").fill("40")
        card.locator("textarea").fill("Đã họp chi ủy, phân công cụ thể.")
    cards.nth(0).locator("input[type=file]").set_input_files(
        files=[
            {
                "name": "bien-ban.pdf",
                "mimeType": "application/pdf",
                "buffer": b"%PDF-1.4\n1 0 obj<<>>endobj\n%%EOF\n",
            }
        ]
    )
    page.locator("#id_summary").fill("Đã triển khai đề án, bắt đầu sửa quy chế làm việc.")
    overflow = page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0
    page.get_by_role("button", name="Nộp báo cáo").click()
    assert page.locator("#update-state").inner_text() == "Đã nộp, chờ tiếp nhận"
    update_url = page.url
    browser_logout(page)

    # Board staff return it with a reason.
    browser_login(page, "bxd")
    page.goto(update_url)
    assert "bien-ban.pdf" in page.locator("#progress").inner_text()
    page.get_by_role("link", name="Trả lại").click()
    page.locator("#id_reason").fill("Ghi rõ kết quả sửa quy chế, kèm biên bản.")
    page.get_by_role("button", name="Trả lại").click()
    browser_logout(page)

    # The secretary sees the reason, fixes and resubmits.
    browser_login(page, "bithu.kdc-01")
    page.goto(update_url)
    assert "Ghi rõ kết quả sửa quy chế" in page.locator("#return-reason").inner_text()
    page.get_by_role("link", name="Sửa và nộp lại").click()
    for i in range(2):
        page.locator("fieldset.task-card").nth(i).locator("input[type=number]").fill("70")
    page.locator("#id_summary").fill("Đã sửa xong quy chế làm việc (biên bản kèm theo).")
    page.get_by_role("button", name="Nộp báo cáo").click()
    assert page.locator("#update-state").inner_text() == "Đã nộp, chờ tiếp nhận"
    browser_logout(page)

    # Board staff accept; the plan's tasks show the new progress.
    browser_login(page, "bxd")
    page.goto(update_url)
    page.get_by_role("button", name="Tiếp nhận").click()
    assert page.locator("#update-state").inner_text() == "Đã tiếp nhận"
    plan = Plan.objects.get()
    page.goto(f"{live_server.url}/ke-hoach/{plan.pk}/")
    assert page.locator("#plan-progress").inner_text() == "70 %"
    assert set(plan.tasks.values_list("progress", flat=True)) == {70}
