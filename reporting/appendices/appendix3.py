"""Phụ lục 3 – Tổng hợp tình hình củng cố TCCSĐ yếu kém hoặc có vấn đề cần quan tâm (quý)."""

import datetime

from consolidation.models import (
    MARK_MISSING,
    MARK_SUBMITTED,
    Quarter,
    QuarterlyUpdate,
    UpdateState,
)
from organizations.models import Unit
from organizations.types import Viewer

from ..documents import (
    Document,
    Letterhead,
    Signature,
    Table,
    place_date,
    short_date,
    upper_vi,
)
from .common import (
    group_numbers,
    groups_text,
    plans_for,
    profile_for,
    recipients,
    slug,
    ward_signature,
)

APPENDIX3_TITLE = "TỔNG HỢP TÌNH HÌNH CỦNG CỐ TCCSĐ YẾU KÉM HOẶC CÓ VẤN ĐỀ CẦN QUAN TÂM"


APPENDIX3_COLUMNS = [
    "STT",
    "Tên TCCSĐ",
    "Nhóm biểu hiện (1/2/3)",
    "Nội dung cần củng cố",
    "Số, ngày ban hành đề án/Kế hoạch",
    "Thời gian đưa vào củng cố",
    "Thời gian dự kiến hoàn thành",
    "Tóm tắt kết quả thực hiện các nội dung củng cố",
]


APPENDIX3_NUMBERING = [f"({n})" for n in range(1, 9)]


# A dd/mm/yyyy date fits whole in (6) and (7) at 12 pt, in every format.
APPENDIX3_WIDTHS: list[float] = [5, 14, 7, 21, 13, 10, 10, 20]
APPENDIX3_CENTERED = frozenset({1, 3, 6, 7})


def appendix3_rows(*, user: Viewer | None, scope: Unit, quarter: Quarter) -> list[list[str]]:
    """One row per plan active in the quarter (entered consolidation by its end, not
    recognized before its start) within the scope, in Vietnamese order of the unit's name:
    the form's columns (1)–(8). Column 8 is the accepted update's summary, marked when the
    update is only submitted or missing."""
    visible = (
        plans_for(user)
        .filter(unit__path__startswith=scope.path)
        .exclude(unit=scope)
        .expected_in(quarter)
    )
    plans = list(
        visible.select_related("unit").order_by("unit__sort_key", "unit__code", "started_on")
    )
    updates = {
        u.plan_id: u
        for u in QuarterlyUpdate.objects.of(quarter).filter(plan_id__in=[p.pk for p in plans])
    }
    groups = group_numbers(plans)
    rows = []
    for index, plan in enumerate(plans, start=1):
        update = updates.get(plan.pk)
        if update is not None and update.state == UpdateState.ACCEPTED:
            summary = update.summary
        elif update is not None and update.state == UpdateState.SUBMITTED:
            summary = f"{update.summary}\n{MARK_SUBMITTED}".strip()
        else:
            summary = MARK_MISSING
        rows.append(
            [
                str(index),
                plan.unit.name,
                groups_text(groups[plan.pk]),
                plan.contents,
                plan.number_display,
                short_date(plan.started_on),
                short_date(plan.expected_end),
                summary,
            ]
        )
    return rows


def appendix3(
    *, user: Viewer | None, scope: Unit, quarter: Quarter, today: datetime.date
) -> Document:
    ward = quarter.ward
    profile = profile_for(ward)
    if scope.pk == ward.pk:
        issuer, signature = profile.issuing_body, ward_signature(profile)
    else:  # a đảng bộ cơ sở over its own sub-cells
        issuer = upper_vi(scope.name)
        signature = Signature("T/M ĐẢNG ỦY", "BÍ THƯ", scope.secretary_name)
    return Document(
        kind="appendix3",
        letterhead=Letterhead(profile.superior_body, issuer, place_date(profile.place, today)),
        label="PHỤ LỤC 3",
        title=[APPENDIX3_TITLE],
        subtitle=f"({quarter.label})",
        blocks=[
            Table(
                columns=APPENDIX3_COLUMNS,
                numbering=APPENDIX3_NUMBERING,
                rows=appendix3_rows(user=user, scope=scope, quarter=quarter),
                widths=APPENDIX3_WIDTHS,
                centered=APPENDIX3_CENTERED,
                key="phu-luc-3",
            )
        ],
        signature=signature,
        recipients=recipients(profile),
        landscape=True,
        filename_stem=f"phu-luc-3_{quarter.code}_{slug(profile.place)}"
        + ("" if scope.pk == ward.pk else f"_{slug(scope.code)}"),
    )
