"""What the desktop's media widgets show, and what they may ask the player to do.

One model serves every system's now-playing service: MPRIS2 on Linux, the System Media
Transport Controls on Windows and the Now Playing centre on macOS. A Qt-side source
(:mod:`app.platform.now_playing_source`) builds a :class:`NowPlaying` snapshot from the running
player and implements :class:`NowPlayingControls` through the same code paths as the keyboard;
each service turns snapshots into its system's properties and its system's requests into calls
of the controls. Snapshots are immutable values: a service compares the last one it showed with
the new one (:func:`changed_fields`) and tells its system only what changed.

Nothing here imports Qt.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, fields, replace
from enum import Enum
from pathlib import Path
from typing import Protocol
from urllib.parse import unquote, urlsplit

from app.core.playback import PlaybackState

__all__ = [
    "METADATA_FIELDS",
    "Loop",
    "NowPlaying",
    "NowPlayingControls",
    "PlaybackState",
    "changed_fields",
    "path_from_uri",
]

_TRACK_ID = re.compile(r"[A-Za-z0-9_]*")


class Loop(Enum):
    """What plays again: nothing, the track, or the whole queue."""

    NONE = "none"
    TRACK = "track"
    PLAYLIST = "playlist"


@dataclass(frozen=True)
class NowPlaying:
    """One moment of the player, as the desktop's media widgets show it.

    Attributes
    ----------
    status
        Playing, paused or stopped.
    track_id
        Names the queue item being played, unique within the queue: letters, digits and ``_``
        only (it becomes the last element of a D-Bus object path). Empty with no track.
    title, artists, album, album_artist
        The track's tags; the title falls back to the file name.
    track_number, disc_number
        From the tags, or None.
    length_s
        The track's length in seconds, None while unknown.
    path
        The music file, None with no track.
    art_path
        A cached picture of the cover (never a file in the music folder), None without one.
    position_s
        Where the needle is in the track, in seconds of the track's own time.
    volume
        The amplitude factor, 0 to 1.
    rate
        How fast the music plays relative to how it was cut (platter speed and pitch).
    min_rate, max_rate
        The range the pitch fader reaches at the current platter speed; ``min_rate <= 1.0 <=
        max_rate`` always holds, as MPRIS asks.
    loop, shuffle
        The queue's repeat and shuffle modes.
    can_next, can_previous, can_play, can_pause, can_seek
        Which requests make sense now; desktops grey out (or hide) the others.

    """

    status: PlaybackState = PlaybackState.STOPPED
    track_id: str = ""
    title: str = ""
    artists: tuple[str, ...] = ()
    album: str = ""
    album_artist: str = ""
    track_number: int | None = None
    disc_number: int | None = None
    length_s: float | None = None
    path: Path | None = None
    art_path: Path | None = None
    position_s: float = 0.0
    volume: float = 1.0
    rate: float = 1.0
    min_rate: float = 1.0
    max_rate: float = 1.0
    loop: Loop = Loop.NONE
    shuffle: bool = False
    can_next: bool = False
    can_previous: bool = False
    can_play: bool = False
    can_pause: bool = False
    can_seek: bool = False

    def __post_init__(self) -> None:
        """Refuse values no service could show."""
        if not _TRACK_ID.fullmatch(self.track_id):
            raise ValueError(f"track_id must be letters, digits or _, not {self.track_id!r}")
        if not 0.0 <= self.volume <= 1.0:
            raise ValueError(f"volume must be 0 to 1, not {self.volume}")
        if not self.min_rate <= 1.0 <= self.max_rate:
            raise ValueError(f"the rate range {self.min_rate}..{self.max_rate} must contain 1.0")

    @property
    def has_track(self) -> bool:
        """Whether a track is loaded (playing, paused or stopped at it)."""
        return self.path is not None

    def at(self, position_s: float) -> NowPlaying:
        """Return this snapshot with the needle at ``position_s``."""
        return replace(self, position_s=position_s)


#: The fields that make up a track's metadata: a change to any of them changes the track shown.
METADATA_FIELDS = frozenset(
    {
        "track_id", "title", "artists", "album", "album_artist", "track_number",
        "disc_number", "length_s", "path", "art_path",
    }
)  # fmt: skip


def changed_fields(old: NowPlaying | None, new: NowPlaying) -> frozenset[str]:
    """Return the names of the fields that differ, never ``position_s``.

    The position moves all the time: services tell their systems about jumps (seeks), not about
    the needle running on. With no ``old`` snapshot every field counts as changed.
    """
    names = [f.name for f in fields(NowPlaying) if f.name != "position_s"]
    if old is None:
        return frozenset(names)
    return frozenset(name for name in names if getattr(old, name) != getattr(new, name))


def path_from_uri(uri: str) -> Path | None:
    """Return the local file a ``file://`` URI or a plain absolute path names, else None.

    ``file:///music/a%20b.flac`` and ``file://localhost/music/a.flac`` give ``/music/a b.flac``;
    URIs of other schemes (``http:``, ``smb:``) and ``file:`` URIs of other hosts give None, as
    do relative paths (a remote caller's working folder means nothing here).
    """
    text = uri.strip()
    if not text.lower().startswith("file:"):
        plain = Path(text)
        return plain if "://" not in text and plain.is_absolute() else None
    parts = urlsplit(text)
    if parts.netloc not in ("", "localhost"):
        return None
    path = unquote(parts.path, errors="surrogateescape")
    if len(path) >= 3 and path[0] == "/" and path[2] == ":":  # file:///C:/Music on Windows
        path = path[1:]
    candidate = Path(path)
    return candidate if candidate.is_absolute() else None


class NowPlayingControls(Protocol):
    """What a desktop may ask of the player; every call comes on the GUI thread."""

    def play(self) -> None:
        """Resume, or start the current track; nothing without one."""

    def pause(self) -> None:
        """Pause; nothing when not playing."""

    def play_pause(self) -> None:
        """Pause when playing, otherwise play."""

    def stop(self) -> None:
        """Stop and return to the start of the track."""

    def next(self) -> None:
        """Go to the next track."""

    def previous(self) -> None:
        """Go to the previous track (or the start of this one, more than 3 s in)."""

    def seek_by(self, delta_s: float) -> None:
        """Move the needle ``delta_s`` seconds (negative: back); past the end is next."""

    def set_position(self, track_id: str, position_s: float) -> None:
        """Move the needle to ``position_s`` if ``track_id`` still names the current track."""

    def open_uri(self, uri: str) -> bool:
        """Play the file, folder or playlist at a ``file://`` URI now; False if refused."""

    def set_volume(self, volume: float) -> None:
        """Set the volume (clamped to 0..1)."""

    def set_rate(self, rate: float) -> None:
        """Set the playback rate through the pitch fader (clamped to its range)."""

    def set_loop(self, loop: Loop) -> None:
        """Set the repeat mode."""

    def set_shuffle(self, shuffle: bool) -> None:
        """Turn shuffle on or off."""

    def raise_window(self) -> None:
        """Show the window in front."""

    def quit(self) -> None:
        """Quit the player."""
