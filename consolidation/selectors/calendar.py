"""Every dated obligation of a person, by role: the quarter's deadlines and lock date, their
tasks' deadlines, their plans' objectives and expected ends, a cell's meetings not yet held,
case milestones, inspection recommendations and inspections planned to start — for the
calendar page and the person's iCal feed."""

import datetime
from dataclasses import dataclass

from django.db.models import QuerySet
from django.urls import reverse

from organizations.access import role_of
from organizations.models import Role, Unit
from organizations.selectors import membership_of, units_visible_to, ward_of
from organizations.types import Viewer

from ..models import (
    CaseMilestone,
    CaseStatus,
    Inspection,
    InspectionState,
    Objective,
    Plan,
    PlanStatus,
    Recommendation,
    ThematicPlan,
    month_ends,
    months_of_quarter,
    quarter_key,
    quarter_label,
)
from .meetings import cells_of, figures_by_cell_month
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
    last_day: datetime.date | None = None  # an obligation of several days ends on this one


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

    def add(
        day: datetime.date | None,
        kind: str,
        title: str,
        url: str,
        key: str,
        last_day: datetime.date | None = None,
    ) -> None:
        if day is not None and day <= end and start <= (last_day or day):
            found.append(Obligation(day, kind, title, url, key, last_day))

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
        # Plans being carried out: a recognised plan's end and objectives are behind it.
        for plan in Plan.objects.filter(
            unit__in=units, status=PlanStatus.APPROVED, expected_end__range=(start, end)
        ).select_related("unit"):
            add(
                plan.expected_end,
                "plan",
                f"Dự kiến hoàn thành: {plan.title}",
                reverse("consolidation:plan_detail", args=[plan.pk]),
                f"plan-end-{plan.pk}",
            )
        for objective in Objective.objects.filter(
            plan__unit__in=units, plan__status=PlanStatus.APPROVED, deadline__range=(start, end)
        ).select_related("plan__unit"):
            add(
                objective.deadline,
                "objective",
                f"Hạn mục tiêu: {objective.text[:80]} ({objective.plan.unit.name})",
                reverse("consolidation:plan_detail", args=[objective.plan_id]),
                f"objective-{objective.pk}",
            )

    membership = membership_of(user)
    if role == Role.SECRETARY and membership is not None:
        # Their own cell's meetings: a đảng bộ cơ sở's sub-cells have secretaries of their own.
        for item in _meetings_due(cells_of(units.filter(pk=membership.unit_id)), start, end):
            add(item.day, item.kind, item.title, item.url, item.key, item.last_day)

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


def _meetings_due(
    cells: QuerySet[Unit], start: datetime.date, end: datetime.date
) -> list[Obligation]:
    """The meetings a cell has still to hold (seed 004, II.1: "họp thường lệ mỗi tháng một
    lần vào ngày thích hợp trong tuần đầu tiên của mỗi tháng. Sinh hoạt chuyên đề thực hiện
    mỗi quý một lần"): each month's regular meeting over the month's first seven days, and
    the quarter's thematic meeting by its last day with the topic planned. A meeting held
    anywhere in its month, or its quarter, keeps it off (MonthFigures, as the grid reads)."""
    cells_found = list(cells)
    if not cells_found:
        return []
    quarters = _quarters_between(start, end)
    first = datetime.date(*months_of_quarter(*quarters[0])[0], 1)
    last = month_ends(*months_of_quarter(*quarters[-1])[-1])
    held = figures_by_cell_month(cells_found, first, last)
    topics = {
        (row[0], row[1], row[2]): row[3]
        for row in ThematicPlan.objects.filter(
            unit__in=cells_found, year__gte=first.year, year__lte=last.year
        ).values_list("unit_id", "year", "quarter", "topic")
    }
    url = reverse("consolidation:meetings_home")
    found: list[Obligation] = []
    for unit in cells_found:
        for year, number in quarters:
            thematic_held = False
            for key in months_of_quarter(year, number):
                figures = held.get((unit.pk, *key))
                thematic_held = thematic_held or bool(figures and figures[0].thematic_count)
                if not (figures and figures[0].kept):
                    found.append(
                        Obligation(
                            datetime.date(*key, 1),
                            "meeting",
                            f"Sinh hoạt chi bộ thường kỳ tháng {key[1]}/{key[0]} (tuần đầu tháng)",
                            url,
                            f"meeting-{unit.pk}-{key[0]}-{key[1]:02}",
                            datetime.date(*key, 7),
                        )
                    )
            if not thematic_held:
                topic = topics.get((unit.pk, year, number))
                found.append(
                    Obligation(
                        month_ends(*months_of_quarter(year, number)[-1]),
                        "meeting",
                        f"Hạn sinh hoạt chuyên đề {quarter_label(year, number)}: "
                        + (f"«{topic}»" if topic else "chưa có chủ đề dự kiến"),
                        url,
                        f"thematic-{unit.pk}-{year}-q{number}",
                    )
                )
    return found
