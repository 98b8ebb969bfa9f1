"""Tag text normalisation (app/library/text.py): never raises, bounded, idempotent, repairs.

The strategies lean towards what taggers really write: mojibake (UTF-8 read as Latin-1 or
cp1252), NUL-separated values, control characters, byte-order marks, EUC-KR read as Latin-1,
and lengths around the limits.
"""

from __future__ import annotations

import math
import re

from hypothesis import assume, given
from hypothesis import strategies as st

from app.library.text import (
    MAX_TEXT,
    MAX_VALUES,
    SEPARATOR,
    all_texts,
    clean_text,
    decimal,
    first_text,
    joined_text,
    number_pair,
    undo_legacy_korean,
    undo_mojibake,
    year_of,
)
from tests.property.profile import QUICK

JUNK = st.sampled_from(["\x00", "\t", "\n", "\r\n", "\x1b", "\x7f", "\x85", "\ufeff", "  ", " "])
WORDS = st.text(st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=40)
TEXT = st.one_of(
    st.text(),
    st.lists(WORDS | JUNK, max_size=12).map("".join),
    WORDS.map(lambda t: t.encode("utf-8").decode("latin-1")),  # mojibake
    st.integers(MAX_TEXT - 3, MAX_TEXT + 3).map(lambda n: "é" * n),
    st.integers(0, 3).map(lambda n: " " * n + "x" * (4 * MAX_TEXT + n)),
)
# Text with nothing left to repair: no lead-byte-like character before a continuation-like one.
CLEAN_WORDS = st.text(st.characters(codec="utf-8", exclude_categories=["Cs", "Cc"]), max_size=300)
_FINGERPRINT = re.compile("[\u00c2-\u00f4][\u0080-\u00bf\u0152-\u2122]")


def tidy(text: str) -> bool:
    """Whether ``text`` has the shape clean_text promises."""
    return (
        len(text) <= MAX_TEXT
        and text == text.strip()
        and "  " not in text
        and not any(ord(c) < 0x20 or 0x7F <= ord(c) <= 0x9F or c == "\ufeff" for c in text)
    )


@QUICK
@given(TEXT)
def test_clean_text_is_tidy_and_stable(raw: str) -> None:
    once = clean_text(raw)
    assert tidy(once)
    twice = clean_text(once)
    assert tidy(twice)
    assert clean_text(twice) == twice  # at most one more repair, then a fixed point


@QUICK
@given(CLEAN_WORDS)
def test_clean_text_is_idempotent_where_nothing_is_left_to_repair(raw: str) -> None:
    once = clean_text(raw)
    assume(_FINGERPRINT.search(once) is None)
    assert clean_text(once) == once


@QUICK
@given(CLEAN_WORDS, st.sampled_from(["latin-1", "cp1252"]))
def test_mojibake_of_clean_text_is_repaired(text: str, codec: str) -> None:
    assume(_FINGERPRINT.search(text) is None)
    try:
        garbled = text.encode("utf-8").decode(codec)
    except UnicodeDecodeError:  # cp1252 leaves five bytes undefined
        return
    assert undo_mojibake(garbled) == text
    assert clean_text(garbled) == clean_text(text)


def test_long_mojibake_is_repaired_even_when_the_scan_limit_cuts_a_sequence() -> None:
    title = "x" + "é" * 2500  # 5,001 characters once garbled; the cut falls after "Ã"
    garbled = title.encode("utf-8").decode("latin-1")
    assert clean_text(garbled) == clean_text(title)


def test_clean_text_is_idempotent_on_mojibake_followed_by_a_control_character() -> None:
    once = clean_text("Â¡\x80")  # "¡" as UTF-8 read as Latin-1, then a stray C1 control
    assert clean_text(once) == once


@QUICK
@given(st.text())
def test_undo_mojibake_never_raises_and_only_shortens(text: str) -> None:
    repaired = undo_mojibake(text)
    assert len(repaired) <= len(text)
    if repaired != text:
        assert repaired.encode("utf-8") in (_encoded(text, "latin-1"), _encoded(text, "cp1252"))


def _encoded(text: str, codec: str) -> bytes | None:
    try:
        return text.encode(codec)
    except UnicodeEncodeError:
        return None


HANGUL = st.text(st.characters(min_codepoint=0xAC00, max_codepoint=0xD7A3), min_size=2, max_size=20)


@QUICK
@given(HANGUL, st.text(st.characters(max_codepoint=0x7E, min_codepoint=0x20), max_size=10))
def test_korean_read_as_latin1_is_repaired(korean: str, ascii_part: str) -> None:
    try:
        raw = (ascii_part + korean).encode("euc_kr")
    except UnicodeEncodeError:  # EUC-KR has 2,350 of the 11,172 syllables
        assume(False)
        return
    assert undo_legacy_korean(raw.decode("latin-1")) == ascii_part + korean


@QUICK
@given(st.text())
def test_undo_legacy_korean_keeps_what_is_not_korean(text: str) -> None:
    result = undo_legacy_korean(text)
    if result != text:
        assert all(c.isascii() or "\uac00" <= c <= "\ud7a3" for c in result)


VALUES = st.lists(st.one_of(TEXT, st.lists(WORDS, max_size=5).map("\x00".join)), max_size=30)


@QUICK
@given(VALUES)
def test_multi_values_are_bounded_distinct_and_stable(values: list[str]) -> None:
    found = all_texts(values)
    assert len(found) <= MAX_VALUES and len(set(found)) == len(found)
    assert all(value and tidy(value) for value in found)
    assert all_texts(all_texts(found)) == all_texts(found)
    assert first_text(values) == (found[0] if found else "")
    assert len(joined_text(values)) <= MAX_VALUES * (MAX_TEXT + len(SEPARATOR))


@QUICK
@given(st.lists(st.integers(0, 5), min_size=MAX_VALUES + 1, max_size=MAX_VALUES + 50))
def test_ten_thousand_artists_are_capped(seeds: list[int]) -> None:
    values = [f"Artist {i} {s}" for i, s in enumerate(seeds)]
    assert len(all_texts(values)) == MAX_VALUES


@QUICK
@given(st.text())
def test_numbers_from_any_text_are_none_or_sane(text: str) -> None:
    number, total = number_pair(text)
    for value in (number, total):
        assert value is None or 0 < value < 10**9
    year = year_of(text)
    assert year is None or 0 <= year <= 9999
    value = decimal(text)
    assert value is None or math.isfinite(value)


@QUICK
@given(
    st.integers(1, 10**9 - 1),
    st.none() | st.integers(1, 10**9 - 1),
    st.sampled_from(["", " ", "0"]),
)
def test_number_pairs_read_back(number: int, total: int | None, pad: str) -> None:
    text = f"{pad}{number}" if total is None else f"{pad}{number}/{total}"
    assume(not (pad == "0" and len(str(number)) >= 9))  # a tenth digit is refused
    assert number_pair(text) == (number, total)


@QUICK
@given(st.integers(1000, 9999), st.sampled_from(["", "-05-01", "-05", "T12:00:00", " "]))
def test_years_read_back(year: int, tail: str) -> None:
    assert year_of(f"{year}{tail}") == year
    assert year_of(f"05/01/{year}") == year
