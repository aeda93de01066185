from django.urls import path

from .views import files, plans, quarterly, registers, reviews

app_name = "consolidation"

urlpatterns = [
    # reviews
    path("ra-soat/", reviews.round_list, name="round_list"),
    path("ra-soat/mo-dot/", reviews.round_create, name="round_create"),
    path("ra-soat/<int:pk>/", reviews.round_board_view, name="round_board"),
    path("ra-soat/<int:pk>/ket-thuc/", reviews.round_close, name="round_close"),
    path("ra-soat/danh-gia/<int:pk>/", reviews.review_detail, name="review_detail"),
    path("ra-soat/danh-gia/<int:pk>/sua/", reviews.review_edit, name="review_edit"),
    path("ra-soat/danh-gia/<int:pk>/mo-lai/", reviews.review_reopen, name="review_reopen"),
    path("ra-soat/danh-gia/<int:pk>/goi-y/", reviews.review_suggestion, name="review_suggestion"),
    path(
        "ra-soat/danh-gia/<int:pk>/cung-co/",
        reviews.review_consolidate,
        name="review_consolidate",
    ),
    path("ra-soat/minh-chung/<int:pk>/", files.review_evidence, name="review_evidence"),
    # plans
    path("ke-hoach/", plans.plans, name="plan_list"),
    path("ke-hoach/<int:pk>/", plans.plan_detail, name="plan_detail"),
    path("ke-hoach/<int:pk>/sua/", plans.plan_edit, name="plan_edit"),
    path("ke-hoach/<int:pk>/buoc/<int:number>/", plans.step_edit, name="step_edit"),
    path("ke-hoach/<int:pk>/buoc/<int:number>/mo-lai/", plans.step_reopen, name="step_reopen"),
    path("ke-hoach/<int:pk>/muc-tieu/them/", plans.objective_form, name="objective_add"),
    path(
        "ke-hoach/<int:pk>/muc-tieu/<int:objective_pk>/",
        plans.objective_form,
        name="objective_edit",
    ),
    path("ke-hoach/<int:pk>/nhiem-vu/them/", plans.task_form, name="task_add"),
    path("ke-hoach/<int:pk>/nhiem-vu/<int:task_pk>/", plans.task_form, name="task_edit"),
    path("ke-hoach/<int:pk>/lay-y-kien/", plans.consultation_add, name="consultation_add"),
    path("ke-hoach/<int:pk>/trinh/", plans.plan_submit, name="plan_submit"),
    path("ke-hoach/<int:pk>/phe-duyet/", plans.plan_approve, name="plan_approve"),
    path("ke-hoach/<int:pk>/tra-lai/", plans.plan_return, name="plan_return"),
    path("ke-hoach/<int:pk>/cong-nhan/", plans.plan_recognize, name="plan_recognize"),
    path(
        "ke-hoach/<int:pk>/thu-hoi-cong-nhan/",
        plans.plan_withdraw_recognition,
        name="plan_withdraw_recognition",
    ),
    path("ke-hoach/<int:pk>/gia-han/", plans.plan_extend, name="plan_extend"),
    path("ke-hoach/<int:pk>/danh-gia/", plans.evaluation_add, name="evaluation_add"),
    path("ke-hoach/<int:pk>/y-kien/", plans.comment_add, name="comment_add"),
    path("ke-hoach/tep/<int:pk>/", files.step_file, name="step_file"),
    # registers
    path("so-theo-doi/", registers.registers, name="registers"),
    path("so-theo-doi/can-bo/them/", registers.cadre_form, name="cadre_add"),
    path("so-theo-doi/can-bo/<int:pk>/", registers.cadre_form, name="cadre_edit"),
    path("so-theo-doi/vu-viec/them/", registers.case_form, name="case_add"),
    path("so-theo-doi/vu-viec/<int:pk>/", registers.case_form, name="case_edit"),
]

urlpatterns += [
    path("bao-cao-quy/", quarterly.quarterly_home, name="quarterly_home"),
    path("bao-cao-quy/lich/", quarterly.quarter_list, name="quarter_list"),
    path("bao-cao-quy/lich/<int:pk>/", quarterly.quarter_edit, name="quarter_edit"),
    path(
        "bao-cao-quy/ke-hoach/<int:plan_pk>/<str:code>/",
        quarterly.update_open,
        name="update_open",
    ),
    path("bao-cao-quy/cap-nhat/<int:pk>/", quarterly.update_detail, name="update_detail"),
    path("bao-cao-quy/cap-nhat/<int:pk>/sua/", quarterly.update_edit, name="update_edit"),
    path(
        "bao-cao-quy/cap-nhat/<int:pk>/luu-nhap/",
        quarterly.update_autosave,
        name="update_autosave",
    ),
    path(
        "bao-cao-quy/cap-nhat/<int:pk>/tiep-nhan/",
        quarterly.update_accept,
        name="update_accept",
    ),
    path(
        "bao-cao-quy/cap-nhat/<int:pk>/tra-lai/",
        quarterly.update_return,
        name="update_return",
    ),
    path("bao-cao-quy/cap-nhat/<int:pk>/mo-lai/", quarterly.update_reopen, name="update_reopen"),
    path("bao-cao-quy/tep/<int:pk>/", files.progress_file, name="progress_file"),
    path("bao-cao-quy/tep/<int:pk>/go/", files.progress_file_remove, name="progress_file_remove"),
]
