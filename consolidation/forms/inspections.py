"""Forms of the Inspection Committee's records and of the people's feedback."""

from django import forms

from organizations.forms import DateInput, StyledFormMixin, VersionedFormMixin, choose_from

from ..files import EvidenceField
from ..models import (
    Feedback,
    FollowUp,
    Inspection,
    InspectionFinding,
    ProgrammeItem,
    Recommendation,
)


class InspectionForm(VersionedFormMixin, StyledFormMixin, forms.ModelForm):
    class Meta:
        model = Inspection
        fields = [
            "kind",
            "mode",
            "programme_item",
            "subject",
            "units",
            "plans",
            "decision_number",
            "decision_date",
            "team",
            "starts_on",
            "ends_on",
            "conclusion",
        ]
        widgets = {
            "decision_date": DateInput,
            "starts_on": DateInput,
            "ends_on": DateInput,
            "team": forms.Textarea(attrs={"rows": 2}),
            "conclusion": forms.Textarea(attrs={"rows": 4}),
            "units": forms.SelectMultiple(attrs={"size": 6}),
            "plans": forms.SelectMultiple(attrs={"size": 4}),
        }

    def __init__(self, *args, units, plans, programme, **kwargs):
        super().__init__(*args, **kwargs)
        choose_from(self, "units", units)
        choose_from(self, "plans", plans)
        choose_from(self, "programme_item", programme)
        self.fields["plans"].required = False


class FindingForm(StyledFormMixin, forms.ModelForm):
    class Meta:
        model = InspectionFinding
        fields = ["group", "text"]
        widgets = {"text": forms.Textarea(attrs={"rows": 2})}


class ConcludeForm(StyledFormMixin, forms.Form):
    on = forms.DateField(label="Ngày kết luận", widget=DateInput)


class RecommendationForm(StyledFormMixin, forms.ModelForm):
    class Meta:
        model = Recommendation
        fields = ["unit", "responsible", "text", "deadline"]
        widgets = {"deadline": DateInput, "text": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        choose_from(self, "unit", units)


class FollowUpForm(StyledFormMixin, forms.ModelForm):
    recommendation = forms.ModelChoiceField(
        queryset=Recommendation.objects.none(), label="Kiến nghị"
    )
    done = forms.BooleanField(label="Kiến nghị đã thực hiện xong", required=False)
    attachments = EvidenceField(label="Minh chứng")

    class Meta:
        model = FollowUp
        fields = ["recommendation", "happened_on", "text"]
        widgets = {"happened_on": DateInput, "text": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, recommendations, **kwargs):
        super().__init__(*args, **kwargs)
        choose_from(self, "recommendation", recommendations)
        self.style_fields()


class ProgrammeItemForm(StyledFormMixin, forms.ModelForm):
    class Meta:
        model = ProgrammeItem
        fields = ["year", "quarter", "kind", "subject"]


class FeedbackForm(VersionedFormMixin, StyledFormMixin, forms.ModelForm):
    class Meta:
        model = Feedback
        fields = [
            "unit",
            "source",
            "received_on",
            "content",
            "group",
            "response_by",
            "responded_on",
            "response",
        ]
        widgets = {
            "received_on": DateInput,
            "responded_on": DateInput,
            "content": forms.Textarea(attrs={"rows": 3}),
            "response": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        choose_from(self, "unit", units)
