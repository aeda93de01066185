"""Downloads of uploaded evidence, each behind the access check of what it belongs to."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.shortcuts import redirect
from django.views.decorators.http import require_POST

from ..access import (
    get_case_for_user,
    get_plan_for_user,
    get_review_for_user,
    get_update_for_user,
)
from ..models import (
    CaseFile,
    ProgressEvidence,
    ReviewEvidence,
    StepFile,
)
from ..services import quarterly as quarterly_services


def review_evidence(request, pk: int):
    evidence = ReviewEvidence.objects.select_related("review").filter(pk=pk).first()
    if evidence is None:
        raise Http404("Không tìm thấy tệp.")
    get_review_for_user(request.user, evidence.review_id)  # 404 outside the person's scope
    return file_response(evidence)


def file_response(evidence):
    try:
        handle = evidence.file.open("rb")
    except FileNotFoundError as exc:
        raise Http404("Tệp không còn trên máy chủ.") from exc
    response = FileResponse(handle, as_attachment=True, filename=evidence.original_name)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


def step_file(request, pk: int):
    evidence = StepFile.objects.select_related("step").filter(pk=pk).first()
    if evidence is None:
        raise Http404("Không tìm thấy tệp.")
    get_plan_for_user(request.user, evidence.step.plan_id)
    return file_response(evidence)


def progress_file(request, pk: int):
    evidence = (
        ProgressEvidence.objects.select_related("task_progress__update").filter(pk=pk).first()
    )
    if evidence is None:
        raise Http404("Không tìm thấy tệp.")
    get_update_for_user(request.user, evidence.task_progress.update_id)
    return file_response(evidence)


@require_POST
def progress_file_remove(request, pk: int):
    evidence = (
        ProgressEvidence.objects.select_related("task_progress__update").filter(pk=pk).first()
    )
    if evidence is None:
        raise Http404("Không tìm thấy tệp.")
    update = get_update_for_user(request.user, evidence.task_progress.update_id)
    name = evidence.original_name
    try:
        quarterly_services.evidence_remove(evidence=evidence, by=request.user)
    except PermissionDenied as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, f"Đã gỡ tệp «{name}» khỏi báo cáo (vẫn lưu trong lịch sử).")
    back = (
        "consolidation:update_edit"
        if request.POST.get("from") == "edit"
        else "consolidation:update_detail"
    )
    return redirect(back, pk=update.pk)


def case_file(request, pk: int):
    evidence = CaseFile.objects.select_related("entry").filter(pk=pk).first()
    if evidence is None:
        raise Http404("Không tìm thấy tệp.")
    get_case_for_user(request.user, evidence.entry.case_id)
    return file_response(evidence)
