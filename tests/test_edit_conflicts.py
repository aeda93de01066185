"""Edits never silently overwrite: every edit form of a shared record carries the version the
person opened (organizations.forms.VersionedFormMixin); a save over a later version, or a post
without one, is refused with a message and keeps what the person typed."""

import datetime
from dataclasses import dataclass
from typing import Any

import pytest

from consolidation.models import Cadre, ComplexCase
from organizations.concurrency import EditConflict
from organizations.forms import VERSION_MISSING
from reporting.models import ReportProfile


@dataclass
class Record:
    url: str
    data: dict[str, Any]  # a full valid post, without the version
    field: str  # the field the two people change
    read: Any  # () -> the saved value of `field`
    version: Any  # () -> the saved version


@pytest.fixture
def records(plan, board_user, ward, unit):
    from consolidation.services import plans as plan_services

    step = plan.steps.get(number=2)
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
    profile = ReportProfile.objects.create(
        ward=ward, superior_body="ĐẢNG BỘ QUẬN", issuing_body="ĐẢNG ỦY", place="Đống Đa"
    )
    fresh = lambda model, pk: model.objects.get(pk=pk)  # noqa: E731
    return {
        "step": Record(
            f"/ke-hoach/{plan.pk}/buoc/2/",
            {"done_on": "22/05/2026", "participants": "Đ/c A", "notes": "", "action": "save"},
            "notes",
            lambda: fresh(type(step), step.pk).notes,
            lambda: fresh(type(step), step.pk).version,
        ),
        "objective": Record(
            f"/ke-hoach/{plan.pk}/muc-tieu/{objective.pk}/",
            {
                "group": objective.group_id,
                "text": "",
                "target": "100 %",
                "deadline": "01/12/2026",
                "output": "Báo cáo",
            },
            "text",
            lambda: fresh(type(objective), objective.pk).text,
            lambda: fresh(type(objective), objective.pk).version,
        ),
        "cadre": Record(
            f"/so-theo-doi/can-bo/{cadre.pk}/",
            {
                "unit": unit.pk,
                "plan": "",
                "name": "Trần Văn C",
                "position": "Chi ủy viên",
                "limitation": "",
                "action": "none",
                "action_on": "",
                "result": "",
            },
            "limitation",
            lambda: fresh(Cadre, cadre.pk).limitation,
            lambda: fresh(Cadre, cadre.pk).version,
        ),
        "case": Record(
            f"/so-theo-doi/vu-viec/{case.pk}/sua/",
            {
                "unit": unit.pk,
                "plan": "",
                "kind": "petition",
                "description": "",
                "classification": "",
                "roadmap": "",
                "owner": "",
                "urgent": "",
                "status": "open",
                "closed_on": "",
            },
            "description",
            lambda: fresh(ComplexCase, case.pk).description,
            lambda: fresh(ComplexCase, case.pk).version,
        ),
        "letterhead": Record(
            "/bao-cao/the-thuc/",
            {
                "superior_body": "ĐẢNG BỘ QUẬN",
                "issuing_body": "ĐẢNG ỦY",
                "place": "Đống Đa",
                "signing_for": "T/M ĐẢNG ỦY",
                "signer_title": "PHÓ BÍ THƯ",
                "signer_name": "",
                "recipients": "- Ban Tổ chức Quận ủy,\n- Lưu Văn phòng Đảng ủy.",
            },
            "signer_name",
            lambda: fresh(ReportProfile, profile.pk).signer_name,
            lambda: fresh(ReportProfile, profile.pk).version,
        ),
    }


KINDS = ["step", "objective", "cadre", "case", "letterhead"]


@pytest.mark.parametrize("kind", KINDS)
def test_the_second_of_two_saves_from_the_same_version_is_refused_and_keeps_its_input(
    kind, records, login, board_user, standing_user
):
    record = records[kind]
    opened = record.version()
    first, second = login(board_user), login(board_user)

    saved = first.post(
        record.url, record.data | {record.field: "Bản của người thứ nhất", "version": opened}
    )
    assert saved.status_code == 302, saved.context["form"].errors
    refused = second.post(
        record.url, record.data | {record.field: "Bản của người thứ hai", "version": opened}
    )

    assert refused.status_code == 200
    html = refused.content.decode()
    assert "vừa được" in html and "sau khi đồng chí mở trang" in html
    assert "Bản của người thứ hai" in html  # what the second person typed is still there
    assert record.read() == "Bản của người thứ nhất"
    # Sent again, now over the version they have seen, it saves.
    again = refused.context["form"].data
    assert int(again["version"]) == record.version()
    assert second.post(record.url, again).status_code == 302
    assert record.read() == "Bản của người thứ hai"


@pytest.mark.parametrize("kind", KINDS)
def test_a_form_posted_without_its_version_is_refused_not_saved_unchecked(
    kind, records, login, board_user
):
    record = records[kind]
    before = record.read()

    response = login(board_user).post(record.url, record.data | {record.field: "Không rõ bản nào"})

    assert response.status_code == 200
    html = response.content.decode()
    assert VERSION_MISSING.split(" (")[0] in html
    assert "Không rõ bản nào" in html
    assert record.read() == before


def test_the_services_refuse_a_stale_version(records, plan, board_user, ward):
    from consolidation.services import plans as plan_services
    from consolidation.services import registers as register_services
    from reporting.services import profile_save

    with pytest.raises(EditConflict):
        plan_services.step_record(
            plan=plan,
            number=2,
            data=plan_services.StepInput(notes="x"),
            by=board_user,
            complete=False,
            expected_version=records["step"].version() + 1,
        )
    objective = plan.objectives.get()
    with pytest.raises(EditConflict):
        plan_services.objective_save(
            plan=plan,
            data=plan_services.ObjectiveInput(
                objective.group_id, "y", "100 %", datetime.date(2026, 12, 1), "Báo cáo"
            ),
            by=board_user,
            objective=objective,
            expected_version=objective.version + 1,
        )
    cadre = Cadre.objects.get()
    cadre.limitation = "z"
    with pytest.raises(EditConflict):
        register_services.register_save(instance=cadre, by=board_user, expected_version=7)
    with pytest.raises(EditConflict):
        profile_save(ward=ward, data={"signer_name": "A"}, by=board_user, expected_version=7)


def test_a_refused_completion_keeps_the_step_and_its_files(plan, board_user, login):
    from django.core.files.uploadedfile import SimpleUploadedFile

    response = login(board_user).post(
        f"/ke-hoach/{plan.pk}/buoc/3/",
        {
            "done_on": "",
            "participants": "",
            "notes": "Ghi chú bước 3",
            "evidence": [SimpleUploadedFile("muc-tieu.pdf", b"%PDF-1.4\n%%EOF")],
            "action": "complete",
            "version": 1,
        },
    )

    assert response.status_code == 200
    step = plan.steps.get(number=3)
    assert not step.is_done
    assert step.notes == "Ghi chú bước 3"
    assert [f.original_name for f in step.files.all()] == ["muc-tieu.pdf"]
    html = response.content.decode()
    assert "Tệp đã có:" in html and "muc-tieu.pdf" in html
    assert int(response.context["form"].data["version"]) == step.version
