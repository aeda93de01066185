"""Accounts run by the Board: create, temporary passwords, deactivation, handover."""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.test import Client
from django.utils import timezone

from organizations.models import AccountEvent, AccountEventKind, Handover, Membership, Role
from organizations.services import accounts
from organizations.services.accounts import Assignment, HandoverRequest, Person
from tests.factories import UnitFactory

User = get_user_model()


def _logs_in(username, password) -> bool:
    response = Client().post("/dang-nhap/", {"username": username, "password": password})
    return response.status_code == 302


def _create(ward, by, username="bithu.moi", unit=None, role=Role.SECRETARY, **person):
    person = Person(username, person.get("first_name", "An"), person.get("last_name", "Trần Văn"))
    return accounts.account_create(
        person=person, assignment=Assignment(role, unit or ward), ward=ward, by=by
    )


def test_a_new_account_gets_a_temporary_password_to_change_at_first_login(ward, unit, board_user):
    user, password = _create(ward, board_user, unit=unit)

    assert _logs_in("bithu.moi", password)
    assert user.membership.must_change_password is True
    assert (user.membership.role, user.membership.unit) == (Role.SECRETARY, unit)
    assert AccountEvent.objects.get(user=user).kind == AccountEventKind.CREATED


def test_the_temporary_password_is_readable_and_different_each_time(ward, unit, board_user):
    passwords = {accounts.temporary_password() for _ in range(50)}

    assert len(passwords) == 50
    for password in passwords:
        groups = password.split("-")
        assert [len(g) for g in groups] == [4, 4, 4]
        assert not set(password) & set("0O1lI")


def test_usernames_are_kept_in_lower_case_and_unique_whatever_the_case(ward, unit, board_user):
    user, _ = _create(ward, board_user, username="  BiThu.Moi ", unit=unit)
    assert user.username == "bithu.moi"

    with pytest.raises(ValidationError) as caught:
        _create(ward, board_user, username="BITHU.MOI", unit=unit)
    assert "đã có người dùng" in caught.value.message_dict["username"][0]


@pytest.mark.parametrize("username", ["nguyễn.an", "an toan", "a/b"])
def test_a_username_with_accents_spaces_or_slashes_is_refused(ward, unit, board_user, username):
    with pytest.raises(ValidationError) as caught:
        _create(ward, board_user, username=username, unit=unit)

    assert "chữ không dấu" in caught.value.message_dict["username"][0]


def test_a_ward_role_must_sit_on_the_ward_and_a_secretary_below_it(ward, unit, board_user):
    with pytest.raises(ValidationError) as caught:
        _create(ward, board_user, role=Role.STANDING, unit=unit)
    assert "làm việc ở đảng bộ phường" in caught.value.message_dict["unit"][0]

    with pytest.raises(ValidationError) as caught:
        _create(ward, board_user, username="bithu.x", role=Role.SECRETARY, unit=ward)
    assert "Bí thư phải được phân công" in caught.value.message_dict["unit"][0]


def test_an_account_cannot_be_placed_in_another_ward(ward, board_user, other_ward):
    elsewhere = UnitFactory(parent=other_ward)

    with pytest.raises(ValidationError) as caught:
        _create(ward, board_user, unit=elsewhere)

    assert "không thuộc đảng bộ phường" in caught.value.message_dict["unit"][0]


def test_a_reset_replaces_the_password_and_asks_for_a_new_one(secretary, board_user, test_password):
    password = accounts.account_reset_password(user=secretary, by=board_user)

    assert not _logs_in(secretary.username, test_password)
    assert _logs_in(secretary.username, password)
    assert Membership.objects.get(user=secretary).must_change_password is True
    event = secretary.account_events.get()
    assert (event.kind, event.by) == (AccountEventKind.PASSWORD_RESET, board_user)


def test_changing_ones_own_password_clears_the_pending_reset(secretary, board_user):
    accounts.account_reset_password(user=secretary, by=board_user)

    accounts.password_change(user=secretary, new_password="mat-khau-rieng-456")

    assert Membership.objects.get(user=secretary).must_change_password is False
    assert _logs_in(secretary.username, "mat-khau-rieng-456")


def test_a_deactivated_account_cannot_log_in_and_keeps_its_history(
    ward, secretary, board_user, test_password
):
    accounts.account_deactivate(user=secretary, ward=ward, by=board_user, reason="Nghỉ hưu")

    secretary.refresh_from_db()
    assert secretary.is_active is False
    assert not _logs_in(secretary.username, test_password)
    assert User.objects.filter(pk=secretary.pk).exists()
    assert secretary.account_events.get().details == "Nghỉ hưu"


def test_nobody_deactivates_their_own_account(ward, board_user):
    with pytest.raises(ValidationError, match="tự khóa"):
        accounts.account_deactivate(user=board_user, ward=ward, by=board_user)


def test_the_last_active_board_account_cannot_be_deactivated(ward, board_user, standing_user):
    from tests.factories import make_user

    other_board = make_user("bxd2", ward, Role.BOARD)
    accounts.account_deactivate(user=other_board, ward=ward, by=board_user)
    other_board.refresh_from_db()

    accounts.account_reactivate(user=other_board, by=board_user)
    accounts.account_deactivate(user=board_user, ward=ward, by=other_board)
    with pytest.raises(ValidationError, match="cuối cùng"):
        accounts.account_deactivate(user=other_board, ward=ward, by=standing_user)


# --- handover -------------------------------------------------------------------------------


def _handover(unit, by, **fields):
    request = HandoverRequest(unit=unit, on=fields.pop("on", timezone.localdate()), **fields)
    return accounts.unit_handover(request=request, ward=unit.parent, by=by)


def test_a_handover_to_a_new_person_creates_their_account_and_closes_the_old_one(
    unit, secretary, board_user
):
    result = _handover(
        unit, board_user, new_person=Person("bithu.kdc-01.moi", "Hạnh", "Đỗ Thị"), note="QĐ 12"
    )

    secretary.refresh_from_db()
    assert secretary.is_active is False
    new = result.new_user
    assert (new.membership.unit, new.membership.role) == (unit, Role.SECRETARY)
    assert result.temporary_password
    assert _logs_in("bithu.kdc-01.moi", result.temporary_password)
    handover = Handover.objects.get(unit=unit)
    assert (handover.previous_user, handover.new_user, handover.note) == (secretary, new, "QĐ 12")
    unit.refresh_from_db()
    assert unit.secretary_name == "Đỗ Thị Hạnh"


def test_a_handover_can_move_the_old_account_to_another_role(
    unit, other_unit, secretary, other_secretary, board_user
):
    ward = unit.parent
    result = _handover(
        unit,
        board_user,
        to_user=other_secretary,
        previous_assignment=Assignment(Role.SECRETARY, other_unit),
    )

    secretary.refresh_from_db()
    assert secretary.is_active is True
    assert Membership.objects.get(user=secretary).unit == other_unit
    assert Membership.objects.get(user=result.new_user).unit == unit
    assert result.temporary_password is None
    assert ward.pk == unit.parent_id


def test_a_handover_to_the_current_secretary_is_refused(unit, secretary, board_user):
    with pytest.raises(ValidationError) as caught:
        _handover(unit, board_user, to_user=secretary)

    assert "đang là bí thư" in caught.value.message_dict["to_user"][0]


def test_a_handover_to_a_ward_body_account_is_refused(unit, secretary, board_user, standing_user):
    with pytest.raises(ValidationError) as caught:
        _handover(unit, board_user, to_user=standing_user)

    assert "cơ quan của Đảng ủy" in caught.value.message_dict["to_user"][0]


def test_a_handover_dated_tomorrow_is_refused_and_today_is_taken(unit, secretary, board_user):
    today = timezone.localdate()
    with pytest.raises(ValidationError) as caught:
        _handover(
            unit,
            board_user,
            on=today + datetime.timedelta(days=1),
            new_person=Person("b.x", "X", "Y"),
        )
    assert "không được sau hôm nay" in caught.value.message_dict["on"][0]

    _handover(unit, board_user, on=today, new_person=Person("b.x", "X", "Y"))


def test_a_failed_handover_changes_nothing(unit, secretary, board_user, other_secretary):
    with pytest.raises(ValidationError):
        _handover(unit, board_user, new_person=Person(other_secretary.username, "A", "B"))

    secretary.refresh_from_db()
    assert secretary.is_active is True
    assert not Handover.objects.exists()
    assert not User.objects.filter(first_name="A", last_name="B").exists()


def test_setup_ward_creates_the_ward_and_its_first_board_account(db):
    import io

    from django.core.management import call_command

    from organizations.models import Kind, Unit

    out = io.StringIO()
    call_command(
        "setup_ward",
        "--code",
        "db-moi",
        "--name",
        "Đảng bộ phường Mới",
        "--board-username",
        "hoa.nguyen",
        "--board-name",
        "Nguyễn Thị Hoa",
        stdout=out,
    )

    ward = Unit.objects.get(code="DB-MOI")
    assert ward.kind == Kind.WARD
    user = User.objects.get(username="hoa.nguyen")
    assert (user.last_name, user.first_name) == ("Nguyễn Thị", "Hoa")
    assert (user.membership.role, user.membership.unit) == (Role.BOARD, ward)
    password = out.getvalue().rsplit(": ", 1)[1].strip()
    assert _logs_in("hoa.nguyen", password)
