"""Rounds do not rewrite the ward's figures by surprise: the dashboard and the forms read the
latest closed round unless one is chosen; closing and reopening ask first; one review of a
closed round can be reopened and corrected without reopening the round."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from consolidation.models import Review, ReviewRound, RoundStatus
from consolidation.selectors.reviews import figures_round, round_in_progress
from consolidation.services import reviews as review_services
from reporting.appendices.appendix2 import appendix2_figures
from tests.helpers import confirm, later_dates, weak_input


@pytest.fixture
def closed_round(review_round, review, board_user):
    """The 2026 round: one unit of two confirmed weak, then closed."""
    confirm(review, board_user, weak_input())
    return review_services.round_close(round_=review_round, by=board_user, unassessed_ok=True)


@pytest.fixture
def new_round(closed_round, ward, board_user):
    return review_services.round_open(
        ward=ward, name="Rà soát 2027", period="2027", dates=later_dates(), by=board_user
    )


def test_closing_with_units_not_assessed_names_how_many_and_waits(review_round, review, board_user):
    confirm(review, board_user, weak_input())

    with pytest.raises(ValidationError) as refused:
        review_services.round_close(round_=review_round, by=board_user)

    assert refused.value.messages == [review_services.CLOSE_UNASSESSED.format(count=1)]
    assert ReviewRound.objects.get(pk=review_round.pk).status == RoundStatus.OPEN
    closed = review_services.round_close(round_=review_round, by=board_user, unassessed_ok=True)
    assert closed.status == RoundStatus.CLOSED


def test_a_round_with_every_unit_assessed_closes_without_asking(
    review_round, review, board_user, other_unit
):
    confirm(review, board_user, weak_input())
    confirm(review_round.reviews.get(unit=other_unit), board_user, weak_input())

    assert review_services.round_close(round_=review_round, by=board_user).status == "closed"


def test_the_close_button_asks_first_and_names_the_count(login, board_user, review_round):
    client = login(board_user)
    url = f"/ra-soat/{review_round.pk}/ket-thuc/"

    page = client.get(url).content.decode()
    assert "Còn 2 tổ chức chưa được xác nhận đánh giá." in page
    # A post without the confirmation (an old one-click button) changes nothing.
    client.post(url)
    assert ReviewRound.objects.get(pk=review_round.pk).status == RoundStatus.OPEN

    client.post(url, {"confirm": "yes"})
    assert ReviewRound.objects.get(pk=review_round.pk).status == RoundStatus.CLOSED
    # Reopening asks too.
    assert "Mở lại đợt" in client.get(url).content.decode()
    client.post(url)
    assert ReviewRound.objects.get(pk=review_round.pk).status == RoundStatus.CLOSED
    client.post(url, {"confirm": "yes"})
    assert ReviewRound.objects.get(pk=review_round.pk).status == RoundStatus.OPEN


def test_the_figures_come_from_the_latest_closed_round_unless_one_is_chosen(
    closed_round, ward, board_user
):
    assert figures_round(ward) == closed_round  # the only round, closed
    later = review_services.round_open(
        ward=ward, name="Rà soát 2027", period="2027", dates=later_dates(), by=board_user
    )

    assert figures_round(ward) == closed_round
    assert round_in_progress(ward) == later
    assert figures_round(ward, chosen=later.pk) == later
    assert figures_round(ward, chosen="x") == closed_round
    # A past quarter's form reads the round closed by then.
    assert figures_round(ward, by=datetime.date(2026, 3, 31)) is None


def test_before_any_round_closes_the_first_one_is_shown_in_progress(review_round, ward):
    assert figures_round(ward) == review_round


def test_opening_a_round_does_not_move_phu_luc_2_or_the_dashboard(
    new_round, closed_round, ward, board_user, login
):
    from consolidation.services import quarterly as quarterly_services

    quarter = quarterly_services.quarter_ensure(ward, 2026, 4)
    figures = appendix2_figures(
        user=board_user, ward=ward, quarter=quarter, today=timezone.localdate()
    )
    assert figures["round"] == closed_round
    assert figures["reviewed"] == 1

    page = login(board_user).get("/tong-quan/").content.decode()
    assert "Số liệu rà soát: <strong>Rà soát giai đoạn 1 năm 2026</strong>" in page
    assert 'id="round-in-progress"' in page
    chosen = login(board_user).get(f"/tong-quan/?dot={new_round.pk}").content.decode()
    assert "Số liệu rà soát: <strong>Rà soát 2027</strong>" in chosen
    assert "đang rà soát – số liệu chưa chốt" in chosen


def test_one_review_of_a_closed_round_is_reopened_and_corrected_by_the_board(
    closed_round, review, board_user, secretary
):
    reopened = review_services.review_reopen(
        review=review, by=board_user, reason="Ủy ban Kiểm tra phát hiện thêm vi phạm"
    )
    assert reopened.correcting
    assert ReviewRound.objects.get(pk=closed_round.pk).status == RoundStatus.CLOSED

    # The Board corrects it; the secretary may not write in a closed round.
    review_services.review_save(
        review=reopened, data=weak_input(("1.1", "2.1")), by=board_user, expected_version=None
    )
    with pytest.raises(PermissionDenied, match="đã kết thúc"):
        review_services.review_save(
            review=reopened, data=weak_input(), by=secretary, expected_version=None
        )
    confirmed = review_services.review_confirm(
        review=Review.objects.get(pk=review.pk), by=board_user
    )
    assert not confirmed.correcting
    assert confirmed.group_numbers == [1, 2, 3]  # 2.1 added to 1.1 and 3.4
    # Confirmed again, it is read-only like the rest of the closed round.
    with pytest.raises(PermissionDenied):
        review_services.review_save(
            review=confirmed, data=weak_input(), by=board_user, expected_version=None
        )


def test_the_reopen_page_leads_to_an_edit_page_that_opens(closed_round, review, board_user, login):
    client = login(board_user)
    response = client.post(
        f"/ra-soat/danh-gia/{review.pk}/mo-lai/", {"reason": "Sửa kết luận"}, follow=True
    )

    assert response.redirect_chain[-1][0] == f"/ra-soat/danh-gia/{review.pk}/sua/"
    assert response.status_code == 200
    assert "không sửa được" not in response.content.decode()


def test_an_unconfirmed_review_of_a_closed_round_stays_read_only(
    closed_round, review_round, other_unit, board_user
):
    left = review_round.reviews.get(unit=other_unit)
    with pytest.raises(ValidationError):
        review_services.review_reopen(review=left, by=board_user, reason="Sửa")
    with pytest.raises(PermissionDenied, match="đã kết thúc"):
        review_services.review_save(
            review=left, data=weak_input(), by=board_user, expected_version=None
        )
