"""Read M3U, M3U8 and PLS playlists of local files, and write M3U8.

A playlist is untrusted input. Reading it opens only the playlist itself: each entry is checked
with ``stat`` and kept when it is an existing regular file. Entries that carry a URL scheme
(``http:``, ``concat:``, ``pipe:``, ``data:`` ...), ffmpeg's ``subfile,`` form or a network path
(``//server/share``) are refused and never touched, so no entry can reach the network. Entries
naming another playlist are reported and not followed, so a playlist cannot include itself.
Devices, FIFOs, sockets, folders and the files of the kernel's own file systems (``/proc``,
``/sys``: regular to ``stat`` but endless, blocking or secret) are refused as not regular files.
Memory stays bounded: the playlist is at most :data:`MAX_PLAYLIST_BYTES` and its lines are split
a chunk at a time, so even 16 MB of one-byte lines costs a few MB beyond the bytes themselves.
Problems with single entries are collected as sentences and the rest of the playlist is kept;
:class:`~app.core.errors.PlaylistError` is raised only when the file as a whole is unusable.

As RFC 3986 has it for relative references, a name whose first part looks like a scheme
(``Intro: Overture.flac``) must be written ``./Intro: Overture.flac``; :func:`write_m3u8` does so.
"""

from __future__ import annotations

import codecs
import math
import os
import re
import stat
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path, PurePath
from urllib.parse import unquote_to_bytes

from app.core.atomic import write_atomically
from app.core.errors import PlaylistError

PLAYLIST_EXTENSIONS = frozenset({".m3u", ".m3u8", ".pls"})
MAX_PLAYLIST_BYTES = 16 * 1024 * 1024
MAX_ENTRIES = 100_000  # entries kept
MAX_ENTRY_LINES = 2 * MAX_ENTRIES  # entry lines examined, kept or not: bounds the stat calls
MAX_LINE_BYTES = 16 * 1024  # far beyond any real path, even percent-encoded
MAX_PROBLEMS = 100  # listed one by one; the rest are counted
_CHUNK_BYTES = 1024 * 1024  # lines are split this much at a time (memory, not speed)
_MAX_MOUNTINFO_BYTES = 4 * 1024 * 1024
# Kernel file systems: their "regular" files are views of the kernel (/proc/kmsg blocks,
# /proc/self/environ holds secrets, /sys files never end), never music.
_KERNEL_FILE_SYSTEMS = frozenset(
    {"proc", "sysfs", "devtmpfs", "devpts", "debugfs", "tracefs", "securityfs", "cgroup",
     "cgroup2", "pstore", "bpf", "configfs", "fusectl", "mqueue", "efivarfs", "binfmt_misc",
     "autofs", "rpc_pipefs", "nsfs", "selinuxfs", "hugetlbfs"}
)  # fmt: skip
_LINE_END = re.compile(rb"\r\n|\r|\n")

# RFC 3986: a scheme is a letter then letters, digits, "+", "-", "."; two or more characters so
# that Windows drive letters (C:\) stay paths. ffmpeg also reads "subfile,,start,0,,:url".
_URL_LIKE = re.compile(r"[A-Za-z][A-Za-z0-9+.\-]+:|[A-Za-z][A-Za-z0-9+.\-]*,[^/\\]*:")
_PLAYLIST_SUFFIXES = tuple(PLAYLIST_EXTENSIONS)
_WINDOWS_DRIVE_IN_URI = re.compile(r"/[A-Za-z]:")


@dataclass(frozen=True, slots=True)
class PlaylistEntry:
    """One local file named by a playlist.

    Parameters
    ----------
    path
        Absolute, normalised path of an existing regular file (when read).
    title
        The ``Artist - Title`` text from ``#EXTINF`` or ``TitleN``; empty when absent.
    duration_s
        Length from ``#EXTINF`` or ``LengthN``; ``None`` when absent or unknown (-1).

    """

    path: Path
    title: str = ""
    duration_s: float | None = None


@dataclass
class PlaylistRead:
    """What a playlist gave: entries in playlist order, and one sentence per problem."""

    entries: list[PlaylistEntry] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


def is_playlist(path: str | Path) -> bool:
    """Return whether ``path`` ends in a playlist extension (a hidden ``.m3u`` too)."""
    return os.fspath(path).lower().endswith(_PLAYLIST_SUFFIXES)


def _shown(text: str) -> str:
    """Quote an entry for a message: control characters and undecodable bytes escaped."""
    if len(text) > 200:
        text = text[:200] + "…"
    return repr(text)


def _readable(text: str) -> str:
    """Turn bytes that were not UTF-8 (surrogate escapes) into U+FFFD for display."""
    if text.isascii():
        return text
    return text.encode("utf-8", "surrogateescape").decode("utf-8", "replace")


def _duration(text: str) -> float | None:
    """Seconds from a playlist length field; ``None`` for -1, garbage or non-finite values."""
    try:
        value = float(text.strip())
    except ValueError:
        return None
    return value if math.isfinite(value) and value >= 0 else None


def _parse_extinf(rest: str) -> tuple[str, float | None]:
    """Split ``<seconds> [attributes],<Artist - Title>`` into title and duration."""
    head, _, title = rest.partition(",")
    words = head.split(maxsplit=1)
    return _readable(title.strip()), _duration(words[0]) if words else None


def _is_url_like(text: str) -> bool:
    """Return whether an entry carries a URL scheme or an ffmpeg protocol prefix."""
    return ":" in text and _URL_LIKE.match(text) is not None


class _Reader:
    """Collects the entries and problems of one playlist while it is parsed."""

    def __init__(self, playlist: Path, legacy: bool, kernel: frozenset[int]) -> None:
        self.path = playlist
        self.name = playlist.name
        self.base = os.path.dirname(os.path.abspath(playlist))
        self.prefix = os.path.join(self.base, "")  # the folder with one trailing separator
        self.legacy = legacy  # decoded as cp1252/Latin-1: also try the raw bytes as a file name
        self.kernel = kernel  # device numbers of the kernel's file systems (/proc, /sys ...)
        self.result = PlaylistRead()
        self.hidden_problems = 0

    def problem(self, where: int | str, message: str) -> None:
        """Record a problem at a line number or key, listing only the first few."""
        if len(self.result.problems) < MAX_PROBLEMS:
            where = f"line {where}" if isinstance(where, int) else where
            prefix = f"{self.name}, {where}" if where else self.name
            self.result.problems.append(f"{prefix}: {message}")
        else:
            self.hidden_problems += 1

    def full(self) -> bool:
        """Return whether the entry limit is reached (and say so once)."""
        if len(self.result.entries) < MAX_ENTRIES:
            return False
        self.problem("", f"only the first {MAX_ENTRIES:,} entries were read")
        return True

    def finish(self) -> PlaylistRead:
        """Close the problem list and return what was read."""
        if self.hidden_problems:
            self.result.problems.append(
                f"{self.name}: {self.hidden_problems:,} more problems were not listed"
            )
        if not self.result.entries and not self.result.problems:
            self.result.problems.append(f"{self.name}: the playlist has no entries")
        return self.result

    def add(
        self, where: int | str, text: str, raw: bytes, title: str, duration: float | None
    ) -> None:
        """Check one entry and keep it if it names an existing local regular file."""
        entry = text.strip()
        plain = len(entry) == len(text) and (not self.legacy or raw.isascii())
        if plain and self._added_plain(entry, title, duration):
            return  # the usual case, kept quick for long playlists; the rest is checked below
        refusal = _refusal(entry)
        if refusal:
            self.problem(where, f"{_shown(entry)} {refusal}; skipped")
            return
        candidates = self._candidates(entry, text, raw)
        if candidates and is_playlist(candidates[0]):
            self.problem(where, f"{_shown(entry)} is a playlist; nested playlists are not followed")
            return
        found, kind = _first_regular_file(candidates, self.kernel)
        if found is None:
            self.problem(where, f"{_shown(entry)} {kind}; skipped")
            return
        self.result.entries.append(PlaylistEntry(Path(found), title, duration))

    def _added_plain(self, entry: str, title: str, duration: float | None) -> bool:
        """Keep an entry that is plainly a path to a regular file; ``False`` if in any doubt."""
        if ":" in entry or "\\" in entry or entry[:2] == "//":
            return False
        path = self._absolute(entry)
        if is_playlist(path):
            return False
        try:
            info = os.stat(path)
        except (OSError, ValueError):
            return False
        if not stat.S_ISREG(info.st_mode) or info.st_dev in self.kernel:
            return False
        self.result.entries.append(PlaylistEntry(Path(path), title, duration))
        return True

    def _candidates(self, entry: str, text: str, raw: bytes) -> list[str]:
        """Absolute paths the entry may mean, most likely first; empty for a bad file URI."""
        if ":" in entry and entry[:5].lower() == "file:":
            path = _file_uri_path(entry)
            return [path] if path else []
        names = [entry, text]  # the second: a name that really begins or ends with white space
        if "\\" in entry and os.sep == "/":
            names.append(entry.replace("\\", "/"))  # written on Windows
        if self.legacy:
            names.append(os.fsdecode(raw.strip()))  # a Latin-1 name on disk
        return [self._absolute(name) for name in dict.fromkeys(names)]

    def _absolute(self, name: str) -> str:
        """Resolve ``name`` against the playlist's folder, lexically (``a/../b`` is ``b``)."""
        if os.sep != "/":
            return os.path.normpath(os.path.join(self.base, name))
        path = name if name[:1] == "/" else self.prefix + name
        if "/." in path or "//" in path or path[-1] == "/":
            return os.path.normpath(path)
        return path  # already normal: normpath and join are the slow steps of a long playlist


def _refusal(entry: str) -> str:
    """Say why an entry must not be touched at all, or return ``""``."""
    if entry.startswith(("//", "\\\\")):
        return "is a network path; only local files are played"
    if entry[:5].lower() != "file:" and _is_url_like(entry):
        return "carries a URL scheme or stream protocol; only local files are played"
    return ""


def _file_uri_path(uri: str) -> str | None:
    """Return the local absolute path of a ``file:`` URI, or ``None`` for another host.

    Everything after the host is path: players often leave ``#`` and ``?`` unencoded in
    file names, so no query or fragment is split off.
    """
    rest = uri[5:]
    if rest.startswith("//"):
        host, slash, rest = rest[2:].partition("/")
        if host.lower() not in ("", "localhost"):
            return None
        rest = slash + rest
    # Raw bytes in the URI (surrogate escapes from a .m3u8) stay those bytes.
    path = os.fsdecode(unquote_to_bytes(rest.encode("utf-8", "surrogateescape")))
    if os.name == "nt" and _WINDOWS_DRIVE_IN_URI.match(path):
        path = path[1:]
    if not os.path.isabs(path) or path.startswith(("//", "\\\\")):
        return None
    return os.path.normpath(path)


def _first_regular_file(candidates: list[str], kernel: frozenset[int]) -> tuple[str | None, str]:
    """Return the first candidate that is a regular file, else ``None`` and why none is.

    Files of the kernel's file systems (device numbers in ``kernel``) are not regular files.
    """
    if not candidates:
        return None, "is not a local file URI; only local files are played"
    kind = "was not found"
    for candidate in candidates:
        try:
            info = os.stat(candidate)
        except (OSError, ValueError):  # ValueError: a name the OS cannot encode
            continue
        if stat.S_ISREG(info.st_mode) and info.st_dev not in kernel:
            return candidate, ""
        kind = "is a folder, not a file" if stat.S_ISDIR(info.st_mode) else "is not a regular file"
    return None, kind


def _kernel_devices() -> frozenset[int]:
    """Return the device numbers of the kernel's file systems (``/proc``, ``/sys`` ...).

    Read from ``/proc/self/mountinfo`` at each call, since mounts come and go; empty where
    there is no such file (not Linux), and then only ``stat``'s file type guards.
    """
    try:
        with open("/proc/self/mountinfo", "rb") as stream:
            lines = stream.read(_MAX_MOUNTINFO_BYTES).splitlines()
    except OSError:
        return frozenset()
    found = set()
    for line in lines:
        # "36 35 98:0 /root /mnt opts - ext3 /dev/root rw": device 3rd, type after the "-"
        fields = line.split()
        try:
            kind = fields[fields.index(b"-") + 1].decode("ascii")
            major, minor = fields[2].split(b":")
            if kind in _KERNEL_FILE_SYSTEMS:
                found.add(os.makedev(int(major), int(minor)))
        except (ValueError, IndexError):
            continue
    return frozenset(found)


def _read_bytes(path: Path, kernel: frozenset[int]) -> bytes:
    """Read the playlist's bytes, refusing anything but a regular file of sane size.

    The file is looked at before it is opened: opening a device can have effects of its own
    (a terminal becomes ours, a watchdog starts), and a FIFO would block.
    """
    flags = os.O_RDONLY | getattr(os, "O_BINARY", 0) | getattr(os, "O_NONBLOCK", 0)
    flags |= getattr(os, "O_NOCTTY", 0)
    try:
        _check_regular(path, os.stat(path), kernel)
        fd = os.open(path, flags)  # non-blocking: swapped for a FIFO meanwhile, still no hang
        try:
            _check_regular(path, os.fstat(fd), kernel)
            with open(fd, "rb", closefd=False) as stream:
                data = stream.read(MAX_PLAYLIST_BYTES + 1)
        finally:
            os.close(fd)
    except OSError as exc:
        raise PlaylistError(path, f"cannot be read ({exc.strerror or exc})") from exc
    if len(data) > MAX_PLAYLIST_BYTES:
        raise PlaylistError(path, f"is larger than {MAX_PLAYLIST_BYTES // 2**20} MB")
    return data


def _check_regular(path: Path, info: os.stat_result, kernel: frozenset[int]) -> None:
    """Raise :class:`PlaylistError` unless ``info`` is a regular file of sane size."""
    if not stat.S_ISREG(info.st_mode) or info.st_dev in kernel:
        raise PlaylistError(path, "is not a regular file")
    if info.st_size > MAX_PLAYLIST_BYTES:
        raise PlaylistError(path, f"is larger than {MAX_PLAYLIST_BYTES // 2**20} MB")


def _decode_plan(path: Path, data: bytes) -> tuple[bytes, str, str]:
    """Return the bytes to split into lines, with the codec and error handler for them.

    UTF-16 (with a byte order mark, or without one when it plainly is text) is made UTF-8
    first. ``.m3u8`` is UTF-8; undecodable bytes become surrogate escapes, which are exactly
    how the OS spells a non-UTF-8 file name. ``.m3u`` and ``.pls`` are UTF-8 when they decode
    as such, else cp1252 (Latin-1 for the few bytes cp1252 leaves undefined).
    """
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        data = data.decode("utf-16", "replace").encode("utf-8")
    elif b"\0" in data and (text := _utf16_text(data)) is not None:
        data = text.encode("utf-8")
    data = data.removeprefix(codecs.BOM_UTF8)
    if b"\0" in data:
        raise PlaylistError(path, "is not a playlist (it contains binary data)")
    if path.suffix.lower() == ".m3u8":
        return data, "utf-8", "surrogateescape"
    for codec in ("utf-8", "cp1252"):
        if _decodes_as(data, codec):
            return data, codec, "strict"
    return data, "latin-1", "strict"


def _utf16_text(data: bytes) -> str | None:
    """Return ``data`` decoded as UTF-16 written without a byte order mark, if it is text.

    Text it is when it decodes strictly, holds no NUL and no control character but white
    space, and a quarter of its code units at least are ASCII or Latin-1 (a zero high byte):
    paths are full of ``/``, ``.`` and digits. A UTF-8 file with a stray NUL is not.
    """
    if len(data) % 2:
        return None
    for codec, high_bytes in (("utf-16-le", data[1::2]), ("utf-16-be", data[0::2])):
        if high_bytes.count(0) * 4 < len(high_bytes):
            continue
        try:
            text = data.decode(codec)
        except UnicodeDecodeError:
            continue
        if "\0" not in text and "".join(text.split()).isprintable():
            return text
    return None


def _decodes_as(data: bytes, codec: str) -> bool:
    """Return whether all of ``data`` decodes with ``codec``, a chunk at a time."""
    if data.isascii():
        return True
    decoder = codecs.getincrementaldecoder(codec)()
    try:
        for start in range(0, len(data), _CHUNK_BYTES):
            decoder.decode(data[start : start + _CHUNK_BYTES])
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return False
    return True


def _lines(data: bytes) -> Iterator[bytes]:
    """Yield the lines of ``data`` (LF, CRLF or CR), split a chunk at a time.

    Splitting all at once would make a list of millions of small objects from a file of
    short lines (about 20 times its size); a chunk always ends after a whole line end.
    """
    start = 0
    while start < len(data):
        end = start + _CHUNK_BYTES
        if end < len(data):
            found = _LINE_END.search(data, end)
            end = found.end() if found is not None else len(data)
        yield from data[start:end].splitlines()
        start = end


def _read_m3u(reader: _Reader, lines: Iterable[bytes], codec: str, errors: str) -> None:
    """Entries of an M3U/M3U8 playlist; ``#EXTINF`` applies to the next entry."""
    pending: tuple[str, float | None] = ("", None)
    examined = 0
    for number, raw in enumerate(lines, 1):
        if len(raw) > MAX_LINE_BYTES:
            pending = ("", None)
            if not raw.lstrip().startswith(b"#"):
                reader.problem(number, f"longer than {MAX_LINE_BYTES:,} bytes; skipped")
            continue
        text = raw.decode(codec, errors)
        line = text.strip()
        if not line:
            continue
        if line.startswith("#"):
            if line[:8].upper() == "#EXTINF:":
                pending = _parse_extinf(line[8:])
            continue
        if len(reader.result.entries) >= MAX_ENTRIES and reader.full():
            return
        if examined >= MAX_ENTRY_LINES:
            reader.problem("", f"reading stopped after {MAX_ENTRY_LINES:,} entry lines")
            return
        examined += 1
        reader.add(number, text, raw, *pending)
        pending = ("", None)


_PLS_KEY = re.compile(r"(file|title|length)(\d{1,9})", re.IGNORECASE)
_PLS_SLOTS = {"file": 0, "title": 1, "length": 2}


def _read_pls(reader: _Reader, lines: Iterable[bytes], codec: str, errors: str) -> None:
    """Entries of a PLS playlist in ``FileN`` order; keys are case-insensitive."""
    # The raw bytes after "=" of FileN, TitleN and LengthN, by N: decoded when used.
    fields: dict[int, list[bytes | None]] = {}
    section: str | None = None  # keys before any section header are accepted
    for number, raw in enumerate(lines, 1):
        if len(raw) > MAX_LINE_BYTES:
            reader.problem(number, f"longer than {MAX_LINE_BYTES:,} bytes; skipped")
            continue
        line = raw.decode(codec, errors).strip()
        if line.startswith("[") and line.endswith("]"):
            section = line[1:-1].strip().lower()
            continue
        key, sep, _value = line.partition("=")
        match = _PLS_KEY.fullmatch(key.strip())
        if not sep or not match or section not in (None, "playlist"):
            continue
        index = int(match.group(2))
        if index not in fields and len(fields) >= MAX_ENTRY_LINES:
            reader.problem(number, f"more than {MAX_ENTRY_LINES:,} entries; the rest are skipped")
            break
        slots = fields.setdefault(index, [None, None, None])
        slots[_PLS_SLOTS[match.group(1).lower()]] = raw.partition(b"=")[2]
    if not fields and section != "playlist":
        raise PlaylistError(reader.path, "is not a PLS playlist (no [playlist] section)")
    for number in sorted(fields):
        file, title, length = fields[number]
        if file is None:
            continue
        if reader.full():
            return
        text = file.decode(codec, errors).rstrip()
        title_text = _readable(title.decode(codec, errors).strip()) if title else ""
        duration = _duration(length.decode(codec, errors)) if length is not None else None
        reader.add(f"File{number}", text, file, title_text, duration)


def read_playlist(path: str | Path) -> PlaylistRead:
    """Read a ``.m3u``, ``.m3u8`` or ``.pls`` playlist of local files.

    Parameters
    ----------
    path
        The playlist file; its extension chooses the format.

    Returns
    -------
    PlaylistRead
        Entries that are existing regular files, in playlist order, relative entries resolved
        against the playlist's folder; and a sentence naming the playlist and the line (or
        ``FileN``) for each entry skipped (missing, URL, network path, nested playlist).

    Raises
    ------
    PlaylistError
        If the file cannot be read, is not a regular file, is larger than
        :data:`MAX_PLAYLIST_BYTES`, holds binary data, or has an unknown extension.

    """
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in PLAYLIST_EXTENSIONS:
        raise PlaylistError(path, "is not a playlist (.m3u, .m3u8 or .pls)")
    kernel = _kernel_devices()
    data, codec, errors = _decode_plan(path, _read_bytes(path, kernel))
    reader = _Reader(path, legacy=codec != "utf-8", kernel=kernel)
    if suffix == ".pls":
        _read_pls(reader, _lines(data), codec, errors)
    else:
        _read_m3u(reader, _lines(data), codec, errors)
    return reader.finish()


def _m3u_name(target: str, base: str) -> str:
    """How the playlist in ``base`` spells ``target``: relative below it, else absolute."""
    try:
        inside = os.path.commonpath([base, target]) == base
    except ValueError:  # another drive on Windows
        inside = False
    if not inside:
        return target
    name = PurePath(os.path.relpath(target, base)).as_posix()
    if name.startswith(("#", "\\")) or name[:1].isspace() or _is_url_like(name):
        name = "./" + name  # would otherwise read back as a comment, a URL or be stripped
    return name


def _encoded_name(name: str) -> bytes | None:
    """UTF-8 bytes of an entry's name, or ``None`` if a line of M3U cannot hold it.

    Surrogate escapes (bytes of a non-UTF-8 file name) are written back as those bytes; line
    breaks, NUL and other lone surrogates cannot be written.
    """
    if "\r" in name or "\n" in name or "\0" in name:
        return None
    try:
        return name.encode("utf-8", "surrogateescape")
    except UnicodeEncodeError:
        return None


def write_m3u8(path: str | Path, entries: Iterable[PlaylistEntry]) -> list[str]:
    """Write an extended M3U playlist in UTF-8, atomically.

    Each entry gets ``#EXTINF:<whole seconds or -1>,<title>`` and its path: relative (with ``/``)
    when the file lies under the playlist's folder, else absolute. Relative entry paths are
    taken relative to the working directory.

    Parameters
    ----------
    path
        Where to write; must end in ``.m3u8`` or ``.m3u`` so no other file is overwritten.
    entries
        What to write, in order.

    Returns
    -------
    list[str]
        A sentence for each entry left out: another playlist (never followed when read), or a
        name M3U cannot spell (a line break, a NUL, or a lone surrogate that stands for no byte).

    Raises
    ------
    PlaylistError
        If the extension is wrong or the file cannot be written; the old file is then kept.

    """
    path = Path(path)
    if path.suffix.lower() not in (".m3u8", ".m3u"):
        raise PlaylistError(path, "a playlist is written only to a .m3u8 or .m3u file")
    target = os.path.abspath(path)
    base = os.path.dirname(target)
    lines, problems = [b"#EXTM3U"], []
    for entry in entries:
        name = _m3u_name(os.path.abspath(entry.path), base)
        encoded = _encoded_name(name)
        if encoded is None or is_playlist(name):
            why = "is a playlist" if encoded else "cannot be spelled in M3U"
            problems.append(f"{path.name}: {_shown(name)} {why}; skipped")
            continue
        seconds = entry.duration_s
        length = round(seconds) if seconds is not None and math.isfinite(seconds) else -1
        title = " ".join(entry.title.replace("\0", " ").splitlines()).strip()
        lines.append(f"#EXTINF:{max(length, -1)},{title}".encode("utf-8", "replace"))
        lines.append(encoded)
    try:
        write_atomically(target, b"\n".join(lines) + b"\n")
    except OSError as exc:
        raise PlaylistError(path, f"cannot be written ({exc.strerror or exc})") from exc
    return problems
