from django.urls import path

from . import plan_views, quarterly_views, views

app_name = "consolidation"

urlpatterns = [
    # reviews
    path("ra-soat/", views.round_list, name="round_list"),
    path("ra-soat/mo-dot/", views.round_create, name="round_create"),
    path("ra-soat/<int:pk>/", views.round_board_view, name="round_board"),
    path("ra-soat/<int:pk>/ket-thuc/", views.round_close, name="round_close"),
    path("ra-soat/danh-gia/<int:pk>/", views.review_detail, name="review_detail"),
    path("ra-soat/danh-gia/<int:pk>/sua/", views.review_edit, name="review_edit"),
    path("ra-soat/danh-gia/<int:pk>/mo-lai/", views.review_reopen, name="review_reopen"),
    path("ra-soat/danh-gia/<int:pk>/goi-y/", views.review_suggestion, name="review_suggestion"),
    path(
        "ra-soat/danh-gia/<int:pk>/cung-co/",
        plan_views.review_consolidate,
        name="review_consolidate",
    ),
    path("ra-soat/minh-chung/<int:pk>/", views.review_evidence, name="review_evidence"),
    # plans
    path("ke-hoach/", plan_views.plans, name="plan_list"),
    path("ke-hoach/<int:pk>/", plan_views.plan_detail, name="plan_detail"),
    path("ke-hoach/<int:pk>/sua/", plan_views.plan_edit, name="plan_edit"),
    path("ke-hoach/<int:pk>/buoc/<int:number>/", plan_views.step_edit, name="step_edit"),
    path("ke-hoach/<int:pk>/buoc/<int:number>/mo-lai/", plan_views.step_reopen, name="step_reopen"),
    path("ke-hoach/<int:pk>/muc-tieu/them/", plan_views.objective_form, name="objective_add"),
    path(
        "ke-hoach/<int:pk>/muc-tieu/<int:objective_pk>/",
        plan_views.objective_form,
        name="objective_edit",
    ),
    path("ke-hoach/<int:pk>/nhiem-vu/them/", plan_views.task_form, name="task_add"),
    path("ke-hoach/<int:pk>/nhiem-vu/<int:task_pk>/", plan_views.task_form, name="task_edit"),
    path("ke-hoach/<int:pk>/trinh/", plan_views.plan_submit, name="plan_submit"),
    path("ke-hoach/<int:pk>/phe-duyet/", plan_views.plan_approve, name="plan_approve"),
    path("ke-hoach/<int:pk>/tra-lai/", plan_views.plan_return, name="plan_return"),
    path("ke-hoach/<int:pk>/cong-nhan/", plan_views.plan_recognize, name="plan_recognize"),
    path("ke-hoach/<int:pk>/gia-han/", plan_views.plan_extend, name="plan_extend"),
    path("ke-hoach/<int:pk>/danh-gia/", plan_views.evaluation_add, name="evaluation_add"),
    path("ke-hoach/<int:pk>/y-kien/", plan_views.comment_add, name="comment_add"),
    path("ke-hoach/tep/<int:pk>/", plan_views.step_file, name="step_file"),
    # registers
    path("so-theo-doi/", plan_views.registers, name="registers"),
    path("so-theo-doi/can-bo/them/", plan_views.cadre_form, name="cadre_add"),
    path("so-theo-doi/can-bo/<int:pk>/", plan_views.cadre_form, name="cadre_edit"),
    path("so-theo-doi/vu-viec/them/", plan_views.case_form, name="case_add"),
    path("so-theo-doi/vu-viec/<int:pk>/", plan_views.case_form, name="case_edit"),
]

urlpatterns += [
    path("bao-cao-quy/", quarterly_views.quarterly_home, name="quarterly_home"),
    path("bao-cao-quy/lich/", quarterly_views.quarter_list, name="quarter_list"),
    path("bao-cao-quy/lich/<int:pk>/", quarterly_views.quarter_edit, name="quarter_edit"),
    path(
        "bao-cao-quy/ke-hoach/<int:plan_pk>/<str:code>/",
        quarterly_views.update_open,
        name="update_open",
    ),
    path("bao-cao-quy/cap-nhat/<int:pk>/", quarterly_views.update_detail, name="update_detail"),
    path("bao-cao-quy/cap-nhat/<int:pk>/sua/", quarterly_views.update_edit, name="update_edit"),
    path(
        "bao-cao-quy/cap-nhat/<int:pk>/luu-nhap/",
        quarterly_views.update_autosave,
        name="update_autosave",
    ),
    path(
        "bao-cao-quy/cap-nhat/<int:pk>/tiep-nhan/",
        quarterly_views.update_accept,
        name="update_accept",
    ),
    path(
        "bao-cao-quy/cap-nhat/<int:pk>/tra-lai/",
        quarterly_views.update_return,
        name="update_return",
    ),
    path(
        "bao-cao-quy/cap-nhat/<int:pk>/mo-lai/", quarterly_views.update_reopen, name="update_reopen"
    ),
    path("bao-cao-quy/tep/<int:pk>/", quarterly_views.progress_file, name="progress_file"),
]
