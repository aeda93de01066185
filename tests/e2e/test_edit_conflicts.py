"""Two logins saving the same record: the second is refused with who saved in between, and
keeps what it typed (organizations.forms.VersionedFormMixin)."""

import datetime

import pytest

from consolidation.models import Cadre, ComplexCase, Objective, PlanStep


@pytest.fixture
def records(plan, board_user, unit):
    from consolidation.services import plans as plan_services

    objective = plan_services.objective_save(
        plan=plan,
        data=plan_services.ObjectiveInput(
            plan.groups.first().pk, "Khắc phục", "100 %", datetime.date(2026, 12, 1), "Báo cáo"
        ),
        by=board_user,
    )
    cadre = Cadre.objects.create(
        unit=unit, name="Trần Văn C", position="Chi ủy viên", limitation="x"
    )
    case = ComplexCase.objects.create(unit=unit, kind="petition", description="Đơn thư lối đi")
    step = plan.steps.get(number=2)
    return {
        "step": (
            f"/ke-hoach/{plan.pk}/buoc/2/",
            "notes",
            "Lưu",
            lambda: PlanStep.objects.get(pk=step.pk).notes,
        ),
        "objective": (
            f"/ke-hoach/{plan.pk}/muc-tieu/{objective.pk}/",
            "text",
            "Lưu",
            lambda: Objective.objects.get(pk=objective.pk).text,
        ),
        "cadre": (
            f"/so-theo-doi/can-bo/{cadre.pk}/",
            "limitation",
            "Lưu",
            lambda: Cadre.objects.get(pk=cadre.pk).limitation,
        ),
        "case": (
            f"/so-theo-doi/vu-viec/{case.pk}/sua/",
            "description",
            "Lưu",
            lambda: ComplexCase.objects.get(pk=case.pk).description,
        ),
    }


@pytest.mark.parametrize("kind", ["step", "objective", "cadre", "case"])
def test_the_second_login_saving_the_same_record_is_refused(
    kind, records, page, second_page, browser_login, live_server, board_user
):
    url, field, button, saved = records[kind]
    for p in (page, second_page):
        browser_login(p, "bxd")
        p.goto(f"{live_server.url}{url}")

    page.locator(f"#id_{field}").fill("Bản của người thứ nhất")
    page.get_by_role("button", name=button, exact=True).click()
    page.wait_for_load_state()
    assert url not in page.url
    second_page.locator(f"#id_{field}").fill("Bản của người thứ hai")
    second_page.get_by_role("button", name=button, exact=True).click()
    second_page.wait_for_load_state()

    assert "sau khi đồng chí mở trang" in second_page.locator("main").inner_text()
    assert second_page.locator(f"#id_{field}").input_value() == "Bản của người thứ hai"
    assert saved() == "Bản của người thứ nhất"
