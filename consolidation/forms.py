"""Forms of the consolidation pages: validate and normalize; services write."""

from django import forms
from django.contrib.auth import get_user_model

from organizations.forms import DateInput, StyledFormMixin
from organizations.models import Bloc, Unit

from .files import EvidenceField
from .models import (
    Cadre,
    CadreAction,
    CaseStatus,
    Cause,
    CauseKind,
    CommentKind,
    ComplexCase,
    Conclusion,
    EvaluationKind,
    IndicatorGroup,
    Objective,
    Plan,
    PlanKind,
    PlanStatus,
    Quarter,
    ReviewState,
    Severity,
    TaskStatus,
)
from .selectors import BOARD_FLAGS, BoardFilters, PlanFilters
from .services import (
    CauseInput,
    FindingInput,
    GroupInput,
    LimitationInput,
    ObjectiveInput,
    ProgressInput,
    ReviewInput,
    RoundDates,
    TaskInput,
    UpdateInput,
)

User = get_user_model()


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
        self.fields["units"].queryset = units
        self.fields["units"].label_from_instance = lambda unit: f"{unit.name} ({unit.code})"

    def clean(self):
        cleaned = super().clean()
        order = ["starts_on", "ends_on", "phase2_starts_on", "phase3_starts_on", "phase3_ends_on"]
        values = [cleaned.get(name) for name in order]
        if all(values):
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
            under=_under(user, data.get("under")),
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


class ReviewForm(StyledFormMixin, forms.Form):
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
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

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


class ReasonForm(StyledFormMixin, forms.Form):
    reason = forms.CharField(
        label="Lý do", widget=forms.Textarea(attrs={"rows": 3}), max_length=2000
    )


# --- plans ----------------------------------------------------------------------------------


class PlanFilterForm(StyledFormMixin, forms.Form):
    kind = forms.ChoiceField(
        label="Loại", required=False, choices=[("", "Tất cả"), *PlanKind.choices]
    )
    group = forms.TypedChoiceField(
        label="Nhóm",
        required=False,
        coerce=int,
        empty_value=None,
        choices=[("", "Tất cả"), (1, "Nhóm 1"), (2, "Nhóm 2"), (3, "Nhóm 3")],
    )
    step = forms.TypedChoiceField(
        label="Đang ở bước",
        required=False,
        coerce=int,
        empty_value=None,
        choices=[("", "Tất cả"), *[(n, f"Bước {n}") for n in range(1, 7)]],
    )
    phase = forms.TypedChoiceField(
        label="Giai đoạn",
        required=False,
        coerce=int,
        empty_value=None,
        choices=[("", "Tất cả"), (1, "Giai đoạn 1"), (2, "Giai đoạn 2"), (3, "Giai đoạn 3")],
    )
    status = forms.ChoiceField(
        label="Tình trạng", required=False, choices=[("", "Tất cả"), *PlanStatus.choices]
    )
    bloc = forms.ChoiceField(label="Khối", required=False, choices=[("", "Tất cả"), *Bloc.choices])
    late = forms.BooleanField(label="Chỉ những đề án chậm tiến độ", required=False)
    on_track = forms.BooleanField(label="Chỉ những đề án đúng tiến độ", required=False)
    under = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def filters(self, user) -> PlanFilters:
        data = self.cleaned_data if self.is_valid() else {}
        return PlanFilters(
            kind=data.get("kind", ""),
            group=data.get("group"),
            step=data.get("step"),
            phase=data.get("phase"),
            late=bool(data.get("late")),
            bloc=data.get("bloc", ""),
            status=data.get("status", ""),
            on_track=bool(data.get("on_track")),
            under=_under(user, data.get("under")),
        )


def _under(user, pk) -> Unit | None:
    """The đảng bộ cơ sở a list is narrowed to (from the dashboard), if the user sees it."""
    from organizations.selectors import units_visible_to

    return units_visible_to(user).filter(pk=pk).first() if pk else None


class PlanForm(StyledFormMixin, forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Plan
        fields = [
            "title",
            "contents",
            "started_on",
            "expected_end",
            "committee_member",
            "general_objective",
            "evaluation_arrangements",
            "proposals",
        ]
        widgets = {
            "started_on": DateInput,
            "expected_end": DateInput,
            "contents": forms.Textarea(attrs={"rows": 3, "maxlength": 1000}),
            "general_objective": forms.Textarea(attrs={"rows": 3}),
            "evaluation_arrangements": forms.Textarea(attrs={"rows": 3}),
            "proposals": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["version"].initial = self.instance.version
        if self.instance.status not in (PlanStatus.DRAFTING, PlanStatus.RETURNED):
            for name in (
                "title",
                "contents",
                "started_on",
                "expected_end",
                "committee_member",
                "general_objective",
            ):
                self.fields[name].disabled = True
                self.fields[name].help_text = "Đã trình hoặc đã phê duyệt: không sửa được."


class StepForm(StyledFormMixin, forms.Form):
    done_on = forms.DateField(label="Ngày thực hiện", required=False, widget=DateInput)
    participants = forms.CharField(
        label="Người thực hiện, thành phần", required=False, max_length=300
    )
    notes = forms.CharField(
        label="Nội dung, kết quả", required=False, widget=forms.Textarea(attrs={"rows": 5})
    )
    files = EvidenceField(label="Tệp kèm theo")


class ObjectiveForm(StyledFormMixin, forms.Form):
    group = forms.ModelChoiceField(
        label="Nhóm", queryset=IndicatorGroup.objects.none(), empty_label=None
    )
    text = forms.CharField(label="Mục tiêu cụ thể", widget=forms.Textarea(attrs={"rows": 2}))
    target = forms.CharField(label="Chỉ tiêu (đo được)", max_length=300)
    deadline = forms.DateField(label="Thời gian hoàn thành", widget=DateInput)
    output = forms.CharField(label="Kết quả đầu ra (định lượng)", max_length=300)

    def __init__(self, *args, plan, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["group"].queryset = plan.groups.all()
        self.fields["group"].label_from_instance = lambda g: f"Nhóm {g.number}: {g.short_title}"

    def to_input(self) -> ObjectiveInput:
        d = self.cleaned_data
        return ObjectiveInput(d["group"].pk, d["text"], d["target"], d["deadline"], d["output"])


class TaskForm(StyledFormMixin, forms.Form):
    group = forms.ModelChoiceField(
        label="Nhóm", queryset=IndicatorGroup.objects.none(), empty_label=None
    )
    objective = forms.ModelChoiceField(
        label="Phục vụ mục tiêu",
        queryset=Objective.objects.none(),
        required=False,
        empty_label="(chưa gắn)",
    )
    causes = forms.ModelMultipleChoiceField(
        label="Khắc phục nguyên nhân",
        queryset=Cause.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    direction = forms.CharField(label="Định hướng giải pháp", required=False, max_length=200)
    what = forms.CharField(
        label="Rõ việc – nội dung công việc", widget=forms.Textarea(attrs={"rows": 2})
    )
    person_name = forms.CharField(
        label="Rõ người – họ tên người thực hiện", required=False, max_length=120
    )
    person_position = forms.CharField(label="Rõ người – chức vụ", required=False, max_length=120)
    person_user = forms.ModelChoiceField(
        label="Tài khoản của người thực hiện (để nhận nhắc việc)",
        queryset=User.objects.none(),
        required=False,
        empty_label="(không có)",
    )
    lead = forms.CharField(label="Rõ trách nhiệm – chủ trì", required=False, max_length=200)
    coordinate = forms.CharField(label="Rõ trách nhiệm – phối hợp", required=False, max_length=300)
    starts_on = forms.DateField(label="Rõ tiến độ – bắt đầu", required=False, widget=DateInput)
    deadline = forms.DateField(
        label="Rõ tiến độ – hạn hoàn thành", required=False, widget=DateInput
    )
    milestones = forms.CharField(
        label="Mốc tiến độ", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    deliverable = forms.CharField(
        label="Rõ sản phẩm – sản phẩm đầu ra", required=False, max_length=300
    )
    effect_sought = forms.CharField(
        label="Rõ hiệu quả – hiệu quả cần đạt (đo được)", required=False, max_length=300
    )
    status = forms.ChoiceField(
        label="Tình trạng", choices=TaskStatus.choices, initial=TaskStatus.NOT_STARTED
    )
    progress = forms.IntegerField(label="Tiến độ (%)", min_value=0, max_value=100, initial=0)
    effect_achieved = forms.CharField(
        label="Hiệu quả đạt được", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    cancel_reason = forms.CharField(label="Lý do hủy (nếu hủy)", required=False, max_length=300)
    reason = forms.CharField(
        label="Lý do điều chỉnh",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Bắt buộc khi sửa nhiệm vụ của đề án đã phê duyệt.",
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, plan, **kwargs):
        super().__init__(*args, **kwargs)
        self.plan = plan
        self.fields["group"].queryset = plan.groups.all()
        self.fields["group"].label_from_instance = lambda g: f"Nhóm {g.number}: {g.short_title}"
        self.fields["objective"].queryset = plan.objectives.select_related("group")
        self.fields["objective"].label_from_instance = lambda o: (
            f"Nhóm {o.group.number}: {o.text[:80]}"
        )
        if plan.review_id:
            self.fields["causes"].queryset = plan.review.causes.all()
            self.fields["causes"].label_from_instance = lambda c: (
                f"{c.get_kind_display()}: {c.text}"
            )
        else:
            del self.fields["causes"]
        self.fields["person_user"].queryset = User.objects.filter(
            membership__unit__path__startswith=plan.unit.path
        ).order_by("username")
        directions = [d for g in plan.groups.all() for d in g.solution_directions]
        self.fields["direction"].widget.attrs["list"] = "directions"
        self.directions = directions
        if not plan.is_approved:
            del self.fields["reason"]

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("status") == TaskStatus.CANCELLED and not cleaned.get("cancel_reason"):
            self.add_error("cancel_reason", "Hủy nhiệm vụ cần ghi lý do.")
        starts, deadline = cleaned.get("starts_on"), cleaned.get("deadline")
        if starts and deadline and deadline < starts:
            self.add_error("deadline", "Hạn hoàn thành phải từ ngày bắt đầu trở đi.")
        objective = cleaned.get("objective")
        group = cleaned.get("group")
        if objective and group and objective.group_id != group.pk:
            self.add_error("objective", "Mục tiêu đã chọn thuộc nhóm khác với nhiệm vụ.")
        return cleaned

    def to_input(self) -> TaskInput:
        d = self.cleaned_data
        return TaskInput(
            group_id=d["group"].pk,
            objective_id=d["objective"].pk if d.get("objective") else None,
            direction=d["direction"],
            what=d["what"],
            person_name=d["person_name"],
            person_position=d["person_position"],
            person_user_id=d["person_user"].pk if d.get("person_user") else None,
            lead=d["lead"],
            coordinate=d["coordinate"],
            starts_on=d["starts_on"],
            deadline=d["deadline"],
            milestones=d["milestones"],
            deliverable=d["deliverable"],
            effect_sought=d["effect_sought"],
            cause_ids=[c.pk for c in d.get("causes") or []],
            status=d["status"],
            progress=d["progress"],
            effect_achieved=d["effect_achieved"],
            cancel_reason=d["cancel_reason"],
        )


def task_initial(task) -> dict:
    return {
        "group": task.group_id,
        "objective": task.objective_id,
        "causes": list(task.causes.all()),
        "direction": task.direction,
        "what": task.what,
        "person_name": task.person_name,
        "person_position": task.person_position,
        "person_user": task.person_user_id,
        "lead": task.lead,
        "coordinate": task.coordinate,
        "starts_on": task.starts_on,
        "deadline": task.deadline,
        "milestones": task.milestones,
        "deliverable": task.deliverable,
        "effect_sought": task.effect_sought,
        "status": task.status,
        "progress": task.progress,
        "effect_achieved": task.effect_achieved,
        "cancel_reason": task.cancel_reason,
        "version": task.version,
    }


class ApproveForm(StyledFormMixin, forms.Form):
    number = forms.CharField(
        label="Số", max_length=40, help_text="Ví dụ: 05-ĐA/CB (đề án) hoặc 06-KH/CB (kế hoạch)."
    )
    issued_on = forms.DateField(label="Ngày ban hành", widget=DateInput)


class RecognizeForm(StyledFormMixin, forms.Form):
    decision_number = forms.CharField(
        label="Số quyết định công nhận", max_length=40, help_text="Ví dụ: 120-QĐ/ĐU"
    )
    decided_on = forms.DateField(label="Ngày quyết định", widget=DateInput)


class ExtendForm(StyledFormMixin, forms.Form):
    new_end = forms.DateField(label="Thời hạn mới", widget=DateInput)
    reason = forms.CharField(label="Lý do gia hạn", widget=forms.Textarea(attrs={"rows": 3}))


class CommentForm(StyledFormMixin, forms.Form):
    kind = forms.ChoiceField(
        label="Loại ý kiến", choices=[c for c in CommentKind.choices if c[0] != CommentKind.RETURN]
    )
    text = forms.CharField(
        label="Nội dung", widget=forms.Textarea(attrs={"rows": 3}), max_length=5000
    )


class EvaluationForm(StyledFormMixin, forms.Form):
    kind = forms.ChoiceField(label="Loại đánh giá", choices=EvaluationKind.choices)
    evaluated_on = forms.DateField(label="Ngày đánh giá", widget=DateInput)
    clear_improvement = forms.TypedChoiceField(
        label="Tổ chức có chuyển biến rõ rệt không?",
        choices=[("yes", "Có chuyển biến rõ rệt"), ("no", "Chưa có chuyển biến rõ rệt")],
        coerce=lambda v: v == "yes",
        widget=forms.RadioSelect,
    )
    summary = forms.CharField(label="Nhận xét, kết quả", widget=forms.Textarea(attrs={"rows": 4}))

    def __init__(self, *args, findings, **kwargs):
        super().__init__(*args, **kwargs)
        self.findings = list(findings)
        for finding in self.findings:
            self.fields[f"percent_{finding.pk}"] = forms.IntegerField(
                label=f"{finding.indicator.code}: mức độ khắc phục (%)",
                min_value=0,
                max_value=100,
                initial=0,
            )
            self.fields[f"notes_{finding.pk}"] = forms.CharField(
                label="Ghi chú", required=False, max_length=300
            )
        self.style_fields()

    def limitation_rows(self):
        return [(f, self[f"percent_{f.pk}"], self[f"notes_{f.pk}"]) for f in self.findings]

    def limitations(self) -> list[LimitationInput]:
        d = self.cleaned_data
        return [
            LimitationInput(
                description=f"{f.indicator.code}: {f.manifestation or f.indicator.text}",
                overcome_percent=d[f"percent_{f.pk}"],
                finding_id=f.pk,
                notes=d[f"notes_{f.pk}"],
            )
            for f in self.findings
        ]


class RegisterEntryForm(StyledFormMixin, forms.ModelForm):
    """A line of a register (cadre or case): its unit among those the user sees, and the
    plan it belongs to, if any."""

    def __init__(self, *args, units, plans, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units
        self.fields["plan"].queryset = plans
        self.fields["plan"].required = False


class CadreForm(RegisterEntryForm):
    class Meta:
        model = Cadre
        fields = ["unit", "plan", "name", "position", "limitation", "action", "action_on", "result"]
        widgets = {
            "action_on": DateInput,
            "limitation": forms.Textarea(attrs={"rows": 2}),
            "result": forms.Textarea(attrs={"rows": 2}),
        }

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("action") not in (None, "", CadreAction.NONE) and not cleaned.get(
            "action_on"
        ):
            self.add_error("action_on", "Đã xử lý thì cần ghi ngày xử lý.")
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


# --- quarterly updates ----------------------------------------------------------------------


def _count_field(label: str) -> forms.IntegerField:
    """A head count a secretary may leave blank: whole, not negative, a number pad on phones."""
    return forms.IntegerField(
        label=label,
        required=False,
        min_value=0,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )


class UpdateForm(StyledFormMixin, forms.Form):
    """The whole quarterly update on one page, built for a phone: a card per task, then the
    summary, difficulties, proposals and (optionally) new member figures."""

    summary = forms.CharField(
        label="Tóm tắt kết quả thực hiện trong quý",
        required=False,
        widget=forms.Textarea(attrs={"rows": 5, "data-length-guide": "800"}),
        help_text="In ở cột (8) Phụ lục 3. Viết gọn 3–6 câu, nên dưới 800 ký tự.",
    )
    difficulties = forms.CharField(
        label="Khó khăn, vướng mắc", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    proposals = forms.CharField(
        label="Kiến nghị, đề xuất", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    figures_as_of = forms.DateField(label="Ngày số liệu", required=False, widget=DateInput)
    members = _count_field("Số đảng viên")
    women = _count_field("Đảng viên nữ")
    ethnic_minority = _count_field("Dân tộc thiểu số")
    exempted = _count_field("Miễn sinh hoạt")
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, rows, with_files: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        self.rows = list(rows)
        for row in self.rows:
            n = row.pk
            self.fields[f"status_{n}"] = forms.ChoiceField(
                label="Tình trạng",
                choices=[c for c in TaskStatus.choices if c[0] != TaskStatus.CANCELLED],
            )
            self.fields[f"progress_{n}"] = forms.IntegerField(
                label="Tiến độ (%)",
                min_value=0,
                max_value=100,
                widget=forms.NumberInput(attrs={"inputmode": "numeric", "min": 0, "max": 100}),
            )
            self.fields[f"done_{n}"] = forms.CharField(
                label="Đã làm trong quý", required=False, widget=forms.Textarea(attrs={"rows": 2})
            )
            self.fields[f"produced_{n}"] = forms.BooleanField(
                label="Đã có sản phẩm", required=False
            )
            if with_files:
                self.fields[f"files_{n}"] = EvidenceField(label="Tệp minh chứng")
        self.style_fields()

    @classmethod
    def initial_for(cls, update) -> dict:
        initial = {
            "summary": update.summary,
            "difficulties": update.difficulties,
            "proposals": update.proposals,
            "figures_as_of": update.figures_as_of,
            "members": update.members,
            "women": update.women,
            "ethnic_minority": update.ethnic_minority,
            "exempted": update.exempted,
            "version": update.version,
        }
        for row in update.progress.all():
            initial[f"status_{row.pk}"] = row.status
            initial[f"progress_{row.pk}"] = row.progress
            initial[f"done_{row.pk}"] = row.done_this_quarter
            initial[f"produced_{row.pk}"] = row.deliverable_produced
        return initial

    def task_cards(self):
        cards = []
        for index, row in enumerate(self.rows, start=1):
            n = row.pk
            cards.append(
                {
                    "index": index,
                    "row": row,
                    "status": self[f"status_{n}"],
                    "progress": self[f"progress_{n}"],
                    "done": self[f"done_{n}"],
                    "produced": self[f"produced_{n}"],
                    "files": self[f"files_{n}"] if f"files_{n}" in self.fields else None,
                }
            )
        return cards

    def clean(self):
        cleaned = super().clean()
        total = cleaned.get("members")
        if total is not None:
            for name in ("women", "ethnic_minority", "exempted"):
                value = cleaned.get(name)
                if value is not None and value > total:
                    self.add_error(
                        name,
                        f"{self.fields[name].label} ({value}) không được lớn hơn tổng số đảng viên ({total}).",
                    )
        return cleaned

    def to_input(self, existing) -> UpdateInput:
        """What to save, from the fields that are valid; an invalid field keeps its saved
        value (so a draft is saved even when one field is wrong)."""
        data = self.cleaned_data

        def pick(name, current):
            return data[name] if name in data and name not in self.errors else current

        progress = []
        for row in self.rows:
            n = row.pk
            progress.append(
                ProgressInput(
                    task_id=row.task_id,
                    status=pick(f"status_{n}", row.status),
                    progress=pick(f"progress_{n}", row.progress),
                    done_this_quarter=pick(f"done_{n}", row.done_this_quarter),
                    deliverable_produced=pick(f"produced_{n}", row.deliverable_produced),
                    uploads=pick(f"files_{n}", []) or [],
                )
            )
        members = pick("members", existing.members)
        return UpdateInput(
            summary=pick("summary", existing.summary),
            difficulties=pick("difficulties", existing.difficulties),
            proposals=pick("proposals", existing.proposals),
            figures_as_of=pick("figures_as_of", existing.figures_as_of),
            members=members,
            women=pick("women", existing.women),
            ethnic_minority=pick("ethnic_minority", existing.ethnic_minority),
            exempted=pick("exempted", existing.exempted),
            progress=progress,
        )


class QuarterDatesForm(StyledFormMixin, forms.ModelForm):
    class Meta:
        model = Quarter
        fields = ["unit_deadline", "ward_deadline", "lock_date"]
        widgets = {"unit_deadline": DateInput, "ward_deadline": DateInput, "lock_date": DateInput}

    def clean(self):
        cleaned = super().clean()
        unit, lock = cleaned.get("unit_deadline"), cleaned.get("lock_date")
        if unit and lock and lock < unit:
            self.add_error("lock_date", "Ngày khóa sổ phải từ hạn nộp của chi bộ trở đi.")
        return cleaned
