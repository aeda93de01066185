import re
import unicodedata

import pytest

from organizations.models import Bloc, Kind, MemberFigure, Rating, RatingLevel
from tests.factories import UnitFactory

SEED_001 = {
    # bloc: (units, đảng bộ, chi bộ, members)
    "administration": ("20", "6", "14", "812"),
    "enterprise": ("3", "3", "0", "487"),
    "military": ("1", "0", "1", "18"),
    "police": ("1", "1", "0", "133"),
    "residential": ("59", "0", "59", "5.358"),
    "total": ("84", "10", "74", "6.808"),
}


def _totals_table(html: str) -> dict[str, list[str]]:
    table = re.search(r'<table[^>]*id="bloc-totals".*?</table>', html, re.S).group(0)
    rows = {}
    for bloc, body in re.findall(r'<tr[^>]*data-bloc="([^"]+)"[^>]*>(.*?)</tr>', table, re.S):
        rows[bloc] = [
            re.sub(r"<[^>]+>", "", c).strip()
            for c in re.findall(r"<td[^>]*>(.*?)</td>", body, re.S)
        ]
    return rows


def test_demo_registry_shows_the_84_units_and_seed_001s_table(demo_ward, login):
    from django.contrib.auth import get_user_model

    client = login(get_user_model().objects.get(username="bxd"))
    html = client.get("/don-vi/").content.decode()

    assert "84 tổ chức" in html
    rows = _totals_table(html)
    for bloc, (units, committees, cells, members) in SEED_001.items():
        assert rows[bloc][:4] == [units, committees, cells, members], bloc
    # women, ethnic minorities, exempted (seed 001 and DOMAIN.md)
    assert rows["total"][4:] == ["2.967", "54", "1.545"]
    assert "37/59" in html


def test_sub_cells_are_not_counted_twice(demo_ward):
    from organizations.selectors import bloc_totals

    totals = bloc_totals(demo_ward)

    assert totals.total.units == 84
    assert totals.total.members == 6808


@pytest.fixture
def registry(ward, board_user):
    names = [
        "Chi bộ Khu dân cư số 10",
        "Chi bộ Khu dân cư số 2",
        "Đảng bộ Công an phường",
        "Chi bộ Trường Tiểu học Hoà Bình",
        "Chi bộ Dương Nội",
        "Chi bộ An Dương",
    ]
    units = {}
    for i, name in enumerate(names):
        kind = Kind.BASE_COMMITTEE if name.startswith("Đảng bộ") else Kind.BASE_CELL
        bloc = Bloc.POLICE if "Công an" in name else Bloc.RESIDENTIAL
        units[name] = UnitFactory(code=f"T-{i:02d}", name=name, parent=ward, kind=kind, bloc=bloc)
    return units


def _names(response) -> list[str]:
    html = response.content.decode()
    body = re.search(r'<table[^>]*id="unit-table".*?<tbody>(.*?)</tbody>', html, re.S).group(1)
    return [
        re.sub(r"<[^>]+>", "", n).strip()
        for n in re.findall(r'<a href="/don-vi/\d+/">(.*?)</a>', body)
    ]


def test_the_list_is_in_vietnamese_order(login, board_user, registry):
    names = _names(login(board_user).get("/don-vi/"))

    assert names == [
        "Chi bộ An Dương",
        "Chi bộ Dương Nội",
        "Chi bộ Khu dân cư số 2",
        "Chi bộ Khu dân cư số 10",
        "Chi bộ Trường Tiểu học Hoà Bình",
        "Đảng bộ Công an phường",
    ]


@pytest.mark.parametrize(
    "query, expected",
    [
        ("dong da", []),
        ("hòa bình", ["Chi bộ Trường Tiểu học Hoà Bình"]),
        ("hoa binh", ["Chi bộ Trường Tiểu học Hoà Bình"]),
        ("HOÀ", ["Chi bộ Trường Tiểu học Hoà Bình"]),
        ("duong", ["Chi bộ An Dương", "Chi bộ Dương Nội"]),
        ("cong an", ["Đảng bộ Công an phường"]),
        ("dang bo", ["Đảng bộ Công an phường"]),
        (unicodedata.normalize("NFD", "công an"), ["Đảng bộ Công an phường"]),
        ("T-03", ["Chi bộ Trường Tiểu học Hoà Bình"]),
    ],
)
def test_search_ignores_accents_case_and_tone_placement(
    login, board_user, registry, query, expected
):
    assert _names(login(board_user).get("/don-vi/", {"q": query})) == expected


def test_search_finds_the_ward_name_typed_without_accents(login, board_user, ward):
    UnitFactory(code="DD-1", name="Chi bộ Đống Đa 1", parent=ward, bloc=Bloc.RESIDENTIAL)

    assert _names(login(board_user).get("/don-vi/", {"q": "dong da"})) == ["Chi bộ Đống Đa 1"]


def test_filters_by_bloc_kind_and_rating(login, board_user, registry):
    client = login(board_user)
    Rating.objects.create(
        unit=registry["Chi bộ Dương Nội"], year=2025, level=RatingLevel.NOT_COMPLETED
    )

    assert _names(client.get("/don-vi/", {"bloc": "police"})) == ["Đảng bộ Công an phường"]
    assert _names(client.get("/don-vi/", {"kind": Kind.BASE_COMMITTEE})) == [
        "Đảng bộ Công an phường"
    ]
    assert _names(client.get("/don-vi/", {"rating": "not_completed"})) == ["Chi bộ Dương Nội"]


def test_dissolved_units_leave_the_current_list(login, board_user, registry):
    import datetime

    from organizations.services.registry import unit_dissolve

    unit_dissolve(
        unit=registry["Chi bộ Dương Nội"], on=datetime.date(2026, 6, 1), reason="Sáp nhập"
    )
    client = login(board_user)

    assert "Chi bộ Dương Nội" not in _names(client.get("/don-vi/"))
    assert _names(client.get("/don-vi/", {"status": "dissolved"})) == ["Chi bộ Dương Nội"]


def test_sub_cells_are_listed_on_request(login, board_user, registry):
    police = registry["Đảng bộ Công an phường"]
    UnitFactory(code="T-CA-1", name="Chi bộ An ninh", parent=police, kind=Kind.SUB_CELL)
    client = login(board_user)

    assert "Chi bộ An ninh" not in _names(client.get("/don-vi/"))
    assert "Chi bộ An ninh" in _names(client.get("/don-vi/", {"sub_cells": "on"}))


def test_the_list_is_paginated(login, board_user, ward):
    for n in range(1, 56):
        UnitFactory(code=f"P-{n:03d}", name=f"Chi bộ số {n}", parent=ward, bloc=Bloc.RESIDENTIAL)
    client = login(board_user)

    first = _names(client.get("/don-vi/"))
    second = _names(client.get("/don-vi/", {"trang": 2}))

    assert len(first) == 50 and len(second) == 5
    assert first[:3] == ["Chi bộ số 1", "Chi bộ số 2", "Chi bộ số 3"]
    assert second[-1] == "Chi bộ số 55"


def test_a_secretary_sees_only_their_unit_and_sub_cells(login, secretary, unit, other_unit):
    sub = UnitFactory(code="KDC-01-T1", name="Tổ đảng số 1", parent=unit, kind=Kind.PARTY_GROUP)
    client = login(secretary)

    assert _names(client.get("/don-vi/", {"sub_cells": "on"})) == [
        "Chi bộ Khu dân cư số 1",
        "Tổ đảng số 1",
    ]
    assert client.get(f"/don-vi/{other_unit.pk}/").status_code == 404
    assert client.get(f"/don-vi/{sub.pk}/").status_code == 200
    assert 'id="bloc-totals"' not in client.get("/don-vi/").content.decode()


def test_board_sees_every_unit_but_nothing_of_another_ward(login, board_user, unit, other_ward):
    foreign = UnitFactory(
        code="KHAC-01", name="Chi bộ phường khác", parent=other_ward, bloc=Bloc.RESIDENTIAL
    )
    client = login(board_user)

    assert client.get(f"/don-vi/{unit.pk}/").status_code == 200
    assert client.get(f"/don-vi/{foreign.pk}/").status_code == 404
    assert "Chi bộ phường khác" not in _names(client.get("/don-vi/", {"q": "khac"}))


def _make_units(ward, count, start=0):
    import datetime

    for n in range(start, start + count):
        unit = UnitFactory(
            code=f"Q-{n:04d}", name=f"Chi bộ số {n}", parent=ward, bloc=Bloc.RESIDENTIAL
        )
        MemberFigure.objects.create(
            unit=unit, as_of=datetime.date(2026, 3, 1), members=50, women=20
        )
        Rating.objects.create(unit=unit, year=2025, level=RatingLevel.GOOD)


REGISTRY_LIST_QUERIES = 11


def test_the_list_makes_the_same_queries_for_10_and_200_units(
    login, board_user, ward, django_assert_max_num_queries
):
    client = login(board_user)
    _make_units(ward, 10)
    with django_assert_max_num_queries(REGISTRY_LIST_QUERIES) as small:
        assert client.get("/don-vi/").status_code == 200
    _make_units(ward, 190, start=10)
    with django_assert_max_num_queries(len(small)):
        assert client.get("/don-vi/").status_code == 200
