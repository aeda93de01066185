"""A secretary never reads another unit's name: every page reachable from their home on the
demo (inspections covering two units, cases, feedback, meetings, forms and the dashboard
included) is opened as two secretaries whose units have records of every kind, and no other
grassroots unit's name is found."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.utils.html import strip_tags

from organizations.models import Unit

from .test_reads_never_write import _crawl


@pytest.mark.parametrize("username", ["bithu.kdc-07", "bithu.kdc-41"])
def test_no_page_names_another_unit(demo_ward, username):
    user = get_user_model().objects.get(username=username)
    own = Unit.objects.get(code=username.removeprefix("bithu.").upper())
    others = Unit.objects.subtree_of(demo_ward).exclude(path__startswith=own.path)
    others = others.exclude(path__in=own.ancestor_paths).exclude(pk=demo_ward.pk)
    # "số 4" is not "số 41": a name ends where no digit follows
    names = re.compile(
        "|".join(rf"{re.escape(name)}(?!\d)" for name in others.values_list("name", flat=True))
    )
    client = Client()
    client.force_login(user)
    found: dict[str, str] = {}

    def look(url: str, html: str) -> None:
        match = names.search(strip_tags(html))
        if match:
            found.setdefault(url, match.group())

    opened = _crawl(client, ["/", "/kiem-tra/?nam=2026", "/y-kien-nhan-dan/"], look)

    assert found == {}
    assert any(url.startswith("/kiem-tra/") and url[10:11].isdigit() for url in opened)
