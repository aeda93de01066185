from django.apps import AppConfig


class ConsolidationConfig(AppConfig):
    name = "consolidation"
    verbose_name = "Củng cố tổ chức cơ sở đảng"

    def ready(self):
        from organizations.panels import register_unit_panel

        from .panels import activity_panel, meetings_panel, oversight_panel, reviews_panel

        register_unit_panel(reviews_panel)
        register_unit_panel(meetings_panel)
        register_unit_panel(oversight_panel)
        register_unit_panel(activity_panel)
