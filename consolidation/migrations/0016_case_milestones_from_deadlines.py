"""A case's roadmap date becomes the first milestone of its roadmap (done when the case was
settled), before the date field goes."""

from django.db import migrations


def deadlines_to_milestones(apps, schema_editor):
    ComplexCase = apps.get_model("consolidation", "ComplexCase")
    CaseMilestone = apps.get_model("consolidation", "CaseMilestone")
    for case in ComplexCase.objects.exclude(roadmap_deadline=None):
        CaseMilestone.objects.create(
            case=case,
            title="Hoàn thành theo lộ trình xử lý",
            due_on=case.roadmap_deadline,
            done_on=case.closed_on if case.status == "closed" else None,
        )


def milestones_to_deadlines(apps, schema_editor):
    ComplexCase = apps.get_model("consolidation", "ComplexCase")
    for case in ComplexCase.objects.all():
        last = case.milestones.order_by("-due_on").first()
        if last is not None:
            case.roadmap_deadline = last.due_on
            case.save(update_fields=["roadmap_deadline"])


class Migration(migrations.Migration):
    dependencies = [("consolidation", "0015_case_files")]

    operations = [migrations.RunPython(deadlines_to_milestones, milestones_to_deadlines)]
