"""Registry pages. Views are thin: access helper, form, service, message."""

import io

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from config.ids import posted_ids
from config.paging import query_without

from .. import pending_upload
from ..access import (
    can_edit_registry,
    can_export_registry,
    can_manage_accounts,
    get_unit_for_user,
    ward_for,
)
from ..concurrency import EditConflict
from ..forms.base import keep_typed_at_version
from ..forms.registry import (
    DissolveForm,
    FigureForm,
    ImportForm,
    RatingForm,
    RegistryFilterForm,
    UnitForm,
)
from ..models import FIGURE_FIELDS, Kind, MemberFigure, Unit
from ..panels import unit_panels
from ..registry_io.export import export_xlsx, registry_filename
from ..registry_io.read import ImportRefused, read_xlsx
from ..registry_io.write import registry_import
from ..selectors import (
    annotate_page,
    bloc_totals,
    figure_checks,
    for_registry_display,
    last_ratings,
    membership_of,
    registry_units,
    secretary_accounts,
    unit_changes,
    units_visible_to,
    with_latest_figures,
)
from ..services import registry as services
from ..text import fold

PAGE_SIZE = 50


def _require_registry_editor(request):
    if not can_edit_registry(request.user):
        raise PermissionDenied("Chỉ Ban Xây dựng Đảng được sửa danh sách tổ chức.")


def unit_list(request):
    ward = ward_for(request.user)
    form = RegistryFilterForm(request.GET or None)
    filters = form.filters()
    units = registry_units(request.user, ward=ward, filters=filters)
    page = annotate_page(
        Paginator(units, PAGE_SIZE).get_page(request.GET.get("trang")), for_registry_display
    )
    membership = membership_of(request.user)
    at_ward = membership is not None and membership.unit_id == ward.pk
    return render(
        request,
        "organizations/unit_list.html",
        {
            "ward": ward,
            "form": form,
            "page": page,
            "query": query_without(request),
            "totals": bloc_totals(ward) if at_ward else None,
            "can_edit": can_edit_registry(request.user),
            "can_export": can_export_registry(request.user),
            "search_folded": fold(filters.q),
        },
    )


@require_POST
def units_assign(request):
    """The Board gives the units ticked on the list one committee member in charge."""
    if not can_edit_registry(request.user):
        raise PermissionDenied("Chỉ Ban Xây dựng Đảng sửa danh sách tổ chức.")
    ids = posted_ids(request.POST, "unit")
    units = list(units_visible_to(request.user).filter(pk__in=ids).order_by("sort_key"))
    if not units:
        messages.error(request, "Chưa chọn tổ chức nào.")
        return redirect("organizations:unit_list")
    try:
        outcome = services.units_assign_committee_member(
            units=units, name=request.POST.get("committee_member", "")
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("organizations:unit_list")
    for unit, reasons in outcome.refused:
        messages.error(request, f"{unit.name}: {'; '.join(reasons)}")
    if outcome.done:
        names = ", ".join(u.name for u in outcome.done)
        messages.success(
            request,
            f"Đã giao {outcome.done[0].committee_member} phụ trách {len(outcome.done)} tổ chức: "
            f"{names}.",
        )
    return redirect("organizations:unit_list")


def unit_detail(request, pk: int):
    unit = get_unit_for_user(request.user, pk)
    figures = list(unit.figures.order_by("-as_of"))
    sub_cells = list(with_latest_figures(unit.children.order_by("sort_key", "code")))
    return render(
        request,
        "organizations/unit_detail.html",
        {
            "unit": unit,
            "ancestors": list(Unit.objects.filter(path__in=unit.ancestor_paths).order_by("depth")),
            "figures": figures,
            "latest_figure": figures[0] if figures else None,
            "checks": figure_checks(unit),
            "ratings": last_ratings(unit),
            "sub_cells": sub_cells,
            "changes": unit_changes(unit),
            "panels": unit_panels(request, unit),
            "can_edit": can_edit_registry(request.user),
            **_account_context(request, unit),
        },
    )


def _account_context(request, unit):
    """The Board sees the unit's secretary accounts, is offered one where none is active,
    and can hand the unit over."""
    if not can_manage_accounts(request.user):
        return {"can_manage_accounts": False}
    secretaries = list(secretary_accounts(unit))
    return {
        "can_manage_accounts": True,
        "secretaries": secretaries,
        "has_active_secretary": any(u.is_active for u in secretaries),
        "handovers": list(
            unit.handovers.select_related("previous_user", "new_user").order_by("-handed_over_on")
        ),
    }


def _parent_choices(request, ward, unit=None):
    parents = units_visible_to(request.user).filter(path__startswith=ward.path).active()
    parents = parents.exclude(kind=Kind.PARTY_GROUP)
    if unit is not None:
        parents = parents.exclude(path__startswith=unit.path)
    return parents.order_by("depth", "sort_key")


def unit_create(request):
    _require_registry_editor(request)
    ward = ward_for(request.user)
    initial = {"parent": request.GET.get("cap_tren") or ward.pk, "kind": Kind.BASE_CELL}
    form = UnitForm(request.POST or None, initial=initial, parents=_parent_choices(request, ward))
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "version"}
        try:
            unit = services.unit_create(**data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, f"Đã thêm «{unit.name}».")
            return redirect("organizations:unit_detail", pk=unit.pk)
    return render(request, "organizations/unit_form.html", {"form": form, "ward": ward})


def unit_edit(request, pk: int):
    unit = get_unit_for_user(request.user, pk)
    _require_registry_editor(request)
    ward = ward_for(request.user)
    if unit.pk == ward.pk:
        raise PermissionDenied("Thông tin của đảng bộ phường được sửa trong trang quản trị.")
    form = UnitForm(
        request.POST or None, instance=unit, parents=_parent_choices(request, ward, unit)
    )
    conflict = None
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "version"}
        try:
            unit = services.unit_update(
                unit=unit, data=data, expected_version=form.cleaned_data["version"]
            )
        except EditConflict as exc:
            conflict = exc
            form.add_error(None, str(exc))
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, f"Đã lưu thông tin «{unit.name}».")
            return redirect("organizations:unit_detail", pk=unit.pk)
    if conflict is not None:
        # Keep what the person typed, but move them onto the current version, and show
        # the values that the other person saved.
        keep_typed_at_version(form, conflict.current.version)
    return render(
        request,
        "organizations/unit_form.html",
        {
            "form": form,
            "unit": unit,
            "ward": ward,
            "conflict": conflict,
            "conflict_rows": _conflict_rows(form, conflict),
        },
    )


def _conflict_rows(form, conflict):
    if conflict is None:
        return []
    rows = []
    for name in conflict.changed_fields:
        field = form.fields.get(name)
        if field is None:
            continue
        current = getattr(conflict.current, name)
        display = getattr(conflict.current, f"get_{name}_display", None)
        rows.append(
            {
                "label": field.label,
                "current": display()
                if display
                else (current if current not in (None, "") else "trống"),
            }
        )
    return rows


def unit_dissolve(request, pk: int):
    unit = get_unit_for_user(request.user, pk)
    _require_registry_editor(request)
    form = DissolveForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.unit_dissolve(
                unit=unit, on=form.cleaned_data["dissolved_on"], reason=form.cleaned_data["reason"]
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, f"Đã ghi nhận giải thể «{unit.name}». Lịch sử vẫn được giữ.")
            return redirect("organizations:unit_detail", pk=unit.pk)
    return render(request, "organizations/unit_dissolve.html", {"form": form, "unit": unit})


@require_POST
def unit_restore(request, pk: int):
    unit = get_unit_for_user(request.user, pk)
    _require_registry_editor(request)
    try:
        services.unit_restore(unit=unit)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, f"Đã khôi phục «{unit.name}».")
    return redirect("organizations:unit_detail", pk=unit.pk)


def figure_add(request, pk: int):
    unit = get_unit_for_user(request.user, pk)
    _require_registry_editor(request)
    latest = MemberFigure.objects.filter(unit=unit).order_by("-as_of").first()
    initial: dict[str, object] = {"as_of": timezone.localdate()}
    if latest:
        initial.update({name: getattr(latest, name) for name in FIGURE_FIELDS})
    form = FigureForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.figure_record(unit=unit, figures=services.Figures(**form.cleaned_data))
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, "Đã ghi số liệu đảng viên.")
            return redirect("organizations:unit_detail", pk=unit.pk)
    return render(request, "organizations/figure_form.html", {"form": form, "unit": unit})


def rating_add(request, pk: int):
    unit = get_unit_for_user(request.user, pk)
    _require_registry_editor(request)
    form = RatingForm(request.POST or None, initial={"year": timezone.localdate().year - 1})
    if request.method == "POST" and form.is_valid():
        try:
            services.rating_set(unit=unit, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, "Đã ghi xếp loại chất lượng.")
            return redirect("organizations:unit_detail", pk=unit.pk)
    return render(request, "organizations/rating_form.html", {"form": form, "unit": unit})


# --- Excel import and export ---------------------------------------------------------------

IMPORT_SESSION_KEY = "registry-import"


def unit_import(request):
    """Upload, then a preview of every row; nothing is written until the confirm step."""
    _require_registry_editor(request)
    ward = ward_for(request.user)
    form = ImportForm(request.POST or None, request.FILES or None)
    report = refused = None
    token = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            table = read_xlsx(upload)
        except ImportRefused as exc:
            refused = str(exc)
        else:
            report = registry_import(ward=ward, table=table, dry_run=True)
            if report.ok:
                upload.seek(0)
                token = pending_upload.stash(
                    request, IMPORT_SESSION_KEY, upload.read(), name=upload.name
                )
    return render(
        request,
        "organizations/unit_import.html",
        {"form": form, "report": report, "refused": refused, "token": token, "ward": ward},
    )


@require_POST
def unit_import_confirm(request):
    _require_registry_editor(request)
    ward = ward_for(request.user)
    taken = pending_upload.take(request, IMPORT_SESSION_KEY)
    if taken is None:
        messages.error(request, "Phiên nhập tệp đã hết hạn. Vui lòng tải tệp lên lại.")
        return redirect("organizations:unit_import")
    data, pending = taken
    try:
        with transaction.atomic():
            report = registry_import(
                ward=ward, table=read_xlsx(io.BytesIO(data)), dry_run=False, user=request.user
            )
    except ImportRefused as exc:
        messages.error(request, str(exc))
        return redirect("organizations:unit_import")
    if not report.ok:
        # The registry changed between preview and confirm; show the new problems.
        return render(
            request,
            "organizations/unit_import.html",
            {"form": ImportForm(), "report": report, "ward": ward},
        )
    counts = report.counts
    messages.success(
        request,
        f"Đã nhập tệp «{pending.get('name', '')}»: thêm {counts['new']}, cập nhật {counts['changed']}, "
        f"không đổi {counts['unchanged']} tổ chức.",
    )
    return redirect("organizations:unit_list")


def unit_export(request):
    """The registry to Excel: at once for a ward, in the background (Tệp đã xuất) for a
    registry as large as a city's, so that no request outlives the server's timeout."""
    if not can_export_registry(request.user):
        raise PermissionDenied("Tài khoản này không được tải danh sách tổ chức.")
    ward = ward_for(request.user)
    units = units_visible_to(request.user)
    if units.count() > settings.EXPORT_BACKGROUND_UNITS:
        return redirect(f"{reverse('exports:new')}?kind=registry")
    content = export_xlsx(ward, units)
    response = HttpResponse(
        content, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = (
        f'attachment; filename="{registry_filename(ward, timezone.localdate())}"'
    )
    return response
