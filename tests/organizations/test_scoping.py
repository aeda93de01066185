from organizations.access import get_unit_for_user
from organizations.models import Kind, Unit
from organizations.selectors import units_visible_to
from tests.factories import UnitFactory


def test_ward_roles_see_the_whole_ward(board_user, standing_user, ward, unit, other_unit):
    for user in (board_user, standing_user):
        assert set(units_visible_to(user)) == {ward, unit, other_unit}


def test_ward_roles_see_nothing_of_another_ward(board_user, ward, other_ward):
    assert other_ward not in units_visible_to(board_user)


def test_a_secretary_sees_their_unit_and_its_sub_cells_only(secretary, unit, other_unit, ward):
    unit.kind = "base_committee"  # a đảng bộ cơ sở, so that its tree is three levels deep
    unit.save()
    sub_cell = UnitFactory(code="KDC-01-T1", name="Chi bộ 1", parent=unit)
    deeper = UnitFactory(code="KDC-01-T1-A", name="Tổ đảng A", parent=sub_cell)

    assert set(units_visible_to(secretary)) == {unit, sub_cell, deeper}


def test_unit_access_helper_answers_404_outside_the_scope(secretary, other_unit):
    import pytest
    from django.http import Http404

    with pytest.raises(Http404):
        get_unit_for_user(secretary, other_unit.pk)


def test_a_user_without_membership_sees_nothing(db, unit):
    from tests.factories import UserFactory

    assert list(units_visible_to(UserFactory())) == []


def test_subtree_query_does_not_grow_with_depth(django_assert_num_queries, board_user, ward):
    # The deepest chain the kinds allow under a ward (organizations.models.KIND_PARENTS).
    parent = ward
    for level, kind in enumerate((Kind.BASE_COMMITTEE, Kind.SUB_CELL, Kind.PARTY_GROUP)):
        parent = UnitFactory(code=f"SAU-{level}", name=f"Cấp {level}", parent=parent, kind=kind)
    from organizations.selectors import membership_of

    membership_of(board_user)  # cached for the request

    with django_assert_num_queries(1):
        assert len(list(units_visible_to(board_user))) == 4


def test_the_grassroots_of_a_ward_are_its_own_children_only(ward, unit, other_ward):
    elsewhere = UnitFactory(code="KDC-99", name="Chi bộ phường khác", parent=other_ward)

    assert list(Unit.objects.grassroots_of(ward)) == [unit]
    assert list(Unit.objects.grassroots_of(other_ward)) == [elsewhere]
