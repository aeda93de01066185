"""One plan per unit at a time: a unit found weak again while its plan ran could be given a
second active plan. The earlier plan is kept; the later one's review becomes a continuation
of it, and its objectives, tasks, comments, consultations, evaluations, extensions, step
files, quarterly reports and register entries move to it. The later plan is then deleted
(its rows stay in the history tables)."""

from django.db import migrations
from django.db.models import Count

MOVED_BY_PLAN = [
    "Objective",
    "Task",
    "PlanComment",
    "Consultation",
    "Evaluation",
    "Extension",
    "RecognitionWithdrawal",
    "PlanContinuation",
    "Cadre",
    "ComplexCase",
]


def merge_double_plans(apps, schema_editor):
    Plan = apps.get_model("consolidation", "Plan")
    doubles = (
        Plan.objects.exclude(status="recognized")
        .values("unit")
        .annotate(n=Count("pk"))
        .filter(n__gt=1)
        .order_by()
    )
    for row in doubles:
        kept, *later = (
            Plan.objects.filter(unit=row["unit"])
            .exclude(status="recognized")
            .order_by("started_on", "pk")
        )
        for other in later:
            _merge(apps, kept, other)


def _merge(apps, kept, other):
    model = lambda name: apps.get_model("consolidation", name)  # noqa: E731
    for name in MOVED_BY_PLAN:
        model(name).objects.filter(plan=other).update(plan=kept)
    steps = {s.number: s for s in model("PlanStep").objects.filter(plan=kept)}
    for step in model("PlanStep").objects.filter(plan=other):
        model("StepFile").objects.filter(step=step).update(step=steps[step.number])
        if step.notes.strip() and step.number in steps:
            target = steps[step.number]
            target.notes = "\n".join(t for t in (target.notes, step.notes) if t.strip())
            target.save(update_fields=["notes"])
    Update = model("QuarterlyUpdate")
    for update in Update.objects.filter(plan=other):
        same = Update.objects.filter(plan=kept, quarter=update.quarter_id).first()
        if same is None:
            Update.objects.filter(pk=update.pk).update(plan=kept)
            continue
        model("TaskProgress").objects.filter(update=update).update(update=same)
        model("UpdateEvent").objects.filter(update=update).update(update=same)
        if update.summary.strip() and update.summary not in same.summary:
            same.summary = "\n".join(t for t in (same.summary, update.summary) if t.strip())
            same.save(update_fields=["summary"])
        update.delete()
    kept.groups.add(*other.groups.all())
    kept.expected_end = max(kept.expected_end, other.expected_end)
    kept.version += 1
    kept.save(update_fields=["expected_end", "version"])
    review = other.review
    other.review = None
    other.save(update_fields=["review"])
    if review is not None:
        model("PlanContinuation").objects.create(
            plan=kept,
            review=review,
            previous_status=kept.status,
            note=f"Gộp từ «{other.title}» (đề án, kế hoạch thứ hai của cùng tổ chức).",
        )
    model("PlanBaseline").objects.filter(plan=other).delete()
    other.delete()


class Migration(migrations.Migration):
    dependencies = [
        ("consolidation", "0007_plan_continuation"),
    ]

    operations = [
        migrations.RunPython(merge_double_plans, migrations.RunPython.noop),
    ]
