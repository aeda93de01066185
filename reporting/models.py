"""What the official forms need beyond the data: the ward's letterhead and signature
(ReportProfile), and the free-text sections of each quarter's results report (Phụ lục 2).

Glossary: ReportProfile = thể thức văn bản của phường; ResultsReport = báo cáo kết quả
củng cố (Phụ lục 2) của một quý.
"""

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
