"""Playlist parsing (app/library/playlists.py): round trips, arbitrary bytes, hostile lines.

Each example builds its files in a temporary folder of its own (hypothesis runs many examples
inside one test function, so pytest's per-test ``tmp_path`` would be shared).
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.core.errors import PlaylistError
from app.library import playlists
from app.library.playlists import PlaylistEntry, is_playlist, read_playlist, write_m3u8
from tests.property.profile import DISK

SUFFIXES = st.sampled_from([".m3u", ".m3u8", ".pls"])
# File names as the OS has them: any bytes but "/" and NUL, not UTF-8 ones included.
RAW_NAMES = st.binary(min_size=1, max_size=60).filter(
    lambda b: b"/" not in b and b"\0" not in b and b not in (b".", b"..")
)
HOSTILE_LINES = st.sampled_from(
    [
        "http://127.0.0.1:9/a.mp3", "https://example.invalid/a.flac", "ftp://h/a.mp3",
        "rtsp://h/s", "rtmp://h/s", "smb://h/share/a.flac", "mms://h/s", "udp://127.0.0.1:9",
        "concat:a.flac|b.flac", "subfile,,start,0,end,9,,:a.flac", "pipe:0", "fd:3",
        "data:audio/wav;base64,UklGRg==", "gopher://h/", "file://otherhost/a.flac",
        "//server/share/a.flac", "\\\\server\\share\\a.flac", "crypto:a.flac", "tcp://h:9",
        "cache:a.flac", "async:a.flac", "hls+http://h/a.m3u8", "self.m3u8", "other.pls",
        "/dev/zero", "missing.flac", "../../../../../../../../dev/zero", "/proc/self/environ",
    ]
)  # fmt: skip


def touch(path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"x")
    return path


@pytest.mark.skipif(sys.platform != "linux", reason="needs byte file names")
@DISK
@given(st.lists(RAW_NAMES, max_size=8, unique=True), st.booleans())
def test_round_trip_keeps_every_name_m3u_can_spell(raw_names: list[bytes], nested: bool) -> None:
    with tempfile.TemporaryDirectory() as folder:
        base = Path(folder)
        playlist = base / "lists" / "list.m3u8"
        entries, expected = [], []
        for index, raw in enumerate(raw_names):
            name = os.fsdecode(raw)
            where = base / "lists" / "sub" if nested else base / "elsewhere"
            path = touch(where / str(index) / name)
            entries.append(PlaylistEntry(path, f"title {index}", float(index)))
            if b"\n" not in raw and b"\r" not in raw and not is_playlist(name):
                expected.append(path)
        playlist.parent.mkdir(exist_ok=True)
        problems = write_m3u8(playlist, entries)
        read = read_playlist(playlist)
        assert [entry.path for entry in read.entries] == expected
        assert len(problems) == len(entries) - len(expected)
        assert read.problems == ([] if expected else ["list.m3u8: the playlist has no entries"])


def assert_bounded(read: playlists.PlaylistRead, allowed: set[Path], line_count: int) -> None:
    assert len(read.entries) <= min(line_count, playlists.MAX_ENTRIES)
    assert {entry.path for entry in read.entries} <= allowed
    assert len(read.problems) <= playlists.MAX_PROBLEMS + 1
    for problem in read.problems:
        assert problem.isprintable() and len(problem) < 2500
    for entry in read.entries:
        assert entry.duration_s is None or entry.duration_s >= 0
        assert entry.title.isprintable() or not entry.title


@DISK
@given(st.binary(max_size=2000), SUFFIXES, st.sampled_from([b"", b"\xef\xbb\xbf", b"\xff\xfe"]))
def test_any_bytes_give_bounded_results_or_a_playlist_error(
    data: bytes, suffix: str, prefix: bytes
) -> None:
    with tempfile.TemporaryDirectory() as folder:
        base = Path(folder)
        allowed = {touch(base / "a.flac"), touch(base / "sub" / "b.mp3")}
        playlist = base / f"self{suffix}"
        playlist.write_bytes(prefix + data)
        try:
            read = read_playlist(playlist)
        except PlaylistError as exc:
            assert exc.reason and exc.reason.isprintable()
            return
        assert_bounded(read, allowed, data.count(b"\n") + data.count(b"\r") + 1)


@DISK
@given(
    st.lists(st.tuples(st.booleans(), HOSTILE_LINES, st.sampled_from(["a.flac", "sub/b.mp3"]))),
    st.sampled_from([".m3u", ".m3u8"]),
    st.sampled_from(["\n", "\r\n", "\r"]),
)
def test_hostile_lines_are_each_refused_and_local_ones_kept_in_order(
    lines: list[tuple[bool, str, str]], suffix: str, newline: str
) -> None:
    with tempfile.TemporaryDirectory() as folder:
        base = Path(folder)
        local = {"a.flac": touch(base / "a.flac"), "sub/b.mp3": touch(base / "sub" / "b.mp3")}
        text, hostile, wanted = ["#EXTM3U"], [], []
        for is_hostile, bad, good in lines:
            text.append(bad if is_hostile else good)
            if is_hostile:
                hostile.append((len(text), bad))
            else:
                wanted.append(local[good])
        playlist = base / f"self{suffix}"
        playlist.write_text(newline.join(text), "utf-8")
        read = read_playlist(playlist)
        assert [entry.path for entry in read.entries] == wanted
        shown = [p for p in read.problems if "has no entries" not in p]
        assert len(shown) == len(hostile)
        for (number, bad), problem in zip(hostile, shown, strict=True):
            assert problem.startswith(f"self{suffix}, line {number}: {bad!r} ")
            assert problem.endswith(("; skipped", "nested playlists are not followed"))


TITLES = st.text(st.characters(exclude_categories=["Cs"], exclude_characters="\x00"), max_size=10)


@DISK
@given(st.lists(st.tuples(st.sampled_from(["a.flac", "sub/b.mp3", "missing.ogg"]), TITLES),
                max_size=12))  # fmt: skip
def test_m3u_and_pls_of_the_same_entries_read_the_same(items: list[tuple[str, str]]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        base = Path(folder)
        touch(base / "a.flac")
        touch(base / "sub" / "b.mp3")
        titles = [" ".join(title.split()).replace("=", "") for _name, title in items]
        m3u = ["#EXTM3U"]
        pls = ["[playlist]"]
        for number, ((name, _), title) in enumerate(zip(items, titles, strict=True), 1):
            m3u += [f"#EXTINF:{number},{title}", name]
            pls += [f"File{number}={name}", f"Title{number}={title}", f"Length{number}={number}"]
        (base / "p.m3u8").write_text("\n".join(m3u), "utf-8")
        (base / "p.pls").write_text("\n".join(pls), "utf-8")
        from_m3u, from_pls = read_playlist(base / "p.m3u8"), read_playlist(base / "p.pls")
        assert from_m3u.entries == from_pls.entries
        assert len(from_m3u.problems) == len(from_pls.problems)
