"""send_reminders: the right messages, once a day (locmem backend, frozen dates)."""

import datetime
import io

import pytest
from django.core import mail
from django.core.management import call_command

from consolidation.models import Task
from consolidation.services import quarterly as quarterly_services
from organizations.models import Role
from tests.consolidation.test_completeness import make_plan, report
from tests.consolidation.test_quarterly import at
from tests.factories import UnitFactory, make_user


@pytest.fixture
def scene(ward, board_user):
    board_user.email = "bxd@phuong.vn"
    board_user.save()
    late, done = make_plan(ward, "A"), make_plan(ward, "B")
    for plan in (late, done):
        user = plan.unit.memberships.get().user
        user.email = f"{user.username}@phuong.vn"
        user.save()
    # The task's owner leads a party group of the unit (tổ đảng) and has an account.
    group = UnitFactory(code="A-T1", name="Tổ đảng 1", parent=late.unit)
    owner = make_user("chiuy.a", group, Role.SECRETARY, email="chiuy.a@phuong.vn")
    Task.objects.filter(plan=late).update(person_user=owner, deadline=datetime.date(2026, 12, 1))
    report(done, quarterly_services.quarter_ensure(ward, 2026, 4), "01/12/2026")
    mail.outbox.clear()
    return {"late": late, "done": done, "owner": owner}


def run(day, *args):
    out = io.StringIO()
    with at(day):
        call_command("send_reminders", *args, stdout=out)
    return out.getvalue()


def sent():
    return sorted((m.to[0], m.subject) for m in mail.outbox)


def test_seven_days_before_the_deadline(scene):
    run("03/12/2026")

    assert sent() == [
        ("bithu.a@phuong.vn", "[Củng cố TCCSĐ] Nhắc nộp báo cáo Quý IV/2026 – Chi bộ A"),
        ("bxd@phuong.vn", "[Củng cố TCCSĐ] 1 đơn vị chưa nộp báo cáo Quý IV/2026"),
        ("chiuy.a@phuong.vn", "[Củng cố TCCSĐ] 1 nhiệm vụ sắp đến hạn hoặc quá hạn"),
    ]
    body = next(m.body for m in mail.outbox if m.to == ["bithu.a@phuong.vn"])
    assert "còn 7 ngày" in body


def test_running_twice_on_a_day_sends_nothing_twice(scene):
    run("03/12/2026")
    count = len(mail.outbox)

    output = run("03/12/2026")

    assert len(mail.outbox) == count
    assert "đã gửi 0 thư nhắc" in output


def test_between_the_reminder_days_only_the_digests_go(scene):
    run("04/12/2026")

    recipients = [to for to, _ in sent()]
    assert recipients == ["bxd@phuong.vn", "chiuy.a@phuong.vn"]


@pytest.mark.parametrize(
    "day, days_word", [("07/12/2026", "còn 3 ngày"), ("09/12/2026", "còn 1 ngày")]
)
def test_three_and_one_days_before(scene, day, days_word):
    run(day)

    body = next(m.body for m in mail.outbox if m.to == ["bithu.a@phuong.vn"])
    assert days_word in body


def test_after_the_deadline_every_day_until_the_lock(scene):
    run("11/12/2026")
    assert any(m.to == ["bithu.a@phuong.vn"] and "đã quá 1 ngày" in m.body for m in mail.outbox)
    mail.outbox.clear()

    run("16/12/2026")  # locked: nothing left for the secretary to do
    assert not any(m.to == ["bithu.a@phuong.vn"] for m in mail.outbox)


def test_a_submitted_unit_gets_no_reminder(scene):
    run("03/12/2026")

    assert not any(m.to == ["bithu.b@phuong.vn"] for m in mail.outbox)


def test_dry_run_prints_and_sends_nothing(scene):
    output = run("03/12/2026", "--dry-run")

    assert mail.outbox == []
    assert (
        "sẽ gửi: [Củng cố TCCSĐ] Nhắc nộp báo cáo Quý IV/2026 – Chi bộ A → bithu.a@phuong.vn"
        in output
    )
    assert "sẽ gửi 3 thư nhắc" in output
    run("03/12/2026")
    assert len(mail.outbox) == 3  # the dry run did not use up today's reminders
