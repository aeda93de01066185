"""«Tệp đã xuất»: the offer of a long file, its progress page (polled while it is made),
the download, and the list of one's own files."""

from django.conf import settings
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from ..models import ExportJob, ExportStatus
from .kinds import KINDS, ExportRefused
from .services import export_params, export_request, kept_since, stalled_reason


def _job_for(request, pk) -> ExportJob:
    """One's own file; anyone else's is not found (404), as it is for a unit one may not see."""
    job = (
        ExportJob.objects.filter(
            pk=pk, requested_by=request.user, created_at__gte=kept_since(timezone.now())
        )
        .defer("content")
        .first()
    )
    if job is None:
        raise Http404("Không có tệp này (hoặc đã quá hạn lưu).")
    return job


@require_http_methods(["GET", "POST"])
def export_new(request) -> HttpResponse:
    """GET: what will be made, with one button (a GET never queues anything); POST: queue
    it, or join the same request under way, and go to its progress page."""
    data = request.POST if request.method == "POST" else request.GET
    kind = data.get("kind", "")
    try:
        params = export_params(kind, data)
        if request.method == "POST":
            job = export_request(user=request.user, kind=kind, params=params)
            return redirect("exports:detail", pk=job.pk)
        title = KINDS[kind].title(request.user, params)
    except ExportRefused as exc:  # what was asked cannot be made: say why, queue nothing
        return render(request, "reporting/export_new.html", {"refused": str(exc)}, status=400)
    return render(
        request,
        "reporting/export_new.html",
        {"kind": kind, "params": params, "title": title},
    )


def export_detail(request, pk) -> HttpResponse:
    job = _job_for(request, pk)
    template = (
        "reporting/includes/export_status.html"
        if request.headers.get("HX-Request")
        else "reporting/export_detail.html"
    )
    return render(
        request,
        template,
        {
            "job": job,
            "stalled": job.stalled(timezone.now()),
            "stalled_reason": stalled_reason(),
            "keep_days": settings.EXPORT_KEEP_DAYS,
        },
    )


def export_download(request, pk) -> HttpResponse:
    job = _job_for(request, pk)
    if job.status != ExportStatus.DONE:
        raise Http404("Tệp chưa tạo xong.")
    content = ExportJob.objects.values_list("content", flat=True).get(pk=job.pk)
    response = HttpResponse(bytes(content or b""), content_type=job.content_type)
    response["Content-Disposition"] = f'attachment; filename="{job.filename}"'
    return response


def export_list(request) -> HttpResponse:
    now = timezone.now()
    jobs = (
        ExportJob.objects.filter(requested_by=request.user, created_at__gte=kept_since(now))
        .defer("content")
        .order_by("-created_at")[:200]
    )
    return render(
        request,
        "reporting/export_list.html",
        {"rows": [(job, job.stalled(now)) for job in jobs], "keep_days": settings.EXPORT_KEEP_DAYS},
    )
