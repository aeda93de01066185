from pathlib import Path

from django.conf import settings
from django.template.loader import render_to_string

FONTS = Path(settings.BASE_DIR) / "static" / "fonts"
CSS = Path(settings.BASE_DIR) / "static" / "css" / "document.css"


def render_html(document) -> str:
    """The document's body, for the preview inside the app's pages."""
    return render_to_string("reporting/includes/document_body.html", {"doc": document})


def render_print_html(
    document,
    font_base: str = "../static/fonts/",
    *,
    continued: bool = False,
    unfinished: bool = False,
    page_numbers: bool = True,
) -> str:
    """A standalone page (A4, the Party layout, page numbers) for printing and for PDF.

    A part of a longer PDF made in pieces is `continued` (no letterhead and title) or
    `unfinished` (no signature), and may leave its page numbers to be stamped later."""
    return render_to_string(
        "reporting/document_print.html",
        {
            "doc": document,
            "css": CSS.read_text(encoding="utf-8"),
            "font_base": font_base,
            "continued": continued,
            "unfinished": unfinished,
            "page_numbers": page_numbers,
        },
    )
