"""The client's address as the login throttle sees it."""

from django.conf import settings
from django.http import HttpRequest


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
