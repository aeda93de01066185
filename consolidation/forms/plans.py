"""Plans: the list's filters, the plan, its steps, objectives and tasks, the Standing
Committee's decisions, comments and evaluations."""

from typing import Any

from django import forms
from django.contrib.auth import get_user_model
from django.db.models import Q

from organizations.forms import (
    DateInput,
    StyledFormMixin,
    VersionedFormMixin,
    choose_from,
    field_of,
)
from organizations.models import Bloc
from organizations.selectors import account_label

from ..files import EvidenceField
from ..models import (
    OBJECTIVE_NOT_MET_NEEDS_REASON,
    SIX_POINT_FIELDS,
    SIX_POINTS,
    CommentKind,
    Consultation,
    EvaluationKind,
    IndicatorGroup,
    Objective,
    Plan,
    PlanKind,
    PlanStatus,
    PlanStep,
    Task,
    TaskStatus,
)
from ..selectors.plans import PlanFilters
from ..services.evaluations import LimitationInput, ObjectiveAssessment
from ..services.plans import ObjectiveInput, StepInput
from ..services.tasks import TaskInput
from .common import narrowed_to

User = get_user_model()


def group_label(group: IndicatorGroup) -> str:
    return f"Nhóm {group.number}: {group.short_title}"


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
            under=narrowed_to(user, data.get("under")),
        )


class PlanForm(VersionedFormMixin, StyledFormMixin, forms.ModelForm):
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


class StepForm(VersionedFormMixin, StyledFormMixin, forms.ModelForm):
    """One of the six steps: when, who, what came of it, and the files that show it.
    Validates only; services.plans.step_record writes."""

    evidence = EvidenceField(label="Tệp kèm theo")

    class Meta:
        model = PlanStep
        fields = ["done_on", "participants", "notes"]
        widgets = {"done_on": DateInput, "notes": forms.Textarea(attrs={"rows": 5})}

    def to_input(self) -> StepInput:
        d = self.cleaned_data
        return StepInput(
            done_on=d["done_on"],
            participants=d["participants"],
            notes=d["notes"],
            uploads=d["evidence"],
        )


class ObjectiveForm(VersionedFormMixin, StyledFormMixin, forms.ModelForm):
    """A specific objective of one of the plan's groups. Validates only;
    services.plans.objective_save writes."""

    class Meta:
        model = Objective
        fields = ["group", "text", "target", "deadline", "output"]
        widgets = {"text": forms.Textarea(attrs={"rows": 2}), "deadline": DateInput}

    def __init__(self, *args, plan, **kwargs):
        if kwargs.get("instance") is None:
            kwargs["instance"] = Objective(plan=plan)
        super().__init__(*args, **kwargs)
        choose_from(self, "group", plan.groups.all(), label=group_label, empty_label=None)

    def to_input(self) -> ObjectiveInput:
        d = self.cleaned_data
        return ObjectiveInput(d["group"].pk, d["text"], d["target"], d["deadline"], d["output"])


TASK_CONTEXT_FIELDS = ["group", "objective", "causes", "direction"]
TASK_EXECUTION_FIELDS = ["status", "progress", "effect_achieved", "cancel_reason"]
TASK_RELATIONS = {"group", "objective", "causes", "person_user"}


class TaskForm(VersionedFormMixin, StyledFormMixin, forms.ModelForm):
    """A task: what it serves ("1 xuyên suốt"), its six points as SIX_POINTS declares them,
    and how it is going. Validates only; services.plans.task_save writes."""

    progress = forms.IntegerField(label="Tiến độ (%)", min_value=0, max_value=100, initial=0)
    reason = forms.CharField(
        label="Lý do điều chỉnh",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Bắt buộc khi sửa nhiệm vụ của đề án đã phê duyệt.",
    )

    class Meta:
        model = Task
        fields = [*TASK_CONTEXT_FIELDS, *SIX_POINT_FIELDS, *TASK_EXECUTION_FIELDS]
        labels = {
            "group": "Nhóm",
            "objective": "Phục vụ mục tiêu",
            "causes": "Khắc phục nguyên nhân",
            "person_user": "Tài khoản của người thực hiện (để nhận nhắc việc)",
            "cancel_reason": "Lý do hủy (nếu hủy)",
        }
        widgets = {
            "causes": forms.CheckboxSelectMultiple,
            "what": forms.Textarea(attrs={"rows": 2}),
            "milestones": forms.Textarea(attrs={"rows": 2}),
            "effect_achieved": forms.Textarea(attrs={"rows": 2}),
            "starts_on": DateInput,
            "deadline": DateInput,
        }

    def __init__(self, *args, plan, **kwargs):
        kwargs.setdefault("instance", Task(plan=plan))
        super().__init__(*args, **kwargs)
        self.plan = plan
        choose_from(self, "group", plan.groups.all(), label=group_label, empty_label=None)
        choose_from(
            self,
            "objective",
            plan.objectives.select_related("group"),
            label=lambda o: f"Nhóm {o.group.number}: {o.text[:80]}",
            empty_label="(chưa gắn)",
        )
        if plan.review is not None:
            choose_from(
                self,
                "causes",
                plan.causes(),
                label=lambda c: f"{c.get_kind_display()}: {c.text}",
            )
        else:
            del self.fields["causes"]
        current = self.instance.person_user_id
        choose_from(
            self,
            "person_user",
            User.objects.filter(membership__unit__path__startswith=plan.unit.path)
            .filter(Q(is_active=True) | Q(pk=current))
            .order_by("username"),
            label=account_label,
            empty_label="(không có)",
        )
        self.directions = [d for g in plan.groups.all() for d in g.solution_directions]
        self.fields["direction"].widget.attrs["list"] = "directions"
        if not plan.is_approved:
            del self.fields["reason"]

    def point_fields(self) -> list[tuple]:
        """Each of the six points with its fields, in the declared order (the form's
        "6 rõ" section)."""
        return [
            (point, [self[name] for name in (*point.fields, *point.extra)]) for point in SIX_POINTS
        ]

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
        values = {name: d[name] for name in self.Meta.fields if name not in TASK_RELATIONS}
        return TaskInput(
            group_id=d["group"].pk,
            objective_id=d["objective"].pk if d.get("objective") else None,
            person_user_id=d["person_user"].pk if d.get("person_user") else None,
            cause_ids=[c.pk for c in d.get("causes") or []],
            **values,
        )


class ConsultationForm(StyledFormMixin, forms.ModelForm):
    """Step 5's consultation on the draft. Validates only; services.approval writes."""

    class Meta:
        model = Consultation
        fields = ["held_on", "consulted", "changes"]
        widgets = {"held_on": DateInput, "changes": forms.Textarea(attrs={"rows": 3})}


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


class WithdrawForm(StyledFormMixin, forms.Form):
    reason = forms.CharField(
        label="Lý do thu hồi công nhận", widget=forms.Textarea(attrs={"rows": 3})
    )


class ExtendForm(StyledFormMixin, forms.Form):
    new_end = forms.DateField(label="Thời hạn mới", widget=DateInput)
    reason = forms.CharField(label="Lý do gia hạn", widget=forms.Textarea(attrs={"rows": 3}))


class CommentForm(StyledFormMixin, forms.Form):
    """A comment on a plan, of one of the kinds its writer may write (access.comment_kinds_for)."""

    kind = forms.ChoiceField(label="Loại ý kiến")
    text = forms.CharField(
        label="Nội dung", widget=forms.Textarea(attrs={"rows": 3}), max_length=5000
    )

    def __init__(self, *args: Any, kinds: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field_of(self, "kind", forms.ChoiceField).choices = [
            (kind, CommentKind(kind).label) for kind in kinds
        ]


OBJECTIVE_RESULTS = [("met", "Đạt"), ("not_met", "Chưa đạt")]


OBJECTIVE_FINAL_NEEDS_RESULT = "Đánh giá cuối kỳ: cần ghi mục tiêu này đạt hay chưa đạt."


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

    def __init__(self, *args, findings, objectives=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.findings = list(findings)
        self.objectives = list(objectives)
        for objective in self.objectives:
            self.fields[f"objective_{objective.pk}"] = forms.ChoiceField(
                label="Kết quả",
                choices=[("", "Chưa đánh giá"), *OBJECTIVE_RESULTS],
                required=False,
            )
            self.fields[f"objective_note_{objective.pk}"] = forms.CharField(
                label="Giải thích (bắt buộc khi chưa đạt)", required=False, max_length=300
            )
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

    def objective_rows(self):
        return [
            (o, self[f"objective_{o.pk}"], self[f"objective_note_{o.pk}"]) for o in self.objectives
        ]

    def clean(self):
        data = super().clean()
        final = data.get("kind") == EvaluationKind.FINAL
        for objective in self.objectives:
            result = data.get(f"objective_{objective.pk}")
            if result == "not_met" and not data.get(f"objective_note_{objective.pk}", "").strip():
                self.add_error(f"objective_note_{objective.pk}", OBJECTIVE_NOT_MET_NEEDS_REASON)
            elif final and not result:
                self.add_error(f"objective_{objective.pk}", OBJECTIVE_FINAL_NEEDS_RESULT)
        return data

    def objective_assessments(self) -> list[ObjectiveAssessment]:
        d = self.cleaned_data
        return [
            ObjectiveAssessment(
                objective_id=o.pk,
                met=d[f"objective_{o.pk}"] == "met",
                explanation=d[f"objective_note_{o.pk}"],
            )
            for o in self.objectives
            if d.get(f"objective_{o.pk}")
        ]

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
