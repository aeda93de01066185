from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from consolidation.imports.appendix3 import appendix3_import
from consolidation.models import parse_quarter_code
from consolidation.selectors.quarterly import quarter_find
from organizations.management.commands._ward import ward_from_option
from organizations.registry_io.read import MAX_BYTES, ImportRefused


class Command(BaseCommand):
    help = (
        "Nhập một bảng Phụ lục 3 đã làm bằng tay (.xlsx) cho một quý: tạo hoặc cập nhật đề án, kế "
        "hoạch và kết quả của quý đó. Tất cả hoặc không: có lỗi thì không ghi gì và in các lỗi "
        "(số dòng) ra stderr."
    )

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--quarter", required=True, help="Quý của bảng, ví dụ 2026-Q2.")
        parser.add_argument("--dry-run", action="store_true", help="Chỉ kiểm tra, không ghi.")
        parser.add_argument(
            "--overwrite-accepted",
            action="store_true",
            help="Cho ghi đè tóm tắt kết quả quý đã được Ban Xây dựng Đảng tiếp nhận.",
        )
        parser.add_argument("--root", help="Mã đảng bộ phường (khi có nhiều phường).")
        parser.add_argument(
            "--by", help="Tên đăng nhập của người nhập (ghi vào lịch sử); mặc định: hệ thống."
        )

    def handle(self, *args, **options):
        ward = ward_from_option(options["root"])
        try:
            quarter = quarter_find(ward, *parse_quarter_code(options["quarter"]))
        except ValidationError as exc:
            raise CommandError(exc.messages[0]) from exc
        by = None
        if options["by"]:
            by = get_user_model().objects.filter(username=options["by"], is_active=True).first()
            if by is None:
                raise CommandError(f"Không có tài khoản đang hoạt động «{options['by']}».")
        path = Path(options["file"])
        if not path.exists():
            raise CommandError(f"Không tìm thấy tệp «{path}».")
        if path.stat().st_size > MAX_BYTES:
            raise CommandError("Tệp lớn hơn 10 MB nên không được đọc.")
        try:
            report = appendix3_import(
                ward=ward,
                quarter=quarter,
                data=path.read_bytes(),
                dry_run=options["dry_run"],
                user=by,
                overwrite_accepted=options["overwrite_accepted"],
            )
        except ImportRefused as exc:
            raise CommandError(str(exc)) from exc
        summary = f"thêm {report.count('new')}, cập nhật {report.count('changed')}, không đổi {report.count('unchanged')}"
        if not report.ok:
            for problem in report.problems:
                self.stderr.write(str(problem))
            raise CommandError(f"Bảng có {len(report.problems)} lỗi; không ghi gì.")
        verb = "Kiểm tra xong (chưa ghi)" if options["dry_run"] else "Đã nhập"
        self.stdout.write(self.style.SUCCESS(f"{verb} Phụ lục 3 {quarter.label}: {summary}."))
