"""A person's secret calendar address: made once, renewed to revoke the old one."""

from organizations.types import Actor

from ..models import CalendarFeed
from ..models.calendar import new_token


def feed_for(*, user: Actor) -> CalendarFeed:
    feed, _ = CalendarFeed.objects.get_or_create(user=user)
    return feed


def feed_renew(*, user: Actor) -> CalendarFeed:
    feed = feed_for(user=user)
    feed.token = new_token()
    feed.save(update_fields=["token", "created_at"])
    return feed
