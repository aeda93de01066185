"""The form a person chose on the reports page (which form, quarter, scope, plan), built as
they may see it: for the page, its downloads, and an export made in the background in their
name."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.utils import timezone

from consolidation.access import get_plan_for_user
from consolidation.models import parse_quarter_code
from consolidation.selectors.quarterly import quarter_find
from organizations.access import WARD_ROLES, role_of, ward_for
from organizations.models import Kind
from organizations.selectors import units_visible_to

from .appendices.appendix1 import appendix1
from .appendices.appendix2 import appendix2
from .appendices.appendix3 import appendix3
from .services import mark_draft


def report_scopes(user, ward):
    """The ward, and each đảng bộ cơ sở (over its own sub-cells) the user may see."""
    visible = units_visible_to(user)
    committees = list(
        visible.filter(parent=ward, kind=Kind.BASE_COMMITTEE).active().order_by("sort_key")
    )
    return ([ward] if visible.filter(pk=ward.pk).exists() else []) + committees


def build_document(user, params) -> tuple:
    """The chosen form's Document, or (None, a Vietnamese reason), as `user` may see it:
    for a page, and for an export made in the background in that person's name."""
    ward = ward_for(user)
    today = timezone.localdate()
    form = params.get("form") or "appendix3"
    role = role_of(user)
    if form == "appendix1":
        plan_id = params.get("plan")
        if not plan_id:
            return None, "Chọn một đề án, kế hoạch."
        return appendix1(plan=get_plan_for_user(user, plan_id), today=today), None
    if role not in WARD_ROLES:
        raise PermissionDenied("Bí thư chi bộ in được Phụ lục 1 (đề án của chi bộ).")
    try:
        year, number = parse_quarter_code(params.get("quarter") or "")
    except ValidationError:
        return None, "Chọn quý."
    quarter = quarter_find(ward, year, number)
    if form == "appendix2":
        return mark_draft(appendix2(user=user, ward=ward, quarter=quarter, today=today)), None
    scope_id = params.get("scope") or ward.pk
    scope = next((u for u in report_scopes(user, ward) if str(u.pk) == str(scope_id)), None)
    if scope is None:
        raise Http404("Không có phạm vi báo cáo này.")
    document = appendix3(user=user, scope=scope, quarter=quarter, today=today)
    return (mark_draft(document) if scope.pk == ward.pk else document), None
