"""No GET creates a row: every page reachable by each role on the demo is opened, and every
table's row count is the same after as before (the session and the login log aside)."""

import re
from collections import deque
from urllib.parse import urldefrag, urlparse

import pytest
from django.db import connection
from django.test import Client

from consolidation.models import Plan

# Written by every request (the session's expiry moves on) or by logging in: not domain data.
NOT_DOMAIN = ("django_session", "axes_")
LINK = re.compile(r'href="(/[^"#]*)"')
SKIP = ("/dang-xuat/", "/static/", "/favicon.ico", "/admin/", "/doi-mat-khau/")
PAGES_PER_ROLE = 90


def _counts() -> dict[str, int]:
    with connection.cursor() as cursor:
        counts = {}
        for table in connection.introspection.table_names(cursor):
            if table.startswith(NOT_DOMAIN):
                continue
            cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(table)}")
            counts[table] = cursor.fetchone()[0]
        return counts


def _crawl(client: Client, starts: list[str], on_page=None) -> list[str]:
    """Open the pages reachable from `starts` (at most PAGES_PER_ROLE); `on_page(url, html)`
    is called with each HTML page."""
    seen, queue, opened = set(starts), deque(starts), []
    while queue and len(opened) < PAGES_PER_ROLE:
        url = queue.popleft()
        response = client.get(url)
        opened.append(url)
        assert response.status_code < 500, f"{url} answered {response.status_code}"
        if "text/html" not in response.get("Content-Type", ""):
            continue
        html = response.content.decode()
        if on_page is not None:
            on_page(url, html)
        for link in LINK.findall(html):
            link = urldefrag(link.replace("&amp;", "&"))[0]
            path = urlparse(link).path
            if link not in seen and not path.startswith(SKIP):
                seen.add(link)
                queue.append(link)
    return opened


def _extra_urls(plan_pk: int) -> list[str]:
    """Addresses no link leads to but a person may type or keep: quarters outside the
    calendar, a report for a quarter that has no row yet."""
    return [
        "/bao-cao/?form=appendix3&quarter=2099-Q4",
        "/bao-cao/?form=appendix2&quarter=2031-Q2",
        "/bao-cao/tai-ve/?form=appendix3&quarter=2030-Q1&format=xlsx",
        "/bao-cao/phu-luc-2/2032-Q3/",
        f"/bao-cao-quy/ke-hoach/{plan_pk}/2027-Q2/",
        f"/bao-cao-quy/ke-hoach/{plan_pk}/2026-Q4/",
        "/tong-quan/chi-tieu/reporting/",
        "/bao-cao/the-thuc/",
    ]


@pytest.mark.parametrize(
    "username", ["bxd", "btv", "ubkt", "vpdu", "mttq", "bithu.kdc-07", "bithu.kdc-20"]
)
def test_no_page_opened_by_any_role_creates_a_row(demo_ward, username):
    from django.contrib.auth import get_user_model

    client = Client()
    client.force_login(get_user_model().objects.get(username=username))
    plan = Plan.objects.get(unit__code="KDC-07")
    before = _counts()

    opened = _crawl(client, ["/", *_extra_urls(plan.pk)])

    after = _counts()
    changed = {t: (before[t], after.get(t)) for t in before if before[t] != after.get(t)}
    assert changed == {}, f"GETs wrote rows ({len(opened)} pages opened): {changed}"
    assert len(opened) > (3 if username == "mttq" else 15)
