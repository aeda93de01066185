"""A person's calendar feed: a secret address their phone's calendar subscribes to. Renewing
the token revokes the old address at once."""

import secrets

from django.conf import settings
from django.db import models


def new_token() -> str:
    return secrets.token_urlsafe(24)


class CalendarFeed(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feed"
    )
    token = models.CharField(max_length=64, unique=True, default=new_token)
    created_at = models.DateTimeField("tạo lúc", auto_now=True)

    class Meta:
        verbose_name = "địa chỉ lịch riêng"
        verbose_name_plural = "địa chỉ lịch riêng"

    def __str__(self) -> str:
        return f"Lịch của {self.user}"
