"""Checking a whole sheet against the registry before anything is written: each row read,
the tree it describes (parents, loops, kinds), and what would change."""

import datetime
from dataclasses import dataclass, field
from typing import Any

from openpyxl.utils import get_column_letter

from ..models import (
    FIGURE_FIELDS,
    RATING_ABBREVIATIONS,
    Kind,
    MemberFigure,
    Rating,
    Unit,
    figure_problems,
    future_date_problem,
    kind_parent_problem,
)
from .cells import (
    BLOCS,
    CODE,
    COLUMN_BY_KEY,
    COLUMNS,
    HEADERS,
    KINDS,
    LABELS,
    LEVELS,
    RATING_COLUMN,
    RATING_HEADER,
    TEXT_LIMITS,
    CellError,
    Problem,
    cell_text,
    header_key,
    label_value,
    parse_choice,
    parse_count,
    parse_date,
    parse_yes_no,
)
from .read import FILE_EMPTY, Table


@dataclass
class RowPlan:
    number: int
    code: str
    name: str
    action: str = "unchanged"  # new | changed | unchanged | error
    changes: list[str] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    # what will be written
    values: dict[str, Any] = field(default_factory=dict)
    parent_code: str = ""
    figures: dict[str, Any] | None = None
    ratings: dict[int, str] = field(default_factory=dict)

    @property
    def action_label(self) -> str:
        return {
            "new": "Thêm mới",
            "changed": "Thay đổi",
            "unchanged": "Không đổi",
            "error": "Có lỗi",
        }[self.action]


@dataclass
class ImportReport:
    ward: Unit
    rows: list[RowPlan] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)  # file-level and row-level, in order
    applied: bool = False

    @property
    def ok(self) -> bool:
        return not self.problems

    def count(self, action: str) -> int:
        return sum(1 for row in self.rows if row.action == action)

    @property
    def counts(self) -> dict[str, int]:
        return {a: self.count(a) for a in ("new", "changed", "unchanged", "error")}


ByCode = dict[str, RowPlan]  # the file's rows by unit code
Existing = dict[str, Unit]  # the registry's units the file names, by code


class _RowReader:
    """One sheet row read into a RowPlan, each problem named by its row and column."""

    def __init__(self, number: int, values: list, columns: dict[str, int]) -> None:
        self.plan = RowPlan(number=number, code="", name="")
        self.values = values
        self.columns = columns

    def cell(self, key: str) -> object:
        index = self.columns.get(key)
        return self.values[index] if index is not None and index < len(self.values) else None

    def fail(self, key: str, message: str) -> None:
        self.plan.problems.append(Problem(message, self.plan.number, HEADERS.get(key, key)))

    def identity(self) -> None:
        plan = self.plan
        plan.code = cell_text(self.cell("code")).upper()
        plan.name = cell_text(self.cell("name"))
        for key in ("code", "name"):
            if not getattr(plan, key):
                self.fail(key, "không được để trống")
        if plan.code and not CODE.match(plan.code):
            self.fail("code", f"«{plan.code}» chỉ được gồm chữ không dấu, chữ số và dấu - . _")
        for key, limit in TEXT_LIMITS.items():
            text = (
                plan.code
                if key == "code"
                else plan.name
                if key == "name"
                else cell_text(self.cell(key))
            )
            if len(text) > limit:
                self.fail(key, f"dài {len(text)} ký tự, quá giới hạn {limit} ký tự")
        plan.parent_code = cell_text(self.cell("parent_code")).upper()

    def choice(self, key: str, choices: dict[str, str], what: str, allowed: str) -> str | None:
        try:
            return parse_choice(self.cell(key), choices, what, allowed)
        except CellError as exc:
            self.fail(key, str(exc))
            return None

    def fields(self) -> dict[str, Any]:
        cell = self.cell
        values: dict[str, Any] = {
            "name": self.plan.name,
            "secretary_name": cell_text(cell("secretary_name")),
            "secretary_phone": cell_text(cell("secretary_phone")),
        }
        for key in ("area", "committee_member"):
            if key in self.columns:
                values[key] = cell_text(cell(key))
        kind = self.choice(
            "kind", KINDS, "loại tổ chức", "Đảng bộ cơ sở, Chi bộ cơ sở, Chi bộ trực thuộc, Tổ đảng"
        )
        if kind == "":
            self.fail("kind", "không được để trống")
        if kind is not None:
            values["kind"] = kind
        bloc = self.choice(
            "bloc",
            BLOCS,
            "khối",
            "Cơ quan hành chính, đơn vị sự nghiệp; Doanh nghiệp; Quân đội; Công an; Khu dân cư",
        )
        if bloc is not None:
            values["bloc"] = bloc
        if "local_head" in self.columns:
            try:
                values["secretary_is_local_head"] = parse_yes_no(cell("local_head"))
            except CellError as exc:
                self.fail("local_head", str(exc))
        return values

    def figures(self) -> None:
        if not any(key in self.columns for key in FIGURE_FIELDS):
            return
        plan = self.plan
        counts: dict[str, int | None] = {}
        for key in FIGURE_FIELDS:
            try:
                counts[key] = parse_count(self.cell(key))
            except CellError as exc:
                self.fail(key, str(exc))
        try:
            as_of = parse_date(self.cell("as_of"))
        except CellError as exc:
            self.fail("as_of", str(exc))
            as_of = None
        if not [k for k, v in counts.items() if v is not None]:
            return
        if counts.get("members") is None and "members" not in [p.column for p in plan.problems]:
            self.fail("members", "không được để trống khi có số liệu đảng viên")
        if as_of is None and not any(p.column == HEADERS["as_of"] for p in plan.problems):
            self.fail("as_of", "không được để trống khi có số liệu đảng viên")
        future = future_date_problem(as_of, "Ngày số liệu")
        if future:
            self.fail("as_of", future)
        for key, problem in figure_problems(counts.get("members"), counts).items():
            self.fail(key, problem)
        if not plan.problems:
            plan.figures = {"as_of": as_of, **{k: counts[k] or 0 for k in FIGURE_FIELDS}}

    def ratings(self, ratings: dict[int, int]) -> None:
        for year, index in ratings.items():
            raw = self.values[index] if index < len(self.values) else None
            try:
                level = parse_choice(
                    raw, LEVELS, "xếp loại", "HTXSNV, HTTNV, HTNV, KHTNV hoặc tên đầy đủ"
                )
            except CellError as exc:
                self.plan.problems.append(
                    Problem(str(exc), self.plan.number, RATING_HEADER.format(year=year))
                )
                continue
            if level:
                self.plan.ratings[year] = level


def _read_row(
    number: int, values: list, columns: dict[str, int], ratings: dict[int, int]
) -> RowPlan:
    reader = _RowReader(number, values, columns)
    reader.identity()
    fields = reader.fields()
    reader.figures()
    reader.ratings(ratings)
    reader.plan.values = fields
    return reader.plan


def map_headers(table: Table, report: ImportReport) -> tuple[dict[str, int], dict[int, int]]:
    columns: dict[str, int] = {}
    ratings: dict[int, int] = {}
    for index, header in enumerate(table.headers):
        if not header:
            continue
        key = header_key(header)
        letter = get_column_letter(index + 1)
        match = RATING_COLUMN.match(key)
        if match:
            year = int(match.group(1))
            if year in ratings:
                report.problems.append(Problem(f"cột «{header}» bị lặp lại (cột {letter})", 1))
            ratings[year] = index
            continue
        if key not in COLUMN_BY_KEY:
            report.problems.append(
                Problem(
                    f"cột «{header}» (cột {letter}) không thuộc mẫu. Hãy xóa cột này hoặc sửa "
                    "tên cột cho đúng mẫu.",
                    1,
                )
            )
            continue
        canonical = COLUMN_BY_KEY[key]
        if canonical in columns:
            report.problems.append(Problem(f"cột «{header}» bị lặp lại (cột {letter})", 1))
            continue
        columns[canonical] = index
    for key, header, required in COLUMNS:
        if required and key not in columns:
            report.problems.append(Problem(f"thiếu cột «{header}»", 1))
    return columns, ratings


def plan_import(ward: Unit, table: Table) -> ImportReport:
    """Check every row and compare with the database; writes nothing."""
    report = ImportReport(ward=ward)
    columns, rating_columns = map_headers(table, report)
    if report.problems:
        return report
    if not table.rows:
        report.problems.append(Problem(FILE_EMPTY))
        return report

    for number, values in table.rows:
        report.rows.append(_read_row(number, values, columns, rating_columns))

    by_code: dict[str, RowPlan] = {}
    for row in report.rows:
        if not row.code:
            continue
        if row.code in by_code:
            row.problems.append(
                Problem(
                    f"mã «{row.code}» trùng với dòng {by_code[row.code].number}",
                    row.number,
                    HEADERS["code"],
                )
            )
        else:
            by_code[row.code] = row

    codes = set(by_code) | {r.parent_code for r in report.rows if r.parent_code}
    existing = {
        u.code: u
        for u in Unit.objects.filter(code__in=codes).only(
            "id", "code", "path", "depth", "kind", "bloc", "parent_id", "dissolved_on"
        )
    }
    _check_tree(ward, report, by_code, existing)
    _compare(ward, report, existing)

    for row in report.rows:
        if row.problems:
            row.action = "error"
            report.problems.extend(row.problems)
    return report


def _flag(row: RowPlan, text: str, key: str) -> None:
    row.problems.append(Problem(text, row.number, HEADERS[key]))


def _check_code(row: RowPlan, unit: Unit | None, ward: Unit) -> None:
    """A code already used elsewhere: another ward's unit, a dissolved one, the ward."""
    if unit is None:
        return
    if not unit.path.startswith(ward.path):
        _flag(row, f"mã «{row.code}» đã dùng cho một tổ chức thuộc đảng bộ khác", "code")
    if unit.dissolved_on is not None:
        _flag(
            row,
            f"tổ chức mã «{row.code}» đã giải thể ngày {unit.dissolved_on:%d/%m/%Y}; "
            "khôi phục trên trang đơn vị trước khi nhập",
            "code",
        )
    if unit.pk == ward.pk:
        _flag(row, "đây là mã của đảng bộ phường; tệp chỉ liệt kê các tổ chức bên dưới", "code")


def _check_parent(row: RowPlan, ward: Unit, by_code: ByCode, existing: Existing) -> str:
    """The row's parent code ("" for the ward), flagged if it names nothing usable."""
    parent_code = "" if row.parent_code == ward.code else row.parent_code
    if not parent_code:
        return ""
    if parent_code == row.code:
        _flag(row, "tổ chức không thể là cấp trên của chính nó", "parent_code")
    elif parent_code not in by_code:
        parent = existing.get(parent_code)
        if parent is None or not parent.path.startswith(ward.path):
            _flag(row, f"không có tổ chức nào mang mã «{parent_code}»", "parent_code")
        elif parent.dissolved_on is not None:
            _flag(row, f"tổ chức cấp trên «{parent_code}» đã giải thể", "parent_code")
    return parent_code


def _check_cycles(
    ward: Unit, report: ImportReport, by_code: ByCode, parent_of: dict[str, str]
) -> None:
    """No unit may end up below itself, following the file's parents and, for units the
    file does not move, the database's."""
    db_parent_of = {
        code: ("" if parent_code in (None, ward.code) else parent_code)
        for code, parent_code in Unit.objects.filter(
            path__startswith=ward.path, depth__gt=ward.depth
        ).values_list("code", "parent__code")
    }

    def parent_code_of(code: str) -> str | None:
        return parent_of[code] if code in parent_of else db_parent_of.get(code)

    reported: set[str] = set()
    for row in report.rows:
        if not row.code or row.code in reported:
            continue
        seen = [row.code]
        code = parent_of.get(row.code)
        while code:
            if code in seen:
                cycle = [*seen[seen.index(code) :], code]
                for member in cycle[:-1]:
                    reported.add(member)
                    if member in by_code:
                        _flag(
                            by_code[member],
                            "cấp trên tạo thành vòng lặp: " + " → ".join(cycle),
                            "parent_code",
                        )
                break
            seen.append(code)
            code = parent_code_of(code)


def _check_blocs_and_kinds(report: ImportReport, by_code: ByCode, existing: Existing) -> None:
    """Grassroots units need a bloc; sub-cells inherit theirs. Kinds fit their place."""

    def effective_bloc(code: str, depth_guard: int = 0) -> str:
        if depth_guard > 50:
            return ""
        row = by_code.get(code)
        if row is not None:
            if row.values.get("bloc"):
                return row.values["bloc"]
            return effective_bloc(row.parent_code, depth_guard + 1) if row.parent_code else ""
        unit = existing.get(code)
        return unit.bloc if unit is not None else ""

    def kind_of(code: str) -> str | None:
        if not code:
            return Kind.WARD
        row = by_code.get(code)
        if row is not None and row.values.get("kind"):
            return row.values["kind"]
        unit = existing.get(code)
        return unit.kind if unit is not None else None

    for row in report.rows:
        if not row.code or row.problems:
            continue
        kind = kind_of(row.code)
        parent_kind = kind_of(row.parent_code)
        if kind and parent_kind and (problem := kind_parent_problem(kind, parent_kind)):
            _flag(row, problem[0].lower() + problem[1:].rstrip("."), "kind")
        if not row.parent_code:
            if not row.values.get("bloc"):
                _flag(row, "tổ chức cơ sở đảng (trực thuộc đảng bộ phường) phải ghi khối", "bloc")
        else:
            # Blank, or the parent's own (as the export writes it): inherited from it.
            inherited = effective_bloc(row.parent_code)
            given = row.values.get("bloc")
            row.values["bloc_inherited"] = not given or given == inherited
            row.values["bloc"] = given or inherited


def _check_tree(ward: Unit, report: ImportReport, by_code: ByCode, existing: Existing) -> None:
    """Parents exist (in the file or the ward), no unit leaves the ward, no cycles."""
    parent_of: dict[str, str] = {}  # code -> parent code ("" = the ward)
    for row in report.rows:
        if not row.code:
            continue
        _check_code(row, existing.get(row.code), ward)
        row.parent_code = _check_parent(row, ward, by_code, existing)
        parent_of[row.code] = row.parent_code
    _check_cycles(ward, report, by_code, parent_of)
    _check_blocs_and_kinds(report, by_code, existing)


def _compare(ward: Unit, report: ImportReport, existing: Existing) -> None:
    """Mark each clean row new / changed / unchanged and list what changes."""
    clean = [r for r in report.rows if r.code and not r.problems]
    units = {
        u.code: u
        for u in Unit.objects.filter(code__in=[r.code for r in clean]).select_related("parent")
    }
    figure_keys = [
        (units[r.code].pk, r.figures["as_of"]) for r in clean if r.code in units and r.figures
    ]
    figures: dict[tuple[int, datetime.date], MemberFigure] = {}
    if figure_keys:
        unit_ids = {k[0] for k in figure_keys}
        for figure in MemberFigure.objects.filter(unit_id__in=unit_ids):
            figures[(figure.unit_id, figure.as_of)] = figure
    ratings: dict[tuple[int, int], Rating] = {}
    rated_ids = [units[r.code].pk for r in clean if r.code in units and r.ratings]
    for rating in Rating.objects.filter(unit_id__in=rated_ids):
        ratings[(rating.unit_id, rating.year)] = rating

    for row in clean:
        unit = units.get(row.code)
        if unit is None:
            row.action = "new"
            continue
        for key, value in row.values.items():
            current = getattr(unit, key)
            if key == "bloc_inherited" and value == current:
                continue
            if current != value:
                row.changes.append(
                    f"{LABELS[key]}: «{label_value(key, current)}» → «{label_value(key, value)}»"
                )
        current_parent = (
            "" if unit.parent is None or unit.parent_id == ward.pk else unit.parent.code
        )
        if current_parent != row.parent_code:
            row.changes.append(
                f"Cấp trên: «{current_parent or ward.code}» → «{row.parent_code or ward.code}»"
            )
        if row.figures:
            found = figures.get((unit.pk, row.figures["as_of"]))
            date = f"{row.figures['as_of']:%d/%m/%Y}"
            if found is None:
                row.changes.append(
                    f"Số liệu ngày {date}: thêm mới ({row.figures['members']} đảng viên)"
                )
            else:
                for key in FIGURE_FIELDS:
                    if getattr(found, key) != row.figures[key]:
                        row.changes.append(
                            f"{HEADERS[key]} ngày {date}: {getattr(found, key)} → {row.figures[key]}"
                        )
        for year, level in row.ratings.items():
            recorded = ratings.get((unit.pk, year))
            if recorded is None or recorded.level != level:
                old = RATING_ABBREVIATIONS[recorded.level] if recorded else "trống"
                row.changes.append(f"Xếp loại {year}: {old} → {RATING_ABBREVIATIONS[level]}")
        row.action = "changed" if row.changes else "unchanged"
