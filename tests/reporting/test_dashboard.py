"""The Standing Committee's dashboard: each target's figure over a scenario built here, the
edge cases, the lists behind the numbers, early warning, scope, and the secretary's card."""

import datetime

import pytest
import time_machine
from django.core.cache import cache
from django.utils import timezone

from consolidation.models import (
    Cadre,
    CadreAction,
    CaseKind,
    CaseMilestone,
    CaseStatus,
    ComplexCase,
    Conclusion,
    Evaluation,
    EvaluationKind,
    Plan,
    PlanKind,
    PlanStatus,
    QuarterlyUpdate,
    Review,
    ReviewState,
    Task,
    UpdateState,
    twelve_months_before,
)
from consolidation.services import quarterly as quarterly_services
from organizations.models import Bloc, Kind, Rating, RatingLevel, Role
from reporting.dashboard.board import dashboard
from reporting.dashboard.card import unit_card
from reporting.dashboard.scope import Scope
from reporting.dashboard.target_lists import target_rows
from reporting.dashboard.targets import AT_RISK, MET, MISSED, NO_DATA, light
from reporting.dashboard.warnings import early_warnings
from tests.factories import UnitFactory, make_user
from tests.helpers import make_plan, mark

TODAY = datetime.date(2026, 12, 5)


@pytest.fixture
def scenario(ward, unit, other_unit, review_round, board_user):
    """Eight grassroots units in the 2026 round:

    A weak (Nhóm 1 and 3, prolonged), Đề án approved, mid-term evaluation: improving;
    B complex (Nhóm 3), Kế hoạch still being drafted;
    C not needed, no indicators;          D indicators marked, review not confirmed;
    E at risk (signs, confirmed);         F not started, no signs;
    G weak in 2025, Đề án recognized in 03/2026, weak again in this round, no new plan;
    H weak since 05/2025 (a Đề án of an earlier round), last evaluation: no clear improvement;
      not yet reviewed in this round.
    """
    units = {"A": unit, "B": other_unit}
    for key in "CDEFGH":
        units[key] = UnitFactory(code=f"KDC-1{key}", name=f"Chi bộ Khu dân cư {key}", parent=ward)
    for key in "CDEFGH":
        Review.objects.create(round=review_round, unit=units[key])
    review = {k: review_round.reviews.get(unit=u) for k, u in units.items()}
    review["A"] = mark(review["A"], Conclusion.WEAK, ("1.1", "3.4"), prolonged=True)
    review["B"] = mark(review["B"], Conclusion.COMPLEX, ("3.1",))
    mark(review["C"], Conclusion.NOT_NEEDED)
    mark(review["D"], "", ("2.1",), state=ReviewState.IN_REVIEW)
    mark(review["E"], Conclusion.AT_RISK, ("2.2",))
    review["G"] = mark(review["G"], Conclusion.WEAK, ("1.2",))
    plans = {
        "A": make_plan(units["A"], review=review["A"]),
        "B": make_plan(
            units["B"], review=review["B"], kind=PlanKind.PLAN, status=PlanStatus.DRAFTING
        ),
        "G_old": make_plan(
            units["G"],
            started_on=datetime.date(2025, 6, 1),
            expected_end=datetime.date(2026, 3, 31),
            status=PlanStatus.RECOGNIZED,
            recognized_on=datetime.date(2026, 3, 20),
            recognition_number="12-QĐ/ĐU",
        ),
        "H": make_plan(
            units["H"],
            started_on=datetime.date(2025, 5, 1),
            expected_end=datetime.date(2027, 4, 30),
        ),
    }
    for plan, kind, day, improved in (
        (plans["A"], EvaluationKind.MID_TERM, datetime.date(2026, 9, 1), True),
        (plans["H"], EvaluationKind.MID_TERM, datetime.date(2025, 11, 1), True),
        (plans["H"], EvaluationKind.FINAL, datetime.date(2026, 6, 1), False),
    ):
        Evaluation.objects.create(
            plan=plan,
            kind=kind,
            evaluated_on=day,
            clear_improvement=improved,
            summary="…",
            by=board_user,
        )
    for name, action in (
        ("X", CadreAction.TRAINING),
        ("Y", CadreAction.REPLACEMENT),
        ("Z", CadreAction.NONE),
    ):
        Cadre.objects.create(
            unit=units["A"],
            plan=plans["A"],
            name=name,
            position="Chi ủy viên",
            limitation="Hạn chế",
            action=action,
            action_on=None if action == CadreAction.NONE else datetime.date(2026, 8, 1),
        )
    ComplexCase.objects.create(
        unit=units["B"],
        plan=plans["B"],
        kind=CaseKind.BACKLOG,
        description="Tranh chấp lối đi",
        classification="Phức tạp",
        roadmap="Đối thoại, hòa giải",
        status=CaseStatus.IN_PROGRESS,
    )
    CaseMilestone.objects.create(
        case=ComplexCase.objects.get(description="Tranh chấp lối đi"),
        title="Hòa giải",
        due_on=datetime.date(2026, 10, 31),
    )
    ComplexCase.objects.create(unit=units["B"], kind=CaseKind.PETITION, description="Đơn thư")
    return {"units": units, "reviews": review, "plans": plans, "round": review_round}


def figures(user, ward, today=TODAY, **scope):
    return {t.key: t for t in dashboard(user, Scope(ward=ward, **scope), today).targets}


def test_units_with_signs_reviewed(standing_user, ward, scenario):
    target = figures(standing_user, ward)["signs"]

    # signs: A, B, D (indicator), E (at risk), G; confirmed among them: A, B, E, G
    assert (target.numerator, target.denominator) == (4, 5)
    assert target.status == MISSED  # the round's first phase ended on 31/05/2026


def test_needing_consolidation_with_an_approved_plan_counts_each_unit_once(
    standing_user, ward, scenario
):
    target = figures(standing_user, ward)["approved"]

    # A (two groups, counted once) approved; B drafting; G recognized earlier, weak again
    assert (target.numerator, target.denominator) == (1, 3)
    listing = target_rows(standing_user, Scope(ward=ward), "approved", TODAY)
    assert {r.unit.code: r.counts for r in listing.rows} == {
        "KDC-01": True,
        "KDC-02": False,
        "KDC-1G": False,
    }
    assert [r.unit.name for r in listing.rows] == [  # in Vietnamese order
        "Chi bộ Khu dân cư G",
        "Chi bộ Khu dân cư số 1",
        "Chi bộ Khu dân cư số 2",
    ]


def test_a_unit_recognized_then_weak_again_needs_a_new_plan(
    standing_user, ward, scenario, board_user
):
    g = scenario["units"]["G"]
    make_plan(g, review=scenario["reviews"]["G"], started_on=datetime.date(2026, 6, 10))

    assert (figures(standing_user, ward)["approved"].numerator) == 2


def test_the_figures_are_kept_until_one_changes(
    standing_user, ward, scenario, django_assert_max_num_queries
):
    first = figures(standing_user, ward)["approved"]
    with django_assert_max_num_queries(2):  # the figures' version and the membership
        assert figures(standing_user, ward)["approved"] == first

    g = scenario["units"]["G"]
    make_plan(g, review=scenario["reviews"]["G"], started_on=datetime.date(2026, 6, 10))

    assert figures(standing_user, ward)["approved"].numerator == first.numerator + 1


def test_improvement_counts_only_twelve_months_in(standing_user, ward, scenario):
    target = figures(standing_user, ward)["improvement"]

    # matured Đề án: G's (recognized: improved) and H's (last evaluation: no); A is too young
    assert (target.numerator, target.denominator) == (1, 2)
    assert target.status == MISSED
    assert "Giữa kỳ: 1/1" in target.note  # A's mid-term evaluation shows the trend
    rows = target_rows(standing_user, Scope(ward=ward), "improvement", TODAY).rows
    assert {r.unit.code: r.counts for r in rows} == {
        "KDC-01": False,
        "KDC-1G": True,
        "KDC-1H": False,
    }


def test_before_anyone_is_twelve_months_in_only_the_trend_shows(standing_user, ward, scenario):
    Plan.objects.filter(unit__code__in=["KDC-1G", "KDC-1H"]).delete()

    target = figures(standing_user, ward)["improvement"]

    assert target.denominator == 0 and target.ratio is None
    assert target.status == NO_DATA
    assert target.note.startswith("Giữa kỳ: 1/1")


def test_twelve_months_from_29_february():
    assert twelve_months_before(datetime.date(2028, 2, 29)) == datetime.date(2027, 2, 28)


def test_prolonged_weakness_count(standing_user, ward, scenario):
    target = figures(standing_user, ward)["prolonged"]

    assert target.count == 1 and target.status == MISSED


def test_cadres_and_cases(standing_user, ward, scenario):
    targets = figures(standing_user, ward)

    assert (targets["cadres"].numerator, targets["cadres"].denominator) == (2, 3)
    assert targets["cadres"].status == AT_RISK  # the round runs to 31/12/2026
    assert (targets["cases"].numerator, targets["cases"].denominator) == (1, 2)
    assert targets["cases"].status == MISSED


def test_reporting_and_on_time_rates_with_days_left(standing_user, ward, scenario):
    q4 = quarterly_services.quarter_ensure(ward, 2026, 4)
    plans = scenario["plans"]
    on_time = timezone.make_aware(datetime.datetime(2026, 12, 10, 20, 0))
    late = timezone.make_aware(datetime.datetime(2026, 12, 11, 8, 0))
    QuarterlyUpdate.objects.create(
        plan=plans["A"],
        quarter=q4,
        state=UpdateState.ACCEPTED,
        summary="…",
        first_submitted_at=on_time,
    )
    QuarterlyUpdate.objects.create(
        plan=plans["H"],
        quarter=q4,
        state=UpdateState.SUBMITTED,
        summary="…",
        first_submitted_at=late,
    )

    targets = figures(standing_user, ward, today=datetime.date(2026, 12, 12))

    # expected in Q4: A, B, H (G's old plan was recognized before the quarter)
    assert (targets["reporting"].numerator, targets["reporting"].denominator) == (2, 3)
    assert (targets["on_time"].numerator, targets["on_time"].denominator) == (1, 3)
    assert "còn 3 ngày" in targets["reporting"].note


def test_no_weak_units(standing_user, ward, review_round):
    for review in review_round.reviews.all():
        mark(review, Conclusion.NOT_NEEDED)

    targets = figures(standing_user, ward)

    assert targets["signs"].denominator == 0 and targets["signs"].status == NO_DATA
    assert targets["approved"].denominator == 0 and targets["approved"].status == NO_DATA
    assert targets["approved"].note == "Không có tổ chức nào cần củng cố."
    assert targets["prolonged"].count == 0 and targets["prolonged"].status == MET
    assert targets["improvement"].status == NO_DATA


def test_before_any_round(standing_user, ward):
    targets = figures(standing_user, ward)

    assert targets["signs"].status == NO_DATA and "Chưa mở đợt" in targets["signs"].note


def test_the_traffic_light():
    assert light(1.0, 1, today=TODAY) == MET
    assert light(0.95, 1, today=TODAY) == AT_RISK  # within ten points
    assert light(0.5, 1, today=TODAY, due=TODAY) == AT_RISK  # still time
    assert light(0.5, 1, today=TODAY, due=TODAY - datetime.timedelta(days=1)) == MISSED
    assert light(None, 1, today=TODAY) == NO_DATA


def test_the_picture_counts_group_overlaps_and_blocs(standing_user, ward, scenario):
    charts = {c.key: c for c in dashboard(standing_user, Scope(ward=ward), TODAY).charts}

    groups = {s.label: s.value for s in charts["groups"].slices}
    assert groups["Nhóm 1 và 3"] == 1  # A
    assert groups["Chỉ Nhóm 3"] == 1  # B
    assert groups["Chỉ Nhóm 1"] == 1  # G
    conclusions = {s.label: s.value for s in charts["conclusions"].slices}
    assert conclusions["Yếu kém"] == 2 and conclusions["Chưa xác nhận"] == 3  # D, F, H
    blocs = {s.label: s.value for s in charts["blocs"].slices}
    assert blocs[Bloc.RESIDENTIAL.label] == 3
    progress = {s.label: s.value for s in charts["progress"].slices}
    assert progress["Đã công nhận hoàn thành"] == 1  # G's old plan


def test_every_number_links_to_its_list(login, standing_user, ward, scenario):
    board = dashboard(standing_user, Scope(ward=ward), TODAY)
    client = login(standing_user)
    charts = {c.key: c for c in board.charts}

    overlap = next(s for s in charts["groups"].slices if s.label == "Nhóm 1 và 3")
    html = client.get(overlap.url).content.decode()
    assert 'data-unit="KDC-01"' in html and 'data-unit="KDC-02"' not in html
    late = next(s for s in charts["progress"].slices if s.label == "Đã công nhận hoàn thành")
    html = client.get(late.url).content.decode()
    assert 'data-unit="KDC-1G"' in html and 'data-unit="KDC-01"' not in html
    for target in board.targets:
        assert client.get(target.url).status_code == 200, target.key


def test_early_warning_lists_units_by_number_of_reasons(standing_user, ward, scenario):
    a, h = scenario["units"]["A"], scenario["units"]["H"]
    Task.objects.create(
        plan=scenario["plans"]["A"],
        group_id=1,
        what="Việc quá hạn",
        deadline=datetime.date(2026, 10, 1),
    )
    Rating.objects.create(unit=a, year=2025, level=RatingLevel.NOT_COMPLETED)
    Rating.objects.create(unit=h, year=2024, level=RatingLevel.NOT_COMPLETED)
    Rating.objects.create(unit=h, year=2025, level=RatingLevel.GOOD)  # the latest counts

    warnings = early_warnings(standing_user, Scope(ward=ward), TODAY)

    first = warnings[0]
    assert first.unit.pk == a.pk
    kinds = {r.kind for r in first.reasons}
    assert kinds == {"prolonged", "overdue", "rating", "reports"}
    by_unit = {w.unit.code: {r.kind for r in w.reasons} for w in warnings}
    assert by_unit["KDC-02"] == {"behind", "case", "reports"}  # B: drafting in phase 3
    assert "rating" not in by_unit.get("KDC-1H", set())
    assert [len(w.reasons) for w in warnings] == sorted(
        (len(w.reasons) for w in warnings), reverse=True
    )
    for warning in warnings:
        for reason in warning.reasons:
            assert reason.url.startswith("/")


def test_two_reports_in_a_row_missed_or_returned(standing_user, ward, scenario):
    plan = scenario["plans"]["H"]
    q2, q3 = (quarterly_services.quarter_ensure(ward, 2026, n) for n in (2, 3))
    QuarterlyUpdate.objects.create(plan=plan, quarter=q2, state=UpdateState.ACCEPTED, summary="…")
    QuarterlyUpdate.objects.create(plan=plan, quarter=q3, state=UpdateState.RETURNED, summary="…")

    def reasons():
        warnings = early_warnings(standing_user, Scope(ward=ward), TODAY)
        return {r.kind for w in warnings if w.unit.code == "KDC-1H" for r in w.reasons}

    # on 05/12/2026 the last two quarters past their unit deadline are Q3 and Q2 of 2026
    assert "reports" not in reasons()
    QuarterlyUpdate.objects.filter(plan=plan, quarter=q2).update(state=UpdateState.DRAFT)
    assert "reports" in reasons()


def test_scope_by_bloc_and_by_base_committee(standing_user, ward, scenario):
    committee = UnitFactory(
        code="DB-CA",
        name="Đảng bộ Công an phường",
        parent=ward,
        kind=Kind.BASE_COMMITTEE,
        bloc=Bloc.POLICE,
    )
    cell = UnitFactory(code="CA-01", name="Chi bộ Cảnh sát khu vực", parent=committee)
    make_plan(cell, started_on=datetime.date(2026, 6, 1))

    police = figures(standing_user, ward, bloc=Bloc.POLICE)
    assert police["approved"].denominator == 0
    under = dashboard(standing_user, Scope(ward=ward, under=committee), TODAY)
    steps = {c.key: c for c in under.charts}["progress"]
    assert steps.total == 1
    assert "under=" in steps.slices[0].url


def test_the_page_for_each_ward_role_and_the_print(login, request, ward, scenario):
    for role in ("standing_user", "board_user", "inspection_user", "office_user"):
        html = login(request.getfixturevalue(role)).get("/").content.decode()
        assert 'id="targets"' in html and "<svg" in html and 'class="table table-sm' in html
    response = login(request.getfixturevalue("standing_user")).get("/tong-quan/in/")
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF-")


def test_the_printout_reads_back(standing_user, ward, scenario):
    import io

    from pypdf import PdfReader

    from reporting.dashboard.meeting import meeting_document
    from reporting.renderers import render_document

    pdf = render_document(
        meeting_document(dashboard(standing_user, Scope(ward=ward), TODAY)), "pdf"
    )
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    assert "TÌNH HÌNH CỦNG CỐ TỔ CHỨC CƠ SỞ ĐẢNG YẾU KÉM" in text
    assert "Số liệu đến ngày 05/12/2026" in text
    assert "Chi bộ Khu dân cư số 1" in text  # the early-warning table


def test_a_secretary_lands_on_their_units_card(login, secretary, scenario):
    html = login(secretary).get("/").content.decode()

    assert 'id="unit-card"' in html and 'id="targets"' not in html
    assert "Chi bộ Khu dân cư số 1" in html
    assert "Yếu kém kéo dài" in html  # what is late, with its link


def test_the_card_shows_the_plan_tasks_and_this_quarters_report(secretary, scenario, ward):
    plan = scenario["plans"]["A"]
    Task.objects.create(plan=plan, group_id=1, what="Việc sớm", deadline=datetime.date(2026, 11, 1))
    Task.objects.create(
        plan=plan, group_id=1, what="Việc sau", deadline=datetime.date(2026, 12, 20)
    )

    card = unit_card(secretary, TODAY)

    assert card.plan == plan
    assert [t.what for t in card.tasks] == ["Việc sớm", "Việc sau"]
    assert card.reports_this_quarter and card.update is None
    assert card.update_url.endswith("/2026-Q4/")


def test_a_cell_secretary_cannot_open_the_ward_dashboard(login, secretary, scenario):
    assert login(secretary).get("/tong-quan/").status_code == 403


def test_a_base_committee_secretary_sees_only_their_subtree(login, ward, scenario):
    committee = UnitFactory(
        code="DB-CA", name="Đảng bộ Công an phường", parent=ward, kind=Kind.BASE_COMMITTEE
    )
    user = make_user("bithu.db-ca", committee, Role.SECRETARY)

    html = login(user).get(f"/tong-quan/?under={scenario['units']['A'].pk}").content.decode()

    assert "Đảng bộ Công an phường" in html
    assert "Chi bộ Khu dân cư số 1" not in html


# Queries of each dashboard page for a ward of 10 grassroots units; a ward of 2,000 makes no more.
# The dashboard gained four targets (meetings, attendance, evaluations, IT) and four warnings
# (the last: overdue recommendations of inspections); «việc chờ bạn» counts three kinds for
# the Standing Committee (plans to approve, their own tasks, unread notices).
DASHBOARD_QUERIES = {"/": 46, "/tong-quan/canh-bao/": 21, "/tong-quan/chi-tieu/approved/": 8}


def test_the_same_queries_for_10_and_2000_units(login, db, django_assert_max_num_queries):
    """Two synthetic wards from generate_scale_data: 10 grassroots units, then 2,000 (with
    400 plans, 4,000 tasks, their reports and registers)."""
    import io

    from django.contrib.auth import get_user_model
    from django.core.management import call_command

    from organizations.models import Unit

    budgets = dict(DASHBOARD_QUERIES)
    for seed, size in ((1, 10), (2, 2000)):
        call_command(
            "generate_scale_data",
            wards=1,
            units_per_ward=size,
            seed=seed,
            force=True,
            stdout=io.StringIO(),
        )
        ward = Unit.objects.get(code__startswith=f"S{seed}-", kind=Kind.WARD)
        client = login(get_user_model().objects.get(username=f"btv.{ward.code.lower()}"))
        client.get("/")  # warm-up: the session and the membership
        for url, budget in budgets.items():
            cache.clear()  # the figures as computed, not as kept from the warm-up
            with django_assert_max_num_queries(budget, info=url) as counted:
                assert client.get(url).status_code == 200
            budgets[url] = len(counted)


def test_the_tallest_columns_value_stays_clear_of_the_legend():
    import re

    from reporting.charts import Series, column_chart

    svg = column_chart(
        ["I/2026", "II/2026"], [Series("Phải báo cáo", [6, 9]), Series("Đã nộp", [3, 9])]
    )

    legend = re.findall(r'<rect x="[\d.]+" y="(\d+)" width="12" height="12"', svg)
    values = re.findall(r'<text x="[\d.]+" y="([\d.-]+)" text-anchor="middle" font-size="11"', svg)
    legend_bottom = max(int(y) for y in legend) + 12
    highest_value_top = min(float(y) for y in values) - 11  # the 11 px label above its baseline
    assert highest_value_top > legend_bottom


def test_the_list_behind_a_target_is_built_once_until_a_figure_changes(
    login, standing_user, ward, scenario, monkeypatch
):
    from reporting.dashboard import views

    built = []
    real = views.target_rows
    monkeypatch.setattr(views, "target_rows", lambda *args: built.append(1) or real(*args))
    client = login(standing_user)
    url = "/tong-quan/chi-tieu/approved/"

    def listed():
        return client.get(url).content.decode().count('href="/ke-hoach/')

    first = listed()
    assert listed() == first and client.get(url, {"chua": "1"}).status_code == 200
    assert len(built) == 1  # the second visit and the filter read the kept list
    g = scenario["units"]["G"]
    make_plan(g, review=scenario["reviews"]["G"], started_on=datetime.date(2026, 6, 10))

    assert listed() == first + 1 and len(built) == 2


def test_the_warnings_are_built_once_until_a_figure_changes(
    login, standing_user, ward, scenario, monkeypatch
):
    from reporting.dashboard import warnings as warnings_module

    built = []
    real = warnings_module.early_warnings
    monkeypatch.setattr(
        warnings_module, "early_warnings", lambda *args: built.append(1) or real(*args)
    )
    client = login(standing_user)
    h = scenario["units"]["H"]

    def rating_warned():
        html = client.get("/tong-quan/canh-bao/").content.decode()
        return "Không hoàn thành nhiệm vụ" in html and h.name in html

    with time_machine.travel(datetime.datetime(2026, 12, 5, 9, 0), tick=False):
        before = rating_warned()
        assert rating_warned() == before and len(built) == 1  # the second visit reads it kept
        Rating.objects.create(unit=h, year=2025, level=RatingLevel.NOT_COMPLETED)

        assert not before and rating_warned() and len(built) == 2
