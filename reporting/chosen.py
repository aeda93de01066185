"""The form a person chose on the reports page (which form, quarter, scope, plan), built as
they may see it: for the page, its downloads, and an export made in the background in their
name."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.utils import timezone

from config.ids import as_id
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
from .versions import kept


def report_committees(user, ward):
    """The đảng bộ cơ sở of the ward the user may see (each a scope of Phụ lục 3 over its own
    sub-cells), in order."""
    return (
        units_visible_to(user)
        .filter(parent=ward, kind=Kind.BASE_COMMITTEE)
        .active()
        .order_by("sort_key")
    )


def report_scopes(user, ward, committees=None):
    """The ward, if the user may see it, then the committees given (default: all of them)."""
    own = [ward] if units_visible_to(user).filter(pk=ward.pk).exists() else []
    return own + list(report_committees(user, ward) if committees is None else committees)


def report_scope(user, ward, scope_id):
    """The scope chosen, or None when the user may not report on it."""
    if str(scope_id) == str(ward.pk):
        return ward if units_visible_to(user).filter(pk=ward.pk).exists() else None
    if (pk := as_id(scope_id)) is None:
        return None
    return report_committees(user, ward).filter(pk=pk).first()


def missing_choice(params) -> str | None:
    """What the chosen form still lacks, as a Vietnamese reason (Phụ lục 1 its plan, 2 and 3
    their quarter), or None: for the page, and for an export refused before it is queued."""
    if (params.get("form") or "appendix3") == "appendix1":
        return None if params.get("plan") else "Chọn một đề án, kế hoạch."
    try:
        parse_quarter_code(params.get("quarter") or "")
    except ValidationError:
        return "Chọn quý."
    return None


def build_document(user, params) -> tuple:
    """The chosen form's Document, or (None, a Vietnamese reason), as `user` may see it:
    for a page, and for an export made in the background in that person's name. Phụ lục 2
    and 3 are kept until a figure changes (reporting.versions.kept): the preview, then its
    downloads, build them once."""
    ward = ward_for(user)
    today = timezone.localdate()
    form = params.get("form") or "appendix3"
    role = role_of(user)
    missing = missing_choice(params)
    if form == "appendix1":
        if missing:
            return None, missing
        return appendix1(plan=get_plan_for_user(user, params["plan"]), today=today), None
    if role not in WARD_ROLES:
        raise PermissionDenied("Bí thư chi bộ in được Phụ lục 1 (đề án của chi bộ).")
    if missing:
        return None, missing
    year, number = parse_quarter_code(params["quarter"])
    quarter = quarter_find(ward, year, number)
    if form == "appendix2":
        return kept(
            user,
            ("appendix2", ward.pk, quarter.code, today.isoformat()),
            lambda: mark_draft(appendix2(user=user, ward=ward, quarter=quarter, today=today)),
        ), None
    scope_id = params.get("scope") or ward.pk
    scope = report_scope(user, ward, scope_id)
    if scope is None:
        raise Http404("Không có phạm vi báo cáo này.")

    def build():
        document = appendix3(user=user, scope=scope, quarter=quarter, today=today)
        return mark_draft(document) if scope.pk == ward.pk else document

    return kept(user, ("appendix3", scope.pk, quarter.code, today.isoformat()), build), None
