"""Reads of the key cadres and their evaluations: the Board's grid for a period, the
replacement flags (seed 003), and the target "100 % cán bộ chủ chốt được đánh giá theo sản
phẩm" (seed 000, III.2)."""

import datetime
from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Count, Exists, OuterRef, Q, QuerySet

from organizations.models import Unit

from ..models import (
    Cadre,
    CadreEvaluation,
    period_first_day,
    quarter_label,
    replacement_due,
)


def key_cadres(units: QuerySet[Unit], day: datetime.date) -> QuerySet[Cadre]:
    """The key cadres of the units holding their post on `day`, in the register's order."""
    return Cadre.objects.filter(unit__in=units).key_on(day).select_related("unit")


def evaluations_of(cadres: list[Cadre], year: int, quarter: int) -> dict[int, CadreEvaluation]:
    """The period's evaluation of each cadre that has one, with its tasks."""
    return {
        e.cadre_id: e
        for e in CadreEvaluation.objects.filter(
            cadre__in=cadres, year=year, quarter=quarter
        ).prefetch_related("tasks")
    }


def replacement_flags(units: QuerySet[Unit], today: datetime.date) -> dict[int, str]:
    """Cadres flagged for replacement (two consecutive failing quarters, not yet replaced):
    cadre id → the later failing quarter's label. One query, over failing evaluations only."""
    failing = (
        CadreEvaluation.objects.filter(cadre__unit__in=units)
        .quarterly()
        .failing()
        .select_related("cadre")
    )
    by_cadre: dict[int, list[CadreEvaluation]] = defaultdict(list)
    for evaluation in failing:
        by_cadre[evaluation.cadre_id].append(evaluation)
    flags = {}
    for evaluations in by_cadre.values():
        due = replacement_due(evaluations[0].cadre, evaluations, today)
        if due is not None:
            flags[evaluations[0].cadre_id] = quarter_label(*due)
    return flags


@dataclass
class EvaluatedRatio:
    numerator: int
    denominator: int

    @property
    def ratio(self) -> float | None:
        return self.numerator / self.denominator if self.denominator else None


def by_product(year: int, quarter: int) -> Exists:
    """The outer cadre has the period's evaluation resting on a product."""
    return Exists(
        CadreEvaluation.objects.filter(cadre=OuterRef("pk"), year=year, quarter=quarter).filter(
            ~Q(products="") | Q(tasks__isnull=False)
        )
    )


def evaluated_ratio(units: QuerySet[Unit], year: int, quarter: int) -> EvaluatedRatio:
    """Key cadres in post at the period's start who were evaluated by their products."""
    figures = key_cadres(units, period_first_day(year, quarter)).aggregate(
        total=Count("pk"), evaluated=Count("pk", filter=Q(by_product(year, quarter)))
    )
    return EvaluatedRatio(figures["evaluated"], figures["total"])
