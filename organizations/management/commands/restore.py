from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connections

from organizations.backup import BackupError, restore


class Command(BaseCommand):
    help = (
        "Phục hồi một bản sao lưu (tạo bởi lệnh backup) vào cơ sở dữ liệu và thư mục tệp đính "
        "kèm đang cấu hình. Chỉ phục hồi vào nơi trống, trừ khi có --force (xóa dữ liệu hiện "
        "có). Sau khi phục hồi, đếm lại từng bảng và kiểm tra từng tệp so với bản sao lưu."
    )

    def add_arguments(self, parser):
        parser.add_argument("archive", help="Tệp sao lưu cungco-backup-….tar.gz")
        parser.add_argument(
            "--force", action="store_true", help="Xóa dữ liệu và tệp hiện có rồi phục hồi."
        )

    def handle(self, *args, **options):
        archive = Path(options["archive"])
        if not archive.is_file():
            raise CommandError(f"Không có tệp «{archive}».")
        connections.close_all()  # the database file or tables are about to be replaced
        try:
            report = restore(
                archive_path=archive,
                database=settings.DATABASES["default"],
                media_root=Path(settings.MEDIA_ROOT),
                force=options["force"],
            )
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        if not report.ok:
            raise CommandError(
                "Đã phục hồi nhưng kết quả không khớp bản sao lưu:\n  "
                + "\n  ".join(report.mismatches)
            )
        self.stdout.write(
            self.style.SUCCESS(
                f"Đã phục hồi {report.tables} bảng ({report.rows:,} dòng) và {report.files} tệp; "
                "tất cả khớp với bản sao lưu."
            )
        )
