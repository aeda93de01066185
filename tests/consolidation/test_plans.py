"""Plan rules (seed 000, V.3.2 and Phụ lục 1), enforced in services."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from consolidation.models import (
    Cadre,
    CaseMilestone,
    ComplexCase,
    Conclusion,
    Plan,
    PlanKind,
    PlanStatus,
    TaskChange,
    TaskStatus,
)
from consolidation.selectors.plans import plan_page
from consolidation.selectors.registers import cadre_ratio, case_ratio
from consolidation.services import approval as approval_services
from consolidation.services import evaluations as evaluation_services
from consolidation.services import plans as plan_services
from consolidation.services import reviews as review_services
from consolidation.services import tasks as task_services
from consolidation.services.registers import register_save
from tests.helpers import (
    approved,
    confirm,
    full_task,
    make_plan,
    ready_to_submit,
    recognizable,
    weak_input,
)


def test_a_weak_unit_gets_a_project_a_complex_one_a_plan(review_round, board_user):
    weak, complex_ = review_round.reviews.order_by("unit__code")
    confirm(weak, board_user, weak_input())
    confirm(complex_, board_user, weak_input(("2.2",), conclusion=Conclusion.COMPLEX))

    assert (
        plan_services.plan_create_from_review(review=weak, by=board_user).kind == PlanKind.PROJECT
    )
    project = plan_services.plan_create_from_review(review=complex_, by=board_user)
    assert project.kind == PlanKind.PLAN
    assert sorted(project.groups.values_list("number", flat=True)) == [2]


def test_starting_twice_gives_the_same_plan(confirmed_review, board_user):
    first = plan_services.plan_create_from_review(review=confirmed_review, by=board_user)

    assert plan_services.plan_create_from_review(review=confirmed_review, by=board_user) == first


def test_step_1_is_the_confirmed_review(plan):
    steps = {s.number: s for s in plan.steps.all()}

    assert steps[1].is_done and not steps[2].is_done
    assert sorted(plan.groups.values_list("number", flat=True)) == [1, 3]


def test_an_unconfirmed_review_cannot_start_a_plan(review, board_user):
    with pytest.raises(ValidationError):
        plan_services.plan_create_from_review(review=review, by=board_user)


def test_the_expected_end_must_follow_the_start_in_the_database(plan):
    with pytest.raises(IntegrityError), transaction.atomic():
        Plan.objects.filter(pk=plan.pk).update(expected_end=plan.started_on)


def test_steps_are_gated_in_order(plan, board_user):
    with pytest.raises(ValidationError) as exc:
        plan_services.step_record(
            plan=plan, number=3, data=plan_services.StepInput(), by=board_user, complete=True
        )
    assert plan_services.STEP_ORDER.format(previous=2, number=3) in exc.value.messages

    with pytest.raises(ValidationError) as exc:
        plan_services.step_record(
            plan=plan, number=2, data=plan_services.StepInput(), by=board_user, complete=True
        )
    assert plan_services.STEP2_NEEDS in exc.value.messages


def test_step_3_needs_an_objective_for_each_group(plan, board_user):
    plan_services.step_record(
        plan=plan,
        number=2,
        data=plan_services.StepInput(datetime.date(2026, 5, 22), "Đ/c A", "Xong"),
        by=board_user,
        complete=True,
    )
    group1 = plan.groups.get(number=1)
    plan_services.objective_save(
        plan=plan,
        data=plan_services.ObjectiveInput(group1.pk, "X", "100 %", datetime.date(2026, 12, 1), "Y"),
        by=board_user,
    )

    with pytest.raises(ValidationError) as exc:
        plan_services.step_record(
            plan=plan, number=3, data=plan_services.StepInput(), by=board_user, complete=True
        )

    assert plan_services.STEP3_NEEDS_GENERAL in exc.value.messages
    assert plan_services.STEP3_NEEDS_GROUP.format(number=3) in exc.value.messages
    assert plan_services.STEP3_NEEDS_GROUP.format(number=1) not in exc.value.messages


def test_submission_is_refused_while_a_task_lacks_one_of_its_six_points(plan, board_user):
    ready_to_submit(plan, board_user)
    causes = plan.review.causes.values_list("pk", flat=True)
    task_services.task_save(
        plan=plan, data=full_task(1, causes, person_position="", deliverable=""), by=board_user
    )

    with pytest.raises(ValidationError) as exc:
        approval_services.plan_submit(plan=plan, by=board_user)

    assert exc.value.messages == [
        "Nhiệm vụ số 2 («Nhiệm vụ nhóm 1: rà soát quy chế»): chưa rõ người, rõ sản phẩm."
    ]
    assert Plan.objects.get(pk=plan.pk).status == PlanStatus.DRAFTING


def test_submission_is_refused_without_a_task_and_allowed_once_every_task_is_clear(
    plan, board_user
):
    ready_to_submit(plan, board_user)
    plan.tasks.update(status=TaskStatus.CANCELLED, cancel_reason="Gộp vào nhiệm vụ khác")

    with pytest.raises(ValidationError) as exc:
        approval_services.plan_submit(plan=plan, by=board_user)
    assert exc.value.messages[0] == approval_services.NO_TASKS

    plan.tasks.update(status=TaskStatus.NOT_STARTED, cancel_reason="")
    assert approval_services.plan_submit(plan=plan, by=board_user).status == PlanStatus.SUBMITTED


def test_approval_checks_the_six_points_again(plan, board_user, standing_user):
    ready_to_submit(plan, board_user)
    approval_services.plan_submit(plan=plan, by=board_user)
    plan.tasks.filter(order=1).update(deliverable="")  # changed under the Standing Committee

    with pytest.raises(ValidationError) as exc:
        approval_services.plan_approve(
            plan=plan, by=standing_user, number="05-ĐA/CB", issued_on=datetime.date(2026, 5, 28)
        )

    assert exc.value.messages == [
        "Nhiệm vụ số 1 («Nhiệm vụ nhóm 1: rà soát quy chế»): chưa rõ sản phẩm."
    ]
    assert Plan.objects.get(pk=plan.pk).status == PlanStatus.SUBMITTED


@pytest.mark.parametrize(
    "number, message",
    [
        ("05/ĐA-CB", "chưa đúng dạng"),
        ("05-KH/CB", "phải mang ký hiệu «ĐA»"),
        ("ĐA-05", "chưa đúng dạng"),
    ],
)
def test_the_number_is_checked(plan, board_user, standing_user, number, message):
    ready_to_submit(plan, board_user)
    approval_services.plan_submit(plan=plan, by=board_user)

    with pytest.raises(ValidationError, match=message):
        approval_services.plan_approve(
            plan=plan, by=standing_user, number=number, issued_on=datetime.date(2026, 5, 28)
        )


def test_a_typed_number_is_tidied(plan, board_user, standing_user):
    ready_to_submit(plan, board_user)
    approval_services.plan_submit(plan=plan, by=board_user)

    plan = approval_services.plan_approve(
        plan=plan, by=standing_user, number="Số 05 - ÐA/cb", issued_on=datetime.date(2026, 5, 12)
    )

    assert plan.number == "05-ĐA/CB"
    assert plan.number_display == "Số 05-ĐA/CB, ngày 12/5/2026"


@pytest.mark.parametrize(
    "fixture_name", ["board_user", "inspection_user", "office_user", "secretary"]
)
def test_only_the_standing_committee_approves(request, plan, board_user, fixture_name):
    ready_to_submit(plan, board_user)
    approval_services.plan_submit(plan=plan, by=board_user)

    with pytest.raises(PermissionDenied):
        approval_services.plan_approve(
            plan=plan,
            by=request.getfixturevalue(fixture_name),
            number="05-ĐA/CB",
            issued_on=datetime.date(2026, 5, 28),
        )


def test_approval_keeps_a_baseline_and_later_changes_need_a_reason(plan, board_user, standing_user):
    approved(plan, board_user, standing_user)
    task = plan.tasks.first()
    causes = list(task.causes.values_list("pk", flat=True))
    moved = full_task(1, causes, deadline=datetime.date(2026, 10, 31))

    with pytest.raises(ValidationError, match="cần ghi lý do"):
        task_services.task_save(plan=plan, task=task, data=moved, by=board_user)

    task_services.task_save(
        plan=plan, task=task, data=moved, by=board_user, reason="Chờ kết quả kiểm tra của UBKT"
    )
    change = TaskChange.objects.get(task=task)
    assert change.reason == "Chờ kết quả kiểm tra của UBKT"
    assert change.changes["deadline"] == ["30/09/2026", "31/10/2026"]
    diff = plan_page(Plan.objects.get(pk=plan.pk), datetime.date(2026, 11, 1)).diff
    assert diff.changed[0][1] == [("Rõ tiến độ: hạn hoàn thành", "30/09/2026", "31/10/2026")]


def test_progress_on_an_approved_plan_needs_no_reason(plan, board_user, standing_user):
    approved(plan, board_user, standing_user)
    task = plan.tasks.first()

    task_services.task_progress(
        task=task, status=TaskStatus.IN_PROGRESS, progress=40, effect_achieved="", by=board_user
    )

    assert not TaskChange.objects.exists()


def test_only_the_standing_committee_recognizes_and_only_after_a_final_evaluation(
    plan, board_user, standing_user
):
    approved(plan, board_user, standing_user)

    with pytest.raises(PermissionDenied):
        evaluation_services.plan_recognize(
            plan=plan,
            by=board_user,
            decision_number="120-QĐ/ĐU",
            decided_on=datetime.date(2026, 11, 12),
        )
    with pytest.raises(ValidationError, match="đánh giá cuối kỳ"):
        evaluation_services.plan_recognize(
            plan=plan,
            by=standing_user,
            decision_number="120-QĐ/ĐU",
            decided_on=datetime.date(2026, 11, 12),
        )

    recognizable(plan, board_user, evaluated_on=datetime.date(2026, 11, 5))
    plan = evaluation_services.plan_recognize(
        plan=plan,
        by=standing_user,
        decision_number="120-QĐ/ĐU",
        decided_on=datetime.date(2026, 11, 12),
    )

    assert plan.status == PlanStatus.RECOGNIZED
    assert plan.steps.get(number=6).is_done
    with pytest.raises(PermissionDenied, match="công nhận"):
        task_services.task_save(plan=plan, data=full_task(1), by=board_user, reason="x")


def test_a_final_evaluation_without_clear_improvement_does_not_allow_recognition(
    plan, board_user, standing_user
):
    approved(plan, board_user, standing_user)
    evaluation_services.evaluation_record(
        plan=plan,
        kind="final",
        evaluated_on=datetime.date(2026, 11, 5),
        clear_improvement=False,
        summary="Chưa đạt",
        limitations=[],
        by=board_user,
    )

    with pytest.raises(ValidationError):
        evaluation_services.plan_recognize(
            plan=plan,
            by=standing_user,
            decision_number="120-QĐ/ĐU",
            decided_on=datetime.date(2026, 11, 12),
        )


def test_an_extension_moves_the_date_later_with_a_reason(plan, board_user, standing_user):
    approved(plan, board_user, standing_user)

    with pytest.raises(ValidationError, match="phải sau thời hạn hiện tại"):
        evaluation_services.plan_extend(
            plan=plan, by=standing_user, new_end=plan.expected_end, reason="x"
        )
    with pytest.raises(PermissionDenied):
        evaluation_services.plan_extend(
            plan=plan, by=board_user, new_end=datetime.date(2027, 6, 30), reason="x"
        )

    evaluation_services.plan_extend(
        plan=plan, by=standing_user, new_end=datetime.date(2027, 6, 30), reason="Vụ việc kéo dài"
    )
    assert Plan.objects.get(pk=plan.pk).expected_end == datetime.date(2027, 6, 30)


def test_the_return_needs_a_reason_and_reopens_drafting(plan, board_user, standing_user):
    ready_to_submit(plan, board_user)
    approval_services.plan_submit(plan=plan, by=board_user)

    with pytest.raises(ValidationError):
        approval_services.plan_return(plan=plan, by=standing_user, reason="")
    approval_services.plan_return(plan=plan, by=standing_user, reason="Bổ sung chỉ tiêu định lượng")

    assert Plan.objects.get(pk=plan.pk).status == PlanStatus.RETURNED
    assert plan.comments.get().text == "Bổ sung chỉ tiêu định lượng"


def test_the_thread_marks_causes_that_no_task_addresses(plan, board_user):
    from consolidation.models import Cause

    objective = Cause.objects.create(
        review=plan.review, kind="objective", text="Địa bàn rộng", order=5
    )
    subjective = Cause.objects.create(
        review=plan.review, kind="subjective", text="Chi ủy thiếu kiểm tra", order=6
    )
    cause = plan.review.causes.filter(kind="subjective").first()
    task_services.task_save(plan=plan, data=full_task(1, [cause.pk]), by=board_user)
    task_services.task_save(plan=plan, data=full_task(3), by=board_user)

    page = plan_page(plan, datetime.date(2026, 7, 1))

    # Objective causes are shown without a task, but need none (seed 000, V.1).
    assert [line.cause for line in page.thread if not line.tasks] == [subjective, objective]
    assert page.gaps.unaddressed == [subjective]
    assert [(i, t.group.number) for i, t in page.gaps.untraced] == [(2, 3)]


def test_a_task_can_only_trace_to_its_units_causes(plan, board_user, other_unit, review_round):
    other = review_round.reviews.get(unit=other_unit)
    confirm(other, board_user, weak_input())
    foreign = other.causes.first()

    with pytest.raises(ValidationError, match="nguyên nhân"):
        task_services.task_save(plan=plan, data=full_task(1, [foreign.pk]), by=board_user)


def test_overdue_is_derived_never_stored(plan, board_user):
    task = task_services.task_save(
        plan=plan, data=full_task(1, deadline=datetime.date(2026, 9, 30)), by=board_user
    )

    assert task.is_overdue_on(datetime.date(2026, 10, 1))
    assert not task.is_overdue_on(datetime.date(2026, 9, 30))
    task_services.task_progress(
        task=task, status=TaskStatus.DONE, progress=0, effect_achieved="Xong", by=board_user
    )
    task.refresh_from_db()
    assert task.progress == 100 and not task.is_overdue_on(datetime.date(2026, 10, 1))


def test_cancelling_a_task_needs_a_reason(plan, board_user):
    with pytest.raises(ValidationError):
        task_services.task_save(plan=plan, data=full_task(1, status="cancelled"), by=board_user)


def test_open_overdue_items_suggest_at_risk_in_the_next_round(plan, board_user, ward, unit):
    from consolidation.models import ComplexCase
    from tests.helpers import later_dates

    task_services.task_save(
        plan=plan, data=full_task(1, deadline=datetime.date(2026, 9, 30)), by=board_user
    )
    CaseMilestone.objects.create(
        case=ComplexCase.objects.create(unit=unit, kind="petition", description="Đơn thư"),
        title="Trả lời đơn",
        due_on=datetime.date(2026, 12, 1),
    )

    later = review_services.round_open(
        ward=ward, name="2027", period="2027", dates=later_dates(), by=board_user
    )

    review = later.reviews.get(unit=unit)
    assert review.suggestion_state == "pending"
    assert review.suggestion_reasons == [
        "1 nhiệm vụ củng cố quá hạn",
        "1 vụ việc phức tạp quá hạn lộ trình xử lý",
    ]


def test_the_registers_compute_their_target_ratios(ward, unit, other_unit):
    from consolidation.models import Cadre, ComplexCase
    from organizations.models import Unit

    for action in ["training", "replacement", "rotation", "none"]:
        Cadre.objects.create(
            unit=unit,
            name="A",
            position="Chi ủy viên",
            limitation="x",
            action=action,
            action_on=None if action == "none" else datetime.date(2026, 7, 1),
        )
    CaseMilestone.objects.create(
        case=ComplexCase.objects.create(
            unit=unit,
            kind="petition",
            description="a",
            classification="Phức tạp",
            roadmap="Đối thoại",
        ),
        title="Đối thoại",
        due_on=datetime.date(2026, 12, 1),
    )
    ComplexCase.objects.create(
        unit=other_unit, kind="hot_spot", description="b", classification="Điểm nóng", roadmap=""
    )
    ComplexCase.objects.create(unit=other_unit, kind="backlog", description="c")
    units = Unit.objects.all()

    cadres, cases = cadre_ratio(units), case_ratio(units)

    assert (cadres.numerator, cadres.denominator, cadres.ratio) == (3, 4, 0.75)
    assert (cases.numerator, cases.denominator) == (1, 3)
    assert cadre_ratio(Unit.objects.none()).ratio is None


REGISTERS_QUERIES = 14  # + the replacement flags (failing evaluations), the cases milestones


def test_the_registers_page_pages_each_list_on_its_own(
    login, board_user, unit, django_assert_max_num_queries
):
    from consolidation.models import Cadre, ComplexCase

    def add(cadres: int, cases: int) -> None:
        Cadre.objects.bulk_create(
            Cadre(unit=unit, name=f"Cán bộ {i:03d}", position="Chi ủy viên", limitation="x")
            for i in range(Cadre.objects.count(), Cadre.objects.count() + cadres)
        )
        ComplexCase.objects.bulk_create(
            ComplexCase(unit=unit, kind="petition", description=f"Vụ việc {i:03d}")
            for i in range(ComplexCase.objects.count(), ComplexCase.objects.count() + cases)
        )

    client = login(board_user)
    add(3, 2)
    with django_assert_max_num_queries(REGISTERS_QUERIES) as few:
        client.get("/so-theo-doi/")
    few_queries = len(few)  # read now: the next request clears the connection's log
    add(57, 58)  # 60 cadres and 60 cases, 50 a page

    first = client.get("/so-theo-doi/").content.decode()
    both_second = client.get("/so-theo-doi/", {"trang_cb": 2, "trang_vv": 2}).content.decode()
    with django_assert_max_num_queries(few_queries):  # not one query per row
        client.get("/so-theo-doi/", {"trang_cb": 2})

    assert "Cán bộ 049" in first and "Cán bộ 050" not in first
    assert "Vụ việc 049" in first and "Vụ việc 050" not in first
    assert 'href="?trang_cb=2#cadres-title"' in first and 'href="?trang_vv=2#cases-title"' in first
    assert "Cán bộ 050" in both_second and "Cán bộ 049" not in both_second
    assert "Vụ việc 059" in both_second and "Vụ việc 049" not in both_second
    # each list's links keep the other list's page
    assert 'href="?trang_vv=2&amp;trang_cb=1#cadres-title"' in both_second
    assert 'href="?trang_cb=2&amp;trang_vv=1#cases-title"' in both_second


@pytest.mark.parametrize(
    ("who", "cadre", "case"),
    [
        ("board_user", True, True),
        ("office_user", False, True),
        ("standing_user", False, False),
        ("secretary", False, False),
    ],
)
def test_register_entries_are_written_only_by_their_keepers(request, unit, who, cadre, case):
    user = request.getfixturevalue(who)
    entries = {
        "cadre": (Cadre(unit=unit, name="Cán bộ A", position="Chi ủy viên", limitation="x"), cadre),
        "case": (ComplexCase(unit=unit, kind="petition", description="Vụ việc"), case),
    }
    for entry, allowed in entries.values():
        if allowed:
            assert register_save(instance=entry, by=user).pk is not None
        else:
            with pytest.raises(PermissionDenied):
                register_save(instance=entry, by=user)


@pytest.mark.parametrize("kind", ["cadre", "case"])
def test_a_register_entry_takes_only_its_own_units_plan(board_user, unit, other_unit, kind):
    own, others = make_plan(unit), make_plan(other_unit)
    build = {
        "cadre": lambda plan: Cadre(
            unit=unit, plan=plan, name="Cán bộ A", position="Chi ủy viên", limitation="x"
        ),
        "case": lambda plan: ComplexCase(
            unit=unit, plan=plan, kind="petition", description="Vụ việc"
        ),
    }[kind]

    with pytest.raises(ValidationError) as refused:
        register_save(instance=build(others), by=board_user)
    assert refused.value.message_dict == {
        "plan": [
            "Đề án, kế hoạch đã chọn là của Chi bộ Khu dân cư số 2, không phải của Chi bộ Khu dân "
            "cư số 1."
        ]
    }
    assert register_save(instance=build(own), by=board_user).plan == own
    assert register_save(instance=build(None), by=board_user).plan is None


def test_the_case_form_names_the_plan_field_and_keeps_the_input(
    login, board_user, unit, other_unit
):
    others = make_plan(other_unit)
    response = login(board_user).post(
        "/so-theo-doi/vu-viec/them/",
        {"unit": unit.pk, "plan": others.pk, "kind": "petition", "description": "Đơn thư kéo dài"},
    )

    html = response.content.decode()
    assert response.status_code == 200
    assert "không phải của Chi bộ Khu dân cư số 1" in html
    assert "Đơn thư kéo dài" in html
    assert not ComplexCase.objects.exists()
