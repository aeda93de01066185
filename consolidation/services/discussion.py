"""Writes of a discussion: a remark (or a reply, one level), its files, the people it
mentions told in their inbox; an edit by its author within EDIT_WINDOW; hiding with a reason.
Nothing is deleted: the history keeps every version."""

import re
from collections.abc import Sequence
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from organizations.concurrency import lock_current
from organizations.history import record_as
from organizations.selectors import display_name
from organizations.text import normalize_line, normalize_text
from organizations.types import Actor

from ..access import Discussed, can_hide_remark, can_read_discussion
from ..files import store
from ..models import EDIT_WINDOW, NoticeKind, Remark, RemarkFile
from .notices import notify

TEXT_NEEDED = "Hãy viết nội dung ý kiến."
EDIT_AUTHOR_ONLY = "Chỉ người viết được sửa ý kiến của mình."
EDIT_TOO_LATE = "Ý kiến chỉ sửa được trong 15 phút sau khi gửi; hãy viết thêm một ý kiến mới."
HIDE_NOT_ALLOWED = "Chỉ người viết hoặc Ban Xây dựng Đảng được ẩn ý kiến."
HIDE_NEEDS_REASON = "Ghi lý do ẩn ý kiến."
PARENT_ELSEWHERE = "Ý kiến được trả lời không thuộc trao đổi này."

# "@bithu.kdc-07" – the characters of a username (organizations.text.normalize_username)
MENTION = re.compile(r"(?<![\w@])@([\w.\-]+[\w])")


def mentioned(text: str) -> set[str]:
    return {name.lower() for name in MENTION.findall(text)}


@transaction.atomic
def remark_add(
    *,
    about: Discussed,
    text: str,
    by: Actor,
    parent: Remark | None = None,
    uploads: Sequence[tuple[Any, str]] = (),
) -> Remark:
    """A remark on `about` (which the person may read: access.get_discussed_for_user), a
    reply to the top remark of `parent`'s thread; each person mentioned who may read the
    discussion is told."""
    text = normalize_text(text)
    if not text:
        raise ValidationError({"text": TEXT_NEEDED})
    content_type = ContentType.objects.get_for_model(about.obj)
    if parent is not None:
        if parent.content_type_id != content_type.pk or parent.object_id != about.obj.pk:
            raise ValidationError(PARENT_ELSEWHERE)
        parent = parent.parent or parent  # one level: a reply to a reply joins its thread
    remark = Remark(
        content_type=content_type,
        object_id=about.obj.pk,
        unit=about.unit,
        parent=parent,
        text=text,
        by=by,
    )
    remark.full_clean()
    record_as(remark, by)
    remark.save()
    store(RemarkFile, owner_field="remark", owner=remark, uploads=list(uploads), by=by)
    _tell_mentioned(remark, about, by)
    return remark


def _tell_mentioned(
    remark: Remark, about: Discussed, by: Actor, names: set[str] | None = None
) -> None:
    """Those of `names` (all the remark mentions, by default) who may read the discussion."""
    names = mentioned(remark.text) if names is None else names
    if not names:
        return
    people = [
        user
        for user in get_user_model().objects.filter(is_active=True, username__in=names)
        if can_read_discussion(user, about.kind, about.obj.pk)
    ]
    notify(
        recipients=people,
        kind=NoticeKind.MENTION,
        text=f"{display_name(by)} nhắc đến đồng chí trong trao đổi về {about.title}: "
        f"{remark.text[:150]}",
        url=f"{about.url}#remark-{remark.pk}",
        unit=about.unit,
        by=by,
    )


@transaction.atomic
def remark_edit(
    *, remark: Remark, about: Discussed, text: str, by: Actor, expected_version: int | None
) -> Remark:
    """The author corrects a remark within EDIT_WINDOW of sending it; newly mentioned people
    are told."""
    if remark.by_id != by.pk:
        raise PermissionDenied(EDIT_AUTHOR_ONLY)
    if timezone.now() > remark.at + EDIT_WINDOW:
        raise ValidationError(EDIT_TOO_LATE)
    current = lock_current(Remark, remark.pk, expected_version)
    text = normalize_text(text)
    if not text:
        raise ValidationError({"text": TEXT_NEEDED})
    before = mentioned(current.text)
    remark.text = text
    remark.edited_at = timezone.now()
    remark.version = current.version + 1
    remark.full_clean()
    record_as(remark, by)
    remark.save()
    _tell_mentioned(remark, about, by, names=mentioned(text) - before)
    return remark


@transaction.atomic
def remark_hide(*, remark: Remark, reason: str, by: Actor) -> Remark:
    if not can_hide_remark(by, remark):
        raise PermissionDenied(HIDE_NOT_ALLOWED)
    reason = normalize_line(reason)
    if not reason:
        raise ValidationError({"reason": HIDE_NEEDS_REASON})
    remark.hidden = True
    remark.hidden_reason = reason
    remark.version += 1
    record_as(remark, by)
    remark.save()
    return remark
