"""Rows of bench/run.py for the official forms (budgets from the reports issue)."""

import datetime

from consolidation.services.quarterly import quarter_ensure
from organizations.models import Kind, Unit

from ..appendices.appendix2 import appendix2
from ..appendices.appendix3 import appendix3
from ..renderers import render_document, render_pdf

TODAY = datetime.date(2026, 12, 5)


def bench_rows() -> list[dict]:
    ward = Unit.objects.filter(kind=Kind.WARD).order_by("pk").first()
    quarter = quarter_ensure(ward, 2026, 4)
    board = f"bxd.{ward.code.lower()}"

    whole = appendix3(user=None, scope=ward, quarter=quarter, today=TODAY)
    rows = len(whole.tables[0].rows)
    ward_84 = appendix3(user=None, scope=ward, quarter=quarter, today=TODAY)
    ward_84.tables[0].rows = ward_84.tables[0].rows[:84]

    def ward_of_84(fmt):
        """A ward's Phụ lục 3 with 84 rows (every grassroots unit of the demo ward under
        consolidation, the worst case), rendered; the selector is timed in its own row."""
        return lambda: render_document(ward_84, fmt)

    def city(fmt):
        def run():
            return render_document(
                appendix3(user=None, scope=ward, quarter=quarter, today=TODAY), fmt
            )

        return run

    def city_pdf_in_one_process():
        return render_pdf(
            appendix3(user=None, scope=ward, quarter=quarter, today=TODAY), processes=1
        )

    return [
        {
            "page": f"Phụ lục 3 selector, {rows} rows",
            "url": None,
            "call": lambda: appendix3(user=None, scope=ward, quarter=quarter, today=TODAY),
            "budget_ms": None,
            "user": board,
            "units": rows,
        },
        {
            "page": "Phụ lục 3, 84 rows → PDF (render)",
            "url": None,
            "call": ward_of_84("pdf"),
            "budget_ms": 1500,
            "user": board,
            "units": 84,
        },
        {
            "page": "Phụ lục 3, 84 rows → Excel (render)",
            "url": None,
            "call": ward_of_84("xlsx"),
            "budget_ms": 300,
            "user": board,
            "units": 84,
        },
        {
            "page": "Phụ lục 3, 84 rows → Word (render)",
            "url": None,
            "call": ward_of_84("docx"),
            "budget_ms": None,
            "user": board,
            "units": 84,
        },
        {
            "page": f"Phụ lục 3, {rows}-row roll-up → PDF",
            "url": None,
            "call": city("pdf"),
            "repeat": 3,
            "budget_ms": 20000,
            "user": board,
            "units": rows,
        },
        {
            "page": f"Phụ lục 3, {rows}-row roll-up → PDF in one process",
            "url": None,
            "call": city_pdf_in_one_process,
            "repeat": 1,
            "budget_ms": None,
            "user": board,
            "units": rows,
        },
        {
            "page": f"Phụ lục 3, {rows}-row roll-up → Excel",
            "url": None,
            "call": city("xlsx"),
            "repeat": 1,
            "budget_ms": None,
            "user": board,
            "units": rows,
        },
        {
            "page": "Phụ lục 2 → PDF",
            "url": None,
            "call": lambda: render_document(
                appendix2(user=None, ward=ward, quarter=quarter, today=TODAY), "pdf"
            ),
            "repeat": 1,
            "budget_ms": None,
            "user": board,
            "units": rows,
        },
        {
            "page": "dashboard (Standing Committee's home)",
            "url": "/",
            "budget_ms": 300,
            "user": f"btv.{ward.code.lower()}",
            "units": rows,
        },
        {
            "page": "dashboard, one bloc",
            "url": "/?bloc=residential",
            "budget_ms": 300,
            "user": f"btv.{ward.code.lower()}",
            "units": rows,
        },
        {
            "page": "dashboard: list behind a target",
            "url": "/tong-quan/chi-tieu/approved/",
            "budget_ms": None,
            "user": f"btv.{ward.code.lower()}",
            "units": rows,
        },
        {
            "page": "dashboard: early-warning list",
            "url": "/tong-quan/canh-bao/",
            "budget_ms": None,
            "user": f"btv.{ward.code.lower()}",
            "units": rows,
        },
        {
            "page": "reports page, Phụ lục 3 preview",
            "url": f"/bao-cao/?form=appendix3&quarter={quarter.code}",
            "budget_ms": None,
            "user": board,
            "units": rows,
        },
    ]
