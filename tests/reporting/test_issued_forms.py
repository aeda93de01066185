"""Issued forms: a quarter's Phụ lục 2 or 3 issued with its number and date, its files
frozen (reprinting gives what was sent whatever changed since), re-issued as a replacement,
and Phụ lục 3's deadline read from the issue."""

import datetime
import io

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from openpyxl import load_workbook

from consolidation.models import MARK_MISSING, MARK_SUBMITTED, Plan, QuarterlyUpdate
from reporting.dashboard.targets import AT_RISK, MET, MISSED, appendix3_issued_target
from reporting.models import IssuedForm
from reporting.renderers import render_document
from reporting.services import DRAFT_LINE, form_issue, issued_document
from tests.consolidation.test_quarterly import at
from tests.reporting.test_renderers import pdf_text


def issue(ward, q4, board_user, number="12-BC/ĐU", day="05/12/2026", kind="appendix3"):
    d, m, y = (int(x) for x in day.split("/"))
    with at(day):
        return form_issue(
            ward=ward,
            kind=kind,
            quarter=q4,
            number=number,
            issued_on=datetime.date(y, m, d),
            by=board_user,
        )


def cells(xlsx: bytes) -> list:
    sheet = load_workbook(io.BytesIO(xlsx)).active
    return [v for row in sheet.iter_rows(values_only=True) for v in row if v is not None]


def test_an_issued_form_reprints_as_it_was_sent_whatever_changed_since(
    ward, q4, sample, board_user
):
    issued = issue(ward, q4, board_user)
    frozen = (bytes(issued.pdf), bytes(issued.xlsx), bytes(issued.docx), bytes(issued.html))

    Plan.objects.filter(pk=sample["ten"].pk).update(contents="Nội dung đã sửa sau khi gửi")
    QuarterlyUpdate.objects.filter(plan=sample["ten"]).update(summary="Tóm tắt sửa sau")

    again = IssuedForm.objects.get(pk=issued.pk)
    assert (bytes(again.pdf), bytes(again.xlsx), bytes(again.docx), bytes(again.html)) == frozen
    assert "Chấn chỉnh sinh hoạt chi bộ" in cells(frozen[1])
    assert "Nội dung đã sửa sau khi gửi" not in cells(frozen[1])
    now = issued_document("appendix3", ward=ward, quarter=q4, issued_on=datetime.date(2026, 12, 5))
    assert "Nội dung đã sửa sau khi gửi" in cells(render_document(now, "xlsx"))


def test_an_issued_form_carries_its_number_and_date_and_no_workflow_notes(
    ward, q4, sample, board_user
):
    issued = issue(ward, q4, board_user, day="10/12/2026")

    text = pdf_text(bytes(issued.pdf))
    assert "Số 12-BC/ĐU" in text and "ngày 10 tháng 12 năm 2026" in text
    every = " ".join(str(c) for c in cells(bytes(issued.xlsx)))
    assert "Số 12-BC/ĐU" in cells(bytes(issued.xlsx))
    assert MARK_SUBMITTED not in every and MARK_MISSING not in every and DRAFT_LINE not in every
    assert issued.rows and all(MARK_MISSING not in " ".join(r) for r in issued.rows)


def test_the_draft_says_so_in_the_page_and_the_files(login, board_user, ward, q4, sample):
    client = login(board_user)
    page = client.get("/bao-cao/?form=appendix3&quarter=2026-Q4").content.decode()
    data = client.get("/bao-cao/tai-ve/?form=appendix3&quarter=2026-Q4&format=xlsx").content

    assert DRAFT_LINE in page and "bản nháp" in page
    assert DRAFT_LINE in cells(data)


def test_issuing_again_makes_a_replacement_and_keeps_the_earlier(ward, q4, sample, board_user):
    first = issue(ward, q4, board_user)
    second = issue(ward, q4, board_user, number="13-BC/ĐU", day="06/12/2026")

    assert second.replaces == first
    assert list(IssuedForm.objects.all()) == [second, first]
    first.refresh_from_db()
    assert first.replaced_by == second


@pytest.mark.parametrize(
    ("number", "day", "field"),
    [("12/ĐU", "05/12/2026", "number"), ("12-BC/ĐU", "06/12/2026", "issued_on")],
)
def test_a_bad_number_or_a_future_date_is_refused_on_its_field(
    ward, q4, sample, board_user, number, day, field
):
    d, m, y = (int(x) for x in day.split("/"))
    with at("05/12/2026"), pytest.raises(ValidationError) as refused:
        form_issue(
            ward=ward,
            kind="appendix3",
            quarter=q4,
            number=number,
            issued_on=datetime.date(y, m, d),
            by=board_user,
        )
    assert list(refused.value.message_dict) == [field]


def test_only_the_board_issues(ward, q4, sample, standing_user):
    with pytest.raises(PermissionDenied):
        issue(ward, q4, standing_user)


@pytest.mark.parametrize(
    ("issued_day", "today", "status"),
    [
        ("15/12/2026", "20/12/2026", MET),  # the deadline day itself is in time
        ("16/12/2026", "20/12/2026", MISSED),  # the first day after is late
        (None, "15/12/2026", AT_RISK),  # not yet, still in time
        (None, "16/12/2026", MISSED),  # not issued by the deadline
    ],
)
def test_the_dashboard_reads_phu_luc_3s_deadline_from_the_issue(
    ward, q4, sample, board_user, issued_day, today, status
):
    if issued_day:
        issue(ward, q4, board_user, day=issued_day)
    d, m, y = (int(x) for x in today.split("/"))

    target = appendix3_issued_target(q4, datetime.date(y, m, d))

    assert target.status == status
    assert q4.ward_deadline == datetime.date(2026, 12, 15)


def test_the_reports_page_issues_lists_and_serves_the_frozen_files(
    login, board_user, standing_user, secretary, ward, q4, sample
):
    from django.utils import timezone

    today = f"{timezone.localdate():%d/%m/%Y}"  # (travelling in time would end the session)
    client = login(board_user)
    client.post(
        "/bao-cao/ban-hanh/",
        {"form": "appendix3", "quarter": "2026-Q4", "number": "12-BC/ĐU", "issued_on": today},
    )
    issued = IssuedForm.objects.get()
    page = client.get("/bao-cao/?form=appendix3&quarter=2026-Q4").content.decode()
    assert f"Số 12-BC/ĐU, ngày {today}" in page
    assert "Ban hành bản thay thế" in page
    served = client.get(f"/bao-cao/ban-hanh/{issued.pk}/xlsx/")
    assert served.content == bytes(issued.xlsx)
    assert login(standing_user).get(f"/bao-cao/ban-hanh/{issued.pk}/pdf/").status_code == 200
    assert login(secretary).get(f"/bao-cao/ban-hanh/{issued.pk}/pdf/").status_code == 403
