from django.urls import path

from .views import accounts, auth, registry

app_name = "organizations"

urlpatterns = [
    # the registry
    path("don-vi/", registry.unit_list, name="unit_list"),
    path("don-vi/them/", registry.unit_create, name="unit_create"),
    path("don-vi/giao-phu-trach/", registry.units_assign, name="units_assign"),
    path("don-vi/nhap-excel/", registry.unit_import, name="unit_import"),
    path("don-vi/nhap-excel/xac-nhan/", registry.unit_import_confirm, name="unit_import_confirm"),
    path("don-vi/xuat-excel/", registry.unit_export, name="unit_export"),
    path("don-vi/<int:pk>/", registry.unit_detail, name="unit_detail"),
    path("don-vi/<int:pk>/sua/", registry.unit_edit, name="unit_edit"),
    path("don-vi/<int:pk>/giai-the/", registry.unit_dissolve, name="unit_dissolve"),
    path("don-vi/<int:pk>/khoi-phuc/", registry.unit_restore, name="unit_restore"),
    path("don-vi/<int:pk>/so-lieu/", registry.figure_add, name="figure_add"),
    path("don-vi/<int:pk>/xep-loai/", registry.rating_add, name="rating_add"),
    path("don-vi/<int:pk>/ban-giao/", accounts.unit_handover, name="unit_handover"),
    # accounts, run by the Board
    path("tai-khoan/", accounts.account_list, name="account_list"),
    path("tai-khoan/them/", accounts.account_create, name="account_create"),
    path("tai-khoan/cua-toi/", auth.my_account, name="my_account"),
    path("tai-khoan/<int:pk>/", accounts.account_detail, name="account_detail"),
    path("tai-khoan/<int:pk>/sua/", accounts.account_edit, name="account_edit"),
    path(
        "tai-khoan/<int:pk>/cap-mat-khau/",
        accounts.account_reset_password,
        name="account_reset_password",
    ),
    path("tai-khoan/<int:pk>/khoa/", accounts.account_deactivate, name="account_deactivate"),
    path("tai-khoan/<int:pk>/mo-lai/", accounts.account_reactivate, name="account_reactivate"),
]
