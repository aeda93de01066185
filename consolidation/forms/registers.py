"""The registers of limited cadres and complex cases."""

from django import forms

from organizations.forms import DateInput, StyledFormMixin, VersionedFormMixin, choose_from

from ..models import (
    Cadre,
    CadreAction,
    CaseStatus,
    ComplexCase,
)


class RegisterEntryForm(VersionedFormMixin, StyledFormMixin, forms.ModelForm):
    """A line of a register (cadre or case): its unit among those the user sees, and the
    plan it belongs to, if any."""

    def __init__(self, *args, units, plans, **kwargs):
        super().__init__(*args, **kwargs)
        choose_from(self, "unit", units)
        choose_from(self, "plan", plans)
        self.fields["plan"].required = False


class CadreForm(RegisterEntryForm):
    class Meta:
        model = Cadre
        fields = [
            "unit",
            "plan",
            "name",
            "position",
            "key_role",
            "until",
            "limitation",
            "action",
            "action_on",
            "result",
        ]
        widgets = {
            "action_on": DateInput,
            "until": DateInput,
            "limitation": forms.Textarea(attrs={"rows": 2}),
            "result": forms.Textarea(attrs={"rows": 2}),
        }

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("action") not in (None, "", CadreAction.NONE) and not cleaned.get(
            "action_on"
        ):
            self.add_error("action_on", "Đã xử lý thì cần ghi ngày xử lý.")
        if not cleaned.get("key_role") and not (cleaned.get("limitation") or "").strip():
            self.add_error(
                "key_role",
                "Chọn chức danh nếu là cán bộ chủ chốt, hoặc ghi hạn chế được chỉ ra nếu là "
                "cán bộ bị đánh giá hạn chế.",
            )
        return cleaned


class CaseForm(RegisterEntryForm):
    class Meta:
        model = ComplexCase
        fields = [
            "unit",
            "plan",
            "kind",
            "description",
            "classification",
            "roadmap",
            "roadmap_deadline",
            "status",
            "closed_on",
        ]
        widgets = {
            "roadmap_deadline": DateInput,
            "closed_on": DateInput,
            "description": forms.Textarea(attrs={"rows": 2}),
            "roadmap": forms.Textarea(attrs={"rows": 3}),
        }

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("status") == CaseStatus.CLOSED and not cleaned.get("closed_on"):
            self.add_error("closed_on", "Đã giải quyết dứt điểm thì cần ghi ngày.")
        return cleaned
