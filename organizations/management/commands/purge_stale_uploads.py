import datetime

from django.core.management.base import BaseCommand, CommandError

from organizations.pending_upload import purge_stale


class Command(BaseCommand):
    help = (
        "Xóa các tệp Excel đã tải lên để xem trước nhưng không được xác nhận nhập (mặc định: "
        "cũ hơn 24 giờ). Chạy hằng ngày bằng cron, cùng send_reminders."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--older-than-hours", type=int, default=24, help="Tuổi tối thiểu của tệp (giờ)."
        )

    def handle(self, *args, **options):
        hours = options["older_than_hours"]
        if hours < 1:
            raise CommandError("--older-than-hours phải từ 1 trở lên.")
        removed = purge_stale(older_than=datetime.timedelta(hours=hours))
        self.stdout.write(f"Đã xóa {len(removed)} tệp chờ xác nhận cũ hơn {hours} giờ.")
