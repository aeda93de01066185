"""Rows of bench/run.py for the registry (budgets from the registry issue)."""

from ..models import Kind, Unit


def bench_rows() -> list[dict]:
    ward = Unit.objects.filter(kind=Kind.WARD).order_by("pk")[0]
    units = Unit.objects.subtree_of(ward).count() - 1
    committee = Unit.objects.filter(parent=ward, kind=Kind.BASE_COMMITTEE, children__isnull=False)[
        0
    ]
    cell = Unit.objects.filter(parent=ward, kind=Kind.BASE_CELL).order_by("pk")[0]
    board = f"bxd.{ward.code.lower()}"
    return [
        {
            "page": "registry list, page 1",
            "url": "/don-vi/",
            "budget_ms": 150,
            "user": board,
            "units": units,
        },
        {
            "page": "registry list, page 100",
            "url": "/don-vi/?trang=100",
            "budget_ms": 150,
            "user": board,
            "units": units,
        },
        {
            "page": "registry list, search 'khu dan cu so 1'",
            "url": "/don-vi/?q=khu+dan+cu+so+1",
            "budget_ms": 150,
            "user": board,
            "units": units,
        },
        {
            "page": "registry list, bloc filter + sub-cells",
            "url": "/don-vi/?bloc=police&sub_cells=on",
            "budget_ms": 150,
            "user": board,
            "units": units,
        },
        {
            "page": "unit page (committee with sub-cells)",
            "url": f"/don-vi/{committee.pk}/",
            "budget_ms": 150,
            "user": board,
            "units": units,
        },
        {
            "page": "unit page (cell)",
            "url": f"/don-vi/{cell.pk}/",
            "budget_ms": 150,
            "user": board,
            "units": units,
        },
    ]
