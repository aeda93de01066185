"""The default checklist of IT use (consolidation.models.digital.DEFAULT_ITEMS), which the
ward then edits."""

from django.db import migrations

ITEMS = (
    (
        "Nhận, gửi văn bản của cấp ủy qua môi trường mạng",
        True,
        "Seed 003, III: giải quyết công việc trên môi trường số (gửi, nhận văn bản)",
    ),
    (
        "Đảng viên sử dụng Sổ tay đảng viên điện tử",
        True,
        "Chủ trương chuyển đổi số trong Đảng; seed 000, IV.1 (1.5)",
    ),
    (
        "Hồ sơ đảng viên, cán bộ được quản lý bằng phần mềm (hồ sơ điện tử)",
        True,
        "Seed 003, III: số hoá quản lý cán bộ (hồ sơ điện tử)",
    ),
    (
        "Có thể tổ chức sinh hoạt học tập, chuyên đề trực tuyến khi cần",
        False,
        "Seed 004, II.3: ứng dụng công nghệ thông tin trong sinh hoạt học tập, chuyên đề",
    ),
    (
        "Nhóm trao đổi thông tin nội bộ trên ứng dụng điện tử, bảo đảm quy định bảo mật",
        False,
        "Seed 004, II.1: tuyên truyền trên ứng dụng điện tử nhưng bảo đảm bảo mật",
    ),
)


def seed_items(apps, schema_editor):
    DigitalItem = apps.get_model("consolidation", "DigitalItem")
    if DigitalItem.objects.exists():
        return
    for order, (text, required, source) in enumerate(ITEMS, start=1):
        DigitalItem.objects.create(text=text, required=required, source=source, order=order)


class Migration(migrations.Migration):
    dependencies = [("consolidation", "0013_meetings_cadre_evaluations_digital")]

    operations = [migrations.RunPython(seed_items, migrations.RunPython.noop)]
