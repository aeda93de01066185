from django.urls import path

from . import views

app_name = "consolidation"

urlpatterns = [
    path("ra-soat/", views.round_list, name="round_list"),
    path("ra-soat/mo-dot/", views.round_create, name="round_create"),
    path("ra-soat/<int:pk>/", views.round_board_view, name="round_board"),
    path("ra-soat/<int:pk>/ket-thuc/", views.round_close, name="round_close"),
    path("ra-soat/danh-gia/<int:pk>/", views.review_detail, name="review_detail"),
    path("ra-soat/danh-gia/<int:pk>/sua/", views.review_edit, name="review_edit"),
    path("ra-soat/danh-gia/<int:pk>/mo-lai/", views.review_reopen, name="review_reopen"),
    path("ra-soat/danh-gia/<int:pk>/goi-y/", views.review_suggestion, name="review_suggestion"),
    path("ra-soat/danh-gia/<int:pk>/cung-co/", views.review_consolidate, name="review_consolidate"),
    path("ra-soat/minh-chung/<int:pk>/", views.review_evidence, name="review_evidence"),
]
