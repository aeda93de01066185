"""What can be exported in the background, each kind with the parameters it takes, how its
title reads in «Tệp đã xuất», and how it is made, as the person who asked may see it."""

import datetime
from collections.abc import Callable
from dataclasses import dataclass

from consolidation.models import parse_quarter_code
from consolidation.models.quarters import quarter_label
from organizations.access import can_export_registry, ward_for
from organizations.registry_io.export import export_xlsx, registry_filename
from organizations.selectors import units_visible_to
from organizations.types import Viewer

from ..chosen import build_document, missing_choice
from ..dashboard.board import dashboard
from ..dashboard.meeting import meeting_document
from ..dashboard.scope import scope_for
from ..renderers import CONTENT_TYPES, render_document
from ..renderers.pdf import render_pdf

Progress = Callable[[int], None]


@dataclass(frozen=True)
class Made:
    content: bytes
    filename: str
    content_type: str


@dataclass(frozen=True)
class Kind:
    name: str
    params: tuple[str, ...]  # the only parameters taken from a request
    title: Callable[[Viewer, dict[str, str]], str]
    make: Callable[[Viewer, dict[str, str], datetime.date, Progress], Made]


class ExportRefused(Exception):
    """A request that cannot be made, with the reason in Vietnamese."""


FORM_NAMES = {"appendix1": "Phụ lục 1", "appendix2": "Phụ lục 2", "appendix3": "Phụ lục 3"}
FORMAT_NAMES = {"pdf": "PDF", "docx": "Word", "xlsx": "Excel"}


def _form_title(user: Viewer, params: dict[str, str]) -> str:
    form = FORM_NAMES.get(params.get("form", ""), "Biểu mẫu")
    fmt = FORMAT_NAMES.get(params.get("format", ""), "")
    missing = missing_choice(params)
    if missing:  # refused here, not queued to fail in the worker
        raise ExportRefused(missing)
    quarter = ""
    if params.get("form") != "appendix1":  # Phụ lục 2 and 3 have a valid quarter by now
        quarter = f" {quarter_label(*parse_quarter_code(params['quarter']))}"
    scope = ""
    if params.get("scope"):
        unit = units_visible_to(user).filter(pk=params["scope"]).values_list("name", flat=True)
        scope = f" – {unit.first() or ''}"
    return f"{form}{quarter}{scope} ({fmt})"


def _form_make(
    user: Viewer, params: dict[str, str], today: datetime.date, progress: Progress
) -> Made:
    fmt = params.get("format", "pdf")
    if fmt not in FORMAT_NAMES:
        raise ExportRefused("Không có định dạng này.")
    document, reason = build_document(user, params)
    if document is None:
        raise ExportRefused(reason)
    progress(20)
    content = (
        render_pdf(document, on_progress=lambda share: progress(20 + share * 75 // 100))
        if fmt == "pdf"
        else render_document(document, fmt)
    )
    return Made(content, f"{document.filename_stem}.{fmt}", CONTENT_TYPES[fmt])


def _meeting_title(user: Viewer, params: dict[str, str]) -> str:
    return f"Tổng quan cho cuộc họp – {_meeting_scope(user, params).label} (PDF)"


def _meeting_scope(user: Viewer, params: dict[str, str]):
    return scope_for(
        user,
        ward_for(user),
        bloc=params.get("bloc", ""),
        under_pk=params.get("under"),
        round_pk=params.get("dot"),
    )


def _meeting_make(
    user: Viewer, params: dict[str, str], today: datetime.date, progress: Progress
) -> Made:
    document = meeting_document(dashboard(user, _meeting_scope(user, params), today))
    progress(40)
    content = render_pdf(document, on_progress=lambda share: progress(40 + share * 55 // 100))
    return Made(content, f"{document.filename_stem}.pdf", CONTENT_TYPES["pdf"])


def _registry_title(user: Viewer, params: dict[str, str]) -> str:
    return f"Danh sách tổ chức – {ward_for(user).name} (Excel)"


def _registry_make(
    user: Viewer, params: dict[str, str], today: datetime.date, progress: Progress
) -> Made:
    if not can_export_registry(user):
        raise ExportRefused("Tài khoản này không được tải danh sách tổ chức.")
    ward = ward_for(user)
    content = export_xlsx(ward, units_visible_to(user))
    return Made(content, registry_filename(ward, today), CONTENT_TYPES["xlsx"])


KINDS = {
    kind.name: kind
    for kind in (
        Kind("form", ("form", "quarter", "scope", "plan", "format"), _form_title, _form_make),
        Kind("meeting", ("bloc", "under", "dot"), _meeting_title, _meeting_make),
        Kind("registry", (), _registry_title, _registry_make),
    )
}
