"""Rows of bench/run.py for consolidation."""

from organizations.models import Kind, Unit

from .models import Review, ReviewRound


def bench_rows() -> list[dict]:
    ward = Unit.objects.filter(kind=Kind.WARD).order_by("pk").first()
    round_ = ReviewRound.objects.filter(ward=ward).first()
    board = f"bxd.{ward.code.lower()}"
    units = round_.reviews.count()
    weak = Review.objects.filter(round=round_, conclusion="weak").first()
    return [
        {
            "page": "round board, page 1",
            "url": f"/ra-soat/{round_.pk}/",
            "budget_ms": None,
            "user": board,
            "units": units,
        },
        {
            "page": "round board, group 3 filter",
            "url": f"/ra-soat/{round_.pk}/?group=3",
            "budget_ms": None,
            "user": board,
            "units": units,
        },
        {
            "page": "review page",
            "url": f"/ra-soat/danh-gia/{weak.pk}/",
            "budget_ms": None,
            "user": board,
            "units": units,
        },
    ]
