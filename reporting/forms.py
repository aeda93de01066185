"""Forms of the reports pages."""

from django import forms

from consolidation.models import parse_quarter_code
from organizations.forms import DateInput, StyledFormMixin, VersionedFormMixin, field_of

from .models import ReportProfile, ResultsReport

FORMS = [
    ("appendix3", "Phụ lục 3 – Tổng hợp tình hình củng cố (theo quý)"),
    ("appendix2", "Phụ lục 2 – Báo cáo kết quả củng cố (theo quý)"),
    ("appendix1", "Phụ lục 1 – Đề án, kế hoạch củng cố của một tổ chức"),
]
FORMATS = [("pdf", "PDF"), ("xlsx", "Excel"), ("docx", "Word"), ("html", "Trang in (HTML)")]


class ReportChoiceForm(StyledFormMixin, forms.Form):
    form = forms.ChoiceField(label="Biểu mẫu", choices=FORMS, initial="appendix3")
    quarter = forms.ChoiceField(label="Quý", required=False)
    scope = forms.ChoiceField(label="Phạm vi (Phụ lục 3)", required=False)
    scope_q = forms.CharField(
        label="Tìm đảng bộ cơ sở",
        required=False,
        help_text="Gõ tên hoặc mã đảng bộ, rồi bấm Xem trước.",
    )
    plan = forms.ChoiceField(label="Đề án, kế hoạch (Phụ lục 1)", required=False)
    plan_q = forms.CharField(
        label="Tìm đề án, kế hoạch",
        required=False,
        help_text="Gõ tên chi bộ hoặc số đề án, rồi bấm Xem trước.",
    )

    def __init__(
        self, *args, quarters, scopes, plans, plan_search=False, scope_search=False, **kwargs
    ):
        super().__init__(*args, **kwargs)
        if not plan_search:
            del self.fields["plan_q"]
        if not scope_search:
            del self.fields["scope_q"]
        field_of(self, "quarter", forms.ChoiceField).choices = [
            (q.code, q.label) for q in reversed(quarters)
        ]
        field_of(self, "scope", forms.ChoiceField).choices = [(str(u.pk), u.name) for u in scopes]
        field_of(self, "plan", forms.ChoiceField).choices = [
            (str(p.pk), f"{p.unit.name} – {p.get_kind_display()} {p.number}".strip()) for p in plans
        ]


class ResultsReportForm(VersionedFormMixin, StyledFormMixin, forms.ModelForm):
    class Meta:
        model = ResultsReport
        fields = ["situation", "leadership", "strengths", "limitations", "direction", "proposals"]
        widgets = {name: forms.Textarea(attrs={"rows": 5}) for name in fields}


class ReportProfileForm(VersionedFormMixin, StyledFormMixin, forms.ModelForm):
    class Meta:
        model = ReportProfile
        fields = [
            "superior_body",
            "issuing_body",
            "place",
            "signing_for",
            "signer_title",
            "signer_name",
            "recipients",
        ]
        widgets = {"recipients": forms.Textarea(attrs={"rows": 5})}


class Appendix3ImportForm(StyledFormMixin, forms.Form):
    quarter = forms.CharField(label="Quý của bảng", max_length=7, help_text="Ví dụ: 2026-Q2")
    file = forms.FileField(label="Tệp Excel Phụ lục 3 (.xlsx)")

    def clean_quarter(self):
        value = self.cleaned_data["quarter"].strip().upper()
        parse_quarter_code(value)
        return value


class IssueForm(StyledFormMixin, forms.Form):
    number = forms.CharField(label="Số", max_length=40, help_text="Ví dụ: 12-BC/ĐU")
    issued_on = forms.DateField(label="Ngày ban hành", widget=DateInput)
