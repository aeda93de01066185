from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connections

from organizations.backup import BackupError, backup, prune


class Command(BaseCommand):
    help = (
        "Sao lưu cơ sở dữ liệu và thư mục tệp đính kèm vào một tệp nén có ghi ngày giờ trong "
        "THƯ_MỤC (PostgreSQL: pg_dump --format=custom; SQLite: bản sao nhất quán). "
        "--keep N giữ lại N bản mới nhất."
    )

    def add_arguments(self, parser):
        parser.add_argument("directory", help="Thư mục chứa các bản sao lưu.")
        parser.add_argument(
            "--keep", type=int, default=0, help="Chỉ giữ N bản mới nhất (0: giữ tất cả)."
        )

    def handle(self, *args, **options):
        directory = Path(options["directory"])
        if directory.exists() and not directory.is_dir():
            raise CommandError(f"«{directory}» không phải là thư mục.")
        if options["keep"] < 0:
            raise CommandError("--keep không được âm.")
        try:
            path = backup(
                directory=directory,
                database=settings.DATABASES["default"],
                media_root=Path(settings.MEDIA_ROOT),
                connection=connections["default"],
            )
        except (BackupError, OSError) as exc:
            raise CommandError(f"Sao lưu không thành công: {exc}") from exc
        self.stdout.write(self.style.SUCCESS(f"Đã sao lưu: {path} ({path.stat().st_size:,} byte)"))
        for old in prune(directory, options["keep"]):
            self.stdout.write(f"Đã xóa bản cũ: {old.name}")
