"""Demo data for `make run`: the ward, and one user per role.

Every app that has demo data of its own gives a `demo.seed(ward, stdout)` function; the
`seed_demo` command calls them in the order of INSTALLED_APPS. All of it is idempotent.
"""

import json
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import check_password, make_password
from django.db import transaction

from ..models import Kind, Membership, Role, Unit
from ..registry_io.read import table_from_records
from ..registry_io.write import registry_import
from ..services.registry import unit_create

REGISTRY_FIXTURE = Path(settings.BASE_DIR) / "fixtures" / "demo_registry.json"

WARD_CODE = "DB-DONGDA"
WARD_NAME = "Đảng bộ phường Đống Đa"

WARD_USERS = [
    # username, first name, last name, role, position
    ("bxd", "Hoa", "Nguyễn Thị", Role.BOARD, "Chuyên viên Ban Xây dựng Đảng"),
    ("btv", "Minh", "Trần Văn", Role.STANDING, "Phó Bí thư Thường trực Đảng ủy"),
    ("ubkt", "Lan", "Lê Thị", Role.INSPECTION, "Chủ nhiệm Ủy ban Kiểm tra"),
    ("vpdu", "Tuấn", "Phạm Anh", Role.OFFICE, "Chánh Văn phòng Đảng ủy"),
    ("mttq", "Bình", "Võ Văn", Role.FRONT, "Phó Chủ tịch Ủy ban MTTQ Việt Nam phường"),
]


def demo_password_hash() -> str:
    """Hash the demo password once: hashing is slow on purpose, and there are ~100 users.

    If the demo users already have a hash of the current DEMO_PASSWORD, reuse it, so that
    running seed_demo again changes nothing.
    """
    existing = (
        get_user_model()
        .objects.filter(username=WARD_USERS[0][0])
        .values_list("password", flat=True)
        .first()
    )
    if existing and check_password(settings.DEMO_PASSWORD, existing):
        return existing
    return make_password(settings.DEMO_PASSWORD)


def ensure_user(username, first_name, last_name, unit, role, position, password_hash):
    """Create the user, or give an existing one the demo password's hash and membership.

    Existing users get the precomputed hash rather than a check_password() each: checking
    is as slow as hashing, and there are over a hundred demo users.
    """
    User = get_user_model()
    user, created = User.objects.get_or_create(
        username=username,
        defaults={
            "first_name": first_name,
            "last_name": last_name,
            "password": password_hash,
            "email": f"{username}@dongda.example",
        },
    )
    if not created and user.password != password_hash:
        user.password = password_hash
        user.save(update_fields=["password"])
    Membership.objects.update_or_create(
        user=user, defaults={"unit": unit, "role": role, "position": position}
    )
    return user


def _split_name(full_name: str) -> tuple[str, str]:
    """Vietnamese names put the given name last: ("Văn Hùng"... ) -> (given, family+middle)."""
    parts = full_name.split()
    return (parts[-1], " ".join(parts[:-1])) if parts else ("", "")


@transaction.atomic
def seed_ward(password_hash: str) -> Unit:
    ward = Unit.objects.filter(code=WARD_CODE).first() or unit_create(
        code=WARD_CODE, name=WARD_NAME, kind=Kind.WARD, area="Phường Đống Đa"
    )
    for username, first, last, role, position in WARD_USERS:
        ensure_user(username, first, last, ward, role, position, password_hash)

    records = json.loads(REGISTRY_FIXTURE.read_text(encoding="utf-8"))
    report = registry_import(ward=ward, table=table_from_records(records), dry_run=False)
    if not report.ok:
        raise RuntimeError("demo registry: " + "; ".join(str(p) for p in report.problems))

    for unit in Unit.objects.subtree_of(ward).filter(depth__gt=ward.depth):
        first, last = _split_name(unit.secretary_name)
        position = f"Bí thư {unit.name[0].lower()}{unit.name[1:]}" if unit.name else "Bí thư"
        ensure_user(
            f"bithu.{unit.code.lower()}", first, last, unit, Role.SECRETARY, position, password_hash
        )
    return ward
