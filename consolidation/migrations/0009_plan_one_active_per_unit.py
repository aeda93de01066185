from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("consolidation", "0008_merge_double_plans"),
    ]

    operations = [
        migrations.AddConstraint(
            model_name="plan",
            constraint=models.UniqueConstraint(
                condition=models.Q(("status", "recognized"), _negated=True),
                fields=("unit",),
                name="plan_one_active_per_unit",
                violation_error_message="Tổ chức này đang có đề án, kế hoạch củng cố chưa được công nhận hoàn thành: mỗi tổ chức chỉ có một đề án, kế hoạch đang thực hiện (tiếp tục đề án đó).",
            ),
        ),
    ]
