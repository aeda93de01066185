from django.core.management.base import BaseCommand, CommandError

from organizations.registry_io.read import ImportRefused, read_xlsx
from organizations.registry_io.write import registry_import

from ._ward import ward_from_option


class Command(BaseCommand):
    help = (
        "Nhập danh sách tổ chức đảng từ tệp Excel (.xlsx). Tất cả hoặc không: có lỗi thì không "
        "ghi gì và in các lỗi (số dòng, tên cột) ra stderr."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="Đường dẫn tệp .xlsx")
        parser.add_argument("--dry-run", action="store_true", help="Chỉ kiểm tra, không ghi.")
        parser.add_argument("--root", help="Mã đảng bộ phường (khi có nhiều phường).")

    def handle(self, *args, **options):
        ward = ward_from_option(options["root"])
        try:
            table = read_xlsx(options["file"])
        except FileNotFoundError as exc:
            raise CommandError(f"Không tìm thấy tệp «{options['file']}».") from exc
        except ImportRefused as exc:
            raise CommandError(str(exc)) from exc
        report = registry_import(ward=ward, table=table, dry_run=options["dry_run"])
        counts = report.counts
        summary = (
            f"thêm {counts['new']}, thay đổi {counts['changed']}, không đổi {counts['unchanged']}, "
            f"lỗi {counts['error']}"
        )
        if not report.ok:
            for problem in report.problems:
                self.stderr.write(str(problem))
            raise CommandError(f"Tệp có {len(report.problems)} lỗi; không ghi gì ({summary}).")
        verb = "Kiểm tra xong (chưa ghi)" if options["dry_run"] else "Đã nhập"
        self.stdout.write(self.style.SUCCESS(f"{verb}: {summary}."))
