"""The login's second throttle: by address, against password spraying.

django-axes locks a username from one address after five failures (settings.AXES_*). That
never slows someone who tries many usernames once each. So an address with more than
LOGIN_ADDRESS_FAILURE_LIMIT failures in the last LOGIN_ADDRESS_WINDOW is throttled: its
login attempts are refused before any password is checked, until enough of those failures
are older than the window.

A ward office shares one public address, and one colleague's mistakes (or an attacker on
the same network) must not stop everybody else. A browser that has logged in before keeps
a signed "known device" cookie naming the accounts that logged in on it; an attempt for one
of those accounts is not throttled (the username+address lockout still applies to it). So
colleagues on their usual machines log in as always, while a sprayer, who has no such
cookie, gets at most LOGIN_ADDRESS_FAILURE_LIMIT guesses per window from an address.
"""

import datetime
import logging

from axes.models import AccessFailureLog
from django.conf import settings
from django.core import signing
from django.http import HttpRequest, HttpResponse
from django.utils import timezone

from organizations.access import client_ip

log = logging.getLogger(__name__)

KNOWN_DEVICE_COOKIE = "thiet_bi_da_dang_nhap"
KNOWN_DEVICE_SALT = "organizations.login_guard.known-device"
# A shared office computer may serve a few colleagues; the cookie remembers the latest ones.
KNOWN_DEVICE_ACCOUNTS = 8

ERROR_ADDRESS_THROTTLED = (
    "Có quá nhiều lần đăng nhập sai từ mạng này trong {minutes} phút qua, nên tạm thời chỉ "
    "máy đã từng đăng nhập tài khoản này mới đăng nhập được. Vui lòng thử lại sau {until}, "
    "đăng nhập trên máy đồng chí vẫn thường dùng, hoặc liên hệ Ban Xây dựng Đảng."
)


def address_throttled_until(ip: str, now: datetime.datetime) -> datetime.datetime | None:
    """When the address may try again, or None if it is not throttled now.

    Throttled while more than the limit of failures from it fall within the window; it is
    free again once the oldest failures beyond the limit have aged out of the window."""
    window = settings.LOGIN_ADDRESS_WINDOW
    limit = settings.LOGIN_ADDRESS_FAILURE_LIMIT
    recent = list(
        AccessFailureLog.objects.filter(ip_address=ip, attempt_time__gt=now - window)
        .order_by("-attempt_time")
        .values_list("attempt_time", flat=True)[: limit + 1]
    )
    if len(recent) <= limit:
        return None
    # The (limit+1)-th newest failure must leave the window before the count is back at limit.
    return recent[limit] + window


def known_accounts(request: HttpRequest) -> list[str]:
    """Usernames that logged in on this browser before (an unreadable cookie is none)."""
    value = request.COOKIES.get(KNOWN_DEVICE_COOKIE)
    if not value:
        return []
    try:
        names = signing.loads(
            value, salt=KNOWN_DEVICE_SALT, max_age=settings.LOGIN_KNOWN_DEVICE_AGE
        )
    except signing.BadSignature:
        return []
    return [name for name in names if isinstance(name, str)] if isinstance(names, list) else []


def refusal(request: HttpRequest, username: str) -> str | None:
    """The message refusing this attempt before its password is checked, or None."""
    ip = client_ip(request)
    until = address_throttled_until(ip, timezone.now())
    if until is None or username in known_accounts(request):
        return None
    log.warning("login throttled for address %s (username %r)", ip, username)
    return ERROR_ADDRESS_THROTTLED.format(
        minutes=int(settings.LOGIN_ADDRESS_WINDOW.total_seconds() // 60),
        until=f"{timezone.localtime(until):%H:%M}",
    )


def remember_device(request: HttpRequest, response: HttpResponse, username: str) -> None:
    """After a successful login: this browser is now known for this account."""
    names = [username, *(n for n in known_accounts(request) if n != username)]
    response.set_cookie(
        KNOWN_DEVICE_COOKIE,
        signing.dumps(names[:KNOWN_DEVICE_ACCOUNTS], salt=KNOWN_DEVICE_SALT),
        max_age=int(settings.LOGIN_KNOWN_DEVICE_AGE.total_seconds()),
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
        samesite="Lax",
    )
