"""Where each kind of organization may sit (Statute art. 21–24, DOMAIN.md): one rule,
organizations.models.kind_parent_problem, for the model's check, the registry's form and its
import."""

import pytest
from django.core.exceptions import ValidationError

from organizations.models import KIND_PARENTS, Kind, Unit, kind_parent_problem
from organizations.services.registry import unit_create, unit_update
from tests.organizations.test_registry_io import row, run

pytestmark = pytest.mark.django_db

ALLOWED = {
    (Kind.CITY, None),
    (Kind.WARD, None),
    (Kind.WARD, Kind.CITY),
    (Kind.BASE_COMMITTEE, Kind.WARD),
    (Kind.BASE_CELL, Kind.WARD),
    (Kind.SUB_CELL, Kind.BASE_COMMITTEE),
    (Kind.PARTY_GROUP, Kind.BASE_CELL),
    (Kind.PARTY_GROUP, Kind.SUB_CELL),
}


@pytest.mark.parametrize("kind", list(Kind))
@pytest.mark.parametrize("parent", [None, *Kind])
def test_every_pair_of_kinds(kind, parent):
    assert (kind_parent_problem(kind, parent) is None) is ((kind, parent) in ALLOWED)
    assert set(KIND_PARENTS) == set(Kind)


def test_the_message_names_both_kinds_and_where_it_belongs():
    assert kind_parent_problem(Kind.BASE_CELL, Kind.SUB_CELL) == (
        "Chi bộ cơ sở không thể trực thuộc chi bộ trực thuộc: chi bộ cơ sở chỉ trực thuộc "
        "đảng bộ phường."
    )


def test_a_base_cell_under_a_sub_cell_is_refused_on_its_kind(ward):
    committee = unit_create(
        code="DB-01", name="Đảng bộ Công an", parent=ward, kind="base_committee", bloc="police"
    )
    sub = unit_create(code="DB-01-01", name="Chi bộ 1", parent=committee, kind="sub_cell")

    with pytest.raises(ValidationError) as exc:
        unit_create(code="X-1", name="Chi bộ X", parent=sub, kind="base_cell")

    assert list(exc.value.message_dict) == ["kind"]
    assert not Unit.objects.filter(code="X-1").exists()


def test_a_committee_with_sub_cells_cannot_become_a_cell(ward):
    committee = unit_create(
        code="DB-01", name="Đảng bộ Công an", parent=ward, kind="base_committee", bloc="police"
    )
    unit_create(code="DB-01-01", name="Chi bộ 1", parent=committee, kind="sub_cell")

    with pytest.raises(ValidationError) as exc:
        unit_update(
            unit=committee, data={"kind": Kind.BASE_CELL}, expected_version=committee.version
        )

    assert exc.value.message_dict["kind"] == [
        "Chi bộ cơ sở không thể là cấp trên của chi bộ trực thuộc «Chi bộ 1»."
    ]
    assert Unit.objects.get(pk=committee.pk).kind == Kind.BASE_COMMITTEE


def test_the_import_names_the_row_and_column(ward):
    report = run(
        ward,
        [
            row(),
            row(
                **{
                    "Mã đơn vị": "KDC-01-01",
                    "Tên tổ chức": "Chi bộ con",
                    "Loại tổ chức": "Chi bộ trực thuộc",
                    "Mã đơn vị cấp trên": "KDC-01",
                    "Khối": "",
                }
            ),
        ],
    )

    assert (
        "Dòng 3, cột «Loại tổ chức»: chi bộ trực thuộc không thể trực thuộc chi bộ cơ sở: chi bộ "
        "trực thuộc chỉ trực thuộc đảng bộ cơ sở"
    ) in [str(p) for p in report.problems]
    assert not Unit.objects.filter(code__startswith="KDC-01").exists()
