"""The two MPRIS2 interfaces, as QtDBus adaptors over a now-playing source.

QtDBus exports each adaptor's Qt properties, slots and signals under its ``D-Bus Interface``
and answers ``Introspect`` with the ``D-Bus Introspection`` XML given here (the
specification's own, so clients see the real argument names and which properties signal their
changes). Calls arrive on the GUI thread, where the source and the controls live.

Property reads answer from the source's last snapshot (what ``PropertiesChanged`` last told),
except ``Position``, which is read from the engine at the moment of the call. Nothing here calls
the bus: replies and signals are queued by Qt, so a slow client never blocks the window.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import ClassInfo, Property, QCoreApplication, QObject, Signal, Slot
from PySide6.QtDBus import QDBusAbstractAdaptor, QDBusObjectPath

from app.platform.mpris_types import (
    LOOPS_BY_NAME,
    PLAYER_INTERFACE,
    ROOT_INTERFACE,
    microseconds,
    player_value,
    track_id_of,
)

if TYPE_CHECKING:
    from app.platform.now_playing_source import NowPlayingSource

DESKTOP_ENTRY = "io.github.starlight.Turntable"
URI_SCHEMES = ["file"]
#: What the decoder plays, by the MIME types desktops use for these files.
MIME_TYPES = [
    "audio/mpeg", "audio/x-mpeg", "audio/mp3", "audio/flac", "audio/x-flac", "audio/ogg",
    "audio/x-vorbis+ogg", "audio/x-opus+ogg", "audio/opus", "audio/x-speex+ogg", "audio/aac",
    "audio/x-aac", "audio/mp4", "audio/x-m4a", "audio/x-m4b", "audio/m4a", "audio/x-alac",
    "audio/wav", "audio/x-wav", "audio/vnd.wave", "audio/aiff", "audio/x-aiff",
    "audio/x-aifc", "audio/x-wavpack", "audio/x-ape", "audio/x-ms-wma", "audio/x-musepack",
    "audio/x-tta", "audio/ac3", "audio/x-matroska", "audio/webm", "audio/basic",
    "audio/x-caf", "audio/x-w64", "audio/mp2", "audio/x-mp2", "audio/vnd.dts",
    "audio/x-mpegurl", "audio/mpegurl", "audio/x-scpls", "application/vnd.apple.mpegurl",
]  # fmt: skip

_class_info: Any = ClassInfo  # its stubs know only keywords; the D-Bus keys have spaces
_CHANGES_FALSE = '<annotation name="org.freedesktop.DBus.Property.EmitsChangedSignal" value="{}"/>'

ROOT_XML = f"""
<interface name="{ROOT_INTERFACE}">
  <method name="Raise"/>
  <method name="Quit"/>
  <property name="CanQuit" type="b" access="read"/>
  <property name="CanRaise" type="b" access="read"/>
  <property name="CanSetFullscreen" type="b" access="read"/>
  <property name="Fullscreen" type="b" access="read"/>
  <property name="HasTrackList" type="b" access="read"/>
  <property name="Identity" type="s" access="read"/>
  <property name="DesktopEntry" type="s" access="read"/>
  <property name="SupportedUriSchemes" type="as" access="read"/>
  <property name="SupportedMimeTypes" type="as" access="read"/>
</interface>
"""

PLAYER_XML = f"""
<interface name="{PLAYER_INTERFACE}">
  <method name="Next"/>
  <method name="Previous"/>
  <method name="Pause"/>
  <method name="PlayPause"/>
  <method name="Stop"/>
  <method name="Play"/>
  <method name="Seek"><arg direction="in" type="x" name="Offset"/></method>
  <method name="SetPosition">
    <arg direction="in" type="o" name="TrackId"/>
    <arg direction="in" type="x" name="Position"/>
  </method>
  <method name="OpenUri"><arg direction="in" type="s" name="Uri"/></method>
  <signal name="Seeked"><arg type="x" name="Position"/></signal>
  <property name="PlaybackStatus" type="s" access="read"/>
  <property name="LoopStatus" type="s" access="readwrite"/>
  <property name="Rate" type="d" access="readwrite"/>
  <property name="Shuffle" type="b" access="readwrite"/>
  <property name="Metadata" type="a{{sv}}" access="read"/>
  <property name="Volume" type="d" access="readwrite"/>
  <property name="Position" type="x" access="read">{_CHANGES_FALSE.format("false")}</property>
  <property name="MinimumRate" type="d" access="read"/>
  <property name="MaximumRate" type="d" access="read"/>
  <property name="CanGoNext" type="b" access="read"/>
  <property name="CanGoPrevious" type="b" access="read"/>
  <property name="CanPlay" type="b" access="read"/>
  <property name="CanPause" type="b" access="read"/>
  <property name="CanSeek" type="b" access="read"/>
  <property name="CanControl" type="b" access="read">{_CHANGES_FALSE.format("const")}</property>
</interface>
"""


@_class_info({"D-Bus Interface": ROOT_INTERFACE, "D-Bus Introspection": ROOT_XML})
class RootAdaptor(QDBusAbstractAdaptor):
    """``org.mpris.MediaPlayer2``: who the player is, and raising or quitting it."""

    def __init__(self, parent: QObject, source: NowPlayingSource) -> None:
        super().__init__(parent)
        self._source = source

    @Slot()
    def Raise(self) -> None:
        """Bring the window to the front."""
        self._source.raise_window()

    @Slot()
    def Quit(self) -> None:
        """Quit the player."""
        self._source.quit()

    def _true(self) -> bool:
        return True

    def _false(self) -> bool:
        return False

    def _identity(self) -> str:
        return QCoreApplication.translate("Mpris", "Starlight Turntable")

    def _desktop_entry(self) -> str:
        return DESKTOP_ENTRY

    def _schemes(self) -> list[str]:
        return list(URI_SCHEMES)

    def _mime_types(self) -> list[str]:
        return list(MIME_TYPES)

    CanQuit = Property(bool, _true)
    CanRaise = Property(bool, _true)
    CanSetFullscreen = Property(bool, _false)
    Fullscreen = Property(bool, _false)
    HasTrackList = Property(bool, _false)
    Identity = Property(str, _identity)
    DesktopEntry = Property(str, _desktop_entry)
    SupportedUriSchemes = Property("QStringList", _schemes)  # type: ignore[arg-type]
    SupportedMimeTypes = Property("QStringList", _mime_types)  # type: ignore[arg-type]


@_class_info({"D-Bus Interface": PLAYER_INTERFACE, "D-Bus Introspection": PLAYER_XML})
class PlayerAdaptor(QDBusAbstractAdaptor):
    """``org.mpris.MediaPlayer2.Player``: the transport, the track and its position."""

    Seeked = Signal("qlonglong")  # type: ignore[arg-type]  # the new position, in microseconds

    def __init__(self, parent: QObject, source: NowPlayingSource) -> None:
        super().__init__(parent)
        self._source = source

    # ------------------------------------------------------------------ methods
    @Slot()
    def Play(self) -> None:
        """Resume, or start the current track."""
        self._source.play()

    @Slot()
    def Pause(self) -> None:
        """Pause."""
        self._source.pause()

    @Slot()
    def PlayPause(self) -> None:
        """Pause when playing, otherwise play."""
        self._source.play_pause()

    @Slot()
    def Stop(self) -> None:
        """Stop."""
        self._source.stop()

    @Slot()
    def Next(self) -> None:
        """Go to the next track."""
        self._source.next()

    @Slot()
    def Previous(self) -> None:
        """Go to the previous track."""
        self._source.previous()

    @Slot("qlonglong")
    def Seek(self, offset_us: int) -> None:
        """Move the needle ``offset_us`` microseconds."""
        self._source.seek_by(offset_us / 1_000_000)

    @Slot(QDBusObjectPath, "qlonglong")
    def SetPosition(self, track: QDBusObjectPath, position_us: int) -> None:
        """Move the needle to ``position_us`` if ``track`` is still the current track."""
        track_id = track_id_of(track.path())
        if track_id is not None:
            self._source.set_position(track_id, position_us / 1_000_000)

    @Slot(str)
    def OpenUri(self, uri: str) -> None:
        """Play the local file, folder or playlist at ``uri`` now."""
        self._source.open_uri(uri)

    # ------------------------------------------------------------------ properties
    def _value(self, name: str) -> object:
        return player_value(self._source.last, name)

    def _status(self) -> str:
        return self._value("PlaybackStatus")  # type: ignore[return-value]

    def _loop(self) -> str:
        return self._value("LoopStatus")  # type: ignore[return-value]

    def _set_loop(self, name: str) -> None:
        if name in LOOPS_BY_NAME:
            self._source.set_loop(LOOPS_BY_NAME[name])

    def _shuffle(self) -> bool:
        return self._source.last.shuffle

    def _set_shuffle(self, shuffle: bool) -> None:
        self._source.set_shuffle(bool(shuffle))

    def _rate(self) -> float:
        return self._source.last.rate

    def _set_rate(self, rate: float) -> None:
        self._source.set_rate(float(rate))

    def _min_rate(self) -> float:
        return self._source.last.min_rate

    def _max_rate(self) -> float:
        return self._source.last.max_rate

    def _volume(self) -> float:
        return self._source.last.volume

    def _set_volume(self, volume: float) -> None:
        self._source.set_volume(float(volume))

    def _metadata(self) -> dict[str, object]:
        return self._value("Metadata")  # type: ignore[return-value]

    def _position(self) -> int:
        return microseconds(self._source.position_s) if self._source.last.has_track else 0

    def _can_next(self) -> bool:
        return self._source.last.can_next

    def _can_previous(self) -> bool:
        return self._source.last.can_previous

    def _can_play(self) -> bool:
        return self._source.last.can_play

    def _can_pause(self) -> bool:
        return self._source.last.can_pause

    def _can_seek(self) -> bool:
        return self._source.last.can_seek

    def _can_control(self) -> bool:
        return True

    PlaybackStatus = Property(str, _status)
    LoopStatus = Property(str, _loop, _set_loop)
    Shuffle = Property(bool, _shuffle, _set_shuffle)
    Rate = Property(float, _rate, _set_rate)
    MinimumRate = Property(float, _min_rate)
    MaximumRate = Property(float, _max_rate)
    Volume = Property(float, _volume, _set_volume)
    Metadata = Property("QVariantMap", _metadata)  # type: ignore[arg-type]
    Position = Property("qlonglong", _position)  # type: ignore[arg-type]
    CanGoNext = Property(bool, _can_next)
    CanGoPrevious = Property(bool, _can_previous)
    CanPlay = Property(bool, _can_play)
    CanPause = Property(bool, _can_pause)
    CanSeek = Property(bool, _can_seek)
    CanControl = Property(bool, _can_control)
