"""What the shell (base.html) needs on every page: who is here, and the menu for their role."""

from django.urls import reverse

from organizations.models import Role
from organizations.selectors import membership_of

ALL_ROLES = set(Role)

# (label, url name, roles that see it); order is the menu's order.
NAV = [
    ("Trang chủ", "home", ALL_ROLES),
    ("Tổ chức đảng", "organizations:unit_list", ALL_ROLES),
    ("Rà soát", "consolidation:round_list", ALL_ROLES),
    ("Đề án, kế hoạch", "consolidation:plan_list", ALL_ROLES),
    ("Báo cáo quý", "consolidation:quarterly_home", ALL_ROLES),
    ("Sinh hoạt chi bộ", "consolidation:meetings_home", ALL_ROLES),
    ("Biểu mẫu", "reporting:reports", ALL_ROLES),
    ("Sổ theo dõi", "consolidation:registers", ALL_ROLES - {Role.SECRETARY}),
    ("Tài khoản", "organizations:account_list", {Role.BOARD}),
]


def shell(request):
    user = getattr(request, "user", None)
    membership = membership_of(user) if user is not None else None
    if membership is None:
        return {"membership": None, "nav_items": []}
    items = []
    for label, url_name, roles in NAV:
        if membership.role in roles:
            url = reverse(url_name)
            active = request.path == url if url == "/" else request.path.startswith(url)
            items.append({"label": label, "url": url, "active": active})
    return {"membership": membership, "nav_items": items}
