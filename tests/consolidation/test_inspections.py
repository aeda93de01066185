"""The Inspection Committee's records (seed 000, III.4) and the people's feedback (III.5): who
writes them, the rules of a recommendation's deadline at its edges, the early warning and the
unit's page, citing in a review, the programme, and Phụ lục 2's section II in every format."""

import datetime
import io
import zoneinfo

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from docx import Document as WordDocument
from openpyxl import load_workbook

from consolidation.models import (
    Feedback,
    FollowUp,
    IndicatorGroup,
    Inspection,
    InspectionFinding,
    InspectionKind,
    InspectionMode,
    ProgrammeItem,
    Recommendation,
    flag,
    programme_done_condition,
)
from consolidation.services import inspections as services
from consolidation.services import quarterly as quarterly_services
from reporting.appendices.appendix2 import appendix2
from reporting.dashboard.scope import scope_for
from reporting.dashboard.warnings import early_warnings
from reporting.renderers import render_document
from tests.reporting.test_renderers import pdf_text

D = datetime.date
HANOI = zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")


def at(*args):
    """A moment of the ward's clock."""
    return datetime.datetime(*args, tzinfo=HANOI)


OCTOBER_5, NOVEMBER_30 = D(2026, 10, 5), D(2026, 11, 30)


def new_inspection(ward, units, by, *, kind=InspectionKind.INSPECTION, starts_on=OCTOBER_5):
    return services.inspection_save(
        inspection=Inspection(
            ward=ward,
            kind=kind,
            mode=InspectionMode.THEMATIC,
            subject="Kiểm tra thực hiện đề án củng cố",
            starts_on=starts_on,
            conclusion="Chi bộ còn chậm ở nhóm 3.",
        ),
        units=units,
        plans=[],
        by=by,
    )


def recommend(inspection, unit, by, deadline=NOVEMBER_30):
    return services.recommendation_add(
        recommendation=Recommendation(
            inspection=inspection,
            unit=unit,
            responsible="Bí thư chi bộ",
            text="Trả lời dứt điểm đơn thư",
            deadline=deadline,
        ),
        by=by,
    )


@pytest.fixture
def inspection(ward, unit, other_unit, inspection_user):
    return new_inspection(ward, [unit, other_unit], inspection_user)


# --- who writes -----------------------------------------------------------------------------


@pytest.mark.parametrize("who", ["board_user", "standing_user", "office_user", "secretary"])
def test_only_inspection_records_inspections(request, ward, unit, who):
    with pytest.raises(PermissionDenied):
        new_inspection(ward, [unit], request.getfixturevalue(who))


def test_an_inspection_covers_a_unit_and_only_its_units_plans(
    ward, unit, other_unit, inspection_user, approved_plan
):
    with pytest.raises(ValidationError) as no_units:
        new_inspection(ward, [], inspection_user)
    assert "Chọn ít nhất một tổ chức" in str(no_units.value)

    with pytest.raises(ValidationError) as outside:
        services.inspection_save(
            inspection=Inspection(
                ward=ward, kind="inspection", mode="regular", subject="x", starts_on=D(2026, 10, 1)
            ),
            units=[other_unit],
            plans=[approved_plan],
            by=inspection_user,
        )
    assert "không thuộc các tổ chức được kiểm tra" in str(outside.value)


def test_a_recommendation_goes_to_a_covered_unit(ward, unit, inspection_user):
    from tests.factories import UnitFactory

    stranger = UnitFactory(parent=ward)
    inspection = new_inspection(ward, [unit], inspection_user)
    with pytest.raises(ValidationError) as exc:
        recommend(inspection, stranger, inspection_user)
    assert "Kiến nghị phải gửi một tổ chức được kiểm tra" in str(exc.value)


def test_concluding_needs_a_conclusion_and_fixes_findings_and_recommendations(
    ward, unit, inspection_user
):
    inspection = new_inspection(ward, [unit], inspection_user)
    inspection.conclusion = ""
    with pytest.raises(ValidationError) as exc:
        services.inspection_conclude(inspection=inspection, by=inspection_user)
    assert "Ghi kết luận" in str(exc.value)

    inspection.conclusion = "Kết luận"
    services.inspection_conclude(inspection=inspection, on=D(2026, 10, 20), by=inspection_user)
    group = IndicatorGroup.objects.get(number=1)
    with pytest.raises(ValidationError, match="đã kết luận"):
        services.finding_add(
            finding=InspectionFinding(inspection=inspection, group=group, text="x"),
            by=inspection_user,
        )
    with pytest.raises(ValidationError, match="đã kết luận"):
        recommend(inspection, unit, inspection_user)


@time_machine.travel(at(2026, 12, 5, 0, 30), tick=False)
def test_the_conclusion_date_lies_between_the_start_and_today_local(ward, unit, inspection_user):
    inspection = new_inspection(ward, [unit], inspection_user, starts_on=D(2026, 10, 5))
    with pytest.raises(ValidationError, match="Ngày kết luận phải từ ngày bắt đầu"):
        services.inspection_conclude(inspection=inspection, on=D(2026, 10, 4), by=inspection_user)
    with pytest.raises(ValidationError):
        services.inspection_conclude(inspection=inspection, on=D(2026, 12, 6), by=inspection_user)
    inspection.refresh_from_db()
    services.inspection_conclude(inspection=inspection, by=inspection_user)
    assert inspection.concluded_on == D(2026, 12, 5)  # the ward's date at 00:30, not UTC's 4/12


# --- the recommendation's deadline at its edges ---------------------------------------------


def _reasons(user, ward, day):
    return [
        (w.unit.code, r.text)
        for w in early_warnings(user, scope_for(user, ward), day)
        for r in w.reasons
        if r.kind == "recommendation"
    ]


def test_an_open_recommendation_past_its_deadline_is_overdue_the_day_after(
    ward, unit, inspection, inspection_user, board_user
):
    recommendation = recommend(inspection, unit, inspection_user, deadline=D(2026, 11, 30))
    # not concluded yet: recommendations are not yet sent, nothing is overdue
    assert _reasons(board_user, ward, D(2026, 12, 5)) == []
    services.inspection_conclude(inspection=inspection, on=D(2026, 10, 20), by=inspection_user)

    assert _reasons(board_user, ward, D(2026, 11, 30)) == []  # due today is not late
    assert _reasons(board_user, ward, D(2026, 12, 1)) == [
        ("KDC-01", "Kiến nghị kiểm tra, giám sát hạn 30/11/2026 chưa thực hiện")
    ]
    assert recommendation.is_overdue_on(D(2026, 12, 1))
    assert not recommendation.is_overdue_on(D(2026, 11, 30))
    assert Recommendation.objects.overdue_on(D(2026, 12, 1)).get() == recommendation

    services.follow_up_add(
        follow_up=FollowUp(
            recommendation=recommendation, happened_on=D(2026, 12, 2), text="Đã trả lời đơn"
        ),
        uploads=[],
        done=True,
        by=inspection_user,
    )
    recommendation.refresh_from_db()
    assert recommendation.done_on == D(2026, 12, 2)
    assert _reasons(board_user, ward, D(2026, 12, 5)) == []


def test_a_follow_up_not_done_leaves_the_recommendation_open_with_its_evidence(
    unit, inspection, inspection_user
):
    recommendation = recommend(inspection, unit, inspection_user)
    services.inspection_conclude(inspection=inspection, on=D(2026, 10, 20), by=inspection_user)
    follow_up = services.follow_up_add(
        follow_up=FollowUp(
            recommendation=recommendation, happened_on=D(2026, 11, 2), text="Đã họp chi ủy"
        ),
        uploads=[(SimpleUploadedFile("bien-ban.pdf", b"%PDF-1.4 x", "application/pdf"), "pdf")],
        done=False,
        by=inspection_user,
    )
    recommendation.refresh_from_db()
    assert recommendation.done_on is None
    assert [f.original_name for f in follow_up.files.all()] == ["bien-ban.pdf"]


def test_the_units_page_shows_its_overdue_recommendation_and_open_feedback(
    login, ward, unit, inspection, inspection_user, board_user, secretary
):
    recommend(inspection, unit, inspection_user, deadline=D(2026, 11, 30))
    services.inspection_conclude(inspection=inspection, on=D(2026, 10, 20), by=inspection_user)
    services.feedback_save(
        feedback=Feedback(
            unit=unit, source="front", received_on=D(2026, 11, 1), content="Lấn chiếm vỉa hè"
        ),
        by=board_user,
    )
    with time_machine.travel(at(2026, 12, 1, 9, 0), tick=False):
        page = login(secretary).get(f"/don-vi/{unit.pk}/").content.decode()
    assert "Trả lời dứt điểm đơn thư" in page and "quá hạn" in page
    assert "Lấn chiếm vỉa hè" in page


# --- the programme ---------------------------------------------------------------------------


def test_a_programme_item_is_done_once_an_inspection_under_it_is_concluded(
    ward, unit, inspection_user
):
    item = services.programme_item_save(
        item=ProgrammeItem(ward=ward, year=2026, quarter=4, kind="inspection", subject="Kiểm tra"),
        by=inspection_user,
    )
    done = ProgrammeItem.objects.annotate(done=flag(programme_done_condition()))
    assert not done.get(pk=item.pk).done
    inspection = new_inspection(ward, [unit], inspection_user)
    inspection.programme_item = item
    services.inspection_save(
        inspection=inspection,
        units=[unit],
        plans=[],
        by=inspection_user,
        expected_version=inspection.version,
    )
    assert not done.get(pk=item.pk).done  # under way is not done
    services.inspection_conclude(inspection=inspection, on=D(2026, 10, 20), by=inspection_user)
    assert done.get(pk=item.pk).done


def test_a_programme_quarter_is_one_to_four(ward, inspection_user):
    with pytest.raises(ValidationError):
        services.programme_item_save(
            item=ProgrammeItem(ward=ward, year=2026, quarter=5, kind="inspection", subject="x"),
            by=inspection_user,
        )


# --- citing in a review ----------------------------------------------------------------------


def test_findings_are_cited_in_a_covered_units_open_review_only(
    ward, unit, other_unit, inspection_user, board_user, secretary, review, review_round
):
    inspection = new_inspection(ward, [unit], inspection_user)
    services.inspection_cite(inspection=inspection, review=review, by=inspection_user)
    assert list(review.inspections.all()) == [inspection]

    other_review = review_round.reviews.get(unit=other_unit)
    with pytest.raises(ValidationError, match="không phải của tổ chức"):
        services.inspection_cite(inspection=inspection, review=other_review, by=board_user)
    with pytest.raises(PermissionDenied):
        services.inspection_cite(inspection=inspection, review=review, by=secretary)


def test_a_confirmed_review_takes_no_more_citations(
    ward, unit, inspection_user, confirmed_review, board_user
):
    inspection = new_inspection(ward, [unit], inspection_user)
    with pytest.raises(ValidationError, match="Đánh giá đã xác nhận"):
        services.inspection_cite(inspection=inspection, review=confirmed_review, by=board_user)
    feedback = services.feedback_save(
        feedback=Feedback(unit=unit, source="women", received_on=D(2026, 11, 1), content="x"),
        by=board_user,
    )
    with pytest.raises(ValidationError, match="Đánh giá đã xác nhận"):
        services.feedback_cite(feedback=feedback, review=confirmed_review, by=board_user)


def test_the_review_page_lists_what_was_cited(
    login, ward, unit, inspection_user, board_user, review
):
    inspection = new_inspection(ward, [unit], inspection_user)
    services.inspection_cite(inspection=inspection, review=review, by=inspection_user)
    feedback = services.feedback_save(
        feedback=Feedback(
            unit=unit, source="veterans", received_on=D(2026, 11, 1), content="Công khai quỹ"
        ),
        by=board_user,
    )
    services.feedback_cite(feedback=feedback, review=review, by=board_user)

    page = login(board_user).get(f"/ra-soat/danh-gia/{review.pk}/").content.decode()
    assert f"/kiem-tra/{inspection.pk}/" in page and "Công khai quỹ" in page


# --- the people's feedback -------------------------------------------------------------------


@pytest.mark.parametrize("who", ["inspection_user", "standing_user", "secretary"])
def test_only_the_board_and_the_front_record_feedback(request, unit, who):
    with pytest.raises(PermissionDenied):
        services.feedback_save(
            feedback=Feedback(unit=unit, source="front", received_on=D(2026, 11, 1), content="x"),
            by=request.getfixturevalue(who),
        )


def test_a_response_names_what_was_done(unit, front_user):
    feedback = services.feedback_save(
        feedback=Feedback(unit=unit, source="front", received_on=D(2026, 11, 1), content="x"),
        by=front_user,
    )
    feedback.responded_on = D(2026, 11, 20)
    with pytest.raises(ValidationError) as exc:
        services.feedback_save(feedback=feedback, by=front_user, expected_version=feedback.version)
    assert "ghi nội dung trả lời" in str(exc.value.message_dict["response"])


def test_a_feedback_form_refused_keeps_what_was_typed(login, unit, front_user):
    page = login(front_user).post(
        "/y-kien-nhan-dan/them/",
        {
            "unit": unit.pk,
            "source": "front",
            "received_on": "01/11/2026",
            "content": "Nội dung đã gõ",
            "responded_on": "20/11/2026",
        },
    )
    assert page.status_code == 200
    html = page.content.decode()
    assert "Nội dung đã gõ" in html and "ghi nội dung trả lời" in html
    assert not Feedback.objects.exists()


# --- Phụ lục 2, section II -------------------------------------------------------------------


@pytest.fixture
def quarter_records(ward, unit, inspection_user):
    """Q4/2026: two inspections and one supervision (one begun in Q3, left out), three
    recommendations, one done in the quarter and one done after it."""
    first = new_inspection(ward, [unit], inspection_user, starts_on=D(2026, 10, 5))
    second = new_inspection(ward, [unit], inspection_user, starts_on=D(2026, 12, 31))
    new_inspection(ward, [unit], inspection_user, kind="supervision", starts_on=D(2026, 11, 2))
    new_inspection(ward, [unit], inspection_user, starts_on=D(2026, 9, 30))  # Q3
    done, late, _ = (recommend(first, unit, inspection_user) for _ in range(3))
    services.inspection_conclude(inspection=first, on=D(2026, 10, 20), by=inspection_user)
    for recommendation, on in ((done, D(2026, 12, 31)), (late, D(2027, 1, 2))):
        Recommendation.objects.filter(pk=recommendation.pk).update(done_on=on)
    return first, second


SECTION_II = [
    "Số cuộc kiểm tra: 2; số cuộc giám sát: 1 (đã kết luận 1).",
    "Số kiến nghị: 3; đã thực hiện xong: 1.",
]


def test_appendix2_counts_the_quarters_inspections_in_every_format(
    login, ward, board_user, quarter_records
):
    q4 = quarterly_services.quarter_ensure(ward, 2026, 4)
    document = appendix2(user=board_user, ward=ward, quarter=q4, today=D(2027, 1, 5))

    pdf = " ".join(pdf_text(render_document(document, "pdf")).split())
    word = [p.text for p in WordDocument(io.BytesIO(render_document(document, "docx"))).paragraphs]
    sheet = load_workbook(io.BytesIO(render_document(document, "xlsx"))).active
    cells = [v for row in sheet.iter_rows(values_only=True) for v in row if isinstance(v, str)]
    with time_machine.travel(at(2027, 1, 5, 9), tick=False):
        html = login(board_user).get("/bao-cao/", {"form": "appendix2", "quarter": "2026-Q4"})
    page = " ".join(html.content.decode().split())

    for line in SECTION_II:
        assert line in pdf
        assert any(line in p for p in word)
        assert f"- {line}" in cells
        assert line in page
    assert pdf.index("CÔNG TÁC LÃNH ĐẠO, CHỈ ĐẠO") < pdf.index(SECTION_II[0])
    assert pdf.index(SECTION_II[0]) < pdf.index("KẾT QUẢ THỰC HIỆN")


def test_appendix2_of_a_past_quarter_counts_as_it_stood(ward, board_user, quarter_records):
    """Q4 read later: the recommendation done in January is not counted as done in Q4."""
    q4 = quarterly_services.quarter_ensure(ward, 2026, 4)
    text = " ".join(
        b.items[1]
        for b in appendix2(user=board_user, ward=ward, quarter=q4, today=D(2027, 3, 1)).blocks
        if getattr(b, "items", None) and b.items[0].startswith("Số cuộc kiểm tra")
    )
    assert text == SECTION_II[1]
