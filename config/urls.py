from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from organizations.forms import PasswordChangeForm
from organizations.views import LoginView

from . import views

admin.site.site_header = "Quản trị dữ liệu – Củng cố TCCSĐ"
admin.site.site_title = "Quản trị dữ liệu"

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("dang-nhap/", LoginView.as_view(), name="login"),
    path("dang-xuat/", auth_views.LogoutView.as_view(), name="logout"),
    path(
        "doi-mat-khau/",
        auth_views.PasswordChangeView.as_view(
            template_name="registration/password_change.html", form_class=PasswordChangeForm
        ),
        name="password_change",
    ),
    path(
        "doi-mat-khau/xong/",
        auth_views.PasswordChangeDoneView.as_view(
            template_name="registration/password_change_done.html"
        ),
        name="password_change_done",
    ),
    path("don-vi/", include("organizations.urls")),
    path("", include("consolidation.urls")),
    path("bao-cao/", include("reporting.urls")),
    path("tong-quan/", include("reporting.dashboard_urls")),
    path("admin/", admin.site.urls),
]
