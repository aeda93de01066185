"""What the shell (base.html) needs on every page: who is here, and the menu for their role."""

from typing import Any

from django.urls import reverse

from organizations.models import Role
from organizations.selectors import membership_of

ALL_ROLES = set(Role) - {Role.FRONT}  # the Front sees only the people's feedback

# (label, url name, roles that see it); order is the menu's order. A label with a list in
# place of the url name is a drop-down of those entries (shown flat when one is left).
NAV: list[tuple[str, Any, set[Role]]] = [
    ("Trang chủ", "home", ALL_ROLES),
    ("Tổ chức đảng", "organizations:unit_list", ALL_ROLES),
    ("Rà soát", "consolidation:round_list", ALL_ROLES),
    ("Đề án, kế hoạch", "consolidation:plan_list", ALL_ROLES),
    ("Báo cáo quý", "consolidation:quarterly_home", ALL_ROLES),
    ("Sinh hoạt chi bộ", "consolidation:meetings_home", ALL_ROLES),
    ("Biểu mẫu", "reporting:reports", ALL_ROLES),
    (
        "Theo dõi",
        [
            (
                "Sổ theo dõi cán bộ, vụ việc",
                "consolidation:registers",
                ALL_ROLES - {Role.SECRETARY},
            ),
            ("Kiểm tra, giám sát", "consolidation:inspection_list", ALL_ROLES),
            ("Ý kiến của Nhân dân", "consolidation:feedback_list", ALL_ROLES | {Role.FRONT}),
            ("Nhật ký hoạt động", "consolidation:activity", {Role.BOARD}),
        ],
        ALL_ROLES | {Role.FRONT},
    ),
    ("Tài khoản", "organizations:account_list", {Role.BOARD}),
]


def shell(request):
    user = getattr(request, "user", None)
    membership = membership_of(user) if user is not None else None
    if membership is None:
        return {"membership": None, "nav_items": []}
    return {"membership": membership, "nav_items": _items(NAV, membership.role, request.path)}


def _items(entries, role: str, path: str) -> list[dict]:
    items = []
    for label, target, roles in entries:
        if role not in roles:
            continue
        if isinstance(target, list):
            children = _items(target, role, path)
            if len(children) == 1:
                items.extend(children)
            elif children:
                active = any(c["active"] for c in children)
                items.append({"label": label, "children": children, "active": active})
            continue
        url = reverse(target)
        active = path == url if url == "/" else path.startswith(url)
        items.append({"label": label, "url": url, "active": active})
    return items
