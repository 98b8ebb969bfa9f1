"""macOS: the Now Playing widget and the media keys.

Through pyobjc (``pyobjc-framework-MediaPlayer`` and ``pyobjc-framework-Cocoa``): the
``MPNowPlayingInfoCenter`` shows the track, the ``MPRemoteCommandCenter`` brings the requests.
Where pyobjc is missing the service is :class:`~app.platform.now_playing.Inactive` and the app
runs on.

Snapshot to macOS: the now-playing info (title, artist, album, album artist, track and disc
number, duration, elapsed time, rate, the cover as an ``MPMediaItemArtwork``), the playback
state, and which remote commands are enabled. macOS to controls: play, pause, toggle, stop,
next, previous, skip forward and back (10 s), a new position, rate, repeat and shuffle.

Threads: the command centre calls its handlers on the main thread, which is Qt's GUI thread on
macOS; they still go through a :class:`~app.platform.now_playing.GuiRelay`, so that a handler
returns at once and the controls run as every other call does.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from functools import partial
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
_REPEAT_TYPES = {0: Loop.NONE, 1: Loop.TRACK, 2: Loop.PLAYLIST}  # MPRepeatType
_REPEAT_OF_LOOP = {loop: value for value, loop in _REPEAT_TYPES.items()}
_STATES = {PlaybackState.PLAYING: 1, PlaybackState.PAUSED: 2, PlaybackState.STOPPED: 3}
_AUDIO = 1  # MPNowPlayingInfoMediaTypeAudio


def load_media_player() -> SimpleNamespace | None:
    """Return pyobjc's MediaPlayer and AppKit modules, or None where they are not installed."""
    try:
        import AppKit
        import MediaPlayer
    except ImportError:
        return None
    return SimpleNamespace(mp=MediaPlayer, appkit=AppKit)


def start_macos_now_playing(source: NowPlayingSource, api: Any = None) -> MacNowPlaying | Inactive:
    """Show ``source`` in macOS's Now Playing; Inactive where pyobjc is missing."""
    api = api if api is not None else load_media_player()
    if api is None:
        return Inactive("Now Playing", "pyobjc-framework-MediaPlayer is not installed")
    return MacNowPlaying(source, api)


class MacNowPlaying(QObject):
    """The player in the Now Playing widget, answering the remote commands."""

    system = "Now Playing"
    active = True

    def __init__(self, source: NowPlayingSource, api: Any) -> None:
        super().__init__(source)
        self._source = source
        self._mp = api.mp
        self._appkit = api.appkit
        self._relay = GuiRelay(self)
        self._info_center = self._mp.MPNowPlayingInfoCenter.defaultCenter()
        self._center = self._mp.MPRemoteCommandCenter.sharedCommandCenter()
        self._artwork: tuple[Path, object] | None = None
        self._targets = self._subscribe()
        self.show(source.last)
        source.changed.connect(self.show)
        source.seeked.connect(lambda _s: self.show(source.snapshot()))

    def _subscribe(self) -> list[tuple[Any, object]]:
        center, source = self._center, self._source
        for command in (center.skipForwardCommand(), center.skipBackwardCommand()):
            command.setPreferredIntervals_([SKIP_S])
        # Each entry reads the event's values at once and returns the call to make.
        handlers: dict[Any, Callable[[Any], Callable[[], object]]] = {
            center.playCommand(): lambda _e: source.play,
            center.pauseCommand(): lambda _e: source.pause,
            center.togglePlayPauseCommand(): lambda _e: source.play_pause,
            center.stopCommand(): lambda _e: source.stop,
            center.nextTrackCommand(): lambda _e: source.next,
            center.previousTrackCommand(): lambda _e: source.previous,
            center.skipForwardCommand(): lambda e: partial(source.seek_by, float(e.interval())),
            center.skipBackwardCommand(): lambda e: partial(source.seek_by, -float(e.interval())),
            center.changePlaybackPositionCommand(): lambda e: partial(
                self._seek_to, float(e.positionTime())
            ),
            center.changePlaybackRateCommand(): lambda e: partial(
                source.set_rate, float(e.playbackRate())
            ),
            center.changeRepeatModeCommand(): lambda e: partial(
                source.set_loop, _REPEAT_TYPES.get(int(e.repeatType()), Loop.NONE)
            ),
            center.changeShuffleModeCommand(): lambda e: partial(
                source.set_shuffle, int(e.shuffleType()) != 0
            ),
        }
        return [(command, command.addTargetWithHandler_(self._handler(action)))
                for command, action in handlers.items()]  # fmt: skip

    def _handler(self, action: Any) -> Any:
        """Wrap ``action`` (event -> control call) as a command handler that returns at once."""
        success = self._mp.MPRemoteCommandHandlerStatusSuccess

        def handle(event: object) -> int:
            self._relay.call(action(event))  # the event's values are read here, on its thread
            return success  # type: ignore[no-any-return]

        return handle

    def _seek_to(self, position_s: float) -> None:
        self._source.set_position(self._source.last.track_id, position_s)

    def close(self) -> None:
        """Leave Now Playing: remove the handlers and clear the info."""
        for command, target in self._targets:
            command.removeTarget_(target)
        self._targets = []
        self._info_center.setNowPlayingInfo_(None)
        self._info_center.setPlaybackState_(0)  # MPNowPlayingPlaybackStateUnknown

    # ------------------------------------------------------------------ snapshot to macOS
    def show(self, now: NowPlaying) -> None:
        """Show ``now``: the info, the playback state and the enabled commands."""
        center = self._center
        enabled = {
            center.playCommand(): now.can_play,
            center.pauseCommand(): now.can_pause,
            center.togglePlayPauseCommand(): now.can_play,
            center.stopCommand(): now.has_track,
            center.nextTrackCommand(): now.can_next,
            center.previousTrackCommand(): now.can_previous,
            center.skipForwardCommand(): now.can_seek,
            center.skipBackwardCommand(): now.can_seek,
            center.changePlaybackPositionCommand(): now.can_seek,
            center.changePlaybackRateCommand(): now.has_track,
            center.changeRepeatModeCommand(): True,
            center.changeShuffleModeCommand(): True,
        }
        for command, on in enabled.items():
            command.setEnabled_(on)
        center.changeRepeatModeCommand().setCurrentRepeatType_(_REPEAT_OF_LOOP[now.loop])
        center.changeShuffleModeCommand().setCurrentShuffleType_(1 if now.shuffle else 0)
        self._info_center.setNowPlayingInfo_(self._info(now) if now.has_track else None)
        self._info_center.setPlaybackState_(_STATES[now.status])

    def _info(self, now: NowPlaying) -> dict[object, object]:
        mp = self._mp
        playing = now.status is PlaybackState.PLAYING
        info: dict[object, object] = {
            mp.MPNowPlayingInfoPropertyMediaType: _AUDIO,
            mp.MPMediaItemPropertyTitle: now.title,
            mp.MPNowPlayingInfoPropertyElapsedPlaybackTime: now.position_s,
            # macOS moves the elapsed time on by the rate: 0 while paused keeps it still.
            mp.MPNowPlayingInfoPropertyPlaybackRate: now.rate if playing else 0.0,
            mp.MPNowPlayingInfoPropertyDefaultPlaybackRate: 1.0,
        }
        optional = {
            mp.MPMediaItemPropertyArtist: "; ".join(now.artists),
            mp.MPMediaItemPropertyAlbumTitle: now.album,
            mp.MPMediaItemPropertyAlbumArtist: now.album_artist,
            mp.MPMediaItemPropertyAlbumTrackNumber: now.track_number,
            mp.MPMediaItemPropertyDiscNumber: now.disc_number,
            mp.MPMediaItemPropertyPlaybackDuration: now.length_s,
            mp.MPMediaItemPropertyArtwork: self._artwork_of(now.art_path),
        }
        info.update({key: value for key, value in optional.items() if value})
        return info

    def _artwork_of(self, art_path: Path | None) -> object:
        """Return the cover as an MPMediaItemArtwork (kept while the cover stays), or None."""
        if art_path is None:
            return None
        if self._artwork is not None and self._artwork[0] == art_path:
            return self._artwork[1]
        image = self._appkit.NSImage.alloc().initWithContentsOfFile_(str(art_path))
        if image is None:
            log.info("Now Playing: the cover %s could not be read", art_path)
            return None
        artwork = self._mp.MPMediaItemArtwork.alloc().initWithBoundsSize_requestHandler_(
            image.size(), lambda _size: image
        )
        self._artwork = (art_path, artwork)
        return artwork
