"""Consolidation data for the synthetic city of generate_scale_data: for each ward, a
review round over all its grassroots units, most confirmed, one in five with indicators."""

import datetime

from django.utils import timezone

from organizations.models import Unit

from .models import (
    Conclusion,
    Finding,
    GroupAssessment,
    Indicator,
    IndicatorGroup,
    Review,
    ReviewRound,
    ReviewState,
)
from .services import default_round_dates


def generate(*, city, rng, stdout) -> None:
    indicators = list(Indicator.objects.select_related("group"))
    groups = {g.number: g for g in IndicatorGroup.objects.all()}
    now = timezone.now()
    for ward in city.wards:
        dates = default_round_dates(2026)
        round_ = ReviewRound.objects.create(
            ward=ward,
            name="Rà soát giai đoạn 1 năm 2026",
            period="04–05/2026",
            starts_on=dates.starts_on,
            ends_on=dates.ends_on,
            phase2_starts_on=dates.phase2_starts_on,
            phase3_starts_on=dates.phase3_starts_on,
            phase3_ends_on=dates.phase3_ends_on,
        )
        reviews = []
        for unit in Unit.objects.grassroots_of(ward).only("pk"):
            weak = rng.random() < 0.2
            confirmed = rng.random() < 0.9
            conclusion = (
                rng.choice([Conclusion.WEAK, Conclusion.COMPLEX, Conclusion.AT_RISK])
                if weak
                else Conclusion.NOT_NEEDED
            )
            reviews.append(
                Review(
                    round=round_,
                    unit=unit,
                    state=ReviewState.CONFIRMED if confirmed else ReviewState.IN_REVIEW,
                    conclusion=conclusion if confirmed or weak else "",
                    confirmed_at=now if confirmed else None,
                )
            )
        Review.objects.bulk_create(reviews, batch_size=2000)
        findings, assessments = [], []
        for review in Review.objects.filter(round=round_).exclude(conclusion=Conclusion.NOT_NEEDED):
            chosen = rng.sample(indicators, 3)
            for indicator in chosen:
                findings.append(
                    Finding(
                        review=review,
                        indicator=indicator,
                        present=True,
                        manifestation="Biểu hiện thử nghiệm",
                    )
                )
            for number in {i.group.number for i in chosen}:
                assessments.append(
                    GroupAssessment(
                        review=review,
                        group=groups[number],
                        severity=rng.choice(["light", "medium", "serious"]),
                    )
                )
        Finding.objects.bulk_create(findings, batch_size=2000)
        GroupAssessment.objects.bulk_create(assessments, batch_size=2000)
    stdout.write(f"Rà soát: {len(city.wards)} đợt ({datetime.date.today():%d/%m/%Y}).")
