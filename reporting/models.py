"""What the official forms need beyond the data: the ward's letterhead and signature
(ReportProfile), and the free-text sections of each quarter's results report (Phụ lục 2).

Glossary: ReportProfile = thể thức văn bản của phường; ResultsReport = báo cáo kết quả
củng cố (Phụ lục 2) của một quý.
"""

import datetime
import uuid

from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords

from consolidation.models import Quarter
from organizations.models import Unit


class ReportProfile(models.Model):
    """The ward's letterhead and signature, as Hướng dẫn 36-HD/VPTW lays them out. Nothing
    of it is in code: a deployment names its own ward, issuer and signer."""

    ward = models.OneToOneField(
        Unit, verbose_name="đảng bộ phường", on_delete=models.CASCADE, related_name="report_profile"
    )
    superior_body = models.CharField(
        "cơ quan cấp trên (dòng 1 bên trái)",
        max_length=120,
        help_text="Ví dụ: ĐẢNG BỘ PHƯỜNG ĐỐNG ĐA",
    )
    issuing_body = models.CharField(
        "cơ quan ban hành (dòng 2 bên trái)",
        max_length=120,
        help_text="Ví dụ: ĐẢNG ỦY hoặc BAN THƯỜNG VỤ",
    )
    place = models.CharField("địa danh", max_length=60, help_text="Ví dụ: Đống Đa")
    signing_for = models.CharField("thẩm quyền ký", max_length=60, default="T/M BAN THƯỜNG VỤ")
    signer_title = models.CharField(
        "chức vụ người ký", max_length=120, default="PHÓ BÍ THƯ THƯỜNG TRỰC"
    )
    signer_name = models.CharField("họ tên người ký", max_length=120, blank=True)
    recipients = models.TextField(
        "nơi nhận",
        default="- Thường trực Thành ủy (để báo cáo),\n- Ban Tổ chức Thành ủy,\n- Ban Thường vụ Đảng ủy,\n- Lưu VPĐU, Ban XDĐ.",
    )

    version = models.PositiveIntegerField(default=1, editable=False)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "thể thức văn bản của phường"
        verbose_name_plural = "thể thức văn bản của phường"

    def __str__(self) -> str:
        return f"{self.superior_body} – {self.issuing_body}"


class ResultsReport(models.Model):
    """The free-text sections of a quarter's results report (Phụ lục 2), written by Board
    staff and kept with the quarter so that it can be reopened and reprinted."""

    quarter = models.OneToOneField(
        Quarter, verbose_name="quý", on_delete=models.CASCADE, related_name="results_report"
    )
    situation = models.TextField(
        "I. Đặc điểm tình hình: khái quát, thuận lợi, khó khăn", blank=True
    )
    leadership = models.TextField("II. Công tác lãnh đạo, chỉ đạo", blank=True)
    strengths = models.TextField("IV.1. Ưu điểm", blank=True)
    limitations = models.TextField("IV.2. Tồn tại, hạn chế, nguyên nhân", blank=True)
    direction = models.TextField("V. Phương hướng, nhiệm vụ", blank=True)
    proposals = models.TextField("VI. Kiến nghị, đề xuất", blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True
    )
    updated_at = models.DateTimeField("cập nhật lúc", auto_now=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "báo cáo kết quả củng cố (Phụ lục 2)"
        verbose_name_plural = "báo cáo kết quả củng cố (Phụ lục 2)"

    def __str__(self) -> str:
        return f"Phụ lục 2 – {self.quarter}"


class IssuedKind(models.TextChoices):
    APPENDIX2 = "appendix2", "Phụ lục 2 – Báo cáo kết quả củng cố"
    APPENDIX3 = "appendix3", "Phụ lục 3 – Tổng hợp tình hình củng cố"


class IssuedForm(models.Model):
    """A quarter's form as the ward sent it: its number, date and signer, and the files in
    every format frozen at that moment, so that reprinting it gives what was sent whatever
    changed since. Issuing again makes a replacement (bản thay thế); the earlier one stays."""

    ward = models.ForeignKey(
        Unit, verbose_name="đảng bộ phường", on_delete=models.CASCADE, related_name="issued_forms"
    )
    kind = models.CharField("biểu mẫu", max_length=12, choices=IssuedKind.choices)
    quarter = models.ForeignKey(
        Quarter, verbose_name="quý", on_delete=models.PROTECT, related_name="issued_forms"
    )
    number = models.CharField("số", max_length=40, help_text="Ví dụ: 12-BC/ĐU")
    issued_on = models.DateField("ngày ban hành")
    signer = models.CharField("người ký", max_length=120, blank=True)
    replaces = models.OneToOneField(
        "self",
        verbose_name="thay thế bản",
        on_delete=models.PROTECT,
        related_name="replaced_by",
        null=True,
        blank=True,
    )
    rows = models.JSONField("các dòng của bảng chính", default=list)
    pdf = models.BinaryField("PDF")
    xlsx = models.BinaryField("Excel")
    docx = models.BinaryField("Word")
    html = models.BinaryField("trang in")
    filename_stem = models.CharField(max_length=120)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField("ghi lúc", auto_now_add=True)

    # Who issued what and when; the frozen files themselves are never changed.
    history = HistoricalRecords(excluded_fields=["rows", "pdf", "xlsx", "docx", "html"])

    class Meta:
        verbose_name = "biểu mẫu đã ban hành"
        verbose_name_plural = "biểu mẫu đã ban hành"
        ordering = ["-issued_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.quarter} – Số {self.number}"

    def on_time(self) -> bool:
        """Sent by the ward's deadline (Phụ lục 3: before the 15th of the quarter's last
        month, Quarter.ward_deadline)."""
        return self.issued_on <= self.quarter.ward_deadline


class FiguresVersion(models.Model):
    """One counter, raised by every write that can change a figure (reporting.versions): the
    dashboard's cache and an export's reuse are keyed on it, so neither outlives a change."""

    version = models.PositiveBigIntegerField(default=0)

    class Meta:
        verbose_name = "phiên bản số liệu"
        verbose_name_plural = "phiên bản số liệu"

    def __str__(self) -> str:
        return str(self.version)


class ExportStatus(models.TextChoices):
    QUEUED = "queued", "Đang chờ"
    RUNNING = "running", "Đang tạo tệp"
    DONE = "done", "Đã xong"
    FAILED = "failed", "Không tạo được"


class ExportJob(models.Model):
    """A file asked for and made in the background (Tệp đã xuất): a city's roll-up, the
    registry at scale, the meeting's PDF. It belongs to the person who asked; the same ask
    while one is under way joins it, and a finished one is reused while the figures it was
    made from (`fingerprint`) stand."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    kind = models.CharField("loại", max_length=20)
    params = models.JSONField("tham số", default=dict)
    key = models.CharField(max_length=64, db_index=True)
    title = models.CharField("tệp", max_length=240)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="người yêu cầu",
        on_delete=models.CASCADE,
        related_name="export_jobs",
    )
    status = models.CharField(
        "trạng thái", max_length=10, choices=ExportStatus.choices, default=ExportStatus.QUEUED
    )
    progress = models.PositiveSmallIntegerField("tiến độ (%)", default=0)
    error = models.TextField("lý do", blank=True)
    fingerprint = models.CharField(max_length=80, blank=True)
    filename = models.CharField(max_length=200, blank=True)
    content_type = models.CharField(max_length=100, blank=True)
    content = models.BinaryField("tệp", null=True, editable=False)
    size = models.PositiveIntegerField("dung lượng (byte)", default=0)
    created_at = models.DateTimeField("yêu cầu lúc", auto_now_add=True)
    started_at = models.DateTimeField("bắt đầu lúc", null=True)
    finished_at = models.DateTimeField("xong lúc", null=True)

    class Meta:
        verbose_name = "tệp đã xuất"
        verbose_name_plural = "tệp đã xuất"
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["key"],
                condition=models.Q(status__in=["queued", "running"]),
                name="one_export_under_way_per_request",
            )
        ]

    def __str__(self) -> str:
        return self.title

    def stalled(self, now: datetime.datetime) -> bool:
        """Under way for longer than any export takes: no worker is running it."""
        limit = datetime.timedelta(minutes=settings.EXPORT_STALE_MINUTES)
        return self.status in (ExportStatus.QUEUED, ExportStatus.RUNNING) and (
            self.created_at < now - limit
        )
