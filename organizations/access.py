"""Who may do what in the registry. Views call these; templates only show their answers."""

from django.http import Http404

from .models import Role, Unit
from .selectors import membership_of, units_visible_to

WARD_ROLES = {Role.BOARD, Role.STANDING, Role.INSPECTION, Role.OFFICE}


def role_of(user) -> str | None:
    membership = membership_of(user)
    return membership.role if membership else None


def is_board(user) -> bool:
    return role_of(user) == Role.BOARD


def is_standing(user) -> bool:
    return role_of(user) == Role.STANDING


def is_secretary(user) -> bool:
    return role_of(user) == Role.SECRETARY


def can_edit_registry(user) -> bool:
    return is_board(user)


def can_export_registry(user) -> bool:
    return role_of(user) in WARD_ROLES


def get_unit_for_user(user, pk: int) -> Unit:
    """The unit if the user may see it; 404 otherwise, so outsiders learn nothing."""
    try:
        return units_visible_to(user).get(pk=pk)
    except (Unit.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404("Không tìm thấy tổ chức này.") from exc
