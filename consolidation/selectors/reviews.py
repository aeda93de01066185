"""Reads of review rounds and reviews: the round's board and its filters, the figures of a
round in a fixed number of queries, a unit's history."""

import datetime
from dataclasses import dataclass, field

from django.db.models import (
    BooleanField,
    Case,
    Count,
    Exists,
    ExpressionWrapper,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Value,
    When,
)

from config.ids import as_id
from organizations.models import Unit
from organizations.selectors import units_visible_to, ward_of
from organizations.types import Viewer

from ..models import (
    APPROVED_STATUSES,
    NEEDS_CONSOLIDATION,
    Conclusion,
    Finding,
    GroupAssessment,
    Review,
    ReviewRound,
    ReviewState,
    RoundStatus,
    SuggestionState,
)


def rounds_visible_to(user: Viewer) -> QuerySet[ReviewRound]:
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


def in_group(number: int) -> Exists:
    return Exists(
        Finding.objects.filter(review=OuterRef("pk"), present=True, indicator__group__number=number)
    )


@dataclass
class BoardFilters:
    state: str = ""
    conclusion: str = ""
    group: int | None = None
    bloc: str = ""
    flag: str = ""  # one of BOARD_FLAGS
    under: Unit | None = None  # a đảng bộ cơ sở: its subtree only
    groups: str = ""  # exactly these groups, e.g. "13"


BOARD_FLAGS = {
    "prolonged": "Yếu kém kéo dài",
    "suggested": "Gợi ý «có nguy cơ» chờ xem xét",
    "signs": "Có dấu hiệu yếu kém",
    "signs_pending": "Có dấu hiệu nhưng chưa xác nhận",
    "needs": "Cần củng cố (yếu kém, có vấn đề)",
    "no_plan": "Cần củng cố nhưng đề án/kế hoạch chưa được duyệt",
    "multi": "Cần củng cố, thuộc từ 2 nhóm trở lên",
    "unconfirmed": "Chưa xác nhận kết luận",
}


def with_signs_of_weakness() -> Q:
    """Signs of weakness: an indicator marked, or signs_of_weakness()."""
    return Q(Exists(Finding.objects.filter(review=OuterRef("pk"), present=True))) | (
        signs_of_weakness()
    )


def needing_consolidation() -> Q:
    return Q(state=ReviewState.CONFIRMED, conclusion__in=NEEDS_CONSOLIDATION)


def plan_approved() -> Q:
    """The review's own plan is approved (or already recognized as completed): the plan it
    was built from, approved then (a later continuation sending it back to be approved again
    does not undo that round's figure), or the running plan it continued, once approved
    again; a plan recognized in an earlier round does not count for a unit found weak again."""
    return (
        Q(plan__status__in=APPROVED_STATUSES)
        | Q(plan__approved_at__isnull=False)
        | Q(continuation__plan__status__in=APPROVED_STATUSES)
    )


def in_two_or_more_groups() -> Q:
    g1, g2, g3 = (Q(in_group(n)) for n in (1, 2, 3))
    return (g1 & g2) | (g1 & g3) | (g2 & g3)


def exactly_groups(digits: str) -> Q:
    """Reviews whose groups are exactly these (e.g. "13": Nhóm 1 and 3, not 2)."""
    condition = Q()
    for number in (1, 2, 3):
        condition &= Q(in_group(number)) if str(number) in digits else ~Q(in_group(number))
    return condition


def group_sets(reviews: QuerySet[Review]) -> dict[str, int]:
    """How many of the reviews have exactly each set of groups ("13": Nhóm 1 and 3 only),
    from one query over their marked indicators. (An EXISTS per group and per count made
    PostgreSQL evaluate each subquery again for every FILTER that named it.)"""
    groups: dict[int, set] = {}
    for review_id, number in (
        Finding.objects.filter(review__in=reviews, present=True)
        .order_by()
        .values_list("review_id", "indicator__group__number")
        .distinct()
    ):
        groups.setdefault(review_id, set()).add(number)
    sets = {digits: 0 for digits in ("1", "2", "3", "12", "13", "23", "123")}
    for numbers in groups.values():
        sets["".join(str(n) for n in sorted(numbers))] += 1
    return sets


def _board_flag(flag: str) -> Q | None:
    return {
        "prolonged": Q(is_prolonged=True),
        "suggested": Q(suggestion_state=SuggestionState.PENDING),
        "signs": with_signs_of_weakness(),
        "signs_pending": with_signs_of_weakness() & ~Q(state=ReviewState.CONFIRMED),
        "needs": needing_consolidation(),
        "no_plan": needing_consolidation() & ~plan_approved(),
        "multi": needing_consolidation() & in_two_or_more_groups(),
        "unconfirmed": ~Q(state=ReviewState.CONFIRMED),
    }.get(flag)


def round_board(round_: ReviewRound, user: Viewer, filters: BoardFilters) -> QuerySet[Review]:
    reviews = round_.reviews.filter(unit__in=units_visible_to(user))
    if filters.under is not None:
        reviews = reviews.filter(unit__path__startswith=filters.under.path)
    if filters.state:
        reviews = reviews.filter(state=filters.state)
    if filters.conclusion:
        reviews = reviews.filter(conclusion=filters.conclusion)
    if filters.group:
        reviews = reviews.filter(in_group(filters.group))
    if filters.bloc:
        reviews = reviews.filter(unit__bloc=filters.bloc)
    if filters.groups:
        reviews = reviews.filter(exactly_groups(filters.groups))
    flag = _board_flag(filters.flag)
    if flag is not None:
        reviews = reviews.filter(flag)
    return reviews.order_by("unit__sort_key", "unit__code")


SIGN_CONCLUSIONS = (Conclusion.WEAK, Conclusion.COMPLEX, Conclusion.AT_RISK)


SIGN_SUGGESTIONS = (SuggestionState.PENDING, SuggestionState.ACCEPTED)


def signs_of_weakness() -> Q:
    """A unit shows signs of weakness in a round when an indicator is marked (added by the
    caller), the Board concluded anything but "không thuộc diện", or a "có nguy cơ"
    suggestion stands."""
    return Q(conclusion__in=SIGN_CONCLUSIONS) | Q(suggestion_state__in=SIGN_SUGGESTIONS)


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
    group_sets: dict[str, int] = field(default_factory=dict)  # see group_sets()
    with_approved_plan: int = 0  # needing consolidation, their own plan approved
    by_bloc: dict[str, list[int]] = field(default_factory=dict)  # bloc -> [units, needing]

    @property
    def signs_reviewed_ratio(self) -> float | None:
        return self.with_signs_reviewed / self.with_signs if self.with_signs else None


def round_counts(round_: ReviewRound, reviews: QuerySet[Review] | None = None) -> RoundCounts:
    """The round's figures in two queries, whatever its size: the reviews grouped by what
    the figures depend on (each review's signs evaluated once), then the groups of those
    needing consolidation."""
    reviews = round_.reviews.all() if reviews is None else reviews
    counts = RoundCounts()
    has_indicator = Q(Exists(Finding.objects.filter(review=OuterRef("pk"), present=True)))
    rows = (
        reviews.annotate(signs=ExpressionWrapper(has_indicator, output_field=BooleanField()))
        .values("state", "conclusion", "is_prolonged", "suggestion_state", "signs", "unit__bloc")
        .annotate(
            n=Count("pk"),
            approved=Count("pk", filter=plan_approved()),
        )
        .order_by()
    )
    for row in rows:
        n, confirmed = row["n"], row["state"] == ReviewState.CONFIRMED
        counts.units += n
        counts.by_state[row["state"]] = counts.by_state.get(row["state"], 0) + n
        bloc = counts.by_bloc.setdefault(row["unit__bloc"], [0, 0])
        bloc[0] += n
        if confirmed:
            counts.by_conclusion[row["conclusion"]] = (
                counts.by_conclusion.get(row["conclusion"], 0) + n
            )
            if row["conclusion"] in NEEDS_CONSOLIDATION:
                counts.needing_consolidation += n
                counts.with_approved_plan += row["approved"]
                bloc[1] += n
        if row["is_prolonged"]:
            counts.prolonged += n
        if row["suggestion_state"] == SuggestionState.PENDING and not confirmed:
            counts.suggested += n
        signs = (  # with_signs_of_weakness(), read off the grouped row
            row["signs"]
            or row["conclusion"] in SIGN_CONCLUSIONS
            or row["suggestion_state"] in SIGN_SUGGESTIONS
        )
        if signs:
            counts.with_signs += n
            if confirmed:
                counts.with_signs_reviewed += n
    counts.reviewed = counts.by_state.get(ReviewState.CONFIRMED, 0)
    needing = reviews.filter(state=ReviewState.CONFIRMED, conclusion__in=NEEDS_CONSOLIDATION)
    sets = counts.group_sets = group_sets(needing)
    counts.by_group = {
        n: sum(k for groups, k in sets.items() if str(n) in groups) for n in (1, 2, 3)
    }
    counts.in_two_or_more_groups = sum(k for groups, k in sets.items() if len(groups) > 1)
    return counts


def unit_review_history(unit: Unit) -> list[Review]:
    """Each round's review of the unit, oldest round first, to see it get better or worse."""
    return list(with_review_details(unit.reviews.all()).order_by("round__starts_on", "round__pk"))


def latest_round(ward: Unit) -> ReviewRound | None:
    """The ward's newest round, open or closed (where a secretary assesses the unit now)."""
    return ReviewRound.objects.filter(ward=ward).order_by("-starts_on", "-pk").first()


def figures_round(
    ward: Unit, *, chosen: int | str | None = None, by: datetime.date | None = None
) -> ReviewRound | None:
    """The round whose figures the dashboard and the forms show: the one chosen, else the
    latest closed one (starting on or before `by`, for a past quarter's form), so that opening
    a new round does not change the ward's figures until it is closed; before any round has
    closed, the ward's first round, in progress."""
    rounds = ReviewRound.objects.filter(ward=ward).order_by("-starts_on", "-pk")
    if (chosen_pk := as_id(chosen)) is not None:
        picked = rounds.filter(pk=chosen_pk).first()
        if picked is not None:
            return picked
    if by is not None:
        rounds = rounds.filter(starts_on__lte=by)
    closed_first = Case(When(status=RoundStatus.CLOSED, then=Value(0)), default=Value(1))
    return rounds.order_by(closed_first, "-starts_on", "-pk").first()


def round_in_progress(ward: Unit) -> ReviewRound | None:
    """The round being reviewed now, shown "in progress" beside the figures' round."""
    return (
        ReviewRound.objects.filter(ward=ward, status=RoundStatus.OPEN)
        .order_by("-starts_on", "-pk")
        .first()
    )
