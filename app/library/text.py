"""Clean up the text found in tags, and read numbers and dates from it.

Tags come from every tagger ever written, so this module expects the worst: NUL padding,
control characters, runs of whitespace, UTF-8 that some program decoded as Latin-1 (mojibake,
``"CafÃ©"``), legacy Korean bytes in ID3 Latin-1 frames, megabyte-long titles and ten thousand
artists. Nothing here raises on odd input; a value that cannot be made sense of becomes ``""``
or ``None``.

Most tags are already clean ASCII, so :func:`clean_text` checks that first with a few C-level
string methods and only falls back to regular expressions when something looks off: the
scanner calls it a dozen times per file for 50,000 files.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable

#: Longest text kept for any one field, in characters. Real titles stay far below it; a
#: 1 MB title (junk or an attack) would otherwise cost a megabyte in every row, search index
#: entry and repaint that holds it.
MAX_TEXT = 1000
#: Most values kept for a multi-valued field (artists, genres). Real credits name a few
#: dozen; ten thousand artists would make one track's row and its display line megabytes long.
MAX_VALUES = 100
#: Joins the values of a multi-valued field for display (``Track.artist``).
SEPARATOR = "; "
#: Longest number read, in digits (``int()`` refuses more than 4,300 and nobody needs more).
_MAX_DIGITS = 9

# Text longer than this is cut before the regular expressions see it, so a 1 MB title costs
# no more than a long one (a little slack above MAX_TEXT for what collapsing removes).
_SCAN_LIMIT = 4 * MAX_TEXT
# A cut may split a UTF-8 sequence seen as Latin-1: up to three of its characters are left.
_UTF8_TAIL = 4
# Cleaning passes at most; two settle anything but text garbled three times over.
_MAX_PASSES = 4
# Whitespace and control characters (C0, DEL, C1) and byte-order marks collapse to one space.
_JUNK = re.compile(r"[\s\x00-\x1f\x7f-\x9f\ufeff]+")
# A UTF-8 lead byte followed by a continuation byte, both seen as Latin-1 or cp1252 characters:
# the fingerprint of UTF-8 decoded with the wrong codec.
_MOJIBAKE = re.compile(
    "[\u00c2-\u00f4][\u0080-\u00bf\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192"
    "\u02c6\u02dc\u2013\u2014\u2018-\u201e\u2020-\u2022\u2026\u2030\u2039\u203a\u20ac\u2122]"
)
_SURROGATE = re.compile("[\ud800-\udfff]")
_NUMBER_PAIR = re.compile(
    rf"\s*(?:([0-9]{{1,{_MAX_DIGITS}}})(?![0-9]))?\s*(?:/\s*([0-9]{{1,{_MAX_DIGITS}}})(?![0-9]))?"
)
_DECIMAL = re.compile(
    r"(?<![0-9])[-+]?(?:[0-9]{1,12}(?:[.,][0-9]{0,12})?|[.,][0-9]{1,12})(?![0-9])"
)
_YEAR = re.compile(r"(?<![0-9])([0-9]{4})(?![0-9])")
_TRUE_WORDS = frozenset({"1", "true", "yes", "y", "on"})


def clean_text(text: str) -> str:
    """Return ``text`` tidied for display, at most :data:`MAX_TEXT` characters.

    Mojibake is undone, lone surrogates (the undecodable bytes of a file name) are decoded
    again or replaced (:func:`without_surrogates`), whitespace and control characters (NUL
    included) collapse to single spaces, and the ends are stripped. The result always
    encodes as UTF-8.

    Parameters
    ----------
    text
        Text as read from a tag.

    Returns
    -------
    str
        The cleaned text, possibly empty.

    """
    if text.isascii() and text.isprintable() and "  " not in text and text.strip() == text:
        return text if len(text) <= MAX_TEXT else text[:MAX_TEXT].rstrip()
    # A repair can uncover more to repair (text garbled twice, a pair a stray control character
    # hid), so passes go on until one changes nothing: cleaning clean text leaves it alone.
    cleaned = _clean_once(text)
    for _ in range(_MAX_PASSES - 1):
        if cleaned == text:
            break
        text, cleaned = cleaned, _clean_once(cleaned)
    return cleaned


def _clean_once(text: str) -> str:
    cut = len(text) > _SCAN_LIMIT
    if cut:
        text = text[:_SCAN_LIMIT]
    if not text.isascii():
        if _SURROGATE.search(text) is not None:
            text = without_surrogates(text)
        if _MOJIBAKE.search(text) is not None:
            text = _repaired(text, cut)
    text = _JUNK.sub(" ", text).strip()
    return text if len(text) <= MAX_TEXT else text[:MAX_TEXT].rstrip()


def _repaired(text: str, cut: bool) -> str:
    """Undo mojibake; after a cut, also without the last few characters (a split sequence)."""
    for end in range(len(text), len(text) - (_UTF8_TAIL if cut else 1), -1):
        repaired = undo_mojibake(text[:end])
        if repaired != text[:end]:
            return repaired
    return text


def without_surrogates(text: str) -> str:
    """Return ``text`` with no lone surrogates, which cannot be stored or shown.

    A file name that is not UTF-8 reaches Python with each undecodable byte as a surrogate
    (``os.fsdecode``). Such a name is decoded again as EUC-KR when that gives Hangul
    (:func:`undo_legacy_korean`), else as cp1252 when the rest of it is ASCII. Any other
    surrogate becomes U+FFFD.

    Parameters
    ----------
    text
        Text that may hold lone surrogates (U+D800 to U+DFFF).

    Returns
    -------
    str
        Text that encodes as UTF-8.

    """
    try:
        raw = text.encode("utf-8", "surrogateescape")
    except UnicodeEncodeError:  # a surrogate no file name decodes to
        return _SURROGATE.sub("\ufffd", text)
    as_latin1 = raw.decode("latin-1")
    korean = undo_legacy_korean(as_latin1)
    if korean != as_latin1:  # EUC-KR bytes may form valid UTF-8 by chance: all were tried
        return korean
    if all(c.isascii() or "\udc80" <= c <= "\udcff" for c in text):
        return raw.decode("cp1252", "replace")
    return _SURROGATE.sub("\ufffd", text)


def safe_text(text: str) -> str:
    """Return ``text`` as it is when it encodes as UTF-8, else :func:`without_surrogates`."""
    if text.isascii() or _SURROGATE.search(text) is None:
        return text
    return without_surrogates(text)


def undo_mojibake(text: str) -> str:
    """Return ``text`` re-decoded as UTF-8 when it is UTF-8 that was decoded as Latin-1.

    Genuine Latin-1 or cp1252 text almost never encodes back to valid multi-byte UTF-8, so a
    strict round trip is a safe test: when it fails, ``text`` comes back unchanged.

    Parameters
    ----------
    text
        Text that may be mojibake, e.g. ``"CafÃ©"``.

    Returns
    -------
    str
        The repaired text (``"Café"``) or ``text`` itself.

    """
    for codec in ("latin-1", "cp1252"):
        try:
            return text.encode(codec).decode("utf-8")
        except UnicodeError:
            continue
    return text


def undo_legacy_korean(text: str) -> str:
    """Return ``text`` decoded as EUC-KR when it is Korean that was read as Latin-1.

    Old Korean taggers wrote EUC-KR bytes into ID3v1 and ID3v2.3 frames marked Latin-1. Only
    call this for such frames. To stay safe for real Latin-1 text (``"Größe"`` is also valid
    EUC-KR, as Hanja), the result is kept only when every non-ASCII character is a Hangul
    syllable and there are at least two of them.

    Parameters
    ----------
    text
        Text from a frame declared Latin-1.

    Returns
    -------
    str
        The Korean text or ``text`` itself.

    """
    if text.isascii():
        return text
    try:
        korean = text.encode("latin-1").decode("euc_kr")
    except UnicodeError:
        return text
    syllables = 0
    for char in korean:
        if "\uac00" <= char <= "\ud7a3":
            syllables += 1
        elif not char.isascii():
            return text
    return korean if syllables >= 2 else text


def first_text(values: Iterable[str] | None) -> str:
    """Return the first value that is not empty once cleaned, or ``""``.

    NUL characters separate values (ID3v2.4, and padding elsewhere), so each value is split
    on them first.
    """
    for value in values or ():
        for part in value.split("\x00") if "\x00" in value else (value,):
            cleaned = clean_text(part)
            if cleaned:
                return cleaned
    return ""


def all_texts(values: Iterable[str] | None) -> tuple[str, ...]:
    """Return the distinct, cleaned, non-empty values of a multi-valued field.

    Values are split on NUL, never on ``";"``, ``"/"`` or ``" & "``: only real multi-values
    count, since ``"Simon & Garfunkel"`` is one artist. At most :data:`MAX_VALUES` are kept,
    each at most :data:`MAX_TEXT` long.
    """
    found: dict[str, None] = {}
    for value in values or ():
        for part in value.split("\x00") if "\x00" in value else (value,):
            cleaned = clean_text(part)
            if cleaned:
                found[cleaned] = None
                if len(found) >= MAX_VALUES:
                    return tuple(found)
    return tuple(found)


def joined_text(values: Iterable[str] | None) -> str:
    """Return :func:`all_texts` joined with :data:`SEPARATOR`: the display form of a list."""
    return SEPARATOR.join(all_texts(values))


def number_pair(text: str) -> tuple[int | None, int | None]:
    """Read ``"3"``, ``"03"``, ``"3/12"`` or ``"/12"`` as (number, total); zero means absent."""
    if text.isdecimal() and text.isascii() and len(text) <= _MAX_DIGITS:
        return int(text) or None, None
    match = _NUMBER_PAIR.match(text)
    if match is None:  # pragma: no cover - the pattern matches every string
        return None, None
    number, total = match.groups()
    return (int(number) or None) if number else None, (int(total) or None) if total else None


def decimal(text: str) -> float | None:
    """Read the first decimal number in ``text`` (``"-6.50 dB"``, ``"0,98"``), or ``None``."""
    match = _DECIMAL.search(text)
    if match is None:
        return None
    value = float(match.group().replace(",", "."))
    return value if math.isfinite(value) else None


def year_of(date: str) -> int | None:
    """Return the year of a date as tagged (``"2003"``, ``"2003-05-01"``, ``"05/01/2003"``)."""
    head = date[:4]
    if len(head) == 4 and head.isascii() and head.isdecimal() and not date[4:5].isdecimal():
        return int(head)
    match = _YEAR.search(date)
    return int(match.group(1)) if match else None


def is_true(text: str) -> bool:
    """Read a flag tag: ``"1"``, ``"true"``, ``"yes"`` (any case) are true."""
    return text.strip().casefold() in _TRUE_WORDS
