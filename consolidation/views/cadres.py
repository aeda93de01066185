"""The key cadres' evaluations (the Board's grid for a quarter or a year, its Excel template
and import) and the checklist of IT use, unit by unit."""

import datetime
import io
from typing import cast

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.worksheet.worksheet import Worksheet

from config.ids import posted_ids
from config.paging import query_without
from organizations.access import ward_for
from organizations.models import Unit
from organizations.registry_io.read import ImportRefused, read_xlsx
from organizations.selectors import units_visible_to
from organizations.spreadsheets import append, workbook_bytes

from ..access import can_keep, require_keeper
from ..forms.meetings import DigitalItemForm
from ..models import (
    SCORE_GROUPS,
    YEAR,
    DigitalCheck,
    DigitalItem,
    Task,
    digital_basic_condition,
    flag,
    period_first_day,
    quarter_key,
    quarter_label,
)
from ..selectors.cadres import evaluations_of, key_cadres, replacement_flags
from ..services import cadres as cadre_services
from ..services import digital as digital_services

PAGE_SIZE = 50
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _period(request, today: datetime.date) -> tuple[int, int]:
    """?ky=2026-Q3 or ?ky=2026-N (the year); the current quarter by default."""
    code = request.GET.get("ky") or request.POST.get("ky") or ""
    try:
        year_text, part = code.split("-")
        year = int(year_text)
        quarter = YEAR if part == "N" else int(part.removeprefix("Q"))
        if 2000 <= year <= 2099 and 0 <= quarter <= 4:
            return year, quarter
    except ValueError:
        pass
    return quarter_key(today)


def _periods(today: datetime.date) -> list[tuple[str, str]]:
    found = []
    for year in (today.year, today.year - 1):
        found += [(f"{year}-Q{q}", quarter_label(year, q)) for q in (4, 3, 2, 1)]
        found.append((f"{year}-N", f"Cả năm {year}"))
    return found


def cadre_evaluations(request):
    """The grid of key cadres × the four groups for a period; Board staff enter and save it
    (all or nothing, each refused row named), others read it."""
    today = timezone.localdate()
    year, quarter = _period(request, today)
    units = units_visible_to(request.user)
    cadres = key_cadres(units, period_first_day(year, quarter)).order_by("unit__sort_key", "name")
    page = Paginator(cadres, PAGE_SIZE).get_page(request.GET.get("trang"))
    rows = list(page.object_list)
    problems: list[str] = []
    if request.method == "POST":
        require_keeper(request.user, "đánh giá cán bộ chủ chốt")
        inputs = [
            cadre_services.EvaluationInput(
                cadre=cadre,
                row=index,
                scores=[request.POST.get(f"s{cadre.pk}_{n}", "") for n in range(len(SCORE_GROUPS))],
                products=request.POST.get(f"p{cadre.pk}", ""),
                task_ids=posted_ids(request.POST, f"t{cadre.pk}"),
            )
            for index, cadre in enumerate(rows, start=page.start_index())
        ]
        try:
            saved = cadre_services.evaluations_save(
                rows=inputs, year=year, quarter=quarter, by=request.user
            )
        except ValidationError as exc:
            problems = exc.messages
        else:
            messages.success(request, f"Đã lưu {len(saved)} đánh giá.")
            return redirect(request.get_full_path())
    evaluations = evaluations_of(rows, year, quarter)
    tasks: dict[int, list[Task]] = {}
    for task in Task.objects.filter(plan__unit__in={c.unit_id for c in rows}).select_related(
        "plan"
    ):
        tasks.setdefault(task.plan.unit_id, []).append(task)
    flags = replacement_flags(units, today)
    grid = []
    for cadre in rows:
        evaluation = evaluations.get(cadre.pk)
        typed = request.POST if problems else None
        scores = [
            typed.get(f"s{cadre.pk}_{n}", "")
            if typed
            else (f"{getattr(evaluation, name):f}".replace(".", ",") if evaluation else "")
            for n, (name, _) in enumerate(SCORE_GROUPS)
        ]
        grid.append(
            {
                "cadre": cadre,
                "evaluation": evaluation,
                "scores": [(f"s{cadre.pk}_{n}", value) for n, value in enumerate(scores)],
                "products": typed.get(f"p{cadre.pk}", "")
                if typed
                else (evaluation.products if evaluation else ""),
                "tasks": tasks.get(cadre.unit_id, []),
                "chosen": {t.pk for t in evaluation.tasks.all()} if evaluation else set(),
                "flag": flags.get(cadre.pk),
            }
        )
    return render(
        request,
        "consolidation/cadre_evaluations.html",
        {
            "grid": grid,
            "page": page,
            "query": query_without(request, "trang"),
            "groups": [label for _, label in SCORE_GROUPS],
            "period": f"{year}-N" if quarter == YEAR else f"{year}-Q{quarter}",
            "period_label": f"Cả năm {year}" if quarter == YEAR else quarter_label(year, quarter),
            "periods": _periods(today),
            "problems": problems,
            "can_keep": can_keep(request.user),
        },
    )


def cadre_evaluations_template(request):
    """The period's key cadres as a workbook to fill in and bring back."""
    require_keeper(request.user, "đánh giá cán bộ chủ chốt")
    today = timezone.localdate()
    year, quarter = _period(request, today)
    cadres = key_cadres(units_visible_to(request.user), period_first_day(year, quarter))
    evaluations = evaluations_of(list(cadres), year, quarter)
    workbook = Workbook()
    sheet = cast(Worksheet, workbook.active)  # a new workbook's one sheet
    sheet.title = "Đánh giá cán bộ"
    append(sheet, cadre_services.IMPORT_COLUMNS)
    for cadre in cadres.order_by("unit__sort_key", "name"):
        e = evaluations.get(cadre.pk)
        append(
            sheet,
            [
                cadre.unit.code,
                cadre.unit.name,
                cadre.name,
                cadre.get_key_role_display(),
                *(float(getattr(e, name)) if e else None for name, _ in SCORE_GROUPS),
                e.products if e else "",
            ],
        )
    response = HttpResponse(workbook_bytes(workbook), content_type=XLSX)
    code = f"{year}-N" if quarter == YEAR else f"{year}-Q{quarter}"
    response["Content-Disposition"] = f'attachment; filename="danh-gia-can-bo_{code}.xlsx"'
    return response


def cadre_evaluations_import(request):
    """A filled-in workbook: every row checked, then all saved, or nothing and each row at
    fault named."""
    require_keeper(request.user, "đánh giá cán bộ chủ chốt")
    today = timezone.localdate()
    year, quarter = _period(request, today)
    upload = request.FILES.get("tep")
    back = redirect(f"{reverse('consolidation:cadre_evaluations')}?ky={request.POST.get('ky', '')}")
    if upload is None:
        messages.error(request, "Chọn tệp Excel đã điền để nhập.")
        return back
    cadres = list(key_cadres(units_visible_to(request.user), period_first_day(year, quarter)))
    try:
        table = read_xlsx(io.BytesIO(upload.read()))
        rows = cadre_services.rows_from_workbook(table, cadres)
        saved = cadre_services.evaluations_save(
            rows=rows, year=year, quarter=quarter, by=request.user
        )
    except ImportRefused as exc:
        messages.error(request, str(exc))
    except ValidationError as exc:
        messages.error(request, "Chưa nhập gì, vì tệp có lỗi: " + " ".join(exc.messages[:20]))
    else:
        messages.success(request, f"Đã nhập {len(saved)} đánh giá từ «{upload.name}».")
    return back


def digital_checklist(request):
    """The grassroots units × the checklist items (seed 000, III.2 counts TCCSĐ); Board staff
    tick what they found and save the page."""
    today = timezone.localdate()
    units = (
        Unit.objects.grassroots_of(ward_for(request.user))
        .filter(pk__in=units_visible_to(request.user).values("pk"))
        .active()
        .annotate(basic=flag(digital_basic_condition()))
        .order_by("sort_key", "code")
    )
    page = Paginator(units, PAGE_SIZE).get_page(request.GET.get("trang"))
    rows = list(page.object_list)
    items = list(DigitalItem.objects.filter(active=True))
    if request.method == "POST":
        require_keeper(request.user, "ghi kết quả chuyển đổi số")
        for unit in rows:
            ticked = set(posted_ids(request.POST, f"u{unit.pk}"))
            digital_services.digital_checks_save(unit=unit, done=ticked, day=today, by=request.user)
        messages.success(request, "Đã lưu kết quả chuyển đổi số của trang này.")
        return redirect(request.get_full_path())
    done: set[tuple[int, int]] = set(
        DigitalCheck.objects.filter(unit__in=rows, done=True).values_list("unit_id", "item_id")
    )
    return render(
        request,
        "consolidation/digital_checklist.html",
        {
            "items": items,
            "rows": [(u, [(i, (u.pk, i.pk) in done) for i in items]) for u in rows],
            "page": page,
            "query": query_without(request, "trang"),
            "can_keep": can_keep(request.user),
            "basic_count": units.filter(basic=True).count(),
            "total": page.paginator.count,
        },
    )


def digital_item_form(request, pk: int | None = None):
    """An item of the checklist, added or changed (retired: no longer in use) by the Board."""
    require_keeper(request.user, "sửa danh mục chuyển đổi số")
    item = get_object_or_404(DigitalItem, pk=pk) if pk else DigitalItem()
    form = DigitalItemForm(request.POST or None, instance=item)
    if request.method == "POST" and form.is_valid():
        digital_services.digital_item_save(item=form.instance, by=request.user)
        messages.success(request, "Đã lưu danh mục.")
        return redirect("consolidation:digital_checklist")
    return render(request, "consolidation/digital_item_form.html", {"form": form, "item": item})
