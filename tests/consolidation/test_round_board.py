import re

from consolidation.models import Conclusion
from consolidation.selectors.reviews import round_counts
from consolidation.services import reviews as review_services
from tests.factories import UnitFactory
from tests.helpers import confirm, weak_input


def _board(client, round_, **params):
    html = client.get(f"/ra-soat/{round_.pk}/", params).content.decode()
    rows = re.findall(r'<tr data-unit="([^"]+)">', html)
    return html, rows


def test_counts_feed_appendix_2(review_round, board_user, ward):
    reviews = {r.unit.code: r for r in review_round.reviews.select_related("unit")}
    confirm(reviews["KDC-01"], board_user, weak_input(("1.1", "3.4")))  # two groups
    confirm(reviews["KDC-02"], board_user, weak_input(("2.2",), conclusion=Conclusion.COMPLEX))

    counts = round_counts(review_round)

    assert counts.reviewed == 2
    assert counts.needing_consolidation == 2
    assert counts.by_group == {1: 1, 2: 1, 3: 1}  # KDC-01 counts in Nhóm 1 and in Nhóm 3
    assert counts.in_two_or_more_groups == 1


def test_signs_of_weakness_reviewed_progress(review_round, board_user):
    reviews = list(review_round.reviews.select_related("unit").order_by("unit__code"))
    review_services.review_save(
        review=reviews[0], data=weak_input(), by=board_user, expected_version=None
    )
    review_services.review_save(
        review=reviews[1],
        data=weak_input(("2.1",)),
        by=board_user,
        expected_version=None,
    )
    assert round_counts(review_round).signs_reviewed_ratio == 0

    confirm(reviews[0], board_user, weak_input())

    counts = round_counts(review_round)
    assert (counts.with_signs_reviewed, counts.with_signs) == (1, 2)
    assert counts.signs_reviewed_ratio == 0.5


def test_the_board_page_says_a_unit_in_two_groups_counts_in_both(login, board_user, review_round):
    review = review_round.reviews.get(unit__code="KDC-01")
    confirm(review, board_user, weak_input(("1.1", "3.4")))

    html, rows = _board(login(board_user), review_round)

    assert 'id="count-group-1">1<' in html and 'id="count-group-3">1<' in html
    assert "Một tổ chức thuộc nhiều nhóm được tính ở mỗi nhóm" in html
    assert rows == ["KDC-01", "KDC-02"]


def test_board_filters(login, board_user, review_round):
    confirm(review_round.reviews.get(unit__code="KDC-01"), board_user, weak_input(("1.1", "3.4")))
    client = login(board_user)

    assert _board(client, review_round, group=3)[1] == ["KDC-01"]
    assert _board(client, review_round, group=2)[1] == []
    assert _board(client, review_round, state="not_started")[1] == ["KDC-02"]
    assert _board(client, review_round, conclusion="weak")[1] == ["KDC-01"]
    assert _board(client, review_round, bloc="police")[1] == []


def test_secretaries_do_not_see_the_board(login, secretary, review_round):
    assert login(secretary).get(f"/ra-soat/{review_round.pk}/").status_code == 403


def test_another_wards_board_is_not_found(login, outsider, review_round):
    assert login(outsider).get(f"/ra-soat/{review_round.pk}/").status_code == 404


def _round_with(ward, board_user, count):
    for n in range(count):
        UnitFactory(code=f"Q-{count}-{n:03d}", name=f"Chi bộ số {n}", parent=ward)
    round_ = review_services.round_open(
        ward=ward,
        name=f"Đợt {count}",
        period="2026",
        dates=review_services.default_round_dates(2026 + count),
        by=board_user,
    )
    for review in list(round_.reviews.all())[:: max(1, count // 5)]:
        confirm(review, board_user, weak_input(("1.1", "2.2", "3.4")))
    return round_


ROUND_BOARD_QUERIES = 15


def test_the_board_makes_the_same_queries_for_10_and_200_units(
    login, board_user, ward, django_assert_max_num_queries
):
    client = login(board_user)
    small = _round_with(ward, board_user, 10)
    large = _round_with(ward, board_user, 200)

    with django_assert_max_num_queries(ROUND_BOARD_QUERIES) as few:
        assert client.get(f"/ra-soat/{small.pk}/").status_code == 200
    with django_assert_max_num_queries(len(few)):
        assert client.get(f"/ra-soat/{large.pk}/").status_code == 200
