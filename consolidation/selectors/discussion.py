"""A discussion as it is read: the top remarks in order, each with its replies and files."""

from django.contrib.contenttypes.models import ContentType
from django.db.models import Prefetch

from ..access import Discussed
from ..models import Remark


def thread(about: Discussed) -> list[Remark]:
    content_type = ContentType.objects.get_for_model(about.obj)
    return list(
        Remark.objects.filter(
            content_type=content_type, object_id=about.obj.pk, parent__isnull=True
        )
        .select_related("by")
        .prefetch_related(
            "files",
            Prefetch(
                "replies",
                queryset=Remark.objects.select_related("by").prefetch_related("files"),
            ),
        )
    )
