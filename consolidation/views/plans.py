"""Plan pages: the list, a plan and its six steps, objectives, tasks, submission, the
Standing Committee's decisions, evaluations and comments."""

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Page, Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from config.paging import query_without
from organizations.access import role_of
from organizations.concurrency import EditConflict
from organizations.forms import keep_typed_at_version
from organizations.list_export import excel_response, wants_excel
from organizations.models import Role

from ..access import (
    can_edit_plan,
    can_edit_register,
    comment_kinds_for,
    get_plan_for_user,
    require_role,
)
from ..forms.common import ReasonForm
from ..forms.plans import (
    ApproveForm,
    CommentForm,
    ConsultationForm,
    EvaluationForm,
    ExtendForm,
    ObjectiveForm,
    PlanFilterForm,
    PlanForm,
    RecognizeForm,
    StepForm,
    TaskForm,
    WithdrawForm,
)
from ..models import (
    DRAFT_STATUSES,
    SIX_POINTS,
    CommentKind,
    Finding,
    Objective,
    PlanStatus,
    Task,
    TaskStatus,
)
from ..resources import PlanResource, TaskResource
from ..selectors.plans import plan_list, plan_page, plan_task_changes, with_plan_details
from ..selectors.registers import registers_for
from ..services import approval as approval_services
from ..services import evaluations as evaluation_services
from ..services import plans as plan_services
from ..services import tasks as task_services
from ..services.approval import ConsultationInput

PAGE_SIZE = 50


STANDING_ONLY = "Chỉ Ban Thường vụ được thực hiện việc này."


def plans(request):
    today = timezone.localdate()
    form = PlanFilterForm(request.GET or None)
    filters = form.filters(request.user)
    listed = plan_list(request.user, filters, today)
    if wants_excel(request):
        return excel_response(
            PlanResource(), listed.select_related("unit"), "Danh sách đề án, kế hoạch"
        )
    page: Page[Any] = Paginator(listed.values_list("pk", flat=True), PAGE_SIZE).get_page(
        request.GET.get("trang")
    )
    ids = list(page.object_list)
    rows = {p.pk: p for p in with_plan_details(listed.filter(pk__in=ids))}
    page.object_list = [rows[pk] for pk in ids]
    return render(
        request,
        "consolidation/plan_list.html",
        {
            "form": form,
            "page": page,
            "query": query_without(request),
            "today": today,
            "under": filters.under,
        },
    )


def plan_detail(request, pk: int):
    plan = get_plan_for_user(request.user, pk)
    if wants_excel(request):  # the plan's tasks
        rows = plan.tasks.select_related("group").order_by("group__number", "pk")
        return excel_response(TaskResource(), rows, f"Nhiệm vụ {plan.unit.code}")
    today = timezone.localdate()
    role = role_of(request.user)
    page = plan_page(plan, today)
    tasks = page.tasks
    if request.GET.get("tre"):
        tasks = [(i, t) for i, t in tasks if t.is_overdue_on(today)]
    sort = request.GET.get("sap_xep")
    if sort == "han":
        tasks = sorted(tasks, key=lambda it: (it[1].deadline is None, it[1].deadline or today))
    elif sort == "tinh_trang":
        order = ["in_progress", "not_started", "done", "cancelled"]
        tasks = sorted(tasks, key=lambda it: order.index(it[1].status))
    return render(
        request,
        "consolidation/plan_detail.html",
        {
            "page": page,
            "tasks": tasks,
            "six_points": SIX_POINTS,
            "show_late": bool(request.GET.get("tre")),
            "plan": plan,
            "today": today,
            "can_add_case": can_edit_register(request.user, "case"),
            "can_edit": can_edit_plan(request.user, plan),
            "is_standing": role == Role.STANDING,
            "is_board": role == Role.BOARD,
            "registers": registers_for(plan.unit),
            "evaluations": plan.evaluations.prefetch_related(
                "limitations", "objective_results__objective"
            ).select_related("by"),
            "extensions": plan.extensions.select_related("by"),
            "withdrawals": plan.withdrawals.select_related("by"),
            "continuations": plan.continuations.select_related("by", "review__round"),
            "consultations": plan.consultations.select_related("by"),
            "draft_statuses": DRAFT_STATUSES,
            "comments": plan.comments.select_related("by"),
            # what the Standing Committee said, at the top while the plan stays returned
            "return_comment": plan.comments.filter(kind=CommentKind.RETURN)
            .select_related("by")
            .last()
            if plan.status == PlanStatus.RETURNED
            else None,
            "task_changes": plan_task_changes(plan),
            "approval_problems": approval_services.approval_problems(plan)
            if plan.status in DRAFT_STATUSES
            else [],
            "comment_form": CommentForm(kinds=kinds)
            if (kinds := comment_kinds_for(request.user))
            else None,
        },
    )


def _editable(request, plan):
    if not can_edit_plan(request.user, plan):
        raise PermissionDenied("Tài khoản này không sửa được đề án, kế hoạch này.")


def plan_edit(request, pk: int):
    plan = get_plan_for_user(request.user, pk)
    _editable(request, plan)
    form = PlanForm(request.POST or None, instance=plan)
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "version"}
        try:
            plan_services.plan_update(
                plan=plan, data=data, by=request.user, expected_version=form.cleaned_data["version"]
            )
        except EditConflict as exc:
            form.add_error(None, str(exc))
            keep_typed_at_version(form, exc.current.version)
        except (ValidationError, PermissionDenied) as exc:
            form.add_error(None, getattr(exc, "messages", [str(exc)]))
        else:
            messages.success(request, "Đã lưu thông tin đề án, kế hoạch.")
            return redirect("consolidation:plan_detail", pk=plan.pk)
    return render(request, "consolidation/plan_form.html", {"form": form, "plan": plan})


def step_edit(request, pk: int, number: int):
    plan = get_plan_for_user(request.user, pk)
    _editable(request, plan)
    if number not in range(1, 7):
        raise Http404
    step = plan.steps.get(number=number)
    form = StepForm(request.POST or None, request.FILES or None, instance=step)
    problems = []
    if request.method == "POST" and form.is_valid():
        complete = request.POST.get("action") == "complete"
        data = form.to_input()
        try:
            plan_services.step_record(
                plan=plan,
                number=number,
                data=data,
                by=request.user,
                complete=complete,
                expected_version=form.expected_version,
            )
        except EditConflict as exc:
            form.add_error(None, str(exc))
            keep_typed_at_version(form, exc.current.version)
        except ValidationError as exc:
            # Saved, files included; only completing was refused. The form goes on from the
            # saved version, and the page lists the files now attached.
            problems = exc.messages
            step = plan.steps.get(number=number)
            keep_typed_at_version(form, step.version)
            messages.error(request, "Đã lưu nhưng chưa hoàn thành bước được.")
        except PermissionDenied as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, f"Đã {'hoàn thành' if complete else 'lưu'} bước {number}.")
            return redirect("consolidation:plan_detail", pk=plan.pk)
    return render(
        request,
        "consolidation/step_form.html",
        {
            "plan": plan,
            "step": step,
            "form": form,
            "problems": problems
            or (
                plan_services.step_problems(plan, number) if not step.is_done and number < 5 else []
            ),
        },
    )


@require_POST
def step_reopen(request, pk: int, number: int):
    plan = get_plan_for_user(request.user, pk)
    _editable(request, plan)
    try:
        plan_services.step_reopen(plan=plan, number=number, by=request.user)
        messages.success(request, f"Đã mở lại bước {number} và các bước sau.")
    except (ValidationError, PermissionDenied) as exc:
        messages.error(request, " ".join(getattr(exc, "messages", [str(exc)])))
    return redirect("consolidation:plan_detail", pk=plan.pk)


def objective_form(request, pk: int, objective_pk: int | None = None):
    plan = get_plan_for_user(request.user, pk)
    _editable(request, plan)
    objective = get_object_or_404(Objective, pk=objective_pk, plan=plan) if objective_pk else None
    form = ObjectiveForm(request.POST or None, instance=objective, plan=plan)
    if request.method == "POST":
        if request.POST.get("action") == "delete" and objective:
            try:
                plan_services.objective_delete(objective=objective, by=request.user)
                messages.success(request, "Đã xóa mục tiêu.")
                return redirect("consolidation:plan_detail", pk=plan.pk)
            except ValidationError as exc:
                form.add_error(None, exc)
        elif form.is_valid():
            try:
                plan_services.objective_save(
                    plan=plan,
                    data=form.to_input(),
                    by=request.user,
                    objective=objective,
                    expected_version=form.expected_version,
                )
            except EditConflict as exc:
                form.add_error(None, str(exc))
                keep_typed_at_version(form, exc.current.version)
            except (ValidationError, PermissionDenied) as exc:
                form.add_error(None, getattr(exc, "messages", [str(exc)]))
            else:
                messages.success(request, "Đã lưu mục tiêu.")
                return redirect("consolidation:plan_detail", pk=plan.pk)
    return render(
        request,
        "consolidation/objective_form.html",
        {"plan": plan, "form": form, "objective": objective},
    )


def task_form(request, pk: int, task_pk: int | None = None):
    plan = get_plan_for_user(request.user, pk)
    _editable(request, plan)
    task = get_object_or_404(Task, pk=task_pk, plan=plan) if task_pk else None
    initial = (
        {}
        if task
        else {"group": request.GET.get("nhom"), "direction": request.GET.get("huong", "")}
    )
    form = TaskForm(
        request.POST or None, initial=initial, plan=plan, instance=task or Task(plan=plan)
    )
    conflict = None
    if request.method == "POST" and form.is_valid():
        try:
            saved = task_services.task_save(
                plan=plan,
                data=form.to_input(),
                by=request.user,
                task=task,
                reason=form.cleaned_data.get("reason", ""),
                expected_version=form.expected_version,
            )
        except EditConflict as exc:
            conflict = exc
            keep_typed_at_version(form, exc.current.version)
        except (ValidationError, PermissionDenied) as exc:
            if isinstance(exc, ValidationError) and hasattr(exc, "error_dict"):
                for field, errors in exc.message_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
            else:
                form.add_error(None, getattr(exc, "messages", [str(exc)]))
        else:
            missing = saved.missing_points()
            if missing and saved.status != TaskStatus.CANCELLED:
                messages.warning(
                    request, plan_services.TASK_DRAFT_BLOCKS.format(points=", ".join(missing))
                )
            else:
                messages.success(request, "Đã lưu nhiệm vụ.")
            return redirect("consolidation:plan_detail", pk=plan.pk)
    return render(
        request,
        "consolidation/task_form.html",
        {
            "plan": plan,
            "form": form,
            "task": task,
            "conflict": conflict,
            "conflict_task": conflict.current if conflict else None,
        },
    )


@require_POST
def plan_submit(request, pk: int):
    plan = get_plan_for_user(request.user, pk)
    _editable(request, plan)
    try:
        approval_services.plan_submit(plan=plan, by=request.user)
        messages.success(request, "Đã trình Ban Thường vụ phê duyệt.")
    except ValidationError as exc:
        messages.error(request, "\n".join(["Chưa trình được Ban Thường vụ:", *exc.messages]))
    return redirect("consolidation:plan_detail", pk=plan.pk)


def _standing_decision(request, pk, form_class, template, action, success, problems_of=None):
    plan = get_plan_for_user(request.user, pk)
    require_role(request.user, {Role.STANDING}, STANDING_ONLY)
    form = form_class(request.POST or None)
    # A decision page with a gate (approval, recognition) lists what still stands in the
    # way once, above the form; the service refuses with the same list.
    problems = problems_of(plan) if problems_of else []
    if request.method == "POST" and form.is_valid():
        try:
            action(plan, form.cleaned_data)
        except ValidationError as exc:
            if hasattr(exc, "error_dict"):
                for field, errors in exc.message_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
            elif remaining := [m for m in exc.messages if m not in problems]:
                form.add_error(None, remaining)
        else:
            messages.success(request, success)
            return redirect("consolidation:plan_detail", pk=plan.pk)
    return render(request, template, {"plan": plan, "form": form, "problems": problems})


def plan_approve(request, pk: int):
    return _standing_decision(
        request,
        pk,
        ApproveForm,
        "consolidation/plan_approve.html",
        lambda plan, d: approval_services.plan_approve(
            plan=plan, by=request.user, number=d["number"], issued_on=d["issued_on"]
        ),
        "Đã phê duyệt và ban hành. Nội dung lúc phê duyệt được lưu làm mốc so sánh.",
        approval_services.approval_problems,
    )


def plan_return(request, pk: int):
    return _standing_decision(
        request,
        pk,
        ReasonForm,
        "consolidation/plan_return.html",
        lambda plan, d: approval_services.plan_return(
            plan=plan, by=request.user, reason=d["reason"]
        ),
        "Đã trả lại để đơn vị hoàn thiện.",
    )


def plan_recognize(request, pk: int):
    return _standing_decision(
        request,
        pk,
        RecognizeForm,
        "consolidation/plan_recognize.html",
        lambda plan, d: evaluation_services.plan_recognize(
            plan=plan,
            by=request.user,
            decision_number=d["decision_number"],
            decided_on=d["decided_on"],
        ),
        "Đã công nhận hoàn thành củng cố.",
        evaluation_services.recognition_problems,
    )


def plan_withdraw_recognition(request, pk: int):
    return _standing_decision(
        request,
        pk,
        WithdrawForm,
        "consolidation/plan_withdraw.html",
        lambda plan, d: evaluation_services.plan_withdraw_recognition(
            plan=plan, by=request.user, reason=d["reason"]
        ),
        "Đã thu hồi công nhận; đề án, kế hoạch trở lại đang thực hiện.",
    )


def plan_extend(request, pk: int):
    return _standing_decision(
        request,
        pk,
        ExtendForm,
        "consolidation/plan_extend.html",
        lambda plan, d: evaluation_services.plan_extend(
            plan=plan, by=request.user, new_end=d["new_end"], reason=d["reason"]
        ),
        "Đã gia hạn.",
    )


def consultation_add(request, pk: int):
    """Step 5's "lấy ý kiến, hoàn thiện", recorded on the draft by whoever may edit it."""
    plan = get_plan_for_user(request.user, pk)
    _editable(request, plan)
    form = ConsultationForm(request.POST or None, initial={"held_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            approval_services.consultation_record(
                plan=plan, data=ConsultationInput(**form.cleaned_data), by=request.user
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, "Đã ghi việc lấy ý kiến.")
            return redirect("consolidation:plan_detail", pk=plan.pk)
    return render(request, "consolidation/consultation_form.html", {"plan": plan, "form": form})


def evaluation_add(request, pk: int):
    plan = get_plan_for_user(request.user, pk)
    require_role(
        request.user,
        {Role.BOARD, Role.STANDING},
        "Chỉ Ban Xây dựng Đảng, Ban Thường vụ ghi đánh giá kết quả.",
    )
    findings = (
        Finding.objects.filter(review=plan.review, present=True).select_related("indicator")
        if plan.review_id
        else Finding.objects.none()
    )
    phase = plan.phase_on(timezone.localdate())
    form = EvaluationForm(
        request.POST or None,
        findings=findings,
        objectives=plan.objectives.select_related("group"),
        initial={
            "kind": "final" if phase == 3 else "mid_term",
            "evaluated_on": timezone.localdate(),
        },
    )
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            evaluation_services.evaluation_record(
                plan=plan,
                kind=d["kind"],
                evaluated_on=d["evaluated_on"],
                clear_improvement=d["clear_improvement"],
                summary=d["summary"],
                limitations=form.limitations(),
                objectives=form.objective_assessments(),
                by=request.user,
            )
        except ValidationError as exc:
            form.add_error(None, exc.messages)
        else:
            messages.success(request, "Đã ghi đánh giá.")
            return redirect("consolidation:plan_detail", pk=plan.pk)
    return render(request, "consolidation/evaluation_form.html", {"plan": plan, "form": form})


@require_POST
def comment_add(request, pk: int):
    plan = get_plan_for_user(request.user, pk)
    form = CommentForm(request.POST, kinds=comment_kinds_for(request.user))
    if form.is_valid():
        try:
            plan_services.comment_add(
                plan=plan,
                by=request.user,
                kind=form.cleaned_data["kind"],
                text=form.cleaned_data["text"],
            )
            messages.success(request, "Đã ghi ý kiến.")
        except PermissionDenied as exc:
            messages.error(request, str(exc))
    else:
        messages.error(request, "Ý kiến chưa có nội dung.")
    return redirect("consolidation:plan_detail", pk=plan.pk)
