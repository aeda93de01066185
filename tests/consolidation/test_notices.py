"""The inbox and «việc chờ bạn»: each event tells the people who must act (and not the one who
acted), the inbox opens a notice and marks it read, nobody opens another's notice, and the
waiting work is counted by the same rules as the dashboard's «chờ duyệt» and the grid's
«chờ tiếp nhận»."""

import datetime

import pytest

from consolidation.models import ComplexCase, Notice, NoticeKind, Plan, UpdateState
from consolidation.selectors.quarterly import CELL_LABELS
from consolidation.selectors.waiting import waiting_for
from consolidation.services import approval as approval_services
from consolidation.services import notices as notice_services
from consolidation.services import quarterly as quarterly_services
from consolidation.services import registers as register_services
from organizations.models import Role
from tests.factories import make_user
from tests.helpers import fill_update, ready_to_submit

TODAY = datetime.date(2026, 12, 5)


def notices_of(user):
    return list(Notice.objects.filter(recipient=user).values_list("kind", flat=True))


@pytest.fixture
def submitted(plan, secretary, standing_user, board_user):
    """A plan the secretary submitted, the ward's accounts existing before it."""
    ready_to_submit(plan, secretary)
    return approval_services.plan_submit(plan=plan, by=secretary)


def test_a_submitted_plan_waits_for_the_standing_committee_only(
    submitted, standing_user, board_user, secretary
):
    assert notices_of(standing_user) == [NoticeKind.PLAN_SUBMITTED]
    assert notices_of(secretary) == []  # the one who acted is not told
    assert notices_of(board_user) == []
    notice = Notice.objects.get(recipient=standing_user)
    assert notice.url == f"/ke-hoach/{submitted.pk}/" and submitted.title in notice.text

    waiting = {w.key: w for w in waiting_for(standing_user, TODAY)}
    assert waiting["approve"].count == Plan.objects.awaiting_approval().count() == 1
    assert waiting["approve"].items[0].url == f"/ke-hoach/{submitted.pk}/"
    assert waiting["unread"].count == 1


def test_a_returned_plan_tells_the_secretary_and_the_board_with_the_reason(
    submitted, standing_user, board_user, secretary
):
    approval_services.plan_return(plan=submitted, by=standing_user, reason="Thiếu chỉ tiêu nhóm 3")

    for user in (secretary, board_user):
        notice = Notice.objects.get(recipient=user, kind=NoticeKind.PLAN_RETURNED)
        assert "Thiếu chỉ tiêu nhóm 3" in notice.text
    waiting = {w.key: w for w in waiting_for(secretary, TODAY)}
    assert waiting["plan_returned"].count == 1
    assert "approve" not in {w.key for w in waiting_for(standing_user, TODAY)}


def test_the_plan_page_shows_the_return_reason_at_the_top(
    login, submitted, standing_user, secretary
):
    approval_services.plan_return(plan=submitted, by=standing_user, reason="Thiếu chỉ tiêu nhóm 3")
    html = login(secretary).get(f"/ke-hoach/{submitted.pk}/").content.decode()
    reason = html.index('id="return-reason"')
    assert "Thiếu chỉ tiêu nhóm 3" in html[reason : reason + 400]
    assert reason < html.index("<table")  # above the plan's content, not at its foot


def test_an_approved_plan_tells_the_unit(submitted, standing_user, secretary, board_user):
    approval_services.plan_approve(
        plan=submitted, by=standing_user, number="07-ĐA/CB", issued_on=datetime.date(2026, 6, 1)
    )
    assert NoticeKind.PLAN_APPROVED in notices_of(secretary)
    assert NoticeKind.PLAN_APPROVED in notices_of(board_user)


def test_a_quarterly_report_waits_for_the_board_then_answers_the_secretary(
    approved_plan, ward, secretary, board_user
):
    quarter = quarterly_services.quarter_ensure(ward, 2026, 4)
    update = quarterly_services.update_for(plan=approved_plan, quarter=quarter)
    fill_update(update, secretary)
    Notice.objects.all().delete()  # the plan's approval told them already
    quarterly_services.update_submit(update=update, by=secretary)

    assert notices_of(board_user) == [NoticeKind.UPDATE_SUBMITTED]
    waiting = {w.key: w for w in waiting_for(board_user, TODAY)}
    assert waiting["accept"].count == 1
    assert CELL_LABELS["submitted_on_time"].startswith("Chờ tiếp nhận")

    quarterly_services.update_return(update=update, by=board_user, reason="Bổ sung minh chứng")
    assert notices_of(secretary) == [NoticeKind.UPDATE_RETURNED]
    assert "Bổ sung minh chứng" in Notice.objects.get(recipient=secretary).text
    assert "accept" not in {w.key for w in waiting_for(board_user, TODAY)}
    update.refresh_from_db()
    assert update.state == UpdateState.RETURNED


def test_a_keyed_notice_is_made_once(secretary, unit):
    for _ in range(2):
        notice_services.notify(
            recipients=[secretary],
            kind=NoticeKind.TASK_DUE,
            text="Nhiệm vụ đến hạn",
            url="/",
            unit=unit,
            key="task:1:2026-12-05",
        )
    assert Notice.objects.count() == 1


def test_the_inbox_opens_a_notice_marks_it_read_and_hides_others_notices(
    login, submitted, standing_user, secretary
):
    notice = Notice.objects.get(recipient=standing_user)
    client = login(standing_user)
    assert "1</span>" in client.get("/thong-bao/dem/").content.decode()
    inbox = client.get("/thong-bao/?chua_doc=1").content.decode()
    assert submitted.title in inbox

    response = client.get(f"/thong-bao/{notice.pk}/")
    assert response.status_code == 302 and response.url == notice.url
    notice.refresh_from_db()
    assert notice.read_at is not None
    assert client.get("/thong-bao/dem/").content == b""
    assert submitted.title not in client.get("/thong-bao/?chua_doc=1").content.decode()

    assert login(secretary).get(f"/thong-bao/{notice.pk}/").status_code == 404


def test_read_all_marks_only_ones_own(login, plan, secretary, standing_user, ward):
    other = make_user("btv2", ward, Role.STANDING)
    ready_to_submit(plan, secretary)
    approval_services.plan_submit(plan=plan, by=secretary)

    login(standing_user).post("/thong-bao/doc-het/")

    assert not Notice.objects.filter(recipient=standing_user, read_at__isnull=True).exists()
    assert Notice.objects.get(recipient=other).read_at is None


def test_the_daily_run_tells_a_task_owner_a_week_ahead_once_a_day(approved_plan, secretary):
    from consolidation.reminders import post_notices

    task = approved_plan.tasks.first()
    approved_plan.tasks.exclude(pk=task.pk).update(person_user=None)
    approved_plan.tasks.filter(pk=task.pk).update(
        person_user=secretary, deadline=TODAY + datetime.timedelta(days=8)
    )
    Notice.objects.all().delete()
    assert post_notices(TODAY) == 0  # due in 8 days: not yet

    approved_plan.tasks.filter(pk=task.pk).update(deadline=TODAY + datetime.timedelta(days=7))
    assert post_notices(TODAY) == 1
    assert post_notices(TODAY) == 0  # run again the same day
    assert post_notices(TODAY + datetime.timedelta(days=1)) == 1
    assert set(Notice.objects.values_list("kind", flat=True)) == {NoticeKind.TASK_DUE}
    # a secretary's waiting tasks are their unit's, given to them by name or not
    waiting = {w.key: w for w in waiting_for(secretary, TODAY)}
    due = approved_plan.tasks.filter(
        deadline__lte=TODAY + datetime.timedelta(days=7), status__in=["not_started", "in_progress"]
    )
    assert waiting["tasks"].count == due.count() and task in due


def test_the_daily_run_tells_the_unit_of_a_recommendation_falling_due(
    ward, unit, secretary, inspection_user
):
    from consolidation.models import Inspection, Recommendation
    from consolidation.reminders import post_notices
    from consolidation.services import inspections as inspection_services

    inspection = inspection_services.inspection_save(
        inspection=Inspection(
            ward=ward,
            kind="inspection",
            mode="regular",
            subject="KT",
            starts_on=datetime.date(2026, 10, 1),
            conclusion="KL",
        ),
        units=[unit],
        plans=[],
        by=inspection_user,
    )
    inspection_services.recommendation_add(
        recommendation=Recommendation(
            inspection=inspection,
            unit=unit,
            responsible="Bí thư",
            text="Công khai quỹ",
            deadline=TODAY + datetime.timedelta(days=7),
        ),
        by=inspection_user,
    )
    assert post_notices(TODAY) == 0  # not concluded: not sent to the unit yet
    inspection_services.inspection_conclude(
        inspection=inspection, on=datetime.date(2026, 10, 20), by=inspection_user
    )
    assert post_notices(TODAY) == 1
    notice = Notice.objects.get(recipient=secretary)
    assert notice.kind == NoticeKind.RECOMMENDATION_DUE and "Công khai quỹ" in notice.text
    assert {w.key for w in waiting_for(secretary, TODAY)} >= {"recommendations"}


def test_a_case_milestone_due_within_the_week_waits_for_its_owner(
    ward, unit, office_user, board_user
):
    case = register_services.register_save(
        instance=ComplexCase(unit=unit, kind="petition", description="Tranh chấp lối đi"),
        by=office_user,
    )
    milestone = case.milestones.create(title="Đối thoại", due_on=TODAY + datetime.timedelta(8))

    def cases(user):
        return {w.key: w for w in waiting_for(user, TODAY)}.get("cases")

    assert cases(office_user) is None  # due in eight days: not yet
    milestone.due_on = TODAY + datetime.timedelta(7)
    milestone.save()
    waiting = cases(office_user)
    assert waiting.count == 1 and waiting.items[0].url == f"/so-theo-doi/vu-viec/{case.pk}/"
    assert cases(board_user) is None  # a case nobody owns is the Office's

    other_office = make_user("vpdu.2", ward, Role.OFFICE)
    case.owner = board_user
    case.save()
    assert cases(board_user).count == 1
    assert cases(office_user) is None and cases(other_office) is None

    milestone.done_on = TODAY
    milestone.save()
    assert cases(board_user) is None
