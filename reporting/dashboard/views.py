"""The dashboard's pages: the Standing Committee's home, a target's list, the early
warning, the meeting's PDF, and a secretary's unit card."""

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape
from django.utils.http import urlencode
from django.utils.safestring import SafeString, mark_safe

from consolidation.models import ReviewRound
from consolidation.selectors.waiting import waiting_for
from organizations.access import WARD_ROLES, role_of, ward_for
from organizations.models import Bloc, Kind, Role
from organizations.selectors import membership_of, units_visible_to

from ..renderers import CONTENT_TYPES, render_document
from ..versions import kept
from .board import dashboard
from .card import unit_card
from .meeting import meeting_document
from .scope import Scope, scope_for
from .target_lists import kept_form, shown, target_rows
from .targets import STATUS_LABELS
from .warnings import WARNING_KINDS, kept_warnings

DASHBOARD_WARNINGS = 10


WARNINGS_PAGE_SIZE = 50
# A target's list of a city runs to thousands of units: shown a page at a time.
TARGET_PAGE_SIZE = 100


def _scope(request: HttpRequest) -> Scope:
    ward = ward_for(request.user)
    membership = membership_of(request.user)
    role = membership.role if membership else None
    if role not in WARD_ROLES and not (
        membership is not None
        and role == Role.SECRETARY
        and membership.unit.kind == Kind.BASE_COMMITTEE
    ):
        raise PermissionDenied("Trang tổng quan dành cho Ban Thường vụ và các ban của Đảng ủy.")
    return scope_for(
        request.user,
        ward,
        bloc=request.GET.get("bloc", ""),
        under_pk=request.GET.get("under"),
        round_pk=request.GET.get("dot"),
    )


def _committee_options(request: HttpRequest, scope: Scope) -> SafeString:
    """The <option>s of the đảng bộ cơ sở choice, built here: a synthetic city has a thousand
    of them, and a template loop over them cost more than the whole dashboard's queries."""

    chosen = scope.under.pk if scope.under else None
    committees = (
        units_visible_to(request.user)
        .filter(parent=scope.ward, kind=Kind.BASE_COMMITTEE)
        .active()
        .order_by("sort_key")
        .values_list("pk", "name")
    )
    return mark_safe(  # the names are escaped here
        "".join(
            f'<option value="{pk}"{" selected" if pk == chosen else ""}>{escape(name)}</option>'
            for pk, name in committees
        )
    )


PAGE_TITLES: dict[str | None, str] = {
    Role.BOARD: "Bàn làm việc Ban Xây dựng Đảng",
    Role.STANDING: "Trang của Ban Thường vụ",
    Role.INSPECTION: "Trang của Ủy ban Kiểm tra",
    Role.OFFICE: "Trang của Văn phòng Đảng ủy",
}


def dashboard_page(request: HttpRequest) -> HttpResponse:
    scope = _scope(request)
    today = timezone.localdate()
    board = dashboard(request.user, scope, today)
    return render(
        request,
        "reporting/dashboard.html",
        {
            "board": board,
            "scope": scope,
            "warnings": board.warnings[:DASHBOARD_WARNINGS],
            "blocs": Bloc.choices,
            "committee_options": _committee_options(request, scope),
            "rounds": ReviewRound.objects.filter(ward=scope.ward).order_by("-starts_on", "-pk"),
            "scope_qs": scope.query,
            "status_labels": STATUS_LABELS,
            "can_choose_scope": role_of(request.user) in WARD_ROLES,
            "page_title": PAGE_TITLES.get(role_of(request.user), "Tổng quan đảng bộ"),
            "waiting": waiting_for(request.user, today),
        },
    )


def target_detail(request: HttpRequest, key: str) -> HttpResponse:
    scope = _scope(request)
    today = timezone.localdate()
    # Kept until a figure changes: paging through a city's 10,000 cells builds the list once.
    listing = kept(
        request.user,
        ("target", key, today.isoformat(), *scope.key),
        lambda: kept_form(target_rows(request.user, scope, key, today)),
    )
    if listing is None:
        raise Http404("Không có chỉ tiêu này.")
    missing_only = request.GET.get("chua") == "1"
    rows = listing.missing() if missing_only else listing.rows
    page = Paginator(rows, TARGET_PAGE_SIZE).get_page(request.GET.get("trang"))
    return render(
        request,
        "reporting/target_detail.html",
        {
            "listing": listing,
            "scope": scope,
            "counted": listing.counted,
            "page": page,
            "rows": shown(page.object_list),
            "missing_only": missing_only,
            "query": urlencode({**scope.params, **({"chua": "1"} if missing_only else {})}),
        },
    )


def warnings_page(request: HttpRequest) -> HttpResponse:
    scope = _scope(request)
    warnings = kept_warnings(request.user, scope, timezone.localdate())
    page = Paginator(warnings, WARNINGS_PAGE_SIZE).get_page(request.GET.get("trang"))
    return render(
        request,
        "reporting/warnings.html",
        {"page": page, "scope": scope, "kinds": WARNING_KINDS, "query": scope.query},
    )


def dashboard_print(request: HttpRequest) -> HttpResponse:
    """The meeting's PDF: at once for a ward, made in the background for a scope of more
    grassroots units than EXPORT_BACKGROUND_UNITS (a city)."""
    scope = _scope(request)
    today = timezone.localdate()
    if scope.units(request.user).count() > settings.EXPORT_BACKGROUND_UNITS:
        query = urlencode({"kind": "meeting", **scope.params})
        return redirect(f"{reverse('exports:new')}?{query}")
    board = dashboard(request.user, scope, today)
    document = meeting_document(board)
    response = HttpResponse(render_document(document, "pdf"), content_type=CONTENT_TYPES["pdf"])
    response["Content-Disposition"] = f'attachment; filename="{document.filename_stem}.pdf"'
    return response


def unit_card_page(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    card = unit_card(request.user, today)
    if card is None:
        raise PermissionDenied("Tài khoản chưa được phân công vào tổ chức nào.")
    return render(
        request,
        "reporting/unit_card.html",
        {"card": card, "waiting": waiting_for(request.user, today)},
    )
