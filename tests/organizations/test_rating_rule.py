"""A rating's level follows its score (Quy định 366-QĐ/TW: from 90 excellent, 70–89 good,
50–69 completed, under 50 not completed): one rule, organizations.models.level_for_score,
held by the model's check that the service, the registry page and any later path go through."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from organizations.models import Rating, RatingLevel, level_for_score
from organizations.services.registry import rating_set

EDGES = [
    ("100", RatingLevel.EXCELLENT),
    ("90", RatingLevel.EXCELLENT),
    ("89.99", RatingLevel.GOOD),
    ("89.9", RatingLevel.GOOD),
    ("70", RatingLevel.GOOD),
    ("69.99", RatingLevel.COMPLETED),
    ("50", RatingLevel.COMPLETED),
    ("49.99", RatingLevel.NOT_COMPLETED),
    ("0", RatingLevel.NOT_COMPLETED),
]


@pytest.mark.parametrize(("score", "level"), EDGES)
def test_each_score_gives_its_level_at_the_edges(score, level):
    assert level_for_score(Decimal(score)) == level


@pytest.mark.parametrize(("score", "level"), EDGES)
def test_a_rating_matching_its_score_is_kept_and_every_other_level_refused(unit, score, level):
    assert rating_set(unit=unit, year=2025, level=level, score=Decimal(score)).level == level
    for other in RatingLevel.values:
        if other == level:
            continue
        with pytest.raises(ValidationError) as refused:
            rating_set(unit=unit, year=2025, level=other, score=Decimal(score))
        assert list(refused.value.message_dict) == ["level"]
    assert Rating.objects.get(unit=unit, year=2025).level == level


def test_the_refusal_names_the_score_the_level_it_gives_and_the_one_chosen(unit):
    with pytest.raises(ValidationError) as refused:
        rating_set(unit=unit, year=2025, level=RatingLevel.EXCELLENT, score=Decimal("89.90"))

    assert refused.value.message_dict["level"] == [
        "Điểm 89,9 ứng với «Hoàn thành tốt nhiệm vụ» (Quy định 366-QĐ/TW: từ 90 điểm xuất sắc, "
        "70–89 tốt, 50–69 hoàn thành, dưới 50 không hoàn thành), không phải «Hoàn thành xuất "
        "sắc nhiệm vụ»."
    ]


def test_a_rating_without_a_score_takes_any_level(unit):
    for year, level in enumerate(RatingLevel.values, start=2020):
        assert rating_set(unit=unit, year=year, level=level).score is None


def test_the_rating_page_names_the_level_field(login, board_user, unit):
    response = login(board_user).post(
        f"/don-vi/{unit.pk}/xep-loai/", {"year": 2025, "level": "excellent", "score": "75"}
    )

    html = response.content.decode()
    assert response.status_code == 200
    assert "Điểm 75 ứng với «Hoàn thành tốt nhiệm vụ»" in html
    assert 'value="75"' in html  # what was typed stays
    assert not Rating.objects.exists()
