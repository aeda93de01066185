"""Record ids as they come in a query string or a form's ticked boxes. `str.isdigit()` is not
the test: it admits "²" and "①", which `int()` and the database then refuse with a server
error; and a long enough number overflows the database's integer."""

from django.http import QueryDict

BIGGEST = 2**63 - 1  # a BigAutoField's largest value


def as_id(value: object) -> int | None:
    """The id written in `value` (ASCII digits, within a big integer), else None."""
    text = str(value if value is not None else "")
    if not (text.isascii() and text.isdigit()):
        return None
    number = int(text)
    return number if number <= BIGGEST else None


def posted_ids(data: QueryDict, name: str) -> list[int]:
    """The ids ticked under `name`, in order; anything that is not an id is left out."""
    return [number for number in map(as_id, data.getlist(name)) if number is not None]
