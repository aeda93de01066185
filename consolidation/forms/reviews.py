"""Review rounds, the round board's filters, a review with its causes."""

import datetime

from django import forms

from organizations.forms import DateInput, StyledFormMixin, VersionedFormMixin, choose_from
from organizations.models import Bloc, Unit

from ..files import EvidenceField
from ..models import (
    CauseKind,
    Conclusion,
    IndicatorGroup,
    ReviewState,
    Severity,
)
from ..selectors.reviews import BOARD_FLAGS, BoardFilters
from ..services.reviews import CauseInput, FindingInput, GroupInput, ReviewInput, RoundDates
from .common import narrowed_to


class RoundForm(StyledFormMixin, forms.Form):
    name = forms.CharField(label="Tên đợt rà soát", max_length=200)
    period = forms.CharField(label="Thời kỳ", max_length=60, help_text="Ví dụ: 04–05/2026")
    starts_on = forms.DateField(label="Ngày bắt đầu", widget=DateInput)
    ends_on = forms.DateField(label="Ngày kết thúc rà soát", widget=DateInput)
    phase2_starts_on = forms.DateField(label="Giai đoạn 2 (triển khai) bắt đầu", widget=DateInput)
    phase3_starts_on = forms.DateField(
        label="Giai đoạn 3 (đánh giá, công nhận) bắt đầu", widget=DateInput
    )
    phase3_ends_on = forms.DateField(label="Giai đoạn 3 kết thúc", widget=DateInput)
    units = forms.ModelMultipleChoiceField(
        label="Các tổ chức được rà soát",
        queryset=Unit.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        help_text="Mặc định: tất cả tổ chức cơ sở đảng đang hoạt động.",
    )

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        choose_from(self, "units", units, label=lambda unit: f"{unit.name} ({unit.code})")

    def clean(self):
        cleaned = super().clean()
        order = ["starts_on", "ends_on", "phase2_starts_on", "phase3_starts_on", "phase3_ends_on"]
        values: list[datetime.date] = [cleaned[name] for name in order if cleaned.get(name)]
        if len(values) == len(order):
            if values[1] < values[0]:
                self.add_error("ends_on", "Ngày kết thúc rà soát phải sau ngày bắt đầu.")
            if not values[0] < values[2] < values[3] < values[4]:
                self.add_error(
                    "phase2_starts_on",
                    "Các giai đoạn phải nối tiếp nhau: giai đoạn 1 từ ngày bắt đầu, rồi giai đoạn 2, rồi 3.",
                )
        return cleaned

    def dates(self) -> RoundDates:
        data = self.cleaned_data
        return RoundDates(
            starts_on=data["starts_on"],
            ends_on=data["ends_on"],
            phase2_starts_on=data["phase2_starts_on"],
            phase3_starts_on=data["phase3_starts_on"],
            phase3_ends_on=data["phase3_ends_on"],
        )


class BoardFilterForm(StyledFormMixin, forms.Form):
    state = forms.ChoiceField(
        label="Tình trạng", required=False, choices=[("", "Tất cả"), *ReviewState.choices]
    )
    conclusion = forms.ChoiceField(
        label="Kết luận", required=False, choices=[("", "Tất cả"), *Conclusion.choices]
    )
    group = forms.TypedChoiceField(
        label="Nhóm",
        required=False,
        coerce=int,
        empty_value=None,
        choices=[("", "Tất cả"), (1, "Nhóm 1"), (2, "Nhóm 2"), (3, "Nhóm 3")],
    )
    bloc = forms.ChoiceField(label="Khối", required=False, choices=[("", "Tất cả"), *Bloc.choices])
    flag = forms.ChoiceField(
        label="Cần chú ý", required=False, choices=[("", "Tất cả"), *BOARD_FLAGS.items()]
    )
    under = forms.IntegerField(required=False, widget=forms.HiddenInput)
    groups = forms.RegexField(regex=r"^[123]{1,3}$", required=False, widget=forms.HiddenInput)

    def filters(self, user) -> BoardFilters:
        data = self.cleaned_data if self.is_valid() else {}
        return BoardFilters(
            state=data.get("state", ""),
            conclusion=data.get("conclusion", ""),
            group=data.get("group"),
            bloc=data.get("bloc", ""),
            flag=data.get("flag", ""),
            under=narrowed_to(user, data.get("under")),
            groups=data.get("groups", ""),
        )


class CauseForm(StyledFormMixin, forms.Form):
    kind = forms.ChoiceField(label="Loại", choices=CauseKind.choices, initial=CauseKind.SUBJECTIVE)
    text = forms.CharField(
        label="Nguyên nhân", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    group = forms.ModelChoiceField(
        label="Thuộc nhóm",
        required=False,
        queryset=IndicatorGroup.objects.all(),
        empty_label="(chung)",
    )


CauseFormSet = forms.formset_factory(CauseForm, extra=2, max_num=30)


class ReviewForm(VersionedFormMixin, StyledFormMixin, forms.Form):
    """The whole assessment on one page: indicators by group, the groups' strengths,
    limitations and severity, weak aspects and links, the head's responsibility, evidence and,
    for the Board, the conclusion."""

    weak_aspects = forms.CharField(
        label="Mặt yếu (theo từng nhóm)", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    weak_links = forms.CharField(
        label="Khâu yếu (trọng tâm cần xử lý)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    head_responsibility = forms.CharField(
        label="Trách nhiệm của người đứng đầu",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    conclusion = forms.ChoiceField(
        label="Kết luận của Ban Xây dựng Đảng",
        required=False,
        choices=[("", "(chưa kết luận)"), *Conclusion.choices],
    )
    justification = forms.CharField(
        label="Lý do (khi kết luận «Không thuộc diện củng cố» mà vẫn có biểu hiện)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    evidence = EvidenceField(label="Tệp minh chứng (biên bản, kết luận kiểm tra…)")

    def __init__(self, *args, indicators, groups, is_board: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.indicators = list(indicators)
        self.groups = list(groups)
        self.is_board = is_board
        for indicator in self.indicators:
            self.fields[f"present_{indicator.pk}"] = forms.BooleanField(
                label=f"{indicator.code}. {indicator.text}", required=False
            )
            self.fields[f"manifestation_{indicator.pk}"] = forms.CharField(
                label=f"Biểu hiện điển hình ({indicator.code})",
                required=False,
                widget=forms.Textarea(attrs={"rows": 2}),
            )
        for group in self.groups:
            self.fields[f"strengths_{group.pk}"] = forms.CharField(
                label="Ưu điểm", required=False, widget=forms.Textarea(attrs={"rows": 2})
            )
            self.fields[f"limitations_{group.pk}"] = forms.CharField(
                label="Hạn chế (bám sát biểu hiện)",
                required=False,
                widget=forms.Textarea(attrs={"rows": 2}),
            )
            self.fields[f"severity_{group.pk}"] = forms.ChoiceField(
                label="Mức độ", required=False, choices=[("", "(chưa đánh giá)"), *Severity.choices]
            )
        if not is_board:
            del self.fields["conclusion"]
            del self.fields["justification"]
        self.style_fields()

    def sections(self):
        """Fields grouped for the template: each group with its indicators and assessment."""
        result = []
        for group in self.groups:
            result.append(
                {
                    "group": group,
                    "indicators": [
                        (self[f"present_{i.pk}"], self[f"manifestation_{i.pk}"], i)
                        for i in self.indicators
                        if i.group_id == group.pk
                    ],
                    "strengths": self[f"strengths_{group.pk}"],
                    "limitations": self[f"limitations_{group.pk}"],
                    "severity": self[f"severity_{group.pk}"],
                }
            )
        return result

    def to_input(self, causes: list[CauseInput] | None) -> ReviewInput:
        data = self.cleaned_data
        return ReviewInput(
            weak_aspects=data["weak_aspects"],
            weak_links=data["weak_links"],
            head_responsibility=data["head_responsibility"],
            conclusion=data.get("conclusion") if self.is_board else None,
            justification=data.get("justification") if self.is_board else None,
            findings=[
                FindingInput(i.pk, data[f"present_{i.pk}"], data[f"manifestation_{i.pk}"])
                for i in self.indicators
            ],
            groups=[
                GroupInput(
                    g.pk,
                    data[f"strengths_{g.pk}"],
                    data[f"limitations_{g.pk}"],
                    data[f"severity_{g.pk}"],
                )
                for g in self.groups
            ],
            causes=causes,
            uploads=data.get("evidence") or [],
        )


def causes_from(formset) -> list[CauseInput]:
    return [
        CauseInput(
            kind=f.cleaned_data["kind"],
            text=f.cleaned_data["text"],
            group_id=f.cleaned_data["group"].pk if f.cleaned_data.get("group") else None,
        )
        for f in formset.forms
        if f.cleaned_data.get("text")
    ]
