"""Consolidation: the indicator catalogue, reviews of units, plans and tasks, quarterly
updates.

Glossary (docs/glossary.md): IndicatorGroup = nhóm biểu hiện; Indicator = biểu hiện;
ReviewRound = đợt rà soát; Review = đánh giá thực trạng của một tổ chức trong một đợt;
Finding = biểu hiện có/không và biểu hiện điển hình; GroupAssessment = ưu điểm, hạn chế,
mức độ theo nhóm; Cause = nguyên nhân (chủ quan/khách quan).
"""

import datetime
import uuid
from pathlib import Path

from django.conf import settings
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from organizations.models import Unit


class IndicatorGroup(models.Model):
    """Nhóm 1/2/3 of seed 000, IV.1, with the group's products (IV.2) and the solution
    directions of Phụ lục 1, VI."""

    number = models.PositiveSmallIntegerField("nhóm", unique=True)
    title = models.TextField("tên nhóm")
    short_title = models.CharField("tên ngắn", max_length=200)
    expected_products = models.TextField("sản phẩm")
    solution_directions = models.JSONField("định hướng giải pháp", default=list)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "nhóm biểu hiện"
        verbose_name_plural = "nhóm biểu hiện"
        ordering = ["number"]

    def __str__(self) -> str:
        return f"Nhóm {self.number}"


class Indicator(models.Model):
    """One of the 16 indicators. Retired ones stay for the reviews that used them."""

    group = models.ForeignKey(
        IndicatorGroup, verbose_name="nhóm", on_delete=models.PROTECT, related_name="indicators"
    )
    code = models.CharField("mã", max_length=10, unique=True)
    text = models.TextField("nội dung biểu hiện")
    order = models.PositiveSmallIntegerField("thứ tự")
    retired_on = models.DateField(
        "ngừng dùng từ ngày",
        null=True,
        blank=True,
        help_text="Các đợt rà soát mở từ ngày này không dùng biểu hiện này nữa.",
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = "biểu hiện"
        verbose_name_plural = "biểu hiện"
        ordering = ["group__number", "order"]

    def __str__(self) -> str:
        return f"{self.code} {self.text[:60]}"


class RoundStatus(models.TextChoices):
    OPEN = "open", "Đang rà soát"
    CLOSED = "closed", "Đã kết thúc"


class ReviewRound(models.Model):
    """A review round (đợt rà soát) of one ward, with the phase calendar its plans follow
    (seed 000, VI: phase 1 April–May, phase 2 June–September, phase 3 October–December)."""

    ward = models.ForeignKey(
        Unit, verbose_name="đảng bộ phường", on_delete=models.PROTECT, related_name="review_rounds"
    )
    name = models.CharField("tên đợt", max_length=200)
    period = models.CharField("thời kỳ", max_length=60, help_text="Ví dụ: 04–05/2026")
    starts_on = models.DateField("ngày bắt đầu")
    ends_on = models.DateField("ngày kết thúc")
    status = models.CharField(
        "tình trạng", max_length=10, choices=RoundStatus.choices, default=RoundStatus.OPEN
    )
    phase2_starts_on = models.DateField("giai đoạn 2 bắt đầu")
    phase3_starts_on = models.DateField("giai đoạn 3 bắt đầu")
    phase3_ends_on = models.DateField("giai đoạn 3 kết thúc")
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True
    )
    closed_at = models.DateTimeField("kết thúc lúc", null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "đợt rà soát"
        verbose_name_plural = "đợt rà soát"
        ordering = ["-starts_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")),
                name="round_ends_after_start",
                violation_error_message="Ngày kết thúc đợt phải sau ngày bắt đầu.",
            ),
            models.CheckConstraint(
                condition=Q(phase2_starts_on__gt=models.F("starts_on"))
                & Q(phase3_starts_on__gt=models.F("phase2_starts_on"))
                & Q(phase3_ends_on__gt=models.F("phase3_starts_on")),
                name="round_phases_in_order",
                violation_error_message="Các giai đoạn phải nối tiếp nhau: 1, rồi 2, rồi 3.",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_open(self) -> bool:
        return self.status == RoundStatus.OPEN

    def phase_on(self, day: datetime.date) -> int | None:
        """Phase 1, 2 or 3 of the seed's calendar on that day; None outside it."""
        if day < self.starts_on or day > self.phase3_ends_on:
            return None
        if day < self.phase2_starts_on:
            return 1
        if day < self.phase3_starts_on:
            return 2
        return 3


class ReviewState(models.TextChoices):
    NOT_STARTED = "not_started", "Chưa đánh giá"
    SELF_ASSESSED = "self_assessed", "Đã tự đánh giá"
    IN_REVIEW = "in_review", "Ban XDĐ đang thẩm định"
    CONFIRMED = "confirmed", "Đã xác nhận"


class Conclusion(models.TextChoices):
    WEAK = "weak", "Yếu kém"
    COMPLEX = "complex", "Có vấn đề phức tạp cần quan tâm"
    AT_RISK = "at_risk", "Có nguy cơ"
    NOT_NEEDED = "not_needed", "Không thuộc diện củng cố"


NEEDS_CONSOLIDATION = (Conclusion.WEAK, Conclusion.COMPLEX)


class Severity(models.TextChoices):
    LIGHT = "light", "Nhẹ"
    MEDIUM = "medium", "Trung bình"
    SERIOUS = "serious", "Nghiêm trọng"


class SuggestionState(models.TextChoices):
    NONE = "", "Không"
    PENDING = "pending", "Chờ Ban XDĐ xem xét"
    ACCEPTED = "accepted", "Đã chấp nhận"
    DISMISSED = "dismissed", "Đã bỏ qua"


class Review(models.Model):
    """The assessment of one unit in one round (đánh giá thực trạng, seed 000 V.1)."""

    round = models.ForeignKey(
        ReviewRound, verbose_name="đợt rà soát", on_delete=models.PROTECT, related_name="reviews"
    )
    unit = models.ForeignKey(
        Unit, verbose_name="tổ chức", on_delete=models.PROTECT, related_name="reviews"
    )
    state = models.CharField(
        "tình trạng", max_length=20, choices=ReviewState.choices, default=ReviewState.NOT_STARTED
    )
    conclusion = models.CharField("kết luận", max_length=20, choices=Conclusion.choices, blank=True)
    weak_aspects = models.TextField("mặt yếu", blank=True)
    weak_links = models.TextField("khâu yếu", blank=True)
    head_responsibility = models.TextField("trách nhiệm của người đứng đầu", blank=True)
    justification = models.TextField(
        "lý do không thuộc diện củng cố",
        blank=True,
        help_text="Bắt buộc khi kết luận «không thuộc diện củng cố» mà vẫn có biểu hiện.",
    )
    is_prolonged = models.BooleanField("yếu kém kéo dài", default=False)
    suggestion_state = models.CharField(
        "gợi ý «có nguy cơ»", max_length=10, choices=SuggestionState.choices, blank=True
    )
    suggestion_reasons = models.JSONField("lý do gợi ý", default=list, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    submitted_at = models.DateTimeField("gửi tự đánh giá lúc", null=True, blank=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    confirmed_at = models.DateTimeField("xác nhận lúc", null=True, blank=True)
    consolidation_started_at = models.DateTimeField("đưa vào củng cố lúc", null=True, blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "đánh giá thực trạng"
        verbose_name_plural = "đánh giá thực trạng"
        constraints = [
            models.UniqueConstraint(fields=["round", "unit"], name="review_one_per_unit_and_round"),
            models.CheckConstraint(
                condition=~Q(state="confirmed") | ~Q(conclusion=""),
                name="review_confirmed_has_conclusion",
                violation_error_message="Đánh giá đã xác nhận phải có kết luận.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.unit} – {self.round}"

    @property
    def is_locked(self) -> bool:
        return self.state == ReviewState.CONFIRMED

    @property
    def needs_consolidation(self) -> bool:
        return self.state == ReviewState.CONFIRMED and self.conclusion in NEEDS_CONSOLIDATION

    @property
    def group_numbers(self) -> list[int]:
        """The unit's groups, derived from its indicators (never typed). Uses the
        prefetched findings when there are."""
        return sorted({f.indicator.group.number for f in self.findings.all() if f.present})


class Finding(models.Model):
    """An indicator present or not in a review, with its typical manifestation."""

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="findings")
    indicator = models.ForeignKey(
        Indicator, verbose_name="biểu hiện", on_delete=models.PROTECT, related_name="findings"
    )
    present = models.BooleanField("có biểu hiện", default=False)
    manifestation = models.TextField("biểu hiện điển hình", blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "biểu hiện của tổ chức"
        verbose_name_plural = "biểu hiện của tổ chức"
        ordering = ["indicator__group__number", "indicator__order"]
        constraints = [
            models.UniqueConstraint(
                fields=["review", "indicator"], name="finding_one_per_indicator"
            )
        ]

    def __str__(self) -> str:
        return f"{self.indicator.code}: {'có' if self.present else 'không'}"


class GroupAssessment(models.Model):
    """Strengths, limitations and severity of a unit for one group (Phụ lục 1, III)."""

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="group_assessments")
    group = models.ForeignKey(IndicatorGroup, verbose_name="nhóm", on_delete=models.PROTECT)
    strengths = models.TextField("ưu điểm", blank=True)
    limitations = models.TextField("hạn chế", blank=True)
    severity = models.CharField("mức độ", max_length=10, choices=Severity.choices, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "đánh giá theo nhóm"
        verbose_name_plural = "đánh giá theo nhóm"
        ordering = ["group__number"]
        constraints = [
            models.UniqueConstraint(
                fields=["review", "group"], name="group_assessment_one_per_group"
            )
        ]

    def __str__(self) -> str:
        return f"{self.review} – {self.group}"


class CauseKind(models.TextChoices):
    SUBJECTIVE = "subjective", "Chủ quan"
    OBJECTIVE = "objective", "Khách quan"


class Cause(models.Model):
    """A cause of the weakness; subjective ones come first (seed 000, V.1 and Phụ lục 1, IV)."""

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="causes")
    kind = models.CharField("loại nguyên nhân", max_length=12, choices=CauseKind.choices)
    text = models.TextField("nguyên nhân")
    group = models.ForeignKey(
        IndicatorGroup,
        verbose_name="thuộc nhóm",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
    )
    order = models.PositiveSmallIntegerField(default=0)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "nguyên nhân"
        verbose_name_plural = "nguyên nhân"
        # "subjective" sorts after "objective" alphabetically; the ordering below puts it first.
        ordering = ["-kind", "order", "pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.text[:60]}"


def evidence_path(instance, filename: str) -> str:
    """Stored under a random name: the original name is kept in the database only."""
    suffix = Path(filename).suffix.lower()
    return f"evidence/{instance.folder}/{datetime.date.today():%Y/%m}/{uuid.uuid4().hex}{suffix}"


class EvidenceFile(models.Model):
    """An uploaded file (PDF, DOCX, XLSX, JPG, PNG) kept outside the web root."""

    file = models.FileField("tệp", upload_to=evidence_path, max_length=300)
    original_name = models.CharField("tên tệp", max_length=255)
    kind = models.CharField("loại tệp", max_length=10)
    size = models.PositiveIntegerField("dung lượng (byte)")
    description = models.CharField("mô tả", max_length=300, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True
    )
    uploaded_at = models.DateTimeField("tải lên lúc", auto_now_add=True)

    folder = "misc"

    class Meta:
        abstract = True
        ordering = ["uploaded_at"]

    def __str__(self) -> str:
        return self.original_name


class ReviewEvidence(EvidenceFile):
    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="evidence")

    folder = "reviews"
    history = HistoricalRecords()

    class Meta(EvidenceFile.Meta):
        verbose_name = "minh chứng đánh giá"
        verbose_name_plural = "minh chứng đánh giá"


class ReviewEventKind(models.TextChoices):
    SUBMITTED = "submitted", "Bí thư gửi tự đánh giá"
    CONFIRMED = "confirmed", "Ban XDĐ xác nhận kết luận"
    REOPENED = "reopened", "Ban XDĐ mở lại để sửa"
    SUGGESTION_ACCEPTED = "suggestion_accepted", "Chấp nhận gợi ý «có nguy cơ»"
    SUGGESTION_DISMISSED = "suggestion_dismissed", "Bỏ qua gợi ý «có nguy cơ»"
    CONSOLIDATION_STARTED = "consolidation_started", "Đưa vào củng cố"


class ReviewEvent(models.Model):
    """Who moved a review on, when and why; a confirmation keeps a snapshot of what was
    confirmed, so that a reopened review still shows the earlier version."""

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField("việc", max_length=30, choices=ReviewEventKind.choices)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField("lúc", auto_now_add=True)
    reason = models.TextField("lý do", blank=True)
    snapshot = models.JSONField("nội dung đã xác nhận", null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "diễn biến đánh giá"
        verbose_name_plural = "diễn biến đánh giá"
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} – {self.at:%d/%m/%Y}"


# --- consolidation plans (Đề án / Kế hoạch) -------------------------------------------------


class PlanKind(models.TextChoices):
    PROJECT = "project", "Đề án"  # for a unit judged yếu kém
    PLAN = "plan", "Kế hoạch"  # for a unit with complex problems

    @property
    def abbreviation(self) -> str:
        return "ĐA" if self == PlanKind.PROJECT else "KH"


class PlanStatus(models.TextChoices):
    DRAFTING = "drafting", "Đang xây dựng"
    SUBMITTED = "submitted", "Trình Ban Thường vụ phê duyệt"
    RETURNED = "returned", "Ban Thường vụ trả lại để hoàn thiện"
    APPROVED = "approved", "Đã phê duyệt, đang thực hiện"
    RECOGNIZED = "recognized", "Đã công nhận hoàn thành củng cố"


STEP_TITLES = {
    1: "Xác định đối tượng, đánh giá thực trạng theo 03 nhóm",
    2: "Khảo sát, kiểm chứng thực tế",
    3: "Xác định mục tiêu, chỉ tiêu",
    4: "Xây dựng nhiệm vụ, giải pháp",
    5: "Kế hoạch thực hiện theo «6 rõ»; lấy ý kiến, phê duyệt",
    6: "Tổ chức thực hiện, kiểm tra, giám sát, đánh giá",
}


class Plan(models.Model):
    """A unit's consolidation project (Đề án, for yếu kém) or plan (Kế hoạch, for có vấn
    đề phức tạp cần quan tâm), built and run in the six steps of seed 000, V.3.2."""

    unit = models.ForeignKey(
        Unit, verbose_name="tổ chức", on_delete=models.PROTECT, related_name="plans"
    )
    review = models.OneToOneField(
        Review,
        verbose_name="đánh giá thực trạng",
        on_delete=models.PROTECT,
        related_name="plan",
        null=True,
        blank=True,
    )
    round = models.ForeignKey(
        ReviewRound,
        verbose_name="đợt rà soát (lịch giai đoạn)",
        on_delete=models.PROTECT,
        related_name="plans",
        null=True,
        blank=True,
    )
    kind = models.CharField("loại", max_length=10, choices=PlanKind.choices)
    title = models.CharField("tên đề án, kế hoạch", max_length=300)
    contents = models.TextField(
        "nội dung cần củng cố",
        help_text="Ngắn gọn: in ở cột (4) của Phụ lục 3.",
    )
    groups = models.ManyToManyField(
        IndicatorGroup, verbose_name="nhóm biểu hiện", related_name="plans"
    )
    number = models.CharField("số", max_length=40, blank=True, help_text="Ví dụ: 05-ĐA/CB")
    issued_on = models.DateField("ngày ban hành", null=True, blank=True)
    started_on = models.DateField("thời gian đưa vào củng cố")
    expected_end = models.DateField("thời gian dự kiến hoàn thành")
    committee_member = models.CharField("cấp ủy viên phụ trách", max_length=120, blank=True)
    general_objective = models.TextField("mục tiêu chung", blank=True)
    evaluation_arrangements = models.TextField(
        "tổ chức thực hiện và đánh giá kết quả",
        blank=True,
        help_text="Phân công theo dõi, định kỳ đánh giá, gắn kết quả với xếp loại (Phụ lục 1, VIII).",
    )
    proposals = models.TextField("kiến nghị, đề xuất", blank=True)
    status = models.CharField(
        "tình trạng", max_length=12, choices=PlanStatus.choices, default=PlanStatus.DRAFTING
    )
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    approved_at = models.DateTimeField("phê duyệt lúc", null=True, blank=True)
    recognition_number = models.CharField("số quyết định công nhận", max_length=40, blank=True)
    recognized_on = models.DateField("ngày công nhận hoàn thành củng cố", null=True, blank=True)
    recognized_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    is_imported = models.BooleanField(
        "nhập từ Phụ lục 3 cũ",
        default=False,
        help_text="Các bước trước đó không có trong phần mềm.",
    )
    version = models.PositiveIntegerField(default=1, editable=False)

    history = HistoricalRecords(m2m_fields=[groups])

    class Meta:
        verbose_name = "đề án, kế hoạch củng cố"
        verbose_name_plural = "đề án, kế hoạch củng cố"
        ordering = ["unit__sort_key", "started_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(expected_end__gt=models.F("started_on")),
                name="plan_due_after_start",
                violation_error_message="Thời gian dự kiến hoàn thành phải sau thời gian đưa vào củng cố.",
            ),
            models.CheckConstraint(
                condition=~Q(status="recognized")
                | (Q(recognized_on__isnull=False) & ~Q(recognition_number="")),
                name="plan_recognition_has_decision",
                violation_error_message="Công nhận hoàn thành cần số và ngày quyết định.",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_approved(self) -> bool:
        return self.status in (PlanStatus.APPROVED, PlanStatus.RECOGNIZED)

    @property
    def is_recognized(self) -> bool:
        return self.status == PlanStatus.RECOGNIZED

    @property
    def number_display(self) -> str:
        """Phụ lục 3, column 5: "Số 05-ĐA/CB, ngày 12/5/2026"."""
        if not self.number:
            return ""
        text = f"Số {self.number}"
        if self.issued_on:
            text += f", ngày {self.issued_on.day}/{self.issued_on.month}/{self.issued_on.year}"
        return text

    def phase_on(self, day: datetime.date) -> int | None:
        return self.round.phase_on(day) if self.round_id else None

    def reports_in(self, quarter) -> bool:
        """Whether the plan reports in (and Phụ lục 3 lists it for) the quarter: entered
        consolidation by the quarter's end, not recognized as completed before its start.
        services.quarterly.plans_expected_in is the same rule as a query."""
        if self.started_on > quarter.ends_on:
            return False
        return not (
            self.status == PlanStatus.RECOGNIZED
            and self.recognized_on is not None
            and self.recognized_on < quarter.starts_on
        )


class PlanStep(models.Model):
    """One of the six steps: when it was done, by whom, with notes and files."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="steps")
    number = models.PositiveSmallIntegerField("bước")
    done_on = models.DateField("ngày thực hiện", null=True, blank=True)
    participants = models.CharField("người thực hiện, thành phần", max_length=300, blank=True)
    notes = models.TextField("nội dung, kết quả", blank=True)
    completed_at = models.DateTimeField("hoàn thành lúc", null=True, blank=True)
    completed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = "bước xây dựng đề án"
        verbose_name_plural = "bước xây dựng đề án"
        ordering = ["number"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "number"], name="step_one_per_number"),
            models.CheckConstraint(
                condition=Q(number__gte=1, number__lte=6), name="step_number_1_to_6"
            ),
        ]

    def __str__(self) -> str:
        return f"Bước {self.number}"

    @property
    def title(self) -> str:
        return STEP_TITLES[self.number]

    @property
    def is_done(self) -> bool:
        return self.completed_at is not None


class StepFile(EvidenceFile):
    step = models.ForeignKey(PlanStep, on_delete=models.CASCADE, related_name="files")

    folder = "steps"
    history = HistoricalRecords()

    class Meta(EvidenceFile.Meta):
        verbose_name = "tệp của bước"
        verbose_name_plural = "tệp của bước"


class Objective(models.Model):
    """A specific objective of a group (Phụ lục 1, V.2): target, deadline, quantified output."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="objectives")
    group = models.ForeignKey(IndicatorGroup, verbose_name="nhóm", on_delete=models.PROTECT)
    text = models.TextField("mục tiêu cụ thể")
    target = models.CharField("chỉ tiêu (đo được)", max_length=300)
    deadline = models.DateField("thời gian hoàn thành")
    output = models.CharField("kết quả đầu ra (định lượng)", max_length=300)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "mục tiêu cụ thể"
        verbose_name_plural = "mục tiêu cụ thể"
        ordering = ["group__number", "deadline", "pk"]

    def __str__(self) -> str:
        return self.text[:80]


class TaskStatus(models.TextChoices):
    NOT_STARTED = "not_started", "Chưa thực hiện"
    IN_PROGRESS = "in_progress", "Đang thực hiện"
    DONE = "done", "Hoàn thành"
    CANCELLED = "cancelled", "Hủy"


OPEN_TASK_STATUSES = (TaskStatus.NOT_STARTED, TaskStatus.IN_PROGRESS)

SIX_POINTS = {
    "viec": "rõ việc",
    "nguoi": "rõ người",
    "trach_nhiem": "rõ trách nhiệm",
    "tien_do": "rõ tiến độ",
    "san_pham": "rõ sản phẩm",
    "hieu_qua": "rõ hiệu quả",
}


class Task(models.Model):
    """A task of the plan, clear on "6 rõ", traced to its group, causes and objective
    ("1 xuyên suốt": nguyên nhân – giải pháp – kết quả đầu ra)."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="tasks")
    group = models.ForeignKey(IndicatorGroup, verbose_name="nhóm", on_delete=models.PROTECT)
    objective = models.ForeignKey(
        Objective,
        verbose_name="mục tiêu phục vụ",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="tasks",
    )
    causes = models.ManyToManyField(
        Cause, verbose_name="nguyên nhân được khắc phục", blank=True, related_name="tasks"
    )
    direction = models.CharField("định hướng giải pháp", max_length=200, blank=True)
    what = models.TextField("rõ việc: nội dung công việc")
    person_name = models.CharField("rõ người: họ tên", max_length=120, blank=True)
    person_position = models.CharField("rõ người: chức vụ", max_length=120, blank=True)
    person_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="tài khoản người thực hiện",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="tasks",
    )
    lead = models.CharField("rõ trách nhiệm: chủ trì", max_length=200, blank=True)
    coordinate = models.CharField("rõ trách nhiệm: phối hợp", max_length=300, blank=True)
    starts_on = models.DateField("rõ tiến độ: bắt đầu", null=True, blank=True)
    deadline = models.DateField("rõ tiến độ: hạn hoàn thành", null=True, blank=True)
    milestones = models.TextField("mốc tiến độ", blank=True)
    progress = models.PositiveSmallIntegerField("tiến độ (%)", default=0)
    deliverable = models.CharField("rõ sản phẩm", max_length=300, blank=True)
    effect_sought = models.CharField("rõ hiệu quả: hiệu quả cần đạt", max_length=300, blank=True)
    effect_achieved = models.TextField("hiệu quả đạt được", blank=True)
    status = models.CharField(
        "tình trạng", max_length=12, choices=TaskStatus.choices, default=TaskStatus.NOT_STARTED
    )
    cancel_reason = models.CharField("lý do hủy", max_length=300, blank=True)
    order = models.PositiveSmallIntegerField("thứ tự", default=0)
    version = models.PositiveIntegerField(default=1, editable=False)

    history = HistoricalRecords(m2m_fields=[causes])

    class Meta:
        verbose_name = "nhiệm vụ"
        verbose_name_plural = "nhiệm vụ"
        ordering = ["group__number", "order", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(progress__lte=100), name="task_progress_at_most_100"
            ),
            models.CheckConstraint(
                condition=Q(deadline__isnull=True)
                | Q(starts_on__isnull=True)
                | Q(deadline__gte=models.F("starts_on")),
                name="task_deadline_after_start",
                violation_error_message="Hạn hoàn thành phải từ ngày bắt đầu trở đi.",
            ),
            models.CheckConstraint(
                condition=~Q(status="cancelled") | ~Q(cancel_reason=""),
                name="task_cancel_needs_reason",
                violation_error_message="Hủy nhiệm vụ cần ghi lý do.",
            ),
        ]

    def __str__(self) -> str:
        return self.what[:80]

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_TASK_STATUSES

    def is_overdue_on(self, day: datetime.date) -> bool:
        return self.is_open and self.deadline is not None and self.deadline < day

    @property
    def is_overdue(self) -> bool:
        """Derived from the deadline, never stored."""
        from django.utils import timezone

        return self.is_overdue_on(timezone.localdate())

    def missing_points(self) -> list[str]:
        """Which of the six points (6 rõ) this task still lacks."""
        missing = []
        if not self.what.strip():
            missing.append(SIX_POINTS["viec"])
        if not (self.person_name.strip() and self.person_position.strip()):
            missing.append(SIX_POINTS["nguoi"])
        if not self.lead.strip():
            missing.append(SIX_POINTS["trach_nhiem"])
        if not (self.starts_on and self.deadline):
            missing.append(SIX_POINTS["tien_do"])
        if not self.deliverable.strip():
            missing.append(SIX_POINTS["san_pham"])
        if not self.effect_sought.strip():
            missing.append(SIX_POINTS["hieu_qua"])
        return missing


class PlanBaseline(models.Model):
    """What the Standing Committee approved: later changes are shown against it."""

    plan = models.OneToOneField(Plan, on_delete=models.CASCADE, related_name="baseline")
    approved_at = models.DateTimeField("phê duyệt lúc")
    data = models.JSONField("nội dung đã phê duyệt")

    history = HistoricalRecords()

    class Meta:
        verbose_name = "bản phê duyệt"
        verbose_name_plural = "bản phê duyệt"

    def __str__(self) -> str:
        return f"{self.plan} – {self.approved_at:%d/%m/%Y}"


class TaskChange(models.Model):
    """A change to an approved plan's task: what, who, when and why."""

    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="changes")
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField("lúc", auto_now_add=True)
    reason = models.TextField("lý do")
    changes = models.JSONField("thay đổi", default=dict)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "điều chỉnh nhiệm vụ"
        verbose_name_plural = "điều chỉnh nhiệm vụ"
        ordering = ["-at", "-pk"]

    def __str__(self) -> str:
        return f"{self.task} – {self.at:%d/%m/%Y}"


class CommentKind(models.TextChoices):
    CONSULTATION = "consultation", "Góp ý (lấy ý kiến)"
    INSPECTION = "inspection", "Ý kiến kiểm tra, giám sát"
    RETURN = "return", "Ban Thường vụ trả lại"
    NOTE = "note", "Ghi chú"


class PlanComment(models.Model):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="comments")
    kind = models.CharField("loại ý kiến", max_length=15, choices=CommentKind.choices)
    text = models.TextField("nội dung")
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField("lúc", auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "ý kiến về đề án"
        verbose_name_plural = "ý kiến về đề án"
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return self.text[:60]


class EvaluationKind(models.TextChoices):
    MID_TERM = "mid_term", "Đánh giá giữa kỳ"
    FINAL = "final", "Đánh giá cuối kỳ"


class Evaluation(models.Model):
    """Mid-term (phase 2) and final (phase 3) evaluation: clear improvement or not, and how
    far each limitation was overcome."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="evaluations")
    kind = models.CharField("loại đánh giá", max_length=10, choices=EvaluationKind.choices)
    evaluated_on = models.DateField("ngày đánh giá")
    clear_improvement = models.BooleanField("có chuyển biến rõ rệt")
    summary = models.TextField("nhận xét, kết quả")
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    history = HistoricalRecords()

    class Meta:
        verbose_name = "đánh giá kết quả củng cố"
        verbose_name_plural = "đánh giá kết quả củng cố"
        ordering = ["evaluated_on", "pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.evaluated_on:%d/%m/%Y}"


class LimitationProgress(models.Model):
    """How far one limitation (a present indicator of the review) was overcome."""

    evaluation = models.ForeignKey(Evaluation, on_delete=models.CASCADE, related_name="limitations")
    finding = models.ForeignKey(Finding, on_delete=models.PROTECT, null=True, blank=True)
    description = models.CharField("hạn chế", max_length=300)
    overcome_percent = models.PositiveSmallIntegerField("mức độ khắc phục (%)")
    notes = models.CharField("ghi chú", max_length=300, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "mức độ khắc phục hạn chế"
        verbose_name_plural = "mức độ khắc phục hạn chế"
        constraints = [
            models.CheckConstraint(
                condition=Q(overcome_percent__lte=100), name="limitation_percent_at_most_100"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.description[:50]}: {self.overcome_percent} %"


class Extension(models.Model):
    """The Standing Committee extends a plan: a new expected date, and why."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="extensions")
    previous_end = models.DateField("thời hạn cũ")
    new_end = models.DateField("thời hạn mới")
    reason = models.TextField("lý do")
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField("lúc", auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "gia hạn"
        verbose_name_plural = "gia hạn"
        ordering = ["at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(new_end__gt=models.F("previous_end")),
                name="extension_moves_the_date_later",
                violation_error_message="Thời hạn mới phải sau thời hạn cũ.",
            )
        ]

    def __str__(self) -> str:
        return f"{self.previous_end:%d/%m/%Y} → {self.new_end:%d/%m/%Y}"


# --- the two registers the targets need -----------------------------------------------------


class CadreAction(models.TextChoices):
    TRAINING = "training", "Đào tạo, bồi dưỡng"
    ARRANGEMENT = "arrangement", "Sắp xếp, bố trí"
    ROTATION = "rotation", "Luân chuyển"
    REPLACEMENT = "replacement", "Thay thế"
    DISMISSAL = "dismissal", "Miễn nhiệm"
    NONE = "none", "Chưa xử lý"


class Cadre(models.Model):
    """A cadre found limited (Nhóm 2), counting towards "≥ 70 % trained, rearranged or
    replaced" (seed 000, III.2)."""

    unit = models.ForeignKey(
        Unit, verbose_name="tổ chức", on_delete=models.PROTECT, related_name="cadres"
    )
    plan = models.ForeignKey(
        Plan,
        verbose_name="đề án, kế hoạch",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="cadres",
    )
    name = models.CharField("họ tên", max_length=120)
    position = models.CharField("chức vụ", max_length=120)
    limitation = models.TextField("hạn chế được chỉ ra")
    action = models.CharField(
        "xử lý", max_length=15, choices=CadreAction.choices, default=CadreAction.NONE
    )
    action_on = models.DateField("ngày xử lý", null=True, blank=True)
    result = models.TextField("kết quả", blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "cán bộ hạn chế"
        verbose_name_plural = "cán bộ hạn chế"
        ordering = ["unit__sort_key", "name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(action="none") | Q(action_on__isnull=False),
                name="cadre_action_has_date",
                violation_error_message="Đã xử lý thì cần ghi ngày xử lý.",
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.position})"

    @property
    def acted_upon(self) -> bool:
        return self.action != CadreAction.NONE


class CaseKind(models.TextChoices):
    HOT_SPOT = "hot_spot", "Điểm nóng ANCT-TTATXH"
    BACKLOG = "backlog", "Vụ việc tồn đọng"
    PETITION = "petition", "Đơn thư khiếu nại, tố cáo"
    INSPECTION = "inspection", "Kết luận thanh tra, kiểm tra"


class CaseStatus(models.TextChoices):
    OPEN = "open", "Chưa giải quyết"
    IN_PROGRESS = "in_progress", "Đang giải quyết"
    CLOSED = "closed", "Đã giải quyết dứt điểm"


class ComplexCase(models.Model):
    """A complex case (Nhóm 3), counting towards "100 % reviewed, classified and given a
    handling roadmap" (seed 000, III.2). Kept by the Party office and Board staff."""

    unit = models.ForeignKey(
        Unit, verbose_name="tổ chức", on_delete=models.PROTECT, related_name="complex_cases"
    )
    plan = models.ForeignKey(
        Plan,
        verbose_name="đề án, kế hoạch",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="complex_cases",
    )
    kind = models.CharField("loại vụ việc", max_length=12, choices=CaseKind.choices)
    description = models.TextField("nội dung vụ việc")
    classification = models.CharField(
        "phân loại",
        max_length=200,
        blank=True,
        help_text="Ví dụ: phức tạp, kéo dài; thuộc thẩm quyền phường.",
    )
    roadmap = models.TextField("lộ trình xử lý", blank=True)
    roadmap_deadline = models.DateField("hạn theo lộ trình", null=True, blank=True)
    status = models.CharField(
        "tình trạng", max_length=12, choices=CaseStatus.choices, default=CaseStatus.OPEN
    )
    closed_on = models.DateField("ngày giải quyết xong", null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "vụ việc phức tạp"
        verbose_name_plural = "vụ việc phức tạp"
        ordering = ["unit__sort_key", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="closed") | Q(closed_on__isnull=False),
                name="case_closed_has_date",
                violation_error_message="Đã giải quyết dứt điểm thì cần ghi ngày.",
            )
        ]

    def __str__(self) -> str:
        return self.description[:80]

    @property
    def has_roadmap(self) -> bool:
        return bool(self.classification.strip() and self.roadmap.strip() and self.roadmap_deadline)

    def is_past_roadmap_on(self, day: datetime.date) -> bool:
        return (
            self.status != CaseStatus.CLOSED
            and self.roadmap_deadline is not None
            and self.roadmap_deadline < day
        )


# --- quarterly updates ----------------------------------------------------------------------

ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}


class Quarter(models.Model):
    """A ward's reporting quarter: the units report by the unit deadline (default the 10th
    of the quarter's last month), the ward sends Phụ lục 3 by the ward deadline (the 15th,
    seed 000 "Chế độ thông tin, báo cáo"); after the lock date only Board staff reopen."""

    ward = models.ForeignKey(
        Unit, verbose_name="đảng bộ phường", on_delete=models.PROTECT, related_name="quarters"
    )
    year = models.PositiveSmallIntegerField("năm")
    number = models.PositiveSmallIntegerField("quý")
    unit_deadline = models.DateField("hạn các chi bộ nộp báo cáo")
    ward_deadline = models.DateField("hạn phường gửi báo cáo (Phụ lục 3)")
    lock_date = models.DateField(
        "ngày khóa sổ", help_text="Sau ngày này bí thư không sửa, nộp được nữa."
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = "quý báo cáo"
        verbose_name_plural = "quý báo cáo"
        ordering = ["year", "number"]
        constraints = [
            models.UniqueConstraint(fields=["ward", "year", "number"], name="quarter_one_per_ward"),
            models.CheckConstraint(
                condition=Q(number__gte=1, number__lte=4), name="quarter_number_1_to_4"
            ),
            models.CheckConstraint(
                condition=Q(lock_date__gte=models.F("unit_deadline")),
                name="quarter_lock_after_unit_deadline",
                violation_error_message="Ngày khóa sổ phải từ hạn nộp của chi bộ trở đi.",
            ),
        ]

    def __str__(self) -> str:
        return self.label

    @property
    def code(self) -> str:
        return f"{self.year}-Q{self.number}"

    @property
    def label(self) -> str:
        return f"Quý {ROMAN[self.number]}/{self.year}"

    @property
    def starts_on(self) -> datetime.date:
        return datetime.date(self.year, 3 * self.number - 2, 1)

    @property
    def ends_on(self) -> datetime.date:
        last_month = 3 * self.number
        next_first = datetime.date(self.year + (last_month == 12), last_month % 12 + 1, 1)
        return next_first - datetime.timedelta(days=1)

    def is_locked_on(self, day: datetime.date) -> bool:
        return day > self.lock_date


class UpdateState(models.TextChoices):
    DRAFT = "draft", "Đang soạn"
    SUBMITTED = "submitted", "Đã nộp, chờ tiếp nhận"
    RETURNED = "returned", "Bị trả lại"
    ACCEPTED = "accepted", "Đã tiếp nhận"


class QuarterlyUpdate(models.Model):
    """A unit's quarterly report on its plan: progress of each task, the summary that
    Phụ lục 3 prints in column 8, difficulties, proposals, and optionally new figures."""

    plan = models.ForeignKey(
        Plan, verbose_name="đề án, kế hoạch", on_delete=models.PROTECT, related_name="updates"
    )
    quarter = models.ForeignKey(
        Quarter, verbose_name="quý", on_delete=models.PROTECT, related_name="updates"
    )
    state = models.CharField(
        "tình trạng", max_length=10, choices=UpdateState.choices, default=UpdateState.DRAFT
    )
    summary = models.TextField(
        "tóm tắt kết quả thực hiện trong quý",
        blank=True,
        help_text="In ở cột (8) Phụ lục 3: viết gọn, khoảng 3–6 câu (nên dưới 800 ký tự).",
    )
    difficulties = models.TextField("khó khăn, vướng mắc", blank=True)
    proposals = models.TextField("kiến nghị, đề xuất", blank=True)
    figures_as_of = models.DateField("ngày số liệu đảng viên mới", null=True, blank=True)
    members = models.PositiveIntegerField("số đảng viên", null=True, blank=True)
    women = models.PositiveIntegerField("đảng viên nữ", null=True, blank=True)
    ethnic_minority = models.PositiveIntegerField(
        "đảng viên dân tộc thiểu số", null=True, blank=True
    )
    exempted = models.PositiveIntegerField("miễn sinh hoạt", null=True, blank=True)
    first_submitted_at = models.DateTimeField("nộp lần đầu lúc", null=True, blank=True)
    submitted_at = models.DateTimeField("nộp lúc", null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    accepted_at = models.DateTimeField("tiếp nhận lúc", null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    return_reason = models.TextField("lý do trả lại", blank=True)
    reopened = models.BooleanField(
        "Ban XDĐ đã mở lại sau khóa sổ",
        default=False,
        help_text="Cho bí thư sửa, nộp lại dù đã qua ngày khóa sổ.",
    )
    autosaved_at = models.DateTimeField("lưu nháp lúc", null=True, blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "báo cáo quý"
        verbose_name_plural = "báo cáo quý"
        ordering = ["quarter__year", "quarter__number", "plan__unit__sort_key"]
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "quarter"], name="update_one_per_plan_and_quarter"
            ),
            models.CheckConstraint(
                condition=Q(members__isnull=True) | Q(figures_as_of__isnull=False),
                name="update_figures_have_a_date",
                violation_error_message="Số liệu đảng viên mới cần ngày số liệu.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.plan.unit} – {self.quarter}"

    @property
    def was_submitted(self) -> bool:
        return self.first_submitted_at is not None

    @property
    def submitted_on_time(self) -> bool | None:
        """On time means first submitted by the unit deadline (lateness is kept even when
        the Board returns the report and it comes back later)."""
        if self.first_submitted_at is None:
            return None
        from django.utils import timezone

        return timezone.localtime(self.first_submitted_at).date() <= self.quarter.unit_deadline


class TaskProgress(models.Model):
    """What a quarterly update says of one task."""

    update = models.ForeignKey(QuarterlyUpdate, on_delete=models.CASCADE, related_name="progress")
    task = models.ForeignKey(
        Task, verbose_name="nhiệm vụ", on_delete=models.PROTECT, related_name="reported"
    )
    status = models.CharField("tình trạng", max_length=12, choices=TaskStatus.choices)
    progress = models.PositiveSmallIntegerField("tiến độ (%)", default=0)
    done_this_quarter = models.TextField("đã làm trong quý", blank=True)
    deliverable_produced = models.BooleanField("đã có sản phẩm", default=False)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "tiến độ nhiệm vụ trong quý"
        verbose_name_plural = "tiến độ nhiệm vụ trong quý"
        ordering = ["task__group__number", "task__order", "task__pk"]
        constraints = [
            models.UniqueConstraint(fields=["update", "task"], name="progress_one_per_task"),
            models.CheckConstraint(
                condition=Q(progress__lte=100), name="reported_progress_at_most_100"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.task} – {self.progress} %"


class ProgressEvidence(EvidenceFile):
    task_progress = models.ForeignKey(
        TaskProgress, on_delete=models.CASCADE, related_name="evidence"
    )

    folder = "quarterly"
    history = HistoricalRecords()

    class Meta(EvidenceFile.Meta):
        verbose_name = "minh chứng báo cáo quý"
        verbose_name_plural = "minh chứng báo cáo quý"


class UpdateEventKind(models.TextChoices):
    SUBMITTED = "submitted", "Bí thư nộp báo cáo"
    RETURNED = "returned", "Ban XDĐ trả lại"
    ACCEPTED = "accepted", "Ban XDĐ tiếp nhận"
    REOPENED = "reopened", "Ban XDĐ mở lại sau khóa sổ"


class UpdateEvent(models.Model):
    update = models.ForeignKey(QuarterlyUpdate, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField("việc", max_length=12, choices=UpdateEventKind.choices)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField("lúc", auto_now_add=True)
    reason = models.TextField("lý do", blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "diễn biến báo cáo quý"
        verbose_name_plural = "diễn biến báo cáo quý"
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} – {self.at:%d/%m/%Y}"


class ReminderLog(models.Model):
    """One reminder sent: the same one is never sent twice on a day (send_reminders)."""

    kind = models.CharField("loại nhắc", max_length=30)
    recipient = models.CharField("người nhận", max_length=254)
    key = models.CharField("nội dung", max_length=200)
    sent_on = models.DateField("ngày gửi")

    history = HistoricalRecords()

    class Meta:
        verbose_name = "nhắc việc đã gửi"
        verbose_name_plural = "nhắc việc đã gửi"
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "recipient", "key", "sent_on"], name="reminder_once_a_day"
            )
        ]

    def __str__(self) -> str:
        return f"{self.kind} → {self.recipient} ({self.sent_on:%d/%m/%Y})"
