"""Asking for a file in the background, and making it.

One person asking for the same file (kind and parameters) while it is queued or being made
joins that request (a database constraint holds it, whatever two clicks race); a finished
file is reused while the figures it was made from stand (reporting.versions) and the day is
the same (the forms carry the day's date); files go after EXPORT_KEEP_DAYS days."""

import datetime
import hashlib
import json
import logging
from collections.abc import Mapping
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.http import Http404
from django.utils import timezone

from organizations.types import Actor, Viewer

from ..models import ExportJob, ExportStatus
from ..versions import figures_version
from .kinds import KINDS, ExportRefused

logger = logging.getLogger(__name__)

UNDER_WAY = (ExportStatus.QUEUED, ExportStatus.RUNNING)


def export_params(kind: str, given: Mapping[str, Any]) -> dict[str, str]:
    """The kind's own parameters out of a request's (others are dropped; empty ones too)."""
    if kind not in KINDS:
        raise ExportRefused("Không có loại tệp này.")
    return {name: str(given[name]) for name in KINDS[kind].params if given.get(name)}


def export_key(user: Viewer, kind: str, params: dict[str, str]) -> str:
    raw = json.dumps([user.pk, kind, params], sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(raw.encode()).hexdigest()


def stale_before(now: datetime.datetime) -> datetime.datetime:
    return now - datetime.timedelta(minutes=settings.EXPORT_STALE_MINUTES)


def kept_since(now: datetime.datetime) -> datetime.datetime:
    return now - datetime.timedelta(days=settings.EXPORT_KEEP_DAYS)


def _fingerprint() -> str:
    return f"{figures_version()}:{timezone.localdate().isoformat()}"


def export_request(*, user: Actor, kind: str, params: dict[str, str]) -> ExportJob:
    """The job for this file: the one under way, a reusable one, or a new one queued."""
    from .tasks import export_build

    title = KINDS[kind].title(user, params)  # refuses what the person may not see
    key = export_key(user, kind, params)
    now = timezone.now()
    fingerprint = _fingerprint()
    ExportJob.objects.filter(created_at__lt=kept_since(now)).delete()
    ExportJob.objects.filter(
        key=key, status__in=UNDER_WAY, created_at__lt=stale_before(now)
    ).update(status=ExportStatus.FAILED, error=stalled_reason(), finished_at=now)
    existing = (
        ExportJob.objects.filter(key=key, status__in=UNDER_WAY).first()
        or ExportJob.objects.filter(key=key, status=ExportStatus.DONE, fingerprint=fingerprint)
        .defer("content")
        .first()
    )
    if existing is not None:
        return existing
    try:
        with transaction.atomic():
            job = ExportJob.objects.create(
                kind=kind,
                params=params,
                key=key,
                title=title[:240],
                requested_by=user,
                fingerprint=fingerprint,
            )
            # In the same transaction: a worker sees the task only with its job.
            export_build.enqueue(str(job.pk))
    except IntegrityError:  # the same request, a moment earlier: join it
        return ExportJob.objects.get(key=key, status__in=UNDER_WAY)
    return job


def stalled_reason() -> str:
    return (
        f"Tệp chưa được tạo sau {settings.EXPORT_STALE_MINUTES} phút (bộ xử lý nền không chạy "
        "hoặc đã dừng giữa chừng). Xin yêu cầu lại; nếu vẫn vậy, báo quản trị hệ thống."
    )


def export_run(*, job_id: str) -> None:
    """Make the file (what the worker's task does): running → done, or failed with the
    reason in Vietnamese. A job already taken or gone is left alone."""
    now = timezone.now()
    if not ExportJob.objects.filter(pk=job_id, status=ExportStatus.QUEUED).update(
        status=ExportStatus.RUNNING, started_at=now, progress=5
    ):
        return
    job = ExportJob.objects.select_related("requested_by").defer("content").get(pk=job_id)
    kind = KINDS[job.kind]

    def progress(percent: int) -> None:
        ExportJob.objects.filter(pk=job_id).update(progress=max(5, min(percent, 99)))

    try:
        made = kind.make(job.requested_by, job.params, timezone.localdate(), progress)
    except (ExportRefused, ValidationError, PermissionDenied, Http404) as exc:
        reason = " ".join(exc.messages) if isinstance(exc, ValidationError) else str(exc)
        _failed(job_id, reason or "Không được tạo tệp này.")
        return
    except Exception:
        logger.exception("export %s (%s) failed", job_id, job.kind)
        _failed(job_id, "Có lỗi khi tạo tệp. Xin thử lại; nếu vẫn lỗi, báo quản trị hệ thống.")
        return
    ExportJob.objects.filter(pk=job_id).update(
        status=ExportStatus.DONE,
        progress=100,
        content=made.content,
        size=len(made.content),
        filename=made.filename,
        content_type=made.content_type,
        finished_at=timezone.now(),
    )


def _failed(job_id: str, reason: str) -> None:
    ExportJob.objects.filter(pk=job_id).update(
        status=ExportStatus.FAILED, error=reason, finished_at=timezone.now()
    )
