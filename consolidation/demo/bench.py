"""Rows of bench/run.py for consolidation (reviews, plans, cell meetings and cadres at city\nscale)."""

from organizations.models import Kind, Unit

from ..models import Cadre, CellMeeting, Plan, Review, ReviewRound


def bench_rows() -> list[dict]:
    ward = Unit.objects.filter(kind=Kind.WARD).order_by("pk")[0]
    round_ = ReviewRound.objects.filter(ward=ward)[0]
    board = f"bxd.{ward.code.lower()}"
    units = round_.reviews.count()
    weak = Review.objects.filter(round=round_, conclusion="weak")[0]
    plan = Plan.objects.order_by("pk")[0]
    plans, tasks = Plan.objects.count(), plan.tasks.model.objects.count()
    meetings, cadres = CellMeeting.objects.count(), Cadre.objects.count()

    def row(page, url, budget=None):
        return {"page": page, "url": url, "budget_ms": budget, "user": board, "units": units}

    return [
        row("round board, page 1", f"/ra-soat/{round_.pk}/"),
        row("round board, group 3 filter", f"/ra-soat/{round_.pk}/?group=3"),
        row("review page", f"/ra-soat/danh-gia/{weak.pk}/"),
        row(f"plan list, page 1 ({plans} plans, {tasks} tasks)", "/ke-hoach/"),
        row("plan list, late only", "/ke-hoach/?late=on"),
        row("plan page (10 tasks)", f"/ke-hoach/{plan.pk}/"),
        row("registers", "/so-theo-doi/"),
        row("quarterly completeness grid (3 quarters), page 1", "/bao-cao-quy/", 150),
        row(
            f"cell meetings grid, cells × 12 months ({meetings} meetings)",
            "/sinh-hoat/bang/?nam=2026",
            150,
        ),
        row("cell meetings grid, one bloc", "/sinh-hoat/bang/?nam=2026&khoi=residential", 150),
        row("committee members' attendance", "/dang-uy-vien/?quy=2026-Q3", 150),
        row(f"key cadres' evaluation grid ({cadres} cadres)", "/danh-gia-can-bo/?ky=2026-Q3", 150),
        row("IT checklist", "/chuyen-doi-so/", 150),
        row("target list: cell meetings, page 1", "/tong-quan/chi-tieu/meetings/", 150),
        row("target list: cadres evaluated, page 1", "/tong-quan/chi-tieu/evaluations/", 150),
        row("search: a unit without accents", "/tim-kiem/?q=khu+dan+cu+so+1", 300),
        row(
            f"search: a plan by its number ({tasks} tasks searched too)",
            f"/tim-kiem/?q={plan.number or 'de an'}",
            300,
        ),
        row("inbox", "/thong-bao/", 150),
        row("inspections of the year", "/kiem-tra/?nam=2026", 150),
        row("the people's feedback", "/y-kien-nhan-dan/", 150),
        row("plans to Excel (every row)", "/ke-hoach/?xuat=xlsx"),
    ]
