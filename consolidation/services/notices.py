"""Notices to the people who must act (the inbox), made by the services where the event
happens; e-mailed too where the person has an address and no e-mail said it already."""

import datetime
from collections.abc import Iterable

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone

from organizations.models import Role, Unit
from organizations.selectors import display_name, ward_of_unit
from organizations.text import normalize_text
from organizations.types import Actor, User

from ..access import require_board
from ..models import UNREAD, Notice, NoticeKind
from ..notifications import absolute, send


def ward_people(unit: Unit, *roles: str) -> QuerySet:
    """Active accounts of the unit's ward in these roles (the Standing Committee, the Board)."""
    ward = ward_of_unit(unit)
    return get_user_model().objects.filter(
        membership__unit=ward, membership__role__in=roles, is_active=True
    )


def unit_secretaries(unit: Unit) -> QuerySet:
    return get_user_model().objects.filter(
        membership__unit=unit, membership__role=Role.SECRETARY, is_active=True
    )


@transaction.atomic
def notify(
    *,
    recipients: Iterable[User],
    kind: str,
    text: str,
    url: str,
    unit: Unit | None = None,
    by: Actor | None = None,
    email: bool = True,
    key: str = "",
) -> list[Notice]:
    """A notice to each recipient but the person who acted; with `key`, at most one per
    recipient (a daily reminder run twice makes none the second time)."""
    made = []
    for user in {u.pk: u for u in recipients}.values():
        if by is not None and user.pk == by.pk:
            continue
        notice = Notice(recipient=user, kind=kind, text=text[:300], url=url, unit=unit, key=key)
        if key:
            try:
                with transaction.atomic():
                    notice.save()
            except IntegrityError:
                continue
        else:
            notice.save()
        made.append(notice)
    if email:
        mailed = [(n, n.recipient) for n in made if n.recipient.email]
        transaction.on_commit(lambda: _mail(mailed))
    return made


def _mail(mailed: list[tuple[Notice, User]]) -> None:
    for notice, user in mailed:
        send(
            f"[Củng cố TCCSĐ] {notice.get_kind_display()}",
            "emails/notice.txt",
            {"notice": notice, "name": display_name(user), "url": absolute(notice.url)},
            [user.email],
        )


def notice_open(*, notice: Notice, by: Actor) -> Notice:
    """The person opens a notice of theirs: it is read from now on."""
    if notice.recipient_id != by.pk:
        raise Notice.DoesNotExist
    if notice.read_at is None:
        notice.read_at = timezone.now()
        notice.save(update_fields=["read_at"])
    return notice


def notices_read_all(*, by: Actor) -> int:
    return Notice.objects.filter(UNREAD, recipient=by).update(read_at=timezone.now())


def daily_key(prefix: str, pk: int, today: datetime.date) -> str:
    return f"{prefix}:{pk}:{today.isoformat()}"


REMINDER_NEEDS_TEXT = "Ghi nội dung nhắc việc."


def units_remind(*, units: Iterable[Unit], text: str, by: Actor) -> int:
    """The Board reminds the secretaries of the chosen units (inbox and e-mail); returns how
    many people were told."""
    require_board(by)
    text = normalize_text(text)
    if not text:
        raise ValidationError({"text": REMINDER_NEEDS_TEXT})
    told = 0
    for unit in units:
        told += len(
            notify(
                recipients=unit_secretaries(unit),
                kind=NoticeKind.REMINDER,
                text=f"Ban Xây dựng Đảng nhắc {unit.name}: {text}",
                url=reverse("consolidation:quarterly_home"),
                unit=unit,
                by=by,
            )
        )
    return told
