"""A discussion's writes (a remark or reply, an edit, hiding), its files, and the task page
where a task's discussion lives. A refused remark is shown again with what was typed."""

from django.contrib import messages
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from organizations.access import role_of
from organizations.concurrency import EditConflict
from organizations.models import Role

from ..access import Discussed, get_discussed_for_user, get_plan_for_user
from ..forms.discussion import RemarkEditForm, RemarkForm, RemarkHideForm
from ..models import Remark, RemarkFile, Task
from ..selectors.discussion import thread
from ..services import discussion as services
from .files import file_response


def _remark_of(about: Discussed, pk) -> Remark:
    content_type = ContentType.objects.get_for_model(about.obj)
    return get_object_or_404(Remark, pk=pk, content_type=content_type, object_id=about.obj.pk)


@require_POST
def remark_post(request, kind: str, pk: int):
    about = get_discussed_for_user(request.user, kind, pk)
    form = RemarkForm(request.POST, request.FILES)
    if form.is_valid():
        parent_pk = form.cleaned_data["parent"]
        try:
            remark = services.remark_add(
                about=about,
                text=form.cleaned_data["text"],
                parent=_remark_of(about, parent_pk) if parent_pk else None,
                uploads=form.cleaned_data["attachments"],
                by=request.user,
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, "Đã gửi ý kiến.")
            return redirect(f"{about.url}#remark-{remark.pk}")
    return render(
        request,
        "consolidation/discussion_page.html",
        {"about": about, **discussion_context(request, about, form)},
    )


def discussion_context(request, about: Discussed, form: RemarkForm) -> dict:
    """What includes/discussion.html needs, on the object's page or after a refusal."""
    address = reverse("consolidation:remark_post", args=[about.kind, about.obj.pk])
    return {
        "remarks": thread(about),
        "form": form,
        "post_url": address,
        "change_url": address,  # + the remark's id
        "user": request.user,
        "now": timezone.now(),
        "can_moderate": role_of(request.user) == Role.BOARD,
    }


@require_POST
def remark_change(request, kind: str, pk: int, remark_pk: int):
    """Edit (the author, within 15 minutes) or hide (the author or the Board, with a reason)."""
    about = get_discussed_for_user(request.user, kind, pk)
    remark = _remark_of(about, remark_pk)
    try:
        if request.POST.get("action") == "hide":
            hide = RemarkHideForm(request.POST)
            if not hide.is_valid():
                raise ValidationError(list(hide.errors["reason"]))
            services.remark_hide(remark=remark, reason=hide.cleaned_data["reason"], by=request.user)
            messages.success(request, "Đã ẩn ý kiến (vẫn lưu trong lịch sử).")
        else:
            edit = RemarkEditForm(request.POST)
            if not edit.is_valid():
                raise ValidationError("Hãy viết nội dung ý kiến.")
            services.remark_edit(
                remark=remark,
                about=about,
                text=edit.cleaned_data["text"],
                by=request.user,
                expected_version=edit.cleaned_data["version"],
            )
            messages.success(request, "Đã sửa ý kiến.")
    except (ValidationError, EditConflict) as exc:
        messages.error(request, " ".join(getattr(exc, "messages", [str(exc)])))
    return redirect(f"{about.url}#remark-{remark.pk}")


def remark_file(request, pk: int):
    evidence = RemarkFile.objects.select_related("remark__content_type").filter(pk=pk).first()
    if evidence is None or evidence.remark.hidden:
        raise Http404("Không tìm thấy tệp.")
    remark = evidence.remark
    kind = KIND_OF_MODEL.get(remark.content_type.model)
    if kind is None:
        raise Http404("Không tìm thấy tệp.")
    get_discussed_for_user(request.user, kind, remark.object_id)
    return file_response(evidence)


# ContentType.model of each discussed model → its kind in the addresses
KIND_OF_MODEL = {
    "task": "nhiem-vu",
    "quarterlyupdate": "bao-cao-quy",
    "review": "danh-gia",
    "complexcase": "vu-viec",
    "inspection": "kiem-tra",
}


def task_detail(request, pk: int, task_pk: int):
    """A task's page: its six points and its discussion (any reader of the plan)."""
    plan = get_plan_for_user(request.user, pk)
    task = get_object_or_404(
        Task.objects.select_related("group", "person_user"), pk=task_pk, plan=plan
    )
    return render(
        request,
        "consolidation/task_detail.html",
        {"plan": plan, "task": task},
    )
