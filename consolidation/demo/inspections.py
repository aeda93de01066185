"""The demo's inspections and supervisions (kept by `ubkt`) and the people's feedback (recorded
by `mttq` and the Board), written through the services."""

import datetime

from django.contrib.auth import get_user_model

from organizations.models import Unit

from ..models import (
    Feedback,
    FeedbackSource,
    FollowUp,
    IndicatorGroup,
    Inspection,
    InspectionFinding,
    InspectionKind,
    InspectionMode,
    Plan,
    ProgrammeItem,
    Recommendation,
)
from ..services import inspections as services

# year, quarter, kind, subject
PROGRAMME = [
    (2026, 2, InspectionKind.SUPERVISION, "Giám sát việc xây dựng đề án, kế hoạch củng cố"),
    (2026, 3, InspectionKind.INSPECTION, "Kiểm tra thực hiện đề án củng cố chi bộ KDC số 7"),
    (2026, 4, InspectionKind.SUPERVISION, "Giám sát sinh hoạt chi bộ các chi bộ yếu kém"),
    (2026, 4, InspectionKind.INSPECTION, "Kiểm tra quản lý quỹ, tài chính chi bộ"),
]


def seed_inspections(ward: Unit) -> None:
    inspection_staff = get_user_model().objects.get(username="ubkt")
    items = [
        services.programme_item_save(
            item=ProgrammeItem(ward=ward, year=year, quarter=quarter, kind=kind, subject=subject),
            by=inspection_staff,
        )
        for year, quarter, kind, subject in PROGRAMME
    ]
    units = {u.code: u for u in Unit.objects.subtree_of(ward)}
    plans = {p.unit.code: p for p in Plan.objects.filter(unit__in=units.values())}
    groups = {g.number: g for g in IndicatorGroup.objects.all()}

    # A concluded inspection of a weak unit's plan: two recommendations, one done, one overdue.
    inspection = services.inspection_save(
        inspection=Inspection(
            ward=ward,
            kind=InspectionKind.INSPECTION,
            mode=InspectionMode.THEMATIC,
            programme_item=items[1],
            subject="Kiểm tra việc thực hiện đề án củng cố",
            decision_number="45-QĐ/UBKTĐU",
            decision_date=datetime.date(2026, 8, 20),
            team="Đ/c Lê Thị Lan, Chủ nhiệm UBKT (tổ trưởng); đ/c Hoàng Văn Sơn, Ủy viên UBKT",
            starts_on=datetime.date(2026, 9, 3),
            ends_on=datetime.date(2026, 9, 17),
            conclusion=(
                "Chi bộ đã triển khai đề án đúng lộ trình ở nhóm 1; việc giải quyết đơn thư "
                "tranh chấp lối đi chung (nhóm 3) còn chậm, chưa có phân công cụ thể."
            ),
        ),
        units=[units["KDC-07"]],
        plans=[plans["KDC-07"]],
        by=inspection_staff,
    )
    for number, text in (
        (1, "Chi ủy đã ban hành quy chế làm việc mới, sinh hoạt đúng định kỳ từ tháng 7."),
        (3, "03 đơn thư tranh chấp lối đi chung chưa được trả lời; chưa có biên bản đối thoại."),
    ):
        services.finding_add(
            finding=InspectionFinding(inspection=inspection, group=groups[number], text=text),
            by=inspection_staff,
        )
    done, _ = (
        services.recommendation_add(
            recommendation=Recommendation(
                inspection=inspection,
                unit=units["KDC-07"],
                responsible=responsible,
                text=text,
                deadline=deadline,
            ),
            by=inspection_staff,
        )
        for responsible, text, deadline in (
            (
                "Bí thư chi bộ",
                "Công khai quy chế làm việc của chi ủy tại hội nghị chi bộ.",
                datetime.date(2026, 10, 15),
            ),
            (
                "Chi ủy chi bộ",
                "Lập kế hoạch đối thoại, trả lời dứt điểm 03 đơn thư tranh chấp lối đi chung.",
                datetime.date(2026, 11, 30),
            ),
        )
    )
    services.inspection_conclude(
        inspection=inspection, on=datetime.date(2026, 9, 25), by=inspection_staff
    )
    services.follow_up_add(
        follow_up=FollowUp(
            recommendation=done,
            happened_on=datetime.date(2026, 10, 10),
            text="Đã công khai quy chế tại hội nghị chi bộ tháng 10, có biên bản.",
        ),
        uploads=[],
        done=True,
        by=inspection_staff,
    )

    # A supervision still under way.
    services.inspection_save(
        inspection=Inspection(
            ward=ward,
            kind=InspectionKind.SUPERVISION,
            mode=InspectionMode.REGULAR,
            programme_item=items[2],
            subject="Giám sát sinh hoạt chi bộ",
            decision_number="52-QĐ/UBKTĐU",
            decision_date=datetime.date(2026, 10, 28),
            team="Đ/c Hoàng Văn Sơn, Ủy viên UBKT",
            starts_on=datetime.date(2026, 11, 5),
        ),
        units=[units["HC-19"], units["KDC-41"]],
        plans=[plans["HC-19"], plans["KDC-41"]],
        by=inspection_staff,
    )
    seed_feedback(ward, units, groups)


def seed_feedback(ward: Unit, units: dict[str, Unit], groups: dict[int, IndicatorGroup]) -> None:
    front = get_user_model().objects.get(username="mttq")
    board = get_user_model().objects.get(username="bxd")
    answered = services.feedback_save(
        feedback=Feedback(
            unit=units["HC-19"],
            source=FeedbackSource.CITIZENS,
            received_on=datetime.date(2026, 7, 8),
            content="Cử tri phản ánh thái độ tiếp dân của một đồng chí chi ủy viên chưa đúng mực.",
            group=groups[2],
        ),
        by=front,
    )
    answered.response_by = answered.unit.name
    answered.responded_on = datetime.date(2026, 8, 2)
    answered.response = "Chi bộ đã kiểm điểm đồng chí chi ủy viên, xin lỗi công dân."
    services.feedback_save(feedback=answered, by=board, expected_version=answered.version)
    for code, source, received, content, group in (
        (
            "KDC-07",
            FeedbackSource.FRONT,
            datetime.date(2026, 10, 20),
            "Ban công tác Mặt trận khu dân cư phản ánh lấn chiếm vỉa hè tái diễn buổi tối.",
            3,
        ),
        (
            "KDC-41",
            FeedbackSource.VETERANS,
            datetime.date(2026, 11, 12),
            "Hội viên Cựu chiến binh đề nghị công khai quỹ vận động của khu dân cư.",
            3,
        ),
    ):
        services.feedback_save(
            feedback=Feedback(
                unit=units[code],
                source=source,
                received_on=received,
                content=content,
                group=groups[group],
            ),
            by=front,
        )
