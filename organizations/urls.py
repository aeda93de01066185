from django.urls import path

from . import views

app_name = "organizations"

urlpatterns = [
    path("", views.unit_list, name="unit_list"),
    path("them/", views.unit_create, name="unit_create"),
    path("nhap-excel/", views.unit_import, name="unit_import"),
    path("nhap-excel/xac-nhan/", views.unit_import_confirm, name="unit_import_confirm"),
    path("xuat-excel/", views.unit_export, name="unit_export"),
    path("<int:pk>/", views.unit_detail, name="unit_detail"),
    path("<int:pk>/sua/", views.unit_edit, name="unit_edit"),
    path("<int:pk>/giai-the/", views.unit_dissolve, name="unit_dissolve"),
    path("<int:pk>/khoi-phuc/", views.unit_restore, name="unit_restore"),
    path("<int:pk>/so-lieu/", views.figure_add, name="figure_add"),
    path("<int:pk>/xep-loai/", views.rating_add, name="rating_add"),
]
