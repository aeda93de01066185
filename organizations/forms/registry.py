"""The registry's forms: units, their figures and ratings, the list's filters, Excel import."""

import datetime
import re

from django import forms
from django.utils import timezone

from ..models import Bloc, Kind, RatingLevel, Unit, figure_problems
from ..registry_io.read import MAX_BYTES
from ..selectors import RegistryFilters
from ..services.registry import UNIT_EDITABLE_FIELDS
from .base import DateInput, StyledFormMixin, VersionedFormMixin, choose_from, field_of

KIND_CHOICES = [(k.value, k.label) for k in Kind if k not in (Kind.CITY, Kind.WARD)]


class RegistryFilterForm(StyledFormMixin, forms.Form):
    q = forms.CharField(label="Tìm kiếm", required=False, max_length=100)
    bloc = forms.ChoiceField(
        label="Khối", required=False, choices=[("", "Tất cả các khối"), *Bloc.choices]
    )
    kind = forms.ChoiceField(
        label="Loại tổ chức", required=False, choices=[("", "Tất cả các loại"), *KIND_CHOICES]
    )
    rating = forms.ChoiceField(
        label="Xếp loại năm gần nhất",
        required=False,
        choices=[("", "Mọi xếp loại"), *RatingLevel.choices],
    )
    status = forms.ChoiceField(
        label="Tình trạng",
        required=False,
        choices=[("active", "Đang hoạt động"), ("dissolved", "Đã giải thể"), ("all", "Tất cả")],
    )
    sub_cells = forms.BooleanField(label="Gồm cả chi bộ trực thuộc, tổ đảng", required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["q"].widget.attrs.update(
            {"placeholder": "Tên, mã, bí thư… (gõ có dấu hay không dấu đều được)", "type": "search"}
        )

    def filters(self) -> RegistryFilters:
        data = self.cleaned_data if self.is_valid() else {}
        return RegistryFilters(
            q=data.get("q", ""),
            bloc=data.get("bloc", ""),
            kind=data.get("kind", ""),
            rating=data.get("rating", ""),
            status=data.get("status") or "active",
            include_sub_cells=bool(data.get("sub_cells")),
        )


class UnitForm(VersionedFormMixin, StyledFormMixin, forms.ModelForm):
    class Meta:
        model = Unit
        fields = UNIT_EDITABLE_FIELDS  # what unit_update may change

    def __init__(self, *args, parents, **kwargs):
        super().__init__(*args, **kwargs)
        field_of(self, "kind", forms.ChoiceField).choices = KIND_CHOICES
        choose_from(self, "parent", parents, empty_label=None)
        self.fields["parent"].required = True
        self.fields[
            "bloc"
        ].help_text = "Bắt buộc với tổ chức cơ sở đảng. Chi bộ trực thuộc, tổ đảng để trống thì theo khối của cấp trên."
        self.fields["code"].widget.attrs["autocapitalize"] = "characters"
        self.fields["secretary_phone"].widget.attrs.update(
            {"inputmode": "tel", "autocomplete": "off"}
        )

    def clean_code(self):
        code = self.cleaned_data["code"].strip().upper()
        if not re.fullmatch(r"[A-Z0-9][A-Z0-9._-]*", code):
            raise forms.ValidationError(
                "Mã chỉ gồm chữ không dấu, chữ số và dấu - . _ (ví dụ KDC-01)."
            )
        return code


class DissolveForm(StyledFormMixin, forms.Form):
    dissolved_on = forms.DateField(label="Ngày giải thể", widget=DateInput)
    reason = forms.CharField(label="Lý do, căn cứ (số quyết định…)", max_length=300)

    def clean_dissolved_on(self):
        value = self.cleaned_data["dissolved_on"]
        if value > timezone.localdate() + datetime.timedelta(days=366):
            raise forms.ValidationError(
                "Ngày giải thể quá xa trong tương lai; hãy kiểm tra lại năm."
            )
        return value


class FigureForm(StyledFormMixin, forms.Form):
    as_of = forms.DateField(label="Ngày số liệu", widget=DateInput)
    members = forms.IntegerField(label="Số đảng viên", min_value=0)
    women = forms.IntegerField(label="Đảng viên nữ", min_value=0, initial=0)
    ethnic_minority = forms.IntegerField(label="Đảng viên dân tộc thiểu số", min_value=0, initial=0)
    exempted = forms.IntegerField(label="Miễn sinh hoạt", min_value=0, initial=0)

    def clean(self):
        cleaned = super().clean()
        for name, problem in figure_problems(cleaned.get("members"), cleaned).items():
            self.add_error(name, problem)
        return cleaned


class RatingForm(StyledFormMixin, forms.Form):
    year = forms.IntegerField(label="Năm", min_value=2000, max_value=2100)
    level = forms.ChoiceField(label="Xếp loại", choices=RatingLevel.choices)
    score = forms.DecimalField(
        label="Điểm (trên 100)",
        required=False,
        min_value=0,
        max_value=100,
        decimal_places=2,
        help_text="Không bắt buộc. Theo Quy định 366-QĐ/TW: từ 90 xuất sắc, 70–89 tốt, 50–69 hoàn thành, dưới 50 không hoàn thành.",
    )


class ImportForm(StyledFormMixin, forms.Form):
    file = forms.FileField(
        label="Tệp Excel (.xlsx)",
        help_text="Một trang tính; dòng 1 là tiêu đề cột, dữ liệu từ dòng 2. Tối đa 10 MB, 20.000 dòng.",
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_BYTES:
            raise forms.ValidationError(
                "Tệp lớn hơn 10 MB nên không được đọc. Hãy tách thành nhiều tệp nhỏ hơn."
            )
        return upload
