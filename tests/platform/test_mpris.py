"""MPRIS2 values and the service's bookkeeping, without a bus.

The wire itself (what playerctl, busctl and gdbus receive from the real app) is tested end to
end in tests/e2e/test_mpris.py; here the typed values are checked through Qt's own view of them
(``QDBusArgument.currentSignature``) and the service talks to a recording stand-in of a bus.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtDBus import QDBusArgument, QDBusMessage, QDBusObjectPath

from app.core.now_playing import Loop, NowPlaying
from app.core.playback import PlaybackState
from app.core.track import Track
from app.platform import mpris
from app.platform.mpris import MprisService, start_mpris
from app.platform.mpris_types import (
    NO_TRACK,
    changed_properties,
    empty_string_array,
    int64_argument,
    metadata,
    properties_changed,
    track_id_of,
    track_object_path,
)
from tests.support.now_playing_shop import Shop, write_track


def full() -> NowPlaying:
    return NowPlaying(
        status=PlaybackState.PLAYING,
        track_id="4",
        title="Blue Orbit",
        artists=("Jay", "Nan-young"),
        album="Night Shift",
        album_artist="Jay",
        track_number=5,
        disc_number=2,
        length_s=7.0,
        path=Path("/music/blue orbit.flac"),
        art_path=Path("/cache/covers/384/ab.jpg"),
        can_play=True,
    )


def test_an_int64_argument_carries_an_x() -> None:
    argument = int64_argument(7_000_000)
    assert argument is not None and argument.currentSignature() == "x"
    assert int64_argument(2**40) is not None


def test_the_empty_invalidated_list_is_typed_as() -> None:
    assert empty_string_array().currentSignature() == "as"


def test_metadata_of_a_track_has_every_key_typed() -> None:
    data = metadata(full())
    assert set(data) == {
        "mpris:trackid", "mpris:length", "mpris:artUrl", "xesam:title", "xesam:artist",
        "xesam:album", "xesam:albumArtist", "xesam:trackNumber", "xesam:discNumber", "xesam:url",
    }  # fmt: skip
    trackid = data["mpris:trackid"]
    assert isinstance(trackid, QDBusObjectPath)
    assert trackid.path() == "/io/github/starlight/track/4"
    length = data["mpris:length"]
    assert isinstance(length, QDBusArgument) and length.currentSignature() == "x"
    assert data["xesam:artist"] == ["Jay", "Nan-young"]
    assert data["xesam:albumArtist"] == ["Jay"]
    assert (data["xesam:trackNumber"], data["xesam:discNumber"]) == (5, 2)
    assert data["xesam:url"] == "file:///music/blue%20orbit.flac"
    assert data["mpris:artUrl"] == "file:///cache/covers/384/ab.jpg"


def test_metadata_leaves_out_what_is_unknown() -> None:
    bare = NowPlaying(track_id="0", title="a", path=Path("/music/a.flac"))
    assert set(metadata(bare)) == {"mpris:trackid", "xesam:title", "xesam:url"}


def test_metadata_without_a_track_names_no_track() -> None:
    data = metadata(NowPlaying())
    assert list(data) == ["mpris:trackid"]
    trackid = data["mpris:trackid"]
    assert isinstance(trackid, QDBusObjectPath) and trackid.path() == NO_TRACK


def test_undecodable_file_names_become_valid_text() -> None:
    name = b"/music/caf\xe9.flac".decode("utf-8", "surrogateescape")
    data = metadata(NowPlaying(track_id="0", title=Path(name).stem, path=Path(name)))
    assert data["xesam:title"] == "caf\ufffd"
    assert data["xesam:url"] == "file:///music/caf%E9.flac"


def test_track_ids_and_object_paths_round_trip() -> None:
    assert track_object_path("") == NO_TRACK
    assert track_id_of(track_object_path("12")) == "12"
    assert track_id_of(NO_TRACK) is None
    assert track_id_of("/io/github/starlight/track/") is None


def test_changed_fields_map_to_their_properties_never_position() -> None:
    now = full()
    changed = changed_properties(frozenset({"status", "volume", "title", "art_path"}), now)
    assert set(changed) == {"PlaybackStatus", "Volume", "Metadata"}
    assert changed["PlaybackStatus"] == "Playing" and changed["Volume"] == 1.0
    assert changed_properties(frozenset({"position_s"}), now) == {}
    loop = changed_properties(frozenset({"loop"}), NowPlaying(loop=Loop.PLAYLIST))
    assert loop == {"LoopStatus": "Playlist"}


def test_properties_changed_is_a_properties_signal_on_the_mpris_path() -> None:
    message = properties_changed("org.mpris.MediaPlayer2.Player", {"Volume": 0.5})
    assert message.type() is QDBusMessage.MessageType.SignalMessage
    assert (message.path(), message.interface(), message.member()) == (
        "/org/mpris/MediaPlayer2", "org.freedesktop.DBus.Properties", "PropertiesChanged",
    )  # fmt: skip
    interface, changed, invalidated = message.arguments()
    assert interface == "org.mpris.MediaPlayer2.Player" and changed == {"Volume": 0.5}
    assert isinstance(invalidated, QDBusArgument) and invalidated.currentSignature() == "as"


class RecordingBus:
    """The part of QDBusConnection the service uses, recording what it is asked."""

    def __init__(self, taken: tuple[str, ...] = ()) -> None:
        self.taken = set(taken)
        self.names: list[str] = []
        self.objects: list[str] = []
        self.sent: list[QDBusMessage] = []

    def registerObject(self, path: str, _object: object) -> bool:
        self.objects.append(path)
        return True

    def unregisterObject(self, path: str) -> None:
        self.objects.remove(path)

    def registerService(self, name: str) -> bool:
        if name in self.taken:
            return False
        self.names.append(name)
        return True

    def unregisterService(self, name: str) -> bool:
        self.names.remove(name)
        return True

    def send(self, message: QDBusMessage) -> bool:
        self.sent.append(message)
        return True

    def lastError(self) -> Any:
        return type("Error", (), {"message": lambda self: "taken"})()

    def changes(self) -> list[dict[str, object]]:
        return [m.arguments()[1] for m in self.sent if m.member() == "PropertiesChanged"]


@pytest.fixture
def shop(qtbot: Any, tmp_path: Path) -> Any:
    made = Shop(qtbot, tmp_path)
    yield made
    made.close()


@pytest.fixture
def album(tmp_path: Path) -> list[Track]:
    return [write_track(tmp_path / "Night", n, i) for i, n in enumerate(["Dusk", "Orbit"], 1)]


def test_the_service_takes_the_name_and_gives_it_back(shop: Shop) -> None:
    bus = RecordingBus()
    service = MprisService(shop.source, bus)  # type: ignore[arg-type]
    assert service.register() and service.active
    assert bus.names == ["org.mpris.MediaPlayer2.starlight"]
    assert bus.objects == ["/org/mpris/MediaPlayer2"]
    service.close()
    assert bus.names == [] and bus.objects == [] and not service.active


def test_a_taken_name_falls_back_to_an_instance_name(shop: Shop) -> None:
    bus = RecordingBus(taken=("org.mpris.MediaPlayer2.starlight",))
    service = MprisService(shop.source, bus)  # type: ignore[arg-type]
    assert service.register()
    assert bus.names[0].startswith("org.mpris.MediaPlayer2.starlight.instance")


def test_only_what_changed_is_sent_and_seeks_are_seeked(shop: Shop, album: list[Track]) -> None:
    bus = RecordingBus()
    service = MprisService(shop.source, bus)  # type: ignore[arg-type]
    service.register()
    seeked: list[int] = []
    service.player.Seeked.connect(seeked.append)
    shop.window.play_tracks(album)
    shop.settle()
    first = bus.changes()
    assert first and "Metadata" in first[-1] and first[-1]["PlaybackStatus"] == "Playing"
    bus.sent.clear()
    shop.source.pause()
    shop.settle()
    assert bus.changes() == [{"PlaybackStatus": "Paused"}]
    bus.sent.clear()
    shop.source.set_position("0", 0.25)
    shop.settle()
    assert seeked == [250_000]
    assert bus.changes() == []  # a seek is a Seeked, never a Position change


def test_without_a_session_bus_mpris_is_off_after_one_log_line(
    shop: Shop, monkeypatch: pytest.MonkeyPatch, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    monkeypatch.delenv("DBUS_SESSION_BUS_ADDRESS", raising=False)
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(tmp_path / "no-runtime"))
    assert not mpris.session_bus_configured()
    with caplog.at_level(logging.WARNING):
        assert start_mpris(shop.source) is None
    assert len(caplog.records) == 1 and "session bus" in caplog.records[0].getMessage()
