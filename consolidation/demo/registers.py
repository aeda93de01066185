"""The demo's registers of limited cadres and complex cases."""

import datetime

from django.contrib.auth import get_user_model

from organizations.models import Unit
from organizations.types import User

from ..models import (
    Cadre,
    CaseEntry,
    CaseKind,
    CaseLetter,
    CaseMilestone,
    CaseStatus,
    ComplexCase,
    KeyRole,
    Plan,
    SenderKind,
)
from ..services import registers as register_services

CADRES = [
    (
        "KDC-41",
        "Nguyễn Văn Hưng",
        "Bí thư chi bộ",
        "Chưa nắm vững nghiệp vụ công tác đảng",
        "training",
        datetime.date(2026, 7, 10),
    ),
    (
        "KDC-41",
        "Trần Thị Hồng",
        "Phó Bí thư chi bộ",
        "Phân công nhiệm vụ chung chung",
        "none",
        None,
    ),
    (
        "HC-19",
        "Lê Văn Tâm",
        "Chi ủy viên",
        "Thái độ phục vụ chưa đúng mực",
        "replacement",
        datetime.date(2026, 8, 15),
    ),
    (
        "HC-19",
        "Phạm Thị Thu",
        "Bí thư chi bộ",
        "Lúng túng xử lý tình huống",
        "training",
        datetime.date(2026, 7, 20),
    ),
    (
        "KDC-33",
        "Đỗ Văn Long",
        "Chi ủy viên",
        "Ngại ứng dụng công nghệ",
        "arrangement",
        datetime.date(2026, 9, 1),
    ),
]


KEY_ROLES = {
    "Bí thư chi bộ": KeyRole.SECRETARY,
    "Phó Bí thư chi bộ": KeyRole.DEPUTY,
    "Chi ủy viên": KeyRole.COMMITTEE,
}


# code, kind, description, classification, roadmap, milestones (title, due, done), status, closed
Milestones = list[tuple[str, datetime.date, datetime.date | None]]
CASES: list[tuple[str, str, str, str, str, Milestones, str, datetime.date | None]] = [
    (
        "KDC-07",
        "petition",
        "03 đơn thư khiếu nại tranh chấp lối đi chung ngõ 12",
        "Phức tạp, kéo dài; thẩm quyền phường",
        "Đối thoại các hộ; đo đạc, xác minh; quyết định giải quyết",
        [
            ("Đối thoại các hộ liên quan", datetime.date(2026, 7, 31), datetime.date(2026, 7, 28)),
            ("Đo đạc, xác minh hiện trạng lối đi", datetime.date(2026, 9, 30), None),
            ("Quyết định giải quyết, trả lời đơn", datetime.date(2026, 12, 31), None),
        ],
        "in_progress",
        None,
    ),
    (
        "KDC-07",
        "hot_spot",
        "Lấn chiếm vỉa hè, tụ tập đông người buổi tối tại chợ cóc",
        "Điểm nóng trật tự đô thị",
        "Ra quân giải tỏa, duy trì tổ tự quản",
        [("Ra quân giải tỏa, lập tổ tự quản", datetime.date(2026, 9, 30), None)],
        "in_progress",
        None,
    ),
    (
        "KDC-15",
        "backlog",
        "Tồn đọng hồ sơ cấp giấy chứng nhận cho 05 hộ",
        "",
        "",
        [],
        "open",
        None,
    ),
    (
        "KDC-41",
        "inspection",
        "Kết luận kiểm tra về quản lý quỹ vận động",
        "Thuộc thẩm quyền chi bộ",
        "Thu hồi, công khai quỹ",
        [
            (
                "Thu hồi, công khai quỹ vận động",
                datetime.date(2026, 8, 30),
                datetime.date(2026, 8, 25),
            )
        ],
        "closed",
        datetime.date(2026, 8, 25),
    ),
]


def registers(ward: Unit, board: User) -> None:
    """The demo ward's registers, kept by the Board's demo account and the Party office's."""
    office = get_user_model().objects.get(username="vpdu")
    units = {u.code: u for u in Unit.objects.subtree_of(ward)}
    plans = {
        p.unit.code: p
        for p in Plan.objects.filter(unit__path__startswith=ward.path).select_related("unit")
    }
    for code, name, position, limitation, action, on in CADRES:
        register_services.register_save(
            instance=Cadre(
                unit=units[code],
                plan=plans.get(code),
                name=name,
                position=position,
                key_role=KEY_ROLES[position],
                # a cadre replaced holds the post no more
                until=on if action == "replacement" else None,
                limitation=limitation,
                action=action,
                action_on=on,
            ),
            by=board,
        )
    for code, kind, description, classification, roadmap, milestones, status, closed in CASES:
        case = register_services.register_save(
            instance=ComplexCase(
                unit=units[code],
                plan=plans.get(code),
                kind=kind,
                description=description,
                classification=classification,
                roadmap=roadmap,
                status=status,
                closed_on=closed,
                owner=office,
            ),
            by=board,
        )
        for title, due, done in milestones:
            register_services.milestone_save(
                milestone=CaseMilestone(case=case, title=title, due_on=due, done_on=done), by=board
            )
    _case_file(units, office)


def _case_file(units: dict[str, Unit], office: User) -> None:
    """An urgent case with its timeline and a letter, kept by the Party office."""
    case = register_services.register_save(
        instance=ComplexCase(
            unit=units["KDC-33"],
            kind=CaseKind.HOT_SPOT,
            description="Tập trung đông người phản đối việc thu hồi đất làm ngõ",
            classification="Đột xuất, nhạy cảm",
            roadmap="Nắm tình hình, đối thoại, báo cáo Ban Thường vụ",
            urgent=True,
            status=CaseStatus.IN_PROGRESS,
            owner=office,
        ),
        by=office,
    )
    for title, due, done in (
        (
            "Nắm tình hình, báo cáo Ban Thường vụ",
            datetime.date(2026, 11, 20),
            datetime.date(2026, 11, 19),
        ),
        ("Tổ chức đối thoại với các hộ", datetime.date(2026, 11, 30), None),
        ("Trả lời bằng văn bản", datetime.date(2026, 12, 31), None),
    ):
        register_services.milestone_save(
            milestone=CaseMilestone(case=case, title=title, due_on=due, done_on=done), by=office
        )
    register_services.case_entry_add(
        entry=CaseEntry(
            case=case,
            happened_on=datetime.date(2026, 11, 18),
            text="Khoảng 20 hộ tập trung tại trụ sở tổ dân phố; Văn phòng Đảng ủy đã nắm tình hình.",
        ),
        uploads=[],
        by=office,
    )
    register_services.letter_save(
        letter=CaseLetter(
            case=case,
            received_on=datetime.date(2026, 11, 17),
            sender_kind=SenderKind.GROUP,
            sender_name="Đại diện các hộ ngõ 45",
            content="Đề nghị xem xét lại phương án thu hồi đất làm ngõ.",
            sent_to="Ủy ban nhân dân phường",
        ),
        by=office,
    )
