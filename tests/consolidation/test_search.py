"""Search everywhere: accent-free, case-free, word by word; a plan found by its number typed
either way; a unit found without accents; a quarterly report found by its quarter; a
secretary never finds another unit's objects; the same queries for a ward of any size; the
database's fold agrees with Python's."""

import pytest
from django.db.models import Value

from consolidation.models import ComplexCase, Plan, Quarter, QuarterlyUpdate
from consolidation.selectors.search import search
from organizations.models import Unit
from organizations.search import Folded
from organizations.text import fold
from tests.factories import UnitFactory
from tests.helpers import make_plan

SAMPLES = [
    "Đảng bộ phường Đống Đa",
    "CHI BỘ KHU DÂN CƯ SỐ 7",
    "Nguyễn Thị Hòa – Hội Liên hiệp Phụ nữ",
    "07-ĐA/CB ngày 12/5/2026",
    "Ỷ Lan, Ữ, Ỡ, ỹ, Ặ, ẵ, Ộ, ự",
]


@pytest.mark.parametrize("text", SAMPLES)
def test_the_databases_fold_is_pythons(db, text):
    unit = UnitFactory(parent=None)
    folded = (
        Unit.objects.filter(pk=unit.pk).annotate(f=Folded(Value(text))).values_list("f", flat=True)
    )
    assert folded.get() == fold(text).replace(" ", " ")


def groups(user, query):
    return {g.key: [h.label for h in g.hits] for g in search(user, query)}


@pytest.fixture
def numbered(unit, other_unit, board_user):
    own = make_plan(unit, number="07-ĐA/CB", title="Đề án củng cố chi bộ 1")
    other = make_plan(other_unit, number="08-ĐA/CB", title="Đề án củng cố chi bộ 2")
    ComplexCase.objects.create(unit=unit, kind="petition", description="Tranh chấp lối đi")
    ComplexCase.objects.create(unit=other_unit, kind="petition", description="Tranh chấp đất")
    return own, other


@pytest.mark.parametrize("query", ["07-ĐA/CB", "07-da/cb", "07-DA/CB"])
def test_a_plan_is_found_by_its_number_typed_any_way(board_user, numbered, query):
    assert groups(board_user, query)["plans"] == ["Đề án củng cố chi bộ 1"]


def test_a_unit_is_found_without_accents_and_in_any_case(board_user, unit, other_unit):
    assert groups(board_user, "khu dan cu so 1")["units"] == ["Chi bộ Khu dân cư số 1"]
    assert groups(board_user, "KHU DÂN CƯ")["units"] == [
        "Chi bộ Khu dân cư số 1",
        "Chi bộ Khu dân cư số 2",
    ]


@pytest.fixture
def reports(ward, unit, other_unit):
    """Quarters II and III of 2026 and IV of 2025, for both units."""
    plans = [make_plan(unit), make_plan(other_unit)]
    for year, number in [(2026, 2), (2026, 3), (2025, 4)]:
        quarter = Quarter.default(ward, year, number)
        quarter.save()
        for plan in plans:
            QuarterlyUpdate.objects.create(plan=plan, quarter=quarter)


@pytest.mark.parametrize(
    ("query", "found"),
    [
        ("Quý III/2026", ["Quý III/2026"]),  # as the forms write it
        ("quy iii/2026", ["Quý III/2026"]),
        ("quý 3/2026", ["Quý III/2026"]),  # as people type it
        ("Q3/2026", ["Quý III/2026"]),
        ("quý II", ["Quý II/2026"]),  # II is not III
        ("quý 2 2026", ["Quý II/2026"]),  # 2 is a quarter, not every quarter of 2026
        ("2026", ["Quý III/2026", "Quý II/2026"]),
        ("quý IV/2026", []),
    ],
)
def test_a_report_is_found_by_its_quarter(board_user, unit, reports, query, found):
    hits = groups(board_user, f"khu dan cu so 1 {query}").get("reports", [])
    assert hits == [f"{unit.name}: {label}" for label in found]


def test_every_word_must_be_found(board_user, numbered):
    assert "cases" not in groups(board_user, "tranh chap bien")
    assert groups(board_user, "tranh chap loi")["cases"] == ["Tranh chấp lối đi"]


def test_a_secretary_never_finds_another_units_objects(secretary, numbered, other_secretary):
    found = groups(secretary, "chi bo")
    flat = " ".join(" ".join(labels) for labels in found.values())
    assert "chi bộ 2" not in flat and "số 2" not in flat
    assert groups(secretary, "08-ĐA/CB") == {}
    assert "cases" not in groups(secretary, "tranh chap dat")
    assert "people" not in groups(secretary, "bithu.kdc-02")


def test_a_single_letter_searches_nothing(board_user, numbered):
    assert search(board_user, "a") == []


def test_the_page_groups_results_by_kind(login, board_user, numbered):
    html = login(board_user).get("/tim-kiem/", {"q": "07-da/cb"}).content.decode()
    assert 'data-group="plans"' in html and f"/ke-hoach/{numbered[0].pk}/" in html


def test_the_same_queries_for_a_small_and_a_big_ward(
    login, ward, unit, board_user, django_assert_max_num_queries
):
    make_plan(unit)  # every kind that can match has a row in both wards
    client = login(board_user)
    client.get("/tim-kiem/", {"q": "khu dan cu"})
    with django_assert_max_num_queries(20) as small:
        client.get("/tim-kiem/", {"q": "khu dan cu"})
    for n in range(60):
        unit = UnitFactory(
            code=f"KDC-{n + 100}", name=f"Chi bộ Khu dân cư số {n + 100}", parent=ward
        )
        make_plan(unit)
    with django_assert_max_num_queries(len(small.captured_queries)):
        client.get("/tim-kiem/", {"q": "khu dan cu"})
    assert Plan.objects.count() == 61
