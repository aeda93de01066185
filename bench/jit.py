"""Which queries PostgreSQL compiles with JIT, and how long each takes with JIT and without.

    python bench/jit.py --database-url postgres://postgres@127.0.0.1:5432/cungco_bench

Run after bench/run.py has built its database there (this leaves it as it is). Every page and
job of the bench is asked once (the PDFs aside: their queries are the previews' and the
dashboard's) and every distinct SELECT it sent is planned with `EXPLAIN (ANALYZE)` under
`jit = on`; for those the planner compiled, the median execution time of three runs with JIT
and without is printed. This is what the settings' `-c jit=off` rests on.
"""

import argparse
import os
import statistics

from run import ROOT, _client, _rows  # noqa: F401 (ROOT puts the project on sys.path)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", default=os.environ.get("BENCH_DATABASE_URL"))
    args = parser.parse_args()
    os.environ["DATABASE_URL"] = args.database_url
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.test"
    import django

    django.setup()
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    asked: dict[str, str] = {}
    for row in _rows():
        if "PDF" in row.page:
            continue
        with CaptureQueriesContext(connection) as ctx:
            if row.call is not None:
                row.call()
            else:
                client = _client(row.user)
                (client.post if row.method == "POST" else client.get)(row.url, row.data or {})
        for query in ctx.captured_queries:
            if query["sql"].lstrip().upper().startswith("SELECT"):
                asked.setdefault(query["sql"], row.page)

    compiled = []
    with connection.cursor() as cursor:

        def execution_ms(sql: str, jit: str) -> tuple[float, bool]:
            cursor.execute(f"SET jit = {jit}")
            times, used = [], False
            for _ in range(3):
                cursor.execute("EXPLAIN (ANALYZE, FORMAT JSON) " + sql)
                plan = cursor.fetchone()[0][0]
                times.append(plan["Execution Time"])
                used = used or "JIT" in plan
            return statistics.median(times), used

        for sql, page in asked.items():
            with_jit, used = execution_ms(sql, "on")
            if used:
                compiled.append((page, with_jit, execution_ms(sql, "off")[0], sql))

    print(f"\n{len(asked)} distinct SELECTs; {len(compiled)} compiled with JIT\n")
    print(f"| {'page':<50} | {'jit on ms':>9} | {'jit off ms':>10} | query |")
    print(f"|{'-' * 52}|{'-' * 11}|{'-' * 12}|-------|")
    for page, on, off, sql in compiled:
        print(f"| {page[:50]:<50} | {on:>9.1f} | {off:>10.1f} | {sql[:60]}… |")


if __name__ == "__main__":
    main()
