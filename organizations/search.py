"""Accent-free, case-free matching in the database, for text not stored folded: Folded(expr)
is organizations.text.fold done by the database — translate() of every Vietnamese letter to
its base on PostgreSQL (built in: no extension needed), the Python function itself on SQLite
(registered on each connection). Stored text is NFC (text.normalize_text), so each letter is
one code point. tests/organizations/test_search_fold.py holds the two to the same answers."""

import unicodedata
from typing import Any

from django.db.backends.signals import connection_created
from django.db.models import CharField, Func

from .text import fold

SQLITE_FUNCTION = "vn_fold"


def _letters() -> tuple[str, str]:
    """Every precomposed Latin letter fold() changes into one other letter: "Ắ" -> "a"."""
    sources, targets = [], []
    for code in [*range(0x00C0, 0x0250), *range(0x1E00, 0x1F00)]:
        char = chr(code)
        if unicodedata.category(char)[0] != "L":
            continue
        folded = fold(char)
        if len(folded) == 1 and folded != char:
            sources.append(char)
            targets.append(folded)
    for char in "ABCDEFGHIJKLMNOPQRSTUVWXYZ":  # lower() is ASCII-only under some locales
        sources.append(char)
        targets.append(char.lower())
    return "".join(sources), "".join(targets)


FROM_LETTERS, TO_LETTERS = _letters()


class Folded(Func):
    """fold(expression) in SQL, for `.filter(folded__contains=fold(word))`."""

    output_field = CharField()

    def as_sqlite(self, compiler: Any, connection: Any, **extra: Any) -> Any:
        return super().as_sql(compiler, connection, function=SQLITE_FUNCTION, **extra)

    def as_postgresql(self, compiler: Any, connection: Any, **extra: Any) -> Any:
        sql, params = compiler.compile(self.source_expressions[0])
        return f"translate({sql}, %s, %s)", (*params, FROM_LETTERS, TO_LETTERS)


def _register_on_sqlite(sender: Any, connection: Any, **kwargs: Any) -> None:
    if connection.vendor == "sqlite":
        connection.connection.create_function(SQLITE_FUNCTION, 1, fold, deterministic=True)


connection_created.connect(_register_on_sqlite, dispatch_uid="organizations.search.fold")
