"""Logging in (with the lockout and the address throttle), changing one's own password, and a
person's own account page with their latest logins."""

from axes.models import AccessAttempt
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.decorators import method_decorator

from organizations.access import client_ip

from .. import login_guard
from ..forms.auth import LoginForm, PasswordChangeForm
from ..selectors import membership_of, recent_logins
from ..services import accounts


@method_decorator(login_not_required, name="dispatch")
class LoginView(auth_views.LoginView):
    form_class = LoginForm
    template_name = "registration/login.html"
    redirect_authenticated_user = True

    def form_valid(self, form):
        response = super().form_valid(form)
        login_guard.remember_device(self.request, response, form.get_user().username)
        return response


def lockout(request, original_response=None, credentials=None):
    """django-axes lockout page: the login form again, saying when to try again."""
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


def password_change(request):
    """The person's own new password; required before anything else after a reset."""
    membership = membership_of(request.user)
    forced = bool(membership and membership.must_change_password)
    form = PasswordChangeForm(request.user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        accounts.password_change(user=request.user, new_password=form.cleaned_data["new_password1"])
        update_session_auth_hash(request, request.user)
        messages.success(request, "Đã đổi mật khẩu. Lần sau đồng chí đăng nhập bằng mật khẩu mới.")
        return redirect("home" if forced else "organizations:my_account")
    return render(request, "registration/password_change.html", {"form": form, "forced": forced})


def my_account(request):
    """Who I am here, and when and from where my account logged in lately."""
    return render(
        request,
        "organizations/my_account.html",
        {"membership": membership_of(request.user), "logins": recent_logins(request.user)},
    )
