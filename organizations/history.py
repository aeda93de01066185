"""What django-simple-history records with a row's next save, when the request (through
HistoryRequestMiddleware) cannot say it: a command line or an import acting for someone."""

from typing import Any, cast

from django.db.models import Model

from .types import User


def record_as(instance: Model, user: User | None, *, reason: str = "") -> None:
    """The next save of `instance` is recorded as done by `user`, with `reason` if given."""
    row = cast(Any, instance)  # simple-history reads these two attributes off the instance
    row._history_user = user
    if reason:
        row._change_reason = reason
