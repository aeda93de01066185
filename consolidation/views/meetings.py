"""The cell-meeting register: a secretary's meetings and the form to record one (phone
first), a meeting's page, the ward grid of cells × months, a cell's thematic plan, and the
committee members' attendance."""

import datetime

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from config.ids import as_id
from config.paging import query_without
from organizations.access import role_of, ward_for
from organizations.concurrency import EditConflict
from organizations.forms import keep_typed_at_version
from organizations.models import Bloc, CommitteeMember, Role
from organizations.selectors import units_visible_to

from ..access import can_keep, get_meeting_for_user, meeting_edit_refusal, require_keeper
from ..forms.meetings import CommitteeMemberForm, MeetingForm, ThematicPlanForm
from ..models import (
    ROMAN,
    CellMeeting,
    MeetingMinutes,
    months_of_quarter,
    parse_quarter_code,
    previous_key,
    quarter_key,
    quarter_label,
)
from ..selectors.meetings import (
    MONTH_STATE_LABELS,
    cells_of,
    committee_duties,
    expected_members,
    meeting_grid,
    quarter_records,
    thematic_plans,
    unit_meetings,
)
from ..services import meetings as meeting_services
from .files import file_response

PAGE_SIZE = 50


def _cells(request):
    return cells_of(units_visible_to(request.user)).order_by("sort_key", "code")


def meetings_home(request):
    """A secretary's cells and their meetings; everyone else starts from the ward grid."""
    if role_of(request.user) != Role.SECRETARY:
        return redirect("consolidation:meeting_grid")
    today = timezone.localdate()
    cells = list(_cells(request))
    year, number = quarter_key(today)
    records = quarter_records(cells, year, number, today)
    return render(
        request,
        "consolidation/meetings_mine.html",
        {
            "cells": [
                (
                    cell,
                    records[cell.pk],
                    unit_meetings(cell, limit=6),
                    [(ROMAN[q], t) for q, t in sorted(thematic_plans(cell, year).items())],
                )
                for cell in cells
            ],
            "quarter_label": quarter_label(year, number),
            "year": year,
            "current_quarter": number,
        },
    )


def _meeting_form(request, instance: CellMeeting | None):
    ward = ward_for(request.user)
    today = timezone.localdate()
    cells = _cells(request)
    committee = CommitteeMember.objects.filter(ward=ward, active=True)
    unit = None
    if instance is None and cells.count() == 1:
        unit = cells.first()
    elif instance is None and (chosen := as_id(request.GET.get("chi_bo"))) is not None:
        unit = cells.filter(pk=chosen).first()
    initial = {"held_on": today, "unit": unit}
    form = MeetingForm(
        request.POST or None,
        request.FILES or None,
        instance=instance,
        initial=initial,
        cells=cells,
        committee=committee,
    )
    expected = expected_members(unit, today) if unit is not None else None
    if expected is not None:
        form.fields["present"].help_text = f"Số đảng viên phải dự hôm nay: {expected}."
    refusal = meeting_edit_refusal(
        request.user, ward, instance.held_on if instance else None, today
    )
    if refusal and instance is not None:
        raise PermissionDenied(refusal)
    if request.method == "POST" and form.is_valid():
        try:
            meeting = meeting_services.meeting_save(
                meeting=form.instance,
                attended=list(form.cleaned_data.get("attended_by") or []),
                uploads=form.cleaned_data.get("minutes") or [],
                by=request.user,
                expected_version=form.expected_version,
            )
        except EditConflict as exc:
            form.add_error(None, str(exc))
            keep_typed_at_version(form, exc.current.version)
        except PermissionDenied as exc:
            form.add_error("held_on", str(exc))
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(
                request,
                f"Đã ghi buổi sinh hoạt ngày {meeting.held_on:%d/%m/%Y} của {meeting.unit.name}: "
                f"{meeting.present}/{meeting.expected} đảng viên có mặt.",
            )
            return redirect("consolidation:meeting_detail", meeting.pk)
    return render(
        request,
        "consolidation/meeting_form.html",
        {"form": form, "instance": instance},
    )


def meeting_add(request):
    refusal = meeting_edit_refusal(request.user, ward_for(request.user), None, timezone.localdate())
    if refusal:
        raise PermissionDenied(refusal)
    return _meeting_form(request, None)


def meeting_edit(request, pk: int):
    return _meeting_form(request, get_meeting_for_user(request.user, pk))


def meeting_detail(request, pk: int):
    meeting = get_meeting_for_user(request.user, pk)
    refusal = meeting_edit_refusal(
        request.user, ward_for(request.user), meeting.held_on, timezone.localdate()
    )
    return render(
        request,
        "consolidation/meeting_detail.html",
        {
            "meeting": meeting,
            "attended": list(meeting.attended_by.all()),
            "minutes": list(meeting.minutes.all()),
            "can_edit": refusal is None,
            "edit_refusal": refusal,
        },
    )


def minutes_file(request, pk: int):
    minutes = MeetingMinutes.objects.filter(pk=pk).first()
    if minutes is None:
        raise Http404("Không tìm thấy tệp.")
    get_meeting_for_user(request.user, minutes.meeting_id)  # 404 outside the person's scope
    return file_response(minutes)


def _year(request, today: datetime.date) -> int:
    try:
        year = int(request.GET.get("nam", today.year))
    except ValueError:
        year = today.year
    return year if 2000 <= year <= 2099 else today.year


def meeting_grid_view(request):
    """Cells × the year's months: each month kept, kept with low attendance, missed or
    pending, openable to its meeting; each quarter's regime and attendance. Paged."""
    today = timezone.localdate()
    year = _year(request, today)
    cells = _cells(request)
    bloc = request.GET.get("khoi", "")
    if bloc in Bloc.values:  # a sub-cell's bloc is its parent's unless it has its own
        cells = cells.filter(bloc=bloc)
    page = Paginator(cells, PAGE_SIZE).get_page(request.GET.get("trang"))
    return render(
        request,
        "consolidation/meeting_grid.html",
        {
            "rows": meeting_grid(list(page.object_list), year, today),
            "page": page,
            "query": query_without(request, "trang"),
            "year": year,
            "years": range(today.year - 2, today.year + 1),
            "blocs": Bloc.choices,
            "bloc": bloc,
            "legend": [(k, v) for k, v in MONTH_STATE_LABELS.items() if v],
            "months": range(1, 13),
            "can_record": meeting_edit_refusal(request.user, ward_for(request.user), None, today)
            is None,
        },
    )


def thematic_plan_edit(request, unit_pk: int):
    """A cell's thematic topics planned for the year (seed 004, II.2)."""
    cell = get_object_or_404(_cells(request), pk=unit_pk)
    today = timezone.localdate()
    year = _year(request, today)
    form = ThematicPlanForm(request.POST or None, topics=thematic_plans(cell, year))
    if request.method == "POST" and form.is_valid():
        meeting_services.thematic_plan_save(
            unit=cell, year=year, topics=form.topics, by=request.user
        )
        messages.success(request, f"Đã lưu kế hoạch sinh hoạt chuyên đề năm {year}.")
        return redirect("consolidation:meetings_home")
    return render(
        request,
        "consolidation/thematic_plan_form.html",
        {"form": form, "cell": cell, "year": year},
    )


def committee(request):
    """The ward committee's members, and each one's quarter: the cells in their charge
    attended, the standing members' rotation (seed 004, 6.1)."""
    ward = ward_for(request.user)
    today = timezone.localdate()
    year, number = _quarter(request, today)
    duties = committee_duties(ward, units_visible_to(request.user), year, number)
    return render(
        request,
        "consolidation/committee.html",
        {
            "duties": duties,
            "year": year,
            "number": number,
            "current_code": f"{year}-Q{number}",
            "label": quarter_label(year, number),
            "quarters": _recent_quarters(today),
            "can_keep": can_keep(request.user),
            "months": months_of_quarter(year, number),
        },
    )


def _quarter(request, today: datetime.date) -> tuple[int, int]:
    """The quarter asked for ("2026-Q3"), today's when none or a bad one."""
    try:
        return parse_quarter_code(request.GET.get("quy", ""))
    except ValidationError:
        return quarter_key(today)


def _recent_quarters(today: datetime.date) -> list[tuple[str, str]]:
    year, number = quarter_key(today)
    found = []
    for _ in range(6):
        found.append((f"{year}-Q{number}", quarter_label(year, number)))
        year, number = previous_key(year, number)
    return found


def committee_member_form(request, pk: int | None = None):
    require_keeper(request.user, "ghi danh sách đảng ủy viên")
    ward = ward_for(request.user)
    member = (
        get_object_or_404(CommitteeMember, pk=pk, ward=ward) if pk else CommitteeMember(ward=ward)
    )
    form = CommitteeMemberForm(request.POST or None, instance=member)
    if request.method == "POST" and form.is_valid():
        try:
            meeting_services.committee_member_save(member=form.instance, by=request.user)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, "Đã lưu.")
            return redirect("consolidation:committee")
    return render(
        request, "consolidation/committee_member_form.html", {"form": form, "member": member}
    )
