"""Forms of the cell-meeting register, the ward committee's members, the cadres' evaluations
and the checklist of IT use."""

from django import forms

from organizations.forms import DateInput, StyledFormMixin, VersionedFormMixin, choose_from
from organizations.models import CommitteeMember

from ..files import MINUTES_KINDS, EvidenceField
from ..models import MEETING_STEPS, ROMAN, STEP_CODES, CellMeeting, DigitalItem
from ..selectors.meetings import expected_members

NO_FIGURES = (
    "Chi bộ chưa có số liệu đảng viên tại ngày sinh hoạt: ghi số đảng viên phải dự (tổng số "
    "đảng viên trừ số được miễn sinh hoạt)."
)


class MeetingForm(VersionedFormMixin, StyledFormMixin, forms.ModelForm):
    """A meeting in under a minute on a phone: date, kind and the number present; the
    members expected come from the registry's figures in force that day unless typed, and
    the steps start ticked (untick what was not done)."""

    steps = forms.MultipleChoiceField(
        label="Các bước đã thực hiện (theo Hướng dẫn 12-HD/BTCTW)",
        choices=MEETING_STEPS,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    minutes = EvidenceField(label="Biên bản (PDF hoặc ảnh chụp)", kinds=MINUTES_KINDS)

    class Meta:
        model = CellMeeting
        fields = [
            "unit",
            "held_on",
            "regular",
            "thematic",
            "topic",
            "present",
            "expected",
            "absent_with_reason",
            "absent_names",
            "attended_by",
            "steps",
            "second_reason",
            "notes",
        ]
        widgets = {
            "held_on": DateInput,
            "present": forms.NumberInput(attrs={"inputmode": "numeric", "min": 0}),
            "expected": forms.NumberInput(attrs={"inputmode": "numeric", "min": 0}),
            "absent_with_reason": forms.NumberInput(attrs={"inputmode": "numeric", "min": 0}),
            "absent_names": forms.Textarea(attrs={"rows": 2}),
            "notes": forms.Textarea(attrs={"rows": 2}),
            "attended_by": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args, cells, committee, **kwargs):
        super().__init__(*args, **kwargs)
        choose_from(self, "unit", cells, empty_label=None)
        choose_from(self, "attended_by", committee)
        self.fields["attended_by"].label_from_instance = _member_label  # type: ignore[attr-defined]
        self.fields["expected"].required = False
        self.fields[
            "expected"
        ].help_text = (
            "Để trống: lấy theo số liệu đảng viên (trừ miễn sinh hoạt) tại ngày sinh hoạt."
        )
        self.fields["absent_with_reason"].required = False
        if not self.instance.pk and not self.is_bound:
            self.initial.setdefault("steps", list(STEP_CODES))
        self.style_fields()

    def clean(self):
        cleaned = super().clean()
        unit, day = cleaned.get("unit"), cleaned.get("held_on")
        if cleaned.get("expected") is None and unit is not None and day is not None:
            expected = expected_members(unit, day)
            if expected is None:
                self.add_error("expected", NO_FIGURES)
            else:
                cleaned["expected"] = expected
        if cleaned.get("absent_with_reason") is None:
            cleaned["absent_with_reason"] = 0
        return cleaned


def _member_label(member: CommitteeMember) -> str:
    return f"{member.name}{' (UV BTV)' if member.standing else ''}"


class ThematicPlanForm(StyledFormMixin, forms.Form):
    """The four quarters' planned topics of a cell's year."""

    def __init__(self, *args, topics: dict[int, str], **kwargs):
        super().__init__(*args, **kwargs)
        for quarter in range(1, 5):
            self.fields[f"q{quarter}"] = forms.CharField(
                label=f"Quý {ROMAN[quarter]}",
                required=False,
                max_length=300,
                initial=topics.get(quarter, ""),
            )
        self.style_fields()

    @property
    def topics(self) -> dict[int, str]:
        return {q: self.cleaned_data.get(f"q{q}", "") for q in range(1, 5)}


class CommitteeMemberForm(StyledFormMixin, forms.ModelForm):
    class Meta:
        model = CommitteeMember
        fields = ["name", "position", "standing", "active"]


class DigitalItemForm(StyledFormMixin, forms.ModelForm):
    class Meta:
        model = DigitalItem
        fields = ["text", "required", "source", "order", "active"]
