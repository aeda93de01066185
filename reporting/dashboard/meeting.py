"""The dashboard printed for the Standing Committee's meeting, as a dated document."""

from ..appendices.common import profile_for, slug
from ..documents import (
    Block,
    Document,
    Figure,
    Heading,
    Letterhead,
    Paragraph,
    Table,
    place_date,
    short_date,
)
from .board import Dashboard
from .targets import Target


def _result(target: Target) -> str:
    if target.count is not None:
        return str(target.count)
    if target.ratio is not None:
        return f"{target.numerator}/{target.denominator} ({round(100 * target.ratio)} %)"
    return "–"


def meeting_document(board: Dashboard) -> Document:
    """The dashboard as a dated document for the Standing Committee's meeting, laid out and
    printed by the same machinery as the official forms."""

    profile = profile_for(board.scope.ward)
    blocks: list[Block] = [
        Heading("I. CÁC CHỈ TIÊU"),
        Table(
            columns=["STT", "Chỉ tiêu", "Kết quả", "Mục tiêu", "Đánh giá", "Ghi chú"],
            rows=[
                [str(i), t.title, _result(t), t.goal, t.status_label, t.note]
                for i, t in enumerate(board.targets, start=1)
            ],
            widths=[7, 36, 14, 9, 12, 22],
            key="chi-tieu",
        ),
        Heading("II. CẢNH BÁO SỚM"),
        Table(
            columns=["STT", "Tổ chức", "Lý do"],
            rows=[
                [str(i), w.unit.name, "\n".join(f"- {r.text}" for r in w.reasons)]
                for i, w in enumerate(board.warnings, start=1)
            ],
            widths=[7, 30, 63],
            key="canh-bao",
            empty_text="Không có tổ chức nào cần cảnh báo.",
        ),
        Heading("III. BỨC TRANH CHUNG"),
    ]
    for index, chart in enumerate(board.charts, start=1):
        blocks.append(Heading(f"{index}. {chart.title}", level=2))
        blocks.append(Figure(str(chart.svg)))
        if chart.note:
            blocks.append(Paragraph(chart.note, style="italic"))
        if chart.table_columns:
            blocks.append(
                Table(
                    columns=chart.table_columns,
                    rows=[[str(c) for c in row] for row in chart.table_rows],
                    key=chart.key,
                    empty_text="Không có.",
                )
            )
        else:
            blocks.append(
                Table(
                    columns=chart.header,
                    rows=[[s.label, str(s.value)] for s in chart.slices],
                    widths=[70, 30],
                    key=chart.key,
                    empty_text="Không có.",
                )
            )
    return Document(
        kind="dashboard",
        letterhead=Letterhead(
            profile.superior_body, profile.issuing_body, place_date(profile.place, board.today)
        ),
        label="",
        title=["TÌNH HÌNH CỦNG CỐ TỔ CHỨC CƠ SỞ ĐẢNG YẾU KÉM"],
        subtitle=f"(Số liệu đến ngày {short_date(board.today)} – {board.scope.label})",
        blocks=blocks,
        show_label=False,
        filename_stem=f"tong-quan_{board.today:%Y-%m-%d}_{slug(board.scope.label)}",
    )
