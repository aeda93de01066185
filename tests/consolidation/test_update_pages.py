import datetime

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from consolidation import access
from consolidation.models import (
    ProgressEvidence,
    Quarter,
    QuarterlyUpdate,
    UpdateState,
    parse_quarter_code,
)
from consolidation.services import quarterly as quarterly_services
from consolidation.services import tasks as task_services

HANOI = datetime.timezone(datetime.timedelta(hours=7))


def post_data(update, **overrides):
    data = {
        "summary": "Đã sửa quy chế, sinh hoạt nền nếp.",
        "difficulties": "",
        "proposals": "",
        "figures_as_of": "",
        "members": "",
        "women": "",
        "ethnic_minority": "",
        "exempted": "",
        "version": update.version,
    }
    for row in update.progress.all():
        data.update(
            {
                f"status_{row.task_id}": "in_progress",
                f"progress_{row.task_id}": "60",
                f"done_{row.task_id}": "Đã họp chi ủy",
            }
        )
    data.update(overrides)
    return data


def test_the_secretary_submits_through_the_page(login, secretary, update):
    client = login(secretary)

    response = client.post(
        f"/bao-cao-quy/cap-nhat/{update.pk}/sua/", {**post_data(update), "action": "submit"}
    )

    assert response.status_code == 302
    update.refresh_from_db()
    assert update.state == UpdateState.SUBMITTED
    assert set(update.progress.values_list("progress", flat=True)) == {60}


def test_a_disguised_file_is_refused_the_form_kept_and_the_draft_saved(login, secretary, update):
    row = update.progress.first()
    data = {
        **post_data(update, summary="Điều tôi đã viết"),
        f"files_{row.task_id}": SimpleUploadedFile("bien-ban.pdf", b"MZ not a pdf"),
        "action": "submit",
    }

    response = login(secretary).post(f"/bao-cao-quy/cap-nhat/{update.pk}/sua/", data)

    html = response.content.decode()
    assert response.status_code == 200
    assert "Tệp «bien-ban.pdf» mang đuôi .pdf nhưng nội dung không phải là PDF" in html
    assert "Điều tôi đã viết" in html
    update.refresh_from_db()
    assert update.state == UpdateState.DRAFT  # not submitted…
    assert update.summary == "Điều tôi đã viết"  # …but nothing typed is lost
    assert not ProgressEvidence.objects.exists()


def test_an_oversize_file_is_refused(login, secretary, update):
    row = update.progress.first()
    big = SimpleUploadedFile("anh.jpg", b"\xff\xd8\xff" + b"0" * (10 * 1024 * 1024))

    html = (
        login(secretary)
        .post(
            f"/bao-cao-quy/cap-nhat/{update.pk}/sua/",
            {**post_data(update), f"files_{row.task_id}": big, "action": "save"},
        )
        .content.decode()
    )

    assert "vượt quá 10 MB" in html


def test_evidence_is_kept_and_served_within_scope(
    login, secretary, other_secretary, board_user, update
):
    row = update.progress.first()
    photo = SimpleUploadedFile("anh-sinh-hoat.png", b"\x89PNG\r\n\x1a\n" + b"0" * 100)
    login(secretary).post(
        f"/bao-cao-quy/cap-nhat/{update.pk}/sua/",
        {**post_data(update), f"files_{row.task_id}": photo, "action": "save"},
    )

    evidence = ProgressEvidence.objects.get()
    assert login(board_user).get(f"/bao-cao-quy/tep/{evidence.pk}/").status_code == 200
    assert login(other_secretary).get(f"/bao-cao-quy/tep/{evidence.pk}/").status_code == 404


def test_autosave_keeps_the_draft(login, secretary, update):
    response = login(secretary).post(
        f"/bao-cao-quy/cap-nhat/{update.pk}/luu-nhap/", post_data(update, summary="Nháp tự lưu")
    )

    assert "Đã tự lưu nháp lúc 09:00" in response.content.decode()
    update.refresh_from_db()
    assert update.summary == "Nháp tự lưu" and update.autosaved_at is not None
    assert response["X-Update-Version"] == str(update.version)


def test_autosave_saves_the_valid_fields_when_one_is_wrong(login, secretary, update):
    row = update.progress.first()

    response = login(secretary).post(
        f"/bao-cao-quy/cap-nhat/{update.pk}/luu-nhap/",
        post_data(update, summary="Vẫn lưu", **{f"progress_{row.task_id}": "150"}),
    )

    assert "chưa hợp lệ" in response.content.decode()
    update.refresh_from_db()
    assert update.summary == "Vẫn lưu"


def test_the_secretary_sees_the_return_reason(login, secretary, board_user, update):
    client = login(secretary)
    client.post(
        f"/bao-cao-quy/cap-nhat/{update.pk}/sua/", {**post_data(update), "action": "submit"}
    )
    login(board_user).post(
        f"/bao-cao-quy/cap-nhat/{update.pk}/tra-lai/",
        {"reason": "Thiếu biên bản sinh hoạt tháng 11"},
    )

    html = client.get(f"/bao-cao-quy/cap-nhat/{update.pk}/sua/").content.decode()

    assert "Ban Xây dựng Đảng trả lại để sửa:</strong> Thiếu biên bản sinh hoạt tháng 11" in html


def test_the_board_accepts_and_progress_moves_into_the_plan(
    login, secretary, board_user, update, approved_plan
):
    login(secretary).post(
        f"/bao-cao-quy/cap-nhat/{update.pk}/sua/", {**post_data(update), "action": "submit"}
    )

    response = login(board_user).post(f"/bao-cao-quy/cap-nhat/{update.pk}/tiep-nhan/")

    assert response.status_code == 302
    assert set(approved_plan.tasks.values_list("progress", flat=True)) == {60}
    html = login(board_user).get(f"/ke-hoach/{approved_plan.pk}/").content.decode()
    assert "60 %" in html


@pytest.mark.parametrize(
    "fixture_name", ["standing_user", "inspection_user", "office_user", "secretary"]
)
def test_only_the_board_accepts_returns_and_reopens(
    request, login, secretary, update, fixture_name
):
    login(secretary).post(
        f"/bao-cao-quy/cap-nhat/{update.pk}/sua/", {**post_data(update), "action": "submit"}
    )
    client = login(request.getfixturevalue(fixture_name))

    assert client.post(f"/bao-cao-quy/cap-nhat/{update.pk}/tiep-nhan/").status_code == 403
    assert (
        client.post(f"/bao-cao-quy/cap-nhat/{update.pk}/tra-lai/", {"reason": "x"}).status_code
        == 403
    )
    assert (
        client.post(f"/bao-cao-quy/cap-nhat/{update.pk}/mo-lai/", {"reason": "x"}).status_code
        == 403
    )
    assert QuarterlyUpdate.objects.get(pk=update.pk).state == UpdateState.SUBMITTED


def test_after_the_lock_the_page_says_why(login, secretary, approved_plan, ward):
    with time_machine.travel(datetime.datetime(2026, 12, 20, 9, 0, tzinfo=HANOI), tick=False):
        update = quarterly_services.update_for(
            plan=approved_plan, quarter=quarterly_services.quarter_ensure(ward, 2026, 4)
        )
        client = login(secretary)
        response = client.get(f"/bao-cao-quy/cap-nhat/{update.pk}/sua/", follow=True)

    assert "Đã quá ngày khóa sổ 15/12/2026 của Quý IV/2026" in response.content.decode()


def test_opening_a_report_creates_nothing_until_the_person_starts_it(
    login, secretary, approved_plan, december
):
    from consolidation.models import Quarter

    client = login(secretary)
    url = f"/bao-cao-quy/ke-hoach/{approved_plan.pk}/2026-Q4/"

    page = client.get(url)

    assert "Bắt đầu soạn báo cáo" in page.content.decode()
    assert not QuarterlyUpdate.objects.exists()
    assert not Quarter.objects.exists()
    started = client.post(url)
    update = QuarterlyUpdate.objects.get()
    assert started["Location"] == f"/bao-cao-quy/cap-nhat/{update.pk}/sua/"
    assert (update.quarter.year, update.quarter.number) == (2026, 4)
    assert update.progress.count() == approved_plan.tasks.count()


def test_a_task_added_after_the_draft_began_shows_and_is_saved_with_the_draft(
    login, secretary, update, board_user
):
    from tests.helpers import full_task

    plan = update.plan
    task = task_services.task_save(
        plan=plan, data=full_task(1), by=board_user, reason="Bổ sung nhiệm vụ"
    )
    client = login(secretary)

    page = client.get(f"/bao-cao-quy/cap-nhat/{update.pk}/sua/").content.decode()

    assert f'name="status_{task.pk}"' in page
    assert not update.progress.filter(task=task).exists()  # the page alone wrote nothing
    client.post(
        f"/bao-cao-quy/cap-nhat/{update.pk}/sua/",
        {
            **post_data(update),
            f"status_{task.pk}": "in_progress",
            f"progress_{task.pk}": "10",
            "action": "save",
        },
    )
    assert update.progress.get(task=task).progress == 10


@pytest.mark.parametrize("code", ["0000-Q1", "1999-Q4", "2100-Q1", "2026-Q5", "quy-4"])
def test_a_quarter_outside_the_years_or_malformed_is_not_found(
    login, secretary, approved_plan, code
):
    response = login(secretary).get(f"/bao-cao-quy/ke-hoach/{approved_plan.pk}/{code}/")

    assert response.status_code == 404


@pytest.mark.parametrize(("code", "year"), [("2000-Q1", 2000), ("2099-Q4", 2099)])
def test_the_first_and_last_years_are_read(code, year):
    assert parse_quarter_code(code) == (year, int(code[-1]))


@pytest.mark.parametrize("code", ["1999-Q4", "2100-Q1"])
def test_a_year_outside_is_refused_with_its_reason(code):
    with pytest.raises(ValidationError) as refused:
        parse_quarter_code(code)
    assert refused.value.messages == [
        f"Năm {code[:4]} nằm ngoài các năm phần mềm theo dõi (2000–2099)."
    ]


NOT_STARTED = "Quý I/2027 bắt đầu từ 01/01/2027, chưa báo cáo được."


def test_next_quarters_report_waits_for_its_first_day(
    login, secretary, board_user, approved_plan, ward
):
    url = f"/bao-cao-quy/ke-hoach/{approved_plan.pk}/2027-Q1/"
    with time_machine.travel(datetime.datetime(2026, 12, 31, 23, 59, tzinfo=HANOI), tick=False):
        for person in (secretary, board_user):
            client = login(person)
            html = client.get(url).content.decode()
            assert NOT_STARTED in html
            assert "Bắt đầu soạn báo cáo" not in html
            client.post(url)
        assert not QuarterlyUpdate.objects.exists()
        with pytest.raises(ValidationError) as refused:
            quarterly_services.update_for(
                plan=approved_plan, quarter=Quarter.default(ward, 2027, 1)
            )
        assert refused.value.messages == [NOT_STARTED]

    with time_machine.travel(datetime.datetime(2027, 1, 1, 0, 0, tzinfo=HANOI), tick=False):
        response = login(secretary).post(url)
        update = QuarterlyUpdate.objects.get()
        assert response.url == f"/bao-cao-quy/cap-nhat/{update.pk}/sua/"


def test_a_report_of_a_quarter_still_to_come_is_neither_written_nor_sent(
    approved_plan, ward, secretary, board_user
):
    with time_machine.travel(datetime.datetime(2027, 1, 2, 9, 0, tzinfo=HANOI), tick=False):
        update = quarterly_services.update_for(
            plan=approved_plan, quarter=Quarter.default(ward, 2027, 1)
        )
    with time_machine.travel(datetime.datetime(2026, 12, 31, 9, 0, tzinfo=HANOI), tick=False):
        for person in (secretary, board_user):
            assert access.update_edit_refusal(person, update, timezone.localdate()) == NOT_STARTED
            with pytest.raises(PermissionDenied):
                quarterly_services.update_submit(update=update, by=person)


AUTOSAVE_QUERIES = 30


def test_an_autosave_of_ten_tasks_writes_only_what_changed(
    login, secretary, update, django_assert_max_num_queries
):
    from consolidation.models import Task, TaskProgress

    plan = update.plan
    for n in range(8):
        Task.objects.create(plan=plan, group=plan.tasks.first().group, what=f"Việc {n}")
    update = quarterly_services.update_for(plan=plan, quarter=update.quarter)
    client = login(secretary)
    client.post(f"/bao-cao-quy/cap-nhat/{update.pk}/luu-nhap/", post_data(update))
    update.refresh_from_db()
    assert update.progress.count() == 10
    history = TaskProgress.history.count()
    first = update.progress.order_by("task_id").first()

    data = post_data(update, **{f"progress_{first.task_id}": "70"})

    with django_assert_max_num_queries(AUTOSAVE_QUERIES):
        response = client.post(f"/bao-cao-quy/cap-nhat/{update.pk}/luu-nhap/", data)

    assert response.status_code == 200
    assert TaskProgress.history.count() == history + 1  # the one row that changed
    assert set(update.progress.values_list("progress", flat=True)) == {60, 70}
