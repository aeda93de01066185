"""A person given a temporary password chooses their own before they can do anything else."""

from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse

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
                    if request.method == "GET":
                        messages.warning(request, MUST_CHANGE_MESSAGE)
                    return redirect("password_change")
        return self.get_response(request)
