"""Every URL sends an anonymous visitor to the login page. Keep this as URLs are added."""

import re

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

# The calendar feed is read by a phone's calendar, which has no login: its secret address is
# the key (tests/consolidation/test_calendar.py: unknown or renewed addresses answer 404).
OPEN = {"/dang-nhap/", "/healthz", "/favicon.ico", "/admin/login/", "/lich/ical/x.ics"}


def _walk(patterns, prefix=""):
    for entry in patterns:
        if isinstance(entry, URLResolver):
            yield from _walk(entry.url_patterns, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern):
            yield prefix + str(entry.pattern)


def _sample_url(route: str) -> str:
    route = route.lstrip("^").rstrip("$").replace("\\Z", "")
    route = re.sub(r"<int:[^>]+>", "1", route)
    route = re.sub(r"<uuid:[^>]+>", "00000000-0000-0000-0000-000000000001", route)
    route = re.sub(r"<(?:str|slug|path):[^>]+>", "x", route)
    route = re.sub(r"<[^>]+>", "1", route)
    route = re.sub(r"\(\?P<[^>]+>[^)]*\)", "1", route)  # regex routes (admin)
    route = route.replace("\\", "")
    return "/" + route


def test_the_walk_finds_the_urls():
    urls = {_sample_url(r) for r in _walk(get_resolver().url_patterns)}
    assert "/" in urls and "/dang-nhap/" in urls and "/healthz" in urls


@pytest.mark.django_db
def test_every_url_sends_an_anonymous_visitor_to_login(client):
    checked = 0
    for route in _walk(get_resolver().url_patterns):
        url = _sample_url(route)
        if url in OPEN or url.startswith("/static/"):
            continue
        response = client.get(url)
        if url.startswith("/admin/"):
            # The admin has its own login page (superusers only); it must not open either.
            assert response.status_code in (302, 404), url
            if response.status_code == 302:
                location = response["Location"]
                assert location.startswith(("/admin/login/", "/dang-nhap/")), url
            continue
        assert response.status_code == 302, f"{url} answered {response.status_code}"
        assert response["Location"].startswith("/dang-nhap/?next="), url
        checked += 1
    assert checked >= 3
