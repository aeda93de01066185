"""The inbox: a notice for each person who must act on something (a plan to approve, a
report to accept, a plan or report returned, a task or recommendation falling due, a
mention). Notices are never edited; reading one marks it read."""

from django.conf import settings
from django.db import models
from django.db.models import Q

from organizations.models import Unit


class NoticeKind(models.TextChoices):
    PLAN_SUBMITTED = "plan_submitted", "Đề án, kế hoạch trình phê duyệt"
    PLAN_RETURNED = "plan_returned", "Đề án, kế hoạch bị trả lại"
    PLAN_APPROVED = "plan_approved", "Đề án, kế hoạch được phê duyệt"
    UPDATE_SUBMITTED = "update_submitted", "Báo cáo quý chờ tiếp nhận"
    UPDATE_RETURNED = "update_returned", "Báo cáo quý bị trả lại"
    UPDATE_ACCEPTED = "update_accepted", "Báo cáo quý được tiếp nhận"
    UPDATE_REOPENED = "update_reopened", "Báo cáo quý được mở lại"
    TASK_DUE = "task_due", "Nhiệm vụ sắp đến hạn, quá hạn"
    RECOMMENDATION_DUE = "recommendation_due", "Kiến nghị kiểm tra sắp đến hạn, quá hạn"
    MENTION = "mention", "Được nhắc tên trong trao đổi"
    REMINDER = "reminder", "Nhắc việc của Ban Xây dựng Đảng"


# Notices not read yet: the bell's count and the inbox's first filter.
UNREAD = Q(read_at__isnull=True)


class Notice(models.Model):
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notices"
    )
    kind = models.CharField("loại", max_length=20, choices=NoticeKind.choices)
    text = models.CharField("nội dung", max_length=300)
    url = models.CharField("đường dẫn", max_length=300)
    unit = models.ForeignKey(
        Unit, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    # A daily notice (a task falling due) is made once a day: "task:15:2026-12-06".
    key = models.CharField(max_length=80, blank=True)
    created_at = models.DateTimeField("lúc", auto_now_add=True)
    read_at = models.DateTimeField("đã đọc lúc", null=True, blank=True)

    class Meta:
        verbose_name = "thông báo"
        verbose_name_plural = "thông báo"
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["recipient", "read_at"], name="notice_recipient_read")]
        constraints = [
            models.UniqueConstraint(
                fields=["recipient", "key"], condition=~Q(key=""), name="notice_once_per_key"
            )
        ]

    def __str__(self) -> str:
        return self.text

    @property
    def is_unread(self) -> bool:
        """UNREAD for one notice in memory."""
        return self.read_at is None
