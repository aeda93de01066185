"""Discussion on what people work on (tasks, quarterly reports, reviews, cases,
inspections): remarks threaded one level, with files and @mentions; a remark is edited only
by its author within EDIT_WINDOW and never deleted — hiding one keeps it and its history."""

import datetime

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from organizations.models import Unit

from .evidence import EvidenceFile

EDIT_WINDOW = datetime.timedelta(minutes=15)


class Remark(models.Model):
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    object_id = models.PositiveBigIntegerField()
    target = GenericForeignKey("content_type", "object_id")
    # The unit the discussed object belongs to: the activity of a unit, and its scope.
    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="+")
    parent = models.ForeignKey(
        "self", on_delete=models.CASCADE, null=True, blank=True, related_name="replies"
    )
    text = models.TextField("nội dung")
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField("lúc", auto_now_add=True)
    edited_at = models.DateTimeField("sửa lúc", null=True, blank=True)
    hidden = models.BooleanField("đã ẩn", default=False)
    hidden_reason = models.CharField("lý do ẩn", max_length=300, blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "ý kiến trao đổi"
        verbose_name_plural = "ý kiến trao đổi"
        ordering = ["at", "pk"]
        indexes = [models.Index(fields=["content_type", "object_id"], name="remark_target")]
        constraints = [
            models.CheckConstraint(
                condition=Q(hidden=False) | ~Q(hidden_reason=""), name="remark_hidden_has_reason"
            )
        ]

    def __str__(self) -> str:
        return self.text[:60]

    def editable_until(self) -> datetime.datetime:
        return self.at + EDIT_WINDOW


class RemarkFile(EvidenceFile):
    remark = models.ForeignKey(Remark, on_delete=models.CASCADE, related_name="files")

    folder = "remarks"
    history = HistoricalRecords()

    class Meta(EvidenceFile.Meta):
        verbose_name = "tệp kèm ý kiến trao đổi"
        verbose_name_plural = "tệp kèm ý kiến trao đổi"
