"""Sections of the unit page (registered with the registry in AppConfig.ready)."""

from django.template.loader import render_to_string

from .selectors.reviews import unit_review_history


def reviews_panel(request, unit) -> str | None:
    reviews = unit_review_history(unit)
    if not reviews:
        return None
    return render_to_string(
        "consolidation/includes/unit_reviews.html", {"reviews": reviews}, request=request
    )
