"""What every form of the site shares: Bootstrap classes, NFC-normalized text, dd/mm/yyyy dates."""

from django import forms

from ..text import normalize_line, normalize_text


class StyledFormMixin:
    """Bootstrap classes on every widget, and every text input normalized (NFC, trimmed)
    whatever keyboard or word processor it came from."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.style_fields()

    def style_fields(self):
        """Give each widget its Bootstrap class (again, for fields added after __init__)."""
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
            classes = widget.attrs.get("class", "").split()
            if css and css not in classes:
                widget.attrs["class"] = " ".join([*classes, css])

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
