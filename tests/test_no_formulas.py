"""No text becomes a formula: a user's text starting like a formula is written as text (and
quote-prefixed) in every Excel export, the forms and the registry."""

import datetime
import io
import zipfile

import pytest
from openpyxl import load_workbook

from organizations.spreadsheets import FORMULA_STARTS
from reporting.appendices.appendix1 import appendix1
from reporting.appendices.appendix2 import appendix2
from reporting.appendices.appendix3 import appendix3
from reporting.renderers import render_document
from tests.reporting.conftest import accept, add_plan

HOSTILE = '=HYPERLINK("http://x","y")'
TODAY = datetime.date(2026, 12, 5)


def assert_no_formula(data: bytes, hostile: str) -> None:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        for name in archive.namelist():
            if name.startswith("xl/worksheets/"):
                assert b"<f>" not in archive.read(name) and b"<f " not in archive.read(name), name
    sheet = load_workbook(io.BytesIO(data)).active
    found = [c for row in sheet.iter_rows() for c in row if c.value == hostile]
    assert found, f"{hostile!r} is not in the workbook"
    for cell in found:
        assert cell.data_type == "s" and cell.quotePrefix, cell.coordinate


@pytest.mark.parametrize(
    "typed", [HOSTILE, "+1+1", "-2+3", "@SUM(A1:A9)", "\t=HYPERLINK(1)", "\r\n=1+1"]
)
def test_a_secretarys_summary_stays_text_in_phu_luc_3(typed, ward, board_user):
    from consolidation.services import quarterly as quarterly_services

    quarter = quarterly_services.quarter_ensure(ward, 2026, 4)
    plan = add_plan(ward, "KDC-66", "Chi bộ Khu dân cư số 66", number="05-KH/CB")
    update = accept(plan, quarter, typed, board_user)
    update.refresh_from_db()
    stored = update.summary  # trimmed, as every text is
    assert stored.startswith(FORMULA_STARTS)

    document = appendix3(user=board_user, scope=ward, quarter=quarter, today=TODAY)

    assert_no_formula(render_document(document, "xlsx"), stored)


def test_the_other_forms_keep_formula_like_text_as_text(ward, board_user):
    from consolidation.services import quarterly as quarterly_services

    quarter = quarterly_services.quarter_ensure(ward, 2026, 4)
    plan = add_plan(ward, "KDC-67", "Chi bộ Khu dân cư số 67", contents=HOSTILE)
    plan.tasks.update(what=HOSTILE)

    assert_no_formula(render_document(appendix1(plan=plan, today=TODAY), "xlsx"), HOSTILE)
    add_plan(ward, "KDC-69", HOSTILE)  # Phụ lục 2's table names the units
    document = appendix2(user=board_user, ward=ward, quarter=quarter, today=TODAY)
    assert_no_formula(render_document(document, "xlsx"), HOSTILE)


def test_a_unit_name_stays_text_in_the_registry_export(ward):
    from organizations.models import Unit
    from organizations.registry_io.export import export_xlsx
    from tests.factories import UnitFactory

    UnitFactory(code="KDC-68", name=HOSTILE, parent=ward)

    assert_no_formula(export_xlsx(ward, Unit.objects.all()), HOSTILE)
