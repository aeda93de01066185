"""Complex cases as case files (seed 000, III.3): milestones, the timeline with files, the
letters whose senders a secretary never sees, an urgent case reported at once, a late
milestone in the early warning. The migration that turned roadmap dates into milestones is
tested in test_data_migrations."""

import datetime

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile

from consolidation.models import CaseEntry, CaseLetter, CaseMilestone, ComplexCase
from consolidation.services import registers as register_services
from reporting.dashboard.scope import scope_for
from reporting.dashboard.warnings import early_warnings

D = datetime.date


@pytest.fixture
def case(unit, office_user):
    return register_services.register_save(
        instance=ComplexCase(
            unit=unit,
            kind="petition",
            description="Tranh chấp lối đi chung",
            classification="Phức tạp",
            roadmap="Đối thoại, đo đạc, trả lời",
        ),
        by=office_user,
    )


def test_an_urgent_case_is_reported_at_once_and_only_once(
    unit, office_user, board_user, standing_user, django_capture_on_commit_callbacks
):
    board_user.email, standing_user.email = "bxd@example.vn", "btv@example.vn"
    board_user.save()
    standing_user.save()
    case = ComplexCase(unit=unit, kind="hot_spot", description="Tụ tập đông người", urgent=True)
    with django_capture_on_commit_callbacks(execute=True):
        register_services.register_save(instance=case, by=office_user)
    assert len(mail.outbox) == 1
    assert set(mail.outbox[0].to) == {"bxd@example.vn", "btv@example.vn"}
    assert f"/so-theo-doi/vu-viec/{case.pk}/" in mail.outbox[0].body

    with django_capture_on_commit_callbacks(execute=True):
        register_services.register_save(
            instance=case, by=office_user, expected_version=case.version
        )
    assert len(mail.outbox) == 1  # already reported


def test_only_the_office_and_the_board_keep_case_files(case, secretary, inspection_user):
    for user in (secretary, inspection_user):
        with pytest.raises(PermissionDenied):
            register_services.milestone_save(
                milestone=CaseMilestone(case=case, title="x", due_on=D(2026, 12, 1)), by=user
            )


def test_the_case_page_hides_letter_senders_from_a_secretary(
    login, case, secretary, office_user, other_secretary
):
    register_services.letter_save(
        letter=CaseLetter(
            case=case,
            received_on=D(2026, 11, 1),
            sender_kind="citizen",
            sender_name="Nguyễn Văn Người Gửi",
            content="Đề nghị giải quyết lối đi",
        ),
        by=office_user,
    )
    url = f"/so-theo-doi/vu-viec/{case.pk}/"

    office_page = login(office_user).get(url).content.decode()
    assert "Nguyễn Văn Người Gửi" in office_page
    secretary_page = login(secretary).get(url).content.decode()
    assert "Đề nghị giải quyết lối đi" in secretary_page
    assert "Nguyễn Văn Người Gửi" not in secretary_page
    assert login(other_secretary).get(url).status_code == 404


def test_the_office_builds_the_file_on_its_page(login, case, office_user):
    client = login(office_user)
    url = f"/so-theo-doi/vu-viec/{case.pk}/"
    for n, due in enumerate(("01/11/2026", "30/11/2026", "31/12/2026"), start=1):
        response = client.post(url, {"action": "milestone", "m-title": f"Mốc {n}", "m-due_on": due})
        assert response.status_code == 302
    pdf = SimpleUploadedFile("bien-ban.pdf", b"%PDF-1.4\n%%EOF\n", content_type="application/pdf")
    client.post(
        url,
        {
            "action": "entry",
            "e-happened_on": "02/11/2026",
            "e-text": "Đã đối thoại",
            "e-attachments": pdf,
        },
    )
    first = case.milestones.get(title="Mốc 1")
    client.post(url, {"action": "done", "mốc": first.pk})

    first.refresh_from_db()
    assert first.done_on is not None
    assert CaseEntry.objects.get(case=case).files.get().original_name == "bien-ban.pdf"
    refused = client.post(url, {"action": "milestone", "m-title": "", "m-due_on": "31/02/2026"})
    assert refused.status_code == 200 and "m-title" in refused.content.decode()
    assert case.milestones.count() == 3


def test_a_late_milestone_shows_in_the_early_warning(ward, case, office_user, board_user):
    CaseMilestone.objects.create(case=case, title="Đo đạc, xác minh", due_on=D(2026, 11, 30))
    CaseMilestone.objects.create(case=case, title="Trả lời", due_on=D(2026, 12, 31))

    def reasons(day):
        return [
            r.text
            for w in early_warnings(board_user, scope_for(board_user, ward), day)
            for r in w.reasons
            if r.kind == "case"
        ]

    assert reasons(D(2026, 11, 30)) == []  # due today is not late
    assert reasons(D(2026, 12, 1)) == [
        "Vụ việc phức tạp quá hạn mốc «Đo đạc, xác minh» (30/11/2026)"
    ]
    case.milestones.filter(title="Đo đạc, xác minh").update(done_on=D(2026, 12, 1))
    assert reasons(D(2026, 12, 2)) == []
