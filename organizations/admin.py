from django.contrib import admin
from django.http import HttpRequest
from import_export.admin import ExportMixin
from simple_history.admin import SimpleHistoryAdmin

from .models import Membership, Unit
from .resources import AccountResource


def _superuser_only(request: HttpRequest) -> bool:
    """The admin is for data fixes by superusers; staff flags alone do not open it."""
    return request.user.is_active and request.user.is_superuser


# One rule for the default site, without replacing the site that apps register on.
admin.site.has_permission = _superuser_only  # type: ignore[method-assign]


@admin.register(Unit)
class UnitAdmin(SimpleHistoryAdmin):
    list_display = ["code", "name", "parent"]
    search_fields = ["code", "name"]
    raw_id_fields = ["parent"]


@admin.register(Membership)
class MembershipAdmin(ExportMixin, SimpleHistoryAdmin):
    resource_classes = [AccountResource]
    list_display = ["user", "role", "unit"]
    list_filter = ["role"]
    raw_id_fields = ["user", "unit"]
