"""The Board's account pages, the forced password change, and a person's own logins."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from organizations.models import Membership, Role
from organizations.services import accounts
from tests.factories import UnitFactory, make_user

User = get_user_model()


def _temporary_password(response) -> str:
    found = re.search(r"data-temporary-password>([a-z0-9-]+)<", response.content.decode())
    assert found, "no temporary password on the page"
    return found.group(1)


def test_a_secretary_cannot_open_the_account_pages(login, secretary):
    client = login(secretary)

    assert client.get("/tai-khoan/").status_code == 403
    assert client.get("/tai-khoan/them/").status_code == 403


def test_board_staff_of_another_ward_cannot_see_this_wards_accounts(login, outsider, secretary):
    client = login(outsider)

    assert client.get(f"/tai-khoan/{secretary.pk}/").status_code == 404
    assert client.post(f"/tai-khoan/{secretary.pk}/cap-mat-khau/").status_code == 404
    assert "bithu.kdc-01" not in client.get("/tai-khoan/").content.decode()


def test_the_list_searches_without_accents_by_name_username_or_unit(
    login, board_user, secretary, other_secretary
):
    client = login(board_user)

    by_name = client.get("/tai-khoan/", {"q": "le van binh"}).content.decode()
    by_unit = client.get("/tai-khoan/", {"q": "khu dan cu so 2"}).content.decode()

    assert 'data-username="bithu.kdc-01"' in by_name
    assert 'data-username="bithu.kdc-02"' not in by_name
    assert 'data-username="bithu.kdc-02"' in by_unit
    assert 'data-username="bithu.kdc-01"' not in by_unit


def test_a_deactivated_account_is_marked_and_listed_under_its_filter(
    login, board_user, secretary, ward
):
    accounts.account_deactivate(user=secretary, ward=ward, by=board_user)
    client = login(board_user)

    active = client.get("/tai-khoan/").content.decode()
    inactive = client.get("/tai-khoan/", {"status": "inactive"}).content.decode()

    assert 'data-username="bithu.kdc-01"' not in active
    assert 'class="text-body-secondary account-inactive" data-username="bithu.kdc-01"' in inactive
    assert "đã khóa" in inactive


def test_the_list_makes_the_same_queries_for_5_accounts_as_for_60(
    login, board_user, ward, django_assert_max_num_queries
):
    client = login(board_user)
    client.get("/tai-khoan/")
    with django_assert_max_num_queries(12) as few:
        client.get("/tai-khoan/", {"status": "all"})
    for n in range(60):
        make_user(f"bithu.thu-{n}", UnitFactory(parent=ward), Role.SECRETARY)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get("/tai-khoan/", {"status": "all"}).status_code == 200


def test_creating_an_account_shows_its_temporary_password_once(login, board_user, unit):
    client = login(board_user)

    response = client.post(
        "/tai-khoan/them/",
        {
            "last_name": "Vũ Thị",
            "first_name": "Thu",
            "username": "thu.vu",
            "email": "",
            "role": Role.SECRETARY,
            "unit": unit.pk,
            "position": "Bí thư chi bộ",
        },
    )

    password = _temporary_password(response)
    account = User.objects.get(username="thu.vu")
    assert account.check_password(password)
    assert response["Cache-Control"] == "private, no-store"
    assert password not in client.get(f"/tai-khoan/{account.pk}/").content.decode()


def test_a_refused_account_keeps_what_was_typed_and_names_the_field(login, board_user, unit):
    response = login(board_user).post(
        "/tai-khoan/them/",
        {
            "last_name": "Vũ Thị",
            "first_name": "Thu",
            "username": "bxd",
            "role": Role.SECRETARY,
            "unit": unit.pk,
        },
    )

    text = response.content.decode()
    assert "Tên đăng nhập «bxd» đã có người dùng" in text
    assert 'value="Vũ Thị"' in text


def test_a_reset_forces_the_person_to_choose_a_password_before_anything_else(
    login, board_user, secretary
):
    password = _temporary_password(
        login(board_user).post(f"/tai-khoan/{secretary.pk}/cap-mat-khau/")
    )
    person = Client()
    assert (
        person.post(
            "/dang-nhap/", {"username": secretary.username, "password": password}
        ).status_code
        == 302
    )

    for url in ("/", "/ke-hoach/", "/bao-cao-quy/"):
        response = person.get(url)
        assert (response.status_code, response["Location"]) == (302, "/doi-mat-khau/"), url

    changed = person.post(
        "/doi-mat-khau/",
        {
            "old_password": password,
            "new_password1": "rieng-toi-789",
            "new_password2": "rieng-toi-789",
        },
    )
    assert changed.status_code == 302
    assert person.get("/").status_code == 200
    assert Membership.objects.get(user=secretary).must_change_password is False


def test_a_new_password_that_breaks_the_rules_is_refused_in_vietnamese(
    login, secretary, test_password
):
    response = login(secretary).post(
        "/doi-mat-khau/",
        {"old_password": test_password, "new_password1": "12345678", "new_password2": "12345678"},
    )

    assert response.status_code == 200
    assert "Mật khẩu này" in response.content.decode()


def test_a_person_sees_their_own_latest_logins(secretary, test_password):
    client = Client()
    client.post(
        "/dang-nhap/",
        {"username": secretary.username, "password": test_password},
        REMOTE_ADDR="192.0.2.44",
        HTTP_USER_AGENT="Trình duyệt thử",
    )

    page = client.get("/tai-khoan/cua-toi/").content.decode()

    assert "192.0.2.44" in page
    assert "Trình duyệt thử" in page


def test_a_unit_without_a_secretary_account_offers_one(login, board_user, unit, secretary, ward):
    bare = UnitFactory(parent=ward, name="Chi bộ Khu dân cư số 9")
    client = login(board_user)

    assert 'id="offer-account"' in client.get(f"/don-vi/{bare.pk}/").content.decode()
    assert 'id="offer-account"' not in client.get(f"/don-vi/{unit.pk}/").content.decode()
    form = client.get(f"/tai-khoan/them/?don_vi={bare.pk}").content.decode()
    assert f'<option value="{bare.pk}" selected>' in form
    assert 'value="bithu.' in form


def test_a_new_grassroots_unit_is_offered_its_secretarys_account(login, board_user, ward):
    client = login(board_user)

    response = client.post(
        "/don-vi/them/",
        {
            "code": "KDC-90",
            "name": "Chi bộ Khu dân cư số 90",
            "kind": "base_cell",
            "bloc": "residential",
            "parent": ward.pk,
            "secretary_name": "Phan Văn Lộc",
        },
        follow=True,
    )

    text = response.content.decode()
    assert 'id="offer-account"' in text
    assert "Phan Văn Lộc" in text


def test_the_handover_page_hands_the_unit_to_a_new_person(login, board_user, unit, secretary):
    response = login(board_user).post(
        f"/don-vi/{unit.pk}/ban-giao/",
        {
            "on": "01/12/2026",
            "receiver": "new",
            "last_name": "Đỗ Thị",
            "first_name": "Hạnh",
            "username": "hanh.do",
            "previous": "deactivate",
            "note": "Quyết định 05-QĐ/ĐU",
        },
    )

    password = _temporary_password(response)
    new = User.objects.get(username="hanh.do")
    assert new.check_password(password)
    assert Membership.objects.get(user=new).unit == unit
    secretary.refresh_from_db()
    assert secretary.is_active is False


@pytest.mark.parametrize("missing", ["last_name", "first_name", "username"])
def test_a_handover_to_a_new_person_needs_their_name_and_username(
    login, board_user, unit, secretary, missing
):
    data = {
        "on": "01/12/2026",
        "receiver": "new",
        "last_name": "Đỗ Thị",
        "first_name": "Hạnh",
        "username": "hanh.do",
        "previous": "deactivate",
    }
    data[missing] = ""

    response = login(board_user).post(f"/don-vi/{unit.pk}/ban-giao/", data)

    assert response.status_code == 200
    assert "Điền " in response.content.decode()
    assert not User.objects.filter(username="hanh.do").exists()


def test_a_fragment_fetched_before_the_new_password_gets_nothing_not_the_password_page(
    login, secretary
):
    from organizations.models import Membership

    Membership.objects.filter(user=secretary).update(must_change_password=True)
    client = login(secretary)
    assert client.get("/thong-bao/dem/", HTTP_HX_REQUEST="true").status_code == 204
    assert client.get("/thong-bao/dem/").url == "/doi-mat-khau/"
