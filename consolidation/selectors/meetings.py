"""Reads of the cell-meeting register: the ward grid of cells × months, each cell's quarter,
the committee members' attendance, and the figures the targets and warnings count. Every
read starts from the units the person may see; a fixed number of queries whatever the size."""

import datetime
from dataclasses import dataclass, field
from typing import NamedTuple

from django.db.models import Exists, F, Min, OuterRef, Q, QuerySet, Sum

from organizations.models import CommitteeMember, MemberFigure, Unit, UnitQuerySet
from organizations.text import fold

from ..models import (
    ATTENDANCE_GOAL,
    CELL_KINDS,
    CellMeeting,
    MonthFigures,
    QuarterRecord,
    ThematicPlan,
    month_ends,
    months_of_quarter,
    previous_key,
    quarter_key,
)

KEPT, LOW, MISSING, PENDING, FUTURE = "kept", "low", "missing", "pending", "future"
MONTH_STATE_LABELS = {
    KEPT: "Đã sinh hoạt thường kỳ",
    LOW: "Đã sinh hoạt, dự dưới 90 %",
    MISSING: "Không sinh hoạt thường kỳ",
    PENDING: "Tháng đang diễn ra, chưa ghi",
    FUTURE: "",
}


def cells_of(units: QuerySet[Unit]) -> UnitQuerySet:
    """The chi bộ among the units (chi bộ cơ sở and chi bộ trực thuộc), not dissolved."""
    return Unit.objects.filter(pk__in=units.values("pk"), kind__in=CELL_KINDS).active()


def last_ended_quarter(today: datetime.date) -> tuple[int, int]:
    """The latest quarter that is over on `today`: the one the targets judge."""
    return previous_key(*quarter_key(today))


def expected_members(unit: Unit, day: datetime.date) -> int | None:
    """Members expected at a meeting held on `day`: the members less the exempted, by the
    figures in force that day (the latest dated on or before it); None without figures."""
    figure = (
        MemberFigure.objects.filter(unit=unit, as_of__lte=day)
        .order_by("-as_of")
        .values_list("members", "exempted")
        .first()
    )
    return figure[0] - figure[1] if figure else None


def month_state(key: tuple[int, int], figures: MonthFigures, today: datetime.date) -> str:
    """One square of the grid: a month kept (and its attendance), missed once over, pending
    while it runs, blank ahead."""
    if figures.kept:
        rate = figures.rate
        return LOW if rate is not None and rate < ATTENDANCE_GOAL - 1e-9 else KEPT
    if datetime.date(*key, 1) > today:
        return FUTURE
    return MISSING if month_ends(*key) < today else PENDING


@dataclass
class MonthSquare:
    key: tuple[int, int]
    figures: MonthFigures
    state: str
    meeting_pk: int | None  # the month's first meeting, to open

    @property
    def label(self) -> str:
        return MONTH_STATE_LABELS[self.state]


@dataclass
class GridRow:
    unit: Unit
    months: list[MonthSquare]
    quarters: list[QuarterRecord]

    @property
    def columns(self) -> list[MonthSquare | QuarterRecord]:
        """The grid's row: each quarter's three months, then the quarter."""
        found: list[MonthSquare | QuarterRecord] = []
        for index, record in enumerate(self.quarters):
            found += [*self.months[3 * index : 3 * index + 3], record]
        return found


def figures_by_cell_month(
    cells: QuerySet[Unit] | list[Unit], first: datetime.date, last: datetime.date
) -> dict[tuple[int, int, int], tuple[MonthFigures, int | None]]:
    rows = (
        CellMeeting.objects.filter(unit__in=cells)
        .between(first, last)
        .month_figures()
        .annotate(first_pk=Min("pk"))
    )
    return {
        (r["unit_id"], r["year"], r["month"]): (
            MonthFigures(
                r["regular_count"], r["thematic_count"], r["present_sum"], r["expected_sum"]
            ),
            r["first_pk"],
        )
        for r in rows
    }


def meeting_grid(cells: list[Unit], year: int, today: datetime.date) -> list[GridRow]:
    """The page's cells × the year's twelve months, with each quarter's record; one query."""
    found = figures_by_cell_month(cells, datetime.date(year, 1, 1), datetime.date(year, 12, 31))
    rows = []
    for unit in cells:
        squares = []
        for month in range(1, 13):
            figures, pk = found.get((unit.pk, year, month), (MonthFigures(), None))
            squares.append(
                MonthSquare((year, month), figures, month_state((year, month), figures, today), pk)
            )
        quarters = [
            QuarterRecord([(s.key, s.figures) for s in squares[3 * q : 3 * q + 3]], today)
            for q in range(4)
        ]
        rows.append(GridRow(unit, squares, quarters))
    return rows


def quarter_records(
    cells: list[Unit], year: int, number: int, today: datetime.date
) -> dict[int, QuarterRecord]:
    """Each cell's record of the quarter (a cell without a meeting has an empty record)."""
    months = months_of_quarter(year, number)
    found = figures_by_cell_month(cells, datetime.date(*months[0], 1), month_ends(*months[-1]))
    return {
        cell.pk: QuarterRecord(
            [(key, found.get((cell.pk, *key), (MonthFigures(), None))[0]) for key in months],
            today,
        )
        for cell in cells
    }


def regime_condition(year: int, number: int) -> Q:
    """Cells (the outer rows) that kept the regime in a quarter that is over: a regular
    meeting in each month and a thematic meeting. QuarterRecord.regime_kept as a query."""
    meetings = CellMeeting.objects.filter(unit=OuterRef("pk"))
    condition = Q()
    for key in months_of_quarter(year, number):
        condition &= Q(Exists(meetings.regular().between(datetime.date(*key, 1), month_ends(*key))))
    first, last = months_of_quarter(year, number)[0], months_of_quarter(year, number)[-1]
    thematic = meetings.filter(thematic=True).between(datetime.date(*first, 1), month_ends(*last))
    return condition & Q(Exists(thematic))


@dataclass
class Attendance:
    present: int
    expected: int

    @property
    def rate(self) -> float | None:
        return self.present / self.expected if self.expected else None


def quarter_attendance(cells: QuerySet[Unit], year: int, number: int) -> Attendance:
    """All members present over all expected at the regular meetings of the quarter (seed 004,
    I.3: ≥ 90 %); QuarterRecord.rate over many cells."""
    months = months_of_quarter(year, number)
    totals = (
        CellMeeting.objects.filter(unit__in=cells)
        .regular()
        .between(datetime.date(*months[0], 1), month_ends(*months[-1]))
        .aggregate(present=Sum("present", default=0), expected=Sum("expected", default=0))
    )
    return Attendance(totals["present"], totals["expected"])


def silent_cells(cells: QuerySet[Unit], today: datetime.date) -> UnitQuerySet:
    """Cells with no regular meeting in the last two months that are over (an early
    warning: "không sinh hoạt thường kỳ hai tháng")."""
    first_of_this = today.replace(day=1)
    last = first_of_this - datetime.timedelta(days=1)
    first = (last.replace(day=1) - datetime.timedelta(days=1)).replace(day=1)
    held = CellMeeting.objects.filter(unit=OuterRef("pk")).regular().between(first, last)
    return cells_of(cells).filter(~Exists(held))


def low_attendance_cells(cells: QuerySet[Unit], year: int, number: int, below: float) -> list[dict]:
    """Cells whose attendance at the quarter's regular meetings was under `below`, with
    their present and expected sums (the comparison made in the database: only the few
    cells found come back)."""
    months = months_of_quarter(year, number)
    rows = (
        CellMeeting.objects.filter(unit__in=cells)
        .regular()
        .between(datetime.date(*months[0], 1), month_ends(*months[-1]))
        .values("unit_id")
        .annotate(present=Sum("present"), expected=Sum("expected"))
        .filter(expected__gt=0, present__lt=F("expected") * below)
        .values("unit_id", "unit__code", "unit__name", "unit__sort_key", "present", "expected")
        .order_by()
    )
    return list(rows)


class CellInCharge(NamedTuple):
    """A cell a committee member is in charge of, as the attendance page names it."""

    pk: int
    name: str


@dataclass
class CommitteeDuty:
    """A committee member's quarter (seed 004, 6.1): the cells in their charge and which of
    them they attended, and whether they attended any cell at all (the Standing Committee's
    rotation)."""

    member: CommitteeMember
    in_charge: list[CellInCharge] = field(default_factory=list)
    attended: set[int] = field(default_factory=set)

    @property
    def missed(self) -> list[CellInCharge]:
        return [u for u in self.in_charge if u.pk not in self.attended]

    @property
    def attended_in_charge(self) -> int:
        return len(self.in_charge) - len(self.missed)

    @property
    def charge_kept(self) -> bool:
        """Every cell in their charge attended at least once in the quarter."""
        return not self.missed

    @property
    def rotation_kept(self) -> bool:
        """A standing member attended at least one cell's meeting in the quarter."""
        return bool(self.attended)


def committee_duties(
    ward: Unit, cells: QuerySet[Unit], year: int, number: int
) -> list[CommitteeDuty]:
    """Each active committee member of the ward with their quarter: cells in charge matched
    by name (the registry's «cấp ủy viên phụ trách», accents and case ignored). Three
    queries."""
    members = list(CommitteeMember.objects.filter(ward=ward, active=True))
    duties = {fold(m.name): CommitteeDuty(m) for m in members}
    folded: dict[str, str] = {}  # thousands of cells, a few dozen names as written
    rows = cells_of(cells).exclude(committee_member="").order_by("sort_key")
    for pk, name, written in rows.values_list("pk", "name", "committee_member"):
        if written not in folded:
            folded[written] = fold(written)
        duty = duties.get(folded[written])
        if duty is not None:
            duty.in_charge.append(CellInCharge(pk, name))
    months = months_of_quarter(year, number)
    through = CellMeeting.attended_by.through.objects.filter(
        committeemember__in=members,
        cellmeeting__held_on__gte=datetime.date(*months[0], 1),
        cellmeeting__held_on__lte=month_ends(*months[-1]),
    ).values_list("committeemember_id", "cellmeeting__unit_id")
    by_pk = {d.member.pk: d for d in duties.values()}
    for member_pk, unit_pk in through:
        by_pk[member_pk].attended.add(unit_pk)
    return list(duties.values())


def thematic_plans(unit: Unit, year: int) -> dict[int, str]:
    """The cell's planned topic for each quarter of the year."""
    return dict(ThematicPlan.objects.filter(unit=unit, year=year).values_list("quarter", "topic"))


def unit_meetings(unit: Unit, limit: int = 24) -> list[CellMeeting]:
    return list(
        CellMeeting.objects.filter(unit=unit)
        .prefetch_related("attended_by", "minutes")
        .order_by("-held_on", "-pk")[:limit]
    )
