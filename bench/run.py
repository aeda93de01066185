"""Speed of the pages at scale, measured server-side with Django's test client.

    python bench/run.py                       # SQLite file under bench/out/
    python bench/run.py --database-url postgres://postgres@127.0.0.1:5432/cungco_bench

Builds a fresh scale database (generate_scale_data: one ward of 10,000 grassroots units by
default, plus whatever the other apps add), then times each page (median of --runs GETs
after a warm-up), counts its queries, and prints a table with the ratio to a trivial view
(/healthz, one database round trip) timed in the same run. Budgets are printed beside the
figures; nothing here is a test. Apps add rows with `bench_rows()` in `<app>/demo/bench.py`.
"""

import argparse
import io
import os
import statistics
import sys
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
OUT = ROOT / "bench" / "out"


@dataclass
class Row:
    page: str
    url: str | None
    budget_ms: float | None
    user: str
    units: int | str = ""
    method: str = "GET"
    data: dict | None = None
    call: object = None  # for non-page rows: a callable, timed like a page
    repeat: int | None = None  # runs for a callable (default: --runs)


def _prepare_database(url: str | None) -> str:
    OUT.mkdir(parents=True, exist_ok=True)
    if not url:
        path = OUT / "bench.sqlite3"
        path.unlink(missing_ok=True)
        return f"sqlite:///{path}"
    if url.startswith("postgres"):
        import psycopg

        name = url.rsplit("/", 1)[1]
        admin = url.rsplit("/", 1)[0] + "/postgres"
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
            conn.execute(f'CREATE DATABASE "{name}"')
    return url


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", default=os.environ.get("BENCH_DATABASE_URL"))
    parser.add_argument("--wards", type=int, default=1)
    parser.add_argument("--units-per-ward", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--skip-import", action="store_true", help="skip the 10,000-row import")
    parser.add_argument("--only", help="measure only the rows whose name contains this text")
    args = parser.parse_args()

    os.environ["DATABASE_URL"] = _prepare_database(args.database_url)
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.test"
    os.environ.setdefault("DJANGO_MEDIA_ROOT", str(OUT / "uploads"))
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    call_command(
        "generate_scale_data",
        wards=args.wards,
        units_per_ward=args.units_per_ward,
        seed=1,
        force=True,
        stdout=io.StringIO(),
    )
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:  # statistics, as a live database has them
            cursor.execute("ANALYZE")
    build_seconds = time.perf_counter() - started

    rows = [
        row
        for row in _rows()
        if not args.only or args.only.lower() in row.page.lower() or row.url == "/healthz"
    ]
    results = [_measure(row, args.runs) for row in rows]
    if not args.skip_import:
        results.append(_measure_import())

    vendor = connection.vendor
    print(
        f"\nbench on {vendor}, {args.wards} ward(s) × {args.units_per_ward} units; "
        f"database built in {build_seconds:.0f} s; median of {args.runs} runs\n"
    )
    width = max(len(r["page"]) for r in results)
    header = f"| {'page':<{width}} | {'units':>7} | {'median ms':>9} | {'queries':>7} | {'× trivial':>9} | {'budget ms':>9} | ok |"
    print(header)
    print("|" + "|".join("-" * (len(c)) for c in header.split("|")[1:-1]) + "|")
    trivial = next(r for r in results if r["page"] == "trivial view (/healthz)")["median"]
    for r in results:
        ratio = r["median"] / trivial if trivial else 0
        budget = r["budget"]
        ok = "" if budget is None else ("yes" if r["median"] <= budget else "NO")
        print(
            f"| {r['page']:<{width}} | {r['units']!s:>7} | {r['median']:>9.1f} | {r['queries']!s:>7} | "
            f"{ratio:>9.1f} | {budget if budget is not None else '':>9} | {ok:>2} |"
        )


def _rows() -> list[Row]:
    from importlib import import_module

    from django.apps import apps

    rows = [Row("trivial view (/healthz)", "/healthz", None, user="")]
    for config in apps.get_app_configs():
        try:
            module = import_module(f"{config.name}.demo.bench")
        except ModuleNotFoundError:
            continue
        rows.extend(Row(**spec) for spec in module.bench_rows())
    return rows


def _client(username: str):
    from django.contrib.auth import get_user_model
    from django.test import Client

    client = Client()
    if username:
        client.force_login(get_user_model().objects.get(username=username))
    return client


def _measure(row: Row, runs: int) -> dict:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    if row.call is not None and row.repeat == 1:  # slow: one run, queries counted in it
        with CaptureQueriesContext(connection) as ctx:
            started = time.perf_counter()
            row.call()
            elapsed = (time.perf_counter() - started) * 1000
        return {
            "page": row.page,
            "units": row.units,
            "median": elapsed,
            "queries": len(ctx.captured_queries),
            "budget": row.budget_ms,
        }
    if row.call is not None:
        row.call()  # warm-up (fonts, templates)
        timings = []
        for _ in range(row.repeat or runs):
            started = time.perf_counter()
            row.call()
            timings.append((time.perf_counter() - started) * 1000)
        with CaptureQueriesContext(connection) as ctx:
            row.call()
        return {
            "page": row.page,
            "units": row.units,
            "median": statistics.median(timings),
            "queries": len(ctx.captured_queries),
            "budget": row.budget_ms,
        }
    client = _client(row.user)
    request = client.post if row.method == "POST" else client.get
    response = request(row.url, row.data or {})  # warm-up (and a check that it works)
    if response.status_code not in (200, 302):
        raise SystemExit(f"{row.page}: {row.url} answered {response.status_code}")
    timings = []
    for _ in range(runs):
        started = time.perf_counter()
        request(row.url, row.data or {})
        timings.append((time.perf_counter() - started) * 1000)
    with CaptureQueriesContext(connection) as ctx:
        request(row.url, row.data or {})
    return {
        "page": row.page,
        "units": row.units,
        "median": statistics.median(timings),
        "queries": len(ctx.captured_queries),
        "budget": row.budget_ms,
    }


def _measure_import() -> dict:
    """Export the big ward, give every code a new prefix and import it into an empty ward:
    10,000 new units, their figures and ratings, through the same service as the page."""
    from openpyxl import load_workbook

    from organizations.models import Kind, Unit
    from organizations.registry_io.export import export_xlsx
    from organizations.registry_io.read import read_xlsx
    from organizations.registry_io.write import registry_import
    from organizations.services.registry import unit_create

    ward = Unit.objects.filter(kind=Kind.WARD).order_by("pk").first()
    data = export_xlsx(ward, Unit.objects.all())
    workbook = load_workbook(io.BytesIO(data))
    sheet = workbook.active
    rows = 0
    for row in sheet.iter_rows(min_row=2):
        row[0].value = f"N{row[0].value}"
        if row[4].value:
            row[4].value = f"N{row[4].value}"
        rows += 1
    buffer = io.BytesIO()
    workbook.save(buffer)
    target = unit_create(code="BENCH-NEW", name="Đảng bộ phường Nhập thử", kind=Kind.WARD)
    started = time.perf_counter()
    buffer.seek(0)
    report = registry_import(ward=target, table=read_xlsx(buffer), dry_run=False)
    seconds = time.perf_counter() - started
    if not report.ok:
        raise SystemExit("import failed: " + "; ".join(str(p) for p in report.problems[:5]))
    return {
        "page": "registry import (.xlsx, all new rows)",
        "units": rows,
        "median": seconds * 1000,
        "queries": "",
        "budget": 60_000,
    }


if __name__ == "__main__":
    main()
