from django.conf import settings
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.shortcuts import render
from django.utils import timezone
from django.utils.decorators import method_decorator

from .forms import LoginForm


@method_decorator(login_not_required, name="dispatch")
class LoginView(auth_views.LoginView):
    form_class = LoginForm
    template_name = "registration/login.html"
    redirect_authenticated_user = True


def lockout(request, original_response=None, credentials=None):
    """django-axes lockout page: the login form again, saying when to try again."""
    from axes.models import AccessAttempt

    from config.client_ip import client_ip

    username = (credentials or {}).get("username") or request.POST.get("username", "")
    last = (
        AccessAttempt.objects.filter(username=username, ip_address=client_ip(request))
        .order_by("-attempt_time")
        .values_list("attempt_time", flat=True)
        .first()
    )
    until = (last or timezone.now()) + settings.AXES_COOLOFF_TIME
    minutes = max(1, int((until - timezone.now()).total_seconds() // 60) + 1)
    message = (
        f"Tài khoản «{username}» tạm bị khóa trên máy này vì đăng nhập sai "
        f"{settings.AXES_FAILURE_LIMIT} lần liên tiếp. Vui lòng thử lại sau "
        f"{timezone.localtime(until):%H:%M} (khoảng {minutes} phút nữa), hoặc liên hệ "
        "Ban Xây dựng Đảng để được hỗ trợ."
    )
    form = LoginForm(request, initial={"username": username})
    return render(
        request,
        "registration/login.html",
        {"form": form, "lockout_message": message},
        status=429,
    )
