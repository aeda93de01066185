"""When the figures last changed: one counter, raised inside the transaction of every write
that can change a figure shown on the dashboard or in a form, so that what is cached or
reused from an earlier version is never shown as current.

Which writes raise it: a save or a delete (and a change of a many-to-many) of any model of
the organizations, consolidation and reporting apps, except those that hold no figure —
NOT_FIGURES below (notices, calendar feeds, exported files, reminders' log, account events,
history rows, the counter itself). A model added later counts by default. A bulk create or
update sends no model signal: where one is not in the same transaction as a save of a
counted model (the registry import, a step taken back), the service sends
organizations.signals.figures_written instead."""

import hashlib
from collections.abc import Callable, Iterable
from typing import TypeVar

from django.apps import apps
from django.conf import settings
from django.core.cache import cache
from django.db.models import F
from django.db.models.signals import m2m_changed, post_delete, post_save

from organizations.selectors import membership_of
from organizations.signals import figures_written
from organizations.types import Viewer

T = TypeVar("T")

NOT_FIGURES = {
    "consolidation.notice",
    "consolidation.calendarfeed",
    "consolidation.reminderlog",
    "organizations.accountevent",
    "reporting.exportjob",
    "reporting.figuresversion",
}
APPS = ("organizations", "consolidation", "reporting")


def figures_version() -> int:
    """The current version (one query)."""
    from .models import FiguresVersion

    return FiguresVersion.objects.filter(pk=1).values_list("version", flat=True).first() or 0


def figures_changed() -> None:
    from .models import FiguresVersion

    if not FiguresVersion.objects.filter(pk=1).update(version=F("version") + 1):
        FiguresVersion.objects.get_or_create(pk=1, defaults={"version": 1})


def kept(user: Viewer, parts: Iterable[object], build: Callable[[], T]) -> T:
    """What `build` gives, kept DASHBOARD_CACHE_SECONDS under `parts` (what was asked: the
    day among them when the answer depends on it) and what the user may see (their role and
    unit), and never past a write that changes a figure: the key carries the version."""
    membership = membership_of(user)
    raw = "\x1f".join(
        str(part)
        for part in (
            figures_version(),
            *parts,
            membership.role if membership else "",
            membership.unit_id if membership else "",
        )
    )
    key = "kept:" + hashlib.sha256(raw.encode()).hexdigest()  # short and plain on any backend
    value = cache.get(key)
    if value is None:
        value = build()
        cache.set(key, value, settings.DASHBOARD_CACHE_SECONDS)
    return value


def _counts(sender) -> bool:
    meta = sender._meta
    return (
        meta.apps is apps  # not a migration's historical model
        and meta.app_label in APPS
        and meta.label_lower not in NOT_FIGURES
        and not meta.object_name.startswith("Historical")
    )


def _on_write(sender, raw=False, **kwargs) -> None:
    if not raw and _counts(sender):
        figures_changed()


def _on_m2m(sender, action, **kwargs) -> None:
    if action.startswith("post_") and _counts(sender):
        figures_changed()


def _on_bulk(sender, **kwargs) -> None:
    figures_changed()


def connect() -> None:
    """Called once from ReportingConfig.ready()."""
    for model in apps.get_models():
        if _counts(model):
            post_save.connect(_on_write, sender=model, dispatch_uid=f"figures-{model._meta.label}")
            post_delete.connect(
                _on_write, sender=model, dispatch_uid=f"figures-del-{model._meta.label}"
            )
    m2m_changed.connect(_on_m2m, dispatch_uid="figures-m2m")
    figures_written.connect(_on_bulk, dispatch_uid="figures-bulk")
