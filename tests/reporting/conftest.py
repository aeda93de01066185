import datetime

import pytest

from consolidation.models import IndicatorGroup, Plan, Task
from consolidation.services import quarterly as quarterly_services
from organizations.models import Bloc, Role
from tests.consolidation.test_quarterly import at
from tests.factories import UnitFactory, make_user


def add_plan(
    ward,
    code,
    name,
    *,
    groups=(1,),
    number="",
    issued=None,
    started=datetime.date(2026, 5, 20),
    end=datetime.date(2026, 12, 31),
    status="approved",
    recognized_on=None,
    contents="Nội dung cần củng cố",
    parent=None,
    kind="plan",
):
    unit = UnitFactory(
        code=code, name=name, parent=parent or ward, bloc=Bloc.RESIDENTIAL if parent is None else ""
    )
    make_user(f"bithu.{code.lower()}", unit, Role.SECRETARY)
    plan = Plan.objects.create(
        unit=unit,
        kind=kind,
        title=f"Kế hoạch củng cố {name}",
        contents=contents,
        number=number,
        issued_on=issued,
        started_on=started,
        expected_end=end,
        status=status,
        recognized_on=recognized_on,
        recognition_number="1-QĐ/ĐU" if recognized_on else "",
    )
    plan.groups.set(IndicatorGroup.objects.filter(number__in=groups))
    Task.objects.create(
        plan=plan, group=IndicatorGroup.objects.get(number=groups[0]), what="Việc", progress=40
    )
    return plan


def accept(plan, quarter, summary, board_user, *, day="05/12/2026", submit_only=False):
    secretary = plan.unit.memberships.get().user
    update = quarterly_services.update_for(plan=plan, quarter=quarter)
    with at(day):
        quarterly_services.update_save(
            update=update,
            data=quarterly_services.UpdateInput(summary=summary),
            by=secretary,
            expected_version=None,
        )
        quarterly_services.update_submit(update=update, by=secretary)
        if not submit_only:
            quarterly_services.update_accept(update=update, by=board_user)
    return update


@pytest.fixture
def q4(ward):
    return quarterly_services.quarter_ensure(ward, 2026, 4)


@pytest.fixture
def sample(ward, board_user, q4):
    """Plans around Quý IV/2026: reported, only submitted, missing, started later, recognized
    before the quarter (left out), recognized during it (kept)."""
    plans = {
        "ten": add_plan(
            ward,
            "KDC-10",
            "Chi bộ Khu dân cư số 10",
            groups=(1, 3),
            number="05-KH/CB",
            issued=datetime.date(2026, 5, 12),
            contents="Chấn chỉnh sinh hoạt chi bộ",
        ),
        "two": add_plan(
            ward,
            "KDC-02",
            "Chi bộ Khu dân cư số 2",
            groups=(2,),
            number="06-ĐA/CB",
            issued=datetime.date(2026, 5, 28),
            kind="project",
        ),
        "dong": add_plan(
            ward,
            "DB-01",
            "Đảng bộ Cơ quan phường",
            groups=(3,),
            number="07-KH/ĐB",
            issued=datetime.date(2026, 6, 1),
        ),
        "late_start": add_plan(
            ward,
            "KDC-20",
            "Chi bộ Khu dân cư số 20",
            started=datetime.date(2027, 1, 5),
            end=datetime.date(2027, 12, 31),
        ),
        "done_before": add_plan(
            ward,
            "KDC-30",
            "Chi bộ Khu dân cư số 30",
            status="recognized",
            recognized_on=datetime.date(2026, 9, 20),
        ),
        "done_during": add_plan(
            ward,
            "KDC-31",
            "Chi bộ Khu dân cư số 31",
            status="recognized",
            recognized_on=datetime.date(2026, 11, 5),
        ),
    }
    accept(plans["ten"], q4, "Đã sửa quy chế làm việc; sinh hoạt nền nếp.", board_user)
    accept(plans["two"], q4, "Đã bồi dưỡng bí thư.", board_user, submit_only=True)
    accept(plans["done_during"], q4, "Hoàn thành, được công nhận.", board_user)
    return plans
