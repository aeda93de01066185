"""Bulk work (confirm many reviews, accept many reports, assign many units): each row done by
the service that does one, in its own transaction, so that one refused row names itself and
stops nothing."""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from django.core.exceptions import PermissionDenied, ValidationError

from .concurrency import EditConflict

T = TypeVar("T")


@dataclass
class BulkOutcome:
    """What a bulk action did, row by row: the rows it did, and each refused row with why."""

    done: list[Any] = field(default_factory=list)
    refused: list[tuple[Any, list[str]]] = field(default_factory=list)


def each(rows: Iterable[T], action: Callable[[T], Any]) -> BulkOutcome:
    outcome = BulkOutcome()
    for row in rows:
        try:
            outcome.done.append(action(row))
        except (ValidationError, PermissionDenied, EditConflict) as exc:
            outcome.refused.append((row, list(getattr(exc, "messages", None) or [str(exc)])))
    return outcome
