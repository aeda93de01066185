"""A long PDF is laid out in parts by several processes and joined: nothing may show it but
the page that ends each part early."""

import dataclasses
import datetime
import io
import re

import pytest
from pypdf import PdfReader

from reporting.appendices.appendix3 import appendix3
from reporting.documents import Bullets, Heading, Paragraph, Table, split_blocks
from reporting.renderers.pdf import render_pdf

TODAY = datetime.date(2026, 12, 5)


def test_split_blocks_shares_out_the_rows_and_keeps_each_tables_headers():
    first = Table(["A", "B"], [[str(i), f"x{i}"] for i in range(10)], ["(1)", "(2)"], [1, 3], "t1")
    second = Table(["C"], [[f"y{i}"] for i in range(5)], key="t2")
    empty = Table(["D"], [], key="t3")
    blocks = [Heading("I. MỞ ĐẦU"), first, Paragraph("đoạn"), second, Bullets(["a"]), empty]

    runs = split_blocks(blocks, 3)

    assert len(runs) == 3 and [
        sum(len(b.rows) or 1 if isinstance(b, Table) else 1 for b in run) for run in runs
    ] == [6, 7, 6]
    joined = [b for run in runs for b in run]
    assert [b.rows for b in joined if isinstance(b, Table) and b.key == "t1"] == [
        first.rows[:5],
        first.rows[5:],
    ]
    assert [
        r for b in joined if isinstance(b, Table) and b.key == "t2" for r in b.rows
    ] == second.rows
    for part in (b for b in joined if isinstance(b, Table) and b.key == "t1"):
        assert (part.columns, part.numbering, part.widths) == (
            first.columns,
            first.numbering,
            first.widths,
        )
    assert [b for b in joined if not isinstance(b, Table)] == [blocks[0], blocks[2], blocks[4]]
    assert joined[-1] is empty
    assert len(first.rows) == 10  # the document itself is left as it was
    assert split_blocks(blocks, 100)[-1] == [empty] and len(split_blocks(blocks, 100)) == 18
    assert split_blocks(blocks, 100)[0] == [
        blocks[0],
        dataclasses.replace(first, rows=first.rows[:1]),
    ]


def test_a_heading_is_never_the_last_block_of_a_part():
    blocks = [Paragraph(str(i)) if i % 3 else Heading(str(i)) for i in range(30)]

    for parts in range(2, 12):
        runs = split_blocks(blocks, parts)
        assert [b for run in runs for b in run] == blocks
        assert not any(isinstance(run[-1], Heading) for run in runs)


@pytest.fixture
def long_p3(board_user, ward, q4, sample):
    """The sample ward's Phụ lục 3 grown to 60 rows, each unit named once."""
    document = appendix3(user=board_user, scope=ward, quarter=q4, today=TODAY)
    table = document.tables[0]
    rows = [
        [str(i + 1), f"Chi bộ Tổ dân phố số {i + 1}", *table.rows[i % len(table.rows)][2:]]
        for i in range(60)
    ]
    return dataclasses.replace(document, blocks=[dataclasses.replace(table, rows=rows)])


def page_texts(data: bytes) -> list[str]:
    return [re.sub(r"\s+", " ", page.extract_text()) for page in PdfReader(io.BytesIO(data)).pages]


def test_a_long_pdf_made_in_two_processes_reads_as_one_document(long_p3):
    names = [row[1] for row in long_p3.tables[0].rows]

    single = render_pdf(long_p3, processes=1)
    whole = page_texts(single)
    data = render_pdf(long_p3, processes=2, smallest_part=20)
    reader = PdfReader(io.BytesIO(data))
    parts = page_texts(data)

    assert "pypdf" in reader.metadata.producer  # joined here, not laid out in one piece
    assert reader.metadata.title == PdfReader(io.BytesIO(single)).metadata.title

    assert len(parts) in (len(whole), len(whole) + 1)  # at most the page that ends the first part
    for number, text in enumerate(parts, start=1):
        assert text.rstrip().endswith(f"{number}/{len(parts)}"), text[-40:]
        assert "Tên TCCSĐ" in text  # the table's headers on every page
    assert sum("ĐẢNG CỘNG SẢN VIỆT NAM" in text for text in parts) == 1
    assert "ĐẢNG CỘNG SẢN VIỆT NAM" in parts[0] and "PHỤ LỤC 3" in parts[0]
    signer = long_p3.signature.for_line
    assert [signer in text for text in parts].index(True) == len(parts) - 1
    found = [name for text in parts for name in re.findall(r"Chi bộ Tổ dân phố số \d+", text)]
    assert found == names  # each row once, in order, across the cut
    fonts = {
        str(font.get_object()["/BaseFont"])
        for page in reader.pages
        for font in page["/Resources"]["/Font"].values()
    }
    assert fonts and all("Liberation-Serif" in name for name in fonts), fonts
