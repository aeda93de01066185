"""Uploaded files kept outside the web root: the abstract base every evidence kind extends."""

import uuid
from pathlib import Path

from django.conf import settings
from django.db import models
from django.utils import timezone


def evidence_path(instance: "EvidenceFile", filename: str) -> str:
    """Stored under a random name: the original name is kept in the database only."""
    suffix = Path(filename).suffix.lower()
    month = f"{timezone.localdate():%Y/%m}"
    return f"evidence/{instance.folder}/{month}/{uuid.uuid4().hex}{suffix}"


class EvidenceFile(models.Model):
    """An uploaded file (PDF, DOCX, XLSX, JPG, PNG) kept outside the web root."""

    file = models.FileField("tệp", upload_to=evidence_path, max_length=300)
    original_name = models.CharField("tên tệp", max_length=255)
    kind = models.CharField("loại tệp", max_length=10)
    size = models.PositiveIntegerField("dung lượng (byte)")
    # SHA-256 of the content: the same file attached again to the same record is kept once.
    digest = models.CharField("mã kiểm tra nội dung", max_length=64, blank=True, editable=False)
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
