"""Project-level pages: the home page per role, the health check, error pages."""

from django.contrib.auth.decorators import login_not_required
from django.db import connection
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.templatetags.static import static
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from organizations.models import Role
from organizations.selectors import membership_of, ward_of
from reporting.dashboard.views import dashboard_page, unit_card_page


def home(request):
    """Ward staff land on the Standing Committee's dashboard, a secretary on their unit's
    card; an account without a unit sees why it sees nothing."""
    membership = membership_of(request.user)
    if membership is not None and ward_of(request.user) is not None:
        if membership.role == Role.SECRETARY:
            return unit_card_page(request)
        return dashboard_page(request)
    return render(request, "home.html", {"membership": membership})


@login_not_required
@require_GET
@never_cache
def healthz(request):
    """200 after a real round trip to the database, 503 when the database is unreachable."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:
        return JsonResponse({"status": "error", "database": "error"}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})


@login_not_required
@require_GET
def favicon(request):
    """Browsers ask for /favicon.ico whatever the page says; send them to the static file."""
    return redirect(static("img/favicon.ico"))


@login_not_required
def csrf_failure(request, reason=""):
    return render(
        request,
        "403.html",
        {
            "exception": (
                "Phiên làm việc của biểu mẫu đã hết hạn hoặc không hợp lệ. Vui lòng tải lại "
                "trang và thử lại; những gì đã nhập có thể cần nhập lại."
            )
        },
        status=403,
    )
