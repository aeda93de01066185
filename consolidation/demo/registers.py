"""The demo's registers of limited cadres and complex cases."""

import datetime

from organizations.models import Unit
from organizations.types import User

from ..models import (
    Cadre,
    ComplexCase,
    KeyRole,
    Plan,
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


CASES = [
    (
        "KDC-07",
        "petition",
        "03 đơn thư khiếu nại tranh chấp lối đi chung ngõ 12",
        "Phức tạp, kéo dài; thẩm quyền phường",
        "Đối thoại các hộ (tháng 7); đo đạc, xác minh (tháng 9); quyết định giải quyết (tháng 12/2026)",
        datetime.date(2026, 12, 31),
        "in_progress",
        None,
    ),
    (
        "KDC-07",
        "hot_spot",
        "Lấn chiếm vỉa hè, tụ tập đông người buổi tối tại chợ cóc",
        "Điểm nóng trật tự đô thị",
        "Ra quân giải tỏa, duy trì tổ tự quản",
        datetime.date(2026, 9, 30),
        "in_progress",
        None,
    ),
    (
        "KDC-15",
        "backlog",
        "Tồn đọng hồ sơ cấp giấy chứng nhận cho 05 hộ",
        "",
        "",
        None,
        "open",
        None,
    ),
    (
        "KDC-41",
        "inspection",
        "Kết luận kiểm tra về quản lý quỹ vận động",
        "Thuộc thẩm quyền chi bộ",
        "Thu hồi, công khai quỹ trước 30/8/2026",
        datetime.date(2026, 8, 30),
        "closed",
        datetime.date(2026, 8, 25),
    ),
]


def registers(ward: Unit, board: User) -> None:
    """The demo ward's registers, kept by the Board's demo account."""
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
    for code, kind, description, classification, roadmap, deadline, status, closed in CASES:
        register_services.register_save(
            instance=ComplexCase(
                unit=units[code],
                plan=plans.get(code),
                kind=kind,
                description=description,
                classification=classification,
                roadmap=roadmap,
                roadmap_deadline=deadline,
                status=status,
                closed_on=closed,
            ),
            by=board,
        )
