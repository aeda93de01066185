"""A long PDF (a roll-up of many rows) reads as one document: the letterhead once, the table's
headers over every page, every row once and in order, the signature at the end, "n/N" under
each page, and no font but the shipped one."""

import dataclasses
import datetime
import io
import re

import pytest
from pypdf import PdfReader

from reporting.appendices.appendix3 import appendix3
from reporting.renderers.pdf import render_pdf

TODAY = datetime.date(2026, 12, 5)


@pytest.fixture
def long_p3(board_user, ward, q4, sample):
    """The sample ward's Phụ lục 3 grown to 60 rows (a dozen pages), each unit named once."""
    document = appendix3(user=board_user, scope=ward, quarter=q4, today=TODAY)
    table = document.tables[0]
    rows = [
        [str(i + 1), f"Chi bộ Tổ dân phố số {i + 1}", *table.rows[i % len(table.rows)][2:]]
        for i in range(60)
    ]
    return dataclasses.replace(document, blocks=[dataclasses.replace(table, rows=rows)])


def page_texts(data: bytes) -> list[str]:
    return [re.sub(r"\s+", " ", page.extract_text()) for page in PdfReader(io.BytesIO(data)).pages]


def test_a_long_pdf_reads_as_one_document(long_p3):
    names = [row[1] for row in long_p3.tables[0].rows]

    data = render_pdf(long_p3)
    reader = PdfReader(io.BytesIO(data))
    pages = page_texts(data)

    assert reader.metadata.title == f"PHỤ LỤC 3 – {long_p3.title[0]}"
    assert len(pages) >= 5
    for number, text in enumerate(pages, start=1):
        assert text.rstrip().endswith(f"{number}/{len(pages)}"), text[-40:]
        # the headers and numbering once on every page, never again below its first rows
        assert text.count("Tên TCCSĐ") == 1 and text.count("(8)") == 1, text
    assert sum("ĐẢNG CỘNG SẢN VIỆT NAM" in text for text in pages) == 1
    assert "ĐẢNG CỘNG SẢN VIỆT NAM" in pages[0] and "PHỤ LỤC 3" in pages[0]
    signer = long_p3.signature.for_line
    assert [signer in text for text in pages].index(True) == len(pages) - 1
    found = [name for text in pages for name in re.findall(r"Chi bộ Tổ dân phố số \d+", text)]
    assert found == names  # each row once, in order, across the pages
    fonts = {
        str(font.get_object()["/BaseFont"])
        for page in reader.pages
        for font in page["/Resources"]["/Font"].values()
    }
    assert fonts and all("LiberationSerif" in name for name in fonts), fonts


def test_the_progress_climbs_with_the_rows_laid_out(long_p3):
    told: list[int] = []

    render_pdf(long_p3, on_progress=told.append)

    assert told == sorted(told) and told[-1] == 100
    assert len(told) >= 5 and told[0] < 30  # a share per page, not only the end
