"""Every dated obligation of a person, by role: the quarter's deadlines and lock date, their
tasks' deadlines, their plans' expected ends, case milestones, inspection recommendations
and inspections planned to start — for the calendar page and the person's iCal feed."""

import datetime
from dataclasses import dataclass

from django.urls import reverse

from organizations.access import role_of
from organizations.models import Role
from organizations.selectors import units_visible_to, ward_of
from organizations.types import Viewer

from ..models import (
    APPROVED_STATUSES,
    CaseMilestone,
    CaseStatus,
    Inspection,
    InspectionState,
    Plan,
    Recommendation,
    quarter_key,
)
from .quarterly import quarter_find
from .waiting import tasks_of

WARD_BODIES = (Role.BOARD, Role.STANDING, Role.INSPECTION, Role.OFFICE)


@dataclass(frozen=True)
class Obligation:
    day: datetime.date
    kind: str
    title: str
    url: str
    key: str  # stable across feeds: the iCal UID


def _quarters_between(start: datetime.date, end: datetime.date) -> list[tuple[int, int]]:
    """The quarters overlapping the range (a quarter's deadlines fall inside it)."""
    keys: list[tuple[int, int]] = []
    day = start.replace(day=1)
    while day <= end:
        if quarter_key(day) not in keys:
            keys.append(quarter_key(day))
        day = (day.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)
    return keys


def obligations(user: Viewer, start: datetime.date, end: datetime.date) -> list[Obligation]:
    """The person's obligations dated from `start` to `end`, in date order."""
    role = role_of(user)
    ward = ward_of(user)
    if ward is None or role == Role.FRONT:
        return []
    units = units_visible_to(user)
    found: list[Obligation] = []

    def add(day: datetime.date | None, kind: str, title: str, url: str, key: str) -> None:
        if day is not None and start <= day <= end:
            found.append(Obligation(day, kind, title, url, key))

    quarterly = reverse("consolidation:quarterly_home")
    for year, number in _quarters_between(start, end):
        quarter = quarter_find(ward, year, number)
        add(
            quarter.unit_deadline,
            "deadline",
            f"Hạn chi bộ nộp báo cáo {quarter.label}",
            quarterly,
            f"unit-deadline-{quarter.code}",
        )
        if role in WARD_BODIES:
            add(
                quarter.ward_deadline,
                "deadline",
                f"Hạn gửi Phụ lục 3 {quarter.label} lên cấp trên",
                reverse("reporting:reports"),
                f"ward-deadline-{quarter.code}",
            )
        add(
            quarter.lock_date,
            "lock",
            f"Khóa sổ {quarter.label}: sau ngày này bí thư không sửa được báo cáo, sinh hoạt",
            quarterly,
            f"lock-{quarter.code}",
        )

    for task in tasks_of(user).filter(deadline__range=(start, end)).select_related("plan__unit"):
        add(
            task.deadline,
            "task",
            f"Hạn nhiệm vụ: {task.what[:80]} ({task.plan.unit.name})",
            reverse("consolidation:task_detail", args=[task.plan_id, task.pk]),
            f"task-{task.pk}",
        )

    if role in (Role.SECRETARY, Role.BOARD, Role.STANDING):
        for plan in Plan.objects.filter(
            unit__in=units, status__in=APPROVED_STATUSES, expected_end__range=(start, end)
        ).select_related("unit"):
            add(
                plan.expected_end,
                "plan",
                f"Dự kiến hoàn thành: {plan.title}",
                reverse("consolidation:plan_detail", args=[plan.pk]),
                f"plan-end-{plan.pk}",
            )

    if role in (Role.SECRETARY, Role.BOARD, Role.OFFICE):
        for milestone in (
            CaseMilestone.objects.filter(
                case__unit__in=units, done_on__isnull=True, due_on__range=(start, end)
            )
            .exclude(case__status=CaseStatus.CLOSED)
            .select_related("case__unit")
        ):
            add(
                milestone.due_on,
                "case",
                f"Mốc vụ việc: {milestone.title} ({milestone.case.unit.name})",
                reverse("consolidation:case_detail", args=[milestone.case_id]),
                f"case-milestone-{milestone.pk}",
            )

    if role in (Role.SECRETARY, Role.INSPECTION, Role.BOARD):
        for recommendation in Recommendation.objects.filter(
            unit__in=units,
            done_on__isnull=True,
            deadline__range=(start, end),
            inspection__state=InspectionState.CONCLUDED,
        ).select_related("unit"):
            add(
                recommendation.deadline,
                "recommendation",
                f"Hạn kiến nghị: {recommendation.text[:80]} ({recommendation.unit.name})",
                reverse("consolidation:inspection_detail", args=[recommendation.inspection_id]),
                f"recommendation-{recommendation.pk}",
            )
    if role in WARD_BODIES:
        for inspection in Inspection.objects.filter(ward=ward, starts_on__range=(start, end)):
            add(
                inspection.starts_on,
                "inspection",
                f"{inspection.get_kind_display()}: {inspection.subject}",
                reverse("consolidation:inspection_detail", args=[inspection.pk]),
                f"inspection-{inspection.pk}",
            )
    return sorted(found, key=lambda o: (o.day, o.kind, o.title))
