"""Key cadres evaluated every quarter (seed 003): the level from the total at 89.9 / 90, the
"02 quý liên tiếp" rule across a year's end, the flag cleared by a replacement, all-or-nothing
saves and imports naming each row, and the target counting evaluations by product."""

import datetime
import io
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from openpyxl import Workbook

from consolidation.models import (
    Cadre,
    CadreAction,
    CadreEvaluation,
    KeyRole,
    failing_two_quarters,
    replacement_due,
)
from consolidation.selectors.cadres import evaluated_ratio, replacement_flags
from consolidation.services import cadres as cadre_services
from consolidation.services.cadres import EvaluationInput
from organizations.models import RatingLevel, Unit
from organizations.registry_io.read import read_xlsx

D = datetime.date


@pytest.fixture
def cadre(unit):
    return Cadre.objects.create(
        unit=unit, name="Trần Thị Hồng", position="Phó Bí thư", key_role=KeyRole.DEPUTY
    )


def evaluate(cadre, year, quarter, scores, by, products="Nghị quyết chi bộ tháng 7"):
    return cadre_services.evaluations_save(
        rows=[EvaluationInput(cadre, 1, [str(s) for s in scores], products)],
        year=year,
        quarter=quarter,
        by=by,
    )


@pytest.mark.parametrize(
    ("scores", "level"),
    [
        ((22.5, 22.5, 22.5, 22.5), RatingLevel.EXCELLENT),  # 90
        ((22.5, 22.5, 22.5, 22.4), RatingLevel.GOOD),  # 89.9
        ((17.5, 17.5, 17.5, 17.5), RatingLevel.GOOD),  # 70
        ((12.5, 12.5, 12.5, 12.4), RatingLevel.NOT_COMPLETED),  # 49.9
        ((12.5, 12.5, 12.5, 12.5), RatingLevel.COMPLETED),  # 50
    ],
)
def test_the_level_follows_the_total_of_the_four_groups(cadre, board_user, scores, level):
    (saved,) = evaluate(cadre, 2026, 3, scores, board_user)
    assert saved.level == level
    assert saved.total == sum(Decimal(str(s)) for s in scores)


def test_a_score_out_of_range_or_missing_is_refused_naming_the_row(cadre, board_user):
    with pytest.raises(ValidationError) as refused:
        evaluate(cadre, 2026, 3, (26, 20, 20, 20), board_user)
    assert "Dòng 1 (Trần Thị Hồng)" in refused.value.messages[0]
    assert "từ 0 đến 25" in refused.value.messages[0]
    with pytest.raises(ValidationError) as refused:
        evaluate(cadre, 2026, 3, (20, "", 20, 20), board_user)
    assert "Chất lượng phục vụ người dân, doanh nghiệp" in refused.value.messages[0]
    with pytest.raises(ValidationError) as refused:
        evaluate(cadre, 2026, 3, ("hai mươi", 20, 20, 20), board_user)
    assert "không phải một số" in refused.value.messages[0]
    assert not CadreEvaluation.objects.exists()


def test_a_bulk_save_is_all_or_nothing(unit, cadre, board_user):
    other = Cadre.objects.create(
        unit=unit, name="Lê Văn A", position="Bí thư", key_role="secretary"
    )
    rows = [
        EvaluationInput(other, 1, ["20", "20", "20", "20"], "Sản phẩm"),
        EvaluationInput(cadre, 2, ["20", "20", "30", "20"], "Sản phẩm"),
    ]
    with pytest.raises(ValidationError) as refused:
        cadre_services.evaluations_save(rows=rows, year=2026, quarter=3, by=board_user)
    assert refused.value.messages == [
        "Dòng 2 (Trần Thị Hồng): Điểm «Năng lực phối hợp» phải từ 0 đến 25."
    ]
    assert not CadreEvaluation.objects.exists()
    rows[1].scores[2] = "20"
    assert len(cadre_services.evaluations_save(rows=rows, year=2026, quarter=3, by=board_user)) == 2


def test_only_the_board_evaluates_and_only_key_cadres_in_post(cadre, secretary, board_user):
    with pytest.raises(PermissionDenied):
        evaluate(cadre, 2026, 3, (20, 20, 20, 20), secretary)
    cadre.until = D(2026, 7, 1)  # left the post on the quarter's first day
    cadre.save()
    with pytest.raises(ValidationError) as refused:
        evaluate(cadre, 2026, 3, (20, 20, 20, 20), board_user)
    assert "không (còn) là cán bộ chủ chốt" in refused.value.messages[0]
    evaluate(cadre, 2026, 2, (20, 20, 20, 20), board_user)  # the quarter before, still in post


def fails(*quarters):
    return [
        CadreEvaluation(year=y, quarter=q, level=RatingLevel.NOT_COMPLETED) for y, q in quarters
    ]


@pytest.mark.parametrize(
    ("failed", "flag"),
    [
        (((2026, 4), (2027, 1)), (2027, 1)),  # consecutive across the year's end
        (((2026, 3), (2027, 1)), None),  # a quarter between
        (((2025, 4), (2026, 4)), None),  # the same quarter a year apart
        (((2026, 2), (2026, 3), (2026, 4)), (2026, 4)),  # the latest pair
        (((2026, 3),), None),
    ],
)
def test_two_consecutive_failing_quarters(failed, flag):
    assert failing_two_quarters(fails(*failed)) == flag


def test_a_yearly_evaluation_is_not_a_quarter():
    year = CadreEvaluation(year=2027, quarter=0, level=RatingLevel.NOT_COMPLETED)
    evaluations = [*fails((2026, 4)), year]
    assert failing_two_quarters(evaluations) is None


def test_the_flag_holds_until_the_cadre_is_replaced_or_leaves(cadre, board_user):
    for quarter in (2, 3):
        evaluate(cadre, 2026, quarter, (10, 10, 10, 10), board_user)
    units = Unit.objects.filter(pk=cadre.unit_id)

    assert replacement_flags(units, D(2026, 10, 5)) == {cadre.pk: "Quý III/2026"}
    cadre.action, cadre.action_on = CadreAction.TRAINING, D(2026, 10, 1)
    cadre.save()
    assert replacement_flags(units, D(2026, 10, 5)) == {cadre.pk: "Quý III/2026"}  # not enough
    cadre.action = CadreAction.REPLACEMENT
    cadre.save()
    assert replacement_flags(units, D(2026, 10, 5)) == {}
    cadre.action, cadre.until = CadreAction.NONE, D(2026, 10, 5)
    cadre.save()
    assert replacement_due(cadre, list(cadre.evaluations.all()), D(2026, 10, 5)) is None


def test_evaluated_by_product_needs_a_product_or_a_task(unit, cadre, board_user, plan):
    other = Cadre.objects.create(
        unit=unit, name="Lê Văn A", position="Bí thư", key_role="secretary"
    )
    third = Cadre.objects.create(
        unit=unit, name="Lê Văn B", position="Chi ủy viên", key_role="committee"
    )
    evaluate(cadre, 2026, 3, (20, 20, 20, 20), board_user)
    evaluate(other, 2026, 3, (20, 20, 20, 20), board_user, products="")
    task = plan.tasks.first() or plan.tasks.create(group=plan.groups.first(), what="Việc")
    cadre_services.evaluations_save(
        rows=[EvaluationInput(third, 1, ["20"] * 4, "", [task.pk])],
        year=2026,
        quarter=3,
        by=board_user,
    )

    ratio = evaluated_ratio(Unit.objects.all(), 2026, 3)
    assert (ratio.numerator, ratio.denominator) == (2, 3)  # "other" has no product


def test_a_task_of_another_units_plan_is_refused(cadre, other_unit, board_user, plan):
    from consolidation.models import Plan

    foreign = Plan.objects.create(
        unit=other_unit,
        kind="plan",
        title="x",
        started_on=D(2026, 5, 1),
        expected_end=D(2026, 12, 31),
    )
    task = foreign.tasks.create(group=plan.groups.first() or None, what="Việc khác")
    with pytest.raises(ValidationError) as refused:
        cadre_services.evaluations_save(
            rows=[EvaluationInput(cadre, 1, ["20"] * 4, "x", [task.pk])],
            year=2026,
            quarter=3,
            by=board_user,
        )
    assert "không thuộc đề án, kế hoạch của" in refused.value.messages[0]


def workbook(rows):
    book = Workbook()
    sheet = book.active
    sheet.append(cadre_services.IMPORT_COLUMNS)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    buffer.seek(0)
    return read_xlsx(buffer)


def test_the_workbook_import_matches_cadres_and_names_each_unknown_row(unit, cadre, board_user):
    good = [unit.code.lower(), unit.name, "tran thi hong", "Phó Bí thư", 20, 21.5, 19, 18, "SP"]
    bad = [unit.code, unit.name, "Người Lạ", "Bí thư", 20, 20, 20, 20, "SP"]

    with pytest.raises(ValidationError) as refused:
        cadre_services.rows_from_workbook(workbook([good, bad]), [cadre])
    assert refused.value.messages == [
        f"Dòng 3 (Người Lạ): không có cán bộ chủ chốt «Người Lạ» ở tổ chức mã «{unit.code}» "
        "trong sổ cán bộ."
    ]
    rows = cadre_services.rows_from_workbook(workbook([good]), [cadre])
    (saved,) = cadre_services.evaluations_save(rows=rows, year=2026, quarter=3, by=board_user)
    assert saved.total == Decimal("78.5") and saved.products == "SP"


def test_a_workbook_without_the_columns_is_refused_by_name(cadre):
    book = workbook([])
    book.headers = ["Họ tên"]
    with pytest.raises(ValidationError) as refused:
        cadre_services.rows_from_workbook(book, [cadre])
    assert "Mã đơn vị" in refused.value.messages[0]
