"""The Content-Security-Policy on every answer, no inline script or style for it to allow, and
nothing shown to a logged-in person kept in a cache."""

import re
from pathlib import Path

import pytest

from config.security import CONTENT_SECURITY_POLICY

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"
# Served with its styles linked (render_browser_html); inline only in the one-file HTML that
# `export_report --format html` writes, never served.
PDF_ONLY = {"reporting/document_print.html"}


def _directives(header: str) -> dict[str, str]:
    return dict(part.strip().split(" ", 1) for part in header.split(";"))


def test_the_policy_allows_only_the_site_itself():
    directives = _directives(CONTENT_SECURITY_POLICY)

    assert directives["default-src"] == "'self'"
    assert directives["script-src"] == "'self'"
    assert directives["style-src"] == "'self'"
    assert directives["frame-ancestors"] == "'none'"
    assert directives["object-src"] == "'none'"
    assert "unsafe-inline" not in CONTENT_SECURITY_POLICY
    assert "unsafe-eval" not in CONTENT_SECURITY_POLICY


def test_the_login_page_carries_the_policy(client, db):
    response = client.get("/dang-nhap/")

    assert response["Content-Security-Policy"] == CONTENT_SECURITY_POLICY


@pytest.mark.parametrize("url", ["/", "/don-vi/", "/tai-khoan/cua-toi/", "/bao-cao/"])
def test_an_authenticated_page_is_private_and_never_stored(login, board_user, url):
    response = login(board_user).get(url)

    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"
    assert response["Content-Security-Policy"] == CONTENT_SECURITY_POLICY


def test_a_download_is_private_and_never_stored(login, board_user, ward):
    response = login(board_user).get("/don-vi/xuat-excel/")

    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert response["Cache-Control"] == "private, no-store"


def _served_templates():
    for path in sorted(TEMPLATES.rglob("*.html")):
        name = path.relative_to(TEMPLATES).as_posix()
        if name not in PDF_ONLY:
            yield name, path.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    "pattern,what",
    [
        (r"<style[\s>]", "a <style> element"),
        (r"\sstyle=", "a style attribute"),
        (r"<script(?![^>]*\ssrc=)[^>]*>", "an inline <script>"),
        (r"\son[a-z]+=", "an inline event handler"),
        (r"javascript:", "a javascript: URL"),
    ],
)
def test_no_served_template_needs_the_policy_to_allow_inline_code(pattern, what):
    offenders = [name for name, text in _served_templates() if re.search(pattern, text)]

    assert offenders == [], f"{what} in {offenders}"
