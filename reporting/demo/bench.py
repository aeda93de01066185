"""Rows of bench/run.py for the official forms (budgets from the reports issue)."""

import datetime

from consolidation.services.quarterly import quarter_ensure
from organizations.models import Kind, Unit

from ..appendices.appendix2 import appendix2
from ..appendices.appendix3 import appendix3
from ..renderers import render_document, render_pdf

TODAY = datetime.date(2026, 12, 5)


def _row(page, user, units, *, call=None, url=None, budget_ms=None, repeat=None) -> dict:
    row = {"page": page, "url": url, "budget_ms": budget_ms, "user": user, "units": units}
    if call is not None:
        row["call"] = call
    if repeat is not None:
        row["repeat"] = repeat
    return row


def bench_rows() -> list[dict]:
    ward = Unit.objects.filter(kind=Kind.WARD).order_by("pk")[0]
    quarter = quarter_ensure(ward, 2026, 4)
    board, standing = f"bxd.{ward.code.lower()}", f"btv.{ward.code.lower()}"

    def whole():
        return appendix3(user=None, scope=ward, quarter=quarter, today=TODAY)

    rows = len(whole().tables[0].rows)
    ward_84 = whole()
    ward_84.tables[0].rows = ward_84.tables[0].rows[:84]

    def ward_of_84(fmt):
        """A ward's Phụ lục 3 with 84 rows (every grassroots unit of the demo ward under
        consolidation, the worst case), rendered; the selector is timed in its own row."""
        return lambda: render_document(ward_84, fmt)

    def city(fmt):
        return lambda: render_document(whole(), fmt)

    def appendix2_pdf():
        return render_document(appendix2(user=None, ward=ward, quarter=quarter, today=TODAY), "pdf")

    roll_up = f"Phụ lục 3, {rows}-row roll-up"
    return [
        _row(f"Phụ lục 3 selector, {rows} rows", board, rows, call=whole),
        _row(
            "Phụ lục 3, 84 rows → PDF (render)", board, 84, call=ward_of_84("pdf"), budget_ms=1500
        ),
        _row(
            "Phụ lục 3, 84 rows → Excel (render)", board, 84, call=ward_of_84("xlsx"), budget_ms=300
        ),
        _row("Phụ lục 3, 84 rows → Word (render)", board, 84, call=ward_of_84("docx")),
        _row(f"{roll_up} → PDF", board, rows, call=city("pdf"), repeat=3, budget_ms=20000),
        _row(
            f"{roll_up} → PDF in one process",
            board,
            rows,
            call=lambda: render_pdf(whole(), processes=1),
            repeat=1,
        ),
        _row(f"{roll_up} → Excel", board, rows, call=city("xlsx"), repeat=1),
        _row("Phụ lục 2 → PDF", board, rows, call=appendix2_pdf, repeat=1),
        _row("dashboard (Standing Committee's home)", standing, rows, url="/", budget_ms=300),
        _row("dashboard, one bloc", standing, rows, url="/?bloc=residential", budget_ms=300),
        _row(
            "dashboard: list behind a target", standing, rows, url="/tong-quan/chi-tieu/approved/"
        ),
        _row("dashboard: early-warning list", standing, rows, url="/tong-quan/canh-bao/"),
        _row(
            "reports page, Phụ lục 3 preview",
            board,
            rows,
            url=f"/bao-cao/?form=appendix3&quarter={quarter.code}",
        ),
        _row(
            "reports page, Phụ lục 2 preview",
            board,
            rows,
            url=f"/bao-cao/?form=appendix2&quarter={quarter.code}",
        ),
        _row("reports page, Phụ lục 1 choice", board, rows, url="/bao-cao/?form=appendix1"),
        _row("dashboard «In cho cuộc họp» PDF", standing, rows, url="/tong-quan/in/", repeat=1),
    ]
