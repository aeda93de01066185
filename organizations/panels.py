"""Sections that other apps add to the unit page, without the registry importing them.

An app registers a function `panel(request, unit) -> str | None` (rendered HTML) in its
AppConfig.ready(); the unit page shows every panel that returns something, in order.
"""

from collections.abc import Callable

from django.http import HttpRequest

from .models import Unit

UnitPanel = Callable[[HttpRequest, Unit], str | None]
_panels: list[UnitPanel] = []


def register_unit_panel(panel: UnitPanel) -> UnitPanel:
    if panel not in _panels:
        _panels.append(panel)
    return panel


def unit_panels(request: HttpRequest, unit: Unit) -> list[str]:
    return [html for panel in _panels if (html := panel(request, unit))]
