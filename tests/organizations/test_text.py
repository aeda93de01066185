"""Vietnamese text: NFC storage, accent-free search, CLDR "vi" ordering with numbers."""

import unicodedata

from organizations.text import fold, normalize_line, normalize_text, sort_key

DECOMPOSED = unicodedata.normalize("NFD", "Chi bộ Khu dân cư số 1 – Đống Đa")


def test_decomposed_text_is_stored_composed():
    assert DECOMPOSED != "Chi bộ Khu dân cư số 1 – Đống Đa"  # the input really is NFD

    assert normalize_line(DECOMPOSED) == "Chi bộ Khu dân cư số 1 – Đống Đa"
    assert unicodedata.is_normalized("NFC", normalize_line(DECOMPOSED))


def test_the_eth_lookalike_becomes_d_with_stroke():
    assert normalize_line("\u00d0ảng bộ phường") == "Đảng bộ phường"


def test_spaces_from_word_are_tidied():
    assert normalize_line("  Chi\u00a0bộ \u200b số  2\t") == "Chi bộ số 2"
    assert normalize_text("Dòng 1  \r\n  dòng 2 ") == "Dòng 1\ndòng 2"


def test_fold_ignores_accents_case_and_d_with_stroke():
    assert fold("Đống Đa") == "dong da"
    assert fold("ĐẢNG BỘ") == "dang bo"


def test_fold_matches_both_tone_placements():
    assert fold("Hoà Bình") == fold("Hòa Bình") == "hoa binh"
    assert fold("Thuỷ") == fold("Thủy")
    assert fold(unicodedata.normalize("NFD", "hoà")) == "hoa"


def _ordered(names):
    return sorted(names, key=sort_key)


def test_vietnamese_letter_order():
    assert _ordered(["âm", "ăn", "an"]) == ["an", "ăn", "âm"]
    assert _ordered(["đa", "dong", "da"]) == ["da", "dong", "đa"]
    assert _ordered(["ơn", "ôm", "on"]) == ["on", "ôm", "ơn"]
    assert _ordered(["ưa", "uy"]) == ["uy", "ưa"]
    # đ comes after every d-word, unlike a plain Unicode sort that puts it after z
    assert _ordered(["Đống Đa", "Dương", "Zeta"]) == ["Dương", "Đống Đa", "Zeta"]


def test_tones_are_a_secondary_difference():
    # Tone only decides between otherwise equal words, in the order
    # none < huyền < hỏi < ngã < sắc < nặng.
    assert _ordered(["mạ", "má", "mã", "mả", "mà", "ma"]) == ["ma", "mà", "mả", "mã", "má", "mạ"]
    # A later letter outweighs an earlier tone.
    assert _ordered(["mác", "mab"]) == ["mab", "mác"]


def test_numbers_in_names_sort_as_numbers():
    names = ["Chi bộ số 10", "Chi bộ số 2", "Chi bộ số 1", "Chi bộ số 21"]

    assert _ordered(names) == ["Chi bộ số 1", "Chi bộ số 2", "Chi bộ số 10", "Chi bộ số 21"]


def test_sort_key_is_plain_ascii_for_any_database_collation():
    key = sort_key("Đảng bộ Trường Tiểu học số 10 – Hoà Bình")

    assert key.isascii() and key.isalnum()


def test_decomposed_and_composed_names_sort_the_same():
    assert sort_key(DECOMPOSED) == sort_key("Chi bộ Khu dân cư số 1 – Đống Đa")
