"""Discussion on tasks, quarterly reports, reviews, cases and inspections: one level of
replies, files, @mentions told only to people who may read the discussion, an edit by its
author within 15 minutes (14:59 yes, 15:01 no), hiding with a reason that keeps the history,
and the scope of who reads what."""

import datetime
import zoneinfo

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from consolidation.access import get_discussed_for_user
from consolidation.models import ComplexCase, Inspection, Notice, NoticeKind, Remark
from consolidation.services import discussion as services
from consolidation.services import inspections as inspection_services
from consolidation.services import registers as register_services

HANOI = zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")
SENT = datetime.datetime(2026, 12, 5, 9, 0, tzinfo=HANOI)


@pytest.fixture
def task(approved_plan):
    return approved_plan.tasks.first()


def about(user, kind, obj):
    return get_discussed_for_user(user, kind, obj.pk)


def test_a_reply_to_a_reply_joins_the_thread(task, secretary, board_user):
    first = services.remark_add(
        about=about(secretary, "nhiem-vu", task), text="Xin ý kiến", by=secretary
    )
    reply = services.remark_add(
        about=about(board_user, "nhiem-vu", task), text="Đồng ý", parent=first, by=board_user
    )
    again = services.remark_add(
        about=about(secretary, "nhiem-vu", task), text="Cảm ơn", parent=reply, by=secretary
    )
    assert reply.parent == first and again.parent == first


def test_an_empty_remark_is_refused_on_its_field(task, secretary):
    with pytest.raises(ValidationError) as exc:
        services.remark_add(about=about(secretary, "nhiem-vu", task), text="  \n ", by=secretary)
    assert exc.value.message_dict == {"text": [services.TEXT_NEEDED]}


def test_a_mention_tells_a_reader_and_nobody_who_may_not_read(
    task, secretary, board_user, other_secretary
):
    remark = services.remark_add(
        about=about(secretary, "nhiem-vu", task),
        text="Nhờ @bxd và @bithu.kdc-02 xem giúp; @khongcoai",
        by=secretary,
    )
    notice = Notice.objects.get(kind=NoticeKind.MENTION)
    assert notice.recipient == board_user and notice.kind == NoticeKind.MENTION
    assert notice.url.endswith(f"#remark-{remark.pk}")
    assert not Notice.objects.filter(recipient=other_secretary).exists()


def test_the_author_edits_within_15_minutes_only(task, secretary, board_user):
    with time_machine.travel(SENT, tick=False):
        remark = services.remark_add(
            about=about(secretary, "nhiem-vu", task), text="Bản đầu", by=secretary
        )
    with pytest.raises(PermissionDenied):
        services.remark_edit(
            remark=remark,
            about=about(board_user, "nhiem-vu", task),
            text="Sửa hộ",
            by=board_user,
            expected_version=remark.version,
        )
    with time_machine.travel(SENT + datetime.timedelta(minutes=14, seconds=59), tick=False):
        services.remark_edit(
            remark=remark,
            about=about(secretary, "nhiem-vu", task),
            text="Bản sửa, nhờ @bxd",
            by=secretary,
            expected_version=remark.version,
        )
    mention = Notice.objects.get(kind=NoticeKind.MENTION)
    assert mention.recipient == board_user  # newly mentioned by the edit
    late = SENT + datetime.timedelta(minutes=15, seconds=1)
    with time_machine.travel(late, tick=False), pytest.raises(ValidationError, match="15 phút"):
        services.remark_edit(
            remark=remark,
            about=about(secretary, "nhiem-vu", task),
            text="Quá muộn",
            by=secretary,
            expected_version=remark.version,
        )
    remark.refresh_from_db()
    assert remark.text == "Bản sửa, nhờ @bxd" and remark.edited_at is not None
    assert [h.text for h in remark.history.order_by("history_date")] == ["Bản đầu", remark.text]


def test_hiding_needs_a_reason_and_keeps_the_text(
    login, task, secretary, board_user, other_secretary
):
    remark = services.remark_add(
        about=about(secretary, "nhiem-vu", task), text="Lạc đề", by=secretary
    )
    with pytest.raises(ValidationError):
        services.remark_hide(remark=remark, reason=" ", by=board_user)
    services.remark_hide(remark=remark, reason="Không liên quan nhiệm vụ", by=board_user)
    remark.refresh_from_db()
    assert remark.hidden and remark.text == "Lạc đề"
    page = login(secretary).get(f"/ke-hoach/{task.plan_id}/nhiem-vu/{task.pk}/trao-doi/")
    html = page.content.decode()
    assert "Ý kiến đã được ẩn: Không liên quan nhiệm vụ" in html and "Lạc đề" not in html


def test_a_refused_remark_keeps_the_files_error_and_what_was_typed(login, task, secretary):
    response = login(secretary).post(
        f"/trao-doi/nhiem-vu/{task.pk}/",
        {"text": "Nội dung đã gõ", "attachments": [SimpleUploadedFile("x.exe", b"MZ")]},
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "Nội dung đã gõ" in html and "không thuộc loại được nhận" in html
    assert not Remark.objects.exists()


def test_each_kind_has_its_discussion_on_its_page(
    login, ward, unit, task, secretary, board_user, office_user, inspection_user, review
):
    case = register_services.register_save(
        instance=ComplexCase(unit=unit, kind="petition", description="Vụ việc"), by=office_user
    )
    inspection = inspection_services.inspection_save(
        inspection=Inspection(
            ward=ward, kind="inspection", mode="regular", subject="KT", starts_on=SENT.date()
        ),
        units=[unit],
        plans=[],
        by=inspection_user,
    )
    pages = {
        "nhiem-vu": (task, f"/ke-hoach/{task.plan_id}/nhiem-vu/{task.pk}/trao-doi/"),
        "danh-gia": (review, f"/ra-soat/danh-gia/{review.pk}/"),
        "vu-viec": (case, f"/so-theo-doi/vu-viec/{case.pk}/"),
        "kiem-tra": (inspection, f"/kiem-tra/{inspection.pk}/"),
    }
    client = login(secretary)
    for kind, (obj, url) in pages.items():
        response = client.post(f"/trao-doi/{kind}/{obj.pk}/", {"text": f"Ý kiến về {kind}"})
        assert response.status_code == 302, kind
        assert response.url.startswith(url), kind
        assert f"Ý kiến về {kind}" in client.get(url).content.decode(), kind


def test_a_secretary_reads_no_discussion_of_another_unit_or_a_shared_inspection(
    login, ward, unit, other_unit, task, secretary, other_secretary, inspection_user
):
    services.remark_add(about=about(secretary, "nhiem-vu", task), text="Bí mật", by=secretary)
    client = login(other_secretary)
    assert client.get(f"/ke-hoach/{task.plan_id}/nhiem-vu/{task.pk}/trao-doi/").status_code == 404
    assert client.post(f"/trao-doi/nhiem-vu/{task.pk}/", {"text": "x"}).status_code == 404

    shared = inspection_services.inspection_save(
        inspection=Inspection(
            ward=ward, kind="inspection", mode="regular", subject="KT", starts_on=SENT.date()
        ),
        units=[unit, other_unit],
        plans=[],
        by=inspection_user,
    )
    assert client.post(f"/trao-doi/kiem-tra/{shared.pk}/", {"text": "x"}).status_code == 404
    assert 'id="discussion"' not in client.get(f"/kiem-tra/{shared.pk}/").content.decode()
    assert (
        'id="discussion"' in login(inspection_user).get(f"/kiem-tra/{shared.pk}/").content.decode()
    )


def test_a_remarks_file_is_read_by_the_discussions_readers_only(
    login, task, secretary, other_secretary
):
    remark = services.remark_add(
        about=about(secretary, "nhiem-vu", task),
        text="Biên bản kèm theo",
        uploads=[(SimpleUploadedFile("bb.pdf", b"%PDF-1.4 x", "application/pdf"), "pdf")],
        by=secretary,
    )
    url = f"/trao-doi/tep/{remark.files.get().pk}/"
    assert login(secretary).get(url).status_code == 200
    assert login(other_secretary).get(url).status_code == 404


def test_a_mention_in_a_plans_comment_tells_a_reader_only(
    approved_plan, secretary, board_user, other_secretary
):
    from consolidation.services import plans as plan_services

    plan_services.comment_add(
        plan=approved_plan, by=board_user, kind="note", text="@bithu.kdc-01 @bithu.kdc-02 xem"
    )
    mentions = Notice.objects.filter(kind=NoticeKind.MENTION)
    assert [n.recipient for n in mentions] == [secretary]
    assert mentions.get().url == f"/ke-hoach/{approved_plan.pk}/#comments"
