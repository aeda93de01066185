"""Writes of the reporting app: the Phụ lục 2 texts of a quarter, the ward's letterhead."""

import datetime
import re
from dataclasses import replace

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from consolidation.access import require_board
from consolidation.models import MARK_MISSING, MARK_SUBMITTED, Quarter
from consolidation.services.quarterly import quarter_ensure
from organizations.concurrency import EditConflict, lock_current
from organizations.history import record_as
from organizations.models import Unit
from organizations.text import normalize_line, normalize_text
from organizations.types import Actor

from .appendices.common import profile_for
from .documents import Document
from .models import IssuedForm, IssuedKind, ReportProfile, ResultsReport

TEXT_FIELDS = ["situation", "leadership", "strengths", "limitations", "direction", "proposals"]
PROFILE_FIELDS = [
    "superior_body",
    "issuing_body",
    "place",
    "signing_for",
    "signer_title",
    "signer_name",
    "recipients",
]


@transaction.atomic
def results_report_save(
    *, report: ResultsReport, data: dict[str, str], by: Actor, expected_version: int | None
) -> ResultsReport:
    """Save the quarter's texts; the first save makes the quarter's row and the report's.
    Board staff only, recorded in the report's history."""
    require_board(by)
    if report.pk is None:
        quarter = report.quarter
        quarter = (
            quarter if quarter.pk else quarter_ensure(quarter.ward, quarter.year, quarter.number)
        )
        report, _ = ResultsReport.objects.get_or_create(quarter=quarter)
    report = lock_current(
        ResultsReport, report.pk, expected_version if report.version > 1 else None
    )
    for name in TEXT_FIELDS:
        setattr(report, name, normalize_text(data.get(name, "")))
    report.updated_by = by
    report.version += 1
    record_as(report, by)
    report.full_clean()
    report.save()
    return report


@transaction.atomic
def profile_save(
    *, ward: Unit, data: dict[str, str], by: Actor, expected_version: int | None = None
) -> ReportProfile:
    """The ward's letterhead and signature (made on the first save); Board staff only,
    recorded in its history. EditConflict when it was saved since `expected_version`."""
    require_board(by)
    profile = ReportProfile.objects.select_for_update().filter(ward=ward).first()
    if profile is not None:
        if expected_version is not None and profile.version != expected_version:
            raise EditConflict(profile)
        profile.version += 1
    profile = profile or profile_for(ward)
    for name in PROFILE_FIELDS:
        value = data.get(name, getattr(profile, name))
        setattr(
            profile, name, normalize_text(value) if name == "recipients" else normalize_line(value)
        )
    record_as(profile, by)
    profile.full_clean()
    profile.save()
    return profile


ISSUE_NUMBER = re.compile(r"^\d{1,4}-[A-ZĐ]{2,4}/[A-ZĐ][A-ZĐ-]{0,14}$")
ISSUE_NUMBER_FORMAT = (
    "Số «{number}» chưa đúng dạng: số thứ tự-loại văn bản/cơ quan, ví dụ 12-BC/ĐU."
)
ISSUE_FUTURE = "Ngày ban hành ({day}) không được sau hôm nay."
ISSUE_BEFORE_QUARTER = "Ngày ban hành ({day}) trước khi {quarter} bắt đầu."
DRAFT_LINE = "(BẢN NHÁP – CHƯA BAN HÀNH)"


def issued_document(
    kind: str, *, ward: Unit, quarter: Quarter, issued_on: datetime.date, number: str = ""
) -> Document:
    """The form as it is issued: the ward's whole scope, dated its issue day, numbered, and
    without the Board's workflow notes ("chưa được tiếp nhận")."""
    from .appendices.appendix2 import appendix2
    from .appendices.appendix3 import appendix3

    if kind == IssuedKind.APPENDIX2:
        document = appendix2(user=None, ward=ward, quarter=quarter, today=issued_on)
    else:
        document = appendix3(user=None, scope=ward, quarter=quarter, today=issued_on)
    if number:
        document.letterhead = replace(document.letterhead, number=f"Số {number}")
    for table in document.tables:
        table.rows = [[_without_marks(cell) for cell in row] for row in table.rows]
    return document


def _without_marks(cell: str) -> str:
    for mark in (MARK_SUBMITTED, MARK_MISSING):
        cell = cell.replace(mark, "")
    return cell.strip()


def mark_draft(document: Document) -> Document:
    """A form not issued says so in every format (a line under its title)."""
    if DRAFT_LINE not in document.title:
        document.title = [*document.title, DRAFT_LINE]
    return document


@transaction.atomic
def form_issue(
    *,
    ward: Unit,
    kind: str,
    quarter: Quarter,
    number: str,
    issued_on: datetime.date,
    by: Actor,
) -> IssuedForm:
    """Board staff issue a quarter's Phụ lục 2 or 3: its number and date recorded and its
    files in every format frozen. Issuing it again makes a replacement of the latest one."""
    require_board(by)
    number = normalize_line(number).upper().replace(" ", "")
    if not ISSUE_NUMBER.match(number):
        raise ValidationError({"number": ISSUE_NUMBER_FORMAT.format(number=number)})
    day = f"{issued_on:%d/%m/%Y}"
    if issued_on > timezone.localdate():
        raise ValidationError({"issued_on": ISSUE_FUTURE.format(day=day)})
    if issued_on < quarter.starts_on:
        raise ValidationError(
            {"issued_on": ISSUE_BEFORE_QUARTER.format(day=day, quarter=quarter.label)}
        )
    from .renderers import render_document
    from .renderers.html import render_browser_html

    document = issued_document(kind, ward=ward, quarter=quarter, issued_on=issued_on, number=number)
    previous = (
        IssuedForm.objects.select_for_update(of=("self",))  # not the outer-joined side
        .filter(ward=ward, kind=kind, quarter=quarter, replaced_by__isnull=True)
        .first()
    )
    main = max(document.tables, key=lambda t: len(t.rows), default=None)
    profile = profile_for(ward)
    return IssuedForm.objects.create(
        ward=ward,
        kind=kind,
        quarter=quarter,
        number=number,
        issued_on=issued_on,
        signer=profile.signer_name,
        replaces=previous,
        rows=main.rows if main is not None else [],
        pdf=render_document(document, "pdf"),
        xlsx=render_document(document, "xlsx"),
        docx=render_document(document, "docx"),
        html=render_browser_html(document).encode(),
        filename_stem=f"{document.filename_stem}_so-{number.split('-')[0]}",
        by=by,
    )


def latest_issue(ward: Unit, kind: str, quarter: Quarter) -> IssuedForm | None:
    """The issue in force for the quarter (the latest, not replaced)."""
    return (
        IssuedForm.objects.filter(ward=ward, kind=kind, quarter=quarter, replaced_by__isnull=True)
        .defer("pdf", "xlsx", "docx", "html")
        .first()
    )
