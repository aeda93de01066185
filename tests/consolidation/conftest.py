"""Fixtures the quarterly report tests share."""

import datetime

import pytest
import time_machine

from consolidation.services import quarterly as quarterly_services

HANOI = datetime.timezone(datetime.timedelta(hours=7))


@pytest.fixture
def december():
    """5 December 2026, 09:00 in Hà Nội: inside Q4, before its lock."""
    with time_machine.travel(datetime.datetime(2026, 12, 5, 9, 0, tzinfo=HANOI), tick=False):
        yield


@pytest.fixture
def update(approved_plan, ward, december):
    """The approved plan's Q4/2026 report, started."""
    return quarterly_services.update_for(
        plan=approved_plan, quarter=quarterly_services.quarter_ensure(ward, 2026, 4)
    )
