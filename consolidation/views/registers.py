"""The registers of cadres (key cadres and those found limited) and complex cases."""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.forms import BaseForm
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from config.ids import as_id
from config.paging import query_without
from organizations.access import role_of, ward_for
from organizations.concurrency import EditConflict
from organizations.forms import keep_typed_at_version
from organizations.list_export import excel_response, wants_excel
from organizations.models import Role
from organizations.selectors import units_visible_to

from ..access import (
    can_edit_register,
    get_case_for_user,
    get_plan_for_user,
    require_register_editor,
)
from ..forms.registers import CadreForm, CaseEntryForm, CaseForm, LetterForm, MilestoneForm
from ..models import (
    Cadre,
    ComplexCase,
    Plan,
    flag,
    late_milestone_condition,
)
from ..resources import CadreResource, CaseResource
from ..selectors.cadres import replacement_flags
from ..selectors.registers import cadre_ratio, case_ratio
from ..services import registers as register_services

PAGE_SIZE = 50


def registers(request):
    """Both registers on one page, each paged on its own (trang_cb, trang_vv)."""
    units = units_visible_to(request.user)
    cadres = Cadre.objects.filter(unit__in=units).select_related("unit", "plan")
    today = timezone.localdate()
    cases = (
        ComplexCase.objects.filter(unit__in=units)
        .select_related("unit", "plan", "owner")
        .prefetch_related("milestones")
        .annotate(late=flag(late_milestone_condition(today)))
    )
    if wants_excel(request):
        if request.GET.get("so") == "vu-viec":  # else "can-bo"
            return excel_response(CaseResource(), cases, "Sổ theo dõi vụ việc")
        return excel_response(CadreResource(), cadres, "Sổ theo dõi cán bộ")
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
            "today": today,
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
    extra = {"owners": case_owners(request.user)} if kind == "case" else {}
    form = form_class(
        request.POST or None,
        instance=instance,
        initial=initial,
        units=units.order_by("sort_key"),
        plans=Plan.objects.visible_to(request.user).select_related("unit"),
        **extra,
    )
    if request.method == "POST" and form.is_valid():
        try:
            saved = register_services.register_save(
                instance=form.save(commit=False),
                by=request.user,
                expected_version=form.expected_version,
            )
            if kind == "case":
                form.instance = saved
                form.save_m2m()  # the other units concerned
        except EditConflict as exc:
            form.add_error(None, str(exc))
            keep_typed_at_version(form, exc.current.version)
        else:
            messages.success(request, "Đã lưu.")
            if kind == "case":
                return redirect("consolidation:case_detail", saved.pk)
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


def case_owners(user):
    """Who may own a case: the ward's accounts other than the units' secretaries."""
    return (
        get_user_model()
        .objects.filter(membership__unit=ward_for(user), is_active=True)
        .exclude(membership__role=Role.SECRETARY)
        .order_by("last_name", "first_name")
    )


def case_detail(request, pk: int):
    """A case file: its roadmap's milestones, its timeline with files, its letters; the
    Party office and the Board add to it on the page. A secretary reads their unit's cases,
    never the names of letter senders."""
    case = get_case_for_user(request.user, pk)
    today = timezone.localdate()
    can_edit = can_edit_register(request.user, "case")
    forms_: dict[str, BaseForm] = {
        "milestone": MilestoneForm(prefix="m"),
        "entry": CaseEntryForm(prefix="e", initial={"happened_on": today}),
        "letter": LetterForm(prefix="l"),
    }
    if request.method == "POST":
        require_register_editor(request.user, "case")
        action = request.POST.get("action", "")
        try:
            if action == "milestone":
                milestone_form = MilestoneForm(request.POST, prefix="m")
                forms_["milestone"] = milestone_form
                if milestone_form.is_valid():
                    milestone_form.instance.case = case
                    register_services.milestone_save(
                        milestone=milestone_form.instance, by=request.user
                    )
                    return _saved(request, case, "Đã thêm mốc lộ trình.")
            elif action == "done":
                milestone = get_object_or_404(case.milestones, pk=as_id(request.POST.get("mốc")))
                milestone.done_on = today
                register_services.milestone_save(milestone=milestone, by=request.user)
                return _saved(request, case, f"Đã ghi hoàn thành mốc «{milestone.title}».")
            elif action == "entry":
                form = forms_["entry"] = CaseEntryForm(request.POST, request.FILES, prefix="e")
                if form.is_valid():
                    form.instance.case = case
                    register_services.case_entry_add(
                        entry=form.instance,
                        uploads=form.cleaned_data["attachments"],
                        by=request.user,
                    )
                    return _saved(request, case, "Đã ghi diễn biến.")
            elif action == "letter":
                letter_form = LetterForm(request.POST, prefix="l")
                forms_["letter"] = letter_form
                if letter_form.is_valid():
                    letter_form.instance.case = case
                    register_services.letter_save(letter=letter_form.instance, by=request.user)
                    return _saved(request, case, "Đã thêm đơn thư.")
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
    return render(
        request,
        "consolidation/case_detail.html",
        {
            "case": case,
            "milestones": list(case.milestones.all()),
            "entries": list(case.entries.prefetch_related("files").select_related("by")),
            "letters": list(case.letters.all()),
            "other_units": list(case.other_units.all()),
            "today": today,
            "late": case.is_late_on(today),
            "can_edit": can_edit,
            "show_senders": role_of(request.user) != Role.SECRETARY,
            **{f"{k}_form": v for k, v in forms_.items()},
        },
    )


def _saved(request, case, message):
    messages.success(request, message)
    return redirect("consolidation:case_detail", case.pk)
