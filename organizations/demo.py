"""Demo data for `make run`: the ward, and one user per role.

Every app that has demo data of its own gives a `demo.seed(ward, stdout)` function; the
`seed_demo` command calls them in the order of INSTALLED_APPS. All of it is idempotent.
"""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.db import transaction

from .models import Membership, Role, Unit
from .services import unit_create

WARD_CODE = "DB-DONGDA"
WARD_NAME = "Đảng bộ phường Đống Đa"

WARD_USERS = [
    # username, first name, last name, role, position
    ("bxd", "Hoa", "Nguyễn Thị", Role.BOARD, "Chuyên viên Ban Xây dựng Đảng"),
    ("btv", "Minh", "Trần Văn", Role.STANDING, "Phó Bí thư Thường trực Đảng ủy"),
    ("ubkt", "Lan", "Lê Thị", Role.INSPECTION, "Chủ nhiệm Ủy ban Kiểm tra"),
    ("vpdu", "Tuấn", "Phạm Anh", Role.OFFICE, "Chánh Văn phòng Đảng ủy"),
]


def demo_password_hash() -> str:
    """Hash the demo password once: hashing is slow on purpose, and there are ~100 users."""
    return make_password(settings.DEMO_PASSWORD)


def ensure_user(username, first_name, last_name, unit, role, position, password_hash):
    User = get_user_model()
    user, created = User.objects.get_or_create(
        username=username,
        defaults={"first_name": first_name, "last_name": last_name, "password": password_hash},
    )
    if not created and not user.check_password(settings.DEMO_PASSWORD):
        user.password = password_hash
        user.save(update_fields=["password"])
    Membership.objects.update_or_create(
        user=user, defaults={"unit": unit, "role": role, "position": position}
    )
    return user


@transaction.atomic
def seed_ward(password_hash: str) -> Unit:
    ward = Unit.objects.filter(code=WARD_CODE).first() or unit_create(
        code=WARD_CODE, name=WARD_NAME
    )
    for username, first, last, role, position in WARD_USERS:
        ensure_user(username, first, last, ward, role, position, password_hash)
    return ward
