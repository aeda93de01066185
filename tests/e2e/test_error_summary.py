"""A refused form on a phone: the page lands on a summary of what to fix, each item linked to
its field, instead of the top of a long form with the only error far below."""

from django.conf import settings

from consolidation.models import Plan


def _in_view(page, selector) -> bool:
    """Its top inside the window. A scroll lands on whole pixels while heights set in rem
    need not, so a top a fraction of a pixel above the window (-0.016 px seen) is in view;
    a whole pixel above is not."""
    return page.evaluate(
        """(selector) => { const r = document.querySelector(selector).getBoundingClientRect();
           return r.top > -1 && r.top < window.innerHeight; }""",
        selector,
    )


def test_a_phone_lands_on_the_summary_of_a_refused_task_and_reaches_the_field(
    phone_page, live_server, demo_ward, browser_login
):
    page = phone_page
    plan = Plan.objects.get(unit__code="KDC-07")  # approved: an edit needs its reason
    task = plan.tasks.order_by("pk").first()
    browser_login(page, "bithu.kdc-07", settings.DEMO_PASSWORD)
    page.goto(f"{live_server.url}/ke-hoach/{plan.pk}/nhiem-vu/{task.pk}/")
    page.locator("#id_deliverable").fill("Quy chế làm việc sửa đổi, bản ký ban hành")
    with page.expect_navigation():
        page.get_by_role("button", name="Lưu nhiệm vụ").click()

    summary = page.locator("#error-summary")
    assert summary.is_visible()
    assert _in_view(page, "#error-summary")
    assert page.evaluate("document.activeElement.id") == "error-summary"
    assert "Lý do điều chỉnh" in summary.inner_text()
    # What the person typed is still there.
    assert (
        page.locator("#id_deliverable").input_value() == "Quy chế làm việc sửa đổi, bản ký ban hành"
    )

    summary.get_by_role("link", name="Lý do điều chỉnh", exact=False).click()
    assert _in_view(page, "#id_reason")
    assert page.evaluate("document.activeElement.id") == "id_reason"
