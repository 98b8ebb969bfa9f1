"""The rules for odd text in tags; end-to-end cases are in test_tags.py."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.library.text import (
    MAX_TEXT,
    MAX_VALUES,
    all_texts,
    clean_text,
    decimal,
    first_text,
    is_true,
    joined_text,
    number_pair,
    undo_legacy_korean,
    undo_mojibake,
    year_of,
)


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("Starlight", "Starlight"),
        ("  Star \t light\r\n", "Star light"),
        ("Title\x00\x00\x00", "Title"),
        ("a\x1b[31mb", "a [31mb"),
        ("\ufeffBOM", "BOM"),
        ("non\u00a0breaking", "non breaking"),
        ("CafÃ©", "Café"),  # UTF-8 read as Latin-1
        ("Beyonc\u00c3\u00a9 \u00e2\u20ac\u201c Halo", "Beyonc\u00e9 \u2013 Halo"),  # ... as cp1252
        ("Café", "Café"),  # real Latin-1 text is left alone
        ("Ã", "Ã"),
        ("Größe", "Größe"),
        ("", ""),
        ("\x00", ""),
    ],
)
def test_clean_text(raw: str, clean: str) -> None:
    assert clean_text(raw) == clean


def test_absurd_lengths_are_capped() -> None:
    assert clean_text("x" * 1_000_000) == "x" * MAX_TEXT
    assert clean_text(" é" * 1_000_000) == ("é " * MAX_TEXT)[:MAX_TEXT].rstrip()
    artists = all_texts(f"Artist {i}" for i in range(10_000))
    assert len(artists) == MAX_VALUES and artists[-1] == f"Artist {MAX_VALUES - 1}"


def test_multiple_values() -> None:
    assert all_texts(["A & B", "C; D", "E / F"]) == ("A & B", "C; D", "E / F")
    assert all_texts(["A\x00B", " A ", "", "B\x00\x00"]) == ("A", "B")
    assert joined_text(["A", "B"]) == "A; B"
    assert first_text(["\x00 ", "", "  B\x00C"]) == "B"
    assert first_text(None) == "" and all_texts(None) == ()


def test_undo_mojibake_and_legacy_korean() -> None:
    assert undo_mojibake("æ—¥æœ¬") == "日本"
    assert undo_mojibake("plain") == "plain"
    assert undo_mojibake("日本") == "日本"
    korean = "서태지와 아이들".encode("euc_kr").decode("latin-1")
    assert undo_legacy_korean(korean) == "서태지와 아이들"
    assert undo_legacy_korean("Größe") == "Größe"  # valid EUC-KR too, but as Hanja
    assert undo_legacy_korean("Ä") == "Ä"
    assert undo_legacy_korean("plain") == "plain"


@pytest.mark.parametrize(
    ("raw", "pair"),
    [
        ("3", (3, None)),
        ("03", (3, None)),
        ("3/12", (3, 12)),
        (" 3 / 12 ", (3, 12)),
        ("/12", (None, 12)),
        ("0/12", (None, 12)),
        ("3 of 12", (3, None)),
        ("x", (None, None)),
        ("", (None, None)),
        ("9" * 5000, (None, None)),  # int() refuses more than 4,300 digits
        ("²", (None, None)),
    ],
)
def test_number_pair(raw: str, pair: tuple[int | None, int | None]) -> None:
    assert number_pair(raw) == pair


@pytest.mark.parametrize(
    ("date", "year"),
    [("2003", 2003), ("2003-05-01", 2003), ("05/01/2003", 2003), ("20030501", None),
     ("", None), ("soon", None), ("1999s", 1999)],
)  # fmt: skip
def test_year_of(date: str, year: int | None) -> None:
    assert year_of(date) == year


@pytest.mark.parametrize(
    ("raw", "value"),
    [("-6.50 dB", -6.5), ("+3 dB", 3.0), ("0,98", 0.98), (".5", 0.5), ("loud", None),
     ("nan", None), ("1" * 400, None)],
)  # fmt: skip
def test_decimal(raw: str, value: float | None) -> None:
    assert decimal(raw) == (pytest.approx(value) if value is not None else None)


def test_is_true() -> None:
    assert all(is_true(v) for v in ("1", "true", "TRUE", " yes "))
    assert not any(is_true(v) for v in ("0", "", "false", "no"))


@given(st.text())
def test_clean_text_is_tidy_and_idempotent(raw: str) -> None:
    cleaned = clean_text(raw)
    assert len(cleaned) <= MAX_TEXT
    assert cleaned == cleaned.strip() and "  " not in cleaned
    assert not any(ord(c) < 0x20 or 0x7F <= ord(c) <= 0x9F for c in cleaned)
    assert clean_text(cleaned) == cleaned or undo_mojibake(cleaned) != cleaned


@given(st.text())
def test_parsers_never_raise(raw: str) -> None:
    number_pair(raw)
    year_of(raw)
    decimal(raw)
    undo_legacy_korean(raw)
