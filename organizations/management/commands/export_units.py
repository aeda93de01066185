from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from organizations.models import Unit
from organizations.registry_io.export import export_xlsx

from ._ward import ward_from_option


class Command(BaseCommand):
    help = "Xuất danh sách tổ chức đảng đang hoạt động của một đảng bộ phường ra tệp Excel (.xlsx)."

    def add_arguments(self, parser):
        parser.add_argument("file", help="Đường dẫn tệp .xlsx sẽ ghi")
        parser.add_argument("--root", help="Mã đảng bộ phường (khi có nhiều phường).")

    def handle(self, *args, **options):
        ward = ward_from_option(options["root"])
        path = Path(options["file"])
        if not path.parent.exists():
            raise CommandError(f"Thư mục «{path.parent}» không tồn tại.")
        path.write_bytes(export_xlsx(ward, Unit.objects.all()))
        self.stdout.write(self.style.SUCCESS(f"Đã ghi {path}."))
