"""The consolidation records in the admin (superusers, organizations.admin): read and exported
to Excel with the same resources as the lists' «Xuất Excel»; never written here, since every
write goes through the services and their rules."""

from django.contrib import admin
from django.http import HttpRequest
from import_export.admin import ExportMixin

from .models import Cadre, ComplexCase, Feedback, Inspection, Plan, Review, Task
from .resources import (
    CadreResource,
    CaseResource,
    FeedbackResource,
    InspectionResource,
    PlanResource,
    ReviewResource,
    TaskResource,
)


class ReadOnlyExportAdmin(ExportMixin, admin.ModelAdmin):
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return False


@admin.register(Plan)
class PlanAdmin(ReadOnlyExportAdmin):
    resource_classes = [PlanResource]
    list_display = ["title", "unit", "status"]
    list_filter = ["status", "kind"]
    list_select_related = ["unit"]


@admin.register(Review)
class ReviewAdmin(ReadOnlyExportAdmin):
    resource_classes = [ReviewResource]
    list_display = ["unit", "round", "state", "conclusion"]
    list_filter = ["state", "conclusion"]
    list_select_related = ["unit", "round"]


@admin.register(Task)
class TaskAdmin(ReadOnlyExportAdmin):
    resource_classes = [TaskResource]
    list_display = ["what", "plan", "status", "deadline"]
    list_filter = ["status"]
    list_select_related = ["plan"]


@admin.register(Cadre)
class CadreAdmin(ReadOnlyExportAdmin):
    resource_classes = [CadreResource]
    list_display = ["name", "position", "unit"]
    list_select_related = ["unit"]


@admin.register(ComplexCase)
class CaseAdmin(ReadOnlyExportAdmin):
    resource_classes = [CaseResource]
    list_display = ["description", "unit", "status", "urgent"]
    list_select_related = ["unit"]


@admin.register(Inspection)
class InspectionAdmin(ReadOnlyExportAdmin):
    resource_classes = [InspectionResource]
    list_display = ["subject", "kind", "starts_on", "state"]


@admin.register(Feedback)
class FeedbackAdmin(ReadOnlyExportAdmin):
    resource_classes = [FeedbackResource]
    list_display = ["received_on", "unit", "source"]
    list_select_related = ["unit"]
