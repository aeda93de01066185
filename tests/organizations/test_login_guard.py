"""The address throttle against password spraying, the known-device exception that keeps an
office's colleagues working, and logins that take the same work whether or not the username
exists."""

import datetime

import pytest
import time_machine
from django.contrib.auth.hashers import MD5PasswordHasher
from django.test import Client
from django.utils import timezone

from organizations import login_guard
from tests.factories import make_user

OFFICE = "203.0.113.7"
ELSEWHERE = "198.51.100.9"


def _post(client, username, password, ip=OFFICE):
    return client.post("/dang-nhap/", {"username": username, "password": password}, REMOTE_ADDR=ip)


def _spray(client, count, ip=OFFICE):
    """`count` failures from one address, each with another username (never locked alone)."""
    for n in range(count):
        assert _post(client, f"thu-{n}", "sai-mat-khau", ip).status_code == 200


@pytest.fixture
def limit(settings):
    return settings.LOGIN_ADDRESS_FAILURE_LIMIT


def test_an_address_at_the_limit_of_failures_is_not_throttled(
    client, board_user, test_password, limit
):
    _spray(client, limit)

    assert _post(client, "bxd", test_password).status_code == 302


def test_one_failure_over_the_limit_throttles_the_address_even_with_the_right_password(
    client, board_user, test_password, limit
):
    _spray(client, limit + 1)

    response = _post(client, "bxd", test_password)

    assert response.status_code == 200
    assert "quá nhiều lần đăng nhập sai từ mạng này" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_sixty_usernames_tried_once_each_are_stopped_after_the_limit(client, board_user, limit):
    results = [_post(client, f"ten-{n}", "sai") for n in range(60)]
    refused = [r for r in results if "quá nhiều lần đăng nhập sai" in r.content.decode()]

    assert len(refused) == 60 - (limit + 1)


def test_a_throttled_attempt_checks_no_password(client, board_user, limit, monkeypatch):
    _spray(client, limit + 1)
    checked = []
    monkeypatch.setattr(
        "organizations.auth_backends.TimingSafeModelBackend.authenticate",
        lambda *a, **k: checked.append(k) or None,
    )

    _post(client, "bxd", "anything")

    assert checked == []


def test_a_colleague_who_logged_in_on_this_browser_before_still_gets_in(
    board_user, standing_user, test_password, limit
):
    colleague = Client()
    assert _post(colleague, "btv", test_password).status_code == 302
    colleague.post("/dang-xuat/")
    _spray(Client(), limit + 5)  # someone else on the office's address

    assert _post(colleague, "btv", test_password).status_code == 302


def test_the_known_device_cookie_names_only_the_accounts_that_logged_in_on_it(
    board_user, standing_user, test_password, limit
):
    browser = Client()
    assert _post(browser, "btv", test_password).status_code == 302
    browser.post("/dang-xuat/")
    _spray(Client(), limit + 1)

    assert _post(browser, "bxd", test_password).status_code == 200  # never logged in here


def test_a_forged_known_device_cookie_is_ignored(client, board_user, test_password, limit):
    _spray(client, limit + 1)
    client.cookies[login_guard.KNOWN_DEVICE_COOKIE] = '["bxd"]'

    assert _post(client, "bxd", test_password).status_code == 200


def test_another_address_is_not_throttled(client, board_user, test_password, limit):
    _spray(client, limit + 1)

    assert _post(client, "bxd", test_password, ip=ELSEWHERE).status_code == 302


def test_the_throttle_ends_once_the_failures_leave_the_window(
    client, board_user, test_password, limit, settings
):
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        _spray(client, limit + 1)
    with time_machine.travel(start + settings.LOGIN_ADDRESS_WINDOW - datetime.timedelta(seconds=1)):
        assert _post(client, "bxd", test_password).status_code == 200
    with time_machine.travel(start + settings.LOGIN_ADDRESS_WINDOW + datetime.timedelta(seconds=1)):
        assert _post(client, "bxd", test_password).status_code == 302


def test_the_refusal_says_when_to_try_again_in_local_time(client, board_user, limit, settings):
    start = datetime.datetime(2026, 12, 2, 1, 0, tzinfo=datetime.UTC)  # 08:00 in Hà Nội
    with time_machine.travel(start, tick=False):
        _spray(client, limit + 1)
        text = _post(client, "bxd", "x").content.decode()

    assert "thử lại sau 08:15" in text


# --- the same work whether the username exists or not --------------------------------------


class CountingHasher(MD5PasswordHasher):
    """The test suite's fast hasher, counting how often a password is hashed."""

    algorithm = "md5"
    calls = 0

    def encode(self, password, salt):
        CountingHasher.calls += 1
        return super().encode(password, salt)


@pytest.fixture
def counting_hasher(settings):
    settings.PASSWORD_HASHERS = ["tests.organizations.test_login_guard.CountingHasher"]
    from organizations.auth_backends import _stand_in_hash

    _stand_in_hash.cache_clear()
    _stand_in_hash()  # made once per process, before any login is timed
    CountingHasher.calls = 0
    yield CountingHasher
    _stand_in_hash.cache_clear()


def _hashes_for(client, username, ip):
    before = CountingHasher.calls
    _post(client, username, "sai-mat-khau", ip)
    return CountingHasher.calls - before


@pytest.mark.parametrize("who", ["known", "inactive", "unknown"])
def test_a_failed_login_hashes_exactly_once_whoever_the_username_is(
    client, ward, counting_hasher, who
):
    user = make_user("bithu.thu", ward, "board")
    user.set_password("dung-mat-khau-123")
    user.is_active = who != "inactive"
    user.save()
    username = "khong-ton-tai" if who == "unknown" else "bithu.thu"

    assert _hashes_for(client, username, "192.0.2.1") == 1


def test_a_capitalized_username_logs_in_as_the_lower_case_account(
    client, board_user, test_password
):
    assert _post(client, "Bxd ", test_password).status_code == 302
