"""Reads of the registers of cadres and complex cases, and their targets' ratios."""

from dataclasses import dataclass

from django.db.models import (
    Count,
    Q,
    QuerySet,
)

from organizations.models import Unit

from ..models import (
    ACTED_UPON,
    Cadre,
    ComplexCase,
)


def registers_for(unit: Unit) -> dict[str, list]:
    return {
        "cadres": list(Cadre.objects.filter(unit=unit).select_related("plan")),
        "cases": list(
            ComplexCase.objects.filter(unit=unit)
            .select_related("plan")
            .prefetch_related("milestones")
        ),
    }


@dataclass
class RegisterRatio:
    numerator: int
    denominator: int

    @property
    def ratio(self) -> float | None:
        return self.numerator / self.denominator if self.denominator else None


def cadre_ratio(units: QuerySet[Unit]) -> RegisterRatio:
    """Cadres found limited who were trained, rearranged, rotated, replaced or dismissed
    (target ≥ 70 %, seed 000 III.2)."""
    figures = (
        Cadre.objects.filter(unit__in=units)
        .limited()
        .aggregate(total=Count("pk"), acted=Count("pk", filter=ACTED_UPON))
    )
    return RegisterRatio(figures["acted"], figures["total"])


def case_ratio(units: QuerySet[Unit]) -> RegisterRatio:
    """Complex cases reviewed, classified and given a handling roadmap with a date
    (target 100 %, seed 000 III.2)."""
    figures = (
        ComplexCase.objects.filter(unit__in=units)
        .with_roadmap_flag()
        .aggregate(total=Count("pk"), with_roadmap=Count("pk", filter=Q(roadmap_ready=True)))
    )
    return RegisterRatio(figures["with_roadmap"], figures["total"])
