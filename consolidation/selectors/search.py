"""One search over what a person may see: units, plans (by their number too), tasks,
quarterly reports (by their quarter too), cases and people, each matched accent-free and
case-free word by word (every word must be found), grouped by kind, the first RESULTS of each
with its count. The records' folded text is kept by the database (their `search_text`
generated columns); people and quarters are few and folded as they are read."""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q, QuerySet, Value
from django.db.models.functions import Concat
from django.urls import reverse

from organizations.access import role_of
from organizations.models import Membership, Role
from organizations.search import Folded
from organizations.selectors import display_name, units_visible_to, ward_of
from organizations.text import fold
from organizations.types import Viewer

from ..models import ROMAN, ComplexCase, Plan, Quarter, QuarterlyUpdate, Task

RESULTS = 10
MIN_LENGTH = 2  # a single letter matches half the ward


@dataclass
class Hit:
    label: str
    detail: str
    url: str


@dataclass
class Group:
    key: str
    title: str
    count: int
    hits: list[Hit] = field(default_factory=list)


def _all_words(
    rows: QuerySet,
    words: list[str],
    *lookups: str,
    also: Callable[[str], Q] | None = None,
) -> QuerySet:
    """Rows where every word is in one of the folded columns (annotated as `lookups`), or
    meets `also(word)`."""
    for word in words:
        condition = Q()
        for lookup in lookups:
            condition |= Q(**{f"{lookup}__contains": word})
        if also is not None:
            condition |= also(word)
        rows = rows.filter(condition)
    return rows


def _quarter_words(updates: QuerySet[QuarterlyUpdate]) -> Callable[[str], Q]:
    """A report is found by its quarter as the forms write it ("Quý III/2026") and as people
    type it ("quý 3/2026", "Q3"): `word` -> the reports of the quarters that have it as a
    whole word, so that "II" is not the third quarter nor "2" every quarter of 2026. The
    quarters are read once, in one query."""
    words_of: dict[int, set[str]] = {}
    for quarter in Quarter.objects.filter(pk__in=updates.values("quarter")):
        year, numbers = quarter.year, (fold(ROMAN[quarter.number]), str(quarter.number))
        words_of[quarter.pk] = {
            *fold(quarter.label).split(),  # "quy", "iii/2026"
            str(year),
            *numbers,
            *(f"{n}/{year}" for n in numbers),
            f"q{quarter.number}",
            f"q{quarter.number}/{year}",
        }
    return lambda word: Q(quarter_id__in=[pk for pk, known in words_of.items() if word in known])


def _group(key: str, title: str, rows: QuerySet, hit: Callable[[Any], Hit]) -> Group | None:
    count = rows.count()
    if not count:
        return None
    return Group(key, title, count, [hit(r) for r in rows[:RESULTS]])


def plans_found(user: Viewer, query: str) -> QuerySet[Plan]:
    """The plans the user may see whose unit name or number has every word of the query
    (accent-free, case-free); none for a query shorter than MIN_LENGTH."""
    words = [w for w in fold(query).split() if w]
    if len("".join(words)) < MIN_LENGTH:
        return Plan.objects.none()
    plans = Plan.objects.filter(unit__in=units_visible_to(user))
    return _all_words(plans, words, "search_text", "unit__search_text")


def search(user: Viewer, query: str) -> list[Group]:
    words = [w for w in fold(query).split() if w]
    if len("".join(words)) < MIN_LENGTH:
        return []
    units = units_visible_to(user)
    plans = Plan.objects.filter(unit__in=units)
    reports = QuarterlyUpdate.objects.filter(plan__in=plans)
    found = [
        _group(
            "units",
            "Tổ chức đảng",
            _all_words(units, words, "search_text").order_by("sort_key"),
            lambda u: Hit(u.name, u.code, reverse("organizations:unit_detail", args=[u.pk])),
        ),
        _group(
            "plans",
            "Đề án, kế hoạch",
            _all_words(plans, words, "search_text", "unit__search_text")
            .select_related("unit")
            .order_by("unit__sort_key"),
            lambda p: Hit(
                p.title,
                " · ".join(x for x in (p.unit.name, p.number_display) if x),
                reverse("consolidation:plan_detail", args=[p.pk]),
            ),
        ),
        _group(
            "tasks",
            "Nhiệm vụ",
            _all_words(Task.objects.filter(plan__in=plans), words, "search_text")
            .select_related("plan__unit")
            .order_by("deadline", "pk"),
            lambda t: Hit(
                t.what[:120],
                t.plan.unit.name,
                reverse("consolidation:task_detail", args=[t.plan_id, t.pk]),
            ),
        ),
        _group(
            "reports",
            "Báo cáo quý",
            _all_words(
                reports,
                words,
                "search_text",
                "plan__unit__search_text",
                also=_quarter_words(reports),
            )
            .select_related("plan__unit", "quarter")
            .order_by("-quarter__year", "-quarter__number", "plan__unit__sort_key"),
            lambda r: Hit(
                f"{r.plan.unit.name}: {r.quarter.label}",
                r.get_state_display(),
                reverse("consolidation:update_detail", args=[r.pk]),
            ),
        ),
        _group(
            "cases",
            "Vụ việc",
            _all_words(
                ComplexCase.objects.filter(unit__in=units),
                words,
                "search_text",
                "unit__search_text",
            )
            .select_related("unit")
            .order_by("-pk"),
            lambda c: Hit(
                c.description[:120],
                c.unit.name,
                reverse("consolidation:case_detail", args=[c.pk]),
            ),
        ),
        _people(user, words),
    ]
    return [g for g in found if g is not None]


def _people(user: Viewer, words: list[str]) -> Group | None:
    """Accounts: the Board finds every account of the ward (and opens it); others find the
    people of the units they see, by name."""
    ward = ward_of(user)
    if ward is None:
        return None
    board = role_of(user) == Role.BOARD
    scope = (
        Membership.objects.filter(unit__path__startswith=ward.path)
        if board or role_of(user) in (Role.STANDING, Role.INSPECTION, Role.OFFICE)
        else Membership.objects.filter(unit__in=units_visible_to(user))
    )
    rows = (
        _all_words(
            scope.annotate(
                text=Folded(
                    Concat(
                        "user__last_name",
                        Value(" "),
                        "user__first_name",
                        Value(" "),
                        "user__username",
                    )
                )
            ),
            words,
            "text",
        )
        .select_related("user", "unit")
        .order_by("unit__sort_key", "user__username")
    )
    return _group(
        "people",
        "Người dùng",
        rows,
        lambda m: Hit(
            display_name(m.user),
            f"{m.get_role_display()} · {m.unit.name}",
            reverse("organizations:account_detail", args=[m.user_id])
            if board
            else reverse("organizations:unit_detail", args=[m.unit_id]),
        ),
    )
