"""The pages of the meeting register, the evaluation grid and the IT checklist: who sees what,
what a refused post keeps, and queries that do not grow with the ward."""

import datetime

import pytest
from django.utils import timezone

from consolidation.models import Cadre, CadreEvaluation, CellMeeting, KeyRole
from tests.factories import UnitFactory

D = datetime.date
JULY = D(2026, 7, 5)


def today() -> str:
    """A secretary records meetings until their lock date: the tests' meetings are today's."""
    return f"{timezone.localdate():%d/%m/%Y}"


def meeting(unit, day=JULY):
    return CellMeeting.objects.create(unit=unit, held_on=day, expected=10, present=9)


def test_a_secretary_sees_only_their_cells_meetings(login, secretary, unit, other_unit):
    mine, theirs = meeting(unit), meeting(other_unit)
    client = login(secretary)

    assert client.get(f"/sinh-hoat/{mine.pk}/").status_code == 200
    assert client.get(f"/sinh-hoat/{theirs.pk}/").status_code == 404
    assert client.get(f"/sinh-hoat/{theirs.pk}/sua/").status_code == 404
    grid = client.get("/sinh-hoat/bang/?nam=2026").content.decode()
    assert unit.name in grid and other_unit.name not in grid
    page = client.get("/sinh-hoat/").content.decode()
    assert other_unit.name not in page


def test_a_secretary_cannot_record_for_another_cell(login, secretary, unit, other_unit):
    client = login(secretary)
    response = client.post(
        "/sinh-hoat/ghi/",
        {
            "unit": other_unit.pk,
            "held_on": today(),
            "regular": "on",
            "present": 5,
            "expected": 10,
        },
    )
    assert response.status_code == 200
    assert not CellMeeting.objects.exists()
    assert "unit" in response.context["form"].errors


def test_the_standing_committee_reads_but_does_not_record(login, standing_user, unit):
    client = login(standing_user)
    assert client.get("/sinh-hoat/bang/").status_code == 200
    assert client.get("/sinh-hoat/ghi/").status_code == 403


def test_a_refused_meeting_keeps_what_was_typed(login, secretary, unit):
    client = login(secretary)
    response = client.post(
        "/sinh-hoat/ghi/",
        {
            "unit": unit.pk,
            "held_on": today(),
            "regular": "on",
            "present": 12,
            "expected": 10,
            "absent_names": "Đ/c Lê Văn A ốm",
        },
    )
    html = response.content.decode()
    assert "Số có mặt (12) lớn hơn số đảng viên phải dự (10)" in html
    assert "Đ/c Lê Văn A ốm" in html and f'value="{today()}"' in html
    assert not CellMeeting.objects.exists()


def test_minutes_are_a_pdf_or_pictures(login, secretary, unit):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client = login(secretary)
    word = SimpleUploadedFile("bien-ban.docx", b"PK\x03\x04 not really", content_type="x")
    response = client.post(
        "/sinh-hoat/ghi/",
        {
            "unit": unit.pk,
            "held_on": today(),
            "regular": "on",
            "present": 9,
            "expected": 10,
            "minutes": word,
        },
    )
    assert "không thuộc loại được nhận (PDF, JPG, PNG)" in response.content.decode()
    pdf = SimpleUploadedFile("bien-ban.pdf", b"%PDF-1.4\n%%EOF\n", content_type="application/pdf")
    response = client.post(
        "/sinh-hoat/ghi/",
        {
            "unit": unit.pk,
            "held_on": today(),
            "regular": "on",
            "present": 9,
            "expected": 10,
            "minutes": pdf,
        },
    )
    saved = CellMeeting.objects.get()
    assert response.status_code == 302 and saved.minutes.get().original_name == "bien-ban.pdf"
    assert client.get(f"/sinh-hoat/bien-ban/{saved.minutes.get().pk}/").status_code == 200


@pytest.mark.parametrize(
    ("url", "make"),
    [
        ("/sinh-hoat/bang/?nam=2026", "cells"),
        ("/danh-gia-can-bo/?ky=2026-Q3", "cadres"),
        ("/chuyen-doi-so/", "cells"),
        ("/dang-uy-vien/?quy=2026-Q3", "cells"),
    ],
)
def test_the_pages_make_the_same_queries_for_3_and_30_units(
    url, make, login, board_user, ward, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def add(n):
        for _ in range(n):
            cell = UnitFactory(parent=ward, committee_member="Nguyễn Văn A")
            meeting(cell)
            cadre = Cadre.objects.create(
                unit=cell, name="B", position="Bí thư", key_role=KeyRole.SECRETARY
            )
            CadreEvaluation.objects.create(
                cadre=cadre,
                year=2026,
                quarter=3,
                level="good",
                products="x",
                score_tasks=20,
                score_service=20,
                score_coordination=20,
                score_discipline=20,
            )

    client = login(board_user)
    add(3)
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    add(27)
    with django_assert_max_num_queries(len(few)):
        assert client.get(url).status_code == 200


def test_the_board_saves_the_grid_all_or_nothing_keeping_what_was_typed(login, board_user, unit):
    first = Cadre.objects.create(
        unit=unit, name="Lê Văn A", position="Bí thư", key_role=KeyRole.SECRETARY
    )
    second = Cadre.objects.create(
        unit=unit, name="Lê Văn B", position="Phó", key_role=KeyRole.DEPUTY
    )
    client = login(board_user)
    data = {"ky": "2026-Q3"}
    for cadre, fourth in ((first, "20"), (second, "31")):
        data |= {f"s{cadre.pk}_{n}": "20" for n in range(3)} | {f"s{cadre.pk}_3": fourth}
        data[f"p{cadre.pk}"] = f"Sản phẩm của {cadre.name}"

    response = client.post("/danh-gia-can-bo/?ky=2026-Q3", data)
    html = response.content.decode()
    assert "Chưa lưu gì" in html and "Dòng 2 (Lê Văn B)" in html
    assert 'value="31"' in html and "Sản phẩm của Lê Văn A" in html
    assert not CadreEvaluation.objects.exists()

    data[f"s{second.pk}_3"] = "21"
    assert client.post("/danh-gia-can-bo/?ky=2026-Q3", data).status_code == 302
    assert CadreEvaluation.objects.count() == 2


def test_only_the_board_keeps_the_evaluations_and_the_checklist(login, standing_user, unit):
    client = login(standing_user)
    assert client.get("/danh-gia-can-bo/").status_code == 200
    assert client.post("/danh-gia-can-bo/", {"ky": "2026-Q3"}).status_code == 403
    assert client.post("/chuyen-doi-so/", {}).status_code == 403
    assert client.get("/danh-gia-can-bo/tep-mau/").status_code == 403
