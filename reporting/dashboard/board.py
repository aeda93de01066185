"""The Standing Committee's dashboard as one page: targets, picture, early warning."""

import datetime
from dataclasses import dataclass

from consolidation.models import Quarter, ReviewRound
from consolidation.selectors.quarterly import current_quarter
from consolidation.selectors.reviews import (
    round_counts,
    round_in_progress,
)
from organizations.types import Viewer

from ..versions import kept
from .picture import Chart, overdue_by_plan, picture
from .scope import Scope
from .targets import Target, targets
from .warnings import EarlyWarning, early_warnings


@dataclass
class Dashboard:
    scope: Scope
    today: datetime.date
    round: ReviewRound | None
    # The round being reviewed now, when it is not the one whose figures are shown.
    in_progress: ReviewRound | None
    quarter: Quarter
    targets: list[Target]
    charts: list[Chart]
    warnings: list[EarlyWarning]

    @property
    def days_left(self) -> int:
        return (self.quarter.ward_deadline - self.today).days


def dashboard(user: Viewer, scope: Scope, today: datetime.date) -> Dashboard:
    """The dashboard of a scope as the user may see it, kept per scope and day until a
    figure changes (reporting.versions.kept)."""
    return kept(
        user, ("dashboard", today.isoformat(), *scope.key), lambda: _dashboard(user, scope, today)
    )


def _dashboard(user: Viewer, scope: Scope, today: datetime.date) -> Dashboard:
    round_ = scope.figures_round()
    counts = (
        round_counts(round_, round_.reviews.filter(unit__in=scope.units(user))) if round_ else None
    )
    quarter = current_quarter(scope.ward, today)
    overdue = overdue_by_plan(scope.units(user), today)
    open_round = round_in_progress(scope.ward)
    return Dashboard(
        scope=scope,
        today=today,
        round=round_,
        in_progress=open_round if open_round != round_ else None,
        quarter=quarter,
        targets=targets(user, scope, today, round_, counts, quarter),
        charts=picture(user, scope, today, round_, counts, overdue),
        warnings=early_warnings(user, scope, today, overdue),
    )
