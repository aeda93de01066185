"""Browser tests: Playwright for Python driving Debian's Chromium against live_server."""

import os
from urllib.parse import urlparse

import pytest

# Playwright's sync API runs an event loop in this thread; Django's ORM refuses to run
# next to one unless told it is safe (it is: the loop never touches the database).
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
LAUNCH_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]


def pytest_collection_modifyitems(items):
    for item in items:
        if "/e2e/" in str(item.fspath):
            item.add_marker(pytest.mark.e2e)


# Data migrations that load reference data; browser tests get it back after each flush.
REFERENCE_DATA = [("consolidation", "0002_catalogue")]


@pytest.fixture(autouse=True)
def _reference_data(transactional_db):
    """live_server needs real transactions, so each browser test ends with a flush that
    also empties the tables data migrations filled (the indicator catalogue). Run those
    loaders again. (Serialized rollback cannot do it here: Playwright's greenlets give the
    test another database connection object than the one that holds the serialized copy.)"""
    from importlib import import_module

    from django.apps import apps

    for app_label, migration in REFERENCE_DATA:
        import_module(f"{app_label}.migrations.{migration}").load(apps, None)


@pytest.fixture(scope="session")
def browser():
    if not os.path.exists(CHROMIUM):
        message = f"Chromium not found at {CHROMIUM}"
        if os.environ.get("CI"):
            pytest.fail(message + " (CI must run the browser tests)")
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=LAUNCH_ARGS)
        yield browser
        # Tests that ran while Playwright was active opened their database connections in
        # its context; close them here, in that context, or PostgreSQL refuses to drop the
        # test database at the end ("being accessed by other users").
        from django.db import connections

        connections.close_all()
        browser.close()


@pytest.fixture
def outside_requests():
    return []


def _new_page(browser, live_server, outside_requests, **context_options):
    context = browser.new_context(locale="vi-VN", timezone_id="Asia/Ho_Chi_Minh", **context_options)
    host = urlparse(live_server.url).netloc

    def guard(route):
        parsed = urlparse(route.request.url)
        if parsed.scheme in ("http", "https") and parsed.netloc != host:
            outside_requests.append(route.request.url)
            return route.abort()
        return route.continue_()

    context.route("**/*", guard)
    context.set_default_timeout(10_000)
    return context, context.new_page()


@pytest.fixture
def page(browser, live_server, outside_requests):
    context, page = _new_page(browser, live_server, outside_requests)
    yield page
    context.close()
    assert outside_requests == [], f"the page loaded outside resources: {outside_requests}"


@pytest.fixture
def phone_page(browser, live_server, outside_requests):
    context, page = _new_page(
        browser,
        live_server,
        outside_requests,
        viewport={"width": 390, "height": 844},
        is_mobile=True,
        has_touch=True,
        device_scale_factor=2,
    )
    yield page
    context.close()
    assert outside_requests == [], f"the page loaded outside resources: {outside_requests}"


@pytest.fixture
def browser_login(live_server, test_password):
    """browser_login(page, username): log in through the real form."""

    def _login(page, username, password=None, expect_ok=True):
        page.goto(f"{live_server.url}/dang-nhap/")
        page.get_by_label("Tên đăng nhập").fill(username)
        page.get_by_label("Mật khẩu").fill(password or test_password)
        with page.expect_navigation():
            page.get_by_role("button", name="Đăng nhập").click()
        if expect_ok:
            assert "/dang-nhap/" not in page.url, f"{username} could not log in"

    return _login


@pytest.fixture
def browser_logout(live_server):
    """browser_logout(page): log out through the menu (opened first on a phone) and wait
    until the login page is back, so the next step does not race the logout."""

    def _logout(page):
        page.wait_for_load_state()
        button = page.get_by_role("button", name="Đăng xuất")
        toggler = page.get_by_role("button", name="Mở menu")
        if toggler.is_visible():
            toggler.click()
        page.locator("summary.account-summary").click()
        button.wait_for(state="visible")
        with page.expect_navigation():
            button.click()
        page.wait_for_url(f"{live_server.url}/dang-nhap/")

    return _logout
