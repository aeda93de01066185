"""Who did what, when, on which unit: read from the history every record already keeps
(django-simple-history), not from a second log. Each kind is one query of its historical
table, newest first and limited; the kinds are merged by time."""

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone

from organizations.models import Unit
from organizations.selectors import display_name

from ..models import (
    Cadre,
    CellMeeting,
    ComplexCase,
    Feedback,
    Objective,
    Plan,
    PlanStep,
    QuarterlyUpdate,
    Remark,
    Review,
    Task,
)

VERBS = {"+": "tạo", "~": "sửa", "-": "xóa"}


@dataclass(frozen=True)
class Kind:
    label: str
    model: Any
    unit_field: str  # the unit's id on the historical row, or "plan" for a plan's parts
    name: Callable[[Any], str]
    url: Callable[[Any], str | None]


def _plan_url(row: Any) -> str:
    return reverse("consolidation:plan_detail", args=[row.plan_id])


KINDS: dict[str, Kind] = {
    "plan": Kind(
        "đề án, kế hoạch",
        Plan,
        "unit_id",
        lambda r: r.title,
        lambda r: reverse("consolidation:plan_detail", args=[r.id]),
    ),
    "step": Kind("bước xây dựng đề án", PlanStep, "plan", lambda r: f"Bước {r.number}", _plan_url),
    "objective": Kind("mục tiêu", Objective, "plan", lambda r: r.text[:80], _plan_url),
    "task": Kind(
        "nhiệm vụ",
        Task,
        "plan",
        lambda r: r.what[:80],
        lambda r: reverse("consolidation:task_detail", args=[r.plan_id, r.id]),
    ),
    "update": Kind(
        "báo cáo quý",
        QuarterlyUpdate,
        "plan",
        lambda r: r.get_state_display(),
        lambda r: reverse("consolidation:update_detail", args=[r.id]),
    ),
    "review": Kind(
        "đánh giá rà soát",
        Review,
        "unit_id",
        lambda r: r.get_state_display(),
        lambda r: reverse("consolidation:review_detail", args=[r.id]),
    ),
    "case": Kind(
        "vụ việc",
        ComplexCase,
        "unit_id",
        lambda r: r.description[:80],
        lambda r: reverse("consolidation:case_detail", args=[r.id]),
    ),
    "cadre": Kind("cán bộ", Cadre, "unit_id", lambda r: f"{r.name} – {r.position}", lambda r: None),
    "meeting": Kind(
        "buổi sinh hoạt",
        CellMeeting,
        "unit_id",
        lambda r: f"{r.held_on:%d/%m/%Y}",
        lambda r: reverse("consolidation:meeting_detail", args=[r.id]),
    ),
    "feedback": Kind(
        "ý kiến của Nhân dân",
        Feedback,
        "unit_id",
        lambda r: r.content[:80],
        lambda r: reverse("consolidation:feedback_edit", args=[r.id]),
    ),
    "remark": Kind("ý kiến trao đổi", Remark, "unit_id", lambda r: r.text[:80], lambda r: None),
}


@dataclass
class Activity:
    at: datetime.datetime
    who: str
    verb: str
    kind: str
    label: str
    name: str
    url: str | None
    unit: Unit | None


@dataclass
class ActivityFilters:
    unit: Unit | None = None  # this unit and those below it
    person: int | None = None
    kind: str = ""
    since: datetime.date | None = None
    until: datetime.date | None = None


def activity(units: QuerySet[Unit], filters: ActivityFilters, limit: int = 50) -> list[Activity]:
    """The newest `limit` changes on these units (already the person's scope), filtered."""
    if filters.unit is not None:
        units = units.filter(path__startswith=filters.unit.path)
    plans = Plan.objects.filter(unit__in=units).values("pk")
    rows: list[tuple[str, Any]] = []
    for key, kind in KINDS.items():
        if filters.kind and filters.kind != key:
            continue
        history = kind.model.history.select_related("history_user")
        if kind.unit_field == "plan":
            history = history.filter(plan_id__in=plans)
        else:
            history = history.filter(**{f"{kind.unit_field}__in": units.values("pk")})
        if filters.person:
            history = history.filter(history_user_id=filters.person)
        if filters.since:
            history = history.filter(history_date__date__gte=filters.since)
        if filters.until:
            history = history.filter(history_date__date__lte=filters.until)
        rows.extend((key, r) for r in history.order_by("-history_date")[:limit])
    rows.sort(key=lambda pair: pair[1].history_date, reverse=True)
    rows = rows[:limit]
    plan_units = dict(
        Plan.objects.filter(
            pk__in={r.plan_id for key, r in rows if KINDS[key].unit_field == "plan"}
        ).values_list("pk", "unit_id")
    )

    def unit_of(key: str, row: Any) -> int | None:
        return row.unit_id if KINDS[key].unit_field == "unit_id" else plan_units.get(row.plan_id)

    names = {u.pk: u for u in Unit.objects.filter(pk__in={unit_of(k, r) for k, r in rows})}
    # a remark hidden since keeps its words out of the feed, in every version of it
    hidden = set(
        Remark.objects.filter(
            pk__in={r.id for k, r in rows if k == "remark"}, hidden=True
        ).values_list("pk", flat=True)
    )
    return [
        Activity(
            at=timezone.localtime(r.history_date),
            who=display_name(r.history_user) if r.history_user else "Hệ thống",
            verb=VERBS.get(r.history_type, "sửa"),
            kind=key,
            label=KINDS[key].label,
            name="(đã ẩn)" if key == "remark" and r.id in hidden else KINDS[key].name(r),
            url=KINDS[key].url(r) if r.history_type != "-" else None,
            unit=names.get(unit_of(key, r) or 0),
        )
        for key, r in rows
    ]
