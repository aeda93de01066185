"""Browser tests: Playwright for Python driving Debian's Chromium against live_server."""

import os
from urllib.parse import urlparse

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

# Playwright's sync API runs an event loop in this thread; Django's ORM refuses to run
# next to one unless told it is safe (it is: the loop never touches the database).
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
LAUNCH_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]


def pytest_collection_modifyitems(items):
    for item in items:
        if "/e2e/" in str(item.fspath):
            item.add_marker(pytest.mark.e2e)


@pytest.fixture(autouse=True)
def _reference_data(reference_data):
    """live_server needs real transactions: every browser test reloads the reference data
    that the previous one's flush emptied (tests/conftest.py, `reference_data`)."""


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
    """Requests to other hosts, and anything the Content-Security-Policy refused: both must
    stay empty for every page a browser test opens."""
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
    page = context.new_page()

    def csp_refusal(message):
        if "Content Security Policy" in message.text:
            outside_requests.append(f"CSP: {message.text}")

    page.on("console", csp_refusal)
    return context, page


@pytest.fixture
def page(browser, live_server, outside_requests):
    context, page = _new_page(browser, live_server, outside_requests)
    yield page
    context.close()
    assert outside_requests == [], f"outside resources or CSP refusals: {outside_requests}"


@pytest.fixture
def second_page(browser, live_server, outside_requests):
    """A second browser (its own cookies): another login working at the same time."""
    context, page = _new_page(browser, live_server, outside_requests)
    yield page
    context.close()


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
    assert outside_requests == [], f"outside resources or CSP refusals: {outside_requests}"


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
        # The landing page's own requests (the bell loads after the page) done before the
        # test goes on: on SQLite the live server shares the test's in-memory database
        # connection, and a test's write racing such a request hung CI.
        page.wait_for_load_state("networkidle")

    return _login


@pytest.fixture
def browser_logout(live_server):
    """browser_logout(page): log out through the menu (opened first on a phone) and wait
    until the login page is back, so the next step does not race the logout."""

    def _logout(page):
        page.wait_for_load_state()
        button = page.get_by_role("button", name="Đăng xuất")
        toggler = page.get_by_role("button", name="Mở menu")
        summary = page.locator("summary.account-summary")
        if toggler.is_visible():
            toggler.click()
            summary.wait_for(state="visible")
        summary.click()
        try:
            button.wait_for(state="visible", timeout=3000)
        except PlaywrightTimeoutError:
            # On a loaded machine the phone menu may still be opening and swallow the click.
            summary.click()
            button.wait_for(state="visible")
        login_url = f"{live_server.url}/dang-nhap/"
        button.click()
        try:
            page.wait_for_url(login_url, timeout=15000)
        except PlaywrightTimeoutError:
            # Under CI's parallel load a click on a menu still settling may not submit
            # (seen once on a phone page): submit the same form and wait again.
            if page.url != login_url:
                button.evaluate("b => b.form.requestSubmit(b)")
                page.wait_for_url(login_url, timeout=20000)

    return _logout
