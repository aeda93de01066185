import datetime

import pytest
from django.core.exceptions import ValidationError

from organizations.models import Bloc, Kind, MemberFigure, Rating, RatingLevel, Unit
from organizations.services.registry import (
    ERROR_PARENT_OUTSIDE_WARD,
    Figures,
    figure_record,
    rating_set,
    unit_update,
)
from tests.factories import UnitFactory


def test_unit_page_shows_figures_history_and_last_three_ratings(login, board_user, unit):
    figure_record(unit=unit, figures=Figures(datetime.date(2025, 3, 1), members=80, women=40))
    figure_record(unit=unit, figures=Figures(datetime.date(2026, 3, 1), members=92, women=45))
    for year, level in [
        (2022, "good"),
        (2023, "excellent"),
        (2024, "good"),
        (2025, "not_completed"),
    ]:
        rating_set(unit=unit, year=year, level=level)

    html = login(board_user).get(f"/don-vi/{unit.pk}/").content.decode()

    assert "01/03/2026 (mới nhất)" in html and "01/03/2025" in html
    ratings = html[html.index('id="ratings"') :]
    ratings = ratings[: ratings.index("</table>")]
    assert "2025" in ratings and "2023" in ratings and "2022" not in ratings
    assert "Không hoàn thành nhiệm vụ" in ratings


def test_unit_page_warns_when_sub_cells_do_not_add_up(login, board_user, ward):
    committee = UnitFactory(
        code="CA-01",
        name="Đảng bộ Công an phường",
        parent=ward,
        kind=Kind.BASE_COMMITTEE,
        bloc=Bloc.POLICE,
    )
    a = UnitFactory(code="CA-01-01", name="Chi bộ An ninh", parent=committee)
    b = UnitFactory(code="CA-01-02", name="Chi bộ Tổng hợp", parent=committee)
    day = datetime.date(2026, 3, 1)
    figure_record(unit=committee, figures=Figures(day, members=133, women=14))
    figure_record(unit=a, figures=Figures(day, members=70, women=7))
    client = login(board_user)

    # Not every sub-cell has figures yet: no warning.
    assert 'id="figure-warning"' not in client.get(f"/don-vi/{committee.pk}/").content.decode()

    figure_record(unit=b, figures=Figures(day, members=60, women=7))
    html = client.get(f"/don-vi/{committee.pk}/").content.decode()
    assert 'id="figure-warning"' in html
    assert "tổ chức ghi 133, cộng các chi bộ trực thuộc được 130 (chênh 3)" in html

    figure_record(unit=b, figures=Figures(day, members=63, women=7))
    assert 'id="figure-warning"' not in client.get(f"/don-vi/{committee.pk}/").content.decode()


def test_sub_cells_take_their_parents_bloc(ward):
    committee = UnitFactory(
        code="DN-01",
        name="Đảng bộ Doanh nghiệp",
        parent=ward,
        kind=Kind.BASE_COMMITTEE,
        bloc=Bloc.ENTERPRISE,
    )
    cell = UnitFactory(code="DN-01-01", name="Chi bộ Công ty A", parent=committee)

    assert cell.bloc == Bloc.ENTERPRISE and cell.bloc_inherited


def test_change_history_says_who_changed_what(login, board_user, unit):
    client = login(board_user)
    client.post(f"/don-vi/{unit.pk}/sua/", _edit_data(unit, secretary_name="Trần Văn Mới"))

    html = client.get(f"/don-vi/{unit.pk}/").content.decode()
    history = html[html.index('id="changes"') :]

    assert "Nguyễn Thị Hoa" in history
    assert "Bí thư: «trống» → «Trần Văn Mới»" in history
    record = Unit.history.filter(id=unit.pk).first()
    assert record.history_user == board_user


def _edit_data(unit, **changes):
    data = {
        "code": unit.code,
        "name": unit.name,
        "kind": unit.kind,
        "bloc": unit.bloc,
        "parent": unit.parent_id,
        "area": unit.area,
        "secretary_name": unit.secretary_name,
        "secretary_phone": unit.secretary_phone,
        "committee_member": unit.committee_member,
        "version": unit.version,
    }
    data.update(changes)
    return data


def test_board_creates_a_unit_with_text_normalized(login, board_user, ward):
    import unicodedata

    client = login(board_user)
    response = client.post(
        "/don-vi/them/",
        {
            "code": " kdc-60 ",
            "name": unicodedata.normalize("NFD", "  Chi bộ Khu dân cư số 60 "),
            "kind": Kind.BASE_CELL,
            "bloc": Bloc.RESIDENTIAL,
            "parent": ward.pk,
            "secretary_name": unicodedata.normalize("NFD", "Nguyễn Văn Hòa"),
        },
    )

    assert response.status_code == 302
    unit = Unit.objects.get(code="KDC-60")
    assert unit.name == "Chi bộ Khu dân cư số 60"
    assert unicodedata.is_normalized("NFC", unit.secretary_name)
    assert unit.path.startswith(ward.path) and unit.depth == 1


def test_a_grassroots_unit_needs_a_bloc(login, board_user, ward):
    response = login(board_user).post(
        "/don-vi/them/",
        {"code": "X-1", "name": "Chi bộ X", "kind": Kind.BASE_CELL, "parent": ward.pk},
    )

    assert response.status_code == 200
    assert "Tổ chức cơ sở đảng phải có khối" in response.content.decode()
    assert not Unit.objects.filter(code="X-1").exists()


@pytest.mark.parametrize(
    "fixture_name", ["standing_user", "inspection_user", "office_user", "secretary"]
)
def test_only_board_staff_edit_the_registry(request, login, unit, fixture_name):
    client = login(request.getfixturevalue(fixture_name))

    assert client.get("/don-vi/them/").status_code == 403
    assert (
        client.post(f"/don-vi/{unit.pk}/sua/", _edit_data(unit, name="Đổi tên")).status_code == 403
    )
    assert client.get(f"/don-vi/{unit.pk}/giai-the/").status_code == 403
    assert client.post(f"/don-vi/{unit.pk}/so-lieu/", {}).status_code == 403
    assert client.post(f"/don-vi/{unit.pk}/xep-loai/", {}).status_code == 403
    assert client.get("/don-vi/nhap-excel/").status_code == 403
    unit.refresh_from_db()
    assert unit.name == "Chi bộ Khu dân cư số 1"


def test_outsiders_get_404_not_403(login, outsider, unit):
    assert login(outsider).get(f"/don-vi/{unit.pk}/sua/").status_code == 404


def test_a_concurrent_edit_is_refused_and_the_input_kept(login, board_user, unit, ward):
    from organizations.models import Role
    from tests.factories import make_user

    colleague = make_user("bxd2", ward, Role.BOARD, first_name="Lan", last_name="Phạm Thị")
    mine = _edit_data(unit, secretary_name="Người của tôi")
    theirs = _edit_data(unit, name="Chi bộ Khu dân cư số 1 (mới)")

    assert login(colleague).post(f"/don-vi/{unit.pk}/sua/", theirs).status_code == 302
    response = login(board_user).post(f"/don-vi/{unit.pk}/sua/", mine)

    assert response.status_code == 200
    html = response.content.decode()
    assert "vừa được Phạm Thị Lan sửa" in html
    assert "Chi bộ Khu dân cư số 1 (mới)" in html  # what the colleague saved
    assert 'value="Người của tôi"' in html  # what I typed is still there
    unit.refresh_from_db()
    assert unit.secretary_name == ""
    assert unit.name == "Chi bộ Khu dân cư số 1 (mới)"

    # Saving again from the refreshed form (now on the current version) works.
    form_version = unit.version
    again = login(board_user).post(
        f"/don-vi/{unit.pk}/sua/", {**mine, "name": unit.name, "version": form_version}
    )
    assert again.status_code == 302


def test_moving_a_unit_moves_its_subtree(login, board_user, ward):
    a = UnitFactory(code="A", name="Đảng bộ A", parent=ward, kind=Kind.BASE_COMMITTEE)
    b = UnitFactory(code="B", name="Đảng bộ B", parent=ward, kind=Kind.BASE_COMMITTEE)
    cell = UnitFactory(code="A-1", name="Chi bộ A1", parent=a)
    group = UnitFactory(code="A-1-T", name="Tổ đảng", parent=cell, kind=Kind.PARTY_GROUP)

    response = login(board_user).post(f"/don-vi/{cell.pk}/sua/", _edit_data(cell, parent=b.pk))

    assert response.status_code == 302
    cell.refresh_from_db()
    group.refresh_from_db()
    assert cell.parent == b and cell.path.startswith(b.path) and cell.depth == 2
    assert group.path.startswith(cell.path) and group.depth == 3


def test_a_unit_cannot_move_under_itself(login, board_user, ward):
    a = UnitFactory(code="A", name="Đảng bộ A", parent=ward, kind=Kind.BASE_COMMITTEE)
    cell = UnitFactory(code="A-1", name="Chi bộ A1", parent=a)

    response = login(board_user).post(f"/don-vi/{a.pk}/sua/", _edit_data(a, parent=cell.pk))

    assert response.status_code == 200  # the form does not even offer it
    a.refresh_from_db()
    assert a.parent == ward


def test_dissolve_and_restore(login, board_user, unit):
    client = login(board_user)

    bad = client.post(f"/don-vi/{unit.pk}/giai-the/", {"dissolved_on": "31/02/2026", "reason": "x"})
    assert "ngày/tháng/năm" in bad.content.decode()

    ok = client.post(
        f"/don-vi/{unit.pk}/giai-the/", {"dissolved_on": "30/06/2026", "reason": "Sáp nhập"}
    )
    assert ok.status_code == 302
    unit.refresh_from_db()
    assert unit.dissolved_on == datetime.date(2026, 6, 30)

    client.post(f"/don-vi/{unit.pk}/khoi-phuc/")
    unit.refresh_from_db()
    assert unit.dissolved_on is None


def test_a_unit_with_active_sub_cells_cannot_be_dissolved(login, board_user, ward):
    committee = UnitFactory(code="A", name="Đảng bộ A", parent=ward, kind=Kind.BASE_COMMITTEE)
    UnitFactory(code="A-1", name="Chi bộ A1", parent=committee)

    response = login(board_user).post(
        f"/don-vi/{committee.pk}/giai-the/", {"dissolved_on": "30/06/2026", "reason": "x"}
    )

    assert "còn tổ chức trực thuộc đang hoạt động (Chi bộ A1)" in response.content.decode()


def test_figures_form_names_the_field_at_fault(login, board_user, unit):
    response = login(board_user).post(
        f"/don-vi/{unit.pk}/so-lieu/",
        {
            "as_of": "01/03/2026",
            "members": "50",
            "women": "60",
            "ethnic_minority": "0",
            "exempted": "0",
        },
    )

    html = response.content.decode()
    assert "Đảng viên nữ (60) không được lớn hơn tổng số đảng viên (50)" in html
    assert 'value="60"' in html  # the input is kept
    assert not MemberFigure.objects.filter(unit=unit).exists()


def test_ratings_are_recorded_per_year(login, board_user, unit):
    client = login(board_user)
    client.post(f"/don-vi/{unit.pk}/xep-loai/", {"year": "2025", "level": "good", "score": "82,5"})
    client.post(
        f"/don-vi/{unit.pk}/xep-loai/", {"year": "2025", "level": "excellent", "score": "91"}
    )

    rating = Rating.objects.get(unit=unit)
    assert rating.level == RatingLevel.EXCELLENT and rating.score == 91


UNIT_PAGE_QUERIES = 24  # with the panel of meetings, flagged cadres and IT use


def test_unit_page_queries_do_not_grow_with_the_registry(
    login, board_user, ward, django_assert_max_num_queries
):
    committee = UnitFactory(code="BIG", name="Đảng bộ lớn", parent=ward, kind=Kind.BASE_COMMITTEE)
    day = datetime.date(2026, 3, 1)
    for n in range(10):
        cell = UnitFactory(code=f"BIG-{n:03d}", name=f"Chi bộ {n}", parent=committee)
        figure_record(unit=cell, figures=Figures(day, members=10))
    client = login(board_user)
    with django_assert_max_num_queries(UNIT_PAGE_QUERIES) as small:
        assert client.get(f"/don-vi/{committee.pk}/").status_code == 200
    for n in range(10, 200):
        cell = UnitFactory(code=f"BIG-{n:03d}", name=f"Chi bộ {n}", parent=committee)
        figure_record(unit=cell, figures=Figures(day, members=10))

    with django_assert_max_num_queries(len(small)):
        assert client.get(f"/don-vi/{committee.pk}/").status_code == 200


def test_a_unit_cannot_move_into_another_ward(ward):
    here = UnitFactory(code="A", name="Đảng bộ A", parent=ward, kind=Kind.BASE_COMMITTEE)
    cell = UnitFactory(code="A-1", name="Chi bộ A1", parent=here)
    home = UnitFactory(code="A-2", name="Đảng bộ A2", parent=ward, kind=Kind.BASE_COMMITTEE)
    other_ward = UnitFactory(code="W2", name="Đảng bộ phường khác")
    there = UnitFactory(code="W2-1", name="Đảng bộ B", parent=other_ward, kind=Kind.BASE_COMMITTEE)

    with pytest.raises(ValidationError) as refused:
        unit_update(unit=cell, data={"parent": there}, expected_version=cell.version)
    assert refused.value.message_dict == {"parent": [ERROR_PARENT_OUTSIDE_WARD]}

    moved = unit_update(unit=cell, data={"parent": home}, expected_version=cell.version)
    assert moved.path.startswith(home.path)
