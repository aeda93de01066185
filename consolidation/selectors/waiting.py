"""«Việc chờ bạn»: what waits for this person now, each with its count and the first few
objects. The same conditions count the dashboard's «chờ duyệt» and the quarterly grid's
«chờ tiếp nhận» (PlanQuerySet.awaiting_approval, QuarterlyUpdateQuerySet.awaiting_acceptance)."""

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q, QuerySet
from django.urls import reverse

from organizations.access import role_of
from organizations.models import Role
from organizations.selectors import units_visible_to
from organizations.types import Viewer

from ..models import (
    OPEN_TASK_STATUSES,
    UNREAD,
    ComplexCase,
    Notice,
    Plan,
    PlanStatus,
    QuarterlyUpdate,
    Recommendation,
    Review,
    ReviewState,
    RoundStatus,
    Task,
    UpdateState,
)

SHOWN = 5  # objects listed under each count; the rest behind its link
TASK_HORIZON = 7  # days: a task due within a week waits for its owner


@dataclass
class Item:
    label: str
    url: str


@dataclass
class Waiting:
    key: str
    label: str
    count: int
    url: str
    items: list[Item] = field(default_factory=list)


def _waiting(
    key: str, label: str, rows: QuerySet, url: str, item: Callable[[Any], Item]
) -> Waiting | None:
    count = rows.count()
    if not count:
        return None
    return Waiting(key, label, count, url, [item(r) for r in rows[:SHOWN]])


def tasks_of(user: Viewer) -> QuerySet[Task]:
    """The open tasks a person answers for: a secretary, every task of their unit's plans;
    anyone else, the tasks given to them by name (the calendar reads the same)."""
    tasks = Task.objects.filter(
        plan__unit__in=units_visible_to(user), status__in=OPEN_TASK_STATUSES
    ).exclude(plan__status=PlanStatus.RECOGNIZED)
    if role_of(user) != Role.SECRETARY:
        tasks = tasks.filter(person_user_id=user.pk)
    return tasks


def waiting_for(user: Viewer, today: datetime.date) -> list[Waiting]:
    """The person's waiting work by role, the non-empty kinds only, most pressing first."""
    role = role_of(user)
    units = units_visible_to(user)
    found: list[Waiting | None] = []

    def plan_item(plan: Plan) -> Item:
        return Item(
            f"{plan.unit.name}: {plan.title}", reverse("consolidation:plan_detail", args=[plan.pk])
        )

    def update_item(update: QuarterlyUpdate) -> Item:
        return Item(
            f"{update.plan.unit.name}: {update.quarter.label}",
            reverse("consolidation:update_detail", args=[update.pk]),
        )

    plans = Plan.objects.filter(unit__in=units).select_related("unit").order_by("unit__sort_key")
    updates = (
        QuarterlyUpdate.objects.filter(plan__unit__in=units)
        .select_related("plan__unit", "quarter")
        .order_by("plan__unit__sort_key")
    )
    if role == Role.STANDING:
        found.append(
            _waiting(
                "approve",
                "Đề án, kế hoạch chờ phê duyệt",
                plans.awaiting_approval(),
                f"{reverse('consolidation:plan_list')}?status={PlanStatus.SUBMITTED}",
                plan_item,
            )
        )
    if role == Role.BOARD:
        found.append(
            _waiting(
                "accept",
                "Báo cáo quý chờ tiếp nhận",
                updates.awaiting_acceptance(),
                reverse("consolidation:quarterly_home"),
                update_item,
            )
        )
        found.append(
            _waiting(
                "confirm",
                "Đánh giá rà soát chờ xác nhận",
                Review.objects.filter(
                    unit__in=units,
                    round__status=RoundStatus.OPEN,
                    state__in=[ReviewState.SELF_ASSESSED, ReviewState.IN_REVIEW],
                )
                .select_related("unit", "round")
                .order_by("unit__sort_key"),
                reverse("consolidation:round_list"),
                lambda r: Item(
                    f"{r.unit.name}: {r.round.name}",
                    reverse("consolidation:review_detail", args=[r.pk]),
                ),
            )
        )
    if role == Role.SECRETARY:
        found.append(
            _waiting(
                "plan_returned",
                "Đề án, kế hoạch bị trả lại, cần hoàn thiện",
                plans.filter(status=PlanStatus.RETURNED),
                reverse("consolidation:plan_list"),
                plan_item,
            )
        )
        found.append(
            _waiting(
                "update_returned",
                "Báo cáo quý bị trả lại, cần bổ sung",
                updates.filter(state=UpdateState.RETURNED),
                reverse("consolidation:quarterly_home"),
                update_item,
            )
        )
    if role in (Role.SECRETARY, Role.INSPECTION):
        found.append(
            _waiting(
                "recommendations",
                "Kiến nghị kiểm tra, giám sát đến hạn chưa thực hiện",
                Recommendation.objects.filter(unit__in=units)
                .due_by(today + datetime.timedelta(days=TASK_HORIZON))
                .select_related("unit", "inspection")
                .order_by("deadline"),
                reverse("consolidation:inspection_list"),
                lambda r: Item(
                    f"{r.unit.name}: {r.text[:80]} (hạn {r.deadline:%d/%m/%Y})",
                    reverse("consolidation:inspection_detail", args=[r.inspection_id]),
                ),
            )
        )
    cases = ComplexCase.objects.filter(unit__in=units).late_on(
        today + datetime.timedelta(days=TASK_HORIZON + 1)  # a milestone due within the week
    )
    cases = cases.filter(
        Q(owner_id=user.pk) | Q(owner__isnull=True) if role == Role.OFFICE else Q(owner_id=user.pk)
    )
    found.append(
        _waiting(
            "cases",
            "Vụ việc phức tạp có mốc đến hạn trong 7 ngày hoặc quá hạn",
            cases.select_related("unit").order_by("-urgent", "unit__sort_key", "pk"),
            reverse("consolidation:registers"),
            lambda c: Item(
                f"{c.unit.name}: {c.description[:80]}",
                reverse("consolidation:case_detail", args=[c.pk]),
            ),
        )
    )
    found.append(
        _waiting(
            "tasks",
            "Nhiệm vụ đến hạn trong 7 ngày hoặc quá hạn",
            tasks_of(user)
            .filter(deadline__lte=today + datetime.timedelta(days=TASK_HORIZON))
            .select_related("plan")
            .order_by("deadline"),
            reverse("consolidation:plan_list"),
            lambda t: Item(
                f"{t.what[:80]} (hạn {t.deadline:%d/%m/%Y})",
                reverse("consolidation:plan_detail", args=[t.plan_id]),
            ),
        )
    )
    found.append(
        _waiting(
            "unread",
            "Thông báo chưa đọc",
            Notice.objects.filter(UNREAD, recipient_id=user.pk).order_by("-created_at"),
            reverse("consolidation:inbox"),
            lambda n: Item(n.text, reverse("consolidation:notice_open", args=[n.pk])),
        )
    )
    return [w for w in found if w is not None]
