"""Who may do what in the registry. Views call these; templates only show their answers."""

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest

from .models import Role, Unit
from .selectors import membership_of, units_visible_to, ward_of
from .types import User, Viewer

ERROR_NO_WARD = "Tài khoản chưa được phân công vào đảng bộ phường nào."
ERROR_ACCOUNTS_BOARD_ONLY = "Chỉ Ban Xây dựng Đảng quản lý tài khoản."

# The ward's Party bodies: they read the whole ward's internal information.
WARD_ROLES = {Role.BOARD, Role.STANDING, Role.INSPECTION, Role.OFFICE}
# Accounts that sit on the ward's own unit: the bodies, and the Front (which reads the
# people's feedback only, organizations.middleware.FrontScopeMiddleware).
WARD_SEATED_ROLES = WARD_ROLES | {Role.FRONT}


def role_of(user: Viewer) -> str | None:
    membership = membership_of(user)
    return membership.role if membership else None


def is_board(user: Viewer) -> bool:
    return role_of(user) == Role.BOARD


def is_standing(user: Viewer) -> bool:
    return role_of(user) == Role.STANDING


def is_secretary(user: Viewer) -> bool:
    return role_of(user) == Role.SECRETARY


def can_edit_registry(user: Viewer) -> bool:
    return is_board(user)


def can_export_registry(user: Viewer) -> bool:
    return role_of(user) in WARD_ROLES


def get_unit_for_user(user: Viewer, pk: int) -> Unit:
    """The unit if the user may see it; 404 otherwise, so outsiders learn nothing."""
    try:
        return units_visible_to(user).get(pk=pk)
    except (Unit.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404("Không tìm thấy tổ chức này.") from exc


def ward_for(user: Viewer) -> Unit:
    """The ward the user works in; 403 for an account placed in no ward."""
    ward = ward_of(user)
    if ward is None:
        raise PermissionDenied(ERROR_NO_WARD)
    return ward


def can_manage_accounts(user: Viewer) -> bool:
    return is_board(user)


def require_account_manager(user: Viewer) -> Unit:
    """Board staff of a ward, who manage that ward's accounts; the ward."""
    if not can_manage_accounts(user):
        raise PermissionDenied(ERROR_ACCOUNTS_BOARD_ONLY)
    return ward_for(user)


def get_account_for_user(user: Viewer, pk: int) -> User:
    """An account of the manager's ward; 404 for any other (another ward's, a superuser
    without a unit), so outsiders learn nothing."""
    ward = require_account_manager(user)
    try:
        return User.objects.select_related("membership__unit").get(
            pk=pk, membership__unit__path__startswith=ward.path
        )
    except (User.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404("Không tìm thấy tài khoản này.") from exc


def client_ip(request: HttpRequest) -> str:
    """REMOTE_ADDR, or the address our own proxies appended to X-Forwarded-For.

    Only the last TRUSTED_PROXY_COUNT hops were written by proxies we run; anything to their
    left came from the client and cannot be trusted.
    """
    remote = request.META.get("REMOTE_ADDR", "")
    count = settings.TRUSTED_PROXY_COUNT
    if count <= 0:
        return remote
    hops = [h.strip() for h in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if h.strip()]
    if len(hops) < count:
        return remote
    return hops[-count]
