"""Confirming many reviews at once from the round board: each is checked as one confirmed
alone; 20 ticked with two that cannot be confirmed confirms 18 and names the two."""

import pytest

from consolidation.models import Conclusion, ReviewState
from consolidation.services import reviews as review_services
from tests.factories import UnitFactory
from tests.helpers import weak_input


@pytest.fixture
def twenty(ward, unit, other_unit, board_user, dates):
    for number in range(3, 21):
        UnitFactory(code=f"KDC-{number:02}", name=f"Chi bộ Khu dân cư số {number}", parent=ward)
    round_ = review_services.round_open(
        ward=ward, name="Rà soát 2026", period="04–05/2026", dates=dates, by=board_user
    )
    reviews = list(round_.reviews.select_related("unit").order_by("unit__code"))
    assert len(reviews) == 20
    for review in reviews:
        if review.unit.code == "KDC-07":  # weak, but no cause written
            data = weak_input(causes=False)
        elif review.unit.code == "KDC-13":  # left without a conclusion
            continue
        else:
            data = weak_input((), conclusion=Conclusion.NOT_NEEDED, causes=False)
        review_services.review_save(review=review, data=data, by=board_user, expected_version=None)
    return round_


def test_twenty_ticked_with_two_invalid_confirms_eighteen_and_names_the_two(
    login, twenty, board_user
):
    ids = list(twenty.reviews.values_list("pk", flat=True))
    response = login(board_user).post(f"/ra-soat/{twenty.pk}/xac-nhan-nhieu/", {"review": ids})

    assert response.status_code == 200
    confirmed = twenty.reviews.filter(state=ReviewState.CONFIRMED)
    assert confirmed.count() == 18
    assert set(
        twenty.reviews.exclude(state=ReviewState.CONFIRMED).values_list("unit__code", flat=True)
    ) == {
        "KDC-07",
        "KDC-13",
    }
    html = " ".join(response.content.decode().split())
    refused = html[html.index('id="refused"') :]
    refused = refused[: refused.index("</ul>")]
    assert "Chi bộ Khu dân cư số 7" in refused and "Chi bộ Khu dân cư số 13" in refused
    assert review_services.NEEDS_CONCLUSION in refused
    assert "Chi bộ Khu dân cư số 8" not in refused
    assert "Đã xác nhận 18; 2 đánh giá chưa xác nhận được" in html


def test_only_the_board_confirms_and_only_its_own_wards_reviews(
    login, twenty, standing_user, outsider
):
    ids = list(twenty.reviews.values_list("pk", flat=True))
    assert (
        login(standing_user)
        .post(f"/ra-soat/{twenty.pk}/xac-nhan-nhieu/", {"review": ids})
        .status_code
        == 403
    )
    assert (
        login(outsider).post(f"/ra-soat/{twenty.pk}/xac-nhan-nhieu/", {"review": ids}).status_code
        == 404
    )
    assert not twenty.reviews.filter(state=ReviewState.CONFIRMED).exists()


def test_the_board_accepts_several_reports_and_a_draft_ticked_by_hand_is_named(
    login, ward, unit, other_unit, secretary, other_secretary, board_user, approved_plan
):
    from consolidation.models import UpdateState
    from consolidation.services import quarterly as quarterly_services
    from tests.helpers import fill_update, make_plan

    quarter = quarterly_services.quarter_ensure(ward, 2026, 4)
    sent = quarterly_services.update_for(plan=approved_plan, quarter=quarter)
    fill_update(sent, secretary)
    quarterly_services.update_submit(update=sent, by=secretary)
    draft = quarterly_services.update_for(plan=make_plan(other_unit), quarter=quarter)

    response = login(board_user).post(
        "/bao-cao-quy/tiep-nhan-nhieu/", {"update": [sent.pk, draft.pk]}
    )

    assert response.status_code == 200
    sent.refresh_from_db()
    draft.refresh_from_db()
    assert sent.state == UpdateState.ACCEPTED and draft.state == UpdateState.DRAFT
    html = " ".join(response.content.decode().split())
    refused = html[html.index('id="refused"') :]
    assert "Chi bộ Khu dân cư số 2" in refused[: refused.index("</ul>")]
    assert (
        login(secretary).post("/bao-cao-quy/tiep-nhan-nhieu/", {"update": [sent.pk]}).status_code
        == 403
    )


def test_the_board_gives_many_units_one_committee_member(
    login, board_user, unit, other_unit, secretary
):
    from organizations.models import Unit

    client = login(board_user)
    refused = client.post("/don-vi/giao-phu-trach/", {"unit": [unit.pk], "committee_member": " "})
    assert refused.status_code == 302
    assert Unit.objects.get(pk=unit.pk).committee_member == ""

    client.post(
        "/don-vi/giao-phu-trach/",
        {"unit": [unit.pk, other_unit.pk], "committee_member": "Trần  Văn Minh"},
    )
    assert set(
        Unit.objects.filter(pk__in=[unit.pk, other_unit.pk]).values_list(
            "committee_member", flat=True
        )
    ) == {"Trần Văn Minh"}
    assert (
        login(secretary)
        .post("/don-vi/giao-phu-trach/", {"unit": [unit.pk], "committee_member": "X"})
        .status_code
        == 403
    )


def test_the_board_reminds_the_chosen_units_secretaries_only(
    login, board_user, unit, other_unit, secretary, other_secretary
):
    from consolidation.models import Notice, NoticeKind

    login(board_user).post(
        "/bao-cao-quy/nhac-viec/", {"unit": [unit.pk], "text": "Nộp báo cáo trước ngày 10/12."}
    )
    notice = Notice.objects.get()
    assert notice.recipient == secretary and notice.kind == NoticeKind.REMINDER
    assert "Nộp báo cáo trước ngày 10/12." in notice.text
    login(board_user).post("/bao-cao-quy/nhac-viec/", {"unit": [unit.pk], "text": ""})
    assert Notice.objects.count() == 1  # nothing to say, nothing sent
    assert (
        login(secretary)
        .post("/bao-cao-quy/nhac-viec/", {"unit": [other_unit.pk], "text": "x"})
        .status_code
        == 403
    )
