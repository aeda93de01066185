"""The list behind each target of the dashboard: every unit, plan, cadre or case the target
counts, marked as meeting it or not, from the same rules as the cards (.targets)."""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, TypedDict, cast

from django.db.models import (
    QuerySet,
)
from django.urls import reverse

from consolidation.models import (
    ATTENDANCE_GOAL,
    Cadre,
    ComplexCase,
    DigitalCheck,
    DigitalItem,
    Plan,
    Review,
    ReviewState,
    is_digital_basic,
    period_first_day,
)
from consolidation.selectors.cadres import evaluations_of, key_cadres
from consolidation.selectors.meetings import (
    cells_of,
    quarter_records,
)
from consolidation.selectors.quarterly import current_quarter, report_sent
from consolidation.selectors.reviews import (
    needing_consolidation,
    with_signs_of_weakness,
)
from organizations.models import Unit
from organizations.types import Viewer

from ..documents import short_date
from .scope import Scope
from .targets import (
    grassroots,
    improvement_plans,
    judged_quarter,
    quarter_expected,
)

if TYPE_CHECKING:
    from django_stubs_ext import WithAnnotations


@dataclass(frozen=True)
class UnitName:
    """What a list shows of a unit: light to keep in the cache (a model instance is not)."""

    code: str
    name: str


@dataclass
class TargetRow:
    unit: Unit | UnitName
    cells: list[str]
    counts: bool  # towards the numerator
    url: str


@dataclass
class TargetList:
    target: str
    title: str
    columns: list[str]
    rows: list[TargetRow]
    counted_label: str  # the header of the "counts" column


TARGET_TITLES = {
    "signs": "Tổ chức có dấu hiệu yếu kém trong đợt rà soát",
    "approved": "Tổ chức cần củng cố và đề án, kế hoạch của mình",
    "improvement": "Đề án củng cố tổ chức yếu kém và chuyển biến sau 12 tháng",
    "prolonged": "Tổ chức yếu kém kéo dài",
    "cadres": "Cán bộ bị đánh giá hạn chế",
    "cases": "Vụ việc phức tạp, tồn đọng, điểm nóng",
    "reporting": "Báo cáo quý của các tổ chức đang củng cố",
    "meetings": "Chế độ sinh hoạt của các chi bộ",
    "attendance": "Tỷ lệ đảng viên dự sinh hoạt thường kỳ của các chi bộ",
    "evaluations": "Đánh giá cán bộ chủ chốt theo sản phẩm",
    "digital": "Ứng dụng công nghệ thông tin, chuyển đổi số của các TCCSĐ",
}


def _review_url(review: Review) -> str:
    return reverse("consolidation:review_detail", args=[review.pk])


def _plan_url(plan: Plan) -> str:
    return reverse("consolidation:plan_detail", args=[plan.pk])


def _round_reviews(scope: Scope, units: QuerySet[Unit]) -> QuerySet[Review]:
    round_ = scope.figures_round()
    if round_ is None:
        return Review.objects.none()
    return round_.reviews.filter(unit__in=units).select_related("unit", "plan")


def _signs_rows(
    scope: Scope, units: QuerySet[Unit], today: datetime.date, key: str, title: str
) -> TargetList:
    reviews = _round_reviews(scope, units).filter(with_signs_of_weakness())
    rows = [
        TargetRow(
            r.unit,
            [r.get_state_display(), r.get_conclusion_display() or "–"],
            r.state == ReviewState.CONFIRMED,
            _review_url(r),
        )
        for r in reviews.order_by("unit__sort_key")
    ]
    return TargetList(key, title, ["Tình trạng", "Kết luận"], rows, "Đã xác nhận")


def _approved_rows(
    scope: Scope, units: QuerySet[Unit], today: datetime.date, key: str, title: str
) -> TargetList:
    rows = []
    for r in (
        _round_reviews(scope, units).filter(needing_consolidation()).order_by("unit__sort_key")
    ):
        plan = getattr(r, "plan", None)
        rows.append(
            TargetRow(
                r.unit,
                [
                    r.get_conclusion_display(),
                    plan.get_status_display() if plan else "Chưa xây dựng",
                ],
                bool(plan and plan.is_approved),
                _plan_url(plan) if plan else _review_url(r),
            )
        )
    return TargetList(key, title, ["Kết luận", "Đề án, kế hoạch"], rows, "Đã được phê duyệt")


def _prolonged_rows(
    scope: Scope, units: QuerySet[Unit], today: datetime.date, key: str, title: str
) -> TargetList:
    rows = [
        TargetRow(r.unit, [r.get_conclusion_display() or "–"], False, _review_url(r))
        for r in _round_reviews(scope, units).filter(is_prolonged=True).order_by("unit__sort_key")
    ]
    return TargetList(key, title, ["Kết luận"], rows, "Đã hết kéo dài")


def _improvement_rows(
    scope: Scope, units: QuerySet[Unit], today: datetime.date, key: str, title: str
) -> TargetList:
    plans = improvement_plans(units, today).select_related("unit").order_by("unit__sort_key")
    rows = []
    for p in plans:
        evaluation = (
            "Chưa đánh giá"
            if p.last_evaluation is None
            else "Có chuyển biến rõ rệt"
            if p.last_evaluation
            else "Chưa chuyển biến rõ rệt"
        )
        rows.append(
            TargetRow(
                p.unit,
                [
                    short_date(p.started_on),
                    "Đủ 12 tháng" if p.ripe else "Chưa đủ 12 tháng",
                    p.get_status_display(),
                    evaluation,
                ],
                p.ripe and p.improved,
                _plan_url(p),
            )
        )
    return TargetList(
        key,
        title,
        ["Đưa vào củng cố", "Thời gian", "Tình trạng", "Đánh giá gần nhất"],
        rows,
        "Tính là chuyển biến (đủ 12 tháng)",
    )


def _cadre_rows(
    scope: Scope, units: QuerySet[Unit], today: datetime.date, key: str, title: str
) -> TargetList:
    rows = [
        TargetRow(
            c.unit,
            [f"{c.name}, {c.position}", c.get_action_display()],
            c.acted_upon,
            reverse("consolidation:registers") + "#cadres",
        )
        for c in Cadre.objects.filter(unit__in=units)
        .limited()
        .select_related("unit")
        .order_by("unit__sort_key", "name")
    ]
    return TargetList(key, title, ["Cán bộ", "Xử lý"], rows, "Đã xử lý")


def _case_rows(
    scope: Scope, units: QuerySet[Unit], today: datetime.date, key: str, title: str
) -> TargetList:
    cases = (
        ComplexCase.objects.filter(unit__in=units)
        .with_roadmap_flag()
        .select_related("unit")
        .prefetch_related("milestones")
        .order_by("unit__sort_key", "pk")
    )
    rows = [
        TargetRow(
            c.unit,
            [
                c.get_kind_display(),
                c.classification or "chưa phân loại",
                short_date(c.final_due) or "chưa có lộ trình",
                c.get_status_display(),
            ],
            bool(c.roadmap_ready),
            reverse("consolidation:case_detail", args=[c.pk]),
        )
        for c in cases
    ]
    return TargetList(
        key, title, ["Vụ việc", "Phân loại", "Hạn lộ trình", "Tình trạng"], rows, "Có lộ trình"
    )


class SentFlags(TypedDict):
    submitted: bool
    on_time: bool


def _reporting_rows(
    scope: Scope, units: QuerySet[Unit], today: datetime.date, key: str, title: str
) -> TargetList:
    quarter = current_quarter(scope.ward, today)
    plans = cast(
        "QuerySet[WithAnnotations[Plan, SentFlags]]",
        quarter_expected(units, quarter)
        .annotate(submitted=report_sent(quarter), on_time=report_sent(quarter, on_time=True))
        .select_related("unit")
        .order_by("unit__sort_key"),
    )
    rows = [
        TargetRow(
            p.unit,
            [
                p.get_kind_display(),
                "Đúng hạn" if p.on_time else "Muộn" if p.submitted else "Chưa nộp",
            ],
            bool(p.submitted),
            reverse("consolidation:update_open", args=[p.pk, quarter.code]),
        )
        for p in plans
    ]
    return TargetList(key, f"{title} – {quarter.label}", ["Loại", "Nộp"], rows, "Đã nộp")


def _meeting_rows(
    scope: Scope, units: QuerySet[Unit], today: datetime.date, key: str, title: str
) -> TargetList:
    year, number, label, _ = judged_quarter(today)
    cells = list(cells_of(units).order_by("sort_key", "code"))
    records = quarter_records(cells, year, number, today)
    grid = reverse("consolidation:meeting_grid") + f"?nam={year}"
    rows = []
    for cell in cells:
        record = records[cell.pk]
        months = ", ".join(
            f"T{m}: {'có' if figures.kept else 'không'}" for (_, m), figures in record.months
        )
        attendance = "–" if record.rate is None else f"{record.rate:.0%}".replace("%", " %")
        if key == "meetings":
            cells_text = [months, "có" if record.thematic_held else "không"]
            counted = record.regime_kept
        else:
            cells_text = [f"{record.present}/{record.expected}", attendance]
            counted = record.rate is not None and record.rate >= ATTENDANCE_GOAL - 1e-9
        rows.append(TargetRow(cell, cells_text, counted, grid))
    if key == "meetings":
        columns, counted_label = ["Sinh hoạt thường kỳ", "Chuyên đề"], "Đạt chế độ sinh hoạt"
    else:
        columns, counted_label = ["Có mặt / phải dự", "Tỷ lệ"], "Từ 90 % trở lên"
    return TargetList(key, f"{title} – {label}", columns, rows, counted_label)


def _evaluation_rows(
    scope: Scope, units: QuerySet[Unit], today: datetime.date, key: str, title: str
) -> TargetList:
    year, number, label, _ = judged_quarter(today)
    cadres = list(
        key_cadres(units, period_first_day(year, number)).order_by("unit__sort_key", "name")
    )
    evaluations = evaluations_of(cadres, year, number)
    url = reverse("consolidation:cadre_evaluations") + f"?ky={year}-Q{number}"
    rows = []
    for cadre in cadres:
        e = evaluations.get(cadre.pk)
        products = bool(e and (e.products or e.tasks.all()))
        rows.append(
            TargetRow(
                cadre.unit,
                [
                    f"{cadre.name}, {cadre.get_key_role_display().lower()}",
                    e.get_level_display() if e else "Chưa đánh giá",
                    ("có" if products else "chưa nêu") if e else "–",
                ],
                products,
                url,
            )
        )
    return TargetList(
        key,
        f"{title} – {label}",
        ["Cán bộ", "Xếp loại", "Sản phẩm"],
        rows,
        "Đánh giá theo sản phẩm",
    )


def _digital_rows(
    scope: Scope, units: QuerySet[Unit], today: datetime.date, key: str, title: str
) -> TargetList:
    required = list(
        DigitalItem.objects.filter(active=True, required=True).values_list("pk", flat=True)
    )
    listed = list(grassroots(scope, units).order_by("sort_key", "code"))
    done: dict[int, set[int]] = {}
    for unit_id, item_id in DigitalCheck.objects.filter(unit__in=listed, done=True).values_list(
        "unit_id", "item_id"
    ):
        done.setdefault(unit_id, set()).add(item_id)
    url = reverse("consolidation:digital_checklist")
    rows = [
        TargetRow(
            u,
            [f"{len(done.get(u.pk, set()) & set(required))}/{len(required)}"],
            is_digital_basic(required, done.get(u.pk, set())),
            url,
        )
        for u in listed
    ]
    return TargetList(key, title, ["Nội dung bắt buộc đã có"], rows, "Đạt mức cơ bản")


TARGET_LISTS = {
    "meetings": _meeting_rows,
    "attendance": _meeting_rows,
    "evaluations": _evaluation_rows,
    "digital": _digital_rows,
    "signs": _signs_rows,
    "approved": _approved_rows,
    "prolonged": _prolonged_rows,
    "improvement": _improvement_rows,
    "cadres": _cadre_rows,
    "cases": _case_rows,
    "reporting": _reporting_rows,
}


# A row as kept in the cache: code and name of the unit, cells, counts, url.
KeptRow = tuple[str, str, list[str], bool, str]


@dataclass
class KeptList:
    """A TargetList as kept in the cache, each row a plain tuple: a city's 10,000 rows read
    back in a few milliseconds (as dataclasses or named tuples, several times longer). The
    page shown makes TargetRows of its own rows again (`shown`)."""

    target: str
    title: str
    columns: list[str]
    counted_label: str
    rows: list[KeptRow]

    @property
    def counted(self) -> int:
        return sum(1 for row in self.rows if row[3])

    def missing(self) -> list[KeptRow]:
        return [row for row in self.rows if not row[3]]


def kept_form(listing: TargetList | None) -> KeptList | None:
    if listing is None:
        return None
    return KeptList(
        listing.target,
        listing.title,
        listing.columns,
        listing.counted_label,
        [(r.unit.code, r.unit.name, r.cells, r.counts, r.url) for r in listing.rows],
    )


def shown(rows: Iterable[KeptRow]) -> list[TargetRow]:
    return [
        TargetRow(UnitName(code, name), cells, counts, url)
        for code, name, cells, counts, url in rows
    ]


def target_rows(user: Viewer, scope: Scope, key: str, today: datetime.date) -> TargetList | None:
    """The units, plans, cadres or cases a target counts, each marked as meeting it or not;
    a fixed number of queries."""
    build = TARGET_LISTS.get(key)
    if build is None:
        return None
    return build(scope, scope.units(user), today, key, TARGET_TITLES[key])
