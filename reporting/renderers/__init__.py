"""Renderers lay a Document out in one format; they never query the database."""

from collections.abc import Callable

from ..documents import Document
from .docx import render_docx
from .html import render_browser_html, render_html, render_standalone_html
from .pdf import render_pdf
from .xlsx import render_xlsx

CONTENT_TYPES = {
    "html": "text/html; charset=utf-8",
    "pdf": "application/pdf",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}
RENDERERS: dict[str, Callable[[Document], str | bytes]] = {
    "html": render_standalone_html,
    "pdf": render_pdf,
    "xlsx": render_xlsx,
    "docx": render_docx,
}


def render_document(document: Document, fmt: str) -> bytes:
    result = RENDERERS[fmt](document)
    return result.encode("utf-8") if isinstance(result, str) else result


__all__ = [
    "CONTENT_TYPES",
    "RENDERERS",
    "render_browser_html",
    "render_document",
    "render_docx",
    "render_html",
    "render_pdf",
    "render_xlsx",
]
