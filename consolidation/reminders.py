"""Daily reminders (python manage.py send_reminders, from cron):

- secretaries whose unit has not submitted its quarterly update: 7, 3 and 1 days before the
  unit deadline, and every day after it until the lock date;
- task owners with an account: one digest of their tasks due within 7 days or overdue;
- Board staff: one digest of what is missing in their ward;
- in the inbox (post_notices): task owners, of their tasks due or overdue; a unit's
  secretaries, of each recommendation of an inspection due or overdue.

Each reminder is logged; the same reminder is never sent twice on one day.
"""

import datetime
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.urls import reverse

from organizations.models import Kind, Unit

from .models import (
    OPEN_TASK_STATUSES,
    NoticeKind,
    Plan,
    Recommendation,
    ReminderLog,
    Task,
    UpdateState,
    quarter_condition,
)
from .notifications import absolute, board_emails, secretary_emails, send
from .selectors.quarterly import current_quarter
from .services.notices import daily_key, notify, unit_secretaries

DAYS_BEFORE = (7, 3, 1)
TASK_HORIZON = 7
User = get_user_model()


@dataclass
class Reminder:
    kind: str
    recipients: list[str]
    key: str
    subject: str
    template: str
    context: dict


def due_reminders(today: datetime.date) -> list[Reminder]:
    reminders: list[Reminder] = []
    for ward in Unit.objects.filter(kind=Kind.WARD):
        reminders += _ward_reminders(ward, today)
    reminders += _task_reminders(today)
    return reminders


def _ward_reminders(ward: Unit, today: datetime.date) -> list[Reminder]:
    quarter = current_quarter(ward, today)
    days = (quarter.unit_deadline - today).days
    in_window = days in DAYS_BEFORE or (days < 0 and not quarter.is_locked_on(today))
    plans = Plan.objects.filter(unit__path__startswith=ward.path).expected_in(quarter)
    done = set(
        plans.filter(
            quarter_condition(quarter, prefix="updates__"),
            updates__state__in=[UpdateState.SUBMITTED, UpdateState.ACCEPTED],
        ).values_list("pk", flat=True)
    )
    missing = [
        p for p in plans.select_related("unit").order_by("unit__sort_key") if p.pk not in done
    ]
    reminders = []
    if in_window:
        for plan in missing:
            reminders.append(
                Reminder(
                    kind="secretary_quarterly",
                    recipients=secretary_emails(plan.unit),
                    key=f"{quarter.code}:{plan.pk}",
                    subject=f"[Củng cố TCCSĐ] Nhắc nộp báo cáo {quarter.label} – {plan.unit.name}",
                    template="emails/remind_secretary.txt",
                    context={
                        "unit": plan.unit,
                        "quarter": quarter,
                        "days": days,
                        "url": absolute(
                            reverse("consolidation:update_open", args=[plan.pk, quarter.code])
                        ),
                    },
                )
            )
    if missing:
        reminders.append(
            Reminder(
                kind="board_digest",
                recipients=board_emails(ward),
                key=quarter.code,
                subject=f"[Củng cố TCCSĐ] {len(missing)} đơn vị chưa nộp báo cáo {quarter.label}",
                template="emails/board_digest.txt",
                context={
                    "ward": ward,
                    "quarter": quarter,
                    "missing": missing,
                    "days": (quarter.ward_deadline - today).days,
                    "url": absolute(reverse("consolidation:quarterly_home")),
                },
            )
        )
    return reminders


def _task_reminders(today: datetime.date) -> list[Reminder]:
    horizon = today + datetime.timedelta(days=TASK_HORIZON)
    tasks = (
        Task.objects.filter(
            status__in=OPEN_TASK_STATUSES, deadline__lte=horizon, person_user__isnull=False
        )
        .exclude(person_user__email="")
        .exclude(plan__status="recognized")
        .select_related("person_user", "plan__unit")
        .order_by("person_user_id", "deadline")
    )
    by_user: dict = {}
    for task in tasks:
        by_user.setdefault(task.person_user, []).append(task)
    return [
        Reminder(
            kind="task_owner",
            recipients=[user.email],
            key="tasks",
            subject=f"[Củng cố TCCSĐ] {len(items)} nhiệm vụ sắp đến hạn hoặc quá hạn",
            template="emails/remind_tasks.txt",
            context={
                "tasks": items,
                "today": today,
                "url": absolute(reverse("consolidation:plan_detail", args=[items[0].plan_id])),
            },
        )
        for user, items in by_user.items()
    ]


def post_notices(today: datetime.date) -> int:
    """The day's inbox notices: each task owner with an account, of their tasks due within a
    week or overdue (one notice a day); each unit's secretaries, of each recommendation of an
    inspection due within a week or overdue (one a day each). Returns how many were made."""
    horizon = today + datetime.timedelta(days=TASK_HORIZON)
    made = 0
    tasks = (
        Task.objects.filter(
            status__in=OPEN_TASK_STATUSES, deadline__lte=horizon, person_user__isnull=False
        )
        .exclude(plan__status="recognized")
        .select_related("person_user", "plan__unit")
        .order_by("person_user_id", "deadline")
    )
    by_user: dict = {}
    for task in tasks:
        by_user.setdefault(task.person_user, []).append(task)
    for user, items in by_user.items():
        late = sum(1 for t in items if t.is_overdue_on(today))
        made += len(
            notify(
                recipients=[user],
                kind=NoticeKind.TASK_DUE,
                text=f"{len(items)} nhiệm vụ của đồng chí đến hạn trong {TASK_HORIZON} ngày "
                f"hoặc quá hạn ({late} quá hạn); gần nhất: {items[0].what[:80]}",
                url=reverse("consolidation:plan_detail", args=[items[0].plan_id]),
                unit=items[0].plan.unit,
                email=False,  # the e-mail digest of _task_reminders says it
                key=daily_key("tasks", user.pk, today),
            )
        )
    for recommendation in Recommendation.objects.due_by(horizon).select_related("unit"):
        made += len(
            notify(
                recipients=unit_secretaries(recommendation.unit),
                kind=NoticeKind.RECOMMENDATION_DUE,
                text=f"Kiến nghị kiểm tra, giám sát hạn {recommendation.deadline:%d/%m/%Y} "
                f"chưa thực hiện xong: {recommendation.text[:120]}",
                url=reverse("consolidation:inspection_detail", args=[recommendation.inspection_id]),
                unit=recommendation.unit,
                key=daily_key("recommendation", recommendation.pk, today),
            )
        )
    return made


def send_due(today: datetime.date, *, dry_run: bool, out) -> int:
    """Send what is due today and was not sent today yet; returns how many were sent."""
    sent = 0
    for reminder in due_reminders(today):
        for recipient in reminder.recipients:
            if ReminderLog.objects.filter(
                kind=reminder.kind, recipient=recipient, key=reminder.key, sent_on=today
            ).exists():
                continue
            if dry_run:
                out.write(f"sẽ gửi: {reminder.subject} → {recipient}")
                sent += 1
                continue
            try:
                with transaction.atomic():
                    log = ReminderLog.objects.create(
                        kind=reminder.kind, recipient=recipient, key=reminder.key, sent_on=today
                    )
                    if not send(reminder.subject, reminder.template, reminder.context, [recipient]):
                        log.delete()
                        continue
            except IntegrityError:
                continue  # another run sent it a moment ago
            out.write(f"đã gửi: {reminder.subject} → {recipient}")
            sent += 1
    return sent
