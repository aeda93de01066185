from importlib import import_module

from django.apps import apps
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.test.utils import override_settings

from organizations.demo.seed import demo_password_hash, seed_ward
from organizations.models import Membership, Role


class Command(BaseCommand):
    help = (
        "Nạp dữ liệu mẫu (phường Đống Đa, tài khoản mẫu cho từng vai trò). Chạy lại nhiều lần "
        "không tạo trùng. Từ chối chạy khi DEBUG tắt, trừ khi có --force."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--force", action="store_true", help="Chạy cả khi DEBUG tắt (máy thật)."
        )

    def handle(self, *args, **options):
        if not settings.DEBUG and not options["force"]:
            raise CommandError(
                "DEBUG đang tắt: đây có thể là máy chạy thật. Dữ liệu mẫu chỉ nạp khi thêm --force."
            )
        password_hash = demo_password_hash()
        # The demo's history (submissions, returns…) would otherwise mail its demo users.
        with override_settings(EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend"):
            ward = seed_ward(password_hash)
            for config in apps.get_app_configs():
                try:
                    module = import_module(f"{config.name}.demo")
                except ModuleNotFoundError:
                    continue
                if config.name != "organizations" and hasattr(module, "seed"):
                    module.seed(ward=ward, password_hash=password_hash, stdout=self.stdout)
        self._print_logins()

    def _print_logins(self):
        memberships = Membership.objects.select_related("user", "unit").order_by("user__username")
        order: list[str] = list(Role)
        ward_logins = sorted(
            (m for m in memberships if m.role != Role.SECRETARY), key=lambda m: order.index(m.role)
        )
        secretaries = [m for m in memberships if m.role == Role.SECRETARY]
        self.stdout.write("")
        self.stdout.write(
            self.style.SUCCESS(f"Tài khoản mẫu (mật khẩu: {settings.DEMO_PASSWORD}):")
        )
        for m in ward_logins:
            self.stdout.write(f"  {m.user.username:<12} {m.get_role_display()}")
        if secretaries:
            sample = ", ".join(sorted(m.user.username for m in secretaries)[:3])
            self.stdout.write(
                f"  {len(secretaries)} bí thư, mỗi đơn vị một tài khoản bithu.<mã đơn vị>, ví dụ: {sample}"
            )
