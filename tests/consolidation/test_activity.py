"""The ward's activity and each record's history, read from the history records keep: who
did what on which unit, filtered by unit, person, kind and date; the Board's only; a unit's
own feed on its page; an objective's versions with what changed."""

import datetime

import pytest

from consolidation.models import ComplexCase
from consolidation.selectors.activity import ActivityFilters, activity
from consolidation.services import plans as plan_services
from consolidation.services import registers as register_services
from organizations.selectors import display_name, units_visible_to


@pytest.fixture
def worked(approved_plan, unit, other_unit, secretary, office_user, board_user):
    register_services.register_save(
        instance=ComplexCase(unit=other_unit, kind="petition", description="Vụ việc chi bộ 2"),
        by=office_user,
    )
    objective = approved_plan.objectives.first()
    plan_services.objective_save(
        plan=approved_plan,
        data=plan_services.ObjectiveInput(
            objective.group_id, "Mục tiêu đã sửa", "95 %", datetime.date(2026, 12, 1), "Báo cáo"
        ),
        by=secretary,
        objective=objective,
        expected_version=objective.version,
    )
    return objective


def test_the_feed_says_who_did_what_on_which_unit(worked, board_user, secretary, unit):
    items = activity(units_visible_to(board_user), ActivityFilters())
    edit = next(a for a in items if a.kind == "objective" and a.verb == "sửa")
    assert edit.who == "Lê Văn Bình" and edit.unit == unit
    assert edit.name == "Mục tiêu đã sửa" and edit.url.startswith("/ke-hoach/")
    times = [a.at for a in items]
    assert times == sorted(times, reverse=True)


def test_the_feed_filters_by_unit_person_kind_and_date(
    worked, board_user, secretary, office_user, other_unit, unit
):
    units = units_visible_to(board_user)
    assert {a.unit for a in activity(units, ActivityFilters(unit=other_unit))} == {other_unit}
    by_office = activity(units, ActivityFilters(person=office_user.pk))
    assert {a.who for a in by_office} == {display_name(office_user)}
    assert {a.kind for a in by_office} == {"case"}
    assert {a.kind for a in activity(units, ActivityFilters(kind="objective"))} == {"objective"}
    assert activity(units, ActivityFilters(since=datetime.date(2099, 1, 1))) == []


def test_the_page_is_the_boards(login, worked, board_user, secretary):
    page = login(board_user).get("/hoat-dong/", {"loai": "case"}).content.decode()
    assert "Vụ việc chi bộ 2" in page and "Mục tiêu đã sửa" not in page
    assert login(secretary).get("/hoat-dong/").status_code == 403


def test_a_units_feed_is_read_by_who_sees_the_unit(login, worked, unit, secretary, other_secretary):
    html = login(secretary).get(f"/hoat-dong/don-vi/{unit.pk}/").content.decode()
    assert "Mục tiêu đã sửa" in html and "Vụ việc chi bộ 2" not in html
    assert login(other_secretary).get(f"/hoat-dong/don-vi/{unit.pk}/").status_code == 404
    assert (
        f"/hoat-dong/don-vi/{unit.pk}/"
        in login(secretary).get(f"/don-vi/{unit.pk}/").content.decode()
    )


def test_an_objectives_history_shows_each_change(login, worked, board_user, secretary):
    url = f"/lich-su/objective/{worked.pk}/"
    html = login(board_user).get(url).content.decode()
    assert "Mục tiêu cụ thể" in html and "Mục tiêu đã sửa" in html and "Lê Văn Bình" in html
    assert "95 %" in html
    assert login(secretary).get(url).status_code == 404
    assert login(board_user).get("/lich-su/khong-co/1/").status_code == 404


def test_a_hidden_remarks_words_stay_out_of_the_feed(approved_plan, secretary, board_user, unit):
    from consolidation.access import get_discussed_for_user
    from consolidation.services import discussion

    task = approved_plan.tasks.first()
    remark = discussion.remark_add(
        about=get_discussed_for_user(secretary, "nhiem-vu", task.pk),
        text="Lời lạc đề",
        by=secretary,
    )
    discussion.remark_hide(remark=remark, reason="Lạc đề", by=board_user)
    names = [a.name for a in activity(units_visible_to(board_user), ActivityFilters(kind="remark"))]
    assert names and all(n == "(đã ẩn)" for n in names)


def test_a_step_made_in_bulk_has_a_history_page_before_it_is_first_saved(
    login, ward, unit, board_user
):
    """An imported plan's six steps are made in bulk, with no version yet (as are rows a
    migration loads): their history page says so (it answered 500), and shows the first
    save once there is one."""
    plan = plan_services.plan_import_save(
        ward=ward,
        plan=None,
        data=plan_services.ImportedPlan(
            unit=unit,
            kind="plan",
            contents="Củng cố chi bộ",
            number="03-KH/CB",
            issued_on=None,
            started_on=datetime.date(2026, 3, 1),
            expected_end=datetime.date(2026, 12, 31),
            groups=[1],
        ),
        by=board_user,
    )
    step = plan.steps.get(number=2)
    assert not step.history.exists()
    client = login(board_user)
    html = client.get(f"/lich-su/step/{step.pk}/").content.decode()
    assert 'id="no-versions"' in html and 'id="versions"' not in html

    step.notes = "Đã họp chi ủy"
    step.save()
    html = client.get(f"/lich-su/step/{step.pk}/").content.decode()
    assert 'id="versions"' in html and html.count('class="list-group-item"') == 1
