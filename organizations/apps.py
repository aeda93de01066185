from django.apps import AppConfig


class OrganizationsConfig(AppConfig):
    name = "organizations"
    verbose_name = "Tổ chức đảng"

    def ready(self) -> None:
        from config import ids  # noqa: F401 – registers the overflow-safe id__in lookup

        from . import search  # noqa: F401 – registers the SQLite fold function
