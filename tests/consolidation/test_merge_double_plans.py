"""The migration that leaves one plan per unit, run on the demo data with the double the
issue found there: a new round that found KDC-41 weak again gave it a second active plan."""

import datetime

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.db.models import Count

BEFORE = [("consolidation", "0007_plan_continuation")]


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


def _latest():
    executor = MigrationExecutor(connection)
    return executor.loader.graph.leaf_nodes()


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
        starts_on=datetime.date(2026, 11, 1),
        ends_on=datetime.date(2026, 11, 30),
        phase2_starts_on=datetime.date(2027, 1, 1),
        phase3_starts_on=datetime.date(2027, 10, 1),
        phase3_ends_on=datetime.date(2027, 12, 31),
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
        started_on=datetime.date(2026, 11, 20),
        expected_end=datetime.date(2027, 12, 31),
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
        deadline=datetime.date(2027, 6, 30),
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


@pytest.mark.django_db(transaction=True)
def test_the_merge_leaves_one_plan_per_unit_on_the_demo_data(reference_data, demo_ward):
    # Key cadres without a limitation cannot exist before migration 0013 (the register then
    # held limited cadres only): going back to 0007 and forward again would refuse them.
    from consolidation.models import Cadre

    Cadre.objects.filter(limitation="").delete()
    latest = _latest()
    before = _migrate(BEFORE)  # at 0007: no constraint yet
    tasks_before = dict(apps_plan_counts(before))
    first, second, review, task = _double(before)

    apps = _migrate(latest)

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
    assert kept.expected_end == datetime.date(2027, 12, 31)
    # The later plan's report of a quarter the kept plan had reported joined that report.
    latest_update = kept.updates.order_by("-quarter__year", "-quarter__number").first()
    assert latest_update.progress.filter(task_id=task.pk).exists()
    assert "Đã phân công kiểm tra." in latest_update.summary
    # Every other demo plan is untouched.
    assert {code: n for code, n in apps_plan_counts(apps) if code != "KDC-41"} == {
        code: n for code, n in tasks_before.items() if code != "KDC-41"
    }


def apps_plan_counts(apps):
    Plan = apps.get_model("consolidation", "Plan")
    return [(p.unit.code, p.tasks.count()) for p in Plan.objects.select_related("unit")]
