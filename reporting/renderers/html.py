from pathlib import Path

from django.conf import settings
from django.template.loader import render_to_string
from django.templatetags.static import static
from django.urls import reverse

from ..documents import Document

FONTS = Path(settings.BASE_DIR) / "static" / "fonts"
CSS = Path(settings.BASE_DIR) / "static" / "css" / "document.css"
# The printed page's margins in mm, top, right, bottom, left (Hướng dẫn 36-HD/VPTW): the
# browser's print (page_style.html) and the PDF (reporting.renderers.pdf).
MARGINS_MM = (20, 15, 20, 30)
MARGIN_CSS = " ".join(f"{m}mm" for m in MARGINS_MM)


def render_html(document: Document) -> str:
    """The document's body, for the preview inside the app's pages."""
    return render_to_string("reporting/includes/document_body.html", {"doc": document})


def render_browser_html(document: Document) -> str:
    """The printable page as the site serves it to a browser: the same page as the PDF's,
    its styles linked from the site (the Content-Security-Policy allows no inline style)."""
    orientation = "landscape" if document.landscape else "portrait"
    return render_to_string(
        "reporting/document_print.html",
        {
            "doc": document,
            "stylesheets": [
                reverse("reporting:page_style", args=[orientation]),
                static("css/document.css"),
            ],
        },
    )


def render_standalone_html(document: Document) -> str:
    """The printable page as one file (styles inline, the shipped fonts by path), for
    `export_report --format html`."""
    return render_print_html(document, font_base=FONTS.as_uri() + "/")


def render_page_style(*, landscape: bool) -> str:
    """The printed page's CSS (A4, margins, the shipped font, page numbers) for a browser."""
    return render_to_string(
        "reporting/includes/page_style.html",
        {
            "doc": {"landscape": landscape},
            "font_base": static("fonts/"),
            "page_numbers": True,
            "margin": MARGIN_CSS,
        },
    )


def render_print_html(document: Document, font_base: str) -> str:
    """A standalone page (A4, the Party layout, page numbers, styles inline)."""
    return render_to_string(
        "reporting/document_print.html",
        {
            "doc": document,
            "css": CSS.read_text(encoding="utf-8"),
            "font_base": font_base,
            "page_numbers": True,
            "margin": MARGIN_CSS,
        },
    )
