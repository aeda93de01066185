from django.urls import path

from .views import (
    activity,
    cadres,
    calendar,
    discussion,
    files,
    inspections,
    meetings,
    notices,
    plans,
    quarterly,
    registers,
    reviews,
    search,
)

app_name = "consolidation"

urlpatterns = [
    # reviews
    path("ra-soat/", reviews.round_list, name="round_list"),
    path("ra-soat/mo-dot/", reviews.round_create, name="round_create"),
    path("ra-soat/<int:pk>/", reviews.round_board_view, name="round_board"),
    path("ra-soat/<int:pk>/xac-nhan-nhieu/", reviews.round_confirm_many, name="round_confirm_many"),
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
    path("so-theo-doi/vu-viec/<int:pk>/", registers.case_detail, name="case_detail"),
    path("so-theo-doi/vu-viec/<int:pk>/sua/", registers.case_form, name="case_edit"),
    path("so-theo-doi/vu-viec/tep/<int:pk>/", files.case_file, name="case_file"),
]

urlpatterns += [
    path("bao-cao-quy/", quarterly.quarterly_home, name="quarterly_home"),
    path("bao-cao-quy/lich/", quarterly.quarter_list, name="quarter_list"),
    path("bao-cao-quy/tiep-nhan-nhieu/", quarterly.updates_accept_many, name="updates_accept_many"),
    path("bao-cao-quy/nhac-viec/", quarterly.units_remind, name="units_remind"),
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

urlpatterns += [
    # cell meetings (seed 004)
    path("sinh-hoat/", meetings.meetings_home, name="meetings_home"),
    path("sinh-hoat/ghi/", meetings.meeting_add, name="meeting_add"),
    path("sinh-hoat/bang/", meetings.meeting_grid_view, name="meeting_grid"),
    path("sinh-hoat/<int:pk>/", meetings.meeting_detail, name="meeting_detail"),
    path("sinh-hoat/<int:pk>/sua/", meetings.meeting_edit, name="meeting_edit"),
    path("sinh-hoat/bien-ban/<int:pk>/", meetings.minutes_file, name="minutes_file"),
    path(
        "sinh-hoat/chuyen-de/<int:unit_pk>/",
        meetings.thematic_plan_edit,
        name="thematic_plan_edit",
    ),
    path("dang-uy-vien/", meetings.committee, name="committee"),
    path("dang-uy-vien/them/", meetings.committee_member_form, name="committee_member_add"),
    path("dang-uy-vien/<int:pk>/", meetings.committee_member_form, name="committee_member_edit"),
    # key cadres' evaluations (seed 003) and IT use (seed 000, III.2)
    path("danh-gia-can-bo/", cadres.cadre_evaluations, name="cadre_evaluations"),
    path(
        "danh-gia-can-bo/tep-mau/",
        cadres.cadre_evaluations_template,
        name="cadre_evaluations_template",
    ),
    path("danh-gia-can-bo/nhap/", cadres.cadre_evaluations_import, name="cadre_evaluations_import"),
    path("chuyen-doi-so/", cadres.digital_checklist, name="digital_checklist"),
    path("chuyen-doi-so/danh-muc/them/", cadres.digital_item_form, name="digital_item_add"),
    path("chuyen-doi-so/danh-muc/<int:pk>/", cadres.digital_item_form, name="digital_item_edit"),
]

urlpatterns += [
    # discussion
    path("trao-doi/tep/<int:pk>/", discussion.remark_file, name="remark_file"),
    path("trao-doi/<str:kind>/<int:pk>/", discussion.remark_post, name="remark_post"),
    path(
        "trao-doi/<str:kind>/<int:pk>/<int:remark_pk>/",
        discussion.remark_change,
        name="remark_change",
    ),
    path(
        "ke-hoach/<int:pk>/nhiem-vu/<int:task_pk>/trao-doi/",
        discussion.task_detail,
        name="task_detail",
    ),
    path("tim-kiem/", search.search_page, name="search"),
    path("lich/", calendar.calendar_page, name="calendar"),
    path("lich/dia-chi-moi/", calendar.calendar_feed_renew, name="calendar_feed_renew"),
    path("lich/ical/<str:token>.ics", calendar.calendar_feed, name="calendar_feed"),
    path("hoat-dong/", activity.activity_page, name="activity"),
    path("hoat-dong/don-vi/<int:pk>/", activity.unit_activity, name="unit_activity"),
    path("lich-su/<str:kind>/<int:pk>/", activity.record_history, name="record_history"),
    # the inbox
    path("thong-bao/", notices.inbox, name="inbox"),
    path("thong-bao/dem/", notices.bell, name="bell"),
    path("thong-bao/doc-het/", notices.notices_read_all, name="notices_read_all"),
    path("thong-bao/<int:pk>/", notices.notice_open, name="notice_open"),
    # inspection and supervision (UBKT), the people's feedback (MTTQ, đoàn thể)
    path("kiem-tra/", inspections.inspection_list, name="inspection_list"),
    path("kiem-tra/them/", inspections.inspection_add, name="inspection_add"),
    path("kiem-tra/chuong-trinh/", inspections.programme, name="inspection_programme"),
    path("kiem-tra/<int:pk>/", inspections.inspection_detail, name="inspection_detail"),
    path("kiem-tra/<int:pk>/sua/", inspections.inspection_edit, name="inspection_edit"),
    path("kiem-tra/tep/<int:pk>/", inspections.follow_up_file, name="follow_up_file"),
    path("y-kien-nhan-dan/", inspections.feedback_list, name="feedback_list"),
    path("y-kien-nhan-dan/them/", inspections.feedback_form, name="feedback_add"),
    path("y-kien-nhan-dan/<int:pk>/", inspections.feedback_form, name="feedback_edit"),
]
