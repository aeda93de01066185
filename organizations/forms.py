from django import forms
from django.contrib.auth import forms as auth_forms

from .text import normalize_line, normalize_text


class StyledFormMixin:
    """Bootstrap classes on every widget, and every text input normalized (NFC, trimmed)
    whatever keyboard or word processor it came from."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, forms.CheckboxInput):
                css = "form-check-input"
            elif isinstance(widget, forms.Select | forms.SelectMultiple) and not isinstance(
                widget, forms.CheckboxSelectMultiple | forms.RadioSelect
            ):
                css = "form-select"
            elif isinstance(widget, forms.CheckboxSelectMultiple | forms.RadioSelect):
                css = ""
            else:
                css = "form-control"
            if css:
                widget.attrs["class"] = (widget.attrs.get("class", "") + " " + css).strip()

    def clean(self):
        cleaned = super().clean()
        for name, value in list(cleaned.items()):
            widget = self.fields[name].widget if name in self.fields else None
            if (
                widget is not None
                and isinstance(value, str)
                and not isinstance(widget, forms.PasswordInput)
            ):
                multi_line = isinstance(widget, forms.Textarea)
                cleaned[name] = normalize_text(value) if multi_line else normalize_line(value)
        return cleaned


class DateInput(forms.DateInput):
    """Dates typed as dd/mm/yyyy (a phone's date picker would show the phone's locale)."""

    def __init__(self, attrs=None):
        base = {"placeholder": "dd/mm/yyyy", "inputmode": "numeric", "autocomplete": "off"}
        super().__init__(attrs={**base, **(attrs or {})}, format="%d/%m/%Y")


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


class PasswordChangeForm(StyledFormMixin, auth_forms.PasswordChangeForm):
    pass
