"""Consolidation plans (Đề án / Kế hoạch) and their six steps, objectives, approval baseline,
comments and consultations (seed 000, V.3.2), with the rules lists count by; how a plan ends
(evaluations, extensions, withdrawals) is in evaluations.py."""

import datetime
from typing import Self

from django.conf import settings
from django.db import models
from django.db.models import BooleanField, ExpressionWrapper, Q, Value
from django.db.models.functions import Concat
from django.utils import timezone
from simple_history.models import HistoricalRecords

from organizations.models import Unit, refuse_future_dates
from organizations.search import Folded
from organizations.selectors import units_visible_to
from organizations.types import Viewer

from .catalogue import IndicatorGroup
from .evaluations import EvaluationKind, latest_evaluation
from .evidence import EvidenceFile
from .quarters import Quarter
from .reviews import Cause, Review, ReviewRound


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


# Seed 000, VI: phase 3 runs from October to December.
SEED_PHASE3_START = (10, 1)


APPROVED_STATUSES = (PlanStatus.APPROVED, PlanStatus.RECOGNIZED)


DRAFT_STATUSES = (PlanStatus.DRAFTING, PlanStatus.SUBMITTED, PlanStatus.RETURNED)


# A unit has one plan at a time (seed 000, V.3.2): a plan is active until it is recognized as
# completed; a unit found weak again while it runs gets that plan continued (PlanContinuation).
ACTIVE = ~Q(status=PlanStatus.RECOGNIZED)


UNIT_HAS_ACTIVE_PLAN = (
    "Tổ chức này đang có đề án, kế hoạch củng cố chưa được công nhận hoàn thành: mỗi tổ chức "
    "chỉ có một đề án, kế hoạch đang thực hiện (tiếp tục đề án đó)."
)


def reports_in_condition(first: Quarter, last: Quarter | None = None, *, prefix: str = "") -> Q:
    """Plans that report in at least one quarter from `first` to `last` (consecutive): in
    consolidation by the last one's end, not recognized as completed before the first one
    starts. Plan.reports_in is the same rule for one plan in memory."""
    last = last or first
    return Q(**{f"{prefix}started_on__lte": last.ends_on}) & ~Q(
        **{f"{prefix}status": PlanStatus.RECOGNIZED, f"{prefix}recognized_on__lt": first.starts_on}
    )


def behind_phase_condition(today: datetime.date) -> Q:
    """Its round is in phase 2 (seed 000, VI) while the plan is still not approved."""
    return Q(round__phase2_starts_on__lte=today, status__in=DRAFT_STATUSES)


def past_end_condition(today: datetime.date) -> Q:
    """Its expected end has passed and it is not recognized as completed."""
    return Q(expected_end__lt=today) & ~Q(status=PlanStatus.RECOGNIZED)


def late_condition(today: datetime.date, *, overdue: Q) -> Q:
    """Late (chậm tiến độ): not recognized, and a task overdue (`overdue`, a condition on
    the caller's annotation), its expected end passed, or behind its phase."""
    return ~Q(status=PlanStatus.RECOGNIZED) & (
        overdue | past_end_condition(today) | behind_phase_condition(today)
    )


def twelve_months_before(day: datetime.date) -> datetime.date:
    try:
        return day.replace(year=day.year - 1)
    except ValueError:  # 29 February
        return day.replace(year=day.year - 1, day=28)


# Seed 000, III.2: a weak unit "clearly improved" – its consolidation recognized as completed,
# or its latest evaluation found a clear improvement.
IMPROVED = Q(status=PlanStatus.RECOGNIZED) | Q(last_evaluation=True)


def flag(condition: Q) -> ExpressionWrapper:
    return ExpressionWrapper(condition, output_field=BooleanField())


def awaits_approval(status: str) -> bool:
    """PlanQuerySet.awaiting_approval for one plan's status in memory."""
    return status == PlanStatus.SUBMITTED


class PlanQuerySet(models.QuerySet["Plan"]):
    def visible_to(self, user: Viewer) -> Self:
        """The plans of the units the person may see (organizations.units_visible_to)."""
        return self.filter(unit__in=units_visible_to(user))

    def awaiting_approval(self) -> Self:
        """Plans submitted to the Standing Committee and not yet decided: its «việc chờ bạn»
        and the dashboard's «chờ duyệt»; awaits_approval in memory."""
        return self.filter(status=PlanStatus.SUBMITTED)

    def active(self) -> Self:
        """Plans not yet recognized as completed: at most one per unit (ACTIVE)."""
        return self.filter(ACTIVE)

    def expected_in(self, first: Quarter, last: Quarter | None = None) -> Self:
        """Plans that report in the quarter (or in one of first…last): reports_in_condition."""
        return self.filter(reports_in_condition(first, last))

    def with_improvement(self, today: datetime.date) -> Self:
        """Each plan's latest evaluation and latest mid-term one (clear improvement or not),
        whether it is twelve months or more in consolidation (`ripe`) and IMPROVED."""
        return self.annotate(
            last_evaluation=latest_evaluation(),
            last_mid_term=latest_evaluation(EvaluationKind.MID_TERM),
        ).annotate(
            ripe=flag(Q(started_on__lte=twelve_months_before(today))), improved=flag(IMPROVED)
        )


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
    # Folded for search (selectors.search): kept by the database itself, never typed.
    search_text = models.GeneratedField(
        expression=Folded(Concat("title", Value(" "), "number")),
        output_field=models.TextField(),
        db_persist=True,
    )

    history = HistoricalRecords(m2m_fields=[groups], excluded_fields=["search_text"])
    objects = PlanQuerySet.as_manager()

    # Set only on the rows of PlanQuerySet.with_improvement.
    last_evaluation: bool | None
    last_mid_term: bool | None
    ripe: bool
    improved: bool

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
            models.UniqueConstraint(
                fields=["unit"],
                condition=ACTIVE,
                name="plan_one_active_per_unit",
                violation_error_message=UNIT_HAS_ACTIVE_PLAN,
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        refuse_future_dates(self, "issued_on", "recognized_on")

    @property
    def is_approved(self) -> bool:
        return self.status in APPROVED_STATUSES

    def assessment_reviews(self) -> models.QuerySet[Review]:
        """The reviews the plan answers: the one it was built from and those of later rounds
        that found the unit weak again and continued it."""
        return Review.objects.filter(Q(plan=self) | Q(continuation__plan=self))

    def causes(self) -> models.QuerySet[Cause]:
        """The causes of the plan's assessment ("1 xuyên suốt" traces tasks to them)."""
        return Cause.objects.filter(review__in=self.assessment_reviews())

    @property
    def continued_on(self) -> datetime.date | None:
        """The ward's local date of the latest continuation, if the plan was continued."""
        latest = self.continuations.order_by("at").last()
        return timezone.localdate(latest.at) if latest is not None else None

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
        return self.round.phase_on(day) if self.round is not None else None

    @property
    def phase3_starts_on(self) -> datetime.date:
        """When phase 3 (final evaluation, recognition; seed 000, VI) starts for this plan:
        its round's calendar, which each ward sets; for a plan with no round (brought in
        from an old Phụ lục 3), the seed's default – 1 October – last before its end."""
        if self.round is not None:
            return self.round.phase3_starts_on
        month, day = SEED_PHASE3_START
        start = datetime.date(self.expected_end.year, month, day)
        if start > self.expected_end:
            start = start.replace(year=start.year - 1)
        return max(start, self.started_on)

    def reports_in(self, quarter: Quarter) -> bool:
        """Whether the plan reports in (and Phụ lục 3 lists it for) the quarter: entered
        consolidation by the quarter's end, not recognized as completed before its start.
        reports_in_condition is the same rule as a query."""
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

    version = models.PositiveIntegerField(default=1, editable=False)

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

    version = models.PositiveIntegerField(default=1, editable=False)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "mục tiêu cụ thể"
        verbose_name_plural = "mục tiêu cụ thể"
        ordering = ["group__number", "deadline", "pk"]

    def __str__(self) -> str:
        return self.text[:80]


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


class Consultation(models.Model):
    """Step 5 of seed 000, V.3.2, "lấy ý kiến, hoàn thiện": who was consulted on the draft,
    when, and what changed in it as a result. A plan is submitted only after one."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="consultations")
    held_on = models.DateField("ngày lấy ý kiến")
    consulted = models.CharField(
        "lấy ý kiến của",
        max_length=300,
        help_text="Ví dụ: chi ủy, đảng viên chi bộ; Ban Xây dựng Đảng; cấp ủy viên phụ trách.",
    )
    changes = models.TextField(
        "nội dung đã tiếp thu, hoàn thiện",
        help_text="Những gì đã sửa trong dự thảo sau khi lấy ý kiến (hoặc «không có thay đổi» và lý do).",
    )
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField("ghi lúc", auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "lấy ý kiến dự thảo"
        verbose_name_plural = "lấy ý kiến dự thảo"
        ordering = ["held_on", "pk"]

    def __str__(self) -> str:
        return f"{self.consulted[:60]} – {self.held_on:%d/%m/%Y}"

    def clean(self) -> None:
        refuse_future_dates(self, "held_on")


class PlanContinuation(models.Model):
    """A later round found the unit weak again while its plan ran: that plan continues with
    the new review attached (its groups and causes join the plan's assessment, objectives and
    tasks are added, and the plan is approved again) instead of a second plan."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="continuations")
    review = models.OneToOneField(
        Review, verbose_name="đánh giá", on_delete=models.PROTECT, related_name="continuation"
    )
    previous_status = models.CharField(
        "tình trạng trước khi tiếp tục", max_length=12, choices=PlanStatus.choices
    )
    note = models.TextField("ghi chú", blank=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    at = models.DateTimeField("lúc", default=timezone.now)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "tiếp tục đề án, kế hoạch"
        verbose_name_plural = "tiếp tục đề án, kế hoạch"
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.plan} – {self.review}"
