"""A deterministic synthetic city for measuring speed: a city root, N wards, M grassroots
units per ward (some with sub-cells), figures, three years of ratings, and users.

Written with bulk inserts and without history records: this is load, not audit.
"""

import datetime
import random
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db import transaction

from ..models import (
    PATH_STEP,
    Bloc,
    Kind,
    MemberFigure,
    Membership,
    Rating,
    RatingLevel,
    Role,
    Unit,
)
from ..services.registry import refresh_derived, unit_create

AS_OF = datetime.date(2026, 3, 1)
YEARS = (2023, 2024, 2025)
BLOC_MIX = [  # roughly the demo ward's proportions
    (Bloc.RESIDENTIAL, Kind.BASE_CELL, "Chi bộ Khu dân cư số {n}", 70),
    (Bloc.ADMINISTRATION, Kind.BASE_CELL, "Chi bộ Trường học số {n}", 15),
    (Bloc.ADMINISTRATION, Kind.BASE_COMMITTEE, "Đảng bộ Cơ quan số {n}", 6),
    (Bloc.ENTERPRISE, Kind.BASE_COMMITTEE, "Đảng bộ Doanh nghiệp số {n}", 5),
    (Bloc.POLICE, Kind.BASE_COMMITTEE, "Đảng bộ Công an khu vực số {n}", 2),
    (Bloc.MILITARY, Kind.BASE_CELL, "Chi bộ Quân sự số {n}", 2),
]
SUB_CELLS_EVERY = 25  # every 25th unit is a committee with sub-cells
SUB_CELLS = 4


@dataclass
class ScaleCity:
    city: Unit
    wards: list[Unit]


def _path(parent_path: str, pk: int) -> str:
    return f"{parent_path}{pk:0{PATH_STEP}d}."


def _bulk_units(parent: Unit, specs: list[dict]) -> list[Unit]:
    units = []
    for spec in specs:
        unit = Unit(parent=parent, depth=parent.depth + 1, path=f"pending-{spec['code']}", **spec)
        refresh_derived(unit)
        units.append(unit)
    created = Unit.objects.bulk_create(units, batch_size=1000)
    for unit in created:
        unit.path = _path(parent.path, unit.pk)
    Unit.objects.bulk_update(created, ["path"], batch_size=1000)
    return created


def _ward_units(ward: Unit, prefix: str, w: int, units_per_ward: int, rng, weights) -> list[Unit]:
    """The ward's grassroots units, every SUB_CELLS_EVERY-th a committee with sub-cells."""
    specs = []
    for n in range(1, units_per_ward + 1):
        bloc, kind, name, _ = rng.choices(BLOC_MIX, weights)[0]
        if n % SUB_CELLS_EVERY == 0:
            kind = Kind.BASE_COMMITTEE
        specs.append(
            {
                "code": f"{prefix}-P{w:03d}-{n:05d}",
                "name": name.format(n=n),
                "kind": kind,
                "bloc": bloc,
                "secretary_name": f"Bí thư {n}",
                "secretary_phone": f"0900{rng.randint(100000, 999999)}",
                "committee_member": f"Cấp ủy viên {rng.randint(1, 30)}",
            }
        )
    grassroots = _bulk_units(ward, specs)
    for committee in [u for u in grassroots if u.kind == Kind.BASE_COMMITTEE][
        : units_per_ward // SUB_CELLS_EVERY
    ]:
        _bulk_units(
            committee,
            [
                {
                    "code": f"{committee.code}-{k:02d}",
                    "name": f"Chi bộ trực thuộc số {k}",
                    "kind": Kind.SUB_CELL,
                    "bloc": committee.bloc,
                    "bloc_inherited": True,
                }
                for k in range(1, SUB_CELLS + 1)
            ],
        )
    return grassroots


def _figures_and_ratings(ward: Unit, rng) -> None:
    everyone = list(Unit.objects.filter(path__startswith=ward.path, depth__gt=ward.depth))
    figures, ratings = [], []
    for unit in everyone:
        members = rng.randint(8, 140)
        figures.append(
            MemberFigure(
                unit=unit,
                as_of=AS_OF,
                members=members,
                women=rng.randint(0, members // 2),
                ethnic_minority=rng.randint(0, 2),
                exempted=rng.randint(0, members // 3),
            )
        )
        for year in YEARS:
            roll = rng.random()
            level = (
                RatingLevel.NOT_COMPLETED
                if roll < 0.03
                else RatingLevel.COMPLETED
                if roll < 0.15
                else RatingLevel.EXCELLENT
                if roll > 0.85
                else RatingLevel.GOOD
            )
            ratings.append(Rating(unit=unit, year=year, level=level))
    MemberFigure.objects.bulk_create(figures, batch_size=2000)
    Rating.objects.bulk_create(ratings, batch_size=2000)


WARD_ROLES = {"bxd": Role.BOARD, "btv": Role.STANDING, "ubkt": Role.INSPECTION, "vpdu": Role.OFFICE}


def _ward_accounts(ward: Unit, grassroots: list[Unit], password_hash: str) -> None:
    """The ward bodies' accounts and the first twenty units' secretaries."""
    User = get_user_model()
    users = [
        User(username=f"{role}.{ward.code.lower()}", password=password_hash, first_name=role)
        for role in WARD_ROLES
    ]
    users += [
        User(username=f"bithu.{unit.code.lower()}", password=password_hash)
        for unit in grassroots[:20]
    ]
    User.objects.bulk_create(users, batch_size=1000)
    by_name = {u.username: u for u in User.objects.filter(username__in=[u.username for u in users])}
    memberships = [
        Membership(user=by_name[f"{key}.{ward.code.lower()}"], unit=ward, role=role)
        for key, role in WARD_ROLES.items()
    ]
    memberships += [
        Membership(user=by_name[f"bithu.{unit.code.lower()}"], unit=unit, role=Role.SECRETARY)
        for unit in grassroots[:20]
    ]
    Membership.objects.bulk_create(memberships)


@transaction.atomic
def generate_registry(
    *, wards: int, units_per_ward: int, seed: int, password_hash: str
) -> ScaleCity:
    rng = random.Random(seed)
    prefix = f"S{seed}"
    city = unit_create(
        code=f"{prefix}-TP", name=f"Đảng bộ thành phố thử nghiệm {seed}", kind=Kind.CITY
    )
    weights = [w for *_, w in BLOC_MIX]
    made_wards = []
    for w in range(1, wards + 1):
        ward = unit_create(
            code=f"{prefix}-P{w:03d}",
            name=f"Đảng bộ phường Thử nghiệm {w}",
            kind=Kind.WARD,
            parent=city,
        )
        made_wards.append(ward)
        grassroots = _ward_units(ward, prefix, w, units_per_ward, rng, weights)
        _figures_and_ratings(ward, rng)
        _ward_accounts(ward, grassroots, password_hash)
    return ScaleCity(city=city, wards=made_wards)
