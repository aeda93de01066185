"""Record ids as they come in a query string or a form's ticked boxes. `str.isdigit()` is not
the test: it admits "²" and "①", which `int()` and the database then refuse with a server
error; and a long enough number overflows the database's integer (in a form's list of
choices too: IntegerFieldIn, registered when the organizations app is ready)."""

from typing import Any

from django.db.models import IntegerField
from django.db.models.lookups import In
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


@IntegerField.register_lookup
class IntegerFieldIn(In):
    """`id__in` leaves out the values no row can hold, as Django's own exact and range
    lookups on integers do (ticket #27397): a form's list of choices posted with an id past
    the database's integer made SQLite raise OverflowError (a server error) instead of the
    form's «not a valid choice»."""

    def process_rhs(self, compiler: Any, connection: Any) -> Any:
        if self.rhs_is_direct_value():
            low, high = connection.ops.integer_field_range(
                self.lhs.output_field.get_internal_type()
            )
            self.rhs = [
                value
                for value in self.rhs
                if not isinstance(value, int)
                or ((low is None or value >= low) and (high is None or value <= high))
            ]
        return super().process_rhs(compiler, connection)
