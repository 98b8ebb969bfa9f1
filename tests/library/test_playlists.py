import os
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.core.errors import PlaylistError
from app.library import playlists
from app.library.playlists import PlaylistEntry, read_playlist, write_m3u8


def touch(path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"x")
    return path


def paths(read: playlists.PlaylistRead) -> list[Path]:
    return [entry.path for entry in read.entries]


@pytest.fixture
def no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("a playlist reader touched the network")

    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    monkeypatch.setattr(socket.socket, "connect", refuse)


def test_module_is_qt_free() -> None:
    code = "import sys, app.library.playlists; print('PySide6' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.stdout.strip() == "False"


def test_relative_absolute_and_file_uri_entries(tmp_path: Path) -> None:
    one = touch(tmp_path / "Album" / "01 One.flac")
    two = touch(tmp_path / "elsewhere" / "two words & 100%.mp3")
    three = touch(tmp_path / "Album" / "03 Three.ogg")
    uri = "file://" + "/".join(
        p.replace(" ", "%20").replace("&", "%26").replace("%.", "%25.")
        for p in two.as_posix().split("/")
    )
    playlist = tmp_path / "mix.m3u8"
    hashed = touch(tmp_path / "Album" / "#1 hit?.flac")
    playlist.write_text(
        f"Album/01 One.flac\n{two}\n{uri}\nfile://localhost{three.as_posix()}\n"
        f"FILE:{hashed.as_posix()}\n",  # '#' and '?' left unencoded, as some players write
        "utf-8",
    )
    read = read_playlist(playlist)
    assert paths(read) == [one, two, two, three, hashed]
    assert read.problems == []
    assert all(e.title == "" and e.duration_s is None for e in read.entries)


def test_file_uri_for_another_host_is_refused(tmp_path: Path, no_network: None) -> None:
    touch(tmp_path / "a.flac")
    playlist = tmp_path / "p.m3u"
    playlist.write_text(
        f"file://nas.local{tmp_path.as_posix()}/a.flac\nfile:////nas/share/a.flac\nfile:a.flac\n",
        "utf-8",
    )
    read = read_playlist(playlist)
    assert read.entries == []
    assert len(read.problems) == 3 and all("only local files" in p for p in read.problems)
    assert "p.m3u, line 1" in read.problems[0] and "nas.local" in read.problems[0]


def test_extinf_attaches_to_the_next_entry_only(tmp_path: Path) -> None:
    a, b, c = (touch(tmp_path / n) for n in ("a.flac", "b.flac", "c.flac"))
    (tmp_path / "p.m3u8").write_text(
        "#EXTM3U\n"
        "#EXTINF:123,Artist - Title, with comma\n"
        "# a comment\n"
        "\n"
        "a.flac\n"
        "b.flac\n"
        '#EXTINF:-1 tvg-id="x",Only Title\n'
        "#EXTGRP:whatever\n"
        "c.flac\n"
        "#EXTINF:12.5,Dangling\n",
        "utf-8",
    )
    read = read_playlist(tmp_path / "p.m3u8")
    assert read.entries == [
        PlaylistEntry(a, "Artist - Title, with comma", 123.0),
        PlaylistEntry(b),
        PlaylistEntry(c, "Only Title", None),
    ]


@pytest.mark.parametrize("newline", [b"\r\n", b"\r"])
def test_crlf_and_cr_line_endings_with_bom(tmp_path: Path, newline: bytes) -> None:
    a, b = touch(tmp_path / "a.flac"), touch(tmp_path / "sub dir" / "b.flac")
    body = newline.join([b"#EXTM3U", b"#EXTINF:5,T", b"a.flac", b"sub dir\\b.flac", b""])
    (tmp_path / "p.m3u").write_bytes(b"\xef\xbb\xbf" + body)
    read = read_playlist(tmp_path / "p.m3u")
    assert paths(read) == [a, b]  # the backslash path, written on Windows, resolves too
    assert read.entries[0].title == "T" and read.problems == []


def test_utf16_playlist_with_bom(tmp_path: Path) -> None:
    a = touch(tmp_path / "é.flac")
    (tmp_path / "p.m3u").write_bytes("\ufeff#EXTM3U\r\né.flac\r\n".encode("utf-16-le"))
    assert paths(read_playlist(tmp_path / "p.m3u")) == [a]


def test_latin1_m3u_resolves_utf8_named_file(tmp_path: Path) -> None:
    a = touch(tmp_path / "Café \u2019.flac")
    (tmp_path / "p.m3u").write_bytes("#EXTINF:1,Café\nCafé \u2019.flac\n".encode("cp1252"))
    read = read_playlist(tmp_path / "p.m3u")
    assert read.entries == [PlaylistEntry(a, "Café", 1.0)]


@pytest.mark.skipif(sys.platform != "linux", reason="needs byte file names")
def test_latin1_m3u_resolves_latin1_named_file(tmp_path: Path) -> None:
    name = os.fsdecode(b"caf\xe9.flac")
    a = touch(tmp_path / name)
    (tmp_path / "p.m3u").write_bytes(b"caf\xe9.flac\n")
    assert paths(read_playlist(tmp_path / "p.m3u")) == [a]


@pytest.mark.skipif(sys.platform != "linux", reason="needs byte file names")
def test_m3u8_reaches_non_utf8_file_name(tmp_path: Path) -> None:
    a = touch(tmp_path / os.fsdecode(b"\xff\xfe odd \xe9.flac"))
    (tmp_path / "p.m3u8").write_bytes(b"#EXTINF:3,Bad \xff title\n\xff\xfe odd \xe9.flac\n")
    read = read_playlist(tmp_path / "p.m3u8")
    assert paths(read) == [a]
    assert read.entries[0].title == "Bad \ufffd title"  # displayable, no lone surrogates


def test_pls(tmp_path: Path) -> None:
    a, b = touch(tmp_path / "a.flac"), touch(tmp_path / "b.flac")
    (tmp_path / "p.pls").write_text(
        "[playlist]\r\n"
        "file2=b.flac\r\n"
        "Title2=Second\r\n"
        "File1=a.flac\r\n"
        "LENGTH1=61\r\n"
        "Title1=First = one\r\n"
        "Length2=-1\r\n"
        "File3=http://radio.example/stream\r\n"
        "NumberOfEntries=3\r\n"
        "Version=2\r\n",
        "utf-8",
    )
    read = read_playlist(tmp_path / "p.pls")
    assert read.entries == [PlaylistEntry(a, "First = one", 61.0), PlaylistEntry(b, "Second")]
    assert len(read.problems) == 1 and "p.pls, File3" in read.problems[0]


def test_pls_without_playlist_section_is_not_a_playlist(tmp_path: Path) -> None:
    (tmp_path / "p.pls").write_text("[other]\nkey=value\n", "utf-8")
    with pytest.raises(PlaylistError, match="not a PLS playlist"):
        read_playlist(tmp_path / "p.pls")


def test_export_then_import_round_trip(tmp_path: Path) -> None:
    inside = touch(tmp_path / "Music" / "A" / "01 - Ünïcode, song.flac")
    odd = touch(tmp_path / "Music" / "#not a comment.mp3")
    url_like = touch(tmp_path / "Music" / "http:not-a-url.mp3")
    spaced = touch(tmp_path / "Music" / " spaced .mp3")
    outside = touch(tmp_path / "Other" / "b.ogg")
    entries = [
        PlaylistEntry(inside, "Artist - Title", 61.4),
        PlaylistEntry(odd, "", None),
        PlaylistEntry(url_like, "x", float("nan")),
        PlaylistEntry(spaced, "multi\nline", -3.0),
        PlaylistEntry(outside, "Elsewhere", 0.0),
        PlaylistEntry(tmp_path / "Music" / "bad\nname.flac", "skipped"),
        PlaylistEntry(tmp_path / "Music" / "other.M3U", "skipped too"),
    ]
    playlist = tmp_path / "Music" / "list.m3u8"
    problems = write_m3u8(playlist, entries)
    assert len(problems) == 2 and all(p.startswith("list.m3u8: ") for p in problems)
    assert "bad\\nname" in problems[0] and "other.M3U' is a playlist" in problems[1]
    text = playlist.read_text("utf-8")
    assert text.startswith("#EXTM3U\n#EXTINF:61,Artist - Title\nA/01 - Ünïcode, song.flac\n")
    assert "\n./#not a comment.mp3\n" in text and "\n./http:not-a-url.mp3\n" in text
    assert f"\n{outside}\n" in text and "#EXTINF:-1,multi line\n" in text
    assert [p.name for p in playlist.parent.iterdir() if p.name.endswith(".tmp")] == []
    read = read_playlist(playlist)
    assert read.problems == []
    assert read.entries == [
        PlaylistEntry(inside, "Artist - Title", 61.0),
        PlaylistEntry(odd, "", None),
        PlaylistEntry(url_like, "x", None),
        PlaylistEntry(spaced, "multi line", None),
        PlaylistEntry(outside, "Elsewhere", 0.0),
    ]


def test_write_refuses_a_non_playlist_target(tmp_path: Path) -> None:
    song = touch(tmp_path / "song.flac")
    with pytest.raises(PlaylistError):
        write_m3u8(song, [PlaylistEntry(song)])
    assert song.read_bytes() == b"x"
    with pytest.raises(PlaylistError, match="cannot be written"):
        write_m3u8(tmp_path / "missing folder" / "p.m3u8", [])


HOSTILE = [
    "http://example.com/a.mp3",
    "https://example.com/a.mp3",
    "HTTP://example.com/a.mp3",
    "ftp://example.com/a.mp3",
    "rtsp://example.com/a",
    "smb://server/share/a.flac",
    "concat:a.flac|b.flac",
    "subfile,,start,0,end,1,,:a.flac",
    "pipe:0",
    "data:audio/wav;base64,UklGRg==",
    "//server/share/a.flac",
    "\\\\server\\share\\a.flac",
]


def test_hostile_entries_are_refused_never_resolved(tmp_path: Path, no_network: None) -> None:
    # Each hostile entry also exists on disk when read as a relative path: refusing is not
    # the same as failing to find it.
    for entry in HOSTILE:
        if not entry.startswith(("//", "\\")):
            touch(tmp_path / entry.replace("//", "/"))
    ok = touch(tmp_path / "a.flac")
    playlist = tmp_path / "p.m3u8"
    playlist.write_text("\n".join([*HOSTILE, "a.flac"]) + "\n", "utf-8")
    read = read_playlist(playlist)
    assert paths(read) == [ok]
    assert len(read.problems) == len(HOSTILE)
    for number, (entry, problem) in enumerate(zip(HOSTILE, read.problems, strict=True), 1):
        assert problem.startswith(f"p.m3u8, line {number}: {entry!r}")
        assert "only local files" in problem


def test_names_that_only_resemble_urls_are_kept(tmp_path: Path) -> None:
    comma = touch(tmp_path / "Beatles, The - Help.mp3")
    colon = touch(tmp_path / "Intro: Overture.flac")
    indented = touch(tmp_path / "a.flac")
    (tmp_path / "p.m3u").write_text(
        "Beatles, The - Help.mp3\n./Intro: Overture.flac\nIntro: Overture.flac\n"
        "   a.flac  \nC:\\Music\\x.flac\n",
        "utf-8",
    )
    read = read_playlist(tmp_path / "p.m3u")
    assert paths(read) == [comma, colon, indented]
    assert "line 3" in read.problems[0] and "URL scheme" in read.problems[0]
    assert read.problems[1] == "p.m3u, line 5: 'C:\\\\Music\\\\x.flac' was not found; skipped"


@pytest.mark.skipif(sys.platform != "linux", reason="needs byte file names")
def test_file_uri_with_percent_encoded_latin1_bytes(tmp_path: Path) -> None:
    a = touch(tmp_path / os.fsdecode(b"caf\xe9.flac"))
    (tmp_path / "p.m3u8").write_text(f"file://{tmp_path.as_posix()}/caf%E9.flac\n", "utf-8")
    assert paths(read_playlist(tmp_path / "p.m3u8")) == [a]
    # the same byte raw in the URI, as a .m3u8 written elsewhere might hold it
    (tmp_path / "q.m3u8").write_bytes(b"file://" + os.fsencode(tmp_path) + b"/caf\xe9.flac\n")
    assert paths(read_playlist(tmp_path / "q.m3u8")) == [a]


def test_entry_lines_examined_are_capped(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(playlists, "MAX_ENTRY_LINES", 5)
    a = touch(tmp_path / "a.flac")
    (tmp_path / "p.m3u").write_text("missing.flac\n" * 4 + "a.flac\n" * 3, "utf-8")
    read = read_playlist(tmp_path / "p.m3u")
    assert paths(read) == [a]
    assert read.problems[-1] == "p.m3u: reading stopped after 5 entry lines"


def test_parent_traversal_resolves_normally(tmp_path: Path) -> None:
    other = touch(tmp_path / "Other" / "x.flac")
    playlist = tmp_path / "Lists" / "p.m3u"
    playlist.parent.mkdir()
    playlist.write_text("../Other/x.flac\n../Other/missing.flac\n../Other\n", "utf-8")
    read = read_playlist(playlist)
    assert paths(read) == [other]
    assert read.problems[0] == "p.m3u, line 2: '../Other/missing.flac' was not found; skipped"
    assert read.problems[1] == "p.m3u, line 3: '../Other' is a folder, not a file; skipped"


def test_playlists_inside_playlists_are_not_followed(tmp_path: Path) -> None:
    a = touch(tmp_path / "a.flac")
    (tmp_path / "other.pls").write_text("[playlist]\nFile1=a.flac\n", "utf-8")
    playlist = tmp_path / "self.m3u"
    playlist.write_text(f"self.m3u\n{playlist}\na.flac\nOTHER.PLS\n", "utf-8")
    read = read_playlist(playlist)
    assert paths(read) == [a]
    assert len(read.problems) == 3
    assert all("nested playlists are not followed" in p for p in read.problems)


@pytest.mark.parametrize(
    "garbage",
    [bytes(range(256)) * 4, b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", b"ID3\x04\x00\x00\x00"],
)
def test_binary_garbage_is_not_a_playlist(tmp_path: Path, garbage: bytes) -> None:
    (tmp_path / "g.m3u").write_bytes(garbage)
    with pytest.raises(PlaylistError, match="not a playlist"):
        read_playlist(tmp_path / "g.m3u")


def test_empty_and_unreadable_playlists(tmp_path: Path) -> None:
    (tmp_path / "e.m3u8").write_bytes(b"#EXTM3U\r\n\r\n")
    assert read_playlist(tmp_path / "e.m3u8").problems == ["e.m3u8: the playlist has no entries"]
    with pytest.raises(PlaylistError, match="cannot be read"):
        read_playlist(tmp_path / "missing.m3u")
    (tmp_path / "dir.m3u").mkdir()
    with pytest.raises(PlaylistError, match="not a regular file"):
        read_playlist(tmp_path / "dir.m3u")
    with pytest.raises(PlaylistError, match="not a playlist"):
        read_playlist(touch(tmp_path / "a.txt"))


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_fifo_named_like_a_playlist_does_not_hang(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "f.m3u")
    with pytest.raises(PlaylistError, match="not a regular file"):
        read_playlist(tmp_path / "f.m3u")


def test_oversized_playlist_is_refused(tmp_path: Path) -> None:
    big = tmp_path / "big.m3u8"
    with big.open("wb") as stream:
        stream.truncate(playlists.MAX_PLAYLIST_BYTES + 1)  # sparse: nothing is really written
    with pytest.raises(PlaylistError, match="larger than 16 MB"):
        read_playlist(big)


def test_overlong_lines_are_reported(tmp_path: Path) -> None:
    a = touch(tmp_path / "a.flac")
    long = "x" * (playlists.MAX_LINE_BYTES + 1)
    (tmp_path / "p.m3u").write_text(f"#{long}\n{long}\na.flac\n", "utf-8")
    read = read_playlist(tmp_path / "p.m3u")
    assert paths(read) == [a]
    assert read.problems == ["p.m3u, line 2: longer than 16,384 bytes; skipped"]


def test_many_problems_are_summarised(tmp_path: Path) -> None:
    (tmp_path / "p.m3u").write_text("missing.flac\n" * 150, "utf-8")
    problems = read_playlist(tmp_path / "p.m3u").problems
    assert len(problems) == playlists.MAX_PROBLEMS + 1
    assert problems[-1] == "p.m3u: 50 more problems were not listed"


def test_hundred_thousand_entries_are_read_in_linear_time(tmp_path: Path) -> None:
    files = [touch(tmp_path / "Album" / f"{i:02d} track.flac") for i in range(50)]
    lines = ["#EXTM3U"]
    for i in range(playlists.MAX_ENTRIES + 10):
        lines += [f"#EXTINF:{i % 600},Artist - Track {i}", f"Album/{i % 50:02d} track.flac"]
    playlist = tmp_path / "huge.m3u8"
    playlist.write_text("\r\n".join(lines), "utf-8")
    timings = []
    for _ in range(2):  # CPU time, best of two: other processes and hiccups do not count
        started = time.process_time()
        read = read_playlist(playlist)
        timings.append(time.process_time() - started)
    assert len(read.entries) == playlists.MAX_ENTRIES
    assert read.entries[-1] == PlaylistEntry(files[99_999 % 50], "Artist - Track 99999", 399.0)
    assert read.problems == ["huge.m3u8: only the first 100,000 entries were read"]
    # Not a benchmark: a loose bound that only a quadratic slip would break (about 0.6 s of
    # CPU here; the share of the machine a test gets varies too much for a tight one).
    assert min(timings) < 4.0, timings


# Property tests: the fixtures are built per example in a temporary folder, since hypothesis
# runs many examples inside one test function.

FRAGMENTS = [
    "a.flac", "sub/b.mp3", "../", "./", "/", "\\", "#EXTM3U", "#EXTINF:", "-1", "3.5", ",",
    "file://", "file:///", "localhost", "http://", "concat:", "subfile,,", "pipe:0", "data:",
    "%20", "%00", "%ff", "é", "\r\n", "\n", "\r", " ", "\t", "[playlist]", "File1=", "Title1=",
    "Length1=", "NumberOfEntries=", "self.m3u8", "sub", "..", "C:\\", "\ufeff", "\x00", "\udcff",
    "{BASE}",
]  # fmt: skip
# Whole lines, most of them close to valid, so that many examples do keep entries.
LINES = st.sampled_from(
    [
        "a.flac", "sub/b.mp3", "./a.flac", "sub/../a.flac", "sub\\b.mp3", " a.flac ",
        "{BASE}/a.flac", "file://{BASE}/a.flac", "file://localhost{BASE}/sub/b.mp3",
        "File1=a.flac", "file2=sub/b.mp3", "file://{BASE}/caf\udce9%E9.flac",
        "[playlist]", "#EXTM3U", "#EXTINF:12,A - B", "#EXTINF:-1,", "../a.flac", "sub", "self.m3u",
        "http://example.com/a.flac", "concat:a.flac|a.flac", "subfile,,start,0,,:a.flac",
    ]
)  # fmt: skip
CONTENT = st.one_of(
    st.lists(st.sampled_from(FRAGMENTS) | st.text(max_size=8), max_size=30).map("".join),
    st.lists(LINES | st.text(max_size=8), max_size=12).map("\n".join),
    st.lists(LINES, max_size=12).map("\r\n".join),
)
FUZZ = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def assert_only_regular_files(read: playlists.PlaylistRead) -> None:
    for entry in read.entries:
        assert entry.path.is_absolute() and entry.path.is_file()
        assert not entry.path.is_dir()


def fuzz_read(content: bytes, suffix: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        base = Path(folder)
        touch(base / "a.flac")
        touch(base / "sub" / "b.mp3")
        playlist = base / f"self{suffix}"
        playlist.write_bytes(content.replace(b"{BASE}", os.fsencode(base.as_posix())))
        try:
            read = read_playlist(playlist)
        except PlaylistError:
            return
        assert_only_regular_files(read)
        assert {e.path for e in read.entries} <= {base / "a.flac", base / "sub" / "b.mp3"}
        assert all(isinstance(p, str) and p.isprintable() for p in read.problems)


@FUZZ
@given(CONTENT, st.sampled_from([".m3u", ".m3u8", ".pls"]))
def test_fuzz_text_never_raises_and_keeps_only_files(text: str, suffix: str) -> None:
    fuzz_read(text.encode("utf-8", "surrogateescape"), suffix)


@FUZZ
@given(st.binary(max_size=300), st.sampled_from([".m3u", ".m3u8", ".pls"]))
def test_fuzz_bytes_never_raises_and_keeps_only_files(data: bytes, suffix: str) -> None:
    fuzz_read(data, suffix)


NAMES = st.text(
    st.characters(blacklist_categories=["Cs"], blacklist_characters="\n\r\x00/"),
    min_size=1,
    max_size=40,
).filter(lambda n: n not in (".", "..") and len(n.encode("utf-8")) <= 200)
NAMES = NAMES.filter(lambda n: not playlists.is_playlist(n))  # the writer skips those


@FUZZ
@given(
    st.lists(st.tuples(NAMES, st.text(max_size=20), st.none() | st.floats()), max_size=6),
    st.booleans(),
)
def test_round_trip_of_arbitrary_names(
    items: list[tuple[str, str, float | None]], nested: bool
) -> None:
    with tempfile.TemporaryDirectory() as folder:
        base = Path(folder)
        entries = []
        for index, (name, title, duration) in enumerate(items):
            path = base / str(index) / name if nested else base / "x" / f"{index}{name}"
            touch(path)
            entries.append(PlaylistEntry(path, title, duration))
        playlist = base / "x" / "list.m3u8"
        playlist.parent.mkdir(exist_ok=True)
        assert write_m3u8(playlist, entries) == []
        read = read_playlist(playlist)
        assert paths(read) == [e.path for e in entries]
        for got, sent in zip(read.entries, entries, strict=True):
            assert got.title == " ".join(sent.title.replace("\0", " ").splitlines()).strip()
            d = sent.duration_s
            want = round(d) if d is not None and d == d and abs(d) != float("inf") else -1
            assert got.duration_s == (None if want < 0 else want)
