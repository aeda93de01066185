"""The registers of cadres (key cadres and those found limited) and complex cases."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from config.paging import query_without
from organizations.concurrency import EditConflict
from organizations.forms import keep_typed_at_version
from organizations.selectors import units_visible_to

from ..access import can_edit_register, get_plan_for_user, require_register_editor
from ..forms.registers import CadreForm, CaseForm
from ..models import (
    Cadre,
    ComplexCase,
    Plan,
)
from ..selectors.cadres import replacement_flags
from ..selectors.registers import cadre_ratio, case_ratio
from ..services import registers as register_services

PAGE_SIZE = 50


def registers(request):
    """Both registers on one page, each paged on its own (trang_cb, trang_vv)."""
    units = units_visible_to(request.user)
    cadres = Cadre.objects.filter(unit__in=units).select_related("unit", "plan")
    cases = ComplexCase.objects.filter(unit__in=units).select_related("unit", "plan")
    return render(
        request,
        "consolidation/registers.html",
        {
            "cadres": Paginator(cadres, PAGE_SIZE).get_page(request.GET.get("trang_cb")),
            "cases": Paginator(cases, PAGE_SIZE).get_page(request.GET.get("trang_vv")),
            "cadre_query": query_without(request, "trang_cb"),
            "case_query": query_without(request, "trang_vv"),
            "cadre_ratio": cadre_ratio(units),
            "flags": replacement_flags(units, timezone.localdate()),
            "case_ratio": case_ratio(units),
            "today": timezone.localdate(),
            "can_edit_cadres": can_edit_register(request.user, "cadre"),
            "can_edit_cases": can_edit_register(request.user, "case"),
        },
    )


def _register_form(request, model, form_class, kind, pk=None):
    require_register_editor(request.user, kind)
    units = units_visible_to(request.user).active().filter(depth__gt=0)
    instance = (
        get_object_or_404(model, pk=pk, unit__in=units_visible_to(request.user)) if pk else None
    )
    initial = {}
    if instance is None and request.GET.get("ke_hoach"):
        plan = get_plan_for_user(request.user, request.GET["ke_hoach"])
        initial = {"unit": plan.unit_id, "plan": plan.pk}
    form = form_class(
        request.POST or None,
        instance=instance,
        initial=initial,
        units=units.order_by("sort_key"),
        plans=Plan.objects.visible_to(request.user).select_related("unit"),
    )
    if request.method == "POST" and form.is_valid():
        try:
            register_services.register_save(
                instance=form.save(commit=False),
                by=request.user,
                expected_version=form.expected_version,
            )
        except EditConflict as exc:
            form.add_error(None, str(exc))
            keep_typed_at_version(form, exc.current.version)
        else:
            messages.success(request, "Đã lưu.")
            return redirect("consolidation:registers")
    return render(
        request,
        "consolidation/register_form.html",
        {"form": form, "kind": kind, "instance": instance},
    )


def cadre_form(request, pk: int | None = None):
    return _register_form(request, Cadre, CadreForm, "cadre", pk)


def case_form(request, pk: int | None = None):
    return _register_form(request, ComplexCase, CaseForm, "case", pk)
