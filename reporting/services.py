"""Writes of the reporting app."""

from django.db import transaction

from organizations.concurrency import lock_current
from organizations.text import normalize_text

from .models import ResultsReport

TEXT_FIELDS = ["situation", "leadership", "strengths", "limitations", "direction", "proposals"]


@transaction.atomic
def results_report_save(
    *, report: ResultsReport, data: dict, by, expected_version: int | None
) -> ResultsReport:
    report = lock_current(ResultsReport, report.pk, expected_version)
    for name in TEXT_FIELDS:
        setattr(report, name, normalize_text(data.get(name, "")))
    report.updated_by = by
    report.version += 1
    report.full_clean()
    report.save()
    return report
