"""An uploaded file kept between its preview and its confirmation: written under
MEDIA_ROOT/imports with a random token that only this user's session knows, and taken back
once, when the person confirms. Those never confirmed are removed after a day
(`manage.py purge_stale_uploads`, in the daily cron)."""

import datetime
import secrets
from pathlib import Path

from django.conf import settings
from django.utils import timezone


def _path(request, key: str, token: str) -> Path:
    folder = Path(settings.MEDIA_ROOT) / "imports"
    folder.mkdir(parents=True, exist_ok=True)
    return folder / f"{key}-{request.user.pk}-{token}.xlsx"


def stash(request, key: str, data: bytes, **details) -> str:
    """Keep the file until confirmed; returns the token the confirm form posts back."""
    token = secrets.token_urlsafe(16)
    _path(request, key, token).write_bytes(data)
    request.session[key] = {"token": token, **details}
    return token


def take(request, key: str) -> tuple[bytes, dict] | None:
    """The stashed file and its details, removed as they are taken; None when the posted
    token is not this session's or the file is gone (the preview has expired)."""
    pending = request.session.pop(key, None) or {}
    token = request.POST.get("token", "")
    if not token or pending.get("token") != token:
        return None
    path = _path(request, key, token)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return None
    path.unlink(missing_ok=True)
    return data, pending


def purge_stale(
    *, older_than: datetime.timedelta, now: datetime.datetime | None = None
) -> list[Path]:
    """Remove kept uploads whose preview was never confirmed (older than `older_than`);
    the paths removed. Run daily by `purge_stale_uploads`."""
    folder = Path(settings.MEDIA_ROOT) / "imports"
    if not folder.is_dir():
        return []
    limit = (now or timezone.now()).timestamp() - older_than.total_seconds()
    removed = []
    for path in folder.iterdir():
        if path.is_file() and path.stat().st_mtime < limit:
            path.unlink(missing_ok=True)
            removed.append(path)
    return removed
