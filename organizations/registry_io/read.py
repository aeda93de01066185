"""Reading an uploaded workbook into rows, refusing what is not a sane .xlsx (the reader
the registry and Phụ lục 3's import share)."""

import io
import os
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

from ..text import normalize_line

MAX_BYTES = 10 * 1024 * 1024


MAX_ROWS = 20_000


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


FILE_FORMULAS = (
    "Tệp có ô chứa công thức chưa có giá trị đã tính ({cells}): phần mềm đọc giá trị của ô, "
    "không tự tính công thức. Hãy mở tệp bằng Excel hoặc LibreOffice và lưu lại (để công thức "
    "được tính), hoặc dán thành giá trị, rồi tải lên lần nữa."
)


# An .xlsx is a zip: a few kilobytes can declare gigabytes of XML (an "Excel bomb") that a
# parser would expand in memory. Members are checked before anything is parsed.
MAX_MEMBER_BYTES = 64 * 1024 * 1024
MAX_TOTAL_BYTES = 128 * 1024 * 1024
MAX_RATIO = 200  # uncompressed / compressed, for members above RATIO_FROM
RATIO_FROM = 4 * 1024 * 1024
MAX_COLUMNS = 200


FILE_BOMB = (
    "Tệp Excel khai báo lượng dữ liệu bất thường so với dung lượng của nó ({detail}) nên không "
    "được đọc. Hãy mở tệp bằng Excel, chép phần bảng cần nhập sang tệp mới, lưu lại rồi tải lên."
)


FILE_EMPTY = "Tệp không có dữ liệu: dòng 1 phải là tiêu đề cột, dữ liệu bắt đầu từ dòng 2."


class ImportRefused(Exception):
    """The file cannot be read at all; nothing of it was looked at further."""


@dataclass
class Table:
    headers: list[str]
    rows: list[tuple[int, list]]  # (row number in the sheet, cell values)


def read_xlsx(source: str | Path | IO[bytes], *, headers: bool = True) -> Table:
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
            _refuse_bombs(archive)
    except zipfile.BadZipFile as exc:
        raise ImportRefused(FILE_CORRUPT) from exc
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        formulas = load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except ImportRefused:
        raise
    except Exception as exc:  # openpyxl raises many kinds on a damaged file
        raise ImportRefused(FILE_CORRUPT) from exc
    try:
        sheet = workbook.worksheets[0]
        declared = sheet.max_row or 0
        if declared > MAX_ROWS + 1:
            raise ImportRefused(FILE_TOO_MANY_ROWS)
        if (sheet.max_column or 0) > MAX_COLUMNS:
            raise ImportRefused(FILE_BOMB.format(detail=f"{sheet.max_column} cột"))
        rows: list[tuple[int, list]] = []
        header_cells: list[str] | None = None if headers else []
        unvalued: list[str] = []  # formulas saved without their value (e.g. by a script)
        written = formulas.worksheets[0].iter_rows(values_only=True)
        for number, values in enumerate(sheet.iter_rows(values_only=True), start=1):
            for column, (value, formula) in enumerate(
                zip(values, next(written, ()), strict=False), 1
            ):
                if value is None and isinstance(formula, str) and formula.startswith("="):
                    unvalued.append(f"{get_column_letter(column)}{number}")
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
        formulas.close()
    if unvalued:
        cells = ", ".join(unvalued[:5]) + (
            f" và {len(unvalued) - 5} ô khác" if len(unvalued) > 5 else ""
        )
        raise ImportRefused(FILE_FORMULAS.format(cells=f"ô {cells}"))
    if headers and (not header_cells or not any(header_cells)):
        raise ImportRefused(FILE_EMPTY)
    if not headers and not rows:
        raise ImportRefused(FILE_EMPTY)
    return Table(headers=header_cells or [], rows=rows)


def _refuse_bombs(archive: zipfile.ZipFile) -> None:
    """Refuse, from the zip's directory alone, members that would expand beyond sane sizes."""
    total = 0
    for info in archive.infolist():
        total += info.file_size
        ratio = info.file_size / max(info.compress_size, 1)
        if info.file_size > MAX_MEMBER_BYTES or (info.file_size > RATIO_FROM and ratio > MAX_RATIO):
            size = f"{info.file_size / 1024 / 1024:.0f} MB"
            raise ImportRefused(
                FILE_BOMB.format(detail=f"phần «{info.filename}» giải nén ra {size}")
            )
    if total > MAX_TOTAL_BYTES:
        raise ImportRefused(FILE_BOMB.format(detail=f"giải nén ra {total / 1024 / 1024:.0f} MB"))


def table_from_records(records: list[dict]) -> Table:
    """A Table from dicts keyed by the sheet's headers (the demo fixture's format)."""
    headers: list[str] = []
    for record in records:
        for key in record:
            if key not in headers:
                headers.append(key)
    rows = [(i + 2, [record.get(h) for h in headers]) for i, record in enumerate(records)]
    return Table(headers=headers, rows=rows)
