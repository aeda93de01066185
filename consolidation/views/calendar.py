"""The calendar of a person's obligations (month and list), and their iCal feed at a secret
address they can renew (the old one then answers 404)."""

import calendar as month_grid
import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from organizations.selectors import display_name

from ..ical import ical
from ..models import CalendarFeed
from ..selectors.calendar import obligations
from ..services.calendar import feed_for, feed_renew

LIST_DAYS = 90


def _month(request, today: datetime.date) -> datetime.date:
    try:
        year, month = (int(x) for x in request.GET.get("thang", "").split("-"))
        return datetime.date(year, month, 1)
    except ValueError:
        return today.replace(day=1)


def calendar_page(request):
    today = timezone.localdate()
    as_list = request.GET.get("xem") == "danh-sach"
    first = _month(request, today)
    if as_list:
        start, end = today, today + datetime.timedelta(days=LIST_DAYS)
    else:
        start = first
        end = first.replace(day=month_grid.monthrange(first.year, first.month)[1])
    items = obligations(request.user, start, end)
    by_day: dict[datetime.date, list] = {}
    for item in items:
        by_day.setdefault(item.day, []).append(item)
    weeks = [
        [(day, by_day.get(day, [])) for day in week]
        for week in month_grid.Calendar(firstweekday=0).monthdatescalendar(first.year, first.month)
    ]
    previous = (first - datetime.timedelta(days=1)).replace(day=1)
    following = (first + datetime.timedelta(days=32)).replace(day=1)
    feed = CalendarFeed.objects.filter(user=request.user).first()
    return render(
        request,
        "consolidation/calendar.html",
        {
            "items": items,
            "weeks": weeks,
            "first": first,
            "today": today,
            "as_list": as_list,
            "previous": previous,
            "following": following,
            "feed_url": request.build_absolute_uri(f"/lich/ical/{feed.token}.ics") if feed else "",
        },
    )


@require_POST
def calendar_feed_renew(request):
    """Make the person's secret feed address, or a new one that revokes the old."""
    had = CalendarFeed.objects.filter(user=request.user).exists()
    if had:
        feed_renew(user=request.user)
    else:
        feed_for(user=request.user)
    messages.success(
        request,
        "Đã tạo địa chỉ mới; địa chỉ cũ không dùng được nữa."
        if had
        else "Đã tạo địa chỉ lịch riêng của đồng chí.",
    )
    return redirect("consolidation:calendar")


@login_not_required
def calendar_feed(request, token: str):
    """The feed itself: no login (a phone's calendar has none), the secret address is the
    key; a renewed address's old token answers 404."""
    feed = CalendarFeed.objects.select_related("user").filter(token=token).first()
    if feed is None or not feed.user.is_active:
        raise Http404("Không có lịch ở địa chỉ này.")
    today = timezone.localdate()
    items = obligations(
        feed.user, today - datetime.timedelta(days=60), today + datetime.timedelta(days=400)
    )
    body = ical(items, host=request.get_host(), name=f"Củng cố TCCSĐ – {display_name(feed.user)}")
    return HttpResponse(body, content_type="text/calendar; charset=utf-8")
