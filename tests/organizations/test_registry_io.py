"""Excel in and out: round trip, every bad input named by row and column, all or nothing."""

import datetime
import io
import unicodedata
import zipfile

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone
from openpyxl import Workbook, load_workbook

from organizations.models import Bloc, Kind, MemberFigure, Rating, Unit
from organizations.registry_io.export import export_xlsx
from organizations.registry_io.read import MAX_ROWS, ImportRefused, read_xlsx
from organizations.registry_io.write import registry_import

HEADER = [
    "Mã đơn vị",
    "Tên tổ chức",
    "Loại tổ chức",
    "Khối",
    "Mã đơn vị cấp trên",
    "Số đảng viên",
    "Đảng viên nữ",
    "Đảng viên dân tộc thiểu số",
    "Miễn sinh hoạt",
    "Ngày số liệu",
    "Bí thư",
    "Điện thoại",
    "Xếp loại 2024",
    "Xếp loại 2025",
]
GOOD_ROWS = [
    [
        "KDC-01",
        "Chi bộ Khu dân cư số 1",
        "Chi bộ cơ sở",
        "Khu dân cư",
        "",
        92,
        40,
        1,
        30,
        "01/03/2026",
        "Lê Văn An",
        "0900111222",
        "HTTNV",
        "HTXSNV",
    ],
    [
        "CA-01",
        "Đảng bộ Công an phường",
        "Đảng bộ cơ sở",
        "Công an",
        "",
        40,
        5,
        0,
        0,
        "01/03/2026",
        "Trần Quốc Bảo",
        "",
        "HTTNV",
        "HTTNV",
    ],
    [
        "CA-01-01",
        "Chi bộ An ninh",
        "Chi bộ trực thuộc",
        "",
        "CA-01",
        40,
        5,
        0,
        0,
        "01/03/2026",
        "",
        "",
        "",
        "HTNV",
    ],
]


def xlsx(rows, header=HEADER) -> io.BytesIO:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    buffer.seek(0)
    return buffer


def run(ward, rows, header=HEADER, dry_run=False):
    return registry_import(ward=ward, table=read_xlsx(xlsx(rows, header)), dry_run=dry_run)


def snapshot():
    return (
        list(Unit.objects.order_by("code").values_list("code", "name", "path", "bloc", "version")),
        list(
            MemberFigure.objects.order_by("unit__code", "as_of").values_list(
                "unit__code", "as_of", "members"
            )
        ),
        list(
            Rating.objects.order_by("unit__code", "year").values_list("unit__code", "year", "level")
        ),
    )


def test_a_good_file_creates_units_figures_and_ratings(ward):
    report = run(ward, GOOD_ROWS)

    assert report.ok, [str(p) for p in report.problems]
    assert report.counts == {"new": 3, "changed": 0, "unchanged": 0, "error": 0}
    cell = Unit.objects.get(code="CA-01-01")
    assert cell.parent.code == "CA-01" and cell.bloc == Bloc.POLICE and cell.bloc_inherited
    assert cell.path.startswith(cell.parent.path)
    assert MemberFigure.objects.get(unit__code="KDC-01").women == 40
    assert Rating.objects.get(unit__code="KDC-01", year=2025).level == "excellent"
    assert not Rating.objects.filter(unit__code="CA-01-01", year=2024).exists()


def test_dry_run_writes_nothing(ward):
    before = snapshot()

    report = run(ward, GOOD_ROWS, dry_run=True)

    assert report.ok and report.counts["new"] == 3
    assert snapshot() == before


def test_a_parent_may_come_after_its_child(ward):
    report = run(ward, [GOOD_ROWS[2], GOOD_ROWS[1], GOOD_ROWS[0]])

    assert report.ok
    assert Unit.objects.get(code="CA-01-01").parent.code == "CA-01"


def test_export_then_import_changes_nothing(ward, board_user):
    run(ward, GOOD_ROWS)
    before = snapshot()

    exported = export_xlsx(ward, Unit.objects.all())
    report = registry_import(ward=ward, table=read_xlsx(io.BytesIO(exported)), dry_run=False)

    assert report.ok
    assert report.counts == {"new": 0, "changed": 0, "unchanged": 3, "error": 0}
    assert snapshot() == before


def test_the_demo_registry_round_trips(demo_ward):
    before = snapshot()

    exported = export_xlsx(demo_ward, Unit.objects.all())
    report = registry_import(ward=demo_ward, table=read_xlsx(io.BytesIO(exported)), dry_run=False)

    assert report.ok and report.counts["unchanged"] == 111 and report.counts["changed"] == 0
    assert snapshot() == before


def test_changes_are_listed_and_applied(ward):
    run(ward, GOOD_ROWS)
    rows = [list(r) for r in GOOD_ROWS]
    rows[0][1] = "Chi bộ Khu dân cư số 1 (mới)"
    rows[0][5] = 95
    rows[0][13] = "HTNV"

    report = run(ward, rows)

    assert report.counts == {"new": 0, "changed": 1, "unchanged": 2, "error": 0}
    changes = report.rows[0].changes
    assert "Tên tổ chức: «Chi bộ Khu dân cư số 1» → «Chi bộ Khu dân cư số 1 (mới)»" in changes
    assert "Số đảng viên ngày 01/03/2026: 92 → 95" in changes
    assert "Xếp loại 2025: HTXSNV → HTNV" in changes
    assert MemberFigure.objects.get(unit__code="KDC-01").members == 95


def test_headers_match_ignoring_case_accents_spacing_and_order(ward):
    header = ["  MA DON VI", "tên  tổ chức", "LOẠI TỔ CHỨC", "khoi", "Số Đảng Viên", "ngay so lieu"]
    rows = [["KDC-09", "Chi bộ Khu dân cư số 9", "chi bo co so", "khu dan cu", 70, "01/03/2026"]]

    report = run(ward, rows, header=header)

    assert report.ok, [str(p) for p in report.problems]
    assert MemberFigure.objects.get(unit__code="KDC-09").members == 70


def test_numbers_may_be_typed_with_thousand_dots(ward):
    rows = [
        [
            "DN-01",
            "Đảng bộ Doanh nghiệp",
            "Đảng bộ cơ sở",
            "Doanh nghiệp",
            "",
            "1.234",
            "1.000",
            "0",
            "0",
            "01/03/2026",
            "",
            "",
            "",
            "",
        ]
    ]

    assert run(ward, rows).ok
    assert MemberFigure.objects.get(unit__code="DN-01").members == 1234


def test_decomposed_text_from_old_keyboards_is_stored_composed(ward):
    rows = [
        [c if not isinstance(c, str) else unicodedata.normalize("NFD", c) for c in GOOD_ROWS[0]]
    ]

    assert run(ward, rows).ok
    unit = Unit.objects.get(code="KDC-01")
    assert unit.name == "Chi bộ Khu dân cư số 1"
    assert unicodedata.is_normalized("NFC", unit.secretary_name)


def test_unknown_columns_are_reported(ward):
    before = snapshot()

    report = run(ward, [GOOD_ROWS[0] + ["ghi chú"]], header=[*HEADER, "Ghi chú"])

    assert not report.ok
    assert any("cột «Ghi chú» (cột O) không thuộc mẫu" in str(p) for p in report.problems)
    assert snapshot() == before


def test_a_missing_required_column_is_reported(ward):
    report = run(ward, [["KDC-01", "Chi bộ 1"]], header=["Mã đơn vị", "Tên tổ chức"])

    assert [str(p) for p in report.problems] == ["Dòng 1: thiếu cột «Loại tổ chức»"]


def _bad(ward, rows, expected, header=HEADER):
    before = snapshot()
    report = run(ward, rows, header=header)
    messages = [str(p) for p in report.problems]
    assert not report.ok
    assert any(expected in m for m in messages), messages
    assert snapshot() == before, "a bad file must leave the database unchanged"
    return messages


def row(**changes):
    values = dict(zip(HEADER, GOOD_ROWS[0], strict=True))
    values.update(changes)
    return [values[h] for h in HEADER]


def test_duplicate_code_in_the_file(ward):
    _bad(
        ward,
        [GOOD_ROWS[0], GOOD_ROWS[1], GOOD_ROWS[0]],
        "Dòng 4, cột «Mã đơn vị»: mã «KDC-01» trùng với dòng 2",
    )


def test_unknown_parent_code(ward):
    _bad(
        ward,
        [row(**{"Mã đơn vị cấp trên": "XX-99"})],
        "Dòng 2, cột «Mã đơn vị cấp trên»: không có tổ chức nào mang mã «XX-99»",
    )


def test_a_cycle_of_parents(ward):
    a = row(**{"Mã đơn vị": "A", "Loại tổ chức": "Chi bộ trực thuộc", "Mã đơn vị cấp trên": "B"})
    b = row(**{"Mã đơn vị": "B", "Loại tổ chức": "Chi bộ trực thuộc", "Mã đơn vị cấp trên": "A"})
    messages = _bad(ward, [a, b], "cấp trên tạo thành vòng lặp")
    assert any(m.startswith("Dòng 2") for m in messages) and any(
        m.startswith("Dòng 3") for m in messages
    )


def test_a_cycle_through_units_already_in_the_database(ward):
    run(ward, GOOD_ROWS)
    # CA-01-01 sits under CA-01; moving CA-01 under CA-01-01 closes a loop.
    moved = list(GOOD_ROWS[1])
    moved[4] = "CA-01-01"
    _bad(ward, [moved], "cấp trên tạo thành vòng lặp: CA-01 → CA-01-01 → CA-01")


def test_a_negative_number(ward):
    _bad(ward, [row(**{"Số đảng viên": -3})], "Dòng 2, cột «Số đảng viên»: «-3» là số âm")


def test_women_greater_than_the_total(ward):
    _bad(
        ward,
        [row(**{"Đảng viên nữ": 120})],
        "Dòng 2, cột «Đảng viên nữ»: Đảng viên nữ (120) không được lớn hơn tổng số đảng viên (92).",
    )


def test_exempted_greater_than_the_total(ward):
    _bad(
        ward,
        [row(**{"Miễn sinh hoạt": "93"})],
        "Dòng 2, cột «Miễn sinh hoạt»: Miễn sinh hoạt (93) không được lớn hơn tổng số đảng viên (92).",
    )


def test_unknown_kind(ward):
    _bad(
        ward,
        [row(**{"Loại tổ chức": "Chi đoàn"})],
        "Dòng 2, cột «Loại tổ chức»: «Chi đoàn» không phải là loại tổ chức hợp lệ",
    )


def test_unknown_bloc(ward):
    _bad(
        ward,
        [row(**{"Khối": "Nông nghiệp"})],
        "Dòng 2, cột «Khối»: «Nông nghiệp» không phải là khối hợp lệ",
    )


def test_unknown_rating(ward):
    _bad(
        ward,
        [row(**{"Xếp loại 2025": "Tốt lắm"})],
        "Dòng 2, cột «Xếp loại 2025»: «Tốt lắm» không phải là xếp loại hợp lệ",
    )


def test_full_rating_names_are_accepted(ward):
    assert run(
        ward,
        [
            row(
                **{
                    "Xếp loại 2025": "Hoàn thành tốt nhiệm vụ",
                    "Xếp loại 2024": "hoan thanh nhiem vu",
                }
            )
        ],
    ).ok
    assert dict(Rating.objects.values_list("year", "level")) == {2024: "completed", 2025: "good"}


def test_empty_name(ward):
    _bad(ward, [row(**{"Tên tổ chức": "  "})], "Dòng 2, cột «Tên tổ chức»: không được để trống")


def test_empty_code(ward):
    _bad(ward, [row(**{"Mã đơn vị": None})], "Dòng 2, cột «Mã đơn vị»: không được để trống")


def test_text_over_the_field_length(ward):
    _bad(
        ward,
        [row(**{"Tên tổ chức": "Chi bộ " + "x" * 200})],
        "Dòng 2, cột «Tên tổ chức»: dài 207 ký tự, quá giới hạn 200 ký tự",
    )


def test_a_date_that_does_not_exist(ward):
    _bad(
        ward,
        [row(**{"Ngày số liệu": "31/02/2026"})],
        "Dòng 2, cột «Ngày số liệu»: ngày «31/02/2026» không có thật",
    )


def test_figures_dated_after_today_are_refused_on_their_row(ward):
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    _bad(
        ward,
        [row(**{"Ngày số liệu": f"{tomorrow:%d/%m/%Y}"})],
        f"Dòng 2, cột «Ngày số liệu»: Ngày số liệu ({tomorrow:%d/%m/%Y}) không được sau ngày "
        f"hôm nay ({timezone.localdate():%d/%m/%Y}).",
    )


def test_a_grassroots_unit_without_a_bloc(ward):
    _bad(
        ward,
        [row(**{"Khối": ""})],
        "Dòng 2, cột «Khối»: tổ chức cơ sở đảng (trực thuộc đảng bộ phường) phải ghi khối",
    )


def test_a_code_of_another_ward_is_refused(ward, other_ward):
    from tests.factories import UnitFactory

    UnitFactory(code="KDC-01", name="Chi bộ phường khác", parent=other_ward)
    _bad(ward, [GOOD_ROWS[0]], "mã «KDC-01» đã dùng cho một tổ chức thuộc đảng bộ khác")


def test_one_bad_row_writes_nothing_at_all(ward):
    _bad(
        ward,
        [GOOD_ROWS[0], GOOD_ROWS[1], row(**{"Mã đơn vị": "X", "Số đảng viên": "abc"})],
        "«abc» không phải là số nguyên",
    )
    assert not Unit.objects.filter(code="KDC-01").exists()


# --- files that are not readable .xlsx ------------------------------------------------------


def test_a_renamed_csv_is_refused():
    csv = io.BytesIO("Mã đơn vị,Tên tổ chức\nKDC-01,Chi bộ 1\n".encode())

    with pytest.raises(ImportRefused, match=r"không phải là tệp Excel \.xlsx"):
        read_xlsx(csv)


def test_a_corrupt_xlsx_is_refused():
    data = xlsx(GOOD_ROWS).getvalue()
    corrupt = io.BytesIO(data[: len(data) // 2])

    with pytest.raises(ImportRefused, match="bị hỏng"):
        read_xlsx(corrupt)


def test_a_zip_that_is_not_a_workbook_is_refused():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("word/document.xml", "<w:document/>")
    buffer.seek(0)

    with pytest.raises(ImportRefused, match=r"không phải là tệp Excel \.xlsx"):
        read_xlsx(buffer)


def test_a_password_protected_workbook_is_refused():
    # Excel stores an encrypted workbook in an OLE2 compound file (EncryptionInfo and
    # EncryptedPackage streams) instead of a zip: this is its header.
    header = (
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 16 + b"\x3e\x00\x03\x00\xfe\xff\x09\x00"
    )
    encrypted = io.BytesIO(
        header + b"\x00" * 482 + "EncryptionInfo".encode("utf-16-le") + b"\x00" * 1024
    )

    with pytest.raises(ImportRefused, match="đặt mật khẩu"):
        read_xlsx(encrypted)


def test_more_than_20000_rows_is_refused_before_reading_them():
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet()
    sheet.append(HEADER[:3])
    for n in range(MAX_ROWS + 1):
        sheet.append([f"K-{n}", "Chi bộ", "Chi bộ cơ sở"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    buffer.seek(0)

    with pytest.raises(ImportRefused, match=r"hơn 20\.000 dòng"):
        read_xlsx(buffer)


def test_more_than_10_mb_is_refused_before_parsing():
    big = io.BytesIO(b"PK\x03\x04" + b"\x00" * (10 * 1024 * 1024))

    with pytest.raises(ImportRefused, match="lớn hơn 10 MB"):
        read_xlsx(big)


# --- the page: upload, preview, confirm ------------------------------------------------------


def _upload(client, data: bytes, name="danh-sach.xlsx"):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return client.post("/don-vi/nhap-excel/", {"file": SimpleUploadedFile(name, data)})


def test_the_page_previews_then_writes_on_confirm(login, board_user, ward):
    client = login(board_user)

    preview = _upload(client, xlsx(GOOD_ROWS).getvalue())

    html = preview.content.decode()
    assert 'id="count-new">3<' in html
    assert not Unit.objects.filter(code="KDC-01").exists()
    token = html.split('name="token" value="')[1].split('"')[0]

    confirmed = client.post("/don-vi/nhap-excel/xac-nhan/", {"token": token})

    assert confirmed.status_code == 302
    assert Unit.objects.filter(code__in=["KDC-01", "CA-01", "CA-01-01"]).count() == 3
    history = Unit.history.filter(code="KDC-01").first()
    assert history.history_user == board_user


def test_the_page_lists_errors_and_offers_no_confirm(login, board_user, ward):
    html = _upload(
        login(board_user), xlsx([row(**{"Số đảng viên": -1})]).getvalue()
    ).content.decode()

    assert "Dòng 2, cột «Số đảng viên»: «-1» là số âm" in html
    assert 'name="token"' not in html


def test_the_page_refuses_an_unreadable_file(login, board_user, ward):
    html = _upload(login(board_user), b"a,b,c\n1,2,3\n", name="danh-sach.xlsx").content.decode()

    assert "không phải là tệp Excel .xlsx" in html


def test_a_confirm_token_works_once(login, board_user, ward):
    client = login(board_user)
    html = _upload(client, xlsx(GOOD_ROWS).getvalue()).content.decode()
    token = html.split('name="token" value="')[1].split('"')[0]
    client.post("/don-vi/nhap-excel/xac-nhan/", {"token": token})

    again = client.post("/don-vi/nhap-excel/xac-nhan/", {"token": token}, follow=True)

    assert "Phiên nhập tệp đã hết hạn" in again.content.decode()


def test_export_download_reads_back(login, board_user, ward):
    run(ward, GOOD_ROWS)

    response = login(board_user).get("/don-vi/xuat-excel/")

    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:3] == ("Mã đơn vị", "Tên tổ chức", "Loại tổ chức")
    codes = [r[0] for r in rows[1:]]
    # Vietnamese order by name ("Chi bộ…" before "Đảng bộ…"), each unit followed by its sub-cells
    assert codes == ["KDC-01", "CA-01", "CA-01-01"]
    assert response["Content-Disposition"].endswith('.xlsx"')


# --- the commands ---------------------------------------------------------------------------


def test_export_and_import_commands_round_trip(ward, tmp_path, capsys):
    run(ward, GOOD_ROWS)
    before = snapshot()
    path = tmp_path / "to-chuc.xlsx"

    call_command("export_units", str(path))
    call_command("import_units", str(path))

    assert "không đổi 3" in capsys.readouterr().out
    assert snapshot() == before


def test_import_command_dry_run(ward, tmp_path, capsys):
    path = tmp_path / "moi.xlsx"
    path.write_bytes(xlsx(GOOD_ROWS).getvalue())

    call_command("import_units", str(path), "--dry-run")

    assert "Kiểm tra xong (chưa ghi): thêm 3" in capsys.readouterr().out
    assert not Unit.objects.filter(code="KDC-01").exists()


def test_import_command_fails_with_messages_on_stderr(ward, tmp_path, capsys):
    path = tmp_path / "loi.xlsx"
    path.write_bytes(xlsx([row(**{"Ngày số liệu": "31/02/2026"})]).getvalue())

    with pytest.raises(CommandError, match="1 lỗi"):
        call_command("import_units", str(path))

    assert "Dòng 2, cột «Ngày số liệu»: ngày «31/02/2026» không có thật" in capsys.readouterr().err


def test_commands_need_root_when_several_wards_exist(ward, other_ward, tmp_path):
    with pytest.raises(CommandError, match="--root"):
        call_command("export_units", str(tmp_path / "x.xlsx"))

    call_command("export_units", str(tmp_path / "x.xlsx"), "--root", ward.code)
    assert (tmp_path / "x.xlsx").exists()


def test_sub_cell_kinds_and_parents_stay_in_the_ward(ward):
    report = run(ward, [row(**{"Loại tổ chức": "Tổ đảng"})])

    expected = (
        "Dòng 2, cột «Loại tổ chức»: tổ đảng không thể trực thuộc đảng bộ phường: tổ đảng chỉ "
        "trực thuộc chi bộ cơ sở hoặc chi bộ trực thuộc"
    )
    assert expected in [str(p) for p in report.problems]
    assert Unit.objects.filter(kind=Kind.PARTY_GROUP).count() == 0


def test_a_sub_cells_bloc_is_exported_from_its_parent_and_stays_inherited(ward, board_user):
    run(ward, GOOD_ROWS)
    sub = Unit.objects.get(code="CA-01-01")
    assert sub.bloc_inherited

    exported = export_xlsx(ward, Unit.objects.all())
    sheet = load_workbook(io.BytesIO(exported)).active
    rows = {r[0]: r for r in sheet.iter_rows(min_row=2, values_only=True)}
    assert rows["CA-01-01"][3] == "Công an"  # filtering the workbook by bloc keeps it

    report = registry_import(ward=ward, table=read_xlsx(io.BytesIO(exported)), dry_run=False)

    assert report.counts["unchanged"] == 3
    assert Unit.objects.get(code="CA-01-01").bloc_inherited
    # Another bloc than its parent's is the sub-cell's own.
    rows_in = [list(r) for r in GOOD_ROWS]
    rows_in[2][3] = "Khu dân cư"
    run(ward, rows_in)
    own = Unit.objects.get(code="CA-01-01")
    assert not own.bloc_inherited and own.bloc == "residential"


def _with_formula(cached: str | None) -> io.BytesIO:
    """GOOD_ROWS with the first unit's members as the formula =40+2, saved with `cached` as
    its computed value (as Excel saves it) or without one (as a script would)."""
    import re

    rows = [list(r) for r in GOOD_ROWS]
    rows[0][5] = "=40+2"
    source = xlsx(rows)
    out = io.BytesIO()
    with zipfile.ZipFile(source) as zin, zipfile.ZipFile(out, "w") as zout:
        for item in zin.infolist():
            data = zin.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                value = f"<v>{cached}</v>" if cached is not None else ""
                data = re.sub(rb"(<f>40\+2</f>)(<v\s*/>|<v></v>)?", rb"\1" + value.encode(), data)
            zout.writestr(item, data)
    out.seek(0)
    return out


def test_a_formula_without_its_value_is_refused_by_its_cell(ward):
    with pytest.raises(ImportRefused) as refused:
        read_xlsx(_with_formula(None))

    assert "ô F2" in str(refused.value) and "công thức chưa có giá trị" in str(refused.value)
    assert not Unit.objects.filter(code="KDC-01").exists()


def test_a_formula_saved_with_its_value_is_read_as_that_value(ward):
    report = registry_import(ward=ward, table=read_xlsx(_with_formula("42")), dry_run=False)

    assert report.ok
    assert Unit.objects.get(code="KDC-01").figures.get().members == 42


def _bomb() -> io.BytesIO:
    """A valid workbook whose shared strings expand to 100 MB from a few hundred KB."""
    source = xlsx(GOOD_ROWS)
    out = io.BytesIO()
    with zipfile.ZipFile(source) as zin, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
        for item in zin.infolist():
            if item.filename != "xl/sharedStrings.xml":
                zout.writestr(item, zin.read(item.filename))
        with zout.open("xl/sharedStrings.xml", "w") as member:
            member.write(b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">')
            chunk = b"<si><t>" + b"A" * 1000 + b"</t></si>"
            for _ in range(100 * 1024):
                member.write(chunk)
            member.write(b"</sst>")
    out.seek(0)
    return out


def test_an_excel_bomb_is_refused_before_it_is_parsed(ward):
    import tracemalloc

    bomb = _bomb()
    assert len(bomb.getvalue()) < 1024 * 1024
    tracemalloc.start()
    try:
        with pytest.raises(ImportRefused, match="lượng dữ liệu bất thường"):
            read_xlsx(bomb)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 200 * 1024 * 1024, f"{peak / 1024 / 1024:.0f} MB"


def test_a_sheet_declaring_hundreds_of_columns_is_refused(ward):
    rows = [list(r) for r in GOOD_ROWS]
    rows[0] = rows[0] + [None] * 300 + ["x"]

    with pytest.raises(ImportRefused, match=f"{len(rows[0])} cột"):
        read_xlsx(xlsx(rows))
