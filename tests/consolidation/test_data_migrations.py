"""The data migrations that rewrote existing rows, run on the demo data in one trip back and
forth: a trip renders every model's migration state at each step (a minute and a half on
SQLite, more on PostgreSQL), so both share it.

- 0008: one plan per unit. A new round that found KDC-41 weak again gave it a second active
  plan; the merge keeps the earlier plan and moves the later one's work into it.
- 0016: a complex case's single roadmap date becomes its first milestone."""

import datetime

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.db.models import Count

D = datetime.date
BEFORE_ONE_PLAN = [("consolidation", "0007_plan_continuation")]
BEFORE_MILESTONES = [("consolidation", "0015_case_files")]


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


def _latest():
    return MigrationExecutor(connection).loader.graph.leaf_nodes()


def _double(apps):
    """What the old code did: KDC-41's review of a new round became a second active plan,
    with its own objective, task (traced to the new cause) and quarterly report."""
    model = lambda name: apps.get_model("consolidation", name)  # noqa: E731
    Unit = apps.get_model("organizations", "Unit")
    unit = Unit.objects.get(code="KDC-41")
    first = model("Plan").objects.get(unit=unit)
    round_ = model("ReviewRound").objects.create(
        ward=unit.parent,
        name="Rà soát bổ sung cuối năm 2026",
        period="11/2026",
        starts_on=D(2026, 11, 1),
        ends_on=D(2026, 11, 30),
        phase2_starts_on=D(2027, 1, 1),
        phase3_starts_on=D(2027, 10, 1),
        phase3_ends_on=D(2027, 12, 31),
    )
    review = model("Review").objects.create(
        round=round_, unit=unit, state="confirmed", conclusion="weak"
    )
    cause = model("Cause").objects.create(
        review=review, kind="subjective", text="Chi ủy chưa kiểm tra nghị quyết"
    )
    second = model("Plan").objects.create(
        unit=unit,
        review=review,
        round=round_,
        kind="project",
        title="Đề án củng cố (lần hai)",
        contents="Nội dung",
        started_on=D(2026, 11, 20),
        expected_end=D(2027, 12, 31),
    )
    for number in range(1, 7):
        model("PlanStep").objects.create(plan=second, number=number)
    group = model("IndicatorGroup").objects.get(number=2)
    second.groups.add(group)
    objective = model("Objective").objects.create(
        plan=second,
        group=group,
        text="Kiểm tra nghị quyết",
        target="100 %",
        deadline=D(2027, 6, 30),
        output="Báo cáo",
    )
    task = model("Task").objects.create(
        plan=second, group=group, objective=objective, what="Kiểm tra việc thực hiện nghị quyết"
    )
    task.causes.add(cause)
    quarter = first.updates.order_by("-quarter__year", "-quarter__number").first().quarter
    update = model("QuarterlyUpdate").objects.create(
        plan=second, quarter=quarter, summary="Đã phân công kiểm tra."
    )
    model("TaskProgress").objects.create(update=update, task=task, status="in_progress")
    return first, second, review, task


def _cases_with_roadmap_dates(apps):
    """Cases as the register kept them before milestones: one roadmap date, or none."""
    Unit = apps.get_model("organizations", "Unit")
    Case = apps.get_model("consolidation", "ComplexCase")
    unit = Unit.objects.get(code="KDC-07")
    open_case = Case.objects.create(
        unit=unit, kind="backlog", description="a", roadmap_deadline=D(2026, 12, 31)
    )
    closed = Case.objects.create(
        unit=unit,
        kind="backlog",
        description="b",
        roadmap_deadline=D(2026, 8, 30),
        status="closed",
        closed_on=D(2026, 8, 25),
    )
    undated = Case.objects.create(unit=unit, kind="backlog", description="c")
    return open_case, closed, undated


def _plan_tasks(apps):
    Plan = apps.get_model("consolidation", "Plan")
    return [(p.unit.code, p.tasks.count()) for p in Plan.objects.select_related("unit")]


@pytest.mark.django_db(transaction=True)
def test_the_data_migrations_carry_the_demo_data_forward(reference_data, demo_ward):
    # Key cadres without a limitation cannot exist before migration 0013 (the register then
    # held limited cadres only): going back to 0007 and forward again would refuse them.
    from consolidation.models import Cadre

    Cadre.objects.filter(limitation="").delete()
    latest = _latest()
    before = _migrate(BEFORE_ONE_PLAN)  # at 0007: no one-plan constraint yet
    tasks_before = dict(_plan_tasks(before))
    first, second, review, task = _double(before)
    cases = _cases_with_roadmap_dates(_migrate(BEFORE_MILESTONES))

    apps = _migrate(latest)

    # 0008: one plan per unit.
    Plan = apps.get_model("consolidation", "Plan")
    doubles = (
        Plan.objects.exclude(status="recognized")
        .values("unit")
        .annotate(n=Count("pk"))
        .filter(n__gt=1)
    )
    assert not doubles.exists()
    kept = Plan.objects.get(unit__code="KDC-41")
    assert kept.pk == first.pk  # the earlier one is kept
    assert not Plan.objects.filter(pk=second.pk).exists()
    continuation = apps.get_model("consolidation", "PlanContinuation").objects.get(plan=kept)
    assert continuation.review_id == review.pk
    assert kept.tasks.filter(pk=task.pk).exists()
    assert kept.tasks.count() == tasks_before["KDC-41"] + 1
    assert kept.objectives.filter(text="Kiểm tra nghị quyết").exists()
    assert 2 in set(kept.groups.values_list("number", flat=True))
    assert kept.expected_end == D(2027, 12, 31)
    # The later plan's report of a quarter the kept plan had reported joined that report.
    latest_update = kept.updates.order_by("-quarter__year", "-quarter__number").first()
    assert latest_update.progress.filter(task_id=task.pk).exists()
    assert "Đã phân công kiểm tra." in latest_update.summary
    # Every other demo plan is untouched.
    assert {code: n for code, n in _plan_tasks(apps) if code != "KDC-41"} == {
        code: n for code, n in tasks_before.items() if code != "KDC-41"
    }

    # 0016: a roadmap date became a milestone, done when the case was closed; no date, none.
    open_case, closed, undated = cases
    Milestone = apps.get_model("consolidation", "CaseMilestone")
    assert list(
        Milestone.objects.filter(case_id__in=[c.pk for c in cases])
        .values_list("case_id", "due_on", "done_on")
        .order_by("case_id")
    ) == [
        (open_case.pk, D(2026, 12, 31), None),
        (closed.pk, D(2026, 8, 30), D(2026, 8, 25)),
    ]
    assert not Milestone.objects.filter(case_id=undated.pk).exists()
