"""Working together in a browser: a secretary submits a plan; the Standing Committee member
finds it in «việc chờ bạn» and under the bell, opens it from the inbox and returns it with a
reason; the secretary finds the reason at the top of the plan; a mention in a task's
discussion reaches the person mentioned."""

from tests.helpers import ready_to_submit


def _bell(page) -> str:
    page.locator("#bell-count").wait_for()
    return page.locator("#bell-count").inner_text()


def test_a_submitted_plan_reaches_the_standing_committee_and_comes_back_with_a_reason(
    page, second_page, browser_login, live_server, plan, secretary, standing_user, board_user
):
    ready_to_submit(plan, secretary)
    browser_login(page, "bithu.kdc-01")
    page.goto(f"{live_server.url}/ke-hoach/{plan.pk}/")
    page.get_by_role("button", name="Trình Ban Thường vụ phê duyệt").click()
    assert "Trình Ban Thường vụ phê duyệt" in page.locator("#plan-status").inner_text()

    standing = second_page
    browser_login(standing, "btv")
    standing.goto(f"{live_server.url}/")
    waiting = standing.locator("[data-waiting=approve]")
    assert "Đề án, kế hoạch chờ phê duyệt: 1" in waiting.inner_text()
    assert plan.title in waiting.inner_text()
    assert _bell(standing) == "1"

    standing.locator("#bell").click()
    standing.locator("#notices").get_by_role("link").first.click()
    assert standing.url.endswith(f"/ke-hoach/{plan.pk}/")
    standing.get_by_role("link", name="Trả lại").click()
    standing.get_by_label("Lý do").fill("Bổ sung chỉ tiêu cho nhóm 3.")
    standing.get_by_role("button", name="Trả lại").click()
    assert "Ban Thường vụ trả lại" in standing.locator("#plan-status").inner_text()

    page.reload()
    reason = page.locator("#return-reason")
    assert "Bổ sung chỉ tiêu cho nhóm 3." in reason.inner_text()
    top = page.evaluate("document.getElementById('return-reason').getBoundingClientRect().top")
    assert top < 900  # on the first screen, not at the foot of the page
    assert _bell(page) == "1"


def test_a_mention_in_a_task_discussion_notifies_the_person(
    page, second_page, browser_login, live_server, approved_plan, secretary, board_user
):
    task = approved_plan.tasks.first()
    browser_login(page, "bithu.kdc-01")
    page.goto(f"{live_server.url}/ke-hoach/{approved_plan.pk}/")
    page.get_by_role("link", name="Trao đổi").first.click()
    page.locator("#remark-form textarea[name=text]").fill("Nhờ @bxd cho ý kiến về mốc tiến độ.")
    page.get_by_role("button", name="Gửi ý kiến").click()
    assert "Nhờ @bxd cho ý kiến" in page.locator("#discussion").inner_text()

    board = second_page
    browser_login(board, "bxd")
    board.goto(f"{live_server.url}/thong-bao/?loai=mention")
    board.locator("#notices").get_by_role("link").first.click()
    assert f"/nhiem-vu/{task.pk}/trao-doi/" in board.url
    assert "Nhờ @bxd cho ý kiến" in board.locator("#discussion").inner_text()
