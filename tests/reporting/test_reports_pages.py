import datetime
import io

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import CommandError, call_command
from docx import Document as WordDocument
from openpyxl import load_workbook

from reporting.appendices.appendix1 import appendix1
from reporting.appendices.appendix2 import appendix2, appendix2_figures, results_report_for
from reporting.models import ReportProfile
from reporting.services import profile_save, results_report_save


def test_appendix2_computes_its_figures(board_user, ward, q4, sample):
    figures = appendix2_figures(
        user=board_user, ward=ward, quarter=q4, today=datetime.date(2026, 12, 5)
    )

    assert figures["completed"] == 1  # recognized during the quarter
    assert figures["completed"] + figures["in_progress"] + figures["late"] == 4
    names = [row[0] for row in figures["per_plan"]]
    assert names == [
        "Chi bộ Khu dân cư số 2",
        "Chi bộ Khu dân cư số 10",
        "Chi bộ Khu dân cư số 31",
        "Đảng bộ Cơ quan phường",
    ]


def test_appendix2_counts_the_review(board_user, ward, q4, review_round):
    from tests.helpers import confirm, weak_input

    confirm(review_round.reviews.get(unit__code="KDC-01"), board_user, weak_input(("1.1", "3.4")))

    figures = appendix2_figures(
        user=board_user, ward=ward, quarter=q4, today=datetime.date(2026, 12, 5)
    )

    assert (figures["reviewed"], figures["needing"], figures["by_group"]) == (
        1,
        1,
        {1: 1, 2: 0, 3: 1},
    )


def test_the_board_writes_appendix2_text_that_is_kept_with_the_quarter(login, board_user, ward, q4):
    client = login(board_user)

    response = client.post(
        "/bao-cao/phu-luc-2/2026-Q4/",
        {
            "situation": "",
            "leadership": "Ban hành Kế hoạch 100-KH/ĐU; phân công cấp ủy viên phụ trách.",
            "strengths": "",
            "limitations": "",
            "direction": "",
            "proposals": "",
            "version": "1",
        },
    )

    assert response.status_code == 302
    document = appendix2(user=board_user, ward=ward, quarter=q4, today=datetime.date(2026, 12, 5))
    texts = [b.text for b in document.blocks if hasattr(b, "text")]
    assert "Ban hành Kế hoạch 100-KH/ĐU; phân công cấp ủy viên phụ trách." in texts


@pytest.mark.parametrize("fixture_name", ["standing_user", "secretary"])
def test_only_the_board_writes_appendix2_and_the_letterhead(request, login, ward, fixture_name):
    client = login(request.getfixturevalue(fixture_name))

    assert client.get("/bao-cao/phu-luc-2/2026-Q4/").status_code == 403
    assert client.get("/bao-cao/the-thuc/").status_code == 403
    assert client.get("/bao-cao/nhap-phu-luc-3/").status_code == 403


@pytest.mark.parametrize("fixture_name", ["standing_user", "secretary", "office_user"])
def test_the_services_refuse_the_texts_and_letterhead_to_anyone_but_the_board(
    request, ward, q4, fixture_name
):
    person = request.getfixturevalue(fixture_name)
    with pytest.raises(PermissionDenied):
        results_report_save(
            report=results_report_for(q4),
            data={"situation": "x"},
            by=person,
            expected_version=None,
        )
    with pytest.raises(PermissionDenied):
        profile_save(ward=ward, data={"signer_name": "Ai đó"}, by=person)
    assert not ReportProfile.objects.exists()


def test_the_letterhead_and_texts_are_recorded_under_their_author(board_user, ward, q4):
    profile = profile_save(ward=ward, data={"signer_name": "Trần Văn Minh"}, by=board_user)
    report = results_report_save(
        report=results_report_for(q4),
        data={"situation": "Ổn định"},
        by=board_user,
        expected_version=None,
    )

    assert profile.history.latest().history_user == board_user
    assert report.history.latest().history_user == board_user


def test_appendix1_fills_sections_i_to_ix_from_the_plan(approved_plan):
    document = appendix1(plan=approved_plan, today=datetime.date(2026, 6, 1))
    headings = [b.text for b in document.blocks if type(b).__name__ == "Heading" and b.level == 1]

    assert [h.split(".")[0] for h in headings] == [
        "I",
        "II",
        "III",
        "IV",
        "V",
        "VI",
        "VII",
        "VIII",
        "IX",
    ]
    assert document.title[0] == "ĐỀ ÁN" and document.letterhead.number == "Số 05-ĐA/CB"
    six = next(t for t in document.tables if t.key == "VII")
    assert six.columns[1:7] == [
        "Rõ việc",
        "Rõ người",
        "Rõ trách nhiệm",
        "Rõ tiến độ",
        "Rõ sản phẩm",
        "Rõ hiệu quả",
    ]
    assert len(six.rows) == approved_plan.tasks.count()
    assert six.rows[0][7] == "Người đứng đầu chưa nêu gương"  # the cause each task addresses


def test_the_reports_page_previews_and_downloads(login, board_user, sample):
    client = login(board_user)

    page = client.get("/bao-cao/", {"form": "appendix3", "quarter": "2026-Q4"}).content.decode()
    assert "TỔNG HỢP TÌNH HÌNH CỦNG CỐ" in page and "Chi bộ Khu dân cư số 10" in page
    assert 'id="long-pdf"' not in page  # the ward's forms are quick to make

    excel = client.get(
        "/bao-cao/tai-ve/", {"form": "appendix3", "quarter": "2026-Q4", "format": "xlsx"}
    )
    assert (
        excel["Content-Disposition"] == 'attachment; filename="phu-luc-3_2026-Q4_thu-nghiem.xlsx"'
    )
    assert load_workbook(io.BytesIO(excel.content)).active

    word = client.get(
        "/bao-cao/tai-ve/", {"form": "appendix2", "quarter": "2026-Q4", "format": "docx"}
    )
    assert word["Content-Disposition"].endswith('phu-luc-2_2026-Q4_thu-nghiem.docx"')
    assert WordDocument(io.BytesIO(word.content)).paragraphs


def test_the_reports_page_warns_that_a_long_pdf_takes_time(login, board_user, sample, monkeypatch):
    monkeypatch.setattr("reporting.views.LONG_PDF", 2)  # the sample's Phụ lục 3 has 4 rows

    page = login(board_user).get("/bao-cao/", {"form": "appendix3", "quarter": "2026-Q4"})

    assert "tệp PDF và Word được tạo trong nền" in page.content.decode()


def test_a_long_appendix3_previews_its_first_rows_and_the_file_has_them_all(
    login, board_user, sample, monkeypatch
):
    monkeypatch.setattr("reporting.views.PREVIEW_ROWS", 3)  # the sample's Phụ lục 3 has 4 rows
    client = login(board_user)
    query = {"form": "appendix3", "quarter": "2026-Q4"}

    page = client.get("/bao-cao/", query).content.decode()
    excel = load_workbook(
        io.BytesIO(client.get("/bao-cao/tai-ve/", {**query, "format": "xlsx"}).content)
    )

    assert "xem trước 3 dòng đầu trong 4 dòng" in page
    assert page.count("<tr") < 4 + 4  # header rows + 3
    assert "Đảng bộ Cơ quan phường" not in page.split('id="preview"')[1]  # the fourth row
    assert "Đảng bộ Cơ quan phường" in str(
        [c.value for row in excel.active.iter_rows() for c in row]
    )


def test_the_appendix1_choice_is_a_search_when_plans_are_many(
    login, board_user, sample, monkeypatch
):
    monkeypatch.setattr("reporting.views.PLAN_CHOICES", 2)
    client = login(board_user)

    empty = client.get("/bao-cao/", {"form": "appendix1"}).content.decode()
    found = client.get(
        "/bao-cao/", {"form": "appendix1", "plan_q": "khu dan cu so 10"}
    ).content.decode()

    assert (
        'name="plan_q"' in empty
        and "Kế hoạch củng cố" not in empty.split('name="plan"')[1].split("</select>")[0]
    )
    options = found.split('name="plan"')[1].split("</select>")[0]
    assert "Chi bộ Khu dân cư số 10" in options and "Chi bộ Khu dân cư số 2 " not in options
    chosen = sample["ten"].pk
    kept = client.get("/bao-cao/", {"form": "appendix1", "plan": chosen}).content.decode()
    assert f'value="{chosen}" selected' in kept


def test_a_secretary_prints_their_own_project_only(
    login, secretary, other_secretary, approved_plan
):
    client = login(secretary)

    response = client.get(
        "/bao-cao/tai-ve/", {"form": "appendix1", "plan": approved_plan.pk, "format": "docx"}
    )
    assert response.status_code == 200
    assert (
        client.get("/bao-cao/", {"form": "appendix3", "quarter": "2026-Q4"}).status_code == 200
    )  # shown P1 only
    assert (
        login(other_secretary)
        .get("/bao-cao/tai-ve/", {"form": "appendix1", "plan": approved_plan.pk, "format": "pdf"})
        .status_code
        == 404
    )


@pytest.mark.parametrize("fmt", ["html", "pdf", "xlsx", "docx"])
def test_export_report_command(ward, sample, tmp_path, fmt, capsys):
    path = tmp_path / f"p3.{fmt}"

    call_command(
        "export_report", "appendix3", "--quarter", "2026-Q4", "--format", fmt, "--output", str(path)
    )

    assert path.stat().st_size > 1000
    assert f"phu-luc-3_2026-Q4_thu-nghiem.{fmt}" in capsys.readouterr().out


def test_export_report_appendix1_and_appendix2(ward, approved_plan, tmp_path):
    call_command(
        "export_report",
        "appendix1",
        "--unit",
        "KDC-01",
        "--format",
        "docx",
        "--output",
        str(tmp_path / "p1.docx"),
    )
    call_command(
        "export_report",
        "appendix2",
        "--quarter",
        "2026-Q4",
        "--format",
        "xlsx",
        "--output",
        str(tmp_path / "p2.xlsx"),
    )

    assert WordDocument(str(tmp_path / "p1.docx")).paragraphs
    assert load_workbook(tmp_path / "p2.xlsx").active


def test_export_report_refuses_bad_arguments(ward, unit, tmp_path):
    with pytest.raises(CommandError, match="--unit"):
        call_command("export_report", "appendix1", "--output", str(tmp_path / "x.pdf"))
    with pytest.raises(CommandError, match="--quarter"):
        call_command("export_report", "appendix3", "--output", str(tmp_path / "x.pdf"))
    with pytest.raises(CommandError, match="năm-quý"):
        call_command(
            "export_report",
            "appendix3",
            "--quarter",
            "IV/2026",
            "--output",
            str(tmp_path / "x.pdf"),
        )
    with pytest.raises(CommandError, match="không có đề án"):
        call_command(
            "export_report", "appendix1", "--unit", "KDC-01", "--output", str(tmp_path / "x.pdf")
        )
    with pytest.raises(CommandError, match="Không có tổ chức nào mang mã «ZZ-9»"):
        call_command(
            "export_report", "appendix1", "--unit", "ZZ-9", "--output", str(tmp_path / "x.pdf")
        )


def test_the_scope_choice_is_a_search_when_committees_are_many(
    login, board_user, ward, sample, monkeypatch
):
    from tests.factories import UnitFactory

    monkeypatch.setattr("reporting.views.SCOPE_CHOICES", 1)
    for name in ("Đảng bộ Doanh nghiệp phường", "Đảng bộ Trường học phường"):
        UnitFactory(parent=ward, kind="base_committee", name=name)
    client = login(board_user)

    def options(query):
        page = client.get("/bao-cao/", {"form": "appendix3", "quarter": "2026-Q4", **query})
        return page.content.decode().split('name="scope"')[1].split("</select>")[0]

    empty = options({})
    found = options({"scope_q": "truong hoc"})
    chosen = ward.children.get(name="Đảng bộ Doanh nghiệp phường")
    kept = options({"scope": chosen.pk})

    assert "Thử Nghiệm" in empty and "Đảng bộ" not in empty.replace(ward.name, "")
    assert "Trường học" in found and "Doanh nghiệp" not in found
    assert f'value="{chosen.pk}" selected' in kept
    assert (
        client.get(
            "/bao-cao/", {"form": "appendix3", "quarter": "2026-Q4", "scope": "999999"}
        ).status_code
        == 404
    )


def test_a_long_appendix2_previews_the_first_plans_and_the_file_has_them_all(
    login, board_user, sample, monkeypatch
):
    monkeypatch.setattr("reporting.views.PREVIEW_ROWS", 2)  # 4 plans; its longest table has 5
    client = login(board_user)
    query = {"form": "appendix2", "quarter": "2026-Q4"}

    page = client.get("/bao-cao/", query).content.decode()
    excel = load_workbook(
        io.BytesIO(client.get("/bao-cao/tai-ve/", {**query, "format": "xlsx"}).content)
    )

    preview = page.split('id="preview"')[1]
    assert "xem trước 2 dòng đầu trong 5 dòng" in page
    assert "Chi bộ Khu dân cư số 10" in preview and "Đảng bộ Cơ quan phường" not in preview
    cells = str([c.value for sheet in excel for row in sheet.iter_rows() for c in row])
    assert "Đảng bộ Cơ quan phường" in cells


def test_a_form_is_built_once_until_a_figure_changes(login, board_user, sample, monkeypatch):
    from reporting import chosen
    from reporting.versions import figures_changed

    built = []
    real = chosen.appendix3
    monkeypatch.setattr(chosen, "appendix3", lambda **kwargs: built.append(1) or real(**kwargs))
    client = login(board_user)
    query = {"form": "appendix3", "quarter": "2026-Q4"}

    client.get("/bao-cao/", query)
    client.get("/bao-cao/tai-ve/", {**query, "format": "xlsx"})
    assert len(built) == 1
    figures_changed()
    client.get("/bao-cao/", query)
    assert len(built) == 2
