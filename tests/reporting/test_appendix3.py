"""Phụ lục 3: the rows, thoroughly (renderers get smoke tests of their own)."""

import datetime

from consolidation.models import MARK_MISSING, MARK_SUBMITTED
from reporting.appendices.appendix3 import appendix3, appendix3_rows
from tests.factories import UnitFactory
from tests.reporting.conftest import add_plan


def test_rows_are_the_plans_active_in_the_quarter_in_vietnamese_order(board_user, ward, q4, sample):
    rows = appendix3_rows(user=board_user, scope=ward, quarter=q4)

    assert [r[1] for r in rows] == [
        "Chi bộ Khu dân cư số 2",
        "Chi bộ Khu dân cư số 10",
        "Chi bộ Khu dân cư số 31",
        "Đảng bộ Cơ quan phường",
    ]
    assert [r[0] for r in rows] == ["1", "2", "3", "4"]


def test_columns_exactly_as_the_form(board_user, ward, q4, sample):
    row = next(
        r
        for r in appendix3_rows(user=board_user, scope=ward, quarter=q4)
        if r[1] == "Chi bộ Khu dân cư số 10"
    )

    assert row == [
        "2",
        "Chi bộ Khu dân cư số 10",
        "1, 3",
        "Chấn chỉnh sinh hoạt chi bộ",
        "Số 05-KH/CB, ngày 12/5/2026",
        "20/05/2026",
        "31/12/2026",
        "Đã sửa quy chế làm việc; sinh hoạt nền nếp.",
    ]


def test_column_8_marks_what_is_only_submitted_or_missing(board_user, ward, q4, sample):
    rows = {r[1]: r[7] for r in appendix3_rows(user=board_user, scope=ward, quarter=q4)}

    assert rows["Chi bộ Khu dân cư số 2"] == f"Đã bồi dưỡng bí thư.\n{MARK_SUBMITTED}"
    assert rows["Đảng bộ Cơ quan phường"] == MARK_MISSING


def test_a_base_committee_reports_over_its_own_sub_cells(board_user, ward, q4):
    committee = UnitFactory(
        code="DN-01", name="Đảng bộ Doanh nghiệp phường", parent=ward, kind="base_committee"
    )
    add_plan(ward, "DN-01-01", "Chi bộ Công ty A", parent=committee)
    add_plan(ward, "KDC-05", "Chi bộ Khu dân cư số 5")

    rows = appendix3_rows(user=board_user, scope=committee, quarter=q4)
    document = appendix3(
        user=board_user, scope=committee, quarter=q4, today=datetime.date(2026, 12, 5)
    )

    assert [r[1] for r in rows] == ["Chi bộ Công ty A"]
    assert document.letterhead.issuer == "ĐẢNG BỘ DOANH NGHIỆP PHƯỜNG"
    assert document.filename_stem.endswith("_dn-01")


def test_the_header_comes_from_the_wards_profile_not_from_code(board_user, ward, q4, sample):
    from reporting.appendices.common import profile_for

    profile = profile_for(ward)
    profile.superior_body = "ĐẢNG BỘ PHƯỜNG THỬ NGHIỆM"
    profile.place = "Thử Nghiệm"
    profile.signer_name = "Nguyễn Văn Ký"
    profile.save()

    document = appendix3(user=board_user, scope=ward, quarter=q4, today=datetime.date(2026, 12, 5))

    assert document.letterhead.superior == "ĐẢNG BỘ PHƯỜNG THỬ NGHIỆM"
    assert document.letterhead.place_date == "Thử Nghiệm, ngày 05 tháng 12 năm 2026"
    assert (document.label, document.subtitle) == ("PHỤ LỤC 3", "(Quý IV/2026)")
    assert (
        document.signature.for_line == "T/M BAN THƯỜNG VỤ"
        and document.signature.name == "Nguyễn Văn Ký"
    )
    assert document.filename_stem == "phu-luc-3_2026-Q4_thu-nghiem"
    assert document.tables[0].numbering == ["(1)", "(2)", "(3)", "(4)", "(5)", "(6)", "(7)", "(8)"]


def test_a_secretary_sees_only_their_plan(login, ward, q4, sample):
    secretary = sample["ten"].unit.memberships.get().user

    rows = appendix3_rows(user=secretary, scope=ward, quarter=q4)

    assert [r[1] for r in rows] == ["Chi bộ Khu dân cư số 10"]


def test_place_date_zero_pads_days_and_early_months():
    from reporting.documents import place_date

    assert place_date("Đống Đa", datetime.date(2026, 2, 5)) == "Đống Đa, ngày 05 tháng 02 năm 2026"
    assert place_date("Đống Đa", datetime.date(2026, 4, 24)) == "Đống Đa, ngày 24 tháng 4 năm 2026"
