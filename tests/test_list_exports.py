"""Every list to Excel: each list's «Xuất Excel» holds exactly the rows its filters show (no
page limit), in the person's scope, with Vietnamese headers, and no cell is a formula — a
text typed as "=HYPERLINK(…)" stays text."""

import datetime
import io

import pytest
from openpyxl import load_workbook

from consolidation.models import ComplexCase, Feedback, Inspection, PlanKind
from consolidation.services import inspections as inspection_services
from consolidation.services import registers as register_services
from organizations.models import Role
from tests.factories import UnitFactory, make_user
from tests.helpers import make_plan

D = datetime.date
FORMULA = '=HYPERLINK("http://x.example","bấm")'


def sheet_of(response):
    assert response.status_code == 200, response.status_code
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(response.content)).active
    for row in sheet.iter_rows():
        for cell in row:
            assert cell.data_type != "f", (cell.coordinate, cell.value)
    rows = [list(r) for r in sheet.iter_rows(values_only=True)]
    return rows[0], rows[1:]


def column(header, rows, name):
    return [r[header.index(name)] for r in rows]


@pytest.fixture
def many_units(ward):
    """55 units (more than a page of 50), each with a plan: half projects, half plans."""
    units = [
        UnitFactory(code=f"KDC-{n:03}", name=f"Chi bộ Khu dân cư số {n}", parent=ward)
        for n in range(100, 155)
    ]
    for index, unit in enumerate(units):
        make_plan(unit, kind=PlanKind.PROJECT if index % 2 else PlanKind.PLAN)
    return units


def test_the_plans_export_holds_every_filtered_row_not_one_page(login, board_user, many_units):
    header, rows = sheet_of(
        login(board_user).get("/ke-hoach/", {"kind": "project", "xuat": "xlsx"})
    )
    assert header[:3] == ["Tổ chức", "Mã", "Loại"]
    assert len(rows) == 27 and set(column(header, rows, "Loại")) == {"Đề án"}

    header, rows = sheet_of(login(board_user).get("/ke-hoach/", {"xuat": "xlsx"}))
    assert len(rows) == 55


def test_a_secretary_exports_their_own_units_rows_only(login, unit, secretary, many_units):
    make_plan(unit)
    header, rows = sheet_of(login(secretary).get("/ke-hoach/", {"xuat": "xlsx"}))
    assert column(header, rows, "Mã") == ["KDC-01"]


def test_the_round_board_export_follows_its_filter(
    login, board_user, confirmed_review, review_round
):
    header, rows = sheet_of(
        login(board_user).get(
            f"/ra-soat/{review_round.pk}/", {"conclusion": "weak", "xuat": "xlsx"}
        )
    )
    assert column(header, rows, "Mã") == ["KDC-01"]
    assert column(header, rows, "Kết luận") == ["Yếu kém"]
    header, rows = sheet_of(login(board_user).get(f"/ra-soat/{review_round.pk}/", {"xuat": "xlsx"}))
    assert sorted(column(header, rows, "Mã")) == ["KDC-01", "KDC-02"]


def test_the_plans_tasks_export(login, board_user, approved_plan):
    header, rows = sheet_of(
        login(board_user).get(f"/ke-hoach/{approved_plan.pk}/", {"xuat": "xlsx"})
    )
    assert "Rõ việc" in header and "Hạn hoàn thành" in header
    assert len(rows) == approved_plan.tasks.count()
    assert isinstance(rows[0][header.index("Hạn hoàn thành")], datetime.datetime)


def test_the_quarterly_grid_export_has_a_row_per_expected_plan(login, board_user, approved_plan):
    header, rows = sheet_of(login(board_user).get("/bao-cao-quy/", {"xuat": "xlsx"}))
    assert header[:3] == ["Tổ chức", "Mã", "Khối"] and len(header) > 3
    assert column(header, rows, "Mã") == ["KDC-01"]


def test_the_registers_exports_and_no_senders_name(login, board_user, office_user, unit):
    register_services.register_save(
        instance=ComplexCase(unit=unit, kind="petition", description=FORMULA), by=office_user
    )
    header, rows = sheet_of(
        login(board_user).get("/so-theo-doi/", {"xuat": "xlsx", "so": "vu-viec"})
    )
    assert column(header, rows, "Nội dung") == [FORMULA]  # text, not a live formula
    assert not any("gửi" in h.lower() for h in header)
    header, rows = sheet_of(
        login(board_user).get("/so-theo-doi/", {"xuat": "xlsx", "so": "can-bo"})
    )
    assert header[:2] == ["Tổ chức", "Họ tên"] and rows == []


def test_the_inspections_export_follows_the_year_and_the_scope(
    login, ward, unit, other_unit, inspection_user, other_secretary
):
    for year, units in ((2026, [unit, other_unit]), (2025, [unit])):
        inspection_services.inspection_save(
            inspection=Inspection(
                ward=ward,
                kind="inspection",
                mode="regular",
                subject=f"Kiểm tra {year}",
                starts_on=D(year, 10, 5),
            ),
            units=units,
            plans=[],
            by=inspection_user,
        )
    header, rows = sheet_of(login(inspection_user).get("/kiem-tra/", {"nam": 2026, "xuat": "xlsx"}))
    assert column(header, rows, "Nội dung") == ["Kiểm tra 2026"]
    assert "Chi bộ Khu dân cư số 1" in column(header, rows, "Tổ chức")[0]
    header, rows = sheet_of(login(other_secretary).get("/kiem-tra/", {"nam": 2026, "xuat": "xlsx"}))
    assert column(header, rows, "Tổ chức") == ["Chi bộ Khu dân cư số 2"]  # not unit 1's name


def test_the_feedback_export_follows_only_open(login, board_user, unit):
    for content, answered in ((FORMULA, False), ("Đã trả lời", True)):
        Feedback.objects.create(
            unit=unit,
            source="front",
            received_on=D(2026, 11, 1),
            content=content,
            responded_on=D(2026, 11, 5) if answered else None,
            response="Đã xử lý" if answered else "",
        )
    header, rows = sheet_of(login(board_user).get("/y-kien-nhan-dan/", {"mo": 1, "xuat": "xlsx"}))
    assert column(header, rows, "Nội dung") == [FORMULA]
    header, rows = sheet_of(login(board_user).get("/y-kien-nhan-dan/", {"xuat": "xlsx"}))
    assert len(rows) == 2


def test_the_accounts_export_follows_its_filter(
    login, ward, board_user, secretary, other_secretary
):
    make_user("btv", ward, Role.STANDING)
    header, rows = sheet_of(
        login(board_user).get("/tai-khoan/", {"role": "secretary", "xuat": "xlsx"})
    )
    assert sorted(column(header, rows, "Tên đăng nhập")) == ["bithu.kdc-01", "bithu.kdc-02"]
    assert set(column(header, rows, "Vai trò")) == {"Bí thư"}
