"""A secretary's home: their unit's card."""

import datetime
from dataclasses import dataclass

from django.db.models import Case, F, IntegerField, Value, When
from django.urls import reverse

from consolidation.models import (
    OPEN_TASK_STATUSES,
    Plan,
    PlanStatus,
    Quarter,
    QuarterlyUpdate,
    Review,
    ReviewRound,
    Task,
)
from consolidation.selectors.plans import with_plan_figures
from consolidation.selectors.quarterly import current_quarter
from consolidation.selectors.reviews import (
    latest_round,
)
from organizations.models import Kind, Unit
from organizations.selectors import membership_of, ward_of
from organizations.types import Viewer

from .scope import Scope
from .warnings import EarlyWarning, kept_warnings


@dataclass
class UnitCard:
    unit: Unit
    today: datetime.date
    round: ReviewRound | None
    review: Review | None
    plan: Plan | None  # the current plan (the latest not yet recognized, else the latest)
    tasks: list[Task]  # open tasks, earliest deadline first
    open_tasks: int
    quarter: Quarter
    update: QuarterlyUpdate | None
    reports_this_quarter: bool
    warnings: list[EarlyWarning]
    has_subtree: bool

    @property
    def unit_days_left(self) -> int:
        return (self.quarter.unit_deadline - self.today).days

    @property
    def update_url(self) -> str:
        if self.plan is None:
            return ""
        return reverse("consolidation:update_open", args=[self.plan.pk, self.quarter.code])


CARD_TASKS = 10


def unit_card(user: Viewer, today: datetime.date) -> UnitCard | None:
    membership = membership_of(user)
    ward = ward_of(user)
    if membership is None or ward is None:
        return None
    unit = membership.unit
    round_ = latest_round(ward)
    review = round_.reviews.filter(unit=unit).first() if round_ else None
    plan = (
        with_plan_figures(Plan.objects.filter(unit=unit), today)
        .select_related("round")
        .annotate(
            done=Case(
                When(status=PlanStatus.RECOGNIZED, then=Value(1)),
                default=Value(0),
                output_field=IntegerField(),
            )
        )
        .order_by("done", "-started_on")
        .first()
    )
    tasks: list[Task] = []
    open_tasks = 0
    if plan is not None:
        open_ = plan.tasks.filter(status__in=OPEN_TASK_STATUSES)
        open_tasks = open_.count()
        tasks = list(
            open_.select_related("group").order_by(F("deadline").asc(nulls_last=True), "order")[
                :CARD_TASKS
            ]
        )
    quarter = current_quarter(ward, today)
    update = QuarterlyUpdate.objects.of(quarter).filter(plan=plan).first() if plan else None
    return UnitCard(
        unit=unit,
        today=today,
        round=round_,
        review=review,
        plan=plan,
        tasks=tasks,
        open_tasks=open_tasks,
        quarter=quarter,
        update=update,
        reports_this_quarter=bool(plan and plan.reports_in(quarter)),
        warnings=kept_warnings(user, Scope(ward=ward, under=unit), today),
        has_subtree=unit.kind == Kind.BASE_COMMITTEE,
    )
