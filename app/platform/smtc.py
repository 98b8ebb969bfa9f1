"""Windows: the System Media Transport Controls (media keys, the volume flyout, the lock screen).

Through the PyWinRT projections (``winrt-Windows.Media``, ``winrt-Windows.Media.Playback``,
``winrt-Windows.Storage`` and ``winrt-Windows.Storage.Streams``; the older ``winsdk`` package
works too). A desktop app has no SMTC of its own, so it borrows the one of a
``Windows.Media.Playback.MediaPlayer`` that never plays: its command manager is switched off, so
the buttons reach this service instead of that player. Where the packages are missing the
service is :class:`~app.platform.now_playing.Inactive` and the app runs on.

Snapshot to SMTC: the status, which buttons are enabled, shuffle, repeat, rate, the display
(title, artist, album, album artist, track number, cover) and the timeline. SMTC to controls:
play, pause, stop, next, previous, fast-forward and rewind (10 s), a new position, rate,
shuffle and repeat.

Threads: SMTC raises its events on WinRT worker threads; each request is handed to the GUI
thread through a :class:`~app.platform.now_playing.GuiRelay`. The cover is opened as a
``StorageFile`` (an asynchronous WinRT call) on a short-lived worker thread.
"""

from __future__ import annotations

import asyncio
import importlib
import logging
import threading
from datetime import timedelta
from pathlib import Path
from types import SimpleNamespace
from typing import Any

from PySide6.QtCore import QObject

from app.core.now_playing import Loop, NowPlaying
from app.core.playback import PlaybackState
from app.platform.now_playing import GuiRelay, Inactive
from app.platform.now_playing_source import NowPlayingSource

log = logging.getLogger(__name__)

SKIP_S = 10.0
_PACKAGES = ("winrt.windows", "winsdk.windows")


def load_winrt() -> SimpleNamespace | None:
    """Return the WinRT namespaces the service needs, or None where they are not installed."""
    for prefix in _PACKAGES:
        try:
            return SimpleNamespace(
                media=importlib.import_module(f"{prefix}.media"),
                playback=importlib.import_module(f"{prefix}.media.playback"),
                storage=importlib.import_module(f"{prefix}.storage"),
                streams=importlib.import_module(f"{prefix}.storage.streams"),
            )
        except ImportError:
            continue
    return None


def start_smtc(source: NowPlayingSource, api: Any = None) -> SmtcService | Inactive:
    """Show ``source`` in the System Media Transport Controls; Inactive where unavailable."""
    api = api if api is not None else load_winrt()
    if api is None:
        return Inactive("SMTC", "the winrt-Windows.Media packages are not installed")
    try:
        return SmtcService(source, api)
    except OSError as exc:  # WinRT reports its failures as OSError
        return Inactive("SMTC", f"the controls could not be opened ({exc})")


class SmtcService(QObject):
    """The player in the System Media Transport Controls."""

    system = "SMTC"
    active = True

    def __init__(self, source: NowPlayingSource, api: Any) -> None:
        super().__init__(source)
        self._source = source
        self._api = api
        self._relay = GuiRelay(self)
        self._player = api.playback.MediaPlayer()
        self._player.command_manager.is_enabled = False  # the buttons come to us instead
        self._controls = self._player.system_media_transport_controls
        self._controls.is_enabled = True
        self._art_shown: Path | None = None
        self._tokens = self._subscribe()
        self.show(source.last)
        source.changed.connect(self.show)
        source.seeked.connect(lambda _s: self._show_timeline(source.snapshot()))

    def _subscribe(self) -> list[tuple[str, object]]:
        c = self._controls
        handlers = {
            "button_pressed": self._on_button,
            "playback_position_change_requested": lambda _c, args: self._request(
                lambda: self._seek_to(args.requested_playback_position)
            ),
            "playback_rate_change_requested": lambda _c, args: self._request(
                lambda rate=args.requested_playback_rate: self._source.set_rate(rate)
            ),
            "shuffle_enabled_change_requested": lambda _c, args: self._request(
                lambda on=args.requested_shuffle_enabled: self._source.set_shuffle(bool(on))
            ),
            "auto_repeat_mode_change_requested": lambda _c, args: self._request(
                lambda mode=args.requested_auto_repeat_mode: self._set_repeat(mode)
            ),
        }
        return [(event, getattr(c, f"add_{event}")(handler)) for event, handler in handlers.items()]

    def close(self) -> None:
        """Leave the controls: unsubscribe and disable them."""
        for event, token in self._tokens:
            getattr(self._controls, f"remove_{event}")(token)
        self._tokens = []
        self._controls.is_enabled = False

    # ------------------------------------------------------------------ SMTC to controls
    def _request(self, action: Any) -> None:
        """Run ``action`` on the GUI thread (called on a WinRT thread)."""
        self._relay.call(action)

    def _on_button(self, _controls: object, args: Any) -> None:
        buttons = self._api.media.SystemMediaTransportControlsButton
        source = self._source
        actions = {
            buttons.PLAY: source.play,
            buttons.PAUSE: source.pause,
            buttons.STOP: source.stop,
            buttons.NEXT: source.next,
            buttons.PREVIOUS: source.previous,
            buttons.FAST_FORWARD: lambda: source.seek_by(SKIP_S),
            buttons.REWIND: lambda: source.seek_by(-SKIP_S),
        }
        action = actions.get(args.button)
        if action is not None:
            self._request(action)

    def _seek_to(self, position: timedelta) -> None:
        self._source.set_position(self._source.last.track_id, position.total_seconds())

    def _set_repeat(self, mode: object) -> None:
        modes = self._api.media.MediaPlaybackAutoRepeatMode
        loops = {modes.NONE: Loop.NONE, modes.TRACK: Loop.TRACK, modes.LIST: Loop.PLAYLIST}
        if mode in loops:
            self._source.set_loop(loops[mode])

    # ------------------------------------------------------------------ snapshot to SMTC
    def show(self, now: NowPlaying) -> None:
        """Show ``now``: status, buttons, modes, the track and the timeline."""
        media, c = self._api.media, self._controls
        statuses = media.MediaPlaybackStatus
        c.playback_status = {
            PlaybackState.PLAYING: statuses.PLAYING,
            PlaybackState.PAUSED: statuses.PAUSED,
            PlaybackState.STOPPED: statuses.STOPPED if now.has_track else statuses.CLOSED,
        }[now.status]
        c.is_play_enabled = now.can_play
        c.is_pause_enabled = now.can_pause
        c.is_stop_enabled = now.has_track
        c.is_next_enabled = now.can_next
        c.is_previous_enabled = now.can_previous
        c.is_fast_forward_enabled = c.is_rewind_enabled = now.can_seek
        c.shuffle_enabled = now.shuffle
        modes = media.MediaPlaybackAutoRepeatMode
        c.auto_repeat_mode = {Loop.NONE: modes.NONE, Loop.TRACK: modes.TRACK,
                              Loop.PLAYLIST: modes.LIST}[now.loop]  # fmt: skip
        c.playback_rate = now.rate
        self._show_track(now)
        self._show_timeline(now)

    def _show_track(self, now: NowPlaying) -> None:
        updater = self._controls.display_updater
        updater.type = self._api.media.MediaPlaybackType.MUSIC
        music = updater.music_properties
        music.title = now.title
        music.artist = "; ".join(now.artists)
        music.album_title = now.album
        music.album_artist = now.album_artist
        music.track_number = now.track_number or 0
        if now.art_path != self._art_shown:
            self._art_shown = now.art_path
            updater.thumbnail = None
            if now.art_path is not None:
                self._open_cover(now.art_path)
        updater.update()

    def _show_timeline(self, now: NowPlaying) -> None:
        timeline = self._api.media.SystemMediaTransportControlsTimelineProperties()
        end = timedelta(seconds=now.length_s or 0.0)
        timeline.start_time = timeline.min_seek_time = timedelta(0)
        timeline.end_time = timeline.max_seek_time = end
        timeline.position = timedelta(seconds=now.position_s)
        self._controls.update_timeline_properties(timeline)

    def _open_cover(self, art_path: Path) -> None:
        """Open the cover as a StorageFile in the background, then show it if still current."""
        storage = self._api.storage

        async def opened() -> object:
            return await storage.StorageFile.get_file_from_path_async(str(art_path))

        def work() -> None:
            try:
                file = asyncio.run(opened())
            except OSError as exc:
                log.info("SMTC: the cover %s could not be opened (%s)", art_path, exc)
                return
            self._request(lambda: self._show_cover(art_path, file))

        threading.Thread(target=work, name="starlight-smtc-cover", daemon=True).start()

    def _show_cover(self, art_path: Path, file: object) -> None:
        if art_path != self._art_shown:
            return  # the track changed meanwhile
        updater = self._controls.display_updater
        updater.thumbnail = self._api.streams.RandomAccessStreamReference.create_from_file(file)
        updater.update()
