from django.core.management.base import BaseCommand
from django.utils import timezone

from consolidation.reminders import post_notices, send_due


class Command(BaseCommand):
    help = (
        "Gửi nhắc việc hằng ngày (chạy bằng cron): bí thư chưa nộp báo cáo quý, người được giao "
        "nhiệm vụ sắp đến hạn hoặc quá hạn, bản tổng hợp cho Ban Xây dựng Đảng. Chạy lại trong ngày "
        "không gửi trùng; thông báo trong phần mềm cho người được giao nhiệm vụ và bí thư có kiến nghị "
        "kiểm tra đến hạn. --dry-run chỉ in ra sẽ gửi gì."
    )

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="Chỉ in, không gửi.")

    def handle(self, *args, **options):
        today = timezone.localdate()
        count = send_due(today, dry_run=options["dry_run"], out=self.stdout)
        if not options["dry_run"]:
            notices = post_notices(today)
            self.stdout.write(f"Ngày {today:%d/%m/%Y}: {notices} thông báo trong phần mềm.")
        verb = "sẽ gửi" if options["dry_run"] else "đã gửi"
        self.stdout.write(self.style.SUCCESS(f"Ngày {today:%d/%m/%Y}: {verb} {count} thư nhắc."))
