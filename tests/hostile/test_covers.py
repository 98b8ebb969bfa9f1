"""Covers in the hostile corpus: found or refused in words, and no bomb reaches a decoder."""

from __future__ import annotations

import pytest

from app.core.errors import CoverError
from app.library.covers import CoverKind, find_cover, read_cover_bytes
from tests.hostile.checks import assert_readable
from tests.hostile.corpus import Corpus


def test_looking_for_a_cover_in_any_file_finds_one_or_says_why(corpus: Corpus) -> None:
    flat = corpus.root / "tree" / "flat"
    files = [p for p in sorted(corpus.good | set(corpus.bad) | corpus.either) if p.parent != flat]
    found = 0
    for path in files:
        try:
            source = find_cover(path)
        except CoverError as exc:
            assert exc.reason, path
            continue
        if source is None:
            continue
        try:
            read_cover_bytes(source)
            found += 1
        except CoverError as exc:
            assert_readable(exc.reason, path)
    assert found >= 10


@pytest.mark.parametrize("label", ["flac", "mp3", "m4a", "cover.png", "folder.jpg"])
def test_bomb_covers_are_refused_before_any_pixel_is_decoded(
    corpus: Corpus, label: str, qapp: object
) -> None:
    from app.ui.thumbnails import decode_thumbnail

    source = find_cover(corpus.bomb_covers[label])
    assert source is not None
    expected = CoverKind.FOLDER if "." in label else CoverKind.EMBEDDED
    assert source.kind is expected
    with pytest.raises(CoverError, match="too large to decode safely"):
        read_cover_bytes(source)
    if source.data is not None:  # what the thumbnails would be handed
        with pytest.raises(CoverError, match="too large to decode safely"):
            decode_thumbnail(source.data, 256, source.path)
