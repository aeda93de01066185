"""PDF through WeasyPrint, with Liberation Serif (a metric twin of Times New Roman with full
Vietnamese) embedded from static/fonts, so the PDF looks the same on every machine."""

from weasyprint import HTML

from .html import FONTS, render_print_html


def render_pdf(document) -> bytes:
    html = render_print_html(document, font_base=FONTS.as_uri() + "/")
    return HTML(string=html, base_url=str(FONTS)).write_pdf()
