"""The figures' version: which writes raise it (and so drop the dashboard's cache and the
exported files kept for reuse), and which do not."""

import pytest

from consolidation.models import PlanStatus
from consolidation.services import plans as plan_services
from consolidation.services.notices import notify
from reporting.versions import figures_version
from tests.helpers import make_plan
from tests.organizations.test_registry_io import GOOD_ROWS, run


@pytest.fixture
def version(db):
    """The version now, read again after a write."""
    return figures_version


def test_a_save_and_a_delete_of_a_figure_raise_it(version, unit):
    before = version()
    plan = make_plan(unit)
    assert version() > before

    before = version()
    plan.delete()
    assert version() > before


def test_a_notice_leaves_it(version, board_user, standing_user):
    before = version()
    notify(recipients=[standing_user], kind="remark", text="Có ý kiến mới", url="/")
    assert version() == before


def test_a_registry_import_that_only_updates_raises_it(version, ward):
    assert run(ward, GOOD_ROWS).ok
    changed = [list(row) for row in GOOD_ROWS]
    changed[0][5] = int(changed[0][5]) + 1  # Số đảng viên, written by a bulk update

    before = version()
    report = run(ward, changed)
    assert report.counts["changed"] == 1
    assert version() > before


def test_a_step_taken_back_raises_it(version, unit, board_user):
    plan = make_plan(unit, status=PlanStatus.DRAFTING)
    for number in range(1, 7):
        plan.steps.create(number=number)

    before = version()
    plan_services.step_reopen(plan=plan, number=3, by=board_user)
    assert version() > before
