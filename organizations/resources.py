"""The columns of the accounts list's Excel export (organizations.list_export), declared once."""

from import_export import resources
from import_export.fields import Field

from .list_export import column
from .models import Membership
from .selectors import display_name


class AccountResource(resources.ModelResource):
    name = Field(column_name="Họ tên")
    username = column("Tên đăng nhập", "user__username")
    role = Field(column_name="Vai trò")
    unit = column("Đơn vị", "unit__name")
    position = column("Chức vụ", "position")
    email = column("Thư điện tử", "user__email")
    active = Field(column_name="Đang hoạt động")
    last_login = column("Đăng nhập gần nhất", "user__last_login")

    class Meta:
        model = Membership
        fields = ("name", "username", "role", "unit", "position", "email", "active", "last_login")

    def dehydrate_name(self, membership: Membership) -> str:
        return display_name(membership.user)

    def dehydrate_role(self, membership: Membership) -> str:
        return membership.get_role_display()

    def dehydrate_active(self, membership: Membership) -> str:
        return "Có" if membership.user.is_active else "Đã khóa"
