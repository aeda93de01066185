from django import template

from reporting.documents import Bullets, Figure, Heading, Paragraph, Table

register = template.Library()

KINDS = {
    Heading: "heading",
    Paragraph: "paragraph",
    Bullets: "bullets",
    Table: "table",
    Figure: "figure",
}


@register.filter
def block_kind(block) -> str:
    return KINDS.get(type(block), "")


@register.filter
def tall_rows(block: Table, landscape: bool) -> set[int]:
    return block.tall_rows(landscape=bool(landscape))
