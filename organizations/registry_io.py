"""The registry in and out of Excel (.xlsx): one sheet, headers in row 1, data from row 2.

Import is all or nothing. The file is read into a `Table` (headers and raw rows), checked
row by row and then as a whole (duplicate codes, parents, cycles), compared with the
database into a plan of new / changed / unchanged rows, and only written when nothing in
it is wrong. Every problem names its row and column in Vietnamese. The demo fixture goes
through the same path as an uploaded file.
"""

import datetime
import io
import os
import re
import zipfile
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Q
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from .models import (
    FIGURE_FIELDS,
    PATH_STEP,
    RATING_ABBREVIATIONS,
    Bloc,
    Kind,
    MemberFigure,
    Rating,
    RatingLevel,
    Unit,
    figure_problems,
)
from .services.registry import move_subtree, refresh_derived
from .text import fold, normalize_line

MAX_BYTES = 10 * 1024 * 1024
MAX_ROWS = 20_000

# key, header as exported, required column
COLUMNS = [
    ("code", "Mã đơn vị", True),
    ("name", "Tên tổ chức", True),
    ("kind", "Loại tổ chức", True),
    ("bloc", "Khối", False),
    ("parent_code", "Mã đơn vị cấp trên", False),
    ("members", "Số đảng viên", False),
    ("women", "Đảng viên nữ", False),
    ("ethnic_minority", "Đảng viên dân tộc thiểu số", False),
    ("exempted", "Miễn sinh hoạt", False),
    ("as_of", "Ngày số liệu", False),
    ("secretary_name", "Bí thư", False),
    ("secretary_phone", "Điện thoại", False),
    # Beyond the list, so that the whole registry can be kept in one file:
    ("local_head", "Bí thư kiêm trưởng khu dân cư", False),
    ("area", "Địa bàn, cơ quan", False),
    ("committee_member", "Cấp ủy viên phụ trách", False),
]
HEADERS = {key: header for key, header, _ in COLUMNS}

RATING_HEADER = "Xếp loại {year}"
_RATING_COLUMN = re.compile(r"^xeploai(\d{4})$")

TEXT_LIMITS = {
    "code": Unit._meta.get_field("code").max_length,
    "name": Unit._meta.get_field("name").max_length,
    "secretary_name": Unit._meta.get_field("secretary_name").max_length,
    "secretary_phone": Unit._meta.get_field("secretary_phone").max_length,
    "area": Unit._meta.get_field("area").max_length,
    "committee_member": Unit._meta.get_field("committee_member").max_length,
}
_CODE = re.compile(r"^[A-Z0-9][A-Z0-9._-]*$")

FILE_TOO_LARGE = "Tệp lớn hơn 10 MB nên không được đọc. Hãy tách thành nhiều tệp nhỏ hơn."
FILE_TOO_MANY_ROWS = "Tệp có hơn 20.000 dòng dữ liệu nên không được đọc. Hãy tách thành nhiều tệp."
FILE_ENCRYPTED = (
    "Tệp được đặt mật khẩu (hoặc là tệp Excel đời cũ .xls) nên không đọc được. "
    "Hãy bỏ mật khẩu và lưu lại dưới dạng .xlsx."
)
FILE_NOT_XLSX = (
    "Tệp không phải là tệp Excel .xlsx (có thể là tệp CSV hay tệp khác đã đổi đuôi). "
    "Hãy mở tệp bằng Excel và lưu lại dưới dạng Excel Workbook (.xlsx)."
)
FILE_CORRUPT = "Tệp Excel bị hỏng, không đọc được. Hãy mở bằng Excel, lưu lại rồi tải lên lần nữa."
FILE_EMPTY = "Tệp không có dữ liệu: dòng 1 phải là tiêu đề cột, dữ liệu bắt đầu từ dòng 2."


class ImportRefused(Exception):
    """The file cannot be read at all; nothing of it was looked at further."""


@dataclass
class Table:
    headers: list[str]
    rows: list[tuple[int, list]]  # (row number in the sheet, cell values)


@dataclass
class Problem:
    message: str
    row: int | None = None
    column: str | None = None

    def __str__(self) -> str:
        where = []
        if self.row is not None:
            where.append(f"Dòng {self.row}")
        if self.column:
            where.append(f"cột «{self.column}»")
        return f"{', '.join(where)}: {self.message}" if where else self.message


@dataclass
class RowPlan:
    number: int
    code: str
    name: str
    action: str = "unchanged"  # new | changed | unchanged | error
    changes: list[str] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    # what will be written
    values: dict = field(default_factory=dict)
    parent_code: str = ""
    figures: dict | None = None
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


# --- reading -------------------------------------------------------------------------------


def read_xlsx(source, *, headers: bool = True) -> Table:
    """Read the first sheet of an .xlsx (a path or an open file). Refuses oversize,
    non-xlsx, encrypted and corrupt files before parsing them. With headers=False every
    row is data (forms whose header block varies find their own table)."""
    if isinstance(source, str | Path):
        if os.path.getsize(source) > MAX_BYTES:
            raise ImportRefused(FILE_TOO_LARGE)
        with open(source, "rb") as handle:
            data = handle.read()
    else:
        size = getattr(source, "size", None)
        if size is not None and size > MAX_BYTES:
            raise ImportRefused(FILE_TOO_LARGE)
        data = source.read(MAX_BYTES + 1)
    if len(data) > MAX_BYTES:
        raise ImportRefused(FILE_TOO_LARGE)
    if data[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
        raise ImportRefused(FILE_ENCRYPTED)
    if data[:4] != b"PK\x03\x04":
        raise ImportRefused(FILE_NOT_XLSX)
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            if "xl/workbook.xml" not in archive.namelist():
                raise ImportRefused(FILE_NOT_XLSX)
    except zipfile.BadZipFile as exc:
        raise ImportRefused(FILE_CORRUPT) from exc
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except ImportRefused:
        raise
    except Exception as exc:  # openpyxl raises many kinds on a damaged file
        raise ImportRefused(FILE_CORRUPT) from exc
    try:
        sheet = workbook.worksheets[0]
        declared = sheet.max_row or 0
        if declared > MAX_ROWS + 1:
            raise ImportRefused(FILE_TOO_MANY_ROWS)
        rows: list[tuple[int, list]] = []
        header_cells: list[str] | None = None if headers else []
        for number, values in enumerate(sheet.iter_rows(values_only=True), start=1):
            if header_cells is None:
                header_cells = [normalize_line(str(v)) if v is not None else "" for v in values]
                continue
            if all(v is None or (isinstance(v, str) and not v.strip()) for v in values):
                continue
            if len(rows) >= MAX_ROWS:
                raise ImportRefused(FILE_TOO_MANY_ROWS)
            rows.append((number, list(values)))
    except ImportRefused:
        raise
    except Exception as exc:
        raise ImportRefused(FILE_CORRUPT) from exc
    finally:
        workbook.close()
    if headers and (not header_cells or not any(header_cells)):
        raise ImportRefused(FILE_EMPTY)
    if not headers and not rows:
        raise ImportRefused(FILE_EMPTY)
    return Table(headers=header_cells or [], rows=rows)


def table_from_records(records: list[dict]) -> Table:
    """A Table from dicts keyed by the sheet's headers (the demo fixture's format)."""
    headers: list[str] = []
    for record in records:
        for key in record:
            if key not in headers:
                headers.append(key)
    rows = [(i + 2, [record.get(h) for h in headers]) for i, record in enumerate(records)]
    return Table(headers=headers, rows=rows)


# --- cell parsing ---------------------------------------------------------------------------


def _header_key(header: str) -> str:
    return re.sub(r"[^0-9a-z]", "", fold(header))


_COLUMN_BY_KEY = {_header_key(header): key for key, header, _ in COLUMNS}


class CellError(ValueError):
    """A cell that cannot be read; its message names what is wrong, in Vietnamese."""


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return normalize_line(str(value))


def parse_count(value) -> int | None:
    """A head count: 1234, "1234", "1.234" (Vietnamese thousands) or "1 234"; blank is None."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, bool):
        raise CellError("không phải là số nguyên")
    if isinstance(value, int | float | Decimal):
        if value < 0:
            raise CellError(f"«{value:g}» là số âm; số người không được âm")
        if float(value) != int(value):
            raise CellError(f"«{value}» không phải là số nguyên")
        return int(value)
    text = re.sub(r"\s+", "", normalize_line(str(value)))
    if text.startswith("-") and re.fullmatch(r"-[\d.]+", text):
        raise CellError(f"«{text}» là số âm; số người không được âm")
    if re.fullmatch(r"\d{1,3}(\.\d{3})+", text):
        return int(text.replace(".", ""))
    if re.fullmatch(r"\d+", text):
        return int(text)
    raise CellError(f"«{value}» không phải là số nguyên")


def parse_date(value) -> datetime.date | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    text = normalize_line(str(value))
    match = re.fullmatch(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})", text)
    if not match:
        raise CellError(f"«{text}» không đúng dạng ngày/tháng/năm (ví dụ 01/03/2026)")
    day, month, year = (int(g) for g in match.groups())
    try:
        return datetime.date(year, month, day)
    except ValueError as exc:
        raise CellError(f"ngày «{text}» không có thật") from exc


def _choice_lookup(choices, aliases: dict[str, str]) -> dict[str, str]:
    lookup = {_header_key(label): value for value, label in choices}
    lookup.update({_header_key(alias): value for alias, value in aliases.items()})
    return lookup


_KINDS = _choice_lookup(
    [(k.value, k.label) for k in Kind if k not in (Kind.CITY, Kind.WARD)],
    {"Đảng bộ": Kind.BASE_COMMITTEE, "Chi bộ": Kind.BASE_CELL},
)
_BLOCS = _choice_lookup(
    Bloc.choices,
    {
        "Hành chính, sự nghiệp": Bloc.ADMINISTRATION,
        "Cơ quan hành chính": Bloc.ADMINISTRATION,
        "Hành chính sự nghiệp": Bloc.ADMINISTRATION,
        "Quân sự": Bloc.MILITARY,
        "KDC": Bloc.RESIDENTIAL,
    },
)
_LEVELS = _choice_lookup(
    RatingLevel.choices, {abbr: level for level, abbr in RATING_ABBREVIATIONS.items()}
)
_YES = {"x", "co", "1", "true", "yes", "kiem", "dung"}
_NO = {"", "khong", "0", "false", "no"}


def _parse_choice(value, lookup: dict[str, str], what: str, examples: str) -> str:
    text = _text(value)
    if not text:
        return ""
    found = lookup.get(_header_key(text))
    if found is None:
        raise CellError(f"«{text}» không phải là {what} hợp lệ ({examples})")
    return found


def _parse_yes_no(value) -> bool:
    text = _header_key(_text(value))
    if text in _YES:
        return True
    if text in _NO:
        return False
    raise CellError(
        f"«{_text(value)}» không hiểu được; ghi «x» hoặc «Có» nếu đúng, để trống nếu không"
    )


# --- planning -------------------------------------------------------------------------------


def _map_headers(table: Table, report: ImportReport) -> tuple[dict[str, int], dict[int, int]]:
    columns: dict[str, int] = {}
    ratings: dict[int, int] = {}
    for index, header in enumerate(table.headers):
        if not header:
            continue
        key = _header_key(header)
        letter = get_column_letter(index + 1)
        match = _RATING_COLUMN.match(key)
        if match:
            year = int(match.group(1))
            if year in ratings:
                report.problems.append(Problem(f"cột «{header}» bị lặp lại (cột {letter})", 1))
            ratings[year] = index
            continue
        if key not in _COLUMN_BY_KEY:
            report.problems.append(
                Problem(
                    f"cột «{header}» (cột {letter}) không thuộc mẫu. Hãy xóa cột này hoặc sửa "
                    "tên cột cho đúng mẫu.",
                    1,
                )
            )
            continue
        canonical = _COLUMN_BY_KEY[key]
        if canonical in columns:
            report.problems.append(Problem(f"cột «{header}» bị lặp lại (cột {letter})", 1))
            continue
        columns[canonical] = index
    for key, header, required in COLUMNS:
        if required and key not in columns:
            report.problems.append(Problem(f"thiếu cột «{header}»", 1))
    return columns, ratings


def _read_row(number: int, values: list, columns: dict[str, int], ratings: dict[int, int]):
    plan = RowPlan(number=number, code="", name="")

    def cell(key):
        index = columns.get(key)
        return values[index] if index is not None and index < len(values) else None

    def fail(key, message):
        plan.problems.append(Problem(message, number, HEADERS.get(key, key)))

    plan.code = _text(cell("code")).upper()
    plan.name = _text(cell("name"))
    for key in ("code", "name"):
        if not getattr(plan, key):
            fail(key, "không được để trống")
    if plan.code and not _CODE.match(plan.code):
        fail("code", f"«{plan.code}» chỉ được gồm chữ không dấu, chữ số và dấu - . _")
    for key, limit in TEXT_LIMITS.items():
        text = plan.code if key == "code" else plan.name if key == "name" else _text(cell(key))
        if len(text) > limit:
            fail(key, f"dài {len(text)} ký tự, quá giới hạn {limit} ký tự")

    values_out = {
        "name": plan.name,
        "secretary_name": _text(cell("secretary_name")),
        "secretary_phone": _text(cell("secretary_phone")),
    }
    for key in ("area", "committee_member"):
        if key in columns:
            values_out[key] = _text(cell(key))
    try:
        kind = _parse_choice(
            cell("kind"),
            _KINDS,
            "loại tổ chức",
            "Đảng bộ cơ sở, Chi bộ cơ sở, Chi bộ trực thuộc, Tổ đảng",
        )
        if not kind:
            fail("kind", "không được để trống")
        values_out["kind"] = kind
    except CellError as exc:
        fail("kind", str(exc))
    try:
        values_out["bloc"] = _parse_choice(
            cell("bloc"),
            _BLOCS,
            "khối",
            "Cơ quan hành chính, đơn vị sự nghiệp; Doanh nghiệp; Quân đội; Công an; Khu dân cư",
        )
    except CellError as exc:
        fail("bloc", str(exc))
    if "local_head" in columns:
        try:
            values_out["secretary_is_local_head"] = _parse_yes_no(cell("local_head"))
        except CellError as exc:
            fail("local_head", str(exc))
    plan.parent_code = _text(cell("parent_code")).upper()

    if any(key in columns for key in FIGURE_FIELDS):
        counts = {}
        for key in FIGURE_FIELDS:
            try:
                counts[key] = parse_count(cell(key))
            except CellError as exc:
                fail(key, str(exc))
        try:
            as_of = parse_date(cell("as_of"))
        except CellError as exc:
            fail("as_of", str(exc))
            as_of = None
        given = [k for k, v in counts.items() if v is not None]
        if given:
            if counts.get("members") is None and "members" not in [p.column for p in plan.problems]:
                fail("members", "không được để trống khi có số liệu đảng viên")
            if as_of is None and not any(p.column == HEADERS["as_of"] for p in plan.problems):
                fail("as_of", "không được để trống khi có số liệu đảng viên")
            for key, problem in figure_problems(counts.get("members"), counts).items():
                fail(key, problem)
            if not plan.problems:
                plan.figures = {"as_of": as_of, **{k: counts[k] or 0 for k in FIGURE_FIELDS}}

    for year, index in ratings.items():
        raw = values[index] if index < len(values) else None
        try:
            level = _parse_choice(
                raw, _LEVELS, "xếp loại", "HTXSNV, HTTNV, HTNV, KHTNV hoặc tên đầy đủ"
            )
        except CellError as exc:
            plan.problems.append(Problem(str(exc), number, RATING_HEADER.format(year=year)))
            continue
        if level:
            plan.ratings[year] = level
    plan.values = values_out
    return plan


def plan_import(ward: Unit, table: Table) -> ImportReport:
    """Check every row and compare with the database; writes nothing."""
    report = ImportReport(ward=ward)
    columns, rating_columns = _map_headers(table, report)
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
    _compare(ward, report, by_code, existing)

    for row in report.rows:
        if row.problems:
            row.action = "error"
            report.problems.extend(row.problems)
    return report


def _check_tree(ward, report, by_code, existing):
    """Parents exist (in the file or the ward), no unit leaves the ward, no cycles."""
    parent_of: dict[str, str] = {}  # code -> parent code ("" = the ward)
    for row in report.rows:
        if not row.code:
            continue
        unit = existing.get(row.code)
        if unit is not None and not unit.path.startswith(ward.path):
            row.problems.append(
                Problem(
                    f"mã «{row.code}» đã dùng cho một tổ chức thuộc đảng bộ khác",
                    row.number,
                    HEADERS["code"],
                )
            )
        if unit is not None and unit.dissolved_on is not None:
            row.problems.append(
                Problem(
                    f"tổ chức mã «{row.code}» đã giải thể ngày {unit.dissolved_on:%d/%m/%Y}; "
                    "khôi phục trên trang đơn vị trước khi nhập",
                    row.number,
                    HEADERS["code"],
                )
            )
        if unit is not None and unit.pk == ward.pk:
            row.problems.append(
                Problem(
                    "đây là mã của đảng bộ phường; tệp chỉ liệt kê các tổ chức bên dưới",
                    row.number,
                    HEADERS["code"],
                )
            )
        parent_code = row.parent_code
        if parent_code == ward.code:
            parent_code = ""
        if parent_code:
            if parent_code == row.code:
                row.problems.append(
                    Problem(
                        "tổ chức không thể là cấp trên của chính nó",
                        row.number,
                        HEADERS["parent_code"],
                    )
                )
            elif parent_code not in by_code:
                parent = existing.get(parent_code)
                if parent is None or not parent.path.startswith(ward.path):
                    row.problems.append(
                        Problem(
                            f"không có tổ chức nào mang mã «{parent_code}»",
                            row.number,
                            HEADERS["parent_code"],
                        )
                    )
                elif parent.dissolved_on is not None:
                    row.problems.append(
                        Problem(
                            f"tổ chức cấp trên «{parent_code}» đã giải thể",
                            row.number,
                            HEADERS["parent_code"],
                        )
                    )
        row.parent_code = parent_code
        parent_of[row.code] = parent_code

    # Units in the database keep their parents unless the file moves them.
    db_parent_of = {
        code: ("" if parent_code in (None, ward.code) else parent_code)
        for code, parent_code in Unit.objects.filter(
            path__startswith=ward.path, depth__gt=ward.depth
        ).values_list("code", "parent__code")
    }

    def parent_code_of(code: str) -> str | None:
        if code in parent_of:
            return parent_of[code]
        return db_parent_of.get(code)

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
                        target = by_code[member]
                        target.problems.append(
                            Problem(
                                "cấp trên tạo thành vòng lặp: " + " → ".join(cycle),
                                target.number,
                                HEADERS["parent_code"],
                            )
                        )
                break
            seen.append(code)
            code = parent_code_of(code)

    # Grassroots units need a bloc; sub-cells inherit theirs. Kinds fit their place.
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

    for row in report.rows:
        if not row.code or row.problems:
            continue
        kind = row.values.get("kind")
        if not row.parent_code:
            if not row.values.get("bloc"):
                row.problems.append(
                    Problem(
                        "tổ chức cơ sở đảng (trực thuộc đảng bộ phường) phải ghi khối",
                        row.number,
                        HEADERS["bloc"],
                    )
                )
            if kind == Kind.PARTY_GROUP:
                row.problems.append(
                    Problem(
                        "tổ đảng không trực thuộc thẳng đảng bộ phường", row.number, HEADERS["kind"]
                    )
                )
        else:
            row.values["bloc_inherited"] = not row.values.get("bloc")
            if not row.values.get("bloc"):
                row.values["bloc"] = effective_bloc(row.parent_code)


def _figure_at(unit_id: int, as_of) -> MemberFigure | None:
    return MemberFigure.objects.filter(unit_id=unit_id, as_of=as_of).first()


LABELS = {
    "name": "Tên tổ chức",
    "kind": "Loại tổ chức",
    "bloc": "Khối",
    "secretary_name": "Bí thư",
    "secretary_phone": "Điện thoại",
    "secretary_is_local_head": "Bí thư kiêm trưởng khu dân cư",
    "bloc_inherited": "Khối theo cấp trên",
    "area": "Địa bàn, cơ quan",
    "committee_member": "Cấp ủy viên phụ trách",
}


def _label_value(key: str, value) -> str:
    if key == "kind":
        return Kind(value).label if value else "trống"
    if key == "bloc":
        return Bloc(value).label if value else "trống"
    if isinstance(value, bool):
        return "có" if value else "không"
    return value or "trống"


def _compare(ward, report, by_code, existing):
    """Mark each clean row new / changed / unchanged and list what changes."""
    clean = [r for r in report.rows if r.code and not r.problems]
    units = {
        u.code: u
        for u in Unit.objects.filter(code__in=[r.code for r in clean]).select_related("parent")
    }
    figure_keys = [
        (units[r.code].pk, r.figures["as_of"]) for r in clean if r.code in units and r.figures
    ]
    figures = {}
    if figure_keys:
        unit_ids = {k[0] for k in figure_keys}
        for figure in MemberFigure.objects.filter(unit_id__in=unit_ids):
            figures[(figure.unit_id, figure.as_of)] = figure
    ratings = {}
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
                    f"{LABELS[key]}: «{_label_value(key, current)}» → «{_label_value(key, value)}»"
                )
        current_parent = (
            "" if unit.parent is None or unit.parent_id == ward.pk else unit.parent.code
        )
        if current_parent != row.parent_code:
            row.changes.append(
                f"Cấp trên: «{current_parent or ward.code}» → «{row.parent_code or ward.code}»"
            )
        if row.figures:
            figure = figures.get((unit.pk, row.figures["as_of"]))
            date = f"{row.figures['as_of']:%d/%m/%Y}"
            if figure is None:
                row.changes.append(
                    f"Số liệu ngày {date}: thêm mới ({row.figures['members']} đảng viên)"
                )
            else:
                for key in FIGURE_FIELDS:
                    if getattr(figure, key) != row.figures[key]:
                        row.changes.append(
                            f"{HEADERS[key]} ngày {date}: {getattr(figure, key)} → {row.figures[key]}"
                        )
        for year, level in row.ratings.items():
            rating = ratings.get((unit.pk, year))
            if rating is None or rating.level != level:
                old = RATING_ABBREVIATIONS[rating.level] if rating else "trống"
                row.changes.append(f"Xếp loại {year}: {old} → {RATING_ABBREVIATIONS[level]}")
        row.action = "changed" if row.changes else "unchanged"


# --- applying -------------------------------------------------------------------------------


@transaction.atomic
def apply_import(report: ImportReport, *, user=None) -> ImportReport:
    """Write a clean plan: create new units parents first, update changed ones, record
    figures and ratings. Refuses a plan with any problem (all or nothing)."""
    if not report.ok:
        raise ValueError("an import with problems is never applied")
    ward = Unit.objects.select_for_update().get(pk=report.ward.pk)
    rows = [r for r in report.rows if r.action in ("new", "changed")]
    by_code = {r.code: r for r in rows}
    units: dict[str, Unit] = {
        u.code: u
        for u in Unit.objects.filter(
            Q(code__in=by_code) | Q(code__in={r.parent_code for r in rows})
        )
    }
    units[""] = ward
    history_user = user if user is not None and user.is_authenticated else None

    # New units, level by level so that each parent has its path before its children.
    pending = [r for r in rows if r.action == "new"]
    while pending:
        ready = [r for r in pending if r.parent_code in units]
        if not ready:
            raise RuntimeError("import plan has unresolved parents")  # _check_tree prevents this
        new_units = []
        for row in ready:
            parent = units[row.parent_code]
            unit = Unit(
                code=row.code,
                parent=parent,
                depth=parent.depth + 1,
                path=f"pending-{row.code}",
                **row.values,
            )
            refresh_derived(unit)
            new_units.append(unit)
        created = bulk_create_with_history(
            new_units, Unit, batch_size=500, default_user=history_user
        )
        if any(u.pk is None for u in created):
            created = list(Unit.objects.filter(code__in=[u.code for u in new_units]))
        for unit in created:
            unit.path = units[by_code[unit.code].parent_code].path + f"{unit.pk:0{PATH_STEP}d}."
            units[unit.code] = unit
        Unit.objects.bulk_update(created, ["path"], batch_size=500)
        done = {r.code for r in ready}
        pending = [r for r in pending if r.code not in done]

    # Changed units: moves one subtree at a time, each from fresh paths (an earlier move
    # may have rewritten them), then the fields in one bulk update with history.
    changed = [r for r in rows if r.action == "changed"]
    to_update = []
    for row in changed:
        unit = units[row.code]
        parent_id = ward.pk if not row.parent_code else units[row.parent_code].pk
        if unit.parent_id != parent_id:
            fresh = Unit.objects.get(pk=unit.pk)
            new_parent = Unit.objects.get(pk=parent_id)
            move_subtree(fresh, new_parent)
            Unit.objects.filter(pk=unit.pk).update(parent=new_parent)
            unit.parent = new_parent
        for key, value in row.values.items():
            setattr(unit, key, value)
        refresh_derived(unit)
        unit.version += 1
        to_update.append(unit)
    if to_update:
        bulk_update_with_history(
            to_update,
            Unit,
            [
                "name",
                "kind",
                "bloc",
                "bloc_inherited",
                "secretary_name",
                "secretary_phone",
                "secretary_is_local_head",
                "area",
                "committee_member",
                "sort_key",
                "search_text",
                "version",
            ],
            batch_size=500,
            default_user=history_user,
        )

    _write_figures(rows, units, history_user)
    _write_ratings(rows, units, history_user)
    report.applied = True
    return report


def _write_figures(rows, units, history_user):
    wanted = {(units[r.code].pk, r.figures["as_of"]): r.figures for r in rows if r.figures}
    if not wanted:
        return
    existing = {
        (f.unit_id, f.as_of): f
        for f in MemberFigure.objects.filter(unit_id__in={k[0] for k in wanted})
    }
    create, update = [], []
    for (unit_id, as_of), values in wanted.items():
        figure = existing.get((unit_id, as_of))
        counts = {k: values[k] for k in FIGURE_FIELDS}
        if figure is None:
            create.append(MemberFigure(unit_id=unit_id, as_of=as_of, **counts))
        elif any(getattr(figure, k) != v for k, v in counts.items()):
            for k, v in counts.items():
                setattr(figure, k, v)
            update.append(figure)
    if create:
        bulk_create_with_history(create, MemberFigure, batch_size=1000, default_user=history_user)
    if update:
        bulk_update_with_history(
            update, MemberFigure, list(FIGURE_FIELDS), batch_size=1000, default_user=history_user
        )


def _write_ratings(rows, units, history_user):
    wanted = {(units[r.code].pk, year): level for r in rows for year, level in r.ratings.items()}
    if not wanted:
        return
    existing = {
        (r.unit_id, r.year): r for r in Rating.objects.filter(unit_id__in={k[0] for k in wanted})
    }
    create, update = [], []
    for (unit_id, year), level in wanted.items():
        rating = existing.get((unit_id, year))
        if rating is None:
            create.append(Rating(unit_id=unit_id, year=year, level=level))
        elif rating.level != level:
            rating.level = level
            update.append(rating)
    if create:
        bulk_create_with_history(create, Rating, batch_size=1000, default_user=history_user)
    if update:
        bulk_update_with_history(
            update, Rating, ["level"], batch_size=1000, default_user=history_user
        )


def registry_import(*, ward: Unit, table: Table, dry_run: bool, user=None) -> ImportReport:
    """Plan the import and, unless dry_run or anything is wrong, apply it."""
    report = plan_import(ward, table)
    if report.ok and not dry_run:
        apply_import(report, user=user)
    return report


# --- export -------------------------------------------------------------------------------


def export_rows(ward: Unit, units) -> tuple[list[str], list[list]]:
    """Headers and rows for the active units below the ward, each grassroots unit followed
    by its sub-cells, in Vietnamese order."""
    from .selectors import with_latest_figures

    units = list(
        with_latest_figures(units.filter(path__startswith=ward.path, depth__gt=ward.depth).active())
        .select_related("parent")
        .order_by("sort_key", "code")
    )
    ratings: dict[int, dict[int, str]] = {}
    years: set[int] = set()
    for unit_id, year, level in Rating.objects.filter(unit__in=units).values_list(
        "unit_id", "year", "level"
    ):
        ratings.setdefault(unit_id, {})[year] = level
        years.add(year)
    children: dict[int, list[Unit]] = {}
    for unit in units:
        children.setdefault(unit.parent_id, []).append(unit)
    ordered: list[Unit] = []

    def walk(parent_id):
        for child in children.get(parent_id, []):
            ordered.append(child)
            walk(child.pk)

    walk(ward.pk)
    seen = {u.pk for u in ordered}
    ordered.extend(u for u in units if u.pk not in seen)  # a secretary's scope starts lower

    years_sorted = sorted(years)
    headers = [header for _, header, _ in COLUMNS] + [
        RATING_HEADER.format(year=y) for y in years_sorted
    ]
    rows = []
    for unit in ordered:
        parent_code = "" if unit.parent_id == ward.pk else unit.parent.code
        as_of = unit.fig_as_of.strftime("%d/%m/%Y") if unit.fig_as_of else None
        rows.append(
            [
                unit.code,
                unit.name,
                unit.get_kind_display(),
                "" if unit.bloc_inherited else (unit.get_bloc_display() if unit.bloc else ""),
                parent_code,
                unit.fig_members,
                unit.fig_women,
                unit.fig_ethnic_minority,
                unit.fig_exempted,
                as_of,
                unit.secretary_name,
                unit.secretary_phone,
                "x" if unit.secretary_is_local_head else "",
                unit.area,
                unit.committee_member,
            ]
            + [
                RATING_ABBREVIATIONS.get(ratings.get(unit.pk, {}).get(y), "")
                if ratings.get(unit.pk, {}).get(y)
                else ""
                for y in years_sorted
            ]
        )
    return headers, rows


def export_xlsx(ward: Unit, units) -> bytes:
    headers, rows = export_rows(ward, units)
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Danh sách tổ chức"
    sheet.append(headers)
    for row in rows:
        sheet.append(row)
    bold = Font(bold=True)
    fill = PatternFill("solid", fgColor="F2DCDB")
    for cell in sheet[1]:
        cell.font = bold
        cell.fill = fill
        cell.alignment = Alignment(wrap_text=True, vertical="center")
    widths = {"Tên tổ chức": 42, "Loại tổ chức": 20, "Khối": 34, "Bí thư": 24}
    for index, header in enumerate(headers, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = widths.get(
            header, max(12, len(header) + 2)
        )
    sheet.freeze_panes = "C2"
    sheet.auto_filter.ref = sheet.dimensions
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def history_user_for(username: str | None):
    if not username:
        return None
    return get_user_model().objects.filter(username=username).first()
