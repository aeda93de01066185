"""Which ward a registry command works on: --root CODE, or the only ward there is."""

from django.core.management.base import CommandError

from organizations.models import Kind, Unit


def ward_from_option(code: str | None) -> Unit:
    if code:
        ward = Unit.objects.filter(code=code.upper(), kind=Kind.WARD).first()
        if ward is None:
            raise CommandError(f"Không có đảng bộ phường nào mang mã «{code}».")
        return ward
    wards = list(Unit.objects.filter(kind=Kind.WARD)[:2])
    if not wards:
        raise CommandError("Chưa có đảng bộ phường nào trong cơ sở dữ liệu.")
    if len(wards) > 1:
        raise CommandError("Cơ sở dữ liệu có nhiều đảng bộ phường; hãy chọn bằng --root MÃ.")
    return wards[0]
