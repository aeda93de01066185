"""Sections of the unit page (registered with the registry in AppConfig.ready)."""

from django.template.loader import render_to_string
from django.utils import timezone

from organizations.models import Kind, Unit

from .models import (
    CELL_KINDS,
    OPEN_FEEDBACK,
    DigitalCheck,
    DigitalItem,
    Feedback,
    Recommendation,
    flag,
    is_digital_basic,
    overdue_recommendation_condition,
    quarter_key,
)
from .selectors.cadres import replacement_flags
from .selectors.meetings import quarter_records, unit_meetings
from .selectors.reviews import unit_review_history


def reviews_panel(request, unit) -> str | None:
    reviews = unit_review_history(unit)
    if not reviews:
        return None
    return render_to_string(
        "consolidation/includes/unit_reviews.html", {"reviews": reviews}, request=request
    )


def meetings_panel(request, unit) -> str | None:
    """A cell's meetings of the quarter and the last ones, its key cadres flagged for
    replacement, and (a grassroots unit) its IT checklist."""
    if unit.kind in (Kind.CITY, Kind.WARD):
        return None
    today = timezone.localdate()
    year, number = quarter_key(today)
    is_cell = unit.kind in CELL_KINDS
    flags = replacement_flags(Unit.objects.filter(pk=unit.pk), today)
    flagged = [(cadre, flags[cadre.pk]) for cadre in unit.cadres.filter(pk__in=flags)]
    required = list(
        DigitalItem.objects.filter(active=True, required=True).values_list("pk", flat=True)
    )
    done = set(DigitalCheck.objects.filter(unit=unit, done=True).values_list("item_id", flat=True))
    return render_to_string(
        "consolidation/includes/unit_meetings.html",
        {
            "unit": unit,
            "is_cell": is_cell,
            "record": quarter_records([unit], year, number, today)[unit.pk] if is_cell else None,
            "meetings": unit_meetings(unit, limit=6) if is_cell else [],
            "flagged": flagged,
            "digital_basic": is_digital_basic(required, done),
            "digital_done": len(done & set(required)),
            "digital_required": len(required),
        },
        request=request,
    )


def oversight_panel(request, unit) -> str | None:
    """The unit's open recommendations from inspections (overdue marked) and the people's
    feedback still waiting for its response."""
    if unit.kind in (Kind.CITY, Kind.WARD):
        return None
    today = timezone.localdate()
    recommendations = list(
        Recommendation.objects.filter(unit=unit, done_on__isnull=True)
        .select_related("inspection")
        .annotate(overdue=flag(overdue_recommendation_condition(today)))
        .order_by("deadline")
    )
    feedback = list(
        Feedback.objects.filter(unit=unit).filter(OPEN_FEEDBACK).order_by("received_on")
    )
    if not recommendations and not feedback:
        return None
    return render_to_string(
        "consolidation/includes/unit_oversight.html",
        {"recommendations": recommendations, "feedback": feedback},
        request=request,
    )


def activity_panel(request, unit) -> str | None:
    """The unit's recent activity, loaded after the page (views.activity.unit_activity): the
    history of eleven kinds of record is not the unit page's to pay for."""
    return render_to_string(
        "consolidation/includes/unit_activity.html", {"unit": unit}, request=request
    )
