"""Bringing in the past: a Phụ lục 3 workbook kept by hand becomes plans and that quarter's
accepted summaries. The table is found by its column-numbers row "(1) … (8)" whatever the
header block above it looks like; units are matched by name ignoring accents, case,
spacing, tone placement and a leading "Chi bộ"/"Đảng bộ". All or nothing; every unmatched
or malformed row is reported with its row number."""

import datetime
import io
import re
from dataclasses import dataclass, field

from django.db import transaction

from organizations.models import Unit, future_date_problem
from organizations.registry_io.cells import Problem
from organizations.registry_io.read import ImportRefused, Table, read_xlsx
from organizations.text import fold, normalize_line, normalize_text
from organizations.types import User, Viewer

from ..models import (
    MARK_MISSING,
    MARK_SUBMITTED,
    Plan,
    PlanKind,
    PlanStatus,
    Quarter,
    QuarterlyUpdate,
    UpdateState,
)
from ..services.plans import ImportedPlan, plan_import_save
from ..services.quarterly import update_import_accepted

COLUMN_NAMES = {
    2: "Tên TCCSĐ",
    3: "Nhóm biểu hiện",
    4: "Nội dung cần củng cố",
    5: "Số, ngày ban hành",
    6: "Thời gian đưa vào củng cố",
    7: "Thời gian dự kiến hoàn thành",
    8: "Tóm tắt kết quả",
}
RUNNING_PLAN = (
    "«{name}» đang thực hiện đề án, kế hoạch chưa được công nhận hoàn thành ({plan}); mỗi tổ "
    "chức chỉ có một đề án, kế hoạch đang thực hiện: ghi đúng số của đề án đó."
)
NO_NUMBERS_ROW = (
    "Không tìm thấy dòng đánh số cột (1) (2) … (8) của bảng Phụ lục 3; hãy giữ nguyên dòng này "
    "ngay dưới tiêu đề cột."
)
_PREFIX = re.compile(r"^(chi bo co so|chi bo truc thuoc|chi bo|dang bo co so|dang bo|to dang)\s+")
_NUMBER = re.compile(r"(\d{1,4})\s*-\s*(ĐA|KH|ÐA)\s*/\s*([A-ZĐÐ][A-ZĐÐ-]*)", re.I)
_DAY = re.compile(r"ngày\s*(\d{1,2})\s*[/.-]\s*(\d{1,2})\s*[/.-]\s*(\d{4})", re.I)
_DAY_WORDS = re.compile(r"ngày\s*(\d{1,2})\s*tháng\s*(\d{1,2})\s*năm\s*(\d{4})", re.I)
_DATE = re.compile(r"^(\d{1,2})\s*[/.-]\s*(\d{1,2})\s*[/.-]\s*(\d{4})$")


# The abbreviations wards write in unit names (folded, lower case) and what they stand for:
# the one list name matching reads.
ABBREVIATIONS = {
    "kdc": "khu dan cu",
    "tdp": "to dan pho",
    "ubnd": "uy ban nhan dan",
    "hdnd": "hoi dong nhan dan",
    "mttq": "mat tran to quoc",
    "mn": "mam non",
    "th": "tieu hoc",
    "thcs": "trung hoc co so",
    "thpt": "trung hoc pho thong",
    "ca": "cong an",
    "qs": "quan su",
    "bql": "ban quan ly",
    "htx": "hop tac xa",
    "cty": "cong ty",
    "tnhh": "trach nhiem huu han",
    "cp": "co phan",
    "dn": "doanh nghiep",
}


def match_key(name: str) -> str:
    """ "Chi bộ Khu dân cư số 07" and "KDC số 7" and "chi bo khu dan cu so 7" meet here."""
    text = re.sub(r"[^0-9a-z ]", " ", fold(name))
    text = re.sub(r"\s+", " ", text).strip()
    text = _PREFIX.sub("", text)
    for short, long in ABBREVIATIONS.items():
        text = re.sub(rf"\b{short}\b", long, text)
    text = re.sub(r"\b0+(\d)", r"\1", text)
    return text


@dataclass
class RowPlan:
    number: int
    name: str
    unit: Unit | None = None
    groups: list[int] = field(default_factory=list)
    contents: str = ""
    document_number: str = ""
    kind: str = ""
    issued_on: datetime.date | None = None
    started_on: datetime.date | None = None
    expected_end: datetime.date | None = None
    summary: str = ""
    plan: Plan | None = None
    action: str = "new"  # new | changed | unchanged | error
    problems: list[Problem] = field(default_factory=list)
    changes: list[tuple[str, str, str]] = field(default_factory=list)  # column, old, new
    overwrites_accepted: bool = False  # replaces a summary the Board had accepted

    def as_imported(self) -> ImportedPlan:
        """What the services write; only a row without problems has all of it."""
        if self.unit is None or self.started_on is None or self.expected_end is None:
            raise ValueError(f"row {self.number} has problems and is never written")
        return ImportedPlan(
            unit=self.unit,
            kind=self.kind,
            contents=self.contents,
            number=self.document_number,
            issued_on=self.issued_on,
            started_on=self.started_on,
            expected_end=self.expected_end,
            groups=self.groups,
        )

    @property
    def action_label(self) -> str:
        return {
            "new": "Thêm mới",
            "changed": "Cập nhật",
            "unchanged": "Không đổi",
            "error": "Có lỗi",
        }[self.action]


@dataclass
class Appendix3Import:
    quarter: Quarter
    rows: list[RowPlan] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    # Refused only for want of the confirmation to replace accepted summaries.
    awaiting_overwrite: bool = False

    @property
    def ok(self) -> bool:
        return not self.problems

    def count(self, action: str) -> int:
        return sum(1 for r in self.rows if r.action == action)

    @property
    def overwrites(self) -> list[RowPlan]:
        """The rows that would replace a summary the Board had accepted."""
        return [r for r in self.rows if r.overwrites_accepted and r.action == "changed"]


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return normalize_text(str(value))


# A bloc or group sub-heading inside the table ("II. KHỐI KHU DÂN CƯ", "A. Khối doanh nghiệp",
# "Khối cơ quan"): skipped, the rows below it read on.
SUBHEADING = re.compile(r"^(?:[IVXLC]+|[A-Z])\s*[.)]\s*\S|^khối\b", re.IGNORECASE)


STARTS_AFTER_QUARTER = (
    "thời gian đưa vào củng cố ({day}) sau khi {quarter} kết thúc ({end}): đề án, kế hoạch này "
    "không báo cáo trong quý"
)


def find_table(rows: list[tuple[int, list]]) -> tuple[int, list[tuple[int, list]]]:
    """The data rows below the "(1) … (8)" row, up to the first row with no unit name that
    is not a sub-heading (SUBHEADING)."""
    for position, (number, values) in enumerate(rows):
        cells = [re.sub(r"\s", "", _text(v)) for v in values[:8]]
        if cells[:8] == [f"({n})" for n in range(1, 9)]:
            data = []
            for row_number, row_values in rows[position + 1 :]:
                padded = [*row_values, *([None] * 8)][:8]
                if not _text(padded[1]):
                    filled = [_text(v) for v in padded if _text(v)]
                    if len(filled) == 1 and SUBHEADING.match(filled[0]):
                        continue  # "II. KHỐI KHU DÂN CƯ", merged across the table
                    if filled:
                        break  # the signature block or notes below the table
                    continue
                data.append((row_number, padded))
            return number, data
    raise ImportRefused(NO_NUMBERS_ROW)


def _date(value: object, row: RowPlan, column: int, *, end: bool = False) -> datetime.date | None:
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    text = _text(value)
    match = _DATE.match(text)
    month_only = re.match(r"^(\d{1,2})\s*/\s*(\d{4})$", text)
    try:
        if match:
            day, month, year = (int(g) for g in match.groups())
            return datetime.date(year, month, day)
        if month_only:
            month, year = (int(g) for g in month_only.groups())
            first = datetime.date(year, month, 1)
            if not end:
                return first
            return (first + datetime.timedelta(days=32)).replace(day=1) - datetime.timedelta(days=1)
    except ValueError:
        row.problems.append(
            Problem(f"ngày «{text}» không có thật", row.number, COLUMN_NAMES[column])
        )
        return None
    row.problems.append(
        Problem(
            f"«{text}» không đúng dạng ngày/tháng/năm (ví dụ 20/05/2026)",
            row.number,
            COLUMN_NAMES[column],
        )
    )
    return None


def _read_row(number: int, values: list, units: dict[str, list[Unit]]) -> RowPlan:
    row = RowPlan(number=number, name=normalize_line(_text(values[1])))
    candidates = units.get(match_key(row.name), [])
    if not candidates:
        row.problems.append(
            Problem(
                f"không tìm thấy tổ chức «{row.name}» trong danh sách của phường",
                number,
                COLUMN_NAMES[2],
            )
        )
    elif len(candidates) > 1:
        names = ", ".join(f"{u.name} ({u.code})" for u in candidates)
        row.problems.append(
            Problem(f"«{row.name}» khớp với nhiều tổ chức: {names}", number, COLUMN_NAMES[2])
        )
    else:
        row.unit = candidates[0]
    groups_text = _text(values[2])
    row.groups = sorted({int(d) for d in re.findall(r"\d", groups_text)})
    if not row.groups or any(g not in (1, 2, 3) for g in row.groups):
        row.problems.append(
            Problem(
                f"«{groups_text}» không phải nhóm 1, 2, 3 (ví dụ «1, 3»)", number, COLUMN_NAMES[3]
            )
        )
    row.contents = _text(values[3])
    if not row.contents:
        row.problems.append(Problem("không được để trống", number, COLUMN_NAMES[4]))
    issued = _text(values[4]).replace("Ð", "Đ")
    found = _NUMBER.search(issued.upper())
    if not found:
        row.problems.append(
            Problem(
                f"không đọc được số đề án/kế hoạch trong «{issued}» (ví dụ «Số 05-ĐA/CB, ngày 12/5/2026»)",
                number,
                COLUMN_NAMES[5],
            )
        )
    else:
        sequence, abbreviation, issuer = found.groups()
        abbreviation = abbreviation.replace("Ð", "Đ")
        row.document_number = f"{sequence}-{abbreviation}/{issuer.replace('Ð', 'Đ')}"
        row.kind = PlanKind.PROJECT if abbreviation == "ĐA" else PlanKind.PLAN
        day = _DAY.search(issued) or _DAY_WORDS.search(issued)
        if day:
            d, m, y = (int(g) for g in day.groups())
            try:
                row.issued_on = datetime.date(y, m, d)
            except ValueError:
                row.problems.append(
                    Problem(
                        f"ngày ban hành trong «{issued}» không có thật", number, COLUMN_NAMES[5]
                    )
                )
    future = future_date_problem(row.issued_on, "Ngày ban hành")
    if future:
        row.problems.append(Problem(future, number, COLUMN_NAMES[5]))
    row.started_on = _date(values[5], row, 6)
    row.expected_end = _date(values[6], row, 7, end=True)
    if row.started_on and row.expected_end and row.expected_end <= row.started_on:
        row.problems.append(
            Problem(
                "thời gian dự kiến hoàn thành phải sau thời gian đưa vào củng cố",
                number,
                COLUMN_NAMES[7],
            )
        )
    summary = _text(values[7])
    for mark in (MARK_MISSING, MARK_SUBMITTED):
        summary = summary.replace(mark, "").strip()
    row.summary = summary
    return row


def plan_import(*, ward: Unit, quarter: Quarter, table: Table) -> Appendix3Import:
    report = Appendix3Import(quarter=quarter)
    try:
        _, data = find_table(table.rows)
    except ImportRefused as exc:
        report.problems.append(Problem(str(exc)))
        return report
    units: dict[str, list[Unit]] = {}
    for unit in Unit.objects.filter(path__startswith=ward.path, depth__gt=ward.depth).active():
        units.setdefault(match_key(unit.name), []).append(unit)
    seen: dict[int, int] = {}
    for number, values in data:
        row = _read_row(number, values, units)
        if row.started_on is not None and row.started_on > quarter.ends_on:
            row.problems.append(
                Problem(
                    STARTS_AFTER_QUARTER.format(
                        day=f"{row.started_on:%d/%m/%Y}",
                        quarter=quarter.label,
                        end=f"{quarter.ends_on:%d/%m/%Y}",
                    ),
                    number,
                    COLUMN_NAMES[6],
                )
            )
        if row.unit is not None:
            if row.unit.pk in seen:
                row.problems.append(
                    Problem(
                        f"tổ chức «{row.unit.name}» đã có ở dòng {seen[row.unit.pk]}",
                        number,
                        COLUMN_NAMES[2],
                    )
                )
            seen[row.unit.pk] = number
        report.rows.append(row)
    for row in report.rows:
        if row.problems:
            row.action = "error"
            report.problems.extend(row.problems)
            continue
        row.plan = _existing_plan(row)
        running = Plan.objects.active().filter(unit=row.unit).first() if row.plan is None else None
        if running is not None:
            problem = Problem(
                RUNNING_PLAN.format(
                    name=running.unit.name, plan=running.number_display or running.title
                ),
                row.number,
                COLUMN_NAMES[5],
            )
            row.problems.append(problem)
            report.problems.append(problem)
            row.action = "error"
            continue
        row.changes = _changes(row, quarter)
        row.action = "new" if row.plan is None else ("changed" if row.changes else "unchanged")
    if not data and not report.problems:
        report.problems.append(Problem("Bảng không có dòng dữ liệu nào."))
    return report


def _existing_plan(row: RowPlan) -> Plan | None:
    plans = Plan.objects.filter(unit=row.unit)
    return plans.filter(number=row.document_number).first() or (
        plans.filter(number="")
        .exclude(status=PlanStatus.RECOGNIZED)
        .order_by("-started_on")
        .first()
    )


def _shown(value: object) -> str:
    if value is None or value == "":
        return "(trống)"
    if isinstance(value, datetime.date):
        return f"{value:%d/%m/%Y}"
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    return str(value)


def _changes(row: RowPlan, quarter: Quarter) -> list[tuple[str, str, str]]:
    """What the row changes of its plan and of the quarter's summary, cell by cell (the
    column, the value now, the value the file brings), for the preview."""
    plan = row.plan
    if plan is None:
        return []
    pairs = [
        (COLUMN_NAMES[3], sorted(plan.groups.values_list("number", flat=True)), row.groups),
        (COLUMN_NAMES[4], plan.contents, row.contents),
        (COLUMN_NAMES[5] + " (số)", plan.number, row.document_number),
        (COLUMN_NAMES[5] + " (ngày)", plan.issued_on, row.issued_on),
        (COLUMN_NAMES[6], plan.started_on, row.started_on),
        (COLUMN_NAMES[7], plan.expected_end, row.expected_end),
    ]
    changes = [(name, _shown(old), _shown(new)) for name, old, new in pairs if old != new]
    update = QuarterlyUpdate.objects.of(quarter).filter(plan=plan).first()
    current = update.summary if update is not None else ""
    if row.summary and row.summary != current:
        changes.append((COLUMN_NAMES[8], _shown(current), row.summary))
        row.overwrites_accepted = bool(
            update is not None and update.state == UpdateState.ACCEPTED and current.strip()
        )
    return changes


OVERWRITE_NEEDS_CONFIRMATION = (
    "«{name}»: tóm tắt kết quả {quarter} đã được Ban Xây dựng Đảng tiếp nhận; ghi đè cần xác "
    "nhận riêng (đánh dấu «Ghi đè tóm tắt đã tiếp nhận»)"
)


@transaction.atomic
def apply_import(
    report: Appendix3Import,
    *,
    ward: Unit,
    user: Viewer | None = None,
    overwrite_accepted: bool = False,
) -> Appendix3Import:
    """Write what the report found, through the services the pages use: each plan saved is
    in its history under the importer's name, each summary an accepted update with its
    event."""
    if not report.ok:
        raise ValueError("an import with problems is never applied")
    if report.overwrites and not overwrite_accepted:
        raise ValueError("overwriting accepted summaries needs overwrite_accepted")
    by = user if isinstance(user, User) else None  # None when run from the command line
    for row in report.rows:
        if row.action == "unchanged":
            continue
        row.plan = plan_import_save(ward=ward, plan=row.plan, data=row.as_imported(), by=by)
        if row.summary:
            update_import_accepted(
                plan=row.plan, quarter=report.quarter, summary=row.summary, by=by
            )
    return report


def appendix3_import(
    *,
    ward: Unit,
    quarter: Quarter,
    data: bytes,
    dry_run: bool,
    user: Viewer | None = None,
    overwrite_accepted: bool = False,
) -> Appendix3Import:
    """Read, check and (unless dry_run or anything is wrong) write. A summary the Board had
    accepted is replaced only with `overwrite_accepted`; otherwise each such row is a
    problem and nothing is written."""
    table = read_xlsx(io.BytesIO(data), headers=False)
    report = plan_import(ward=ward, quarter=quarter, table=table)
    if report.ok and not dry_run and report.overwrites and not overwrite_accepted:
        report.awaiting_overwrite = True
        report.problems.extend(
            Problem(
                OVERWRITE_NEEDS_CONFIRMATION.format(
                    name=r.unit.name if r.unit else r.name, quarter=quarter.label
                ),
                r.number,
                COLUMN_NAMES[8],
            )
            for r in report.overwrites
        )
    if report.ok and not dry_run:
        apply_import(report, ward=ward, user=user, overwrite_accepted=overwrite_accepted)
    return report
