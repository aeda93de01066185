"""The demo's quarterly reports, from Q2 to the current quarter."""

import datetime

from django.utils import timezone

from organizations.types import User

from ..models import (
    QuarterlyUpdate,
    TaskStatus,
)
from ..services import quarterly as quarterly_services

QUARTERS = {
    # quarter: (first submission, acceptance) – the demo's reporting history
    (2026, 2): (datetime.datetime(2026, 6, 8, 9, 30), datetime.datetime(2026, 6, 12, 15, 0)),
    (2026, 3): (datetime.datetime(2026, 9, 7, 10, 0), datetime.datetime(2026, 9, 11, 14, 0)),
}


def _report(
    plan,
    year,
    number,
    targets,
    board,
    *,
    summary,
    submit=True,
    accept=True,
    late_days=0,
    returned=None,
):
    """A secretary's quarterly update with each task at `targets[task id]` per cent."""

    quarter = quarterly_services.quarter_ensure(plan.unit.parent, year, number)
    update = quarterly_services.update_for(plan=plan, quarter=quarter)
    rows = []
    for row in update.progress.all():
        pct = targets.get(row.task_id, 0)
        status = (
            TaskStatus.DONE
            if pct == 100
            else TaskStatus.IN_PROGRESS
            if pct
            else TaskStatus.NOT_STARTED
        )
        rows.append(
            quarterly_services.ProgressInput(
                row.task_id, status, pct, "Đã triển khai theo kế hoạch" if pct else "", pct == 100
            )
        )
    secretary = User.objects.filter(
        membership__unit=plan.unit, membership__role="secretary"
    ).first()
    # Past quarters are locked today; the Board may still write them, so the demo's history
    # is entered as the Board and then dated and signed as the secretary's, below.
    author = board if (year, number) in QUARTERS or secretary is None else secretary
    quarterly_services.update_save(
        update=update,
        data=quarterly_services.UpdateInput(summary=summary, progress=rows),
        by=author,
        expected_version=None,
    )
    if not submit:
        return update
    quarterly_services.update_submit(update=update, by=author)
    if returned:
        quarterly_services.update_return(update=update, by=board, reason=returned)
        quarterly_services.update_submit(update=update, by=author)
    if accept:
        quarterly_services.update_accept(update=update, by=board)
    when = QUARTERS.get((year, number))
    if when:  # backdate the demo's history: the services stamp "now"
        first = timezone.make_aware(when[0] + datetime.timedelta(days=late_days))
        QuarterlyUpdate.objects.filter(pk=update.pk).update(
            first_submitted_at=first,
            submitted_at=first,
            submitted_by=secretary,
            accepted_at=timezone.make_aware(when[1] + datetime.timedelta(days=late_days))
            if accept
            else None,
        )
    return update


def quarterly(plan, progress, special, board) -> None:
    """Quarters II and III reported and accepted (the late unit late, and once returned);
    quarter IV in the states a ward sees in late November."""
    tasks = list(plan.tasks.order_by("group__number", "order"))
    final = {t.pk: pct for t, pct in zip(tasks, progress, strict=False)}
    early = {pk: (pct // 30) * 10 for pk, pct in final.items()}
    late = special == "late"
    _report(
        plan,
        2026,
        2,
        early,
        board,
        late_days=5 if late else 0,
        summary="Đã quán triệt đề án tới toàn thể đảng viên; phân công cụ thể từng nhiệm vụ, bắt đầu triển khai.",
    )
    _report(
        plan,
        2026,
        3,
        final,
        board,
        late_days=6 if late else 0,
        returned="Bổ sung kết quả cụ thể của từng nhiệm vụ, kèm biên bản sinh hoạt."
        if late
        else None,
        summary="Triển khai chậm; mới hoàn thành một phần nhiệm vụ rà soát cán bộ."
        if late
        else "Hoàn thành các nhiệm vụ trọng tâm của giai đoạn 2; sinh hoạt chi bộ đi vào nền nếp; "
        "đã có sản phẩm cho các nhiệm vụ đến hạn.",
    )
    code = plan.unit.code
    if code == "HC-19":
        _report(
            plan,
            2026,
            4,
            final,
            board,
            accept=False,
            summary="Tiếp tục duy trì kết quả; chuẩn bị đánh giá cuối kỳ.",
        )
    elif code == "DN-02":
        _report(
            plan,
            2026,
            4,
            final,
            board,
            summary="Đã hoàn thành toàn bộ nhiệm vụ; được công nhận hoàn thành củng cố.",
        )
    elif code == "KDC-07":
        _report(plan, 2026, 4, final, board, submit=False, summary="Đang tổng hợp kết quả quý IV.")
