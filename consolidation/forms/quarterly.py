"""The quarterly report and the quarter's deadlines."""

from django import forms

from organizations.forms import DateInput, StyledFormMixin, VersionedFormMixin
from organizations.models import figure_problems

from ..files import EvidenceField
from ..models import (
    Quarter,
    TaskStatus,
)
from ..models.quarterly import SUMMARY_GUIDE
from ..services.quarterly import ProgressInput, UpdateInput


def _count_field(label: str) -> forms.IntegerField:
    """A head count a secretary may leave blank: whole, not negative, a number pad on phones."""
    return forms.IntegerField(
        label=label,
        required=False,
        min_value=0,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )


class UpdateForm(VersionedFormMixin, StyledFormMixin, forms.Form):
    """The whole quarterly update on one page, built for a phone: a card per task, then the
    summary, difficulties, proposals and (optionally) new member figures."""

    summary = forms.CharField(
        label="Tóm tắt kết quả thực hiện trong quý",
        required=False,
        widget=forms.Textarea(attrs={"rows": 5, "data-length-guide": str(SUMMARY_GUIDE)}),
        help_text=f"In ở cột (8) Phụ lục 3. Viết gọn 3–6 câu, nên dưới {SUMMARY_GUIDE} ký tự.",
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

    def __init__(self, *args, rows, with_files: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        self.rows = list(rows)
        for row in self.rows:
            n = row.task_id
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
            self._row_initial(row)
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
        }
        return initial

    def _row_initial(self, row) -> None:
        n = row.task_id
        self.initial.setdefault(f"status_{n}", row.status)
        self.initial.setdefault(f"progress_{n}", row.progress)
        self.initial.setdefault(f"done_{n}", row.done_this_quarter)
        self.initial.setdefault(f"produced_{n}", row.deliverable_produced)

    def task_cards(self):
        cards = []
        for index, row in enumerate(self.rows, start=1):
            n = row.task_id
            cards.append(
                {
                    "index": index,
                    "row": row,
                    "status": self[f"status_{n}"],
                    "progress": self[f"progress_{n}"],
                    "done": self[f"done_{n}"],
                    "produced": self[f"produced_{n}"],
                    "files": self[f"files_{n}"] if f"files_{n}" in self.fields else None,
                    "evidence": list(row.evidence.all()) if row.pk else [],
                }
            )
        return cards

    def clean(self):
        cleaned = super().clean()
        for name, problem in figure_problems(cleaned.get("members"), cleaned).items():
            self.add_error(name, problem)
        return cleaned

    def to_input(self, existing) -> UpdateInput:
        """What to save, from the fields that are valid; an invalid field keeps its saved
        value (so a draft is saved even when one field is wrong)."""
        data = self.cleaned_data

        def pick(name, current):
            return data[name] if name in data and name not in self.errors else current

        progress = []
        for row in self.rows:
            n = row.task_id
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
