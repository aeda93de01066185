"""Who sees what of the inspections, the case files and the people's feedback: every list and
page opened as a secretary of another unit, as Inspection of this ward and of another, and as
the Front of this ward and of another."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from consolidation.models import (
    ComplexCase,
    Feedback,
    FollowUp,
    Inspection,
    ProgrammeItem,
    Recommendation,
)
from consolidation.services import inspections as services
from consolidation.services import registers as register_services
from organizations.models import Role
from tests.factories import make_user

D = datetime.date
UNIT_NAME = "Chi bộ Khu dân cư số 1"
OTHER_NAME = "Chi bộ Khu dân cư số 2"


@pytest.fixture
def records(ward, unit, other_unit, inspection_user, office_user, board_user):
    """`own`: an inspection of `unit` alone, with a recommendation followed up with a file;
    `shared`: a supervision of both units, a recommendation to each; feedback on `unit`; a
    case of `unit`; a programme item."""
    item = services.programme_item_save(
        item=ProgrammeItem(ward=ward, year=2026, quarter=4, kind="inspection", subject="Mục CT"),
        by=inspection_user,
    )

    def inspection(subject, units):
        return services.inspection_save(
            inspection=Inspection(
                ward=ward,
                kind="inspection",
                mode="regular",
                subject=subject,
                starts_on=D(2026, 10, 5),
                conclusion="Kết luận",
                programme_item=item,
            ),
            units=units,
            plans=[],
            by=inspection_user,
        )

    own = inspection("Kiểm tra riêng chi bộ 1", [unit])
    shared = inspection("Giám sát chung hai chi bộ", [unit, other_unit])
    recommendations = {}
    for target, subject_unit, text in (
        (own, unit, "Kiến nghị riêng chi bộ 1"),
        (shared, unit, "Kiến nghị chung cho chi bộ 1"),
        (shared, other_unit, "Kiến nghị chung cho chi bộ 2"),
    ):
        recommendations[text] = services.recommendation_add(
            recommendation=Recommendation(
                inspection=target,
                unit=subject_unit,
                responsible="Bí thư",
                text=text,
                deadline=D(2026, 12, 31),
            ),
            by=inspection_user,
        )
    for target in (own, shared):
        services.inspection_conclude(inspection=target, on=D(2026, 10, 20), by=inspection_user)
    follow_up = services.follow_up_add(
        follow_up=FollowUp(
            recommendation=recommendations["Kiến nghị riêng chi bộ 1"],
            happened_on=D(2026, 11, 1),
            text="Đã làm",
        ),
        uploads=[(SimpleUploadedFile("bb.pdf", b"%PDF-1.4 x", "application/pdf"), "pdf")],
        done=False,
        by=inspection_user,
    )
    feedback = services.feedback_save(
        feedback=Feedback(
            unit=unit, source="front", received_on=D(2026, 11, 1), content="Ý kiến về chi bộ 1"
        ),
        by=board_user,
    )
    case = register_services.register_save(
        instance=ComplexCase(unit=unit, kind="petition", description="Vụ việc của chi bộ 1"),
        by=office_user,
    )
    return {
        "own": own,
        "shared": shared,
        "file": follow_up.files.get(),
        "feedback": feedback,
        "case": case,
    }


def pages(r):
    return {
        "inspections": "/kiem-tra/?nam=2026",
        "programme": "/kiem-tra/chuong-trinh/?nam=2026",
        "own": f"/kiem-tra/{r['own'].pk}/",
        "own_edit": f"/kiem-tra/{r['own'].pk}/sua/",
        "shared": f"/kiem-tra/{r['shared'].pk}/",
        "new_inspection": "/kiem-tra/them/",
        "file": f"/kiem-tra/tep/{r['file'].pk}/",
        "feedback_list": "/y-kien-nhan-dan/",
        "feedback": f"/y-kien-nhan-dan/{r['feedback'].pk}/",
        "new_feedback": "/y-kien-nhan-dan/them/",
        "case": f"/so-theo-doi/vu-viec/{r['case'].pk}/",
    }


def statuses(client, r):
    return {name: client.get(url).status_code for name, url in pages(r).items()}


def test_a_secretary_of_another_unit_sees_the_shared_supervision_and_nothing_of_unit_1(
    login, records, other_secretary
):
    client = login(other_secretary)

    assert statuses(client, records) == {
        "inspections": 200,
        "programme": 404,
        "own": 404,
        "own_edit": 404,
        "shared": 200,
        "new_inspection": 403,
        "file": 404,
        "feedback_list": 200,
        "feedback": 404,
        "new_feedback": 403,
        "case": 404,
    }
    for name in ("inspections", "shared", "feedback_list"):
        html = client.get(pages(records)[name]).content.decode()
        assert UNIT_NAME not in html, name
        assert "Kiểm tra riêng chi bộ 1" not in html and "Ý kiến về chi bộ 1" not in html
    shared = client.get(pages(records)["shared"]).content.decode()
    assert OTHER_NAME in shared and "Kiến nghị chung cho chi bộ 2" in shared
    assert "Kiến nghị chung cho chi bộ 1" not in shared


def test_the_units_own_secretary_sees_its_records(login, records, secretary):
    client = login(secretary)

    got = statuses(client, records)
    assert {k: got[k] for k in ("own", "shared", "file", "feedback", "case")} == {
        "own": 200,
        "shared": 200,
        "file": 200,
        "feedback": 200,
        "case": 200,
    }
    listing = client.get(pages(records)["inspections"]).content.decode()
    assert "Kiểm tra riêng chi bộ 1" in listing and OTHER_NAME not in listing


def test_inspection_of_the_ward_sees_everything_of_it_and_records_no_feedback(
    login, records, inspection_user
):
    got = statuses(login(inspection_user), records)
    assert got.pop("new_feedback") == 403  # the Board or the Front records feedback
    assert set(got.values()) == {200}


def test_inspection_of_another_ward_sees_nothing_of_this_one(login, records, other_ward):
    client = login(make_user("ubkt.khac", other_ward, Role.INSPECTION))

    got = statuses(client, records)
    assert {k: got[k] for k in ("own", "own_edit", "shared", "file", "feedback", "case")} == {
        "own": 404,
        "own_edit": 404,
        "shared": 404,
        "file": 404,
        "feedback": 404,
        "case": 404,
    }
    for name in ("inspections", "programme", "feedback_list"):
        html = client.get(pages(records)[name]).content.decode()
        assert UNIT_NAME not in html and "Mục CT" not in html, name
        assert "Kiểm tra riêng chi bộ 1" not in html and "Ý kiến về chi bộ 1" not in html


def test_the_front_reads_and_writes_feedback_only(login, records, front_user):
    client = login(front_user)

    assert statuses(client, records) == {
        "inspections": 403,
        "programme": 403,
        "own": 403,
        "own_edit": 403,
        "shared": 403,
        "new_inspection": 403,
        "file": 403,
        "feedback_list": 200,
        "feedback": 200,
        "new_feedback": 200,
        "case": 403,
    }
    assert client.get("/").url == "/y-kien-nhan-dan/"
    for internal in ("/don-vi/", "/ra-soat/", "/de-an/", "/tong-quan/", "/bao-cao/"):
        assert client.get(internal).status_code == 403, internal
    feedback = client.get(pages(records)["feedback"]).content.decode()
    assert "Dẫn trong đánh giá rà soát" not in feedback  # reviews are internal


def test_the_front_of_another_ward_sees_nothing_of_this_one(login, records, other_ward):
    client = login(make_user("mttq.khac", other_ward, Role.FRONT))

    assert client.get(pages(records)["feedback"]).status_code == 404
    assert "Ý kiến về chi bộ 1" not in client.get("/y-kien-nhan-dan/").content.decode()
    response = client.post(
        "/y-kien-nhan-dan/them/",
        {
            "unit": records["feedback"].unit_id,
            "source": "front",
            "received_on": "01/11/2026",
            "content": "Sang phường khác",
        },
    )
    assert response.status_code == 200  # the unit is not among its choices
    assert not Feedback.objects.filter(content="Sang phường khác").exists()
