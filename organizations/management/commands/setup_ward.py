from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from organizations.models import Kind, Role, Unit
from organizations.services import accounts
from organizations.services.registry import unit_create


class Command(BaseCommand):
    help = (
        "Lần cài đặt đầu tiên: tạo đảng bộ phường và tài khoản Ban Xây dựng Đảng đầu tiên (in ra "
        "mật khẩu tạm một lần). Từ đó Ban Xây dựng Đảng tự nhập danh sách tổ chức và tạo các tài "
        "khoản khác trên trang của mình."
    )

    def add_arguments(self, parser):
        parser.add_argument("--code", required=True, help="Mã đảng bộ phường, ví dụ DB-DONGDA.")
        parser.add_argument("--name", required=True, help="Ví dụ: Đảng bộ phường Đống Đa.")
        parser.add_argument(
            "--board-username", required=True, help="Tên đăng nhập, ví dụ hoa.nguyen"
        )
        parser.add_argument(
            "--board-name", required=True, help="Họ và tên người dùng, ví dụ «Nguyễn Thị Hoa»."
        )
        parser.add_argument("--board-email", default="")

    def handle(self, *args, **options):
        family, _, given = options["board_name"].strip().rpartition(" ")
        try:
            with transaction.atomic():
                ward = self._ward(options["code"], options["name"])
                user, password = accounts.account_create(
                    person=accounts.Person(
                        options["board_username"], given, family, options["board_email"]
                    ),
                    assignment=accounts.Assignment(
                        Role.BOARD, ward, "Chuyên viên Ban Xây dựng Đảng"
                    ),
                    ward=ward,
                    by=None,
                )
        except ValidationError as exc:
            raise CommandError("; ".join(exc.messages)) from exc
        self.stdout.write(self.style.SUCCESS(f"Đảng bộ: {ward.name} ({ward.code})"))
        self.stdout.write(f"Tài khoản Ban Xây dựng Đảng: {user.username}")
        self.stdout.write(f"Mật khẩu tạm (chỉ hiện lần này, đổi ở lần đăng nhập đầu): {password}")

    def _ward(self, code: str, name: str) -> Unit:
        existing = Unit.objects.filter(code=code.strip().upper()).first()
        if existing is None:
            return unit_create(code=code, name=name, kind=Kind.WARD)
        if existing.kind != Kind.WARD:
            raise CommandError(
                f"Mã «{existing.code}» đã là của «{existing.name}», không phải đảng bộ phường."
            )
        return existing
