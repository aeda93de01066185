import datetime
import re

import pytest
from django.core.exceptions import PermissionDenied

from consolidation.models import IndicatorGroup, Plan, PlanStatus, Task
from consolidation.services import approval as approval_services
from consolidation.services import plans as plan_services
from consolidation.services import tasks as task_services
from tests.helpers import approved, full_task, ready_to_submit


def task_post(plan, **overrides):
    group = plan.groups.get(number=1)
    data = {
        "group": group.pk,
        "objective": "",
        "direction": "Hoàn thiện quy chế làm việc",
        "what": "Sửa quy chế làm việc",
        "person_name": "Lê Văn Bình",
        "person_position": "Bí thư",
        "person_user": "",
        "lead": "Chi ủy",
        "coordinate": "Ban XDĐ",
        "starts_on": "01/06/2026",
        "deadline": "30/09/2026",
        "milestones": "",
        "deliverable": "Quy chế mới",
        "effect_sought": "100 %",
        "status": "not_started",
        "progress": "0",
        "effect_achieved": "",
        "cancel_reason": "",
        "version": "",
    }
    data.update(overrides)
    return data


def test_the_board_starts_consolidation_from_the_review(login, board_user, confirmed_review):
    response = login(board_user).post(f"/ra-soat/danh-gia/{confirmed_review.pk}/cung-co/")

    plan = Plan.objects.get(review=confirmed_review)
    assert response["Location"] == f"/ke-hoach/{plan.pk}/"


def test_the_secretary_drafts_their_own_plan(login, secretary, plan):
    client = login(secretary)

    response = client.post(f"/ke-hoach/{plan.pk}/nhiem-vu/them/", task_post(plan))

    assert response.status_code == 302
    assert plan.tasks.get().what == "Sửa quy chế làm việc"


def objective_post(plan, **overrides):
    data = {
        "group": plan.groups.get(number=1).pk,
        "text": "Khắc phục hạn chế nhóm 1",
        "target": "100 % chi ủy viên thực hiện đúng quy chế",
        "deadline": "15/12/2026",
        "output": "01 quy chế sửa đổi",
    }
    data.update(overrides)
    return data


def test_an_objective_is_added_then_edited_from_its_saved_values(login, secretary, plan):
    client = login(secretary)

    assert (
        client.post(f"/ke-hoach/{plan.pk}/muc-tieu/them/", objective_post(plan)).status_code == 302
    )
    objective = plan.objectives.get()
    page = client.get(f"/ke-hoach/{plan.pk}/muc-tieu/{objective.pk}/").content.decode()
    assert 'value="01 quy chế sửa đổi"' in page and 'value="15/12/2026"' in page

    client.post(
        f"/ke-hoach/{plan.pk}/muc-tieu/{objective.pk}/",
        objective_post(plan, output="02 quy chế") | {"version": objective.version},
    )
    objective.refresh_from_db()
    assert objective.output == "02 quy chế" and plan.objectives.count() == 1


def test_an_objective_form_names_the_missing_field_and_keeps_the_rest(login, secretary, plan):
    response = login(secretary).post(
        f"/ke-hoach/{plan.pk}/muc-tieu/them/", objective_post(plan, target="")
    )

    assert response.status_code == 200
    assert list(response.context["form"].errors) == ["target"]
    assert "Khắc phục hạn chế nhóm 1" in response.content.decode()
    assert not plan.objectives.exists()


def test_an_objective_takes_only_a_group_of_the_plan(login, secretary, plan):
    outside = IndicatorGroup.objects.exclude(pk__in=plan.groups.all()).first()
    response = login(secretary).post(
        f"/ke-hoach/{plan.pk}/muc-tieu/them/", objective_post(plan, group=outside.pk)
    )

    assert list(response.context["form"].errors) == ["group"]


def test_another_units_secretary_cannot_open_the_plan(login, other_secretary, plan):
    client = login(other_secretary)

    assert client.get(f"/ke-hoach/{plan.pk}/").status_code == 404
    assert client.get(f"/ke-hoach/{plan.pk}/nhiem-vu/them/").status_code == 404


@pytest.mark.parametrize("fixture_name", ["standing_user", "inspection_user", "office_user"])
def test_readers_cannot_edit_tasks(request, login, plan, fixture_name):
    client = login(request.getfixturevalue(fixture_name))

    assert client.get(f"/ke-hoach/{plan.pk}/").status_code == 200
    assert client.post(f"/ke-hoach/{plan.pk}/nhiem-vu/them/", task_post(plan)).status_code == 403
    assert not plan.tasks.exists()


@pytest.mark.parametrize(
    "fixture_name", ["board_user", "inspection_user", "office_user", "secretary"]
)
def test_only_the_standing_committee_approves_and_recognizes(
    request, login, plan, board_user, standing_user, fixture_name
):
    ready_to_submit(plan, board_user)
    approval_services.plan_submit(plan=plan, by=board_user)
    client = login(request.getfixturevalue(fixture_name))

    for action in ("phe-duyet", "tra-lai", "cong-nhan", "gia-han"):
        assert client.get(f"/ke-hoach/{plan.pk}/{action}/").status_code == 403
    response = client.post(
        f"/ke-hoach/{plan.pk}/phe-duyet/", {"number": "05-ĐA/CB", "issued_on": "28/05/2026"}
    )
    assert response.status_code == 403
    assert Plan.objects.get(pk=plan.pk).status == PlanStatus.SUBMITTED


def test_the_approval_page_names_the_task_and_the_missing_point(
    login, plan, board_user, standing_user
):
    ready_to_submit(plan, board_user)
    causes = plan.review.causes.values_list("pk", flat=True)
    task_services.task_save(plan=plan, data=full_task(3, causes), by=board_user)
    approval_services.plan_submit(plan=plan, by=board_user)
    plan.tasks.filter(order=3).update(effect_sought="")  # changed under the Standing Committee

    response = login(standing_user).post(
        f"/ke-hoach/{plan.pk}/phe-duyet/", {"number": "05-ĐA/CB", "issued_on": "28/05/2026"}
    )

    html = response.content.decode()
    problem = "Nhiệm vụ số 3 («Nhiệm vụ nhóm 3: rà soát quy chế»): chưa rõ hiệu quả."
    assert html.count(problem) == 1  # once, in the list above the form
    assert 'value="05-ĐA/CB"' in html
    assert ">Phê duyệt và ban hành</button>" in html
    assert "ghi số, ngày ban hành. Mọi nhiệm vụ phải rõ đủ 6 điểm;" in html


def test_submitting_a_plan_with_an_unclear_task_is_refused_with_the_list(login, plan, board_user):
    ready_to_submit(plan, board_user)
    causes = plan.review.causes.values_list("pk", flat=True)
    task_services.task_save(plan=plan, data=full_task(3, causes, effect_sought=""), by=board_user)

    response = login(board_user).post(f"/ke-hoach/{plan.pk}/trinh/", follow=True)

    html = response.content.decode()
    assert "Đã trình Ban Thường vụ phê duyệt." not in html
    assert "Chưa trình được Ban Thường vụ:" in html
    # one alert, the reasons as a list under its sentence
    assert "<li>Nhiệm vụ số 3 («Nhiệm vụ nhóm 3: rà soát quy chế»): chưa rõ hiệu quả.</li>" in html
    assert html.count('class="alert alert-danger') == 1
    assert Plan.objects.get(pk=plan.pk).status == PlanStatus.DRAFTING


def test_a_task_saved_without_its_six_points_says_it_blocks_submission(login, plan, board_user):
    group = plan.groups.first()
    response = login(board_user).post(
        f"/ke-hoach/{plan.pk}/nhiem-vu/them/",
        {"group": group.pk, "what": "Rà soát quy chế", "status": "not_started", "progress": 0},
        follow=True,
    )

    html = response.content.decode()
    assert "Đã lưu nhiệm vụ (bản nháp), còn chưa rõ người" in html
    assert "chưa trình được Ban Thường vụ" in html
    assert "Đã lưu nhiệm vụ." not in html


def test_the_standing_committee_approves_with_number_and_date(
    login, plan, board_user, standing_user
):
    ready_to_submit(plan, board_user)
    approval_services.plan_submit(plan=plan, by=board_user)

    response = login(standing_user).post(
        f"/ke-hoach/{plan.pk}/phe-duyet/", {"number": "05-ĐA/CB", "issued_on": "28/05/2026"}
    )

    assert response.status_code == 302
    plan.refresh_from_db()
    assert (
        plan.status == PlanStatus.APPROVED and plan.number_display == "Số 05-ĐA/CB, ngày 28/5/2026"
    )


def test_a_wrong_number_type_is_named_on_the_field(login, plan, board_user, standing_user):
    ready_to_submit(plan, board_user)
    approval_services.plan_submit(plan=plan, by=board_user)

    html = (
        login(standing_user)
        .post(f"/ke-hoach/{plan.pk}/phe-duyet/", {"number": "05-KH/CB", "issued_on": "28/05/2026"})
        .content.decode()
    )

    assert "Đề án phải mang ký hiệu «ĐA»" in html


def test_a_concurrent_task_edit_is_refused_and_the_input_kept(login, plan, board_user, secretary):
    task = task_services.task_save(plan=plan, data=full_task(1), by=board_user)
    stale = task_post(plan, what="Bản của bí thư", version=str(task.version))

    assert (
        login(board_user)
        .post(
            f"/ke-hoach/{plan.pk}/nhiem-vu/{task.pk}/",
            task_post(plan, what="Bản của Ban XDĐ", version=str(task.version)),
        )
        .status_code
        == 302
    )
    response = login(secretary).post(f"/ke-hoach/{plan.pk}/nhiem-vu/{task.pk}/", stale)

    html = response.content.decode()
    assert response.status_code == 200
    assert "vừa được Nguyễn Thị Hoa sửa" in html
    assert "Bản của bí thư" in html  # what the secretary typed stays on the screen
    assert "Bản đang lưu: «Bản của Ban XDĐ»" in html
    assert Task.objects.get(pk=task.pk).what == "Bản của Ban XDĐ"


def test_a_task_change_after_approval_asks_for_a_reason_on_the_form(
    login, plan, board_user, standing_user
):
    approved(plan, board_user, standing_user)
    task = plan.tasks.first()
    data = task_post(plan, what=task.what, deadline="31/10/2026", version=str(task.version))
    data["causes"] = [c.pk for c in task.causes.all()]

    html = login(board_user).post(f"/ke-hoach/{plan.pk}/nhiem-vu/{task.pk}/", data).content.decode()

    assert "sửa nhiệm vụ cần ghi lý do điều chỉnh" in html


def test_the_plan_page_shows_what_changed_since_approval(login, plan, board_user, standing_user):
    approved(plan, board_user, standing_user)
    task = plan.tasks.first()
    task_services.task_save(
        plan=plan,
        task=task,
        data=full_task(
            task.group.number, [c.pk for c in task.causes.all()], deliverable="Quy chế và biên bản"
        ),
        by=board_user,
        reason="Bổ sung sản phẩm",
    )

    html = login(board_user).get(f"/ke-hoach/{plan.pk}/").content.decode()

    assert "Rõ sản phẩm: «Quy chế sửa đổi» → «Quy chế và biên bản»" in html
    assert "lý do: Bổ sung sản phẩm" in html


def test_inspection_comments_on_a_plan(login, inspection_user, plan):
    login(inspection_user).post(
        f"/ke-hoach/{plan.pk}/y-kien/",
        {"kind": "inspection", "text": "Cần bám sát kết luận kiểm tra"},
    )

    assert plan.comments.get().kind == "inspection"


COMMENT_KINDS = {
    "board_user": ["consultation", "note"],
    "secretary": ["consultation"],
    "standing_user": ["consultation"],
    "inspection_user": ["consultation", "inspection", "note"],
    "office_user": ["consultation", "note"],
}


@pytest.mark.parametrize("who", COMMENT_KINDS)
def test_each_role_is_offered_and_allowed_exactly_its_kinds_of_comment(request, login, plan, who):
    user = request.getfixturevalue(who)
    client = login(user)
    offered = client.get(f"/ke-hoach/{plan.pk}/").context["comment_form"].fields["kind"].choices

    assert [kind for kind, _ in offered] == COMMENT_KINDS[who]
    for kind in ("consultation", "inspection", "note", "return"):
        if kind in COMMENT_KINDS[who]:
            plan_services.comment_add(plan=plan, by=user, kind=kind, text="Ý kiến")
        else:
            with pytest.raises(PermissionDenied):
                plan_services.comment_add(plan=plan, by=user, kind=kind, text="Ý kiến")
    assert plan.comments.count() == len(COMMENT_KINDS[who])


def test_step_files_are_served_only_within_scope(
    login, plan, board_user, other_secretary, secretary
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    login(board_user).post(
        f"/ke-hoach/{plan.pk}/buoc/2/",
        {
            "done_on": "22/05/2026",
            "participants": "Đ/c A",
            "notes": "Khảo sát",
            "evidence": [SimpleUploadedFile("bien-ban.pdf", b"%PDF-1.4\n%%EOF")],
            "action": "complete",
            "version": 1,
        },
    )
    step_file = plan.steps.get(number=2).files.get()

    assert login(secretary).get(f"/ke-hoach/tep/{step_file.pk}/").status_code == 200
    assert login(other_secretary).get(f"/ke-hoach/tep/{step_file.pk}/").status_code == 404


def test_the_plan_list_puts_late_plans_first(login, board_user, standing_user, review_round, ward):
    from tests.helpers import confirm, weak_input

    plans = []
    for review in review_round.reviews.order_by("unit__code"):
        confirm(review, board_user, weak_input())
        plans.append(
            plan_services.plan_create_from_review(
                review=review, by=board_user, started_on=datetime.date(2026, 5, 20)
            )
        )
    on_time, late = plans
    approved(on_time, board_user, standing_user)
    approved(late, board_user, standing_user)
    task = late.tasks.first()
    Task.objects.filter(pk=task.pk).update(deadline=datetime.date(2026, 6, 30))

    import time_machine

    client = login(board_user)
    with time_machine.travel(datetime.datetime(2026, 7, 15, 9, 0), tick=False):
        html = client.get("/ke-hoach/").content.decode()
        late_only = client.get("/ke-hoach/", {"late": "on"}).content.decode()

    assert re.findall(r'<tr data-unit="([^"]+)"', html) == [late.unit.code, on_time.unit.code]
    assert re.findall(r'<tr data-unit="([^"]+)"', late_only) == [late.unit.code]


# The page, its tasks and evaluations, and for a draft the gate's list (approval_problems).
PLAN_PAGE_QUERIES = 31


def test_the_plan_page_makes_the_same_queries_for_10_and_200_tasks(
    login, plan, board_user, django_assert_max_num_queries
):
    client = login(board_user)
    cause = plan.review.causes.first()

    def add(count):
        for n in range(count):
            task_services.task_save(
                plan=plan,
                data=full_task(1 + 2 * (n % 2), [cause.pk], what=f"Việc {n}"),
                by=board_user,
            )

    add(10)
    with django_assert_max_num_queries(PLAN_PAGE_QUERIES) as small:
        assert client.get(f"/ke-hoach/{plan.pk}/").status_code == 200
    add(190)
    with django_assert_max_num_queries(len(small)):
        assert client.get(f"/ke-hoach/{plan.pk}/").status_code == 200


PLAN_LIST_QUERIES = 11


def test_the_plan_list_makes_the_same_queries_for_few_and_many_plans(
    login, board_user, ward, django_assert_max_num_queries
):
    from consolidation.models import IndicatorGroup, Plan
    from tests.factories import UnitFactory

    client = login(board_user)
    group = IndicatorGroup.objects.get(number=1)

    def make(count, start):
        for n in range(start, start + count):
            unit = UnitFactory(code=f"P-{n:03d}", name=f"Chi bộ {n}", parent=ward)
            plan = Plan.objects.create(
                unit=unit,
                kind="plan",
                title="KH",
                contents="x",
                started_on=datetime.date(2026, 5, 1),
                expected_end=datetime.date(2026, 12, 31),
            )
            plan.groups.add(group)
            Task.objects.create(
                plan=plan, group=group, what="Việc", deadline=datetime.date(2026, 6, 1)
            )

    make(10, 0)
    with django_assert_max_num_queries(PLAN_LIST_QUERIES) as small:
        assert client.get("/ke-hoach/").status_code == 200
    make(60, 10)
    with django_assert_max_num_queries(len(small)):
        assert client.get("/ke-hoach/").status_code == 200
