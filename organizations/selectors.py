"""Reads of the registry. Every list a person sees starts from `units_visible_to`."""

from django.db.models import QuerySet

from .models import PATH_STEP, Membership, Unit


def membership_of(user) -> Membership | None:
    """The user's membership (unit and role), cached on the user object for the request."""
    if not getattr(user, "is_authenticated", False):
        return None
    if not hasattr(user, "_cached_membership"):
        user._cached_membership = (
            Membership.objects.select_related("unit").filter(user_id=user.pk).first()
        )
    return user._cached_membership


def units_visible_to(user) -> QuerySet[Unit]:
    """The subtree of the unit the user's membership names; nothing without one.

    Board staff, Standing Committee, Inspection and Office sit on the ward's root and so
    see the whole ward (and nothing of another ward); a secretary sees their unit and
    its sub-cells. Superusers work through /admin/, not here.
    """
    membership = membership_of(user)
    if membership is None:
        return Unit.objects.none()
    return Unit.objects.filter(path__startswith=membership.unit.path)


def ward_of(user) -> Unit | None:
    """The ward (a root unit) the user works in."""
    membership = membership_of(user)
    if membership is None:
        return None
    unit = membership.unit
    if unit.is_root:
        return unit
    return Unit.objects.get(path=unit.path[: PATH_STEP + 1])
