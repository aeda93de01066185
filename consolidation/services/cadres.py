"""Writes of the key cadres' evaluations (seed 003): the Board enters a quarter's (or a year's)
evaluations in bulk, on the page's grid or from an Excel workbook; all or nothing, each
problem named by its row."""

from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction

from organizations.history import record_as
from organizations.models import level_for_score
from organizations.registry_io.read import Table
from organizations.text import fold, normalize_line, normalize_text
from organizations.types import Actor

from ..access import require_keeper
from ..models import (
    SCORE_GROUPS,
    Cadre,
    CadreEvaluation,
    Task,
    period_first_day,
)
from ..models.cadres import NOT_KEY, SCORE_OUT_OF_RANGE

ROW = "Dòng {row} ({name}): {problem}"
SCORES_INCOMPLETE = "thiếu điểm nhóm «{label}» (chấm đủ bốn nhóm, hoặc để trống cả dòng)."
NOT_A_NUMBER = "điểm nhóm «{label}» là «{value}», không phải một số."
TASK_OF_ANOTHER_UNIT = "nhiệm vụ đã chọn không thuộc đề án, kế hoạch của {unit}."
UNKNOWN_CADRE = "không có cán bộ chủ chốt «{name}» ở tổ chức mã «{code}» trong sổ cán bộ."
MISSING_COLUMNS = "Tệp thiếu cột: {columns}. Hãy dùng tệp mẫu tải từ trang đánh giá."

IMPORT_COLUMNS = (
    ["Mã đơn vị", "Tổ chức", "Họ tên", "Chức danh"]
    + [label for _, label in SCORE_GROUPS]
    + ["Sản phẩm làm căn cứ đánh giá"]
)


@dataclass
class EvaluationInput:
    """One row of the grid or the workbook: a cadre's four scores (text as typed), the
    products written, the plan's tasks chosen."""

    cadre: Cadre
    row: int
    scores: list[str]
    products: str = ""
    task_ids: list[int] = field(default_factory=list)

    @property
    def blank(self) -> bool:
        return not any(s.strip() for s in self.scores) and not self.products.strip()


def _score(text: str, label: str) -> Decimal:
    try:
        value = Decimal(text.strip().replace(",", "."))
    except InvalidOperation as exc:
        raise ValueError(NOT_A_NUMBER.format(label=label, value=text.strip())) from exc
    if not Decimal(0) <= value <= Decimal(25) or not value.is_finite():
        raise ValueError(SCORE_OUT_OF_RANGE.format(label=label))
    return value.quantize(Decimal("0.1"))


def _evaluation(row: EvaluationInput, year: int, quarter: int) -> CadreEvaluation:
    """The row's evaluation (new or the saved one), checked; ValueError with the problem."""
    cadre = row.cadre
    if not cadre.is_key_on(period_first_day(year, quarter)):
        raise ValueError(NOT_KEY.format(name=cadre.name))
    scores = []
    for text, (_, label) in zip(row.scores, SCORE_GROUPS, strict=True):
        if not text.strip():
            raise ValueError(SCORES_INCOMPLETE.format(label=label))
        scores.append(_score(text, label))
    evaluation = CadreEvaluation.objects.filter(cadre=cadre, year=year, quarter=quarter).first()
    evaluation = evaluation or CadreEvaluation(cadre=cadre, year=year, quarter=quarter)
    for (name, _), value in zip(SCORE_GROUPS, scores, strict=True):
        setattr(evaluation, name, value)
    evaluation.level = level_for_score(evaluation.total)
    evaluation.products = normalize_text(row.products)
    try:
        evaluation.full_clean()
    except ValidationError as exc:
        raise ValueError(_named(exc)) from exc
    return evaluation


def _named(exc: ValidationError) -> str:
    """A model's refusal with each field's name: "Xếp loại: …"."""
    if not hasattr(exc, "error_dict"):
        return "; ".join(exc.messages)
    parts = []
    for name, errors in exc.message_dict.items():
        field = None if name == "__all__" else CadreEvaluation._meta.get_field(name)
        label = getattr(field, "verbose_name", "")
        parts += [f"{str(label).capitalize()}: {e}" if label else e for e in errors]
    return "; ".join(parts)


@transaction.atomic
def evaluations_save(
    *, rows: list[EvaluationInput], year: int, quarter: int, by: Actor
) -> list[CadreEvaluation]:
    """Save the rows' evaluations of a quarter (1–4) or the year (0). A row left blank is not
    evaluated. Every row is checked before anything is written: ValidationError listing each
    row at fault (its number and the cadre's name), and nothing saved."""
    require_keeper(by, "đánh giá cán bộ chủ chốt")
    task_units = dict(
        Task.objects.filter(pk__in={pk for r in rows for pk in r.task_ids}).values_list(
            "pk", "plan__unit_id"
        )
    )
    problems, ready = [], []
    for row in rows:
        if row.blank:
            continue
        try:
            evaluation = _evaluation(row, year, quarter)
            if any(task_units.get(pk) != row.cadre.unit_id for pk in row.task_ids):
                raise ValueError(TASK_OF_ANOTHER_UNIT.format(unit=row.cadre.unit.name))
        except ValueError as exc:
            problems.append(ROW.format(row=row.row, name=row.cadre.name, problem=exc))
            continue
        ready.append((evaluation, row.task_ids))
    if problems:
        raise ValidationError(problems)
    saved = []
    for evaluation, task_ids in ready:
        if evaluation.pk is not None:
            evaluation.version += 1
        evaluation.evaluated_by = by
        record_as(evaluation, by)
        evaluation.save()
        evaluation.tasks.set(task_ids)
        saved.append(evaluation)
    return saved


def rows_from_workbook(table: Table, cadres: list[Cadre]) -> list[EvaluationInput]:
    """The workbook's rows as evaluations of the cadres given (those the person may see),
    matched by the unit's code and the cadre's name, accents and case ignored.
    ValidationError naming every row and column at fault."""
    index = {fold(h): i for i, h in enumerate(table.headers)}
    missing = [c for c in IMPORT_COLUMNS if fold(c) not in index]
    if missing:
        raise ValidationError(MISSING_COLUMNS.format(columns=", ".join(missing)))
    by_key = {(c.unit.code.upper(), fold(c.name)): c for c in cadres}

    def cell(values: list, column: str) -> str:
        value = values[index[fold(column)]] if index[fold(column)] < len(values) else None
        return "" if value is None else normalize_line(str(value))

    rows, problems = [], []
    for number, values in table.rows:
        code, name = cell(values, "Mã đơn vị").upper(), cell(values, "Họ tên")
        cadre = by_key.get((code, fold(name)))
        if cadre is None:
            problems.append(
                ROW.format(
                    row=number, name=name, problem=UNKNOWN_CADRE.format(name=name, code=code)
                )
            )
            continue
        rows.append(
            EvaluationInput(
                cadre=cadre,
                row=number,
                scores=[cell(values, label) for _, label in SCORE_GROUPS],
                products=cell(values, "Sản phẩm làm căn cứ đánh giá"),
            )
        )
    if problems:
        raise ValidationError(problems)
    return rows
