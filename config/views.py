"""Project-level pages: the home page per role, the health check, error pages."""

from django.contrib.auth.decorators import login_not_required
from django.db import connection
from django.http import JsonResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from consolidation import services
from consolidation.selectors import latest_round, missing_units, round_counts
from organizations.models import Role
from organizations.selectors import membership_of, ward_of


def home(request):
    membership = membership_of(request.user)
    context = {"membership": membership}
    ward = ward_of(request.user) if membership else None
    if ward is not None and membership.role in (
        Role.BOARD,
        Role.STANDING,
        Role.INSPECTION,
        Role.OFFICE,
    ):
        today = timezone.localdate()
        quarter = services.current_quarter(ward, today)
        round_ = latest_round(ward)
        context.update(
            quarter=quarter,
            days_left=(quarter.ward_deadline - today).days,
            missing=missing_units(request.user, ward, quarter),
            round=round_,
            counts=round_counts(round_) if round_ else None,
        )
    return render(request, "home.html", context)


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
