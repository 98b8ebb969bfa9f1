"""Text shaping for the full-text index: what goes into FTS5, and what a typed query becomes.

The index uses SQLite's ``unicode61`` tokenizer with ``remove_diacritics 2``, which folds case
and accents. Korean, Chinese and Japanese are written without spaces between the parts of
words, so every CJK character is indexed as a token of its own and a CJK query becomes a
phrase of characters: "사랑" finds "사랑해요" and "첫사랑" alike. (SQLite 3.40 on Debian 12
has the trigram tokenizer but not its ``remove_diacritics`` option, and trigrams cannot find
two-syllable Korean words.)
"""

from __future__ import annotations

import re

_CJK = re.compile(
    "([\u1100-\u11ff\u3040-\u30ff\u3130-\u318f\u3400-\u4dbf\u4e00-\u9fff"
    "\uac00-\ud7af\uf900-\ufaff\U00020000-\U0002a6df])"
)
_QUOTE = re.compile('"')
MAX_QUERY_TERMS = 12


def index_text(text: str) -> str:
    """Return ``text`` as it is stored in the index, each CJK character spaced apart."""
    if not text or text.isascii():
        return text
    return _CJK.sub(r" \1 ", text)


def match_expression(query: str) -> str | None:
    """Turn what the user typed into an FTS5 MATCH expression, or ``None`` when it is empty.

    Every term must match; the last one as a prefix, because the user is still typing it
    (every term is a prefix in fact, which is what "as you type" search needs). Terms are
    quoted, so FTS5 operators and punctuation in the query are plain text.
    """
    terms = [t for t in _QUOTE.sub(" ", query).split() if any(c.isalnum() for c in t)]
    if not terms:
        return None
    phrases = []
    for term in terms[:MAX_QUERY_TERMS]:
        spaced = " ".join(index_text(term).split())
        phrases.append(f'"{spaced}"*')
    return " ".join(phrases)
