"""consolidation.access at its home: every role against every rule, and each rule's edges."""

import datetime

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.http import Http404

from consolidation import access
from consolidation.models import CommentKind, PlanStatus, Quarter, QuarterlyUpdate, UpdateState
from organizations.models import Role
from tests.helpers import make_plan

ROLE_FIXTURES = {
    Role.BOARD: "board_user",
    Role.STANDING: "standing_user",
    Role.INSPECTION: "inspection_user",
    Role.OFFICE: "office_user",
    Role.SECRETARY: "secretary",
}


def person(request, role):
    return request.getfixturevalue(ROLE_FIXTURES[role]) if role else AnonymousUser()


ALL_ROLES = [*ROLE_FIXTURES, None]


def refusal(rule, *args):
    """The exact message `rule` refuses with."""
    with pytest.raises(PermissionDenied) as refused:
        rule(*args)
    return refused.value.args[0]


@pytest.mark.parametrize("role", ALL_ROLES)
def test_only_secretaries_and_the_board_edit_a_plan_until_it_is_recognized(request, unit, role):
    user = person(request, role)
    plan = make_plan(unit, status=PlanStatus.APPROVED)
    recognized = make_plan(
        unit,
        status=PlanStatus.RECOGNIZED,
        recognized_on=datetime.date(2026, 12, 1),
        recognition_number="15-QĐ/ĐU",
    )
    allowed = role in (Role.BOARD, Role.SECRETARY)

    assert access.can_edit_plan(user, plan) is allowed
    assert access.can_edit_plan(user, recognized) is False
    if allowed:
        assert access.require_plan_editor(plan, user) == role
        with pytest.raises(PermissionDenied, match="công nhận"):
            access.require_plan_editor(recognized, user)
    else:
        with pytest.raises(PermissionDenied, match="Chỉ bí thư chi bộ và Ban Xây dựng Đảng"):
            access.require_plan_editor(plan, user)


@pytest.mark.parametrize("role", ALL_ROLES)
def test_only_the_standing_committee_decides_and_the_refusal_names_the_action(request, db, role):
    user = person(request, role)
    if role == Role.STANDING:
        access.require_standing(user, "phê duyệt")
        return
    with pytest.raises(PermissionDenied) as refused:
        access.require_standing(user, "phê duyệt")
    assert str(refused.value.args[0]) == "Chỉ Ban Thường vụ được phê duyệt."


@pytest.mark.parametrize("role", ALL_ROLES)
def test_only_the_board_takes_the_boards_decisions(request, db, role):
    user = person(request, role)
    if role == Role.BOARD:
        access.require_board(user)
        return
    assert refusal(access.require_board, user) == "Chỉ Ban Xây dựng Đảng được thực hiện việc này."
    assert refusal(access.require_board, user, "riêng") == "riêng"


def test_require_role_returns_the_role_and_refuses_no_role_with_the_message(
    board_user, standing_user
):
    assert access.require_role(board_user, {Role.BOARD, Role.STANDING}, "x") == Role.BOARD
    assert refusal(access.require_role, standing_user, {Role.BOARD}, "không") == "không"
    assert refusal(access.require_role, AnonymousUser(), {Role.BOARD}, "không") == "không"


EXPECTED_KINDS = {
    Role.BOARD: [CommentKind.CONSULTATION, CommentKind.NOTE],
    Role.SECRETARY: [CommentKind.CONSULTATION],
    Role.STANDING: [CommentKind.CONSULTATION],
    Role.INSPECTION: [CommentKind.CONSULTATION, CommentKind.INSPECTION, CommentKind.NOTE],
    Role.OFFICE: [CommentKind.CONSULTATION, CommentKind.NOTE],
    None: [],
}


@pytest.mark.parametrize("role", ALL_ROLES)
def test_each_role_writes_exactly_its_kinds_of_comment(request, db, role):
    user = person(request, role)

    assert access.comment_kinds_for(user) == EXPECTED_KINDS[role]
    for kind in CommentKind.values:
        if kind in EXPECTED_KINDS[role]:
            access.require_commenter(user, kind)
        else:
            with pytest.raises(PermissionDenied, match=access.COMMENT_KIND_REFUSED):
                access.require_commenter(user, kind)


@pytest.mark.parametrize("role", ALL_ROLES)
def test_the_board_keeps_both_registers_and_the_office_only_the_cases(request, db, role):
    user = person(request, role)
    expected = {
        "cadre": role == Role.BOARD,
        "case": role in (Role.BOARD, Role.OFFICE),
    }
    for kind, allowed in expected.items():
        assert access.can_edit_register(user, kind) is allowed
        if allowed:
            access.require_register_editor(user, kind)
        else:
            with pytest.raises(PermissionDenied, match=access.REGISTER_EDITORS_ONLY):
                access.require_register_editor(user, kind)


@pytest.fixture
def update(ward, unit):
    quarter = Quarter.objects.create(
        ward=ward,
        year=2026,
        number=4,
        unit_deadline=datetime.date(2026, 12, 10),
        ward_deadline=datetime.date(2026, 12, 15),
        lock_date=datetime.date(2026, 12, 20),
    )
    return QuarterlyUpdate.objects.create(plan=make_plan(unit), quarter=quarter)


LOCK_DAY = datetime.date(2026, 12, 20)
AFTER_LOCK = datetime.date(2026, 12, 21)


@pytest.mark.parametrize(
    ("state", "reopened", "today", "refusal"),
    [
        (UpdateState.DRAFT, False, LOCK_DAY, None),
        (UpdateState.DRAFT, False, AFTER_LOCK, "past"),
        (UpdateState.DRAFT, True, AFTER_LOCK, None),
        (UpdateState.RETURNED, False, LOCK_DAY, None),
        (UpdateState.SUBMITTED, False, LOCK_DAY, access.LOCKED_SUBMITTED),
        (UpdateState.ACCEPTED, False, LOCK_DAY, access.LOCKED_ACCEPTED),
        (UpdateState.ACCEPTED, True, LOCK_DAY, access.LOCKED_ACCEPTED),
    ],
)
def test_a_secretary_writes_a_report_until_it_is_sent_or_the_quarter_locks(
    update, secretary, state, reopened, today, refusal
):
    update.state, update.reopened = state, reopened
    expected = (
        "Đã quá ngày khóa sổ 20/12/2026 của Quý IV/2026 nên không sửa, nộp được nữa. Nếu cần, "
        "đề nghị Ban Xây dựng Đảng mở lại."
        if refusal == "past"
        else refusal
    )

    assert access.lock_reason(update, today) == expected
    assert access.update_edit_refusal(secretary, update, today) == expected
    assert access.can_edit_update(secretary, update, today) is (expected is None)


@pytest.mark.parametrize("state", UpdateState.values)
@pytest.mark.parametrize("role", ALL_ROLES)
def test_the_board_writes_a_report_until_it_is_accepted_and_others_never(
    request, update, role, state
):
    if role == Role.SECRETARY:
        return  # the secretary's rules are the test above
    user = person(request, role)
    update.state = state
    if role == Role.BOARD:
        expected = access.LOCKED_ACCEPTED if state == UpdateState.ACCEPTED else None
    else:
        expected = access.UPDATE_WRITERS_ONLY

    assert access.update_edit_refusal(user, update, AFTER_LOCK) == expected
    assert access.can_edit_update(user, update, AFTER_LOCK) is (expected is None)


def test_require_update_editor_refuses_with_the_reason(update, secretary, standing_user):
    update.state = UpdateState.SUBMITTED
    with pytest.raises(PermissionDenied) as refused:
        access.require_update_editor(update, secretary)
    assert refused.value.args[0] == access.LOCKED_SUBMITTED
    update.state = UpdateState.DRAFT
    with pytest.raises(PermissionDenied) as refused:
        access.require_update_editor(update, standing_user)
    assert refused.value.args[0] == access.UPDATE_WRITERS_ONLY


def test_a_report_or_plan_outside_the_persons_scope_is_not_found(
    update, secretary, other_secretary, board_user
):
    assert access.get_update_for_user(secretary, update.pk) == update
    assert access.get_update_for_user(board_user, update.pk) == update
    assert access.get_plan_for_user(secretary, update.plan_id) == update.plan
    for pk in (update.pk, update.pk + 1000, "x", None):
        with pytest.raises(Http404, match=r"^Không tìm thấy báo cáo quý này\.$"):
            access.get_update_for_user(other_secretary if pk == update.pk else secretary, pk)
    with pytest.raises(Http404, match="đề án, kế hoạch"):
        access.get_plan_for_user(other_secretary, update.plan_id)
    with pytest.raises(Http404, match="đề án, kế hoạch"):
        access.get_plan_for_user(secretary, "x")


@pytest.mark.parametrize(
    ("role", "today", "expected"),
    [
        (Role.SECRETARY, datetime.date(2026, 10, 1), None),  # the quarter's first day
        (Role.SECRETARY, datetime.date(2026, 9, 30), "not started"),
        (Role.SECRETARY, LOCK_DAY, None),
        (Role.SECRETARY, AFTER_LOCK, "past"),
        (Role.BOARD, datetime.date(2026, 9, 30), "not started"),
        (Role.BOARD, AFTER_LOCK, None),
        (Role.STANDING, LOCK_DAY, access.UPDATE_WRITERS_ONLY),
        (None, LOCK_DAY, access.UPDATE_WRITERS_ONLY),
    ],
)
def test_who_may_start_a_report_and_when(request, update, role, today, expected):
    reasons = {
        "not started": "Quý IV/2026 bắt đầu từ 01/10/2026, chưa báo cáo được.",
        "past": "Đã quá ngày khóa sổ 20/12/2026 của Quý IV/2026 nên không sửa, nộp được nữa. "
        "Nếu cần, đề nghị Ban Xây dựng Đảng mở lại.",
    }

    refusal = access.update_start_refusal(person(request, role), update.quarter, today)

    assert refusal == reasons.get(expected, expected)
