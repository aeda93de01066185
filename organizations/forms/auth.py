"""Logging in and changing one's own password."""

from django import forms
from django.contrib.auth import forms as auth_forms

from .. import login_guard
from ..text import normalize_username
from .base import StyledFormMixin


class LoginForm(StyledFormMixin, auth_forms.AuthenticationForm):
    error_messages = {
        "invalid_login": (
            "Tên đăng nhập hoặc mật khẩu không đúng. Lưu ý: mật khẩu phân biệt chữ hoa, chữ thường."
        ),
        "inactive": "Tài khoản này đã bị khóa. Vui lòng liên hệ Ban Xây dựng Đảng.",
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["username"].label = "Tên đăng nhập"
        self.fields["username"].widget.attrs.update(
            {"autocapitalize": "none", "autocorrect": "off", "spellcheck": "false"}
        )
        self.fields["password"].label = "Mật khẩu"

    def clean_username(self):
        return normalize_username(self.cleaned_data["username"])

    def clean(self):
        # An address under the spraying throttle is refused before any password is checked.
        username = self.cleaned_data.get("username", "")
        refusal = login_guard.refusal(self.request, username) if self.request else None
        if refusal:
            raise forms.ValidationError(refusal, code="address_throttled")
        return super().clean()


class PasswordChangeForm(StyledFormMixin, auth_forms.PasswordChangeForm):
    """Changing one's own password; the temporary one from the Board counts as the old."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["old_password"].label = "Mật khẩu hiện tại (hoặc mật khẩu tạm được cấp)"
        self.fields["new_password1"].label = "Mật khẩu mới"
        self.fields["new_password2"].label = "Nhập lại mật khẩu mới"
