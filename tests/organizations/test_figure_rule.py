"""Women, ethnic minorities and the exempted are counted among the members: one rule
(organizations.models.figure_problems), held at its edge (equal passes, one more fails) by
every path that takes member figures: the registry's form, its Excel import and the
quarterly report."""

import datetime

import pytest

from consolidation.services.quarterly import quarter_ensure, submission_problems, update_for
from organizations.forms.registry import FigureForm
from organizations.models import FIGURE_LABELS, FIGURE_PARTS, figure_problems
from tests.organizations.test_registry_io import GOOD_ROWS, HEADER, row, run

MEMBERS = 92  # the first good row of the registry import's tests


@pytest.mark.parametrize("part", FIGURE_PARTS)
def test_a_part_equal_to_the_members_is_allowed_and_one_more_is_not(part):
    assert figure_problems(10, {part: 10}) == {}
    problems = figure_problems(10, {part: 11})
    assert list(problems) == [part]
    assert (
        problems[part] == f"{FIGURE_LABELS[part]} (11) không được lớn hơn tổng số đảng viên (10)."
    )


def test_no_members_no_check():
    assert figure_problems(None, {"women": 5}) == {}


@pytest.mark.parametrize("part", FIGURE_PARTS)
@pytest.mark.parametrize("value,ok", [(10, True), (11, False)])
def test_the_registry_form_holds_the_rule(part, value, ok):
    data = {"as_of": "01/03/2026", "members": 10, "women": 0, "ethnic_minority": 0, "exempted": 0}
    form = FigureForm({**data, part: value})

    assert form.is_valid() is ok
    if not ok:
        assert list(form.errors) == [part]


LABELS = {
    "women": "Đảng viên nữ",
    "ethnic_minority": "Đảng viên dân tộc thiểu số",
    "exempted": "Miễn sinh hoạt",
}


@pytest.mark.parametrize("part", FIGURE_PARTS)
@pytest.mark.parametrize("value,ok", [(MEMBERS, True), (MEMBERS + 1, False)])
def test_the_registry_import_holds_the_rule(ward, part, value, ok):
    assert HEADER[5] == "Số đảng viên" and GOOD_ROWS[0][5] == MEMBERS

    report = run(ward, [row(**{LABELS[part]: value})], dry_run=True)

    assert report.ok is ok
    if not ok:
        assert any(f"cột «{LABELS[part]}»" in str(p) for p in report.problems)


@pytest.mark.parametrize("part", FIGURE_PARTS)
@pytest.mark.parametrize("value,ok", [(30, True), (31, False)])
def test_the_quarterly_report_holds_the_rule(approved_plan, ward, part, value, ok):
    update = update_for(plan=approved_plan, quarter=quarter_ensure(ward, 2026, 3))
    update.summary = "Tóm tắt"
    update.members, update.figures_as_of = 30, datetime.date(2026, 9, 1)
    setattr(update, part, value)

    problems = submission_problems(update)

    assert (problems == []) is ok
