"""A past quarter is shown as it stood at the quarter's end: Phụ lục 2 of Q2 printed in
December shows Q2's accepted progress, not December's."""

import datetime

from consolidation.models import Task
from consolidation.services import quarterly as quarterly_services
from reporting.appendices.appendix2 import appendix2_figures
from tests.consolidation.test_quarterly import at
from tests.reporting.conftest import add_plan

DECEMBER = datetime.date(2026, 12, 5)


def _progress(figures, name):
    return next(row[3] for row in figures["per_plan"] if row[0] == name)


def test_q2s_form_shows_q2s_accepted_progress(ward, board_user):
    q2 = quarterly_services.quarter_ensure(ward, 2026, 2)
    with at("20/05/2026"):
        plan = add_plan(ward, "KDC-70", "Chi bộ Khu dân cư số 70")
    task = plan.tasks.get()
    secretary = plan.unit.memberships.get().user
    update = quarterly_services.update_for(plan=plan, quarter=q2)
    with at("05/06/2026"):
        quarterly_services.update_save(
            update=update,
            data=quarterly_services.UpdateInput(
                summary="Vừa triển khai.",
                progress=[quarterly_services.ProgressInput(task.pk, "in_progress", 25, "Họp")],
            ),
            by=secretary,
            expected_version=None,
        )
        quarterly_services.update_submit(update=update, by=secretary)
        quarterly_services.update_accept(update=update, by=board_user)
    with at("20/11/2026"):
        Task.objects.filter(pk=task.pk).update(progress=90)

    past = appendix2_figures(user=board_user, ward=ward, quarter=q2, today=DECEMBER)
    now = appendix2_figures(
        user=board_user,
        ward=ward,
        quarter=quarterly_services.quarter_ensure(ward, 2026, 4),
        today=DECEMBER,
    )

    assert _progress(past, "Chi bộ Khu dân cư số 70") == "25 %"
    assert _progress(now, "Chi bộ Khu dân cư số 70") == "90 %"


def test_without_an_accepted_report_the_tasks_as_they_stood_at_the_quarters_end(ward, board_user):
    q2 = quarterly_services.quarter_ensure(ward, 2026, 2)
    with at("20/05/2026"):
        plan = add_plan(ward, "KDC-71", "Chi bộ Khu dân cư số 71")  # its task at 40 %
    task = plan.tasks.get()
    with at("01/07/2026"):  # the first day after Q2: not Q2's any more
        task.progress = 70
        task.save()

    past = appendix2_figures(user=board_user, ward=ward, quarter=q2, today=DECEMBER)

    assert _progress(past, "Chi bộ Khu dân cư số 71") == "40 %"
