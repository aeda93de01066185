"""Writes of the reporting app: the Phụ lục 2 texts of a quarter, the ward's letterhead."""

from django.db import transaction

from consolidation.access import require_board
from consolidation.services.quarterly import quarter_ensure
from organizations.concurrency import EditConflict, lock_current
from organizations.history import record_as
from organizations.models import Unit
from organizations.text import normalize_line, normalize_text
from organizations.types import Actor

from .appendices.common import profile_for
from .models import ReportProfile, ResultsReport

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
