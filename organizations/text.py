"""Vietnamese text: normalization for storage, folding for search, keys for sorting.

Text arrives from Windows keyboards (often decomposed, NFD), from Word (non-breaking
spaces, zero-width characters) and from old fonts (tone marks placed the old way). It is
stored as NFC, searched in a folded form that ignores accents, case and tone placement,
and sorted by a key that follows the CLDR "vi" collation with numbers in numeric order.
"""

import re
import unicodedata

# "Ð" (U+00D0, Icelandic eth) looks like "Đ" (U+0110) and slips in from some fonts and
# keyboards; in a Vietnamese name it is always meant as "Đ".
_LOOKALIKES = str.maketrans({"\u00d0": "\u0110", "\u00f0": "\u0111"})
_INVISIBLE = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad]")
_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200a\u202f\u205f\u3000]+")


def normalize_text(value: str | None) -> str:
    """NFC, look-alike letters mended, invisible characters dropped, spaces collapsed,
    trimmed. Line breaks inside a paragraph are kept (multi-line fields)."""
    if not value:
        return ""
    value = unicodedata.normalize("NFC", str(value)).translate(_LOOKALIKES)
    value = _INVISIBLE.sub("", value)
    value = value.replace("\r\n", "\n").replace("\r", "\n")
    lines = [_SPACES.sub(" ", line).strip() for line in value.split("\n")]
    return "\n".join(lines).strip()


def normalize_line(value: str | None) -> str:
    """normalize_text for one-line fields: any line break becomes a space."""
    return _SPACES.sub(" ", normalize_text(value).replace("\n", " ")).strip()


def fold(value: str | None) -> str:
    """Lower case, no accents, "đ" as "d", single spaces: "Đống Đa" -> "dong da".

    Old ("hoà") and new ("hòa") tone placement fold to the same text, so search
    matches both, and so does accent-free typing.
    """
    value = unicodedata.normalize("NFD", normalize_line(value).casefold())
    value = "".join(ch for ch in value if not unicodedata.combining(ch))
    return value.replace("đ", "d")


# CLDR "vi": a < ă < â, d < đ, e < ê, o < ô < ơ, u < ư; tones are a secondary difference
# in the order none < huyền < hỏi < ngã < sắc < nặng.
_ALPHABET = [
    "a",
    "ă",
    "â",
    "b",
    "c",
    "d",
    "đ",
    "e",
    "ê",
    "f",
    "g",
    "h",
    "i",
    "j",
    "k",
    "l",
    "m",
    "n",
    "o",
    "ô",
    "ơ",
    "p",
    "q",
    "r",
    "s",
    "t",
    "u",
    "ư",
    "v",
    "w",
    "x",
    "y",
    "z",
]
_LETTER_RANK = {letter: index for index, letter in enumerate(_ALPHABET)}
_TONE_RANK = {"\u0300": 1, "\u0309": 2, "\u0303": 3, "\u0301": 4, "\u0323": 5}
_LETTER_MARKS = {"\u0306", "\u0302", "\u031b"}  # breve, circumflex, horn: part of the letter
_TOKEN = re.compile(r"\d+|\w|[^\w]+", re.UNICODE)


def _letter_and_tone(ch: str) -> tuple[str, int]:
    decomposed = unicodedata.normalize("NFD", ch)
    base = decomposed[0]
    letter_marks = "".join(m for m in decomposed[1:] if m in _LETTER_MARKS)
    tone = max((_TONE_RANK.get(m, 0) for m in decomposed[1:]), default=0)
    return unicodedata.normalize("NFC", base + letter_marks), tone


def sort_key(value: str | None) -> str:
    """An ASCII key ([0-9a-z] only) whose plain string order is Vietnamese order.

    Only digits and lower-case letters are used so that the key sorts the same under
    SQLite's binary collation and PostgreSQL's locale collations. Primary weights come
    first (letters, numbers by value, word breaks), then "0", then one tone digit per
    letter, so that tones only decide between names that are otherwise equal.
    """
    text = normalize_line(value).casefold()
    primary: list[str] = []
    tones: list[str] = []
    for token in _TOKEN.findall(text):
        if token.isdigit():
            digits = token.lstrip("0") or "0"
            primary.append(f"2{len(digits):02d}{digits}")
        elif token.isalnum():
            letter, tone = _letter_and_tone(token)
            rank = _LETTER_RANK.get(letter)
            if rank is None:
                primary.append(f"4{ord(letter[0]):05x}")
            else:
                primary.append(f"3{rank:02d}")
            tones.append(str(tone))
        elif primary and primary[-1] != "1":
            primary.append("1")  # any run of spaces or punctuation is one word break
    if primary and primary[-1] == "1":
        primary.pop()
    return "".join(primary) + "0" + "".join(tones)


def normalize_username(value: str) -> str:
    """Usernames are kept and matched in lower case: a phone capitalizes the first letter."""
    return unicodedata.normalize("NFC", value).strip().lower()
