"""PDF through WeasyPrint, with Liberation Serif (a metric twin of Times New Roman with full
Vietnamese) embedded from static/fonts, so the PDF looks the same on every machine.

A long document (a city's roll-up of 2,000 rows) is laid out in parts, one per processor: the
first part has the letterhead, the last the signature, a table cut between two parts repeats
its headers, and the pages are joined and numbered n/N afterwards, the numbers themselves laid
out in parts too. WeasyPrint lays out about a hundred rows a second in one process, so this
is what brings such a roll-up nearer its budget; the one trace of it is that the page before
each cut ends where its rows end, which is why a ward's form (a hundred rows or so) is still
laid out in one piece: the page before the cut could hold a single row.

The parts are laid out in processes forked from one server process that has imported
WeasyPrint already (multiprocessing's "forkserver"), so that a part costs no new interpreter
(~0.7 s): only the first PDF of a web or task worker pays for starting that server."""

import dataclasses
import io
import multiprocessing
import os
from collections.abc import Callable
from concurrent.futures import Executor, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool

from django.conf import settings
from django.template.loader import render_to_string
from pypdf import PageObject, PdfReader, PdfWriter

from ..documents import Document, split_blocks
from ..pdf_worker import write_pdf
from .html import FONTS, render_print_html

FONT_BASE = FONTS.as_uri() + "/"
BASE_URL = str(FONTS)
# No part has fewer rows and blocks than this (see above).
SMALLEST_PART = 300
# From this size on a PDF takes WeasyPrint several seconds even in parts: it is made in the
# background (reporting.views) and the page says so.
LONG = 600

_PROCESSES = multiprocessing.get_context("forkserver")
_PROCESSES.set_forkserver_preload(["weasyprint"])


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
        with ProcessPoolExecutor(max_workers=len(runs) - 1, mp_context=_PROCESSES) as pool:
            later = [pool.submit(write_pdf, part(i), BASE_URL) for i in range(1, len(runs))]
            readers = [_reader(write_pdf(part(0), BASE_URL))]
            told(85 // len(runs))
            for done, future in enumerate(later, start=2):
                readers.append(_reader(future.result()))
                told(85 * done // len(runs))
            pages = [page for reader in readers for page in reader.pages]
            numbers = _page_numbers(document, len(pages), pool, len(runs))
    except (BrokenProcessPool, OSError):  # no processes to be had here: this one does it all
        pdf = _in_one_piece(document)
        told(100)
        return pdf
    joined = _join(document, pages, numbers)
    told(100)
    return joined


def _in_one_piece(document: Document) -> bytes:
    return write_pdf(render_print_html(document, font_base=FONT_BASE), BASE_URL)


def _reader(pdf: bytes) -> PdfReader:
    return PdfReader(io.BytesIO(pdf))


def _page_numbers(document: Document, total: int, pool: Executor, shares: int) -> list[PageObject]:
    """Pages that hold only "n/N", where each page's own margin box would have put it (a page
    of the same size, margins and font, drawn by WeasyPrint), laid out in `shares` runs at
    once: WeasyPrint takes some milliseconds a page even for so little."""
    size = -(-total // shares)
    starts = range(1, total + 1, size)

    def run(first: int) -> str:
        return render_to_string(
            "reporting/page_numbers.html",
            {
                "doc": document,
                "font_base": FONT_BASE,
                "first": first,
                "total": total,
                "pages": range(first, min(first + size, total + 1)),
            },
        )

    later = [pool.submit(write_pdf, run(first), BASE_URL) for first in starts[1:]]
    numbers = list(_reader(write_pdf(run(starts[0]), BASE_URL)).pages)
    for future in later:
        numbers.extend(_reader(future.result()).pages)
    return numbers


def _join(document: Document, pages: list[PageObject], numbers: list[PageObject]) -> bytes:
    """The parts' pages in order, each with its number laid over it."""
    writer = PdfWriter()
    for page in pages:
        writer.add_page(page)
    for page, number in zip(writer.pages, numbers, strict=True):
        page.merge_page(number)
        page.compress_content_streams()
    writer.add_metadata({"/Title": f"{document.label} – {document.title[0]}"})
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()
