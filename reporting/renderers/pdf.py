"""PDF through WeasyPrint, with Liberation Serif (a metric twin of Times New Roman with full
Vietnamese) embedded from static/fonts, so the PDF looks the same on every machine.

A long document (a city's roll-up of 2,000 rows) is laid out in parts, one per processor: the
first part has the letterhead, the last the signature, a table cut between two parts repeats
its headers, and the pages are joined and numbered n/N afterwards. WeasyPrint lays out about
a hundred rows a second in one process, so this is what brings such a roll-up within its
budget; the one trace of it is that the page before each cut ends where its rows end."""

import dataclasses
import io
import multiprocessing
import os
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool

from django.conf import settings
from django.template.loader import render_to_string
from pypdf import PdfReader, PdfWriter

from ..documents import Document, split_blocks
from ..pdf_worker import write_pdf
from .html import FONTS, render_print_html

FONT_BASE = FONTS.as_uri() + "/"
BASE_URL = str(FONTS)
# A part of fewer rows and blocks than this is quicker done here than in a new process.
SMALLEST_PART = 300
# From this size on a PDF takes WeasyPrint several seconds even in parts: the page says so.
LONG = 2 * SMALLEST_PART


def render_pdf(
    document: Document,
    processes: int | None = None,
    smallest_part: int = SMALLEST_PART,
    on_progress: Callable[[int], None] | None = None,
) -> bytes:
    """`processes` defaults to the REPORT_PDF_PROCESSES setting (0: one per processor, at
    most four); 1 lays every document out in this process. `on_progress(percent)` is told
    as each part is laid out (an export's progress page)."""
    if processes is None:
        processes = settings.REPORT_PDF_PROCESSES or min(os.cpu_count() or 1, 4)
    parts = min(processes, document.size // smallest_part)
    told = on_progress or (lambda percent: None)
    if parts < 2 or multiprocessing.current_process().daemon:  # a daemon may not have children
        pdf = _in_one_piece(document)
        told(100)
        return pdf
    runs = split_blocks(document.blocks, parts)

    def part(i: int) -> str:
        return render_print_html(
            dataclasses.replace(document, blocks=runs[i]),
            font_base=FONT_BASE,
            continued=i > 0,
            unfinished=i < len(runs) - 1,
            page_numbers=False,
        )

    try:
        with ProcessPoolExecutor(
            max_workers=len(runs) - 1, mp_context=multiprocessing.get_context("spawn")
        ) as pool:
            later = [pool.submit(write_pdf, part(i), BASE_URL) for i in range(1, len(runs))]
            pdfs = [write_pdf(part(0), BASE_URL)]
            told(90 // len(runs))
            for done, future in enumerate(later, start=2):
                pdfs.append(future.result())
                told(90 * done // len(runs))
    except (BrokenProcessPool, OSError):  # no processes to be had here: this one does it all
        pdf = _in_one_piece(document)
        told(100)
        return pdf
    joined = _join_and_number(document, pdfs)
    told(100)
    return joined


def _in_one_piece(document: Document) -> bytes:
    return write_pdf(render_print_html(document, font_base=FONT_BASE), BASE_URL)


def _join_and_number(document: Document, pdfs: list[bytes]) -> bytes:
    """The parts' pages in order, each stamped with "n/N" where the page's own margin box
    would have put it (a page of the same size, margins and font, drawn by WeasyPrint)."""
    writer = PdfWriter()
    for pdf in pdfs:
        writer.append(PdfReader(io.BytesIO(pdf)))
    numbers = render_to_string(
        "reporting/page_numbers.html",
        {"doc": document, "font_base": FONT_BASE, "pages": range(len(writer.pages))},
    )
    stamps = PdfReader(io.BytesIO(write_pdf(numbers, BASE_URL))).pages
    for page, stamp in zip(writer.pages, stamps, strict=True):
        page.merge_page(stamp)
        page.compress_content_streams()
    writer.add_metadata({"/Title": f"{document.label} – {document.title[0]}"})
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()
