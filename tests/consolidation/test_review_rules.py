"""The review rules, enforced in services (seed 000, II, IV.1, V.1; the reviews issue)."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from consolidation.access import can_edit_review, require_review_editor
from consolidation.models import (
    Conclusion,
    Review,
    ReviewEvent,
    ReviewState,
    SuggestionState,
)
from consolidation.services import plans as plan_services
from consolidation.services import reviews as review_services
from organizations.models import Rating, RatingLevel
from tests.factories import UnitFactory
from tests.helpers import confirm, later_dates, weak_input


def test_a_round_covers_every_active_grassroots_unit_by_default(
    ward, unit, other_unit, board_user, dates
):
    from organizations.services.registry import unit_dissolve

    dissolved = UnitFactory(code="OLD", name="Chi bộ cũ", parent=ward)
    unit_dissolve(unit=dissolved, on=datetime.date(2026, 1, 1), reason="Sáp nhập")
    UnitFactory(code="KDC-01-T1", name="Tổ đảng 1", parent=unit)

    round_ = review_services.round_open(
        ward=ward, name="2026", period="04–05/2026", dates=dates, by=board_user
    )

    assert set(round_.reviews.values_list("unit__code", flat=True)) == {"KDC-01", "KDC-02"}


def test_groups_are_derived_from_the_indicators(review, board_user):
    review_services.review_save(
        review=review,
        data=weak_input(("1.2", "3.1", "3.4")),
        by=board_user,
        expected_version=None,
    )

    assert Review.objects.get(pk=review.pk).group_numbers == [1, 3]


def test_weak_needs_an_indicator(review, board_user):
    with pytest.raises(ValidationError) as exc:
        confirm(review, board_user, weak_input(codes=()))

    assert review_services.NEEDS_INDICATOR.format(conclusion="Yếu kém") in exc.value.messages


def test_complex_needs_a_cause(review, board_user):
    with pytest.raises(ValidationError) as exc:
        confirm(review, board_user, weak_input(conclusion=Conclusion.COMPLEX, causes=False))

    assert (
        review_services.NEEDS_CAUSE.format(conclusion="Có vấn đề phức tạp cần quan tâm")
        in exc.value.messages
    )
    assert Review.objects.get(pk=review.pk).state == ReviewState.IN_REVIEW


@pytest.mark.parametrize(
    "conclusion, kinds, refused",
    [
        (Conclusion.WEAK, ["objective"], True),
        (Conclusion.WEAK, ["objective", "objective"], True),
        (Conclusion.WEAK, ["objective", "subjective"], False),
        (Conclusion.WEAK, ["subjective"], False),
        (Conclusion.COMPLEX, ["objective"], False),  # the seed's rule is for yếu kém
    ],
)
def test_weak_with_only_objective_causes_is_refused(review, board_user, conclusion, kinds, refused):
    data = weak_input(conclusion=conclusion)
    data.causes = [
        review_services.CauseInput(kind=k, text=f"Nguyên nhân {i}") for i, k in enumerate(kinds)
    ]

    if refused:
        with pytest.raises(ValidationError) as exc:
            confirm(review, board_user, data)
        assert review_services.NEEDS_SUBJECTIVE_CAUSE.format(count=len(kinds)) in exc.value.messages
        assert Review.objects.get(pk=review.pk).state != ReviewState.CONFIRMED
    else:
        assert confirm(review, board_user, data).state == ReviewState.CONFIRMED


def test_not_needed_with_indicators_needs_a_justification(review, board_user):
    data = weak_input(conclusion=Conclusion.NOT_NEEDED, causes=False)

    with pytest.raises(ValidationError) as exc:
        confirm(review, board_user, data)
    assert review_services.NEEDS_JUSTIFICATION.format(count=2) in exc.value.messages

    data.justification = "Các biểu hiện đã được khắc phục ngay trong đợt."
    assert confirm(review, board_user, data).state == ReviewState.CONFIRMED


def test_a_present_indicator_needs_its_manifestation_and_groups_their_severity(review, board_user):
    data = weak_input(severity="")
    data.findings[0].manifestation = ""

    with pytest.raises(ValidationError) as exc:
        confirm(review, board_user, data)

    assert review_services.NEEDS_MANIFESTATION.format(code="1.1") in exc.value.messages
    assert review_services.NEEDS_SEVERITY.format(number=1) in exc.value.messages
    assert review_services.NEEDS_SEVERITY.format(number=3) in exc.value.messages


def test_a_conclusion_is_needed(review, board_user):
    with pytest.raises(ValidationError, match="Chưa chọn kết luận"):
        confirm(review, board_user, weak_input(conclusion=""))


def test_a_confirmed_review_is_locked(review, board_user):
    confirm(review, board_user, weak_input())

    with pytest.raises(PermissionDenied, match="đã được xác nhận"):
        review_services.review_save(
            review=review, data=weak_input(), by=board_user, expected_version=None
        )


def test_reopening_needs_a_reason_and_keeps_both_versions(review, board_user):
    confirm(review, board_user, weak_input(("1.1",)))

    with pytest.raises(ValidationError):
        review_services.review_reopen(review=review, by=board_user, reason="  ")
    review_services.review_reopen(
        review=review, by=board_user, reason="Bổ sung biểu hiện nhóm 3 sau kiểm tra"
    )
    confirm(review, board_user, weak_input(("1.1", "3.4")))

    confirmations = ReviewEvent.objects.filter(review=review, kind="confirmed").order_by("at", "pk")
    assert [e.snapshot["groups"] for e in confirmations] == [[1], [1, 3]]
    reopened = ReviewEvent.objects.get(review=review, kind="reopened")
    assert reopened.reason == "Bổ sung biểu hiện nhóm 3 sau kiểm tra" and reopened.by == board_user
    assert review.history.filter(
        history_change_reason="Bổ sung biểu hiện nhóm 3 sau kiểm tra"
    ).exists()


def test_only_the_board_reopens(review, board_user, login, standing_user, secretary):
    confirm(review, board_user, weak_input())
    for user in (standing_user, secretary):
        response = login(user).post(f"/ra-soat/danh-gia/{review.pk}/mo-lai/", {"reason": "x"})
        assert response.status_code == 403
    assert Review.objects.get(pk=review.pk).state == ReviewState.CONFIRMED


def test_weak_twice_in_a_row_is_prolonged_weakness(review, board_user, ward, unit):
    confirm(review, board_user, weak_input())
    later = review_services.round_open(
        ward=ward, name="Đợt 2027", period="2027", dates=later_dates(), by=board_user
    )
    again = later.reviews.get(unit=unit)

    confirm(again, board_user, weak_input())

    assert Review.objects.get(pk=again.pk).is_prolonged
    assert not Review.objects.get(pk=review.pk).is_prolonged


def test_weak_then_complex_is_not_prolonged(review, board_user, ward, unit):
    confirm(review, board_user, weak_input())
    later = review_services.round_open(
        ward=ward, name="Đợt 2027", period="2027", dates=later_dates(), by=board_user
    )
    again = later.reviews.get(unit=unit)

    confirm(again, board_user, weak_input(conclusion=Conclusion.COMPLEX))

    assert not Review.objects.get(pk=again.pk).is_prolonged


def test_a_skipped_round_breaks_the_chain(review, board_user, ward, unit):
    confirm(review, board_user, weak_input())
    middle = review_services.round_open(
        ward=ward, name="2027", period="2027", dates=later_dates(2027), by=board_user
    )
    confirm(
        middle.reviews.get(unit=unit),
        board_user,
        weak_input(conclusion=Conclusion.NOT_NEEDED, codes=(), causes=False),
    )
    last = review_services.round_open(
        ward=ward, name="2028", period="2028", dates=later_dates(2028), by=board_user
    )
    final = last.reviews.get(unit=unit)

    confirm(final, board_user, weak_input())

    assert not Review.objects.get(pk=final.pk).is_prolonged


def test_reopening_the_earlier_review_updates_the_flag(review, board_user, ward, unit):
    confirm(review, board_user, weak_input())
    later = review_services.round_open(
        ward=ward, name="2027", period="2027", dates=later_dates(), by=board_user
    )
    again = later.reviews.get(unit=unit)
    confirm(again, board_user, weak_input())

    review_services.review_reopen(review=review, by=board_user, reason="Kết luận lại")

    assert not Review.objects.get(pk=again.pk).is_prolonged
    confirm(review, board_user, weak_input())
    assert Review.objects.get(pk=again.pk).is_prolonged


def test_a_failed_rating_in_the_last_three_years_suggests_at_risk(
    ward, unit, other_unit, board_user, dates
):
    Rating.objects.create(unit=unit, year=2024, level=RatingLevel.NOT_COMPLETED)
    Rating.objects.create(unit=unit, year=2025, level=RatingLevel.GOOD)
    # other_unit failed four years ago: older than its last three ratings.
    for year, level in [(2021, "not_completed"), (2022, "good"), (2023, "good"), (2024, "good")]:
        Rating.objects.create(unit=other_unit, year=year, level=level)

    round_ = review_services.round_open(
        ward=ward, name="2026", period="04–05/2026", dates=dates, by=board_user
    )

    suggested = round_.reviews.get(unit=unit)
    assert suggested.suggestion_state == SuggestionState.PENDING
    assert suggested.suggestion_reasons == ["Xếp loại «Không hoàn thành nhiệm vụ» năm 2024"]
    assert suggested.conclusion == ""  # a suggestion, never automatic
    assert round_.reviews.get(unit=other_unit).suggestion_state == ""


def test_the_board_accepts_or_dismisses_a_suggestion(ward, unit, other_unit, board_user, dates):
    for u in (unit, other_unit):
        Rating.objects.create(unit=u, year=2025, level=RatingLevel.NOT_COMPLETED)
    round_ = review_services.round_open(
        ward=ward, name="2026", period="04–05/2026", dates=dates, by=board_user
    )
    accepted, dismissed = round_.reviews.get(unit=unit), round_.reviews.get(unit=other_unit)

    review_services.suggestion_accept(review=accepted, by=board_user)
    review_services.suggestion_dismiss(review=dismissed, by=board_user, reason="Đã khắc phục")

    accepted.refresh_from_db()
    dismissed.refresh_from_db()
    assert accepted.conclusion == Conclusion.AT_RISK and accepted.state == ReviewState.IN_REVIEW
    assert dismissed.suggestion_state == SuggestionState.DISMISSED and dismissed.conclusion == ""


def test_a_secretary_cannot_set_the_conclusion(review, secretary):
    data = weak_input()
    data.conclusion = None  # the form does not even offer it to secretaries

    review_services.review_save(review=review, data=data, by=secretary, expected_version=None)
    review_services.review_submit(review=review, by=secretary)

    review.refresh_from_db()
    assert review.conclusion == "" and review.state == ReviewState.SELF_ASSESSED


def test_a_secretary_cannot_edit_once_the_board_has_it(review, board_user, secretary):
    review_services.review_save(
        review=review, data=weak_input(), by=board_user, expected_version=None
    )

    with pytest.raises(PermissionDenied, match="đang thẩm định"):
        review_services.review_save(
            review=review, data=weak_input(), by=secretary, expected_version=None
        )


def test_a_closed_round_is_read_only(review, review_round, board_user):
    review_services.round_close(round_=review_round, by=board_user, unassessed_ok=True)

    with pytest.raises(PermissionDenied, match="đã kết thúc"):
        review_services.review_save(
            review=review, data=weak_input(), by=board_user, expected_version=None
        )


def test_consolidation_starts_only_from_a_confirmed_weak_or_complex_review(review, board_user):
    with pytest.raises(ValidationError):
        plan_services.plan_create_from_review(review=review, by=board_user)

    confirm(review, board_user, weak_input())
    plan_services.plan_create_from_review(review=review, by=board_user)

    assert Review.objects.get(pk=review.pk).consolidation_started_at is not None


def test_causes_are_kept_subjective_first(review, board_user):
    from consolidation.services.reviews import CauseInput

    data = weak_input()
    data.causes = [
        CauseInput(kind="objective", text="Địa bàn rộng"),
        CauseInput(kind="subjective", text="Bí thư chưa sâu sát"),
    ]
    review_services.review_save(review=review, data=data, by=board_user, expected_version=None)

    assert [c.kind for c in review.causes.all()] == ["subjective", "objective"]


BOARD_ACTIONS = {
    "round_close": lambda review, by: review_services.round_close(
        round_=review.round, by=by, unassessed_ok=True
    ),
    "round_reopen": lambda review, by: review_services.round_reopen(round_=review.round, by=by),
    "review_confirm": lambda review, by: review_services.review_confirm(review=review, by=by),
    "review_reopen": lambda review, by: review_services.review_reopen(
        review=review, by=by, reason="Bổ sung"
    ),
    "suggestion_accept": lambda review, by: review_services.suggestion_accept(review=review, by=by),
    "suggestion_dismiss": lambda review, by: review_services.suggestion_dismiss(
        review=review, by=by
    ),
    "round_open": lambda review, by: review_services.round_open(
        ward=review.round.ward, name="Đợt mới", period="2027", dates=later_dates(), by=by
    ),
}


@pytest.mark.parametrize("action", BOARD_ACTIONS)
@pytest.mark.parametrize("who", ["standing_user", "secretary", "office_user"])
def test_the_boards_decisions_are_refused_to_anyone_else_in_the_service(
    request, review, action, who
):
    user = request.getfixturevalue(who)
    review_services.review_save(
        review=review,
        data=weak_input(),
        by=request.getfixturevalue("board_user"),
        expected_version=None,
    )

    with pytest.raises(PermissionDenied):
        BOARD_ACTIONS[action](review, user)


@pytest.mark.parametrize("who", ["standing_user", "inspection_user", "office_user"])
def test_only_the_secretary_and_the_board_write_a_review(request, review, who):
    with pytest.raises(PermissionDenied, match="Chỉ bí thư"):
        review_services.review_save(
            review=review, data=weak_input(), by=request.getfixturevalue(who), expected_version=None
        )


@pytest.mark.parametrize("state", list(ReviewState))
@pytest.mark.parametrize("who", ["board_user", "secretary", "standing_user"])
def test_the_review_page_offers_editing_exactly_when_the_service_allows_it(
    request, review, state, who
):
    user = request.getfixturevalue(who)
    if state == ReviewState.CONFIRMED:
        confirm(review, request.getfixturevalue("board_user"), weak_input())
    else:
        Review.objects.filter(pk=review.pk).update(state=state)
    review.refresh_from_db()
    try:
        require_review_editor(review, user)
        allowed = True
    except PermissionDenied:
        allowed = False

    assert can_edit_review(user, review) is allowed
    expected = (who == "board_user" and state != ReviewState.CONFIRMED) or (
        who == "secretary" and state in (ReviewState.NOT_STARTED, ReviewState.SELF_ASSESSED)
    )
    assert allowed is expected
