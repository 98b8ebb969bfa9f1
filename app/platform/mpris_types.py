"""MPRIS2 values with the D-Bus types the specification asks for.

PySide6 sends a Python ``int`` that fits in 32 bits as ``i``; GLib clients such as playerctl
reject a track length so typed (``duration(mpris:length)`` fails). :func:`int64_argument`
builds an ``x`` through :mod:`app.platform.dbus_typed`; a :class:`QDBusArgument` inside a
variant is marshalled with its own signature, so ``mpris:length`` goes out as ``<int64 ...>``.

The other types come out right from PySide6's own conversions: ``str`` is ``s``, a list of
``str`` is ``as``, ``bool`` is ``b``, ``float`` is ``d``, a small ``int`` is ``i`` (the
``xesam:trackNumber`` and ``xesam:discNumber`` the specification wants), and
:class:`QDBusObjectPath` is ``o``. The empty ``invalidated`` list of ``PropertiesChanged`` must
be typed ``as`` as well: :func:`empty_string_array` builds it.

Only imported on Linux (through :mod:`app.platform.mpris`).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QMetaType
from PySide6.QtDBus import QDBusArgument, QDBusMessage, QDBusObjectPath

from app.core.now_playing import METADATA_FIELDS, Loop, NowPlaying
from app.core.playback import PlaybackState
from app.platform.dbus_typed import DBusInt, typed_int

log = logging.getLogger(__name__)

OBJECT_PATH = "/org/mpris/MediaPlayer2"
ROOT_INTERFACE = "org.mpris.MediaPlayer2"
PLAYER_INTERFACE = "org.mpris.MediaPlayer2.Player"
PROPERTIES_INTERFACE = "org.freedesktop.DBus.Properties"
#: The trackid of "no track", as the specification reserves it.
NO_TRACK = "/org/mpris/MediaPlayer2/TrackList/NoTrack"
TRACK_PREFIX = "/io/github/starlight/track/"

STATUS_NAMES = {
    PlaybackState.PLAYING: "Playing",
    PlaybackState.PAUSED: "Paused",
    PlaybackState.STOPPED: "Stopped",
}
LOOP_NAMES = {Loop.NONE: "None", Loop.TRACK: "Track", Loop.PLAYLIST: "Playlist"}
LOOPS_BY_NAME = {name: loop for loop, name in LOOP_NAMES.items()}

#: Snapshot fields and the Player properties that show them (Metadata gathers several).
PROPERTY_OF_FIELD = {
    "status": "PlaybackStatus",
    "loop": "LoopStatus",
    "shuffle": "Shuffle",
    "rate": "Rate",
    "min_rate": "MinimumRate",
    "max_rate": "MaximumRate",
    "volume": "Volume",
    "can_next": "CanGoNext",
    "can_previous": "CanGoPrevious",
    "can_play": "CanPlay",
    "can_pause": "CanPause",
    "can_seek": "CanSeek",
    **{name: "Metadata" for name in METADATA_FIELDS},
}

_INT32_MAX = 2**31 - 1


def int64_argument(value: int) -> QDBusArgument | None:
    """Return a :class:`QDBusArgument` holding ``value`` as a D-Bus ``x`` (int64).

    Put it where a variant goes (a map's value, :class:`QDBusVariant`) and it travels as
    ``<int64 value>``. None when this Qt build offers no typed 64-bit call (logged once).
    """
    return typed_int(DBusInt.INT64, value)


def empty_string_array() -> QDBusArgument:
    """Return an empty array typed ``as`` (an untyped ``[]`` goes out as ``av``)."""
    argument = QDBusArgument()
    argument.beginArray(QMetaType(QMetaType.Type.QString))
    argument.endArray()
    return argument


def microseconds(seconds: float) -> int:
    """Return ``seconds`` as whole microseconds, MPRIS's unit of time."""
    return round(seconds * 1_000_000)


def track_object_path(track_id: str) -> str:
    """Return the ``mpris:trackid`` object path of a snapshot's ``track_id``."""
    return TRACK_PREFIX + track_id if track_id else NO_TRACK


def track_id_of(object_path: str) -> str | None:
    """Return the snapshot ``track_id`` an ``mpris:trackid`` names, None for another path."""
    if not object_path.startswith(TRACK_PREFIX):
        return None
    track_id = object_path[len(TRACK_PREFIX) :]
    return track_id or None


def file_url(path: Path) -> str:
    """Return the ``file://`` URL of an absolute ``path``, any bytes percent-encoded."""
    return path.absolute().as_uri()


def text(value: str) -> str:
    """Return ``value`` as valid UTF-8 text (file names may carry undecodable bytes)."""
    try:
        raw = value.encode("utf-8", "surrogateescape")
    except UnicodeEncodeError:
        raw = value.encode("utf-8", "replace")
    return raw.decode("utf-8", "replace")


def metadata(now: NowPlaying) -> dict[str, object]:
    """Return the ``Metadata`` map of ``now``, every value typed as MPRIS asks."""
    if not now.has_track or now.path is None:
        return {"mpris:trackid": QDBusObjectPath(NO_TRACK)}
    data: dict[str, object] = {
        "mpris:trackid": QDBusObjectPath(track_object_path(now.track_id)),
        "xesam:title": text(now.title),
        "xesam:url": file_url(now.path),
    }
    if now.length_s is not None and now.length_s > 0:
        length = int64_argument(microseconds(now.length_s))
        if length is not None:
            data["mpris:length"] = length
    if now.artists:
        data["xesam:artist"] = [text(artist) for artist in now.artists]
    if now.album:
        data["xesam:album"] = text(now.album)
    if now.album_artist:
        data["xesam:albumArtist"] = [text(now.album_artist)]
    for key, number in (("xesam:trackNumber", now.track_number),
                        ("xesam:discNumber", now.disc_number)):  # fmt: skip
        if number is not None and 0 <= number <= _INT32_MAX:
            data[key] = int(number)
    if now.art_path is not None:
        data["mpris:artUrl"] = file_url(now.art_path)
    return data


def player_value(now: NowPlaying, name: str) -> object:
    """Return the value of the Player property ``name`` (not ``Position``) for ``now``."""
    values: dict[str, Callable[[], object]] = {
        "PlaybackStatus": lambda: STATUS_NAMES[now.status],
        "LoopStatus": lambda: LOOP_NAMES[now.loop],
        "Shuffle": lambda: now.shuffle,
        "Rate": lambda: float(now.rate),
        "MinimumRate": lambda: float(now.min_rate),
        "MaximumRate": lambda: float(now.max_rate),
        "Volume": lambda: float(now.volume),
        "Metadata": lambda: metadata(now),
        "CanGoNext": lambda: now.can_next,
        "CanGoPrevious": lambda: now.can_previous,
        "CanPlay": lambda: now.can_play,
        "CanPause": lambda: now.can_pause,
        "CanSeek": lambda: now.can_seek,
        "CanControl": lambda: True,
    }
    return values[name]()


def changed_properties(fields: frozenset[str], now: NowPlaying) -> dict[str, object]:
    """Return the Player properties that show the changed snapshot ``fields``, with values."""
    names = sorted({PROPERTY_OF_FIELD[name] for name in fields if name in PROPERTY_OF_FIELD})
    return {name: player_value(now, name) for name in names}


def properties_changed(interface: str, changed: dict[str, object]) -> QDBusMessage:
    """Return a ``PropertiesChanged`` signal of ``interface``, typed ``sa{sv}as``."""
    message = QDBusMessage.createSignal(OBJECT_PATH, PROPERTIES_INTERFACE, "PropertiesChanged")
    message.setArguments([interface, changed, empty_string_array()])
    return message
