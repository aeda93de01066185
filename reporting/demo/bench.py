"""Rows of bench/run.py for the official forms (budgets from the reports issue)."""

import datetime

from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.test import Client

from consolidation.services.quarterly import quarter_ensure
from organizations.models import Kind, Unit

from ..appendices.appendix2 import appendix2
from ..appendices.appendix3 import appendix3
from ..exports.kinds import KINDS
from ..renderers import render_document

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

    def job(kind, username, **params):
        """A background job's work, as the worker does it (without the queue)."""
        user = get_user_model().objects.get(username=username)
        return lambda: KINDS[kind].make(user, params, TODAY, lambda share: None)

    def computed(username, url):
        """A dashboard page with its figures computed, not kept: the cache dropped first."""
        client = Client()
        client.force_login(get_user_model().objects.get(username=username))

        def get():
            cache.clear()
            assert client.get(url).status_code == 200

        return get

    roll_up = f"Phụ lục 3, {rows}-row roll-up"
    quarter_params = {"quarter": quarter.code, "format": "pdf"}
    return [
        _row(f"Phụ lục 3 selector, {rows} rows", board, rows, call=whole),
        _row("Phụ lục 3, 84 rows → PDF (render)", board, 84, call=ward_of_84("pdf"), budget_ms=800),
        _row(
            "Phụ lục 3, 84 rows → Excel (render)", board, 84, call=ward_of_84("xlsx"), budget_ms=300
        ),
        _row("Phụ lục 3, 84 rows → Word (render)", board, 84, call=ward_of_84("docx")),
        _row(
            f"{roll_up} → PDF, background job",
            board,
            rows,
            call=job("form", board, form="appendix3", **quarter_params),
            repeat=1,
            budget_ms=10_000,
        ),
        _row(f"{roll_up} → Excel", board, rows, call=city("xlsx"), repeat=1),
        _row(
            "Phụ lục 2 → PDF, background job",
            board,
            rows,
            call=job("form", board, form="appendix2", **quarter_params),
            repeat=1,
            budget_ms=10_000,
        ),
        _row("dashboard (Standing Committee's home)", standing, rows, url="/", budget_ms=150),
        _row("dashboard, one bloc", standing, rows, url="/?bloc=residential", budget_ms=150),
        _row(
            "dashboard, figures computed (cache dropped)",
            standing,
            rows,
            call=computed(standing, "/"),
        ),
        _row(
            "dashboard: list behind a target, page 1",
            standing,
            rows,
            url="/tong-quan/chi-tieu/approved/",
            budget_ms=150,
        ),
        _row(
            "dashboard: list behind a target, built (cache dropped)",
            standing,
            rows,
            call=computed(standing, "/tong-quan/chi-tieu/meetings/"),
        ),
        _row("dashboard: early-warning list", standing, rows, url="/tong-quan/canh-bao/"),
        _row(
            "reports page, Phụ lục 3 preview (first 100 rows)",
            board,
            rows,
            url=f"/bao-cao/?form=appendix3&quarter={quarter.code}",
            budget_ms=300,
        ),
        _row(
            "reports page, Phụ lục 2 preview",
            board,
            rows,
            url=f"/bao-cao/?form=appendix2&quarter={quarter.code}",
            budget_ms=300,
        ),
        _row(
            "reports page, Phụ lục 1 choice (a search)",
            board,
            rows,
            url="/bao-cao/?form=appendix1",
            budget_ms=150,
        ),
        _row(
            "dashboard «In cho cuộc họp» PDF, background job",
            standing,
            rows,
            call=job("meeting", standing),
            repeat=1,
            budget_ms=10_000,
        ),
        _row(
            "registry export (.xlsx), background job",
            board,
            "",
            call=job("registry", board),
            repeat=3,
            budget_ms=2_000,
        ),
    ]
