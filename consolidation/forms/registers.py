"""The registers of limited cadres and complex cases."""

from django import forms

from organizations.forms import (
    DateInput,
    StyledFormMixin,
    VersionedFormMixin,
    choose_from,
)
from organizations.selectors import display_name

from ..files import EvidenceField
from ..models import (
    Cadre,
    CadreAction,
    CaseEntry,
    CaseLetter,
    CaseMilestone,
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
    """A case file's heading: its units and plan, kind, classification, roadmap in words,
    owner and urgency, status. Milestones, timeline and letters are added on its page."""

    class Meta:
        model = ComplexCase
        fields = [
            "unit",
            "other_units",
            "plan",
            "kind",
            "description",
            "classification",
            "roadmap",
            "owner",
            "urgent",
            "status",
            "closed_on",
        ]
        widgets = {
            "closed_on": DateInput,
            "description": forms.Textarea(attrs={"rows": 2}),
            "roadmap": forms.Textarea(attrs={"rows": 3}),
            "other_units": forms.SelectMultiple(attrs={"size": 4}),
        }

    def __init__(self, *args, units, owners, **kwargs):
        super().__init__(*args, units=units, **kwargs)
        choose_from(self, "other_units", units)
        choose_from(self, "owner", owners, label=display_name)
        self.fields["other_units"].required = False

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("status") == CaseStatus.CLOSED and not cleaned.get("closed_on"):
            self.add_error("closed_on", "Đã giải quyết dứt điểm thì cần ghi ngày.")
        return cleaned


class MilestoneForm(StyledFormMixin, forms.ModelForm):
    class Meta:
        model = CaseMilestone
        fields = ["title", "due_on", "done_on"]
        widgets = {"due_on": DateInput, "done_on": DateInput}


class CaseEntryForm(StyledFormMixin, forms.ModelForm):
    attachments = EvidenceField(label="Tệp kèm theo")

    class Meta:
        model = CaseEntry
        fields = ["happened_on", "text"]
        widgets = {"happened_on": DateInput, "text": forms.Textarea(attrs={"rows": 2})}


class LetterForm(StyledFormMixin, forms.ModelForm):
    class Meta:
        model = CaseLetter
        fields = ["received_on", "sender_kind", "sender_name", "content", "sent_to", "replied_on"]
        widgets = {
            "received_on": DateInput,
            "replied_on": DateInput,
            "content": forms.Textarea(attrs={"rows": 2}),
        }
