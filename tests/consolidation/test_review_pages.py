import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from consolidation.models import (
    Conclusion,
    Indicator,
    IndicatorGroup,
    Review,
    ReviewEvidence,
    ReviewState,
)


def form_data(review, **overrides):
    """What the review form posts: every indicator, group fields, causes formset."""
    data = {
        "version": review.version,
        "weak_aspects": "Sinh hoạt chi bộ hình thức",
        "weak_links": "Kiểm tra, giám sát",
        "head_responsibility": "Bí thư",
        "causes-TOTAL_FORMS": "2",
        "causes-INITIAL_FORMS": "0",
        "causes-MIN_NUM_FORMS": "0",
        "causes-MAX_NUM_FORMS": "30",
        "causes-0-kind": "subjective",
        "causes-0-text": "Người đứng đầu chưa nêu gương",
        "causes-1-kind": "objective",
        "causes-1-text": "",
    }
    for indicator in Indicator.objects.all():
        data[f"manifestation_{indicator.pk}"] = ""
    for group in IndicatorGroup.objects.all():
        data[f"strengths_{group.pk}"] = ""
        data[f"limitations_{group.pk}"] = ""
        data[f"severity_{group.pk}"] = ""
    data.update(overrides)
    return data


def mark(data, *codes, severity="medium"):
    for code in codes:
        indicator = Indicator.objects.get(code=code)
        data[f"present_{indicator.pk}"] = "on"
        data[f"manifestation_{indicator.pk}"] = f"Biểu hiện {code} tại chi bộ"
        data[f"severity_{indicator.group.pk}"] = severity
    return data


def test_the_secretary_self_assesses_and_submits(login, secretary, review):
    client = login(secretary)
    page = client.get(f"/ra-soat/danh-gia/{review.pk}/sua/").content.decode()
    assert "Tự đánh giá" in page and "Kết luận của Ban Xây dựng Đảng" not in page

    response = client.post(
        f"/ra-soat/danh-gia/{review.pk}/sua/",
        {**mark(form_data(review), "1.1"), "action": "submit"},
    )

    assert response.status_code == 302
    review.refresh_from_db()
    assert review.state == ReviewState.SELF_ASSESSED and review.submitted_by == secretary
    assert review.group_numbers == [1]
    assert review.causes.get().text == "Người đứng đầu chưa nêu gương"


def test_the_board_confirms_weak_in_groups_1_and_3(login, board_user, review):
    data = {
        **mark(form_data(review), "1.1", "3.4"),
        "conclusion": Conclusion.WEAK,
        "action": "confirm",
    }

    response = login(board_user).post(f"/ra-soat/danh-gia/{review.pk}/sua/", data)

    assert response.status_code == 302
    review.refresh_from_db()
    assert review.state == ReviewState.CONFIRMED and review.conclusion == Conclusion.WEAK
    assert review.group_numbers == [1, 3]


def test_a_missing_cause_keeps_the_draft_and_says_why(login, board_user, review):
    data = {**mark(form_data(review), "1.1"), "conclusion": Conclusion.WEAK, "action": "confirm"}
    data["causes-0-text"] = ""

    response = login(board_user).post(f"/ra-soat/danh-gia/{review.pk}/sua/", data, follow=True)

    html = response.content.decode()
    assert "chưa xác nhận được" in html and "cần ít nhất một nguyên nhân" in html
    review.refresh_from_db()
    assert review.state == ReviewState.IN_REVIEW
    assert review.weak_aspects == "Sinh hoạt chi bộ hình thức"  # nothing typed is lost


def _pdf():
    return b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def test_evidence_is_stored_and_served_only_within_scope(login, secretary, other_secretary, review):
    client = login(secretary)
    data = {
        **form_data(review),
        "evidence": [SimpleUploadedFile("bien-ban.pdf", _pdf())],
        "action": "save",
    }

    assert client.post(f"/ra-soat/danh-gia/{review.pk}/sua/", data).status_code == 302

    evidence = ReviewEvidence.objects.get(review=review)
    assert evidence.original_name == "bien-ban.pdf" and evidence.kind == "pdf"
    assert "bien-ban" not in evidence.file.name  # stored under a random name
    download = client.get(f"/ra-soat/minh-chung/{evidence.pk}/")
    assert download.status_code == 200 and b"".join(download.streaming_content).startswith(b"%PDF")
    assert login(other_secretary).get(f"/ra-soat/minh-chung/{evidence.pk}/").status_code == 404


@pytest.mark.parametrize(
    "name, content, message",
    [
        ("bien-ban.pdf", b"MZ\x90\x00 not a pdf at all", "nội dung không phải là PDF"),
        ("anh.png", b"%PDF-1.4 pretending", "nội dung không phải là ảnh PNG"),
        ("to-trinh.docx", b"PK\x03\x04garbage", "nội dung không phải là Word (DOCX)"),
        ("chay.exe", b"MZ\x90\x00", "không thuộc loại được nhận"),
        ("trong.pdf", b"", "không có nội dung"),
    ],
)
def test_a_disguised_or_wrong_file_is_refused_and_the_form_kept(
    login, board_user, review, name, content, message
):
    data = {
        **mark(form_data(review), "1.1"),
        "weak_links": "Điều tôi đã gõ",
        "evidence": [SimpleUploadedFile(name, content)],
        "action": "save",
    }

    response = login(board_user).post(f"/ra-soat/danh-gia/{review.pk}/sua/", data)

    html = response.content.decode()
    assert response.status_code == 200
    assert message in html and f"Tệp «{name}»" in html
    assert "Điều tôi đã gõ" in html  # the rest of the form is kept
    assert not ReviewEvidence.objects.exists()
    assert Review.objects.get(pk=review.pk).weak_links == ""  # and nothing half-saved


def test_an_oversize_file_is_refused(login, board_user, review, settings):
    big = SimpleUploadedFile("scan.pdf", b"%PDF-1.4\n" + b"0" * (10 * 1024 * 1024))

    response = login(board_user).post(
        f"/ra-soat/danh-gia/{review.pk}/sua/",
        {**form_data(review), "evidence": [big], "action": "save"},
    )

    assert "vượt quá 10 MB" in response.content.decode()


def test_docx_and_xlsx_are_recognised_by_their_content(login, board_user, review):
    def office(kind):
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w") as archive:
            archive.writestr("[Content_Types].xml", "<Types/>")
            archive.writestr("word/document.xml" if kind == "docx" else "xl/workbook.xml", "<x/>")
        return buffer.getvalue()

    files = [
        SimpleUploadedFile("bao-cao.docx", office("docx")),
        SimpleUploadedFile("so-lieu.xlsx", office("xlsx")),
    ]
    login(board_user).post(
        f"/ra-soat/danh-gia/{review.pk}/sua/",
        {**form_data(review), "evidence": files, "action": "save"},
    )

    assert sorted(ReviewEvidence.objects.values_list("kind", flat=True)) == ["docx", "xlsx"]


def test_another_units_secretary_cannot_open_it(login, other_secretary, review):
    client = login(other_secretary)

    assert client.get(f"/ra-soat/danh-gia/{review.pk}/").status_code == 404
    assert client.get(f"/ra-soat/danh-gia/{review.pk}/sua/").status_code == 404


@pytest.mark.parametrize("fixture_name", ["standing_user", "inspection_user", "office_user"])
def test_readers_read_but_do_not_edit(request, login, review, fixture_name):
    client = login(request.getfixturevalue(fixture_name))

    assert client.get(f"/ra-soat/danh-gia/{review.pk}/").status_code == 200
    response = client.post(
        f"/ra-soat/danh-gia/{review.pk}/sua/", {**mark(form_data(review), "1.1"), "action": "save"}
    )
    assert response.status_code == 302  # sent back to the review with a message
    assert not Review.objects.get(pk=review.pk).findings.exists()
    assert client.post(f"/ra-soat/danh-gia/{review.pk}/cung-co/").status_code == 403


def test_only_the_board_opens_a_round(login, standing_user, secretary, board_user, ward, unit):
    assert login(standing_user).get("/ra-soat/mo-dot/").status_code == 403
    assert login(secretary).get("/ra-soat/mo-dot/").status_code == 403

    response = login(board_user).post(
        "/ra-soat/mo-dot/",
        {
            "name": "Rà soát giai đoạn 1 năm 2026",
            "period": "04–05/2026",
            "starts_on": "01/04/2026",
            "ends_on": "31/05/2026",
            "phase2_starts_on": "01/06/2026",
            "phase3_starts_on": "01/10/2026",
            "phase3_ends_on": "31/12/2026",
            "units": [unit.pk],
        },
    )
    assert response.status_code == 302


def test_round_dates_out_of_order_are_refused_in_vietnamese(login, board_user, ward, unit):
    response = login(board_user).post(
        "/ra-soat/mo-dot/",
        {
            "name": "Đợt lỗi",
            "period": "2026",
            "starts_on": "01/04/2026",
            "ends_on": "31/03/2026",
            "phase2_starts_on": "01/10/2026",
            "phase3_starts_on": "01/06/2026",
            "phase3_ends_on": "31/12/2026",
            "units": [unit.pk],
        },
    )

    html = response.content.decode()
    assert "Ngày kết thúc rà soát phải sau ngày bắt đầu" in html
    assert "Các giai đoạn phải nối tiếp nhau" in html
    assert 'value="Đợt lỗi"' in html


def test_a_concurrent_edit_is_refused_and_kept(login, board_user, review, ward):
    from organizations.models import Role
    from tests.factories import make_user

    colleague = make_user("bxd2", ward, Role.BOARD, first_name="Lan", last_name="Phạm Thị")
    stale = form_data(review)
    login(colleague).post(
        f"/ra-soat/danh-gia/{review.pk}/sua/",
        {**form_data(review), "weak_links": "Của đồng chí Lan", "action": "save"},
    )

    response = login(board_user).post(
        f"/ra-soat/danh-gia/{review.pk}/sua/", {**stale, "weak_links": "Của tôi", "action": "save"}
    )

    html = response.content.decode()
    assert "vừa được Phạm Thị Lan sửa" in html and "Của tôi" in html
    assert Review.objects.get(pk=review.pk).weak_links == "Của đồng chí Lan"


def test_the_unit_page_shows_the_review_history(login, board_user, review, unit):
    from tests.helpers import confirm, weak_input

    confirm(review, board_user, weak_input())

    html = login(board_user).get(f"/don-vi/{unit.pk}/").content.decode()

    assert 'id="unit-reviews"' in html and "Yếu kém" in html and "1, 3" in html
