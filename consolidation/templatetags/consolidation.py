from django import template
from django.http import Http404

from consolidation.access import get_discussed_for_user
from consolidation.forms.discussion import RemarkForm
from consolidation.models import Conclusion, Severity
from consolidation.views.discussion import discussion_context

register = template.Library()


@register.filter
def groups_text(numbers) -> str:
    """[1, 3] -> "1, 3" (Phụ lục 3, column 3)."""
    return ", ".join(str(n) for n in numbers) if numbers else "–"


@register.filter
def conclusion_label(value: str) -> str:
    return Conclusion(value).label if value else "Chưa kết luận"


@register.filter
def severity_label(value: str) -> str:
    return Severity(value).label if value else "–"


@register.simple_tag
def severities(review) -> str:
    """ "N1: trung bình; N3: nghiêm trọng" from the prefetched group assessments."""
    parts = [
        f"N{a.group.number}: {Severity(a.severity).label.lower()}"
        for a in review.group_assessments.all()
        if a.severity
    ]
    return "; ".join(parts) or "–"


@register.filter
def plan_status_class(status: str) -> str:
    return {
        "drafting": "text-bg-secondary",
        "submitted": "text-bg-info",
        "returned": "text-bg-warning",
        "approved": "text-bg-primary",
        "recognized": "text-bg-success",
    }.get(status, "text-bg-secondary")


@register.filter
def percent(value) -> str:
    if value is None:
        return "–"
    return f"{float(value):.0f} %"


@register.filter
def overdue_on(task, day) -> bool:
    return task.is_overdue_on(day)


@register.inclusion_tag("consolidation/includes/discussion.html", takes_context=True)
def discussion(context, kind: str, obj) -> dict:
    """The discussion of an object on its page (nothing where the person may not read it:
    a secretary and an inspection that covers other units too)."""
    request = context["request"]
    try:
        about = get_discussed_for_user(request.user, kind, obj.pk)
    except Http404:
        return {"hidden_discussion": True}
    return {
        **discussion_context(request, about, RemarkForm()),
        "csrf_token": context.get("csrf_token"),
    }
