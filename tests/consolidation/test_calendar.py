"""The calendar of a person's obligations and their iCal feed: the quarter's deadlines and
lock date, a task's deadline for its owner, a plan's objectives, a cell's meetings not yet
held, a case milestone, a recommendation; the feed read back by a calendar library; a renewed
address makes the old one answer 404."""

import datetime

import icalendar
import pytest
import time_machine

from consolidation.models import CalendarFeed, CellMeeting, ComplexCase, PlanStatus, ThematicPlan
from consolidation.selectors.calendar import obligations
from consolidation.selectors.quarterly import quarter_find
from consolidation.services import calendar as calendar_services
from consolidation.services import registers as register_services
from organizations.models import Role
from tests.factories import UnitFactory, make_user

D = datetime.date


@pytest.fixture
def dated(approved_plan, secretary, office_user, unit):
    task = approved_plan.tasks.first()
    approved_plan.tasks.filter(pk=task.pk).update(
        deadline=D(2026, 12, 20), what="Họp chi ủy, phân công, nhiệm vụ; «ghi chú»"
    )
    case = register_services.register_save(
        instance=ComplexCase(unit=unit, kind="petition", description="Tranh chấp"),
        by=office_user,
    )
    case.milestones.create(title="Đối thoại các hộ", due_on=D(2026, 12, 22))
    return task


def test_a_secretarys_month_holds_the_quarters_deadlines_and_their_units_work(
    dated, secretary, ward
):
    items = obligations(secretary, D(2026, 12, 1), D(2026, 12, 31))
    kinds = {(o.kind, o.day) for o in items}
    q4 = quarter_find(ward, 2026, 4)
    assert ("deadline", q4.unit_deadline) in kinds and ("lock", q4.lock_date) in kinds
    assert ("task", D(2026, 12, 20)) in kinds and ("case", D(2026, 12, 22)) in kinds
    assert not any("Phụ lục 3" in o.title for o in items)  # the ward's deadline is not theirs
    assert [o.day for o in items] == sorted(o.day for o in items)


def test_the_board_sees_its_own_tasks_only_and_the_ward_deadline(dated, board_user):
    items = obligations(board_user, D(2026, 12, 1), D(2026, 12, 31))
    assert any("Phụ lục 3" in o.title for o in items)
    assert not any(o.kind == "task" for o in items)  # not given to the Board by name


def test_nothing_outside_the_range(dated, secretary):
    assert not any(
        o.kind == "task" for o in obligations(secretary, D(2026, 12, 21), D(2026, 12, 31))
    )


def _meetings(user, start, end):
    return [
        (o.day, o.last_day, o.title) for o in obligations(user, start, end) if o.kind == "meeting"
    ]


def _held(unit, day, *, regular=True, thematic=False):
    CellMeeting.objects.create(
        unit=unit,
        held_on=day,
        regular=regular,
        thematic=thematic,
        topic="Học tập Nghị quyết" if thematic else "",
        expected=10,
        present=9,
    )


def test_a_cells_secretary_is_told_of_the_meetings_not_yet_held(secretary, unit, ward, board_user):
    ThematicPlan.objects.create(unit=unit, year=2026, quarter=4, topic="Học tập Nghị quyết")
    _held(unit, D(2026, 11, 30))  # November's: December is still to hold
    december = D(2026, 12, 1), D(2026, 12, 31)
    assert _meetings(secretary, *december) == [
        (
            D(2026, 12, 1),
            D(2026, 12, 7),
            "Sinh hoạt chi bộ thường kỳ tháng 12/2026 (tuần đầu tháng)",
        ),
        (D(2026, 12, 31), None, "Hạn sinh hoạt chuyên đề Quý IV/2026: «Học tập Nghị quyết»"),
    ]
    # the first week overlapping the range counts, from its first day to its seventh
    assert _meetings(secretary, D(2026, 12, 7), D(2026, 12, 7))[0][0] == D(2026, 12, 1)
    assert _meetings(secretary, D(2026, 12, 8), D(2026, 12, 30)) == []

    _held(unit, D(2026, 12, 31))  # held on the month's last day still keeps the month
    _held(unit, D(2026, 10, 2), regular=False, thematic=True)  # the quarter's thematic one
    assert _meetings(secretary, *december) == []
    assert _meetings(board_user, *december) == []  # the ward's cells are not the Board's to hold


def test_a_base_committees_secretary_holds_no_sub_cells_meetings(ward):
    committee = UnitFactory(parent=ward, kind="base_committee", name="Đảng bộ Công an")
    cell = UnitFactory(parent=committee, name="Chi bộ An ninh")
    week = D(2026, 12, 1), D(2026, 12, 7)
    assert _meetings(make_user("bithu.ca", committee, Role.SECRETARY), *week) == []
    assert [t for _, _, t in _meetings(make_user("bithu.ca-an", cell, Role.SECRETARY), *week)] == [
        "Sinh hoạt chi bộ thường kỳ tháng 12/2026 (tuần đầu tháng)"
    ]


def test_a_quarter_without_a_topic_says_so(secretary, unit):
    assert (
        D(2027, 3, 31),
        None,
        "Hạn sinh hoạt chuyên đề Quý I/2027: chưa có chủ đề dự kiến",
    ) in _meetings(secretary, D(2027, 3, 1), D(2027, 3, 31))


def test_an_approved_plans_objectives_and_end_are_due_until_recognized(
    approved_plan, secretary, unit
):
    end = approved_plan.expected_end

    def due(kind, start, last):
        return [(o.day, o.title) for o in obligations(secretary, start, last) if o.kind == kind]

    objectives = due("objective", D(2026, 12, 1), D(2026, 12, 31))
    assert objectives and {day for day, _ in objectives} == {D(2026, 12, 1)}
    assert all(title == f"Hạn mục tiêu: Khắc phục ({unit.name})" for _, title in objectives)
    assert len(objectives) == approved_plan.objectives.count()
    assert due("plan", end, end) == [(end, f"Dự kiến hoàn thành: {approved_plan.title}")]

    type(approved_plan).objects.filter(pk=approved_plan.pk).update(
        status=PlanStatus.RECOGNIZED, recognized_on=D(2026, 11, 20), recognition_number="12-QĐ/ĐU"
    )
    assert due("objective", D(2026, 12, 1), D(2026, 12, 31)) == []
    assert due("plan", end, end) == []


def test_the_page_shows_the_month_and_the_list(login, dated, secretary):
    client = login(secretary)
    month = client.get("/lich/", {"thang": "2026-12"}).content.decode()
    assert "Tháng 12/2026" in month and "Đối thoại các hộ" in month
    assert client.get("/lich/", {"thang": "khong-phai"}).status_code == 200


@time_machine.travel(datetime.datetime(2026, 12, 5, 9, tzinfo=datetime.UTC), tick=False)
def test_the_feed_parses_back_and_a_renewed_address_revokes_the_old(
    client, login, dated, secretary, settings
):
    settings.ALLOWED_HOSTS = ["testserver"]
    login(secretary).post("/lich/dia-chi-moi/")
    feed = CalendarFeed.objects.get(user=secretary)
    old = f"/lich/ical/{feed.token}.ics"

    from django.test import Client

    phone = Client()  # a phone's calendar: not logged in
    response = phone.get(old)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    parsed = icalendar.Calendar.from_ical(response.content)
    events = {str(e["SUMMARY"]): e for e in parsed.walk("VEVENT")}
    task = next(s for s in events if s.startswith("Hạn nhiệm vụ"))
    assert "Họp chi ủy, phân công, nhiệm vụ; «ghi chú»" in task  # escaped and read back
    assert events[task].decoded("DTSTART") == D(2026, 12, 20)
    assert all(len(line.encode()) <= 75 for line in response.content.decode().split("\r\n"))

    meeting = next(s for s in events if s.startswith("Sinh hoạt chi bộ thường kỳ tháng 12/2026"))
    assert events[meeting].decoded("DTSTART") == D(2026, 12, 1)
    assert events[meeting].decoded("DTEND") == D(2026, 12, 8)  # the first week, 1 to 7 inclusive

    calendar_services.feed_renew(user=secretary)
    assert phone.get(old).status_code == 404
    assert (
        phone.get(f"/lich/ical/{CalendarFeed.objects.get(user=secretary).token}.ics").status_code
        == 200
    )


def test_an_unknown_or_deactivated_address_is_404(client, secretary):
    feed = calendar_services.feed_for(user=secretary)
    assert client.get("/lich/ical/khong-co.ics").status_code == 404
    secretary.is_active = False
    secretary.save()
    assert client.get(f"/lich/ical/{feed.token}.ics").status_code == 404
