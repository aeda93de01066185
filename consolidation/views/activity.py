"""The ward's activity (the Board) and each record's history of versions, read from the
history the records keep."""

from itertools import zip_longest

from django import forms
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import render

from organizations.access import get_unit_for_user, role_of
from organizations.forms import DateInput, StyledFormMixin
from organizations.models import Membership, Role, Unit
from organizations.selectors import display_name, units_visible_to

from ..selectors.activity import KINDS, ActivityFilters, activity

BOARD_ONLY = "Nhật ký hoạt động dành cho Ban Xây dựng Đảng."


class ActivityFilterForm(StyledFormMixin, forms.Form):
    don_vi = forms.ModelChoiceField(
        label="Đơn vị", queryset=Unit.objects.none(), required=False, empty_label="Mọi đơn vị"
    )
    nguoi = forms.TypedChoiceField(
        label="Người thực hiện", required=False, coerce=int, empty_value=None
    )
    loai = forms.ChoiceField(
        label="Loại",
        required=False,
        choices=[("", "Mọi loại"), *((k, v.label.capitalize()) for k, v in KINDS.items())],
    )
    tu = forms.DateField(label="Từ ngày", required=False, widget=DateInput)
    den = forms.DateField(label="Đến ngày", required=False, widget=DateInput)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        units = units_visible_to(user).order_by("sort_key")
        self.fields["don_vi"].queryset = units  # type: ignore[attr-defined]
        people = Membership.objects.filter(unit__in=units).select_related("user")
        self.fields["nguoi"].choices = [  # type: ignore[attr-defined]
            ("", "Mọi người"),
            *((m.user_id, f"{display_name(m.user)} ({m.get_role_display()})") for m in people),
        ]

    def filters(self) -> ActivityFilters:
        if not self.is_valid():
            return ActivityFilters()
        data = self.cleaned_data
        return ActivityFilters(
            unit=data["don_vi"],
            person=data["nguoi"],
            kind=data["loai"],
            since=data["tu"],
            until=data["den"],
        )


def activity_page(request):
    if role_of(request.user) != Role.BOARD:
        raise PermissionDenied(BOARD_ONLY)
    form = ActivityFilterForm(request.GET or None, user=request.user)
    return render(
        request,
        "consolidation/activity.html",
        {
            "form": form,
            "items": activity(units_visible_to(request.user), form.filters(), limit=100),
        },
    )


def unit_activity(request, pk: int):
    """A unit's latest activity (itself and the units below it), for its page."""
    unit = get_unit_for_user(request.user, pk)
    items = activity(units_visible_to(request.user), ActivityFilters(unit=unit), limit=10)
    return render(
        request,
        "consolidation/includes/activity_list.html",
        {"items": items, "show_unit": unit.children.exists(), "list_id": "unit-activity-list"},
    )


def record_history(request, kind: str, pk: int):
    """A record's versions, newest first, each with what changed (the Board)."""
    if role_of(request.user) != Role.BOARD or kind not in KINDS:
        raise Http404("Không tìm thấy lịch sử này.")
    spec = KINDS[kind]
    units = units_visible_to(request.user)
    scope = {"plan__unit__in": units} if spec.unit_field == "plan" else {"unit__in": units}
    record = spec.model.objects.filter(pk=pk, **scope).first()
    if record is None:
        raise Http404("Không tìm thấy lịch sử này.")
    # A record made in bulk (a new plan's six steps, rows loaded by a migration) has no
    # version until it is first saved.
    versions = list(record.history.select_related("history_user").order_by("-history_date"))
    changes = []
    for newer, older in zip_longest(versions, versions[1:]):
        delta = newer.diff_against(older).changes if older is not None else []
        changes.append(
            {
                "version": newer,
                "who": display_name(newer.history_user) if newer.history_user else "Hệ thống",
                "fields": [
                    (spec.model._meta.get_field(c.field).verbose_name, c.old, c.new)
                    for c in delta
                    if c.field not in ("version",)
                ],
            }
        )
    return render(
        request,
        "consolidation/record_history.html",
        {"record": record, "label": spec.label, "changes": changes},
    )
