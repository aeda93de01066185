"""Files made in the background: asked for, joined, reused, made by the worker's task,
failed with a reason, downloaded only by the person who asked, and kept a set time."""

import datetime
import io
import re

import pytest
from django.utils import timezone
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult
from pypdf import PdfReader

from consolidation.models import Plan
from reporting.exports import kinds
from reporting.exports.services import export_request, export_run
from reporting.models import ExportJob, ExportStatus
from reporting.versions import figures_version

FORM = {"form": "appendix3", "quarter": "2026-Q4", "format": "pdf"}


def run_worker() -> int:
    """What `manage.py db_worker` does for each queued task, here and now."""
    worker = Worker(
        queue_names=["default"],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id="test",
        excluded_queue_names=[],
    )
    ran = 0
    for result in DBTaskResult.objects.ready():
        result.claim("test")
        worker.run_task(result)
        ran += 1
    return ran


@pytest.fixture
def long_forms(monkeypatch):
    """Every form counts as long (a city's roll-up) for the download view."""
    monkeypatch.setattr("reporting.views.LONG_PDF", 1)


def test_a_long_form_is_offered_in_the_background_and_nothing_is_queued_by_a_get(
    login, board_user, sample, long_forms
):
    client = login(board_user)

    response = client.get("/bao-cao/tai-ve/", {**FORM})
    assert response.status_code == 302
    assert response["Location"].startswith("/tep-da-xuat/moi/?kind=form")
    offer = client.get(response["Location"])

    assert offer.status_code == 200
    assert "Phụ lục 3 Quý IV/2026 (PDF)" in offer.content.decode()
    assert not ExportJob.objects.exists() and not DBTaskResult.objects.exists()


def test_excel_and_a_short_form_stay_immediate(login, board_user, sample, long_forms):
    client = login(board_user)

    excel = client.get("/bao-cao/tai-ve/", {**FORM, "format": "xlsx"})

    assert excel.status_code == 200 and excel["Content-Type"].startswith("application/vnd")


def test_the_worker_makes_the_file_and_its_owner_downloads_it(login, board_user, sample):
    client = login(board_user)

    response = client.post("/tep-da-xuat/moi/", {"kind": "form", **FORM, "stray": "x"})
    job = ExportJob.objects.get()
    assert response["Location"] == f"/tep-da-xuat/{job.pk}/"
    assert job.params == FORM  # a parameter the kind does not take is dropped
    assert job.status == ExportStatus.QUEUED
    page = client.get(f"/tep-da-xuat/{job.pk}/").content.decode()
    assert 'data-status="queued"' in page and 'hx-trigger="every 1s"' in page

    assert run_worker() == 1

    job.refresh_from_db()
    assert (job.status, job.progress) == (ExportStatus.DONE, 100)
    status = client.get(f"/tep-da-xuat/{job.pk}/", headers={"HX-Request": "true"})
    assert 'data-status="done"' in status.content.decode()
    assert "hx-trigger" not in status.content.decode()  # the polling stops
    download = client.get(f"/tep-da-xuat/{job.pk}/tai-ve/")
    pages = PdfReader(io.BytesIO(download.content)).pages
    text = re.sub(r"\s+", " ", " ".join(page.extract_text() for page in pages))
    assert "Khu dân cư số 10" in text and "Đảng bộ Cơ quan phường" in text
    assert download["Content-Disposition"].endswith('.pdf"')
    listing = client.get("/tep-da-xuat/").content.decode()
    assert f"/tep-da-xuat/{job.pk}/tai-ve/" in listing


def test_the_same_request_joins_the_one_under_way(board_user, sample):
    first = export_request(user=board_user, kind="form", params=FORM)
    again = export_request(user=board_user, kind="form", params=FORM)
    ExportJob.objects.filter(pk=first.pk).update(status=ExportStatus.RUNNING, progress=40)
    running = export_request(user=board_user, kind="form", params=FORM)
    other_format = export_request(user=board_user, kind="form", params={**FORM, "format": "docx"})

    assert first.pk == again.pk == running.pk != other_format.pk
    assert DBTaskResult.objects.count() == 2


def test_a_finished_file_is_reused_until_a_figure_changes(board_user, sample):
    first = export_request(user=board_user, kind="form", params=FORM)
    run_worker()

    assert export_request(user=board_user, kind="form", params=FORM).pk == first.pk

    plan = Plan.objects.order_by("pk").first()
    plan.contents = "Nội dung đã sửa"
    plan.save()
    after_a_change = export_request(user=board_user, kind="form", params=FORM)

    assert after_a_change.pk != first.pk and after_a_change.status == ExportStatus.QUEUED


def test_a_file_of_another_day_is_not_reused(board_user, sample, time_machine):
    time_machine.move_to(
        datetime.datetime(2026, 12, 5, 23, 59, tzinfo=timezone.get_current_timezone())
    )
    first = export_request(user=board_user, kind="form", params=FORM)
    run_worker()
    time_machine.move_to(
        datetime.datetime(2026, 12, 6, 0, 1, tzinfo=timezone.get_current_timezone())
    )

    assert export_request(user=board_user, kind="form", params=FORM).pk != first.pk


def test_only_the_person_who_asked_sees_the_file(login, board_user, standing_user, sample):
    job = export_request(user=board_user, kind="form", params=FORM)
    run_worker()
    client = login(standing_user)

    assert client.get(f"/tep-da-xuat/{job.pk}/").status_code == 404
    assert client.get(f"/tep-da-xuat/{job.pk}/tai-ve/").status_code == 404
    assert job.title not in client.get("/tep-da-xuat/").content.decode()


def test_a_refused_export_fails_with_its_reason_in_vietnamese(login, secretary, sample):
    """A secretary asking for the ward's Phụ lục 3 (only Phụ lục 1 is theirs): the worker,
    building it in their name, refuses, and the page says why."""
    job = export_request(user=secretary, kind="form", params=FORM)
    run_worker()

    job.refresh_from_db()
    assert job.status == ExportStatus.FAILED
    assert job.error == "Bí thư chi bộ in được Phụ lục 1 (đề án của chi bộ)."
    page = login(secretary).get(f"/tep-da-xuat/{job.pk}/").content.decode()
    assert "Không tạo được tệp." in page and job.error in page and "Yêu cầu lại" in page


@pytest.mark.parametrize(
    ("params", "reason"),
    [
        ({"form": "appendix3", "format": "pdf"}, "Chọn quý."),
        ({"form": "appendix2", "quarter": "2026-Q5", "format": "pdf"}, "Chọn quý."),
        ({"form": "appendix1", "format": "pdf"}, "Chọn một đề án, kế hoạch."),
    ],
)
def test_a_form_without_its_quarter_or_plan_is_refused_at_once_not_queued(
    login, board_user, sample, params, reason
):
    """Asked without what the form needs, nothing is queued to fail later in the worker."""
    client = login(board_user)

    offer = client.get("/tep-da-xuat/moi/", {"kind": "form", **params})
    asked = client.post("/tep-da-xuat/moi/", {"kind": "form", **params})

    assert offer.status_code == asked.status_code == 400
    for answer in (offer, asked):
        assert f"Chưa tạo được tệp này:</strong> {reason}" in answer.content.decode()
    assert not ExportJob.objects.exists() and not DBTaskResult.objects.exists()


def test_an_unexpected_error_fails_the_job_with_a_plain_message(board_user, sample, monkeypatch):
    def broken(*args):
        raise RuntimeError("reportlab ran out of memory")

    monkeypatch.setitem(
        kinds.KINDS,
        "form",
        kinds.KINDS["form"].__class__(
            "form", kinds.KINDS["form"].params, kinds.KINDS["form"].title, broken
        ),
    )
    job = export_request(user=board_user, kind="form", params=FORM)
    export_run(job_id=str(job.pk))

    job.refresh_from_db()
    assert job.status == ExportStatus.FAILED
    assert job.error.startswith("Có lỗi khi tạo tệp.")
    assert "reportlab" not in job.error  # the internal error is logged, not shown


def test_a_job_no_worker_took_is_shown_failed_and_can_be_asked_again(
    login, board_user, sample, settings
):
    job = export_request(user=board_user, kind="form", params=FORM)
    ExportJob.objects.filter(pk=job.pk).update(
        created_at=timezone.now() - datetime.timedelta(minutes=settings.EXPORT_STALE_MINUTES + 1)
    )
    page = login(board_user).get(f"/tep-da-xuat/{job.pk}/").content.decode()
    assert "bộ xử lý nền không chạy" in page

    again = export_request(user=board_user, kind="form", params=FORM)

    job.refresh_from_db()
    assert job.status == ExportStatus.FAILED and again.pk != job.pk


def test_files_are_kept_for_the_configured_days(login, board_user, sample, settings):
    settings.EXPORT_KEEP_DAYS = 3
    old = export_request(user=board_user, kind="form", params=FORM)
    run_worker()
    ExportJob.objects.filter(pk=old.pk).update(
        created_at=timezone.now() - datetime.timedelta(days=3, minutes=1)
    )
    client = login(board_user)
    assert client.get(f"/tep-da-xuat/{old.pk}/tai-ve/").status_code == 404

    export_request(user=board_user, kind="registry", params={})

    assert not ExportJob.objects.filter(pk=old.pk).exists()


def test_a_city_registry_and_meeting_pdf_go_to_the_background(login, board_user, sample, settings):
    settings.EXPORT_BACKGROUND_UNITS = 2
    client = login(board_user)

    registry = client.get("/don-vi/xuat-excel/")
    meeting = client.get("/tong-quan/in/?bloc=residential")

    assert registry["Location"] == "/tep-da-xuat/moi/?kind=registry"
    assert meeting["Location"] == "/tep-da-xuat/moi/?kind=meeting&bloc=residential"
    job = export_request(user=board_user, kind="meeting", params={"bloc": "residential"})
    registry_job = export_request(user=board_user, kind="registry", params={})
    run_worker()
    job.refresh_from_db()
    registry_job.refresh_from_db()
    assert (job.status, registry_job.status) == (ExportStatus.DONE, ExportStatus.DONE)
    assert job.filename.endswith(".pdf") and registry_job.filename.endswith(".xlsx")


def test_a_ward_registry_stays_immediate(login, board_user, sample):
    response = login(board_user).get("/don-vi/xuat-excel/")

    assert response.status_code == 200 and response["Content-Type"].startswith("application/vnd")


def test_figures_change_with_a_plan_and_not_with_a_notice(board_user, sample):
    from consolidation.services.notices import notify

    before = figures_version()
    notify(recipients=[board_user], kind="plan_submitted", text="x", url="/")
    assert figures_version() == before
    Plan.objects.order_by("pk").first().save()
    assert figures_version() == before + 1
