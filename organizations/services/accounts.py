"""Writes to accounts: create, edit, temporary passwords, deactivate, and handing a unit over
from one secretary's account to another person's. Each is recorded as an AccountEvent
naming who did it.

An account is a person: its name is the person's, and what it did stays under that name.
When a unit's secretary changes, the unit is handed to the new person's own account; the
old account is deactivated or given another role, never renamed.
"""

import datetime
from dataclasses import dataclass

from django.contrib.auth.password_validation import validate_password
from django.contrib.auth.validators import UnicodeUsernameValidator
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.crypto import get_random_string

from ..access import WARD_SEATED_ROLES
from ..models import (
    AccountEvent,
    AccountEventKind,
    Handover,
    Kind,
    Membership,
    Role,
    Unit,
)
from ..selectors import secretary_accounts
from ..text import normalize_line, normalize_username
from ..types import Actor, User
from .registry import unit_update

# Letters and digits that cannot be misread when read aloud or copied from a screen.
TEMPORARY_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"

ERROR_USERNAME_TAKEN = "Tên đăng nhập «{username}» đã có người dùng; hãy chọn tên khác."
ERROR_USERNAME_FORM = (
    "Tên đăng nhập chỉ gồm chữ không dấu, chữ số và các dấu . - _ (ví dụ bithu.kdc-07)."
)
ERROR_WARD_ROLE_UNIT = "Vai trò «{role}» làm việc ở đảng bộ phường, không ở một chi bộ."
ERROR_SECRETARY_UNIT = "Bí thư phải được phân công vào một tổ chức cơ sở đảng hoặc chi bộ."
ERROR_UNIT_OUTSIDE_WARD = "Tổ chức này không thuộc đảng bộ phường của đồng chí."
ERROR_DEACTIVATE_SELF = "Đồng chí không thể tự khóa tài khoản của mình."
ERROR_LAST_BOARD = (
    "Đây là tài khoản Ban Xây dựng Đảng cuối cùng còn hoạt động; hãy tạo tài khoản khác "
    "trước khi khóa, để vẫn có người quản lý tài khoản."
)
ERROR_HANDOVER_SAME = "Tài khoản này đang là bí thư của đơn vị; hãy chọn người khác."
ERROR_HANDOVER_INACTIVE = "Tài khoản được chọn đã bị khóa; hãy mở lại hoặc chọn người khác."
ERROR_HANDOVER_WARD_ROLE = (
    "Tài khoản được chọn thuộc cơ quan của Đảng ủy phường; bàn giao cho bí thư cần tài khoản "
    "riêng của người đó."
)
ERROR_HANDOVER_FUTURE = "Ngày bàn giao không được sau hôm nay."
ERROR_HANDOVER_NEEDS_PERSON = "Chọn một tài khoản có sẵn, hoặc điền thông tin người mới."


def temporary_password() -> str:
    """Three groups of four, e.g. "k7mq-2xhp-9tua": ~59 bits, easy to read out by phone."""
    return "-".join(get_random_string(4, TEMPORARY_ALPHABET) for _ in range(3))


@dataclass(frozen=True)
class Person:
    """Who an account is for."""

    username: str
    first_name: str
    last_name: str
    email: str = ""


@dataclass(frozen=True)
class Assignment:
    """Where and as what an account works."""

    role: str
    unit: Unit
    position: str = ""


def _record(user: User, kind: str, by: Actor | None, details: str = "") -> None:
    AccountEvent.objects.create(user=user, kind=kind, by=by, details=details[:400])


def _check_username(username: str, *, exclude_pk: int | None = None) -> str:
    username = normalize_username(username)
    try:
        UnicodeUsernameValidator()(username)
    except ValidationError as exc:
        raise ValidationError({"username": ERROR_USERNAME_FORM}) from exc
    if not username.isascii():
        raise ValidationError({"username": ERROR_USERNAME_FORM})
    taken = User.objects.filter(username__iexact=username)
    if exclude_pk is not None:
        taken = taken.exclude(pk=exclude_pk)
    if taken.exists():
        raise ValidationError({"username": ERROR_USERNAME_TAKEN.format(username=username)})
    return username


def check_assignment(assignment: Assignment, *, ward: Unit) -> None:
    """Ward bodies sit on the ward's own unit; a secretary on a unit below it."""
    unit = assignment.unit
    if not unit.path.startswith(ward.path):
        raise ValidationError({"unit": ERROR_UNIT_OUTSIDE_WARD})
    if assignment.role in WARD_SEATED_ROLES:
        if unit.pk != ward.pk:
            label = Role(assignment.role).label
            raise ValidationError({"unit": ERROR_WARD_ROLE_UNIT.format(role=label)})
    elif unit.kind in (Kind.WARD, Kind.CITY):
        raise ValidationError({"unit": ERROR_SECRETARY_UNIT})


def _describe(assignment: Assignment) -> str:
    return f"{Role(assignment.role).label} – {assignment.unit.name}"


@transaction.atomic
def account_create(
    *, person: Person, assignment: Assignment, ward: Unit, by: Actor | None
) -> tuple[User, str]:
    """A new account with a temporary password, to be changed at the first login. Returns
    the account and the temporary password, which is shown once and kept nowhere. `by` is
    None only for the ward's first account, made from the command line (setup_ward)."""
    username = _check_username(person.username)
    check_assignment(assignment, ward=ward)
    user = User(
        username=username,
        first_name=normalize_line(person.first_name),
        last_name=normalize_line(person.last_name),
        email=person.email.strip(),
        is_active=True,
    )
    password = temporary_password()
    validate_password(password, user)
    user.set_password(password)
    user.full_clean(exclude=["password", "last_login"])
    user.save()
    membership = Membership(
        user=user,
        unit=assignment.unit,
        role=assignment.role,
        position=normalize_line(assignment.position),
        must_change_password=True,
    )
    membership.full_clean()
    membership.save()
    _record(user, AccountEventKind.CREATED, by, _describe(assignment))
    return user, password


@transaction.atomic
def account_update(
    *, user: User, person: Person, assignment: Assignment, ward: Unit, by: Actor
) -> User:
    """Correct a person's name or e-mail, or move the account to another role or unit.
    (A unit changing its secretary is a handover, not an edit: see unit_handover.)"""
    check_assignment(assignment, ward=ward)
    user.username = _check_username(person.username, exclude_pk=user.pk)
    user.first_name = normalize_line(person.first_name)
    user.last_name = normalize_line(person.last_name)
    user.email = person.email.strip()
    user.full_clean(exclude=["password", "last_login"])
    user.save(update_fields=["username", "first_name", "last_name", "email"])
    membership = Membership.objects.select_for_update().get(user=user)
    before = _describe(Assignment(membership.role, membership.unit, membership.position))
    membership.role = assignment.role
    membership.unit = assignment.unit
    membership.position = normalize_line(assignment.position)
    membership.full_clean()
    membership.save()
    after = _describe(assignment)
    _record(user, AccountEventKind.UPDATED, by, after if before == after else f"{before} → {after}")
    return user


@transaction.atomic
def account_reset_password(*, user: User, by: Actor) -> str:
    """A new temporary password (returned once); the person must choose their own at the
    next login. Their open sessions end, since the old password no longer holds."""
    password = temporary_password()
    validate_password(password, user)
    user.set_password(password)
    user.save(update_fields=["password"])
    Membership.objects.filter(user=user).update(must_change_password=True)
    _record(user, AccountEventKind.PASSWORD_RESET, by)
    return password


@transaction.atomic
def password_change(*, user: User, new_password: str) -> None:
    """The person's own new password (validated by the form): clears a pending reset."""
    user.set_password(new_password)
    user.save(update_fields=["password"])
    Membership.objects.filter(user=user).update(must_change_password=False)
    _record(user, AccountEventKind.PASSWORD_CHANGED, user)


def _other_active_board(user: User, ward: Unit) -> bool:
    return (
        User.objects.filter(
            is_active=True,
            membership__role=Role.BOARD,
            membership__unit__path__startswith=ward.path,
        )
        .exclude(pk=user.pk)
        .exists()
    )


@transaction.atomic
def account_deactivate(*, user: User, ward: Unit, by: Actor, reason: str = "") -> None:
    """The account can no longer log in (its sessions end at their next request); it and
    everything it did stay, under the person's name."""
    if user.pk == by.pk:
        raise ValidationError(ERROR_DEACTIVATE_SELF)
    membership = Membership.objects.filter(user=user).first()
    if membership and membership.role == Role.BOARD and not _other_active_board(user, ward):
        raise ValidationError(ERROR_LAST_BOARD)
    user.is_active = False
    user.save(update_fields=["is_active"])
    _record(user, AccountEventKind.DEACTIVATED, by, normalize_line(reason))


@transaction.atomic
def account_reactivate(*, user: User, by: Actor) -> None:
    user.is_active = True
    user.save(update_fields=["is_active"])
    _record(user, AccountEventKind.REACTIVATED, by)


@dataclass(frozen=True)
class HandoverRequest:
    """Hand `unit` to an existing account (`to_user`) or a new one (`new_person`); the
    previous secretary's account is deactivated, or moved to `previous_assignment`."""

    unit: Unit
    on: datetime.date
    to_user: User | None = None
    new_person: Person | None = None
    new_position: str = ""
    previous_assignment: Assignment | None = None
    note: str = ""


@dataclass(frozen=True)
class HandoverResult:
    handover: Handover
    new_user: User
    temporary_password: str | None  # set when a new account was created


def _check_receiver(request: HandoverRequest, previous: list[User]) -> None:
    if request.on > timezone.localdate():
        raise ValidationError({"on": ERROR_HANDOVER_FUTURE})
    if request.to_user is None and request.new_person is None:
        raise ValidationError(ERROR_HANDOVER_NEEDS_PERSON)
    receiver = request.to_user
    if receiver is None:
        return
    if not receiver.is_active:
        raise ValidationError({"to_user": ERROR_HANDOVER_INACTIVE})
    if any(p.pk == receiver.pk for p in previous):
        raise ValidationError({"to_user": ERROR_HANDOVER_SAME})
    membership = Membership.objects.filter(user=receiver).first()
    if membership is not None and membership.role in WARD_SEATED_ROLES:
        raise ValidationError({"to_user": ERROR_HANDOVER_WARD_ROLE})


def _settle_previous(previous: list[User], request: HandoverRequest, ward: Unit, by: Actor) -> str:
    """Deactivate the previous secretaries' accounts or move them; say which."""
    outcomes = []
    for old in previous:
        if request.previous_assignment is not None:
            check_assignment(request.previous_assignment, ward=ward)
            membership = Membership.objects.select_for_update().get(user=old)
            membership.role = request.previous_assignment.role
            membership.unit = request.previous_assignment.unit
            membership.position = normalize_line(request.previous_assignment.position)
            membership.full_clean()
            membership.save()
            outcome = f"chuyển sang {_describe(request.previous_assignment)}"
        else:
            old.is_active = False
            old.save(update_fields=["is_active"])
            outcome = "đã khóa"
        _record(old, AccountEventKind.HANDED_OVER, by, f"{request.unit.name}; tài khoản {outcome}")
        outcomes.append(outcome)
    return "; ".join(outcomes)


@transaction.atomic
def unit_handover(*, request: HandoverRequest, ward: Unit, by: Actor) -> HandoverResult:
    """Seed 000 keeps a unit's secretary answerable for its plan: when the secretary
    changes, the unit passes to the new person's own account, and the registry's
    "Bí thư" follows."""
    unit = Unit.objects.select_for_update().get(pk=request.unit.pk)
    if unit.kind in (Kind.WARD, Kind.CITY):
        raise ValidationError(ERROR_SECRETARY_UNIT)
    previous = list(secretary_accounts(unit).filter(is_active=True))
    _check_receiver(request, previous)
    assignment = Assignment(Role.SECRETARY, unit, request.new_position)
    password = None
    if request.to_user is not None:
        receiver: User = request.to_user
        membership = Membership.objects.filter(user=receiver).first() or Membership(user=receiver)
        membership.role, membership.unit = Role.SECRETARY, unit
        membership.position = normalize_line(request.new_position) or membership.position
        membership.full_clean()
        membership.save()
    elif request.new_person is None:
        raise ValidationError(ERROR_HANDOVER_NEEDS_PERSON)
    else:
        receiver, password = account_create(
            person=request.new_person, assignment=assignment, ward=ward, by=by
        )
    outcome = _settle_previous(previous, request, ward, by)
    handover = Handover.objects.create(
        unit=unit,
        previous_user=previous[0] if previous else None,
        new_user=receiver,
        handed_over_on=request.on,
        note=normalize_line(request.note),
        previous_account_outcome=outcome,
        recorded_by=by,
    )
    _record(receiver, AccountEventKind.RECEIVED, by, unit.name)
    full_name = f"{receiver.last_name} {receiver.first_name}".strip()
    if full_name and full_name != unit.secretary_name:
        unit_update(unit=unit, data={"secretary_name": full_name}, expected_version=unit.version)
    return HandoverResult(handover, receiver, password)
