"""Before any view: a person given a temporary password chooses their own first; an account
of the Front stays on the people's feedback."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect
from django.urls import reverse

from .models import Role
from .selectors import membership_of

MUST_CHANGE_MESSAGE = (
    "Đồng chí đang dùng mật khẩu tạm do Ban Xây dựng Đảng cấp. Hãy đặt mật khẩu của riêng mình "
    "trước khi làm việc tiếp."
)


class PasswordChangeRequiredMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            membership = membership_of(user)
            if membership is not None and membership.must_change_password:
                allowed = {reverse("password_change"), reverse("logout"), reverse("healthz")}
                if request.path not in allowed:
                    if request.headers.get("HX-Request"):
                        # a fragment fetched after the page (the bell's count) gets nothing,
                        # not the password page swapped into it
                        return HttpResponse(status=204)
                    if request.method == "GET":
                        messages.warning(request, MUST_CHANGE_MESSAGE)
                    return redirect("password_change")
        return self.get_response(request)


# What an account of the Front and mass organizations may open: the people's feedback, its
# own account, signing out. Everything else is internal Party information.
FRONT_PREFIXES = (
    "/y-kien-nhan-dan/",
    "/thong-bao/",
    "/tai-khoan/cua-toi/",
    "/doi-mat-khau/",
    "/dang-xuat/",
)
FRONT_ONLY = "Tài khoản Mặt trận, đoàn thể chỉ dùng để ghi và theo dõi ý kiến của Nhân dân."


class FrontScopeMiddleware:
    """Keeps an account of the Front (Role.FRONT) to the feedback pages: its home is the
    feedback list, any other page is refused."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            membership = membership_of(user)
            if membership is not None and membership.role == Role.FRONT:
                if request.path == "/":
                    return redirect("consolidation:feedback_list")
                if not request.path.startswith(FRONT_PREFIXES) and request.path != reverse(
                    "healthz"
                ):
                    raise PermissionDenied(FRONT_ONLY)
        return self.get_response(request)
