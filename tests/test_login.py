import pytest
from django.conf import settings


def _post_login(client, username, password):
    return client.post("/dang-nhap/", {"username": username, "password": password})


def test_login_page_is_in_vietnamese(client, db):
    page = client.get("/dang-nhap/").content.decode()

    assert "Đăng nhập" in page
    assert "Tên đăng nhập" in page
    assert 'lang="vi"' in page


def test_a_user_logs_in_and_reaches_the_home_page(client, board_user, test_password):
    response = _post_login(client, "bxd", test_password)

    assert response.status_code == 302
    assert response["Location"] == "/"
    assert "Bàn làm việc Ban Xây dựng Đảng" in client.get("/").content.decode()


def test_wrong_password_shows_a_vietnamese_error(client, board_user):
    response = _post_login(client, "bxd", "sai-mat-khau")

    assert response.status_code == 200
    assert "Tên đăng nhập hoặc mật khẩu không đúng" in response.content.decode()


def test_five_failures_lock_the_username_from_that_address(client, board_user, test_password):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert _post_login(client, "bxd", "sai").status_code == 200

    locked = _post_login(client, "bxd", "sai")
    assert locked.status_code == 429
    text = locked.content.decode()
    assert "tạm bị khóa" in text
    assert "Vui lòng thử lại sau" in text

    # Even the right password is refused during the lockout.
    assert _post_login(client, "bxd", test_password).status_code == 429


def test_lockout_is_per_username_not_the_whole_office(
    client, board_user, standing_user, test_password
):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _post_login(client, "bxd", "sai")

    # A colleague behind the same address still gets in.
    assert _post_login(client, "btv", test_password).status_code == 302


def test_lockout_ends_after_the_cool_off(client, board_user, test_password):
    import time_machine
    from django.utils import timezone

    start = timezone.now()
    with time_machine.travel(start, tick=False):
        for _ in range(settings.AXES_FAILURE_LIMIT):
            _post_login(client, "bxd", "sai")
        assert _post_login(client, "bxd", test_password).status_code == 429
    with time_machine.travel(start + settings.AXES_COOLOFF_TIME + settings.AXES_COOLOFF_TIME / 15):
        assert _post_login(client, "bxd", test_password).status_code == 302


def test_logout_needs_a_post_and_ends_the_session(login, board_user):
    client = login(board_user)

    response = client.post("/dang-xuat/")

    assert response.status_code == 302
    assert client.get("/")["Location"].startswith("/dang-nhap/")


def test_session_expires_after_the_idle_period_pushed_on_at_most_every_five_minutes(
    settings, login, board_user
):
    import datetime

    import time_machine
    from django.contrib.sessions.models import Session

    assert settings.SESSION_COOKIE_AGE == 8 * 3600
    start = datetime.datetime(2026, 12, 5, 8, 0, tzinfo=datetime.UTC)
    with time_machine.travel(start, tick=False):
        client = login(board_user)
        client.get("/")
    key = client.cookies[settings.SESSION_COOKIE_NAME].value

    def expiry():
        return Session.objects.get(session_key=key).expire_date

    first = expiry()
    assert first == start + datetime.timedelta(hours=8)
    with time_machine.travel(start + datetime.timedelta(minutes=4, seconds=59), tick=False):
        client.get("/")
    assert expiry() == first  # no write within five minutes
    with time_machine.travel(start + datetime.timedelta(minutes=9), tick=False):
        client.get("/thong-bao/dem/", HTTP_HX_REQUEST="true")
    assert expiry() == first  # a fragment never writes the session
    later = start + datetime.timedelta(minutes=10)
    with time_machine.travel(later, tick=False):
        client.get("/")
    assert expiry() == later + datetime.timedelta(hours=8)


def test_password_change_in_vietnamese(login, board_user, test_password):
    client = login(board_user)

    bad = client.post(
        "/doi-mat-khau/",
        {"old_password": "sai", "new_password1": "x", "new_password2": "y"},
    )
    text = bad.content.decode()
    assert "Mật khẩu hiện tại không đúng" in text
    assert "Hai lần nhập mật khẩu mới không khớp nhau" in text

    ok = client.post(
        "/doi-mat-khau/",
        {
            "old_password": test_password,
            "new_password1": "Cung-co-2026!",
            "new_password2": "Cung-co-2026!",
        },
    )
    assert ok.status_code == 302
    board_user.refresh_from_db()
    assert board_user.check_password("Cung-co-2026!")


@pytest.mark.parametrize(
    "fixture_name, heading",
    [
        ("board_user", "Bàn làm việc Ban Xây dựng Đảng"),
        ("standing_user", "Trang của Ban Thường vụ"),
        ("inspection_user", "Trang của Ủy ban Kiểm tra"),
        ("office_user", "Trang của Văn phòng Đảng ủy"),
        ("secretary", "Trang của Bí thư chi bộ"),
    ],
)
def test_each_role_has_its_home_page(request, login, fixture_name, heading):
    user = request.getfixturevalue(fixture_name)

    page = login(user).get("/").content.decode()

    assert heading in page
