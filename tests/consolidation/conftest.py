import datetime

import pytest

from consolidation import services
from consolidation.models import Conclusion, Indicator, IndicatorGroup
from consolidation.services import CauseInput, FindingInput, GroupInput, ReviewInput, RoundDates


@pytest.fixture
def dates():
    return services.default_round_dates(2026)


@pytest.fixture
def review_round(ward, unit, other_unit, board_user, dates):
    return services.round_open(
        ward=ward,
        name="Rà soát giai đoạn 1 năm 2026",
        period="04–05/2026",
        dates=dates,
        by=board_user,
    )


@pytest.fixture
def review(review_round, unit):
    return review_round.reviews.get(unit=unit)


@pytest.fixture
def indicator():
    return lambda code: Indicator.objects.get(code=code)


@pytest.fixture
def group():
    return lambda number: IndicatorGroup.objects.get(number=number)


def weak_input(codes=("1.1", "3.4"), conclusion=Conclusion.WEAK, causes=True, severity="medium"):
    groups = sorted({int(c[0]) for c in codes})
    return ReviewInput(
        weak_aspects="Sinh hoạt chi bộ hình thức",
        weak_links="Phân công, kiểm tra",
        head_responsibility="Bí thư chịu trách nhiệm chính",
        conclusion=conclusion,
        justification="",
        findings=[
            FindingInput(Indicator.objects.get(code=c).pk, True, f"Biểu hiện điển hình {c}")
            for c in codes
        ],
        groups=[
            GroupInput(IndicatorGroup.objects.get(number=n).pk, severity=severity) for n in groups
        ],
        causes=[CauseInput(kind="subjective", text="Người đứng đầu chưa nêu gương")]
        if causes
        else [],
    )


def confirm(review, board_user, data):
    services.review_save(
        review=review, data=data, by=board_user, role="board", expected_version=None
    )
    return services.review_confirm(review=review, by=board_user)


def later_dates(year=2027):
    return RoundDates(
        starts_on=datetime.date(year, 4, 1),
        ends_on=datetime.date(year, 5, 31),
        phase2_starts_on=datetime.date(year, 6, 1),
        phase3_starts_on=datetime.date(year, 10, 1),
        phase3_ends_on=datetime.date(year, 12, 31),
    )
