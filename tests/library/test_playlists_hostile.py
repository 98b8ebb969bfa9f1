"""Hostile playlists: whatever a playlist names, only local files come out, and nothing else.

A real listener on 127.0.0.1 (TCP and UDP, and ::1 where there is IPv6) is named by URLs of
every scheme inside the playlists, and must never be reached; an audit hook notes any socket
this process opens meanwhile. The helpers here also serve the end-to-end test
(tests/e2e/test_hostile_playlists.py), which loads the same playlists into the real app.
"""

from __future__ import annotations

import json
import os
import select
import socket
import stat
import subprocess
import sys
import textwrap
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote

import pytest

from app.core.errors import PlaylistError
from app.library import playlists
from app.library.playlists import read_playlist

ROOT = Path(__file__).resolve().parents[2]
NETWORK_EVENTS = ("socket.connect", "socket.sendto", "socket.sendmsg", "socket.getaddrinfo",
                  "socket.gethostbyname", "socket.gethostbyaddr", "socket.getnameinfo")  # fmt: skip


class Listener:
    """Sockets on the loopback that note every connection or datagram that reaches them."""

    def __init__(self) -> None:
        self.tcp = socket.create_server(("127.0.0.1", 0))
        self.udp = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self.udp.bind(("127.0.0.1", 0))
        self.sockets = [self.tcp, self.udp]
        self.tcp6: socket.socket | None = None
        if socket.has_ipv6:
            try:
                self.tcp6 = socket.create_server(("::1", 0), family=socket.AF_INET6)
                self.sockets.append(self.tcp6)
            except OSError:  # no IPv6 loopback here
                self.tcp6 = None
        self.contacts: list[str] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._serve, name="listener", daemon=True)
        self._thread.start()

    @property
    def port(self) -> int:
        return int(self.tcp.getsockname()[1])

    def urls(self) -> list[str]:
        """Every way a playlist could name this listener."""
        host, udp = f"127.0.0.1:{self.port}", f"127.0.0.1:{self.udp.getsockname()[1]}"
        urls = [
            f"http://{host}/a.mp3", f"https://{host}/a.mp3", f"HTTP://{host}/b.flac",
            f"ftp://{host}/a.mp3", f"rtsp://{host}/s", f"rtmp://{host}/s", f"mmsh://{host}/s",
            f"tcp://{host}", f"tls://{host}", f"gopher://{host}/", f"icecast://{host}/s",
            f"hls+http://{host}/a.m3u8", f"crypto+http://{host}/a", f"cache:http://{host}/a",
            f"async:http://{host}/a", f"udp://{udp}", f"rtp://{udp}", f"srt://{udp}",
            f"http://localhost:{self.port}/a.mp3", f"//127.0.0.1:{self.port}/share/a.flac",
            f"file://127.0.0.1:{self.port}/a.flac", f"smb://{host}/share/a.flac",
        ]  # fmt: skip
        if self.tcp6 is not None:
            urls.append(f"http://[::1]:{self.tcp6.getsockname()[1]}/a.mp3")
        return urls

    def _serve(self) -> None:
        while not self._stop.is_set():
            ready, _, _ = select.select(self.sockets, [], [], 0.05)
            for sock in ready:
                if sock.type == socket.SOCK_DGRAM:
                    data, peer = sock.recvfrom(4096)
                    self.contacts.append(f"datagram from {peer}: {data[:60]!r}")
                else:
                    conn, peer = sock.accept()
                    self.contacts.append(f"connection from {peer}")
                    conn.close()

    def close(self) -> None:
        time.sleep(0.1)  # a connection already under way still counts
        self._stop.set()
        self._thread.join(5)
        for sock in self.sockets:
            sock.close()


@pytest.fixture
def listener() -> Iterator[Listener]:
    found = Listener()
    try:
        yield found
    finally:
        found.close()


class NetworkAudit:
    """An audit hook (for the whole process, as hooks are) noting socket use while armed."""

    events: list[str] = []  # one hook, one list, for the process
    armed = False
    _installed = False

    @classmethod
    def watching(cls) -> NetworkAudit:
        if not cls._installed:
            sys.addaudithook(cls._hook)
            cls._installed = True
        cls.events.clear()
        return cls()

    @classmethod
    def _hook(cls, event: str, args: tuple[object, ...]) -> None:
        if cls.armed and event in NETWORK_EVENTS:
            cls.events.append(f"{event}{args[1:]!r}"[:200])

    def __enter__(self) -> list[str]:
        NetworkAudit.armed = True
        return NetworkAudit.events

    def __exit__(self, *exc: object) -> None:
        NetworkAudit.armed = False


@dataclass
class HostileSet:
    """A music folder and playlists full of hostile entries, and what reading must give."""

    folder: Path
    local: list[Path]  # the files the playlists name that must play, in order
    hostile: list[str]  # every other entry, as written in the playlists
    playlists: dict[str, Path] = field(default_factory=dict)


def build_hostile_set(folder: Path, listener: Listener, local: list[Path]) -> HostileSet:
    """Write the playlists into ``folder/lists`` around the existing ``local`` files.

    ``local`` needs four files, the last outside ``folder/lists``'s parent (reached with
    ``../``). The playlists list local and hostile entries alternately, in all their forms.
    """
    lists = folder / "lists"
    lists.mkdir(parents=True, exist_ok=True)
    traps = folder / "traps"
    traps.mkdir(exist_ok=True)
    os.mkfifo(traps / "fifo.flac")
    unix = socket.socket(socket.AF_UNIX)
    unix.bind(str(traps / "socket.flac"))
    unix.close()
    (traps / "folder.flac").mkdir()
    (traps / "environ.flac").symlink_to("/proc/self/environ")
    (traps / "zero.flac").symlink_to("/dev/zero")
    hostile = [
        *listener.urls(),
        f"concat:{local[0]}|{local[1]}", f"subfile,,start,0,end,100,,:{local[0]}",
        "pipe:0", "fd:0", "data:audio/wav;base64,UklGRiQAAABXQVZF", "file://otherhost/a.flac",
        "\\\\127.0.0.1\\share\\a.flac", "/dev/zero", "/dev/urandom", "/proc/self/environ",
        "/proc/self/mem", "/sys/kernel/mm/transparent_hugepage/enabled",
        "../../../../../../../../../../../../dev/zero", "../traps/fifo.flac",
        "../traps/socket.flac", "../traps/folder.flac", "../traps/environ.flac",
        "../traps/zero.flac", str(traps / "missing.flac"), "hostile.m3u8", "hostile.pls",
        "other.m3u", "../lists/./hostile.m3u8",
    ]  # fmt: skip
    names = [
        os.path.relpath(local[0], lists),
        str(local[1]),
        "file://" + quote(str(local[2])),
        os.path.relpath(local[3], lists),
    ]
    entries: list[str] = []
    for i, name in enumerate(names):
        entries += [name, *hostile[i::4]]
    found = HostileSet(folder, list(local), [e for e in entries if e not in names])
    m3u8 = ["#EXTM3U"] + [f"#EXTINF:-1,Entry {i}\n{e}" for i, e in enumerate(entries)]
    found.playlists["hostile.m3u8"] = _write(lists / "hostile.m3u8", "\r\n".join(m3u8))
    pls = ["[playlist]"] + [f"File{i}={e}" for i, e in enumerate(entries, 1)]
    pls.append(f"NumberOfEntries={len(entries)}")
    found.playlists["hostile.pls"] = _write(lists / "hostile.pls", "\n".join(pls))
    found.playlists["other.m3u"] = _write(lists / "other.m3u", "hostile.m3u8\nother.m3u\n")
    return found


def _write(path: Path, text: str) -> Path:
    path.write_text(text + "\n", "utf-8")
    return path


def touch(path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"x")
    return path


@pytest.fixture
def hostile_set(tmp_path: Path, listener: Listener) -> HostileSet:
    music = tmp_path / "music"
    local = [touch(music / "good" / f"0{i} song, #{i}.flac") for i in (1, 2, 3)]
    local.append(touch(tmp_path / "outside" / "04 far away.flac"))
    return build_hostile_set(music, listener, local)


@pytest.mark.skipif(sys.platform != "linux", reason="FIFOs, sockets, /proc and /sys")
@pytest.mark.parametrize("name", ["hostile.m3u8", "hostile.pls"])
def test_only_local_files_come_out_and_nothing_is_contacted(
    hostile_set: HostileSet, listener: Listener, name: str
) -> None:
    playlist = hostile_set.playlists[name]
    with NetworkAudit.watching() as events:
        started = time.monotonic()
        read = read_playlist(playlist)
        elapsed_s = time.monotonic() - started
    assert [entry.path for entry in read.entries] == hostile_set.local
    assert len(read.problems) == len(hostile_set.hostile)
    for entry, problem in zip(hostile_set.hostile, read.problems, strict=True):
        assert f": {entry!r} " in problem, problem  # each refusal names its entry
        assert problem.startswith(f"{name}, ")
        assert problem.endswith(("; skipped", "nested playlists are not followed")), problem
    assert events == [], "a playlist reader used the network"
    assert listener.contacts == []
    assert elapsed_s < 5, "devices, FIFOs and /proc files must be refused without reading"


def test_a_playlist_that_includes_itself_or_its_includer_is_read_once(
    hostile_set: HostileSet,
) -> None:
    lists = hostile_set.folder / "lists"
    (lists / "a.m3u").write_text(f"b.m3u\na.m3u\n{hostile_set.local[0]}\n", "utf-8")
    (lists / "b.m3u").write_text(f"a.m3u\n{hostile_set.local[1]}\n", "utf-8")
    a, b = read_playlist(lists / "a.m3u"), read_playlist(lists / "b.m3u")
    assert [e.path for e in a.entries] == [hostile_set.local[0]]
    assert [e.path for e in b.entries] == [hostile_set.local[1]]
    assert a.problems == [
        "a.m3u, line 1: 'b.m3u' is a playlist; nested playlists are not followed",
        "a.m3u, line 2: 'a.m3u' is a playlist; nested playlists are not followed",
    ]


@pytest.mark.skipif(sys.platform != "linux", reason="FIFOs, /proc and /dev")
@pytest.mark.parametrize(
    "target", ["/dev/zero", "/dev/urandom", "/proc/self/environ", "/proc/self/mem", "fifo"]
)
def test_a_playlist_name_on_a_device_fifo_or_kernel_file_is_refused_at_once(
    tmp_path: Path, target: str
) -> None:
    if target == "fifo":
        os.mkfifo(tmp_path / "fifo")
        target = str(tmp_path / "fifo")
    link = tmp_path / "list.m3u"
    link.symlink_to(target)
    started = time.monotonic()
    with pytest.raises(PlaylistError, match="is not a regular file"):
        read_playlist(link)
    assert time.monotonic() - started < 2


@pytest.mark.parametrize(
    ("encoding", "newline"),
    [("utf-8", "\r\n"), ("utf-8", "\r"), ("utf-8-sig", "\n"), ("utf-16", "\r\n"),
     ("utf-16-le", "\r\n"), ("utf-16-be", "\n"), ("cp1252", "\r\n")],
)  # fmt: skip
def test_encodings_and_line_ends_of_every_editor(
    tmp_path: Path, encoding: str, newline: str
) -> None:
    names = ["Café del Mar.flac", "02 \u2013 dash.mp3"]
    if encoding != "cp1252":
        names += ["별빛 소리.flac", "🎵 emoji.opus"]
    files = [touch(tmp_path / name) for name in names]
    for suffix in (".m3u", ".m3u8"):
        playlist = tmp_path / f"list{suffix}"
        playlist.write_bytes(newline.join(["#EXTM3U", *names]).encode(encoding))
        if suffix == ".m3u8" and encoding == "cp1252":
            continue  # .m3u8 is UTF-8 by definition; cp1252 bytes there are file name bytes
        read = read_playlist(playlist)
        assert [entry.path for entry in read.entries] == files, (suffix, read.problems)
        assert read.problems == []


@pytest.mark.parametrize(
    "content",
    [
        b"a.flac\n\x00b.flac\n",
        "a.flac\n".encode("utf-32"),
        bytes(range(256)) * 64,
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(64),
        b"ID3\x04\x00\x00\x00\x00\x00\x00" + bytes(1000),
        b"fLaC\x00\x00\x00\x22" + bytes(40),
    ],
    ids=["nul", "utf-32", "bytes", "png", "id3", "flac"],
)
def test_binary_content_is_no_playlist(tmp_path: Path, content: bytes) -> None:
    touch(tmp_path / "a.flac")
    (tmp_path / "list.m3u").write_bytes(content)
    with pytest.raises(PlaylistError, match="not a playlist"):
        read_playlist(tmp_path / "list.m3u")


def test_utf16_without_a_byte_order_mark_is_text_but_a_stray_nul_is_not(tmp_path: Path) -> None:
    assert playlists._utf16_text("a.flac\r\n".encode("utf-16-le")) == "a.flac\r\n"
    assert playlists._utf16_text("별.flac\n".encode("utf-16-be")) == "별.flac\n"
    assert playlists._utf16_text(b"ab.flac\n\x00c.flac") is None  # UTF-8 with a NUL
    assert playlists._utf16_text(bytes(64)) is None  # silence


def test_an_enormous_line_is_skipped_and_named(tmp_path: Path) -> None:
    song = touch(tmp_path / "a.flac")
    huge = b"x" * (playlists.MAX_PLAYLIST_BYTES - 100)
    (tmp_path / "list.m3u").write_bytes(huge + b"\na.flac\n")
    read = read_playlist(tmp_path / "list.m3u")
    assert [entry.path for entry in read.entries] == [song]
    assert read.problems == ["list.m3u, line 1: longer than 16,384 bytes; skipped"]


# --------------------------------------------------------------------------------------------
# Bounds: the largest playlists the reader accepts, in a process of their own
# --------------------------------------------------------------------------------------------

MEASURE = textwrap.dedent(
    """
    import json, sys, time
    from app.core.errors import PlaylistError
    from app.library.playlists import read_playlist
    from tools.fuzz_tags import peak_rss_kb  # not ru_maxrss: Linux keeps pytest's across exec
    results = {}
    for path in sys.argv[1:]:
        start_kb = peak_rss_kb()
        cpu = time.process_time()
        try:
            read = read_playlist(path)
            outcome = [len(read.entries), len(read.problems)]
        except PlaylistError as exc:
            outcome = str(exc)
        grown = (peak_rss_kb() - start_kb) / 1024
        results[path] = [time.process_time() - cpu, grown, outcome]
    print(json.dumps(results))
    """
)
MAX_GROWTH_MB = 100  # the file itself (16 MB) and what is kept; the old reader took 330
MAX_CPU_S = 10.0  # about 1.5 s here for the worst; only a pathological slip reaches this


def test_the_largest_playlists_read_in_bounded_time_and_memory(tmp_path: Path) -> None:
    size = playlists.MAX_PLAYLIST_BYTES
    for i in range(50):
        touch(tmp_path / "Album" / f"{i:02d} track.flac")
    lines = ["#EXTM3U"]
    for i in range(playlists.MAX_ENTRIES + 10):
        lines += [f"#EXTINF:{i % 600},Artist - Track {i}", f"Album/{i % 50:02d} track.flac"]
    cases = {
        "100k.m3u8": "\r\n".join(lines).encode(),
        "short-lines.m3u": b"ab\n" * (size // 3),  # millions of lines
        "blank-lines.m3u": b"\r" * size,
        "many-keys.pls": b"[playlist]\n" + b"".join(b"File%d=a\n" % i for i in range(size // 14)),
    }
    paths = []
    for name, data in cases.items():
        assert len(data) <= size
        (tmp_path / name).write_bytes(data)
        paths.append(str(tmp_path / name))
    done = subprocess.run(
        [sys.executable, "-c", MEASURE, *paths], cwd=ROOT, capture_output=True, text=True,
        timeout=120,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    results = json.loads(done.stdout)
    for path, (cpu_s, grown_mb, outcome) in results.items():
        assert cpu_s < MAX_CPU_S and grown_mb < MAX_GROWTH_MB, (path, cpu_s, grown_mb, outcome)
    assert results[paths[0]][2] == [playlists.MAX_ENTRIES, 1]
    assert results[paths[3]][2][1] == playlists.MAX_PROBLEMS + 1


def test_kernel_file_systems_are_known_from_the_mount_table() -> None:
    kernel = playlists._kernel_devices()
    if sys.platform != "linux":
        assert kernel == frozenset()
        return
    assert os.stat("/proc/self/environ").st_dev in kernel
    assert os.stat(ROOT).st_dev not in kernel
    assert stat.S_ISREG(os.stat("/proc/self/environ").st_mode)  # why st_mode is not enough


def test_the_reader_opens_nothing_but_the_playlist(hostile_set: HostileSet) -> None:
    opened: list[str] = []

    def hook(event: str, args: tuple[object, ...]) -> None:
        if watching and event == "open" and isinstance(args[0], str | bytes):
            opened.append(os.fsdecode(args[0]))

    watching = False
    sys.addaudithook(hook)
    watching = True
    try:
        read_playlist(hostile_set.playlists["hostile.m3u8"])
    finally:
        watching = False
    assert set(opened) <= {str(hostile_set.playlists["hostile.m3u8"]), "/proc/self/mountinfo"}


def test_the_instruments_do_notice_the_network(listener: Listener) -> None:
    with NetworkAudit.watching() as events:
        socket.getaddrinfo("127.0.0.1", listener.port)
        with socket.create_connection(("127.0.0.1", listener.port), timeout=2):
            pass
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as udp:
            udp.sendto(b"hello", listener.udp.getsockname())
    assert {e.split("(")[0] for e in events} == {
        "socket.getaddrinfo", "socket.connect", "socket.sendto"
    }  # fmt: skip
    deadline = time.monotonic() + 5
    while len(listener.contacts) < 2 and time.monotonic() < deadline:
        time.sleep(0.01)
    assert len(listener.contacts) == 2, listener.contacts
