import datetime
import re

import pytest

from consolidation.models import IndicatorGroup, Plan, Task
from consolidation.selectors.quarterly import completeness, grid_plans, grid_rates, missing_units
from consolidation.services import quarterly as quarterly_services
from organizations.models import Bloc, Role
from tests.consolidation.test_quarterly import at
from tests.factories import UnitFactory, make_user


def make_plan(ward, code, bloc=Bloc.RESIDENTIAL, started=datetime.date(2026, 5, 20)):
    unit = UnitFactory(code=code, name=f"Chi bộ {code}", parent=ward, bloc=bloc)
    make_user(f"bithu.{code.lower()}", unit, Role.SECRETARY)
    plan = Plan.objects.create(
        unit=unit,
        kind="plan",
        title=f"KH {code}",
        contents="x",
        started_on=started,
        expected_end=started + datetime.timedelta(days=365),
        status="approved",
    )
    group = IndicatorGroup.objects.get(number=1)
    plan.groups.add(group)
    Task.objects.create(plan=plan, group=group, what="Việc", deadline=datetime.date(2026, 12, 1))
    return plan


def report(plan, quarter, day, board=None, *, returned=False, accept=False, submit=True):
    secretary = plan.unit.memberships.get().user
    update = quarterly_services.update_for(plan=plan, quarter=quarter)
    with at(day):
        quarterly_services.update_save(
            update=update,
            data=quarterly_services.UpdateInput(summary="Tóm tắt"),
            by=secretary,
            expected_version=None,
        )
        if submit:
            quarterly_services.update_submit(update=update, by=secretary)
            if returned:
                quarterly_services.update_return(update=update, by=board, reason="Bổ sung")
            if accept:
                quarterly_services.update_accept(update=update, by=board)
    return update


@pytest.fixture
def scenario(ward, board_user):
    q3 = quarterly_services.quarter_ensure(ward, 2026, 3)
    q4 = quarterly_services.quarter_ensure(ward, 2026, 4)
    plans = {
        "on_time": make_plan(ward, "A"),
        "late": make_plan(ward, "B", bloc=Bloc.POLICE),
        "returned": make_plan(ward, "C"),
        "missing": make_plan(ward, "D"),
        "draft": make_plan(ward, "E"),
        # Not expected in Q3, the only plan of its bloc.
        "new": make_plan(ward, "F", bloc=Bloc.ENTERPRISE, started=datetime.date(2026, 10, 5)),
    }
    report(plans["on_time"], q4, "05/12/2026", board_user, accept=True)
    report(plans["late"], q4, "12/12/2026")
    report(plans["returned"], q4, "08/12/2026", board_user, returned=True)
    report(plans["draft"], q4, "08/12/2026", submit=False)
    report(plans["new"], q4, "01/12/2026")
    report(plans["on_time"], q3, "08/09/2026", board_user, accept=True)
    return {"q3": q3, "q4": q4, **plans}


def test_the_grid_shows_each_units_state(scenario, board_user, ward):
    grid = completeness(board_user, ward, [scenario["q3"], scenario["q4"]])

    states = {row.plan.unit.code: [state for _, state, _ in row.cells] for row in grid.rows}
    assert states == {
        "A": ["accepted", "accepted"],
        "B": ["not_started", "submitted_late"],
        "C": ["not_started", "returned"],
        "D": ["not_started", "not_started"],
        "E": ["not_started", "draft"],
        "F": [None, "submitted_on_time"],
    }


def test_the_rates_count_the_expected_units(scenario, board_user, ward):
    q3, q4 = completeness(board_user, ward, [scenario["q3"], scenario["q4"]]).rates

    assert (q4.expected, q4.submitted, q4.on_time) == (6, 4, 3)  # A, B, C, F submitted; B late
    assert q4.reporting_rate == pytest.approx(4 / 6) and q4.on_time_rate == pytest.approx(3 / 6)
    assert q4.by_bloc == {"residential": [4, 2, 2], "police": [1, 1, 0], "enterprise": [1, 1, 1]}
    assert (q3.expected, q3.submitted, q3.on_time) == (5, 1, 1)
    assert q3.by_bloc == {"residential": [4, 1, 1], "police": [1, 0, 0]}  # no bloc of nothing


def test_the_missing_list_names_units_without_a_standing_report(scenario, board_user, ward):
    missing = [p.unit.code for p in missing_units(board_user, ward, scenario["q4"])]
    missing_q3 = [p.unit.code for p in missing_units(board_user, ward, scenario["q3"])]

    assert missing == ["C", "D", "E"]
    assert missing_q3 == ["B", "C", "D", "E"]  # B's report is Q4's; F is not expected in Q3


def test_the_rates_count_the_grids_rows_for_its_pages(scenario, board_user, ward):
    both, q3_only = [scenario["q3"], scenario["q4"]], [scenario["q3"]]

    assert grid_rates(grid_plans(board_user, ward, both), both).listed == 6
    assert grid_rates(grid_plans(board_user, ward, q3_only), q3_only).listed == 5  # not F


def test_the_page_shows_the_grid_countdown_and_missing(login, scenario, board_user):
    import time_machine

    with time_machine.travel(datetime.datetime(2026, 12, 11, 9, 0), tick=False):
        html = login(board_user).get("/bao-cao-quy/").content.decode()

    assert "Còn <strong>4</strong> ngày." in html
    assert re.search(r'id="missing-count">3<', html)
    assert 'data-unit="B"' in html and 'data-state="submitted_late"' in html


def test_secretaries_see_their_own_reports_only(login, scenario, ward):
    client = login(scenario["late"].unit.memberships.get().user)

    html = client.get("/bao-cao-quy/").content.decode()

    assert "Báo cáo quý của chi bộ" in html
    other = scenario["on_time"].updates.first()
    assert client.get(f"/bao-cao-quy/cap-nhat/{other.pk}/").status_code == 404


GRID_QUERIES = 11  # the rates and the rows' count, one query; the rows, one page of plans


def test_the_grid_makes_the_same_queries_for_10_and_200_units(
    login, board_user, ward, django_assert_max_num_queries
):
    import time_machine

    quarter = quarterly_services.quarter_ensure(ward, 2026, 4)

    def add(start, count):
        for n in range(start, start + count):
            plan = make_plan(ward, f"U{n:03d}")
            if n % 3 == 0:
                report(plan, quarter, "05/12/2026")

    with time_machine.travel(datetime.datetime(2026, 12, 1, 9, 0), tick=False):
        client = login(board_user)
        add(0, 10)
        client.get("/bao-cao-quy/")  # warm-up: the session and the membership
        with django_assert_max_num_queries(GRID_QUERIES) as small:
            assert client.get("/bao-cao-quy/").status_code == 200
        add(10, 190)
        with django_assert_max_num_queries(len(small)):
            html = client.get("/bao-cao-quy/").content.decode()
        with django_assert_max_num_queries(len(small)):
            last = client.get("/bao-cao-quy/?trang=2").content.decode()

    # A page of 100 rows; the rates and the missing count are the whole ward's.
    assert html.count("<tr data-unit=") == 100 and last.count("<tr data-unit=") == 100
    assert 'data-unit="U099"' in html and 'data-unit="U100"' in last  # page 2 of 2
    assert 'data-unit="U100"' not in html and 'data-unit="U099"' not in last
    assert re.search(r'data-quarter="2026-Q4"><th scope="row">[^<]*</th><td class="num">200<', html)
    assert re.search(r'id="missing-count">133<', html)  # every third one reported
    assert "và 103 đơn vị khác" in html
