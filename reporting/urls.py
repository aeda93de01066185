from django.urls import path

from . import views

app_name = "reporting"

urlpatterns = [
    path("", views.reports, name="reports"),
    path("tai-ve/", views.download, name="download"),
    path("ban-hanh/", views.issue, name="issue"),
    path("ban-hanh/<int:pk>/<str:fmt>/", views.issued_download, name="issued_download"),
    path("kieu-trang/<str:orientation>.css", views.page_style, name="page_style"),
    path("phu-luc-2/<str:code>/", views.results_edit, name="results_edit"),
    path("the-thuc/", views.profile_edit, name="profile_edit"),
    path("nhap-phu-luc-3/", views.appendix3_upload, name="appendix3_upload"),
    path("nhap-phu-luc-3/xac-nhan/", views.appendix3_confirm, name="appendix3_confirm"),
]
