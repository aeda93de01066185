"""What happened cannot be dated after today, the ward's local today (Asia/Ho_Chi_Minh):
member figures, decisions (a plan's issue, its recognition), cadre actions and evaluations.
One rule, organizations.models.refuse_future_dates, in each model's check. Run at 00:30 local
time, when the UTC date is still yesterday."""

import datetime
import zoneinfo

import pytest
import time_machine
from django.core.exceptions import ValidationError

from consolidation.models import Cadre, Evaluation
from consolidation.services.registers import register_save
from organizations.services.registry import Figures, figure_record
from tests.helpers import make_plan

HANOI = zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")
TODAY = datetime.date(2026, 12, 2)
TOMORROW = datetime.date(2026, 12, 3)


@pytest.fixture(autouse=True)
def half_past_midnight():
    with time_machine.travel(datetime.datetime(2026, 12, 2, 0, 30, tzinfo=HANOI), tick=False):
        yield


def _refusal(save) -> dict[str, list[str]]:
    with pytest.raises(ValidationError) as refused:
        save()
    return refused.value.message_dict


def test_member_figures_of_today_are_kept_and_of_tomorrow_refused(unit):
    assert figure_record(unit=unit, figures=Figures(as_of=TODAY, members=20)).as_of == TODAY
    assert _refusal(
        lambda: figure_record(unit=unit, figures=Figures(as_of=TOMORROW, members=20))
    ) == {"as_of": ["Ngày số liệu (03/12/2026) không được sau ngày hôm nay (02/12/2026)."]}


def test_a_cadre_action_of_tomorrow_is_refused(unit, board_user):
    def cadre(day):
        return Cadre(
            unit=unit,
            name="Cán bộ A",
            position="Chi ủy viên",
            limitation="x",
            action="training",
            action_on=day,
        )

    assert register_save(instance=cadre(TODAY), by=board_user).action_on == TODAY
    assert list(_refusal(lambda: register_save(instance=cadre(TOMORROW), by=board_user))) == [
        "action_on"
    ]


def test_an_evaluation_of_tomorrow_is_refused(unit, board_user):
    plan = make_plan(unit)

    def evaluation(day):
        return Evaluation(
            plan=plan,
            kind="mid_term",
            evaluated_on=day,
            clear_improvement=True,
            summary=".",
            by=board_user,
        )

    evaluation(TODAY).full_clean()
    assert list(_refusal(evaluation(TOMORROW).full_clean)) == ["evaluated_on"]


@pytest.mark.parametrize("field", ["issued_on", "recognized_on"])
def test_a_plans_decision_of_tomorrow_is_refused(unit, field):
    plan = make_plan(unit, contents="Nội dung", recognition_number="1-QĐ/ĐU", **{field: TODAY})
    plan.full_clean()

    setattr(plan, field, TOMORROW)
    message = _refusal(plan.full_clean)[field][0]
    assert message.endswith("(03/12/2026) không được sau ngày hôm nay (02/12/2026).")


def test_step_1_of_a_plan_is_dated_on_the_local_day_its_review_was_confirmed(
    review, board_user, login
):
    from consolidation.services import plans as plan_services
    from tests.helpers import confirm, weak_input

    confirm(review, board_user, weak_input())  # at 00:30 on 02/12 local, 17:30 on 01/12 UTC
    plan = plan_services.plan_create_from_review(review=review, by=board_user)

    assert plan.steps.get(number=1).done_on == TODAY
    html = login(board_user).get(f"/ke-hoach/{plan.pk}/").content.decode()
    assert '<div class="small text-body-secondary">02/12/2026</div>' in html
