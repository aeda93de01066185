"""The demo's cell meetings (a year, with realistic gaps and a few poorly attended ones), the
ward committee, the key cadres' evaluations of two quarters (one cadre failing both) and every
unit's checklist of IT use. A year of meetings is over a thousand rows: they are written in
bulk (after one check of each kind of row through its model's rules), so that `make run`
starts in seconds; the evaluations and checks go through their services."""

import datetime
import random
from decimal import Decimal

from django.db import transaction

from organizations.models import CommitteeMember, MemberFigure, Unit
from organizations.types import User

from ..models import (
    CELL_KINDS,
    STEP_CODES,
    Cadre,
    CellMeeting,
    DigitalItem,
    KeyRole,
    ThematicPlan,
    month_ends,
)
from ..services import cadres as cadre_services
from ..services import digital as digital_services
from ..services.cadres import EvaluationInput

# Twelve months of meetings, December 2025 to November 2026.
MONTHS = [(2025, 12)] + [(2026, m) for m in range(1, 12)]

STANDING = [
    ("Trần Văn Minh", "Phó Bí thư Thường trực Đảng ủy"),
    ("Nguyễn Văn Thành", "Chủ tịch Ủy ban nhân dân phường"),
    ("Phạm Thị Minh Nguyệt", "Trưởng Ban Xây dựng Đảng"),
    ("Hoàng Đức Anh", "Chủ nhiệm Ủy ban Kiểm tra Đảng ủy"),
    ("Trần Thị Thu Hà", "Chủ tịch Ủy ban MTTQ phường"),
    ("Đặng Văn Khoa", "Phó Chủ tịch Ủy ban nhân dân phường"),
    ("Lê Quang Huy", "Trưởng Công an phường"),
    ("Bùi Thị Thanh Tâm", "Chánh Văn phòng Đảng ủy"),
    ("Vũ Thị Hải Yến", "Phó Chủ tịch Hội đồng nhân dân phường"),
    ("Ngô Văn Phúc", "Chỉ huy trưởng Ban Chỉ huy quân sự phường"),
    ("Đinh Thị Lan", "Phó Trưởng Ban Xây dựng Đảng"),
]
OTHERS = [
    "Lý Văn Bình", "Mai Thị Hạnh", "Tạ Quang Dũng", "Phan Thị Ngọc", "Cao Văn Sơn",
    "Đoàn Thị Mai", "Hà Văn Tùng", "Lương Thị Thảo", "Kiều Văn Hải", "Chu Thị Vân",
    "Triệu Văn Nam", "Lã Thị Hương", "Quách Văn Trung", "Tô Thị Kim", "Âu Văn Lực",
    "Khúc Thị Oanh", "Mạc Văn Toàn", "Ông Thị Liên", "Văn Đức Long", "Nghiêm Thị Hoa",
    "Bạch Văn Quý",
]  # fmt: skip

TOPICS = [
    "Học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh về nêu gương",
    "Nâng cao chất lượng sinh hoạt chi bộ, phát huy dân chủ trong chi bộ",
    "Vai trò của đảng viên trong giữ gìn trật tự, vệ sinh khu dân cư",
    "Chuyển đổi số trong công tác đảng: Sổ tay đảng viên điện tử",
]

PRODUCTS = [
    "Nghị quyết chi bộ hằng tháng có chỉ tiêu cụ thể; biên bản sinh hoạt đầy đủ",
    "Báo cáo kết quả vận động nhân dân; 100 % hộ ký cam kết",
    "Kế hoạch kiểm tra đảng viên; 02 cuộc kiểm tra hoàn thành",
    "Giải quyết dứt điểm 01 vụ việc tồn đọng tại địa bàn",
]


@transaction.atomic
def seed_meetings(ward: Unit, board: User) -> None:
    if CellMeeting.objects.filter(unit__path__startswith=ward.path).exists():
        return
    rng = random.Random(2026)
    committee = _committee(ward)
    cells = list(
        Unit.objects.subtree_of(ward).filter(kind__in=CELL_KINDS).active().order_by("code")
    )
    figures = {
        f.unit_id: f.members - f.exempted
        for f in MemberFigure.objects.filter(unit__in=cells).order_by("unit", "as_of")
    }  # the latest of each cell last
    by_name = {m.name: m for m in committee}
    standing = [m for m in committee if m.standing]
    low = set(rng.sample([c.pk for c in cells], 6))  # cells that attend poorly
    meetings, attended = [], []
    for index, cell in enumerate(cells):
        expected = figures.get(cell.pk) or 10
        skipped = {key for key in MONTHS if rng.random() < 0.04}
        if index % 37 == 5:  # a cell silent for the last two months
            skipped |= {(2026, 10), (2026, 11)}
        for key in MONTHS:
            if key in skipped:
                continue
            day = datetime.date(*key, min(month_ends(*key).day, 3 + rng.randrange(8)))
            share = rng.uniform(0.62, 0.84) if cell.pk in low else rng.uniform(0.86, 1.0)
            present = max(1, min(expected, round(expected * share)))
            thematic = key[1] % 3 == 2 and rng.random() > 0.06  # mid-quarter, mostly
            meeting = CellMeeting(
                unit=cell,
                held_on=day,
                regular=True,
                thematic=thematic,
                topic=TOPICS[(key[1] - 1) // 3] if thematic else "",
                expected=expected,
                present=present,
                absent_with_reason=(expected - present) // 2,
                steps=list(STEP_CODES) if rng.random() > 0.08 else list(STEP_CODES[:3]),
                recorded_by=board,
            )
            meetings.append(meeting)
            quarter_first_month = key[1] % 3 == 1
            member = by_name.get(cell.committee_member)
            if member is not None and quarter_first_month and rng.random() > 0.15:
                attended.append((meeting, member))
    meetings[0].full_clean()  # the rules hold for what is written in bulk
    CellMeeting.objects.bulk_create(meetings)
    # Each standing member sits in on a cell a quarter; one missed the third quarter.
    for q, months in enumerate(((2026, 1), (2026, 4), (2026, 7), (2026, 10))):
        candidates = [m for m in meetings if (m.held_on.year, m.held_on.month) == months]
        for n, member in enumerate(standing):
            if q == 2 and n == len(standing) - 1:
                continue
            attended.append((candidates[(n * 7 + q) % len(candidates)], member))
    through = CellMeeting.attended_by.through
    through.objects.bulk_create(
        {
            (m.pk, c.pk): through(cellmeeting_id=m.pk, committeemember_id=c.pk) for m, c in attended
        }.values()
    )
    ThematicPlan.objects.bulk_create(
        ThematicPlan(unit=cell, year=2026, quarter=q, topic=TOPICS[q - 1])
        for cell in cells
        for q in range(1, 5)
    )


def _committee(ward: Unit) -> list[CommitteeMember]:
    """The ward committee: 32 members, 11 of them on the Standing Committee (seed 001)."""
    rows = [CommitteeMember(ward=ward, name=n, position=p, standing=True) for n, p in STANDING]
    rows += [
        CommitteeMember(ward=ward, name=n, position="Đảng ủy viên", standing=False) for n in OTHERS
    ]
    rows[0].full_clean()
    return CommitteeMember.objects.bulk_create(rows)


def seed_cadres(ward: Unit, board: User) -> None:
    """A key cadre (the secretary) for every unit not already in the register, two quarters
    of evaluations, one cadre failing both; a few evaluations without a product."""
    units = Unit.objects.subtree_of(ward).exclude(pk=ward.pk).active().order_by("code")
    known = set(Cadre.objects.filter(unit__in=units).values_list("unit_id", "key_role"))
    Cadre.objects.bulk_create(
        Cadre(unit=u, name=u.secretary_name, position="Bí thư", key_role=KeyRole.SECRETARY)
        for u in units
        if u.secretary_name and (u.pk, KeyRole.SECRETARY) not in known
    )
    rng = random.Random(3)
    cadres = list(Cadre.objects.filter(unit__in=units).key_on(datetime.date(2026, 4, 1)))
    failing = next(c for c in cadres if c.name == "Trần Thị Hồng")
    for quarter in (2, 3):
        rows = []
        for n, cadre in enumerate(cadres, start=1):
            if cadre == failing:
                scores = ["10", "12", "11", "12"]
            else:
                scores = [str(Decimal(rng.randrange(34, 50)) / 2) for _ in range(4)]
            products = "" if rng.random() < 0.05 else rng.choice(PRODUCTS)
            rows.append(EvaluationInput(cadre=cadre, row=n, scores=scores, products=products))
        cadre_services.evaluations_save(rows=rows, year=2026, quarter=quarter, by=board)


def seed_digital(ward: Unit, board: User) -> None:
    """Every unit's checklist as the Board found it in October; some not yet at the basic
    level."""
    rng = random.Random(5)
    items = list(DigitalItem.objects.filter(active=True))
    for unit in Unit.objects.subtree_of(ward).exclude(pk=ward.pk).active().order_by("code"):
        done = {i.pk for i in items if rng.random() < (0.96 if i.required else 0.6)}
        digital_services.digital_checks_save(
            unit=unit, done=done, day=datetime.date(2026, 10, 20), by=board
        )
