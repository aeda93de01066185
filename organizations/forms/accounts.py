"""The Board's account forms: the list's filters, an account, a handover, a deactivation."""

from django import forms
from django.contrib.auth import get_user_model
from django.utils import timezone

from ..models import Role, Unit
from ..selectors import AccountFilters, account_label
from ..services.accounts import Assignment, HandoverRequest, Person
from .base import DateInput, StyledFormMixin, choose_from

User = get_user_model()


def unit_choices(ward: Unit):
    """The ward itself (for its bodies) and every active unit below it, in tree order."""
    return Unit.objects.filter(path__startswith=ward.path).active().order_by("path")


def _unit_label(unit: Unit) -> str:
    return ("— " * max(unit.depth - 1, 0)) + unit.name if unit.depth else unit.name


class AccountFilterForm(StyledFormMixin, forms.Form):
    q = forms.CharField(label="Tìm kiếm", required=False, max_length=100)
    role = forms.ChoiceField(
        label="Vai trò", required=False, choices=[("", "Mọi vai trò"), *Role.choices]
    )
    status = forms.ChoiceField(
        label="Tình trạng",
        required=False,
        choices=[("active", "Đang hoạt động"), ("inactive", "Đã khóa"), ("all", "Tất cả")],
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["q"].widget.attrs.update(
            {
                "placeholder": "Họ tên, tên đăng nhập, đơn vị… (có dấu hay không đều được)",
                "type": "search",
            }
        )

    def filters(self) -> AccountFilters:
        data = self.cleaned_data if self.is_valid() else {}
        return AccountFilters(
            q=data.get("q", ""), role=data.get("role", ""), status=data.get("status") or "active"
        )


class PersonFieldsMixin(forms.Form):
    last_name = forms.CharField(
        label="Họ và tên đệm", max_length=150, help_text="Ví dụ: Nguyễn Thị"
    )
    first_name = forms.CharField(label="Tên", max_length=150, help_text="Ví dụ: Hoa")
    username = forms.CharField(
        label="Tên đăng nhập",
        max_length=150,
        help_text="Chữ không dấu, chữ số và . - _; ví dụ bithu.kdc-07 hoặc hoa.nguyen.",
        widget=forms.TextInput(attrs={"autocapitalize": "none", "spellcheck": "false"}),
    )
    email = forms.EmailField(
        label="Thư điện tử",
        required=False,
        help_text="Không bắt buộc; để nhận nhắc hạn báo cáo.",
    )

    def person(self) -> Person:
        data = self.cleaned_data
        return Person(data["username"], data["first_name"], data["last_name"], data["email"])


class AccountForm(StyledFormMixin, PersonFieldsMixin):
    role = forms.ChoiceField(label="Vai trò", choices=Role.choices)
    unit = forms.ModelChoiceField(
        label="Đơn vị làm việc",
        queryset=Unit.objects.none(),
        empty_label=None,
        help_text="Cơ quan của Đảng ủy làm việc ở đảng bộ phường; bí thư ở tổ chức của mình.",
    )
    position = forms.CharField(label="Chức vụ", max_length=120, required=False)

    field_order = ["last_name", "first_name", "username", "email", "role", "unit", "position"]

    def __init__(self, *args, ward: Unit, **kwargs):
        super().__init__(*args, **kwargs)
        choose_from(self, "unit", unit_choices(ward), label=_unit_label)

    def assignment(self) -> Assignment:
        data = self.cleaned_data
        return Assignment(data["role"], data["unit"], data["position"])


class HandoverForm(StyledFormMixin, forms.Form):
    """Hand a unit to another person: an existing account or a new one."""

    NEW, EXISTING = "new", "existing"
    DEACTIVATE, REASSIGN = "deactivate", "reassign"

    on = forms.DateField(label="Ngày bàn giao", widget=DateInput)
    receiver = forms.ChoiceField(
        label="Người nhận",
        choices=[(NEW, "Người mới (tạo tài khoản)"), (EXISTING, "Người đã có tài khoản")],
        widget=forms.RadioSelect,
        initial=NEW,
    )
    to_user = forms.ModelChoiceField(
        label="Tài khoản có sẵn", queryset=User.objects.none(), required=False
    )
    last_name = forms.CharField(label="Họ và tên đệm của người mới", max_length=150, required=False)
    first_name = forms.CharField(label="Tên của người mới", max_length=150, required=False)
    username = forms.CharField(
        label="Tên đăng nhập của người mới",
        max_length=150,
        required=False,
        widget=forms.TextInput(attrs={"autocapitalize": "none", "spellcheck": "false"}),
    )
    email = forms.EmailField(label="Thư điện tử của người mới", required=False)
    position = forms.CharField(label="Chức vụ của người nhận", max_length=120, required=False)
    previous = forms.ChoiceField(
        label="Tài khoản của bí thư cũ",
        choices=[(DEACTIVATE, "Khóa tài khoản"), (REASSIGN, "Giữ tài khoản, giao vai trò khác")],
        widget=forms.RadioSelect,
        initial=DEACTIVATE,
    )
    previous_role = forms.ChoiceField(
        label="Vai trò mới của bí thư cũ", choices=Role.choices, required=False
    )
    previous_unit = forms.ModelChoiceField(
        label="Đơn vị mới của bí thư cũ", queryset=Unit.objects.none(), required=False
    )
    note = forms.CharField(label="Ghi chú (quyết định, lý do…)", max_length=300, required=False)

    def __init__(self, *args, ward: Unit, unit: Unit, **kwargs):
        super().__init__(*args, **kwargs)
        self.unit = unit
        self.fields["on"].initial = timezone.localdate()
        candidates = (
            User.objects.filter(is_active=True, membership__unit__path__startswith=ward.path)
            .filter(membership__role=Role.SECRETARY)
            .exclude(membership__unit=unit)
            .order_by("last_name", "first_name", "username")
        )
        choose_from(
            self,
            "to_user",
            candidates,
            label=lambda u: f"{account_label(u)} – {u.username} ({u.membership.unit.name})",
        )
        choose_from(self, "previous_unit", unit_choices(ward), label=_unit_label)

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("receiver") == self.EXISTING:
            if not cleaned.get("to_user"):
                self.add_error("to_user", "Chọn tài khoản của người nhận bàn giao.")
        else:
            for name in ("last_name", "first_name", "username"):
                if not cleaned.get(name):
                    self.add_error(name, f"Điền {str(self.fields[name].label).lower()}.")
        if cleaned.get("previous") == self.REASSIGN:
            for name in ("previous_role", "previous_unit"):
                if not cleaned.get(name):
                    self.add_error(name, f"Chọn {str(self.fields[name].label).lower()}.")
        return cleaned

    def handover_request(self) -> HandoverRequest:
        data = self.cleaned_data
        existing = data["receiver"] == self.EXISTING
        previous = None
        if data["previous"] == self.REASSIGN:
            previous = Assignment(data["previous_role"], data["previous_unit"])
        return HandoverRequest(
            unit=self.unit,
            on=data["on"],
            to_user=data["to_user"] if existing else None,
            new_person=None
            if existing
            else Person(data["username"], data["first_name"], data["last_name"], data["email"]),
            new_position=data["position"],
            previous_assignment=previous,
            note=data["note"],
        )


class DeactivateForm(StyledFormMixin, forms.Form):
    reason = forms.CharField(
        label="Lý do",
        max_length=300,
        required=False,
        help_text="Ví dụ: nghỉ hưu, chuyển công tác, thôi giữ chức bí thư.",
    )
