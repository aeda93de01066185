"""Quarterly update pages: the completeness grid, a unit's update (built for a phone, with
autosave), the Board's accept / return / reopen, and the quarter calendar."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from config.ids import posted_ids
from organizations.access import WARD_ROLES, role_of, ward_for
from organizations.concurrency import EditConflict
from organizations.forms import VERSION_MISSING, keep_typed_at_version
from organizations.list_export import excel_response, wants_excel
from organizations.models import Role
from organizations.paging import CountedPaginator
from organizations.selectors import units_visible_to

from ..access import (
    can_edit_update,
    get_plan_for_user,
    get_update_for_user,
    lock_reason,
    require_role,
    require_update_editor,
    update_start_refusal,
)
from ..forms.common import ReasonForm
from ..forms.quarterly import QuarterDatesForm, UpdateForm
from ..models import (
    Plan,
    Quarter,
    QuarterlyUpdate,
    parse_quarter_code,
)
from ..resources import QuarterlyGridResource
from ..selectors.quarterly import (
    AWAITING_CELLS,
    CELL_LABELS,
    completeness,
    current_quarter,
    grid_plans,
    grid_rates,
    grid_rows,
    missing_units,
    quarter_find,
    reporting_quarters,
    update_rows,
)
from ..services import notices as notice_services
from ..services import quarterly as quarterly_services

GRID_PAGE_SIZE = 100
# The countdown names this many units without a report, then says how many more.
MISSING_SHOWN = 30


def quarterly_home(request):
    ward = ward_for(request.user)
    today = timezone.localdate()
    quarter = current_quarter(ward, today)
    if role_of(request.user) == Role.SECRETARY:
        plans = [
            (plan, plan.reports_in(quarter))  # Plan.objects.expected_in, in memory
            for plan in Plan.objects.visible_to(request.user)
            .select_related("unit")
            .order_by("-started_on")
        ]
        updates = (
            QuarterlyUpdate.objects.filter(plan__in=Plan.objects.visible_to(request.user))
            .select_related("quarter", "plan__unit")
            .order_by("-quarter__year", "-quarter__number")
        )
        return render(
            request,
            "consolidation/quarterly_mine.html",
            {
                "quarter": quarter,
                "plans": plans,
                "updates": updates,
                "today": today,
                "days_left": (quarter.unit_deadline - today).days,
            },
        )
    quarters = reporting_quarters(ward, today)
    if wants_excel(request):
        return excel_response(
            QuarterlyGridResource(quarters, CELL_LABELS),
            completeness(request.user, ward, quarters).rows,
            "Báo cáo quý theo đơn vị",
        )
    listed = grid_plans(request.user, ward, quarters)
    rates = grid_rates(listed, quarters)
    page = CountedPaginator(listed, GRID_PAGE_SIZE, rates.listed).get_page(request.GET.get("trang"))
    missing = missing_units(request.user, ward, quarter)
    missing_count = missing.count()
    missing_shown = list(missing[:MISSING_SHOWN])
    return render(
        request,
        "consolidation/quarterly_grid.html",
        {
            "quarters": quarters,
            "rates": rates.quarters,
            "rows": grid_rows(list(page), quarters),
            "page": page,
            "query": "",
            "quarter": quarter,
            "missing": missing_shown,
            "missing_count": missing_count,
            "missing_more": missing_count - len(missing_shown),
            "days_left": (quarter.ward_deadline - today).days,
            "labels": CELL_LABELS,
            "awaiting_states": AWAITING_CELLS,
            "is_board": role_of(request.user) == Role.BOARD,
            "today": today,
        },
    )


@require_POST
def updates_accept_many(request):
    """The Board accepts the reports ticked on the grid, each with the checks of one by one;
    the page names each accepted and each refused with its reasons."""
    require_role(request.user, {Role.BOARD}, "Chỉ Ban Xây dựng Đảng tiếp nhận báo cáo.")
    ids = posted_ids(request.POST, "update")
    updates = list(
        QuarterlyUpdate.objects.filter(pk__in=ids, plan__in=Plan.objects.visible_to(request.user))
        .select_related("plan__unit", "quarter")
        .order_by("plan__unit__sort_key")
    )
    if not updates:
        messages.error(request, "Chưa chọn báo cáo nào để tiếp nhận.")
        return redirect("consolidation:quarterly_home")
    outcome = quarterly_services.updates_accept(updates=updates, by=request.user)
    return render(request, "consolidation/quarterly_accept_many.html", {"outcome": outcome})


@require_POST
def units_remind(request):
    """The Board reminds the secretaries of the units ticked on the grid."""
    require_role(request.user, {Role.BOARD}, "Chỉ Ban Xây dựng Đảng gửi nhắc việc.")
    ids = posted_ids(request.POST, "unit")
    units = list(units_visible_to(request.user).filter(pk__in=ids).order_by("sort_key"))
    if not units:
        messages.error(request, "Chưa chọn đơn vị nào để nhắc.")
        return redirect("consolidation:quarterly_home")
    try:
        told = notice_services.units_remind(
            units=units, text=request.POST.get("text", ""), by=request.user
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request, f"Đã nhắc {len(units)} đơn vị ({told} người nhận trong phần mềm và thư)."
        )
    return redirect("consolidation:quarterly_home")


def update_open(request, plan_pk: int, code: str):
    """The plan's update for the quarter `code` (2026-Q4): opened if it exists; otherwise a
    page that starts it with one button (a GET never creates it)."""
    plan = get_plan_for_user(request.user, plan_pk)
    ward = ward_for(request.user)
    try:
        quarter = quarter_find(ward, *parse_quarter_code(code))
    except ValidationError as exc:
        raise Http404(exc.messages[0]) from exc
    if not plan.reports_in(quarter):
        messages.error(
            request, f"{plan.unit.name} không phải báo cáo {quarter.label} cho đề án này."
        )
        return redirect("consolidation:quarterly_home")
    today = timezone.localdate()
    update = QuarterlyUpdate.objects.of(quarter).filter(plan=plan).first()
    if update is None:
        refusal = update_start_refusal(request.user, quarter, today)
        if request.method == "POST" and refusal is None:
            update = quarterly_services.update_for(plan=plan, quarter=quarter)
            return redirect("consolidation:update_edit", pk=update.pk)
        return render(
            request,
            "consolidation/update_start.html",
            {
                "plan": plan,
                "quarter": quarter,
                "can_start": refusal is None,
                "not_started": quarter.not_started_reason(today),
            },
        )
    if can_edit_update(request.user, update, today):
        return redirect("consolidation:update_edit", pk=update.pk)
    return redirect("consolidation:update_detail", pk=update.pk)


def update_detail(request, pk: int):
    update = get_update_for_user(request.user, pk)
    role = role_of(request.user)
    today = timezone.localdate()
    return render(
        request,
        "consolidation/update_detail.html",
        {
            "update": update,
            "rows": update.progress.select_related("task__group").prefetch_related("evidence"),
            "events": update.events.select_related("by"),
            "is_board": role == Role.BOARD,
            "today": today,
            "lock_reason": lock_reason(update, today) if role == Role.SECRETARY else None,
            "can_edit": can_edit_update(request.user, update, today),
        },
    )


def _form_for(request, update, with_files=True):
    rows = update_rows(update)
    return UpdateForm(
        request.POST or None,
        request.FILES or None,
        initial=UpdateForm.initial_for(update),
        rows=rows,
        with_files=with_files,
        record=update,
    )


def update_edit(request, pk: int):
    update = get_update_for_user(request.user, pk)
    try:
        require_update_editor(update, request.user)
    except PermissionDenied as exc:
        messages.error(request, str(exc))
        return redirect("consolidation:update_detail", pk=update.pk)
    form = _form_for(request, update)
    problems, conflict = [], None
    valid = request.method == "POST" and form.is_valid()
    # Without its version the form is refused (VersionedFormMixin): nothing saved, what was
    # typed stays on the page.
    if request.method == "POST" and form.expected_version is not None:
        try:
            # Save whatever is valid, always: a failed submission never loses the draft.
            update = quarterly_services.update_save(
                update=update,
                data=form.to_input(update),
                by=request.user,
                expected_version=form.expected_version,
            )
        except EditConflict as exc:
            conflict = exc
            keep_typed_at_version(form, exc.current.version)
        else:
            keep_typed_at_version(form, update.version)
            form.rows = list(update_rows(update))  # with the files just attached
            if valid and request.POST.get("action") == "submit":
                try:
                    quarterly_services.update_submit(update=update, by=request.user)
                except ValidationError as exc:
                    problems = exc.messages
                else:
                    messages.success(
                        request,
                        f"Đã nộp báo cáo {update.quarter.label}. Ban Xây dựng Đảng sẽ xem và tiếp nhận.",
                    )
                    return redirect("consolidation:update_detail", pk=update.pk)
            elif valid:
                messages.success(request, "Đã lưu nháp.")
                return redirect("consolidation:update_edit", pk=update.pk)
    return render(
        request,
        "consolidation/update_form.html",
        {
            "update": update,
            "form": form,
            "problems": problems,
            "conflict": conflict,
            "is_board": role_of(request.user) == Role.BOARD,
        },
    )


@require_POST
def update_autosave(request, pk: int):
    """The page saves the draft by itself every little while (htmx); files wait for the
    buttons. Answers a short status line for the page."""
    update = get_update_for_user(request.user, pk)
    try:
        require_update_editor(update, request.user)
    except PermissionDenied as exc:
        return HttpResponse(f'<span class="text-danger">{exc}</span>')
    form = _form_for(request, update, with_files=False)
    form.is_valid()
    if form.expected_version is None:
        return HttpResponse(
            f'<span class="text-danger">Chưa tự lưu được: {VERSION_MISSING}</span>', status=409
        )
    try:
        update = quarterly_services.update_save(
            update=update,
            data=form.to_input(update),
            by=request.user,
            expected_version=form.expected_version,
            autosave=True,
        )
    except EditConflict as exc:
        return HttpResponse(f'<span class="text-danger">Chưa tự lưu được: {exc}</span>', status=409)
    when = timezone.localtime(update.autosaved_at)
    note = f"Đã tự lưu nháp lúc {when:%H:%M}."
    if form.errors:
        note += " Một số ô chưa hợp lệ nên chưa lưu ô đó."
    response = HttpResponse(f'<span id="autosave-note">{note}</span>')
    response["X-Update-Version"] = str(update.version)
    return response


@require_POST
def update_accept(request, pk: int):
    update = get_update_for_user(request.user, pk)
    require_role(request.user, {Role.BOARD}, "Chỉ Ban Xây dựng Đảng được tiếp nhận báo cáo quý.")
    try:
        quarterly_services.update_accept(update=update, by=request.user)
        messages.success(request, "Đã tiếp nhận; tiến độ các nhiệm vụ đã được cập nhật vào đề án.")
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect("consolidation:update_detail", pk=update.pk)


def _reason_action(request, pk, action, template, success):
    update = get_update_for_user(request.user, pk)
    require_role(request.user, {Role.BOARD}, "Chỉ Ban Xây dựng Đảng được thực hiện việc này.")
    form = ReasonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            action(update, form.cleaned_data["reason"])
        except ValidationError as exc:
            form.add_error(None, exc.messages)
        else:
            messages.success(request, success)
            return redirect("consolidation:update_detail", pk=update.pk)
    return render(request, template, {"update": update, "form": form})


def update_return(request, pk: int):
    return _reason_action(
        request,
        pk,
        lambda u, r: quarterly_services.update_return(update=u, by=request.user, reason=r),
        "consolidation/update_return.html",
        "Đã trả lại; bí thư sẽ thấy lý do và nộp lại.",
    )


def update_reopen(request, pk: int):
    return _reason_action(
        request,
        pk,
        lambda u, r: quarterly_services.update_reopen(update=u, by=request.user, reason=r),
        "consolidation/update_reopen.html",
        "Đã mở lại báo cáo; việc mở lại được ghi lại.",
    )


def quarter_list(request):
    ward = ward_for(request.user)
    require_role(request.user, WARD_ROLES, "Chỉ các ban của Đảng ủy xem lịch báo cáo quý.")
    quarters = reporting_quarters(ward, timezone.localdate(), limit=8)
    return render(
        request,
        "consolidation/quarter_list.html",
        {"quarters": quarters, "is_board": role_of(request.user) == Role.BOARD},
    )


def quarter_edit(request, pk: int):
    ward = ward_for(request.user)
    quarter = get_object_or_404(Quarter, pk=pk, ward=ward)
    require_role(request.user, {Role.BOARD}, "Chỉ Ban Xây dựng Đảng được đặt hạn báo cáo quý.")
    form = QuarterDatesForm(request.POST or None, instance=quarter)
    if request.method == "POST" and form.is_valid():
        quarterly_services.quarter_set_dates(quarter=quarter, by=request.user, **form.cleaned_data)
        messages.success(request, f"Đã lưu lịch {quarter.label}.")
        return redirect("consolidation:quarter_list")
    return render(request, "consolidation/quarter_form.html", {"quarter": quarter, "form": form})
