"""The inbox: a person's notices, read or not, by kind; the bell's count, fetched after the
page so that no page pays for it."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.html import format_html
from django.views.decorators.http import require_POST

from config.paging import query_without

from ..models import UNREAD, Notice, NoticeKind
from ..services import notices as services

PAGE_SIZE = 30


def inbox(request):
    notices = Notice.objects.filter(recipient=request.user)
    only_unread = request.GET.get("chua_doc") == "1"
    if only_unread:
        notices = notices.filter(UNREAD)
    kind = request.GET.get("loai", "")
    if kind in NoticeKind.values:
        notices = notices.filter(kind=kind)
    page = Paginator(notices.order_by("-created_at", "-pk"), PAGE_SIZE).get_page(
        request.GET.get("trang")
    )
    return render(
        request,
        "consolidation/inbox.html",
        {
            "page": page,
            "query": query_without(request, "trang"),
            "kinds": NoticeKind.choices,
            "kind": kind,
            "only_unread": only_unread,
            "unread": Notice.objects.filter(UNREAD, recipient=request.user).count(),
        },
    )


def notice_open(request, pk: int):
    """Opening a notice marks it read and goes to what it is about."""
    notice = Notice.objects.filter(pk=pk, recipient=request.user).first()
    if notice is None:
        raise Http404("Không tìm thấy thông báo này.")
    services.notice_open(notice=notice, by=request.user)
    return redirect(notice.url)


@require_POST
def notices_read_all(request):
    count = services.notices_read_all(by=request.user)
    messages.success(request, f"Đã đánh dấu {count} thông báo là đã đọc.")
    return redirect("consolidation:inbox")


def bell(request):
    """The unread count for the shell's bell (htmx, after the page has loaded)."""
    count = Notice.objects.filter(UNREAD, recipient=request.user).count()
    if not count:
        return HttpResponse("")
    return HttpResponse(
        format_html(
            '<span class="badge rounded-pill text-bg-warning" id="bell-count">{}</span>'
            '<span class="visually-hidden"> thông báo chưa đọc</span>',
            count,
        )
    )
