"""Workbooks as Excel expects them: each font's properties in the schema's order (the Open
XML SDK, and Excel for Mac which repairs such a file, refuse openpyxl's name-first order), and
rows written as sheet XML read back as the values they were."""

import io
import zipfile

from lxml import etree
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Font

from organizations.spreadsheets import (
    FONT_ORDER,
    SPREADSHEET,
    sheet_rows,
    text_style,
    workbook_bytes,
)


def font_orders(data: bytes) -> list[list[str]]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        root = etree.fromstring(archive.read("xl/styles.xml"))
    return [
        [child.tag.removeprefix(SPREADSHEET) for child in font]
        for font in root.iter(f"{SPREADSHEET}font")
    ]


def test_each_fonts_properties_are_written_in_the_schemas_order():
    workbook = Workbook()
    cell = workbook.active["A1"]
    cell.value = "Đảng bộ"
    cell.font = Font(name="Times New Roman", size=13, bold=True, italic=True, underline="single")

    orders = font_orders(workbook_bytes(workbook))

    assert ["b", "i", "u", "sz", "name"] in [[t for t in o if t != "family"] for o in orders]
    assert all(o == sorted(o, key=FONT_ORDER.index) for o in orders)
    reread = load_workbook(io.BytesIO(workbook_bytes(workbook))).active["A1"]
    assert reread.value == "Đảng bộ" and reread.font.b and reread.font.sz == 13


def test_the_forms_and_the_registry_export_write_fonts_in_order(ward):
    from organizations.models import Unit
    from organizations.registry_io.export import export_xlsx
    from reporting.documents import Document, Letterhead, Table
    from reporting.renderers import render_document
    from tests.factories import UnitFactory

    UnitFactory(code="KDC-01", name="Chi bộ Khu dân cư số 1", parent=ward)
    document = Document(
        kind="appendix3",
        letterhead=Letterhead("ĐẢNG BỘ PHƯỜNG", "ĐẢNG ỦY", "ngày 05 tháng 12 năm 2026"),
        label="PHỤ LỤC 3",
        title=["TỔNG HỢP"],
        blocks=[Table(columns=["STT", "Tên"], rows=[["1", "Chi bộ"]])],
    )

    for data in (render_document(document, "xlsx"), export_xlsx(ward, Unit.objects.all())):
        orders = font_orders(data)
        assert orders and all(o == sorted(o, key=FONT_ORDER.index) for o in orders)


def test_rows_written_as_sheet_xml_read_back_as_they_were():
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Danh sách")
    sheet.append(["Mã", "Tên", "Số"])
    rows = [
        ["KDC-01", "  Chi bộ Khu dân cư số 1  ", 12],
        ["KDC-02", "dòng 1\r\ndòng 2\nđòng 3", 1.5],
        ["KDC-03", "<Tổ> & \"Đội\" 'A'", 0],
        ["KDC-04", None, None, "", "cột E"],
        ["KDC-05", "ký tự\x0b lạ\x00", -3],
        *(
            [f"KDC-1{i}", typed, i]
            for i, typed in enumerate(["=1+1", "+1", "-2", "@A1", "\t=1", "\r=1"])
        ),
    ]

    data = workbook_bytes(workbook, sheet_rows(rows, first=2, quoted=text_style(sheet)))

    read = load_workbook(io.BytesIO(data)).active
    values = [[cell.value for cell in row] for row in read.iter_rows(min_row=2)]
    assert values[:5] == [
        ["KDC-01", "  Chi bộ Khu dân cư số 1  ", 12, None, None],
        ["KDC-02", "dòng 1\r\ndòng 2\nđòng 3", 1.5, None, None],
        ["KDC-03", "<Tổ> & \"Đội\" 'A'", 0, None, None],
        ["KDC-04", None, None, None, "cột E"],
        ["KDC-05", "ký tự lạ", -3, None, None],  # what XML cannot hold is left out
    ]
    assert [row[1] for row in values[5:]] == ["=1+1", "+1", "-2", "@A1", "\t=1", "\r=1"]
    for row in read.iter_rows(min_row=2):
        name, number = row[1], row[2]
        assert name.value is None or name.data_type == "s"
        assert name.quotePrefix == (row[0].value.startswith("KDC-1")), row[0].value
        assert number.value is None or number.data_type == "n"
    assert read["A1"].value == "Mã" and read.max_row == len(rows) + 1
