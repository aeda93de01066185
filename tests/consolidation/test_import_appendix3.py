"""Bringing in an old Phụ lục 3 workbook: matching, all or nothing, and a round trip."""

import datetime
import io
import unicodedata

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone
from openpyxl import Workbook, load_workbook

from consolidation.imports.appendix3 import appendix3_import, match_key
from consolidation.models import Plan, QuarterlyUpdate
from consolidation.services import plans as plan_services
from consolidation.services import quarterly as quarterly_services
from consolidation.services import reviews as review_services
from organizations.models import Bloc
from reporting.appendices.appendix3 import appendix3_rows
from tests.factories import UnitFactory

NFD = lambda text: unicodedata.normalize("NFD", text)  # noqa: E731 - what old keyboards send

ROWS = [
    [
        "1",
        NFD("Chi bộ KDC số 07"),
        "1, 3",
        NFD("Chấn chỉnh quy chế làm việc; giải quyết đơn thư lối đi chung"),
        "Số 01-ĐA/CB, ngày 28/5/2026",
        "20/05/2026",
        "31/12/2026",
        NFD("Đã sửa quy chế; đối thoại với các hộ."),
    ],
    [
        "2",
        "chi bo khu dan cu so 15",
        "3",
        "Giải quyết hồ sơ tồn đọng",
        "Số 04-KH/CB, ngày 29/5/2026",
        "20/05/2026",
        "31/12/2026",
        "Đã xác minh 5 hồ sơ.",
    ],
    [
        "3",
        "ĐẢNG BỘ CÔNG AN PHƯỜNG",
        "2",
        "Bồi dưỡng chi ủy viên",
        "Số 05-KH/ĐB, ngày 30/5/2026",
        datetime.datetime(2026, 5, 20),
        datetime.datetime(2026, 12, 31),
        "(Chưa có báo cáo quý)",
    ],
]


def workbook(rows=ROWS, header_block=True) -> bytes:
    wb = Workbook()
    ws = wb.active
    if header_block:
        ws.append(["ĐẢNG BỘ PHƯỜNG ĐỐNG ĐA", None, None, None, None, "ĐẢNG CỘNG SẢN VIỆT NAM"])
        ws.append(["ĐẢNG ỦY", None, None, None, None, "Đống Đa, ngày 10 tháng 6 năm 2026"])
        ws.append(["*"])
        ws.append([])
        ws.append([None, None, None, "PHỤ LỤC 3"])
        ws.append(
            [None, None, "TỔNG HỢP TÌNH HÌNH CỦNG CỐ TCCSĐ YẾU KÉM HOẶC CÓ VẤN ĐỀ CẦN QUAN TÂM"]
        )
        ws.append([None, None, None, "(Quý II/2026)"])
    ws.append(
        [
            "STT",
            "Tên TCCSĐ",
            "Nhóm biểu hiện (1/2/3)",
            "Nội dung cần củng cố",
            "Số, ngày ban hành đề án/Kế hoạch",
            "Thời gian đưa vào củng cố",
            "Thời gian dự kiến hoàn thành",
            "Tóm tắt kết quả thực hiện các nội dung củng cố",
        ]
    )
    ws.append(["(1)", "(2)", "(3)", "(4)", "(5)", "(6)", "(7)", "(8)"])
    for row in rows:
        ws.append(row)
    ws.append([])
    ws.append(["Nơi nhận:", None, None, None, None, "T/M BAN THƯỜNG VỤ"])
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


@pytest.fixture
def units(ward):
    return {
        "KDC-07": UnitFactory(code="KDC-07", name="Chi bộ Khu dân cư số 7", parent=ward),
        "KDC-15": UnitFactory(code="KDC-15", name="Chi bộ Khu dân cư số 15", parent=ward),
        "CA-01": UnitFactory(
            code="CA-01",
            name="Đảng bộ Công an phường",
            parent=ward,
            kind="base_committee",
            bloc=Bloc.POLICE,
        ),
    }


@pytest.fixture
def q2(ward):
    return quarterly_services.quarter_ensure(ward, 2026, 2)


def test_names_match_ignoring_accents_case_spacing_and_prefixes():
    assert (
        match_key("Chi bộ Khu dân cư số 7")
        == match_key("chi bo KDC  so 07")
        == match_key(NFD("KHU DÂN CƯ SỐ 7"))
    )
    assert match_key("Đảng bộ Công an phường") == match_key("Công an phường")
    assert match_key("Chi bộ Trường Tiểu học Hoà Bình") == match_key("Trường Tiểu học Hòa Bình")


def test_the_import_creates_plans_and_the_quarters_summaries(ward, units, q2, board_user):
    report = appendix3_import(
        ward=ward, quarter=q2, data=workbook(), dry_run=False, user=board_user
    )

    assert report.ok, [str(p) for p in report.problems]
    assert report.count("new") == 3
    plan = Plan.objects.get(unit=units["KDC-07"])
    assert plan.is_imported and plan.kind == "project" and plan.number == "01-ĐA/CB"
    assert plan.issued_on == datetime.date(2026, 5, 28)
    assert sorted(plan.groups.values_list("number", flat=True)) == [1, 3]
    assert unicodedata.is_normalized("NFC", plan.contents)
    assert Plan.objects.get(unit=units["CA-01"]).kind == "plan"
    update = QuarterlyUpdate.objects.get(plan=plan, quarter=q2)
    assert update.state == "accepted" and update.summary == "Đã sửa quy chế; đối thoại với các hộ."
    assert not QuarterlyUpdate.objects.filter(plan__unit=units["CA-01"]).exists()


def test_exporting_the_quarter_reproduces_the_imported_cells(ward, units, q2, board_user):
    from reporting.appendices.appendix3 import appendix3
    from reporting.renderers import render_document

    appendix3_import(ward=ward, quarter=q2, data=workbook(), dry_run=False, user=board_user)
    document = appendix3(user=board_user, scope=ward, quarter=q2, today=datetime.date(2026, 6, 10))
    sheet = load_workbook(io.BytesIO(render_document(document, "xlsx"))).active
    rows = [list(r[:8]) for r in sheet.iter_rows(values_only=True)]
    start = next(i for i, r in enumerate(rows) if r[0] == "(1)") + 1
    exported = {r[1]: [v or "" for v in r[2:8]] for r in rows[start : start + 3]}

    names = {
        "KDC-07": "Chi bộ Khu dân cư số 7",
        "KDC-15": "Chi bộ Khu dân cư số 15",
        "CA-01": "Đảng bộ Công an phường",
    }
    for code, source in zip(names, ROWS, strict=True):
        expected = [unicodedata.normalize("NFC", str(v)) for v in source[2:5]]
        expected += ["20/05/2026", "31/12/2026", unicodedata.normalize("NFC", source[7])]
        assert exported[names[code]] == expected, (
            code
        )  # matched by name, printed by the registry's name


def test_importing_the_same_workbook_again_changes_nothing(ward, units, q2, board_user):
    appendix3_import(ward=ward, quarter=q2, data=workbook(), dry_run=False, user=board_user)

    again = appendix3_import(ward=ward, quarter=q2, data=workbook(), dry_run=False, user=board_user)

    assert again.count("unchanged") == 3 and Plan.objects.count() == 3


def test_the_header_block_may_vary_or_be_missing(ward, units, q2):
    report = appendix3_import(
        ward=ward, quarter=q2, data=workbook(header_block=False), dry_run=True
    )

    assert report.ok and report.count("new") == 3
    assert not Plan.objects.exists()  # a dry run


def _bad(ward, q2, rows, expected):
    before = (Plan.objects.count(), QuarterlyUpdate.objects.count())
    report = appendix3_import(ward=ward, quarter=q2, data=workbook(rows), dry_run=False)
    messages = [str(p) for p in report.problems]
    assert not report.ok
    assert any(expected in m for m in messages), messages
    assert (Plan.objects.count(), QuarterlyUpdate.objects.count()) == before


def row(index=0, **changes):
    values = list(ROWS[index])
    for position, value in changes.items():
        values[int(position[1:]) - 1] = value
    return values


def test_an_unknown_unit_is_reported_with_its_row(ward, units, q2):
    _bad(
        ward,
        q2,
        [ROWS[0], row(1, c2="Chi bộ Khu dân cư số 99")],
        "Dòng 11, cột «Tên TCCSĐ»: không tìm thấy tổ chức «Chi bộ Khu dân cư số 99»",
    )


def test_a_malformed_group(ward, units, q2):
    _bad(
        ward,
        q2,
        [row(c3="Nhóm 4")],
        "Dòng 10, cột «Nhóm biểu hiện»: «Nhóm 4» không phải nhóm 1, 2, 3",
    )


def test_a_number_without_its_type(ward, units, q2):
    _bad(ward, q2, [row(c5="Số 01/CB ngày 28/5/2026")], "không đọc được số đề án/kế hoạch")


def test_a_date_that_does_not_exist(ward, units, q2):
    _bad(
        ward,
        q2,
        [row(c6="31/02/2026")],
        "Dòng 10, cột «Thời gian đưa vào củng cố»: ngày «31/02/2026» không có thật",
    )


def test_a_plan_issued_after_today_is_refused_on_its_row(ward, units, q2):
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    _bad(
        ward,
        q2,
        [row(c5=f"Số 01-ĐA/CB, ngày {tomorrow:%d/%m/%Y}")],
        f"Dòng 10, cột «Số, ngày ban hành»: Ngày ban hành ({tomorrow:%d/%m/%Y}) không được sau",
    )


def test_an_end_before_the_start(ward, units, q2):
    _bad(
        ward,
        q2,
        [row(c7="01/05/2026")],
        "thời gian dự kiến hoàn thành phải sau thời gian đưa vào củng cố",
    )


def test_the_same_unit_twice(ward, units, q2):
    _bad(ward, q2, [ROWS[0], row(0, c2="Chi bộ Khu dân cư số 7")], "đã có ở dòng 10")


def test_a_workbook_without_the_numbers_row(ward, units, q2):
    wb = Workbook()
    wb.active.append(["STT", "Tên"])
    wb.active.append(["1", "Chi bộ Khu dân cư số 7"])
    buffer = io.BytesIO()
    wb.save(buffer)

    report = appendix3_import(ward=ward, quarter=q2, data=buffer.getvalue(), dry_run=False)

    assert "dòng đánh số cột (1) (2) … (8)" in str(report.problems[0])


def test_a_review_confirmed_later_adopts_the_imported_plan(ward, units, q2, board_user):
    from consolidation.models import Conclusion
    from tests.helpers import confirm, weak_input

    appendix3_import(ward=ward, quarter=q2, data=workbook(), dry_run=False, user=board_user)
    round_ = review_services.round_open(
        ward=ward,
        name="2026",
        period="10/2026",
        dates=review_services.default_round_dates(2026),
        by=board_user,
    )
    review = round_.reviews.get(unit=units["KDC-15"])
    confirm(review, board_user, weak_input(("2.1",), conclusion=Conclusion.COMPLEX))

    plan = plan_services.plan_create_from_review(review=review, by=board_user)

    assert plan.is_imported and plan.review == review
    assert sorted(plan.groups.values_list("number", flat=True)) == [2]  # the review's groups now
    assert Plan.objects.filter(unit=units["KDC-15"]).count() == 1


def test_the_command_imports_and_fails_loudly(ward, units, tmp_path, capsys):
    good = tmp_path / "p3.xlsx"
    good.write_bytes(workbook())
    bad = tmp_path / "sai.xlsx"
    bad.write_bytes(workbook([row(c3="")]))

    call_command("import_appendix3", str(good), "--quarter", "2026-Q2")
    assert "Đã nhập Phụ lục 3 Quý II/2026: thêm 3" in capsys.readouterr().out
    with pytest.raises(CommandError, match="1 lỗi"):
        call_command("import_appendix3", str(bad), "--quarter", "2026-Q2")
    assert "Dòng 10, cột «Nhóm biểu hiện»" in capsys.readouterr().err
    with pytest.raises(CommandError, match="năm-quý"):
        call_command("import_appendix3", str(good), "--quarter", "Q2-2026")


def test_the_upload_page_previews_then_confirms(login, board_user, ward, units):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client = login(board_user)
    preview = client.post(
        "/bao-cao/nhap-phu-luc-3/",
        {"quarter": "2026-Q2", "file": SimpleUploadedFile("p3.xlsx", workbook())},
    )
    html = preview.content.decode()
    assert "Chi bộ Khu dân cư số 7" in html and not Plan.objects.exists()
    token = html.split('name="token" value="')[1].split('"')[0]

    client.post("/bao-cao/nhap-phu-luc-3/xac-nhan/", {"token": token})

    assert Plan.objects.count() == 3
    assert appendix3_rows(
        user=board_user, scope=ward, quarter=quarterly_services.quarter_ensure(ward, 2026, 2)
    )


def test_each_change_the_import_makes_is_recorded_under_the_importer(ward, units, q2, board_user):
    from consolidation.models import UpdateEvent, UpdateEventKind

    appendix3_import(ward=ward, quarter=q2, data=workbook(), dry_run=False, user=board_user)

    for plan in Plan.objects.all():
        records = list(plan.history.order_by("history_date"))  # the plan, then its groups
        assert records[0].history_type == "+"
        assert {r.history_user for r in records} == {board_user}
    summaries = QuarterlyUpdate.objects.exclude(summary="")
    assert summaries.count() == 2  # the third row had only the "no report" mark
    events = UpdateEvent.objects.filter(kind=UpdateEventKind.IMPORTED)
    assert sorted(e.update_id for e in events) == sorted(u.pk for u in summaries)
    assert {e.by for e in events} == {board_user}

    changed = [list(r) for r in ROWS]
    changed[1][3] = "Giải quyết hồ sơ tồn đọng và đơn thư"
    appendix3_import(ward=ward, quarter=q2, data=workbook(changed), dry_run=False, user=board_user)

    kdc15 = Plan.objects.get(unit__code="KDC-15")
    latest = kdc15.history.order_by("-history_date").first()
    assert latest.history_user == board_user
    assert latest.contents == "Giải quyết hồ sơ tồn đọng và đơn thư"
    kdc07 = Plan.objects.get(unit__code="KDC-07")
    assert kdc07.history.count() == 2  # unchanged by the second import: nothing recorded


def test_the_command_records_who_imported(ward, units, q2, board_user, tmp_path):
    path = tmp_path / "phu-luc-3.xlsx"
    path.write_bytes(workbook())

    call_command(
        "import_appendix3", str(path), "--quarter", "2026-Q2", "--by", "bxd", stdout=io.StringIO()
    )

    assert {h.history_user for p in Plan.objects.all() for h in p.history.all()} == {board_user}


def test_a_row_for_a_unit_with_another_running_plan_is_refused_on_its_row(
    ward, units, q2, board_user
):
    appendix3_import(ward=ward, quarter=q2, data=workbook([ROWS[0]]), dry_run=False)
    running = Plan.objects.get(unit=units["KDC-07"])

    _bad(
        ward,
        q2,
        [row(c5="Số 09-ĐA/CB, ngày 28/5/2026")],
        "Dòng 10, cột «Số, ngày ban hành»: «Chi bộ Khu dân cư số 7» đang thực hiện đề án, kế hoạch chưa được công nhận hoàn thành "
        f"({running.number_display})",
    )


def test_bloc_sub_headings_inside_the_table_are_skipped_and_the_rows_below_read(
    ward, units, q2, board_user
):
    heading = ["II. KHỐI KHU DÂN CƯ", None, None, None, None, None, None, None]
    other = ["B. Khối lực lượng vũ trang", None, None, None, None, None, None, None]

    report = appendix3_import(
        ward=ward,
        quarter=q2,
        data=workbook([heading, ROWS[0], ROWS[1], other, ROWS[2]]),
        dry_run=False,
        user=board_user,
    )

    assert report.ok, [str(p) for p in report.problems]
    assert report.count("new") == 3


def test_a_plan_starting_after_the_quarter_is_refused_on_its_row(ward, units, q2):
    _bad(
        ward,
        q2,
        [row(c6="01/07/2026", c7="31/12/2026")],
        "Dòng 10, cột «Thời gian đưa vào củng cố»: thời gian đưa vào củng cố (01/07/2026) sau "
        "khi Quý II/2026 kết thúc (30/06/2026)",
    )


@pytest.mark.parametrize(
    ("written", "registered"),
    [
        ("Chi bộ Trường MN Hoa Sen", "Chi bộ Trường Mầm non Hoa Sen"),
        ("Chi bộ Trường THCS Láng Thượng", "Chi bộ Trường Trung học cơ sở Láng Thượng"),
        ("Chi bộ UBND phường", "Chi bộ Ủy ban nhân dân phường"),
        ("Chi bộ TDP số 3", "Chi bộ Tổ dân phố số 3"),
        ("Chi bộ Cty CP May 10", "Chi bộ Công ty cổ phần May 10"),
        ("Chi bộ BQL chợ", "Chi bộ Ban quản lý chợ"),
    ],
)
def test_the_usual_abbreviations_match(written, registered):
    assert match_key(written) == match_key(registered)


def _accepted_then_changed(ward, q2, board_user):
    appendix3_import(ward=ward, quarter=q2, data=workbook(), dry_run=False, user=board_user)
    return [row(c8="Đã hoàn thành sửa quy chế (bản mới)"), ROWS[1], ROWS[2]]


def test_replacing_an_accepted_summary_needs_its_own_confirmation(ward, units, q2, board_user):
    rows = _accepted_then_changed(ward, q2, board_user)
    update = QuarterlyUpdate.objects.get(plan__unit=units["KDC-07"], quarter=q2)
    before = update.summary

    preview = appendix3_import(ward=ward, quarter=q2, data=workbook(rows), dry_run=True)
    assert preview.ok and [r.number for r in preview.overwrites] == [10]
    assert (
        "Tóm tắt kết quả",
        before,
        "Đã hoàn thành sửa quy chế (bản mới)",
    ) in preview.rows[0].changes

    refused = appendix3_import(ward=ward, quarter=q2, data=workbook(rows), dry_run=False)
    assert not refused.ok and refused.awaiting_overwrite
    assert any("đã được Ban Xây dựng Đảng tiếp nhận" in str(p) for p in refused.problems)
    assert QuarterlyUpdate.objects.get(pk=update.pk).summary == before

    done = appendix3_import(
        ward=ward, quarter=q2, data=workbook(rows), dry_run=False, overwrite_accepted=True
    )
    assert done.ok
    assert (
        QuarterlyUpdate.objects.get(pk=update.pk).summary == "Đã hoàn thành sửa quy chế (bản mới)"
    )


def test_the_preview_shows_old_and_new_and_asks_before_overwriting(
    login, board_user, ward, units, q2
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    rows = _accepted_then_changed(ward, q2, board_user)
    client = login(board_user)
    html = client.post(
        "/bao-cao/nhap-phu-luc-3/",
        {"quarter": "2026-Q2", "file": SimpleUploadedFile("p3.xlsx", workbook(rows))},
    ).content.decode()
    assert "<ins>Đã hoàn thành sửa quy chế (bản mới)</ins>" in html
    assert 'id="overwrite-accepted"' in html
    token = html.split('name="token" value="')[1].split('"')[0]

    again = client.post("/bao-cao/nhap-phu-luc-3/xac-nhan/", {"token": token}).content.decode()
    assert "ghi đè cần xác nhận riêng" in again
    token = again.split('name="token" value="')[1].split('"')[0]  # the file still waits
    client.post("/bao-cao/nhap-phu-luc-3/xac-nhan/", {"token": token, "overwrite_accepted": "yes"})
    assert QuarterlyUpdate.objects.get(plan__unit=units["KDC-07"], quarter=q2).summary == (
        "Đã hoàn thành sửa quy chế (bản mới)"
    )
