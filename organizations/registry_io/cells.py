"""The registry sheet's columns and how each cell is read: counts, dates, choices, yes/no,
and the problems a row can have."""

import datetime
import re
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import cast

from django.db.models import CharField

from ..models import (
    RATING_ABBREVIATIONS,
    Bloc,
    Kind,
    RatingLevel,
    Unit,
)
from ..text import fold, normalize_line

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


RATING_COLUMN = re.compile(r"^xeploai(\d{4})$")


TEXT_LIMITS: dict[str, int] = {
    name: cast(CharField, Unit._meta.get_field(name)).max_length or 0
    for name in ("code", "name", "secretary_name", "secretary_phone", "area", "committee_member")
}


CODE = re.compile(r"^[A-Z0-9][A-Z0-9._-]*$")


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


def header_key(header: str) -> str:
    return re.sub(r"[^0-9a-z]", "", fold(header))


COLUMN_BY_KEY = {header_key(header): key for key, header, _ in COLUMNS}


class CellError(ValueError):
    """A cell that cannot be read; its message names what is wrong, in Vietnamese."""


def cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return normalize_line(str(value))


def parse_count(value: object) -> int | None:
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


def parse_date(value: object) -> datetime.date | None:
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


def choice_lookup(choices: Iterable[tuple[str, str]], aliases: dict[str, str]) -> dict[str, str]:
    lookup = {header_key(label): value for value, label in choices}
    lookup.update({header_key(alias): value for alias, value in aliases.items()})
    return lookup


KINDS = choice_lookup(
    [(k.value, k.label) for k in Kind if k not in (Kind.CITY, Kind.WARD)],
    {"Đảng bộ": Kind.BASE_COMMITTEE, "Chi bộ": Kind.BASE_CELL},
)


BLOCS = choice_lookup(
    Bloc.choices,
    {
        "Hành chính, sự nghiệp": Bloc.ADMINISTRATION,
        "Cơ quan hành chính": Bloc.ADMINISTRATION,
        "Hành chính sự nghiệp": Bloc.ADMINISTRATION,
        "Quân sự": Bloc.MILITARY,
        "KDC": Bloc.RESIDENTIAL,
    },
)


LEVELS = choice_lookup(
    RatingLevel.choices, {abbr: level for level, abbr in RATING_ABBREVIATIONS.items()}
)

YES = {"x", "co", "1", "true", "yes", "kiem", "dung"}


NO = {"", "khong", "0", "false", "no"}


def parse_choice(value: object, lookup: dict[str, str], what: str, examples: str) -> str:
    text = cell_text(value)
    if not text:
        return ""
    found = lookup.get(header_key(text))
    if found is None:
        raise CellError(f"«{text}» không phải là {what} hợp lệ ({examples})")
    return found


def parse_yes_no(value: object) -> bool:
    text = header_key(cell_text(value))
    if text in YES:
        return True
    if text in NO:
        return False
    raise CellError(
        f"«{cell_text(value)}» không hiểu được; ghi «x» hoặc «Có» nếu đúng, để trống nếu không"
    )


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


def label_value(key: str, value: str | bool) -> str:
    if isinstance(value, bool):
        return "có" if value else "không"
    if key == "kind":
        return Kind(value).label if value else "trống"
    if key == "bloc":
        return Bloc(value).label if value else "trống"
    return value or "trống"
