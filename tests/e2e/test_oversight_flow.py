"""Each body's own work in a browser: Inspection records an inspection of a weak unit's plan
with two recommendations and follows one up; the Party office opens an urgent case with a
roadmap of three milestones and a letter and marks one done; the Board records the Front's
feedback and its response; a unit's secretary, on a phone, finds their own records and none
of another unit's."""

import datetime

import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

from consolidation.models import ComplexCase, Feedback, Inspection, Recommendation
from consolidation.services import inspections as services
from consolidation.services import registers as register_services


def _form(page, action):
    return page.locator(f"form:has(input[name=action][value={action}])")


def _open_menu(page, group, item):
    """A drop-down of the main menu, opened first on a phone (and only once it has finished
    opening: on a loaded machine a click on a menu still sliding open may be swallowed)."""
    toggler = page.get_by_role("button", name="Mở menu")
    if toggler.is_visible():
        toggler.click()
        page.locator("#main-nav.show").wait_for(state="visible")
    link = page.get_by_role("link", name=item)
    page.get_by_role("button", name=group).click()
    try:
        link.wait_for(state="visible", timeout=3000)
    except PlaywrightTimeoutError:
        page.get_by_role("button", name=group).click()
    link.click()


def test_inspection_records_an_inspection_of_a_weak_units_plan(
    page, browser_login, live_server, unit, inspection_user, approved_plan
):
    today = timezone.localdate().strftime("%d/%m/%Y")
    browser_login(page, "ubkt")
    page.goto(f"{live_server.url}/")
    _open_menu(page, "Theo dõi", "Kiểm tra, giám sát")
    page.get_by_role("link", name="Thêm cuộc kiểm tra, giám sát").click()
    page.get_by_label("Loại").select_option(label="Kiểm tra")
    page.get_by_label("Hình thức").select_option(label="Chuyên đề")
    page.locator("#id_subject").fill("Kiểm tra thực hiện đề án củng cố")
    page.get_by_label("Tổ chức được kiểm tra, giám sát").select_option(value=str(unit.pk))
    page.get_by_label("Đề án, kế hoạch").select_option(value=str(approved_plan.pk))
    page.get_by_label("Số quyết định").fill("45-QĐ/UBKTĐU")
    page.get_by_label("Từ ngày").fill(today)
    page.get_by_label("Kết luận").fill("Chi bộ chậm giải quyết đơn thư.")
    page.get_by_role("button", name="Lưu").click()
    assert "Đã lưu cuộc kiểm tra, giám sát." in page.locator("main").inner_text()

    for text, who in (
        ("Công khai quy chế làm việc của chi ủy.", "Bí thư chi bộ"),
        ("Trả lời dứt điểm đơn thư tranh chấp.", "Chi ủy chi bộ"),
    ):
        page.get_by_text("Thêm kiến nghị", exact=True).first.click()
        form = _form(page, "recommendation")
        form.get_by_label("Người, bộ phận chịu trách nhiệm").fill(who)
        form.get_by_label("Kiến nghị").fill(text)
        form.get_by_label("Hạn thực hiện").fill("31/12/2099")
        form.get_by_role("button", name="Thêm kiến nghị").click()
        assert "Đã thêm kiến nghị." in page.locator("main").inner_text()

    _form(page, "conclude").get_by_role("button").click()
    assert "Đã kết luận" in page.locator("#inspection-state").inner_text()

    page.get_by_text("Ghi việc thực hiện kiến nghị").click()
    form = _form(page, "follow_up")
    form.locator("#id_u-recommendation").select_option(
        label="Công khai quy chế làm việc của chi ủy."
    )
    form.get_by_label("Việc đã làm").fill("Đã công khai tại hội nghị chi bộ.")
    form.get_by_label("Kiến nghị đã thực hiện xong").check()
    form.get_by_label("Minh chứng").set_input_files(
        files=[{"name": "bien-ban.pdf", "mimeType": "application/pdf", "buffer": b"%PDF-1.4 x"}]
    )
    form.get_by_role("button", name="Ghi").click()

    items = page.locator("#recommendations > li")
    assert "đã thực hiện xong" in items.nth(0).inner_text()
    assert "bien-ban.pdf" in items.nth(0).inner_text()
    assert "đang thực hiện" in items.nth(1).inner_text()
    inspection = Inspection.objects.get()
    assert list(inspection.plans.all()) == [approved_plan]
    assert Recommendation.objects.filter(done_on__isnull=False).count() == 1


def test_the_office_opens_an_urgent_case_with_a_roadmap_and_a_letter(
    page, browser_login, live_server, unit, office_user, board_user
):
    board_user.email = "bxd@example.vn"
    board_user.save()
    browser_login(page, "vpdu")
    page.goto(f"{live_server.url}/so-theo-doi/vu-viec/them/")
    page.locator("#id_unit").select_option(value=str(unit.pk))
    page.get_by_label("Loại vụ việc").select_option(index=1)
    page.get_by_label("Nội dung vụ việc").fill("Tập trung đông người phản đối thu hồi đất")
    page.get_by_label("Đột xuất, cần báo cáo ngay").check()
    page.get_by_role("button", name="Lưu").click()
    assert "/so-theo-doi/vu-viec/" in page.url

    for title, due in (
        ("Nắm tình hình, báo cáo", "15/01/2099"),
        ("Đối thoại các hộ", "15/02/2099"),
        ("Trả lời bằng văn bản", "15/03/2099"),
    ):
        page.get_by_text("Thêm mốc", exact=True).first.click()
        form = _form(page, "milestone")
        form.get_by_label("Mốc").fill(title)
        form.get_by_label("Hạn").fill(due)
        form.get_by_role("button", name="Thêm mốc").click()
    assert page.locator("#milestones > li").count() == 3

    page.get_by_text("Thêm đơn thư", exact=True).click()
    form = _form(page, "letter")
    form.get_by_label("Ngày nhận").fill(timezone.localdate().strftime("%d/%m/%Y"))
    form.get_by_label("Người gửi là").select_option(index=1)
    form.get_by_label("Họ tên, địa chỉ người gửi").fill("Đại diện các hộ ngõ 45")
    form.get_by_label("Nội dung đơn").fill("Đề nghị xem xét lại phương án thu hồi đất.")
    form.get_by_role("button", name="Thêm").click()
    assert "Đại diện các hộ ngõ 45" in page.locator("main").inner_text()

    page.locator("#milestones > li").first.get_by_role("button", name="Đánh dấu đã xong").click()
    first = page.locator("#milestones > li").first.inner_text()
    assert "Nắm tình hình, báo cáo" in first and "xong" in first
    case = ComplexCase.objects.get()
    assert case.urgent and case.milestones.filter(done_on__isnull=False).count() == 1
    assert case.letters.count() == 1
    assert [m.to for m in mail.outbox] == [["bxd@example.vn"]]  # reported at once


def test_the_board_records_the_fronts_feedback_and_its_response(
    page, browser_login, live_server, unit, board_user
):
    today = timezone.localdate().strftime("%d/%m/%Y")
    browser_login(page, "bxd")
    page.goto(f"{live_server.url}/")
    _open_menu(page, "Theo dõi", "Ý kiến của Nhân dân")
    page.get_by_role("link", name="Ghi ý kiến").click()
    page.get_by_label("Tổ chức được phản ánh").select_option(value=str(unit.pk))
    page.get_by_label("Nguồn").select_option(label="Ủy ban MTTQ phường")
    page.get_by_label("Ngày tiếp nhận").fill(today)
    page.get_by_label("Nội dung ý kiến, kiến nghị").fill("Lấn chiếm vỉa hè tái diễn buổi tối.")
    page.get_by_label("Liên quan nhóm biểu hiện").select_option(label="Nhóm 3")
    page.get_by_role("button", name="Lưu").click()
    assert "Đã lưu ý kiến." in page.locator("main").inner_text()

    # The response, on the same record; a date without its text is refused on its field.
    page.get_by_label("Ngày trả lời").fill(today)
    page.get_by_role("button", name="Lưu").click()
    assert "ghi nội dung trả lời" in page.locator("main").inner_text()
    page.get_by_label("Người, cơ quan trả lời").fill("Chi bộ Khu dân cư số 1")
    page.get_by_label("Nội dung trả lời, việc đã làm").fill("Đã ra quân giải tỏa, lập tổ tự quản.")
    page.get_by_role("button", name="Lưu").click()
    assert "Đã lưu ý kiến." in page.locator("main").inner_text()

    page.goto(f"{live_server.url}/y-kien-nhan-dan/")
    row = page.locator("tr", has_text="Lấn chiếm vỉa hè")
    assert "chưa trả lời" not in row.inner_text()
    feedback = Feedback.objects.get()
    assert feedback.responded_on == timezone.localdate() and feedback.recorded_by == board_user


@pytest.fixture
def two_units_records(ward, unit, other_unit, inspection_user, office_user, board_user):
    for subject_unit, name in ((unit, "chi bộ 1"), (other_unit, "chi bộ 2")):
        inspection = services.inspection_save(
            inspection=Inspection(
                ward=ward,
                kind="supervision",
                mode="regular",
                subject=f"Giám sát {name}",
                starts_on=datetime.date(2026, 10, 5),
            ),
            units=[subject_unit],
            plans=[],
            by=inspection_user,
        )
        services.recommendation_add(
            recommendation=Recommendation(
                inspection=inspection,
                unit=subject_unit,
                responsible="Bí thư",
                text=f"Kiến nghị cho {name}",
                deadline=datetime.date(2099, 1, 1),
            ),
            by=inspection_user,
        )
        services.feedback_save(
            feedback=Feedback(
                unit=subject_unit,
                source="veterans",
                received_on=datetime.date(2026, 11, 1),
                content=f"Ý kiến về {name}",
            ),
            by=board_user,
        )
        register_services.register_save(
            instance=ComplexCase(unit=subject_unit, kind="petition", description=f"Vụ việc {name}"),
            by=office_user,
        )


def test_a_secretary_sees_their_own_records_and_not_another_units(
    phone_page, browser_login, live_server, unit, secretary, two_units_records
):
    phone = phone_page
    browser_login(phone, "bithu.kdc-01")
    phone.goto(f"{live_server.url}/")
    _open_menu(phone, "Theo dõi", "Kiểm tra, giám sát")
    phone.get_by_label("Năm").select_option("2026")
    phone.get_by_role("button", name="Xem").click()
    listing = phone.locator("main").inner_text()
    assert "Giám sát chi bộ 1" in listing and "chi bộ 2" not in listing
    phone.get_by_role("link", name="Giám sát thường xuyên").click()
    assert "Kiến nghị cho chi bộ 1" in phone.locator("#recommendations").inner_text()

    phone.goto(f"{live_server.url}/y-kien-nhan-dan/")
    feedback = phone.locator("main").inner_text()
    assert "Ý kiến về chi bộ 1" in feedback and "chi bộ 2" not in feedback

    phone.goto(f"{live_server.url}/don-vi/{unit.pk}/")
    unit_page = phone.locator("main").inner_text()
    assert "Ý kiến về chi bộ 1" in unit_page and "Kiến nghị cho chi bộ 1" in unit_page
    assert "chi bộ 2" not in unit_page
    other_case = ComplexCase.objects.get(description="Vụ việc chi bộ 2")
    response = phone.goto(f"{live_server.url}/so-theo-doi/vu-viec/{other_case.pk}/")
    assert response.status == 404
