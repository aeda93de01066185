"""Optimistic locking: a record carries a `version`; a save from a stale form is refused
with a message saying who saved in between, and the person's input stays on the screen."""

from django.utils import timezone

from .selectors import display_name

ERROR_CONFLICT = (
    "Thông tin này vừa được {who} sửa lúc {when}, sau khi đồng chí mở trang. "
    "Những gì đồng chí nhập vẫn được giữ bên dưới; hãy xem lại các mục đã thay đổi rồi lưu lại."
)


class EditConflict(Exception):
    """Someone saved the same record after this person opened it."""

    def __init__(self, current, changed_fields: list[str] | None = None):
        self.current = current
        self.changed_fields = changed_fields or []
        last = current.history.first() if hasattr(current, "history") else None
        who, when = "người khác", "vừa rồi"
        if last is not None:
            if last.history_user is not None:
                who = display_name(last.history_user)
            when = f"{timezone.localtime(last.history_date):%H:%M %d/%m/%Y}"
        super().__init__(ERROR_CONFLICT.format(who=who, when=when))


def lock_current(model, pk: int, expected_version: int | None):
    """The row, locked for this transaction; EditConflict if its version moved on."""
    current = model.objects.select_for_update().get(pk=pk)
    if expected_version is not None and current.version != expected_version:
        raise EditConflict(current)
    return current
