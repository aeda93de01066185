"""Complex cases as case files, kept by the Party office (seed 000, III.3: "theo dõi, tham mưu
xử lý các vụ việc phức tạp, tồn đọng, kéo dài, các vấn đề nhạy cảm"): an owner, an urgency
flag (urgent cases are reported at once, seed 000 "Chế độ thông tin"), the handling roadmap
as dated milestones, a timeline of what happened with its files, the letters (đơn thư), and
the units and plan concerned. The target "100 % … phân loại, có lộ trình xử lý" (seed 000,
III.2) and the early warning read from here."""

import datetime
from typing import Self

from django.conf import settings
from django.db import models
from django.db.models import BooleanField, Exists, ExpressionWrapper, OuterRef, Q, Value
from django.db.models.functions import Concat
from simple_history.models import HistoricalRecords

from organizations.models import Unit, refuse_future_dates
from organizations.search import Folded

from .evidence import EvidenceFile
from .plans import Plan
from .registers import BLANKS, TrimBlanks, check_plan_of_unit


class CaseKind(models.TextChoices):
    HOT_SPOT = "hot_spot", "Điểm nóng ANCT-TTATXH"
    BACKLOG = "backlog", "Vụ việc tồn đọng"
    PETITION = "petition", "Đơn thư khiếu nại, tố cáo"
    INSPECTION = "inspection", "Kết luận thanh tra, kiểm tra"


class CaseStatus(models.TextChoices):
    OPEN = "open", "Chưa giải quyết"
    IN_PROGRESS = "in_progress", "Đang giải quyết"
    CLOSED = "closed", "Đã giải quyết dứt điểm"


def late_milestone_condition(day: datetime.date) -> Q:
    """Cases (the outer rows) not closed with a milestone not done and due before `day`:
    late. ComplexCase.is_late_on in memory."""
    overdue = CaseMilestone.objects.filter(
        case=OuterRef("pk"), done_on__isnull=True, due_on__lt=day
    )
    return ~Q(status=CaseStatus.CLOSED) & Q(Exists(overdue))


class ComplexCaseQuerySet(models.QuerySet["ComplexCase"]):
    def late_on(self, day: datetime.date) -> Self:
        return self.filter(late_milestone_condition(day))

    def with_roadmap_flag(self) -> Self:
        """`roadmap_ready`: ComplexCase.has_roadmap as a query (classified, a roadmap, and at
        least one dated milestone; blanks count as nothing)."""
        return self.alias(
            _classification=TrimBlanks("classification"), _roadmap=TrimBlanks("roadmap")
        ).annotate(
            roadmap_ready=ExpressionWrapper(
                ~Q(_classification="")
                & ~Q(_roadmap="")
                & Q(Exists(CaseMilestone.objects.filter(case=OuterRef("pk")))),
                output_field=BooleanField(),
            )
        )


class ComplexCase(models.Model):
    """A complex case (Nhóm 3) and its file, counting towards "100 % reviewed, classified and
    given a handling roadmap" (seed 000, III.2). Kept by the Party office and Board staff."""

    unit = models.ForeignKey(
        Unit, verbose_name="tổ chức", on_delete=models.PROTECT, related_name="complex_cases"
    )
    other_units = models.ManyToManyField(
        Unit,
        verbose_name="tổ chức khác liên quan",
        blank=True,
        related_name="related_complex_cases",
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
    roadmap = models.TextField(
        "lộ trình xử lý",
        blank=True,
        help_text="Hướng xử lý tóm tắt; các mốc có hạn ghi ở phần «Các mốc lộ trình».",
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="người theo dõi",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="owned_cases",
    )
    urgent = models.BooleanField(
        "đột xuất, cần báo cáo ngay",
        default=False,
        help_text="Vụ việc đột xuất được báo cáo ngay với Ban Thường vụ và Ban Xây dựng Đảng.",
    )
    status = models.CharField(
        "tình trạng", max_length=12, choices=CaseStatus.choices, default=CaseStatus.OPEN
    )
    closed_on = models.DateField("ngày giải quyết xong", null=True, blank=True)

    version = models.PositiveIntegerField(default=1, editable=False)
    # Folded for search (selectors.search): kept by the database itself, never typed.
    search_text = models.GeneratedField(
        expression=Folded(Concat("description", Value(" "), "classification")),
        output_field=models.TextField(),
        db_persist=True,
    )

    history = HistoricalRecords(m2m_fields=[other_units], excluded_fields=["search_text"])
    objects = ComplexCaseQuerySet.as_manager()

    # Set only on the rows of ComplexCaseQuerySet.with_roadmap_flag.
    roadmap_ready: bool

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

    def clean(self) -> None:
        check_plan_of_unit(self)
        refuse_future_dates(self, "closed_on")

    @property
    def has_roadmap(self) -> bool:
        """Classified, with a handling roadmap and at least one dated milestone (seed 000,
        III.2: "100 % … phân loại, có lộ trình xử lý"); with_roadmap_flag in the database.
        Reads `milestones` (prefetch them for a list)."""
        return bool(
            self.classification.strip(BLANKS)
            and self.roadmap.strip(BLANKS)
            and len(self.milestones.all())
        )

    def is_late_on(self, day: datetime.date) -> bool:
        """late_milestone_condition for one case in memory (reads `milestones`)."""
        return self.status != CaseStatus.CLOSED and any(
            m.done_on is None and m.due_on < day for m in self.milestones.all()
        )

    @property
    def final_due(self) -> datetime.date | None:
        """The roadmap's last milestone date: when the case should be settled."""
        return max((m.due_on for m in self.milestones.all()), default=None)


class CaseMilestone(models.Model):
    """A dated step of a case's roadmap, done or not yet."""

    case = models.ForeignKey(ComplexCase, on_delete=models.CASCADE, related_name="milestones")
    title = models.CharField("mốc", max_length=300)
    due_on = models.DateField("hạn")
    done_on = models.DateField("ngày hoàn thành", null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "mốc lộ trình"
        verbose_name_plural = "mốc lộ trình"
        ordering = ["case", "due_on", "pk"]

    def __str__(self) -> str:
        return f"{self.title} ({self.due_on:%d/%m/%Y})"

    def clean(self) -> None:
        refuse_future_dates(self, "done_on")


class CaseEntry(models.Model):
    """What happened in a case, on a day: its timeline."""

    case = models.ForeignKey(ComplexCase, on_delete=models.CASCADE, related_name="entries")
    happened_on = models.DateField("ngày")
    text = models.TextField("diễn biến, việc đã làm")
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    recorded_at = models.DateTimeField("ghi lúc", auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "diễn biến vụ việc"
        verbose_name_plural = "diễn biến vụ việc"
        ordering = ["case", "-happened_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.happened_on:%d/%m/%Y}: {self.text[:60]}"

    def clean(self) -> None:
        refuse_future_dates(self, "happened_on")


class CaseFile(EvidenceFile):
    entry = models.ForeignKey(CaseEntry, on_delete=models.CASCADE, related_name="files")

    folder = "cases"
    history = HistoricalRecords()

    class Meta(EvidenceFile.Meta):
        verbose_name = "tệp của vụ việc"
        verbose_name_plural = "tệp của vụ việc"


class SenderKind(models.TextChoices):
    CITIZEN = "citizen", "Công dân"
    GROUP = "group", "Nhóm công dân"
    ORGANIZATION = "organization", "Cơ quan, tổ chức"
    ANONYMOUS = "anonymous", "Đơn không ký tên"


class CaseLetter(models.Model):
    """A letter (đơn thư) of a case. The sender's name is shown to the Party office, the Board,
    Inspection and the Standing Committee only, never to a unit's secretary."""

    case = models.ForeignKey(ComplexCase, on_delete=models.CASCADE, related_name="letters")
    received_on = models.DateField("ngày nhận")
    sender_kind = models.CharField("người gửi là", max_length=15, choices=SenderKind.choices)
    sender_name = models.CharField("họ tên, địa chỉ người gửi", max_length=300, blank=True)
    content = models.TextField("nội dung đơn")
    sent_to = models.CharField("chuyển đến, giao xử lý", max_length=300, blank=True)
    replied_on = models.DateField("ngày trả lời", null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "đơn thư"
        verbose_name_plural = "đơn thư"
        ordering = ["case", "received_on", "pk"]

    def __str__(self) -> str:
        return f"{self.get_sender_kind_display()} – {self.received_on:%d/%m/%Y}"

    def clean(self) -> None:
        refuse_future_dates(self, "received_on", "replied_on")
