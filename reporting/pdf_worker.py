"""HTML to PDF with WeasyPrint, importable without Django: a long document's parts are laid
out here in worker processes (see reporting.renderers.pdf), as well as in the app's own."""

from weasyprint import HTML


def write_pdf(html: str, base_url: str) -> bytes:
    return HTML(string=html, base_url=base_url).write_pdf()
