import pytest

from consolidation.models import IndicatorGroup, Plan
from tests.helpers import confirm, weak_input


@pytest.fixture
def weak_review(ward, unit, other_unit, board_user, standing_user):
    from consolidation.services import reviews as review_services

    round_ = review_services.round_open(
        ward=ward,
        name="Rà soát 2026",
        period="04–05/2026",
        dates=review_services.default_round_dates(2026),
        by=board_user,
    )
    review = round_.reviews.get(unit=unit)
    confirm(review, board_user, weak_input(("1.1", "3.4")))
    return review


def _fill(page, field, value):
    page.locator(f"#id_{field}").fill(value)


def test_the_boards_year_from_review_to_recognition(
    page, browser_login, browser_logout, live_server, weak_review, secretary
):
    """Seed 000, V.3.2 and VI: review → six steps with consultation → approval refused while
    a task traces to no cause → fixed → approved → a quarterly report → recognition refused
    on an evaluation of phase 1 → final evaluation in phase 3 → recognition."""
    browser_login(page, "bxd")
    page.goto(f"{live_server.url}/ra-soat/danh-gia/{weak_review.pk}/")
    page.get_by_role("button", name="Đưa vào củng cố (xây dựng Đề án)").click()
    assert (
        "Đề án củng cố Chi bộ Khu dân cư số 1" in page.get_by_role("heading", level=1).inner_text()
    )
    plan_url = page.url

    # Step 2: survey and verify on the ground.
    page.locator('li[data-step="2"]').get_by_role("link", name="Thực hiện").click()
    _fill(page, "done_on", "22/05/2026")
    _fill(page, "participants", "Đ/c Nguyễn Văn Thành, Ban XDĐ")
    _fill(page, "notes", "Kiểm chứng tại chi bộ: đúng các biểu hiện đã nêu.")
    page.get_by_role("button", name="Lưu và hoàn thành bước 2").click()
    assert "Đã hoàn thành bước 2" in page.locator(".messages").inner_text()

    # Step 3: the general objective, then one specific objective per group.
    page.get_by_role("link", name="Sửa thông tin").click()
    _fill(page, "general_objective", "Khắc phục dứt điểm yếu kém trong năm 2026.")
    page.get_by_role("button", name="Lưu").click()
    for number in (1, 3):
        group = IndicatorGroup.objects.get(number=number)
        page.get_by_role("link", name="Thêm mục tiêu cụ thể").click()
        page.locator("#id_group").select_option(str(group.pk))
        _fill(page, "text", f"Khắc phục hạn chế nhóm {number}")
        _fill(page, "target", "100 % chi ủy viên thực hiện đúng quy chế")
        _fill(page, "deadline", "15/12/2026")
        _fill(page, "output", "01 quy chế sửa đổi")
        page.get_by_role("button", name="Lưu").click()
    page.locator('li[data-step="3"]').get_by_role("link", name="Thực hiện").click()
    page.get_by_role("button", name="Lưu và hoàn thành bước 3").click()
    assert "Đã hoàn thành bước 3" in page.locator(".messages").inner_text()

    # Step 4: a task per group, clear on its six points; the first one is saved without
    # the cause it answers.
    for number in (1, 3):
        group = IndicatorGroup.objects.get(number=number)
        page.get_by_role("link", name="Thêm nhiệm vụ").click()
        page.locator("#id_group").select_option(str(group.pk))
        if number == 3:
            page.locator("#id_causes_0").check()
        _fill(page, "what", f"Nhiệm vụ nhóm {number}")
        _fill(page, "person_name", "Lê Văn Bình")
        _fill(page, "person_position", "Bí thư chi bộ")
        _fill(page, "lead", "Chi ủy")
        _fill(page, "starts_on", "01/06/2026")
        _fill(page, "deadline", "30/09/2026")
        _fill(page, "deliverable", "Quy chế sửa đổi")
        _fill(page, "effect_sought", "100 % thực hiện")
        page.get_by_role("button", name="Lưu nhiệm vụ").click()
        assert "Đã lưu nhiệm vụ" in page.locator(".messages").inner_text()
    assert "Nhiệm vụ số 1" in page.locator("#thread-gaps").inner_text()
    page.locator('li[data-step="4"]').get_by_role("link", name="Thực hiện").click()
    page.get_by_role("button", name="Lưu và hoàn thành bước 4").click()

    # Step 5: the draft is consulted on, then submission is refused while task 1 traces to
    # no cause ("1 xuyên suốt").
    page.get_by_role("link", name="Ghi việc lấy ý kiến").click()
    _fill(page, "held_on", "26/05/2026")
    _fill(page, "consulted", "Chi ủy, đảng viên chi bộ")
    _fill(page, "changes", "Bổ sung chỉ tiêu nhóm 1")
    page.get_by_role("button", name="Ghi").click()
    assert "Chi ủy, đảng viên chi bộ" in page.locator("#consultations").inner_text()
    page.get_by_role("button", name="Trình Ban Thường vụ phê duyệt").click()
    refusal = page.locator(".messages").inner_text()
    assert "Nhiệm vụ số 1 («Nhiệm vụ nhóm 1») chưa dẫn chiếu nguyên nhân" in refusal
    assert page.locator("#plan-status").inner_text() == "Đang xây dựng"
    page.locator('tr[data-task="1"] a').first.click()
    page.locator("#id_causes_0").check()
    page.get_by_role("button", name="Lưu nhiệm vụ").click()
    page.goto(plan_url)
    assert page.locator("#thread-gaps").count() == 0
    page.get_by_role("button", name="Trình Ban Thường vụ phê duyệt").click()
    assert page.locator("#plan-status").inner_text() == "Trình Ban Thường vụ phê duyệt"
    browser_logout(page)
    browser_login(page, "btv")
    page.goto(plan_url)
    page.get_by_role("link", name="Phê duyệt").click()
    _fill(page, "number", "05-ĐA/CB")
    _fill(page, "issued_on", "28/05/2026")
    page.get_by_role("button", name="Phê duyệt").click()
    assert "Số 05-ĐA/CB, ngày 28/5/2026" in page.content()
    browser_logout(page)

    # Step 6: the secretary reports the quarter, the Board accepts it.
    browser_login(page, "bithu.kdc-01")
    page.goto(f"{live_server.url}/bao-cao-quy/")
    page.get_by_role("button", name="Làm báo cáo Quý IV/2026").click()
    cards = page.locator("fieldset.task-card")
    for i in range(cards.count()):
        cards.nth(i).locator("select").select_option("done")
        cards.nth(i).locator("input[type=number]").fill("100")
        cards.nth(i).locator("textarea").fill("Đã sửa và thực hiện quy chế.")
    page.locator("#id_summary").fill("Hoàn thành các nhiệm vụ của đề án.")
    page.get_by_role("button", name="Nộp báo cáo").click()
    update_url = page.url
    browser_logout(page)
    browser_login(page, "bxd")
    page.goto(update_url)
    page.get_by_role("button", name="Tiếp nhận").click()
    assert page.locator("#update-state").inner_text() == "Đã tiếp nhận"
    page.goto(plan_url)
    assert page.locator("#plan-progress").inner_text() == "100 %"

    def evaluate(day: str) -> None:
        page.goto(plan_url)
        page.get_by_role("link", name="Ghi đánh giá giữa kỳ, cuối kỳ").click()
        page.locator("#id_kind").select_option("final")
        _fill(page, "evaluated_on", day)
        page.get_by_role("radio", name="Có chuyển biến rõ rệt", exact=True).check()
        _fill(page, "summary", "Hoàn thành các mục tiêu.")
        results = page.locator("select[name^='objective_']")
        for i in range(results.count()):
            results.nth(i).select_option("met")
        page.get_by_role("button", name="Ghi đánh giá").click()

    # An evaluation of phase 1 does not earn recognition.
    evaluate("29/05/2026")
    browser_logout(page)
    browser_login(page, "btv")
    page.goto(plan_url)
    page.get_by_role("link", name="Công nhận hoàn thành củng cố").click()
    _fill(page, "decision_number", "119-QĐ/ĐU")
    _fill(page, "decided_on", "30/05/2026")
    page.get_by_role("button", name="Công nhận").click()
    assert "giai đoạn 3" in page.locator("#recognition-problems").inner_text()
    page.goto(plan_url)
    assert page.locator("#plan-status").inner_text() == "Đã phê duyệt, đang thực hiện"
    browser_logout(page)

    # The final evaluation of phase 3 does.
    browser_login(page, "bxd")
    evaluate("05/11/2026")
    browser_logout(page)
    browser_login(page, "btv")
    page.goto(plan_url)
    page.get_by_role("link", name="Công nhận hoàn thành củng cố").click()
    _fill(page, "decision_number", "120-QĐ/ĐU")
    _fill(page, "decided_on", "12/11/2026")
    page.get_by_role("button", name="Công nhận").click()
    assert page.locator("#plan-status").inner_text() == "Đã công nhận hoàn thành củng cố"
    plan = Plan.objects.get()
    assert plan.steps.filter(completed_at__isnull=False).count() == 6
