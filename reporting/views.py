"""The reports page (choose, preview, download), the free text of Phụ lục 2, the ward's
letterhead, and bringing an old Phụ lục 3 in."""

import dataclasses

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.views.decorators.http import require_GET, require_POST

from config.ids import as_id
from consolidation.access import require_board
from consolidation.imports import appendix3 as importer
from consolidation.models import Plan, parse_quarter_code
from consolidation.selectors.quarterly import quarter_find, reporting_quarters
from consolidation.selectors.search import plans_found
from consolidation.services.quarterly import quarter_ensure
from organizations import pending_upload
from organizations.access import WARD_ROLES, role_of, ward_for
from organizations.concurrency import EditConflict
from organizations.forms import keep_typed_at_version
from organizations.models import Role
from organizations.registry_io.read import MAX_BYTES, ImportRefused
from organizations.text import fold

from .appendices.appendix2 import results_report_for
from .appendices.common import profile_for
from .chosen import build_document, report_committees, report_scope, report_scopes
from .forms import (
    FORMATS,
    Appendix3ImportForm,
    IssueForm,
    ReportChoiceForm,
    ReportProfileForm,
    ResultsReportForm,
)
from .models import IssuedForm, IssuedKind
from .renderers import CONTENT_TYPES, render_document, render_html
from .renderers.html import render_browser_html, render_page_style
from .renderers.pdf import LONG as LONG_PDF
from .services import form_issue, profile_save, results_report_save

IMPORT_SESSION_KEY = "appendix3-import"
# More plans than this are chosen by a search (PLAN_MATCHES shown), not from one long list.
PLAN_CHOICES = 100
PLAN_MATCHES = 30
# More đảng bộ cơ sở than this are chosen by a search too.
SCOPE_CHOICES = 100
# A Phụ lục 3 longer than this shows its first rows on the page; the files hold them all.
PREVIEW_ROWS = 100
# Formats of a long form made in the background; Excel and the web page stay immediate.
BACKGROUND_FORMATS = ("pdf", "docx")


def reports(request):
    ward = ward_for(request.user)
    role = role_of(request.user)
    today = timezone.localdate()
    quarters = reporting_quarters(ward, today, limit=8)
    params = request.GET.copy()
    params.setdefault("form", "appendix3")
    if role not in WARD_ROLES:
        params["form"] = "appendix1"
    params.setdefault("quarter", quarters[-1].code if quarters else "")
    plans, plan_search = _plan_choices(request.user, params)
    scopes, scope_search = _scope_choices(request.user, ward, params)
    choice = ReportChoiceForm(
        params,
        quarters=quarters,
        scopes=scopes,
        plans=plans,
        plan_search=plan_search,
        scope_search=scope_search,
    )
    document, reason = build_document(request.user, params)
    issues = _issues(ward, params)
    shown = _preview_part(document)
    return render(
        request,
        "reporting/reports.html",
        {
            "issues": issues,
            "issue_form": IssueForm() if role == Role.BOARD and issues is not None else None,
            "choice": choice,
            "document": document,
            "preview": render_html(shown) if shown else "",
            "preview_rows": (PREVIEW_ROWS, max(len(t.rows) for t in document.tables))
            if document is not None and shown is not document
            else None,
            "plan_search": plan_search,
            "scope_search": scope_search,
            "long_pdf": document is not None and document.size >= LONG_PDF,
            "reason": reason,
            "formats": FORMATS,
            "query": params.urlencode(),
            "is_board": role == Role.BOARD,
            "is_ward_role": role in WARD_ROLES,
            "form_kind": params.get("form"),
            "quarter_code": params.get("quarter"),
        },
    )


def _plan_choices(user, params) -> tuple[list[Plan], bool]:
    """The plans to choose Phụ lục 1 from: all of them for a ward (a list), or, for a city of
    thousands, those matching what was typed (a search) with the one already chosen."""
    plans = Plan.objects.visible_to(user).select_related("unit")
    if plans.count() <= PLAN_CHOICES:
        return list(plans.order_by("unit__sort_key", "-started_on")), False
    found = list(
        plans_found(user, params.get("plan_q", ""))
        .select_related("unit")
        .order_by("unit__sort_key", "-started_on")[:PLAN_MATCHES]
    )
    chosen = as_id(params.get("plan"))
    if chosen is not None and all(p.pk != chosen for p in found):
        found = list(plans.filter(pk=chosen)) + found
    return found, True


def _scope_choices(user, ward, params):
    """The scopes of Phụ lục 3: the ward and every đảng bộ cơ sở (a list), or, for a city of
    hundreds, the ward and the committees matching what was typed with the one chosen."""
    committees = report_committees(user, ward)
    if committees.count() <= SCOPE_CHOICES:
        return report_scopes(user, ward, committees), False
    typed = params.get("scope_q", "")
    found = committees.matching(typed) if fold(typed).split() else committees.none()
    chosen = report_scope(user, ward, params.get("scope") or ward.pk)
    shown = list(found[:PLAN_MATCHES])
    if chosen is not None and chosen != ward and chosen not in shown:
        shown.insert(0, chosen)
    return report_scopes(user, ward, shown), True


def _preview_part(document):
    """What the page shows of a form: all of it, or the first PREVIEW_ROWS rows of each long
    table (a city's roll-up of Phụ lục 3, the plans of Phụ lục 2); the files have every row."""
    if document is None or all(len(t.rows) <= PREVIEW_ROWS for t in document.tables):
        return document
    cut = {
        id(table): dataclasses.replace(table, rows=table.rows[:PREVIEW_ROWS])
        for table in document.tables
        if len(table.rows) > PREVIEW_ROWS
    }
    return dataclasses.replace(
        document, blocks=[cut.get(id(block), block) for block in document.blocks]
    )


def _issues(ward, params) -> list[IssuedForm] | None:
    """The issues of the chosen quarter's Phụ lục 2 or 3, newest first (None for other
    choices: Phụ lục 1 is the unit's own document)."""
    kind = params.get("form")
    if kind not in IssuedKind.values or params.get("scope", str(ward.pk)) != str(ward.pk):
        return None
    try:
        year, number = parse_quarter_code(params.get("quarter") or "")
    except ValidationError:
        return None
    return list(
        IssuedForm.objects.filter(ward=ward, kind=kind, quarter__year=year, quarter__number=number)
        .select_related("quarter", "by", "replaced_by")
        .defer("pdf", "xlsx", "docx", "html")
    )


@require_POST
def issue(request):
    """Board staff issue the chosen quarter's Phụ lục 2 or 3 (number, date): frozen."""
    require_board(request.user)
    ward = ward_for(request.user)
    kind = request.POST.get("form")
    if kind not in IssuedKind.values:
        raise Http404("Không có biểu mẫu này.")
    try:
        quarter = quarter_find(ward, *parse_quarter_code(request.POST.get("quarter") or ""))
    except ValidationError as exc:
        raise Http404("Không có quý này.") from exc
    form = IssueForm(request.POST)
    back = f"{reverse('reporting:reports')}?form={kind}&quarter={quarter.code}"
    if not form.is_valid():
        messages.error(
            request,
            " ".join(
                f"{form.fields[name].label}: {' '.join(str(e) for e in errors)}"
                for name, errors in form.errors.items()
            ),
        )
        return redirect(back)
    try:
        issued = form_issue(
            ward=ward,
            kind=kind,
            quarter=quarter,
            number=form.cleaned_data["number"],
            issued_on=form.cleaned_data["issued_on"],
            by=request.user,
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        replaced = f" (thay thế Số {issued.replaces.number})" if issued.replaces else ""
        messages.success(
            request,
            f"Đã ban hành {issued.get_kind_display()} {quarter.label}, Số {issued.number} ngày "
            f"{issued.issued_on:%d/%m/%Y}{replaced}: các tệp được giữ nguyên như lúc ban hành.",
        )
    return redirect(back)


def issued_download(request, pk: int, fmt: str):
    """An issued form's file, as it was issued."""
    ward = ward_for(request.user)
    if role_of(request.user) not in WARD_ROLES:
        raise PermissionDenied("Biểu mẫu đã ban hành dành cho các ban của Đảng ủy.")
    issued = IssuedForm.objects.filter(pk=pk, ward=ward).first()
    if issued is None or fmt not in ("pdf", "xlsx", "docx", "html"):
        raise Http404("Không có biểu mẫu này.")
    response = HttpResponse(bytes(getattr(issued, fmt)), content_type=CONTENT_TYPES[fmt])
    disposition = "inline" if fmt == "html" else "attachment"
    response["Content-Disposition"] = f'{disposition}; filename="{issued.filename_stem}.{fmt}"'
    return response


def download(request):
    fmt = request.GET.get("format", "pdf")
    if fmt not in CONTENT_TYPES:
        raise Http404("Không có định dạng này.")
    document, reason = build_document(request.user, request.GET)
    if document is None:
        messages.error(request, reason)
        return redirect("reporting:reports")
    if fmt in BACKGROUND_FORMATS and document.size >= LONG_PDF:
        # A city's roll-up: made by a worker, not in this request (Tệp đã xuất).
        query = urlencode({"kind": "form", **request.GET.dict()})
        return redirect(f"{reverse('exports:new')}?{query}")
    # The browser gets the printable page with linked styles (the CSP allows no inline style).
    content = render_browser_html(document) if fmt == "html" else render_document(document, fmt)
    response = HttpResponse(content, content_type=CONTENT_TYPES[fmt])
    disposition = "inline" if fmt == "html" else "attachment"
    response["Content-Disposition"] = f'{disposition}; filename="{document.filename_stem}.{fmt}"'
    return response


@require_GET
def page_style(request, orientation: str):
    """The printed page's CSS for the preview and the printable page (A4 portrait or
    landscape, the shipped font, page numbers)."""
    if orientation not in ("portrait", "landscape"):
        raise Http404("Không có khổ giấy này.")
    css = render_page_style(landscape=orientation == "landscape")
    return HttpResponse(css, content_type="text/css; charset=utf-8")


def results_edit(request, code: str):
    """The free-text sections of a quarter's Phụ lục 2, kept with the quarter."""
    require_board(request.user)
    ward = ward_for(request.user)
    try:
        quarter = quarter_find(ward, *parse_quarter_code(code))
    except ValidationError as exc:
        raise Http404(exc.messages[0]) from exc
    report = results_report_for(quarter)
    form = ResultsReportForm(request.POST or None, instance=report)
    if request.method == "POST" and form.is_valid():
        try:
            results_report_save(
                report=report,
                data=form.cleaned_data,
                by=request.user,
                expected_version=form.cleaned_data["version"],
            )
        except EditConflict as exc:
            form.add_error(None, str(exc))
            keep_typed_at_version(form, exc.current.version)
        else:
            messages.success(request, f"Đã lưu nội dung báo cáo {quarter.label}.")
            return redirect(f"/bao-cao/?form=appendix2&quarter={quarter.code}")
    return render(request, "reporting/results_form.html", {"form": form, "quarter": quarter})


def profile_edit(request):
    require_board(request.user)
    profile = profile_for(ward_for(request.user))
    form = ReportProfileForm(request.POST or None, instance=profile)
    if request.method == "POST" and form.is_valid():
        try:
            profile_save(
                ward=profile.ward,
                data=form.cleaned_data,
                by=request.user,
                expected_version=form.expected_version,
            )
        except EditConflict as exc:
            form.add_error(None, str(exc))
            keep_typed_at_version(form, exc.current.version)
        else:
            messages.success(request, "Đã lưu thể thức văn bản.")
            return redirect("reporting:reports")
    return render(request, "reporting/profile_form.html", {"form": form})


def appendix3_upload(request):
    require_board(request.user)
    ward = ward_for(request.user)
    form = Appendix3ImportForm(request.POST or None, request.FILES or None)
    report = refused = token = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data["file"].read(MAX_BYTES + 1)
        quarter = quarter_find(ward, *parse_quarter_code(form.cleaned_data["quarter"]))
        try:
            report = importer.appendix3_import(ward=ward, quarter=quarter, data=data, dry_run=True)
        except ImportRefused as exc:
            refused = str(exc)
        else:
            if report.ok:
                token = pending_upload.stash(
                    request, IMPORT_SESSION_KEY, data, quarter=quarter.code
                )
    return render(
        request,
        "reporting/appendix3_import.html",
        {"form": form, "report": report, "refused": refused, "token": token},
    )


@require_POST
def appendix3_confirm(request):
    require_board(request.user)
    ward = ward_for(request.user)
    taken = pending_upload.take(request, IMPORT_SESSION_KEY)
    if taken is None:
        messages.error(request, "Phiên nhập tệp đã hết hạn. Vui lòng tải tệp lên lại.")
        return redirect("reporting:appendix3_upload")
    data, pending = taken
    quarter = quarter_ensure(ward, *parse_quarter_code(pending["quarter"]))
    report = importer.appendix3_import(
        ward=ward,
        quarter=quarter,
        data=data,
        dry_run=False,
        user=request.user,
        overwrite_accepted=request.POST.get("overwrite_accepted") == "yes",
    )
    if not report.ok:
        # Refused only for want of the overwrite confirmation: the file waits for it.
        token = (
            pending_upload.stash(request, IMPORT_SESSION_KEY, data, quarter=quarter.code)
            if report.awaiting_overwrite
            else None
        )
        return render(
            request,
            "reporting/appendix3_import.html",
            {"form": Appendix3ImportForm(), "report": report, "token": token},
        )
    messages.success(
        request,
        f"Đã nhập Phụ lục 3 {quarter.label}: thêm {report.count('new')}, cập nhật {report.count('changed')}, "
        f"không đổi {report.count('unchanged')} đề án, kế hoạch.",
    )
    return redirect(f"/bao-cao/?form=appendix3&quarter={quarter.code}")
