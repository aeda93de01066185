"""Evidence files behave: a file is saved once, a failed submission keeps the files already
attached and says so, and the uploader (or the Board) can remove one until the report is
accepted, its history kept."""

import re

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile

from consolidation.access import EVIDENCE_KEPT_ACCEPTED, EVIDENCE_REMOVERS_ONLY
from consolidation.models import ProgressEvidence, UpdateState
from consolidation.services import quarterly as quarterly_services
from tests.consolidation.test_update_pages import post_data

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\n%%EOF\n"


def pdf(name="bien-ban.pdf", content=PDF):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def attach(client, update, **overrides):
    row = update.progress.first()
    return client.post(
        f"/bao-cao-quy/cap-nhat/{update.pk}/sua/",
        {**post_data(update), f"files_{row.task_id}": pdf(), "action": "save", **overrides},
    )


def test_a_failed_submission_keeps_the_file_and_says_it_is_attached(login, secretary, update):
    client = login(secretary)

    response = attach(client, update, summary="", action="submit")

    assert response.status_code == 200
    assert ProgressEvidence.objects.count() == 1
    html = response.content.decode()
    assert "Tệp đã chọn (nếu có) đã được đính kèm" in html and "không cần chọn lại" in html
    assert "Đã đính kèm:" in html and "bien-ban.pdf" in html


def test_the_same_file_sent_again_is_kept_once(login, secretary, update):
    client = login(secretary)
    attach(client, update, summary="", action="submit")
    update.refresh_from_db()

    attach(client, update)
    update.refresh_from_db()
    attach(client, update)

    assert ProgressEvidence.objects.count() == 1
    # Another content under the same name is another file.
    update.refresh_from_db()
    attach(client, update, **{f"files_{update.progress.first().task_id}": pdf(content=PDF + b"%2")})
    assert ProgressEvidence.objects.count() == 2


def test_the_uploader_removes_a_file_while_writing_and_the_history_keeps_it(
    login, secretary, update
):
    client = login(secretary)
    attach(client, update)
    evidence = ProgressEvidence.objects.get()

    response = client.post(f"/bao-cao-quy/tep/{evidence.pk}/go/", {"from": "edit"}, follow=True)

    assert response.redirect_chain[-1][0] == f"/bao-cao-quy/cap-nhat/{update.pk}/sua/"
    assert "Đã gỡ tệp «bien-ban.pdf»" in response.content.decode()
    assert not ProgressEvidence.objects.exists()
    removed = ProgressEvidence.history.filter(id=evidence.pk, history_type="-").get()
    assert removed.history_user == secretary
    assert removed.original_name == "bien-ban.pdf"


def test_who_may_remove_a_file_and_until_when(update, secretary, other_secretary, board_user):
    row = update.progress.first()
    from consolidation.files import store

    (by_secretary,) = store(
        ProgressEvidence,
        owner_field="task_progress",
        owner=row,
        uploads=[(pdf(), "pdf")],
        by=secretary,
    )
    (by_board,) = store(
        ProgressEvidence,
        owner_field="task_progress",
        owner=row,
        uploads=[(pdf("ket-luan.pdf", PDF + b"%b"), "pdf")],
        by=board_user,
    )

    with pytest.raises(PermissionDenied, match=re.escape(EVIDENCE_REMOVERS_ONLY)):
        quarterly_services.evidence_remove(evidence=by_board, by=secretary)
    with pytest.raises(PermissionDenied):
        quarterly_services.evidence_remove(evidence=by_secretary, by=other_secretary)
    # Once the report is accepted, nobody removes evidence, not even the Board.
    type(update).objects.filter(pk=update.pk).update(state=UpdateState.ACCEPTED)
    with pytest.raises(PermissionDenied, match=re.escape(EVIDENCE_KEPT_ACCEPTED)):
        quarterly_services.evidence_remove(evidence=by_board, by=board_user)
    # Submitted, not accepted: the Board may still take a wrong file off.
    type(update).objects.filter(pk=update.pk).update(state=UpdateState.SUBMITTED)
    quarterly_services.evidence_remove(evidence=by_secretary, by=board_user)
    assert list(ProgressEvidence.objects.all()) == [by_board]
