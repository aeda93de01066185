from django.conf import settings
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from organizations.views.auth import LoginView, password_change

from . import views

admin.site.site_header = "Quản trị dữ liệu – Củng cố TCCSĐ"
admin.site.site_title = "Quản trị dữ liệu"

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("favicon.ico", views.favicon),
    path("dang-nhap/", LoginView.as_view(), name="login"),
    path("dang-xuat/", auth_views.LogoutView.as_view(), name="logout"),
    path("doi-mat-khau/", password_change, name="password_change"),
    path("", include("organizations.urls")),
    path("", include("consolidation.urls")),
    path("bao-cao/", include("reporting.urls")),
    path("tong-quan/", include("reporting.dashboard.urls")),
    path("tep-da-xuat/", include("reporting.exports.urls")),
    path(settings.ADMIN_URL, admin.site.urls),
]
