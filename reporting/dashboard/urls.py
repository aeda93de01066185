from django.urls import path

from . import views

app_name = "dashboard"

urlpatterns = [
    path("", views.dashboard_page, name="index"),
    path("chi-tieu/<slug:key>/", views.target_detail, name="target"),
    path("canh-bao/", views.warnings_page, name="warnings"),
    path("in/", views.dashboard_print, name="print"),
]
