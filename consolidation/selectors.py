"""Reads shared by the consolidation pages, reports and commands. Every list starts from
the registry's `units_visible_to`."""

from dataclasses import dataclass, field

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet

from organizations.models import Unit
from organizations.selectors import units_visible_to, ward_of

from .models import (
    NEEDS_CONSOLIDATION,
    Conclusion,
    Finding,
    GroupAssessment,
    Review,
    ReviewRound,
    ReviewState,
    SuggestionState,
)


def reviews_visible_to(user) -> QuerySet[Review]:
    return Review.objects.filter(unit__in=units_visible_to(user))


def rounds_visible_to(user) -> QuerySet[ReviewRound]:
    """Rounds of the user's ward; a secretary sees the rounds that cover their units."""
    ward = ward_of(user)
    if ward is None:
        return ReviewRound.objects.none()
    rounds = ReviewRound.objects.filter(ward=ward)
    visible = units_visible_to(user)
    if not visible.filter(pk=ward.pk).exists():
        rounds = rounds.filter(reviews__unit__in=visible).distinct()
    return rounds


def with_review_details(reviews: QuerySet[Review]) -> QuerySet[Review]:
    """Prefetch what the lists show: present findings with their groups, group assessments."""
    return reviews.select_related("unit", "round").prefetch_related(
        Prefetch(
            "findings",
            queryset=Finding.objects.filter(present=True).select_related("indicator__group"),
        ),
        Prefetch("group_assessments", queryset=GroupAssessment.objects.select_related("group")),
    )


def in_group(number: int):
    return Exists(
        Finding.objects.filter(review=OuterRef("pk"), present=True, indicator__group__number=number)
    )


@dataclass
class BoardFilters:
    state: str = ""
    conclusion: str = ""
    group: int | None = None
    bloc: str = ""
    flag: str = ""  # prolonged | suggested


def round_board(round_: ReviewRound, user, filters: BoardFilters) -> QuerySet[Review]:
    reviews = round_.reviews.filter(unit__in=units_visible_to(user))
    if filters.state:
        reviews = reviews.filter(state=filters.state)
    if filters.conclusion:
        reviews = reviews.filter(conclusion=filters.conclusion)
    if filters.group:
        reviews = reviews.filter(in_group(filters.group))
    if filters.bloc:
        reviews = reviews.filter(unit__bloc=filters.bloc)
    if filters.flag == "prolonged":
        reviews = reviews.filter(is_prolonged=True)
    elif filters.flag == "suggested":
        reviews = reviews.filter(suggestion_state=SuggestionState.PENDING)
    return reviews.order_by("unit__sort_key", "unit__code")


def signs_of_weakness() -> Q:
    """A unit shows signs of weakness in a round when an indicator is marked (added by the
    caller), the Board concluded anything but "không thuộc diện", or a "có nguy cơ"
    suggestion stands."""
    return Q(conclusion__in=[Conclusion.WEAK, Conclusion.COMPLEX, Conclusion.AT_RISK]) | Q(
        suggestion_state__in=[SuggestionState.PENDING, SuggestionState.ACCEPTED]
    )


@dataclass
class RoundCounts:
    units: int = 0
    by_state: dict[str, int] = field(default_factory=dict)
    by_conclusion: dict[str, int] = field(default_factory=dict)
    reviewed: int = 0  # confirmed: Phụ lục 2, III.1 "Tổng số TCCSĐ được rà soát"
    needing_consolidation: int = 0  # confirmed yếu kém or có vấn đề
    by_group: dict[int, int] = field(default_factory=dict)  # among those needing consolidation
    in_two_or_more_groups: int = 0
    prolonged: int = 0
    suggested: int = 0
    with_signs: int = 0
    with_signs_reviewed: int = 0

    @property
    def signs_reviewed_ratio(self) -> float | None:
        return self.with_signs_reviewed / self.with_signs if self.with_signs else None


def round_counts(round_: ReviewRound, reviews: QuerySet[Review] | None = None) -> RoundCounts:
    """The round's figures in a fixed number of queries, whatever its size."""
    reviews = round_.reviews.all() if reviews is None else reviews
    counts = RoundCounts()
    for row in reviews.values("state").annotate(n=Count("pk")):
        counts.by_state[row["state"]] = row["n"]
        counts.units += row["n"]
    confirmed = reviews.filter(state=ReviewState.CONFIRMED)
    for row in confirmed.values("conclusion").annotate(n=Count("pk")):
        counts.by_conclusion[row["conclusion"]] = row["n"]
    counts.reviewed = counts.by_state.get(ReviewState.CONFIRMED, 0)
    needing = confirmed.filter(conclusion__in=NEEDS_CONSOLIDATION)
    g1, g2, g3 = (Q(in_group(n)) for n in (1, 2, 3))
    grouped = needing.aggregate(
        total=Count("pk"),
        g1=Count("pk", filter=g1),
        g2=Count("pk", filter=g2),
        g3=Count("pk", filter=g3),
        multi=Count("pk", filter=(g1 & g2) | (g1 & g3) | (g2 & g3)),
    )
    counts.needing_consolidation = grouped["total"]
    counts.by_group = {1: grouped["g1"], 2: grouped["g2"], 3: grouped["g3"]}
    counts.in_two_or_more_groups = grouped["multi"]
    has_indicator = Q(Exists(Finding.objects.filter(review=OuterRef("pk"), present=True)))
    signs = has_indicator | signs_of_weakness()
    flags = reviews.aggregate(
        prolonged=Count("pk", filter=Q(is_prolonged=True)),
        suggested=Count(
            "pk",
            filter=Q(suggestion_state=SuggestionState.PENDING) & ~Q(state=ReviewState.CONFIRMED),
        ),
        with_signs=Count("pk", filter=signs),
        with_signs_reviewed=Count("pk", filter=signs & Q(state=ReviewState.CONFIRMED)),
    )
    counts.prolonged = flags["prolonged"]
    counts.suggested = flags["suggested"]
    counts.with_signs = flags["with_signs"]
    counts.with_signs_reviewed = flags["with_signs_reviewed"]
    return counts


def unit_review_history(unit: Unit) -> list[Review]:
    """Each round's review of the unit, oldest round first, to see it get better or worse."""
    return list(with_review_details(unit.reviews.all()).order_by("round__starts_on", "round__pk"))


def latest_round(ward: Unit) -> ReviewRound | None:
    return ReviewRound.objects.filter(ward=ward).order_by("-starts_on", "-pk").first()
