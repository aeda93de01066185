from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Membership, Unit


def _superuser_only(request) -> bool:
    """The admin is for data fixes by superusers; staff flags alone do not open it."""
    return request.user.is_active and request.user.is_superuser


admin.site.has_permission = _superuser_only


@admin.register(Unit)
class UnitAdmin(SimpleHistoryAdmin):
    list_display = ["code", "name", "parent"]
    search_fields = ["code", "name"]
    raw_id_fields = ["parent"]


@admin.register(Membership)
class MembershipAdmin(SimpleHistoryAdmin):
    list_display = ["user", "role", "unit"]
    list_filter = ["role"]
    raw_id_fields = ["user", "unit"]
