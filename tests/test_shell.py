"""The shell: Vietnamese, menus by role, and nothing loaded from outside the site."""

import re
from pathlib import Path

from django.conf import settings

ATTRIBUTE = re.compile(r"""(?:src|href|action|poster|data)\s*=\s*["']([^"']+)["']""", re.I)
CSS_URL = re.compile(r"""url\(\s*["']?([^"')]+)""", re.I)


def _outside(urls):
    return [u for u in urls if re.match(r"^(https?:)?//", u)]


def test_no_page_references_an_outside_url(client, login, board_user, secretary):
    pages = [client.get("/dang-nhap/").content.decode()]
    for user in (board_user, secretary):
        pages.append(login(user).get("/").content.decode())

    for html in pages:
        assert _outside(ATTRIBUTE.findall(html)) == []


def test_vendored_stylesheets_load_nothing_from_outside():
    for css in Path(settings.BASE_DIR, "static").rglob("*.css"):
        urls = [
            u for u in CSS_URL.findall(css.read_text(encoding="utf-8")) if not u.startswith("data:")
        ]
        assert _outside(urls) == [], css


def test_the_shell_shows_the_users_name_role_and_unit(login, secretary):
    page = login(secretary).get("/").content.decode()

    assert "Lê Văn Bình" in page
    assert "Bí thư · Chi bộ Khu dân cư số 1" in page
    assert "Đăng xuất" in page


def test_a_user_without_a_membership_sees_no_data(login, db):
    from tests.factories import UserFactory

    page = login(UserFactory(username="nobody")).get("/").content.decode()

    assert "chưa được phân công" in page


def test_error_pages_are_in_vietnamese(login, board_user):
    response = login(board_user).get("/khong-co-trang-nay/")

    assert response.status_code == 404
    assert "Không tìm thấy trang" in response.content.decode()


def test_the_admin_is_for_superusers_only(login, board_user):
    board_user.is_staff = True
    board_user.save()

    response = login(board_user).get("/admin/")

    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]
