"""What every form of the site shares: Bootstrap classes, NFC-normalized text, dd/mm/yyyy dates."""

from collections.abc import Callable
from typing import Any, TypeVar, cast

from django import forms
from django.db.models import QuerySet
from django.http import QueryDict

from ..text import normalize_line, normalize_text

F = TypeVar("F", bound=forms.Field)


class StyledFormMixin(forms.BaseForm):
    """Bootstrap classes on every widget, and every text input normalized (NFC, trimmed)
    whatever keyboard or word processor it came from. Put first among a form's bases."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.style_fields()

    def style_fields(self) -> None:
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

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
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


def field_of(form: forms.BaseForm, name: str, kind: type[F]) -> F:
    """The form's field `name`, which the form declared as a `kind` (a ModelChoiceField,
    a ChoiceField…): set its queryset or choices through this, checked."""
    found = form.fields[name]
    if not isinstance(found, kind):
        raise TypeError(f"{name} is a {type(found).__name__}, not a {kind.__name__}")
    return found


_KEEP: Any = object()


def choose_from(
    form: forms.BaseForm,
    name: str,
    queryset: QuerySet,
    *,
    label: Callable[[Any], str] | None = None,
    empty_label: str | None = _KEEP,
) -> None:
    """Narrow a model choice field to `queryset`, with each option's text from `label` and,
    if given, the text of the empty option (None: no empty option)."""
    field = field_of(form, name, forms.ModelChoiceField)
    field.queryset = queryset
    if label is not None:
        # Django's documented way to relabel one form's options without a field subclass.
        field.label_from_instance = label  # type: ignore[method-assign,assignment]
    if empty_label is not _KEEP:
        field.empty_label = empty_label


def keep_typed_at_version(form: forms.BaseForm, version: int) -> None:
    """After an edit conflict or a save: keep what the person typed, but on `version`, so
    that sending the form again saves over the version they have now seen."""
    data = cast(QueryDict, form.data).copy()
    data["version"] = str(version)
    form.data = data


VERSION_MISSING = (
    "Trang gửi lên không cho biết đồng chí đã mở bản nào của thông tin này (trang mở từ trước "
    "hoặc gửi chưa hết), nên chưa lưu để khỏi ghi đè lên sửa đổi của người khác. Những gì đồng "
    "chí nhập vẫn được giữ bên dưới; hãy xem lại rồi lưu lại."
)


class VersionedFormMixin(forms.BaseForm):
    """The edit form of a record several people may save (organizations.concurrency): it
    carries the version the person opened, and the service refuses a save over a later one.
    A post without it (a page from before, a cut-off request) is refused the same way rather
    than saved unchecked. Put first among a form's bases; `record` defaults to a ModelForm's
    instance."""

    def __init__(self, *args: Any, record: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.record: Any = record if record is not None else getattr(self, "instance", None)
        field = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=1)
        field.initial = getattr(self.record, "version", None) if self.editing else None
        self.fields["version"] = field

    @property
    def editing(self) -> bool:
        return self.record is not None and self.record.pk is not None

    @property
    def expected_version(self) -> int | None:
        """The version the save must find (None for a new record)."""
        return self.cleaned_data.get("version") if self.editing else None

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if self.editing and cleaned.get("version") is None:
            keep_typed_at_version(self, getattr(self.record, "version", 1))
            raise forms.ValidationError(VERSION_MISSING)
        return cleaned


class DateInput(forms.DateInput):
    """Dates typed as dd/mm/yyyy (a phone's date picker would show the phone's locale)."""

    def __init__(self, attrs: dict[str, str] | None = None) -> None:
        base = {"placeholder": "dd/mm/yyyy", "inputmode": "numeric", "autocomplete": "off"}
        super().__init__(attrs={**base, **(attrs or {})}, format="%d/%m/%Y")
