"""Stand-ins for the Windows (PyWinRT) and macOS (pyobjc MediaPlayer) now-playing APIs.

They keep what a service shows (as plain attributes and dicts) and let a test press the
system's buttons, from another thread as the real systems do. Only the surface the services
use is here; enum members are their own names (``"PLAYING"``), so assertions read plainly.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from types import SimpleNamespace
from typing import Any


def _enum(*names: str) -> SimpleNamespace:
    return SimpleNamespace(**{name: name for name in names})


def _on_another_thread(action: Callable[[], object]) -> None:
    thread = threading.Thread(target=action)
    thread.start()
    thread.join()


# ---------------------------------------------------------------------- Windows
class FakeControls:
    """``SystemMediaTransportControls``: attributes as set, handlers by event name."""

    def __init__(self) -> None:
        self.handlers: dict[str, dict[int, Callable[..., object]]] = {}
        self.display_updater = SimpleNamespace(
            type=None, music_properties=SimpleNamespace(), thumbnail=None, updates=0
        )
        self.display_updater.update = self._update
        self.timeline: Any = None
        self._tokens = 0

    def _update(self) -> None:
        self.display_updater.updates += 1

    def update_timeline_properties(self, timeline: object) -> None:
        self.timeline = timeline

    def __getattr__(self, name: str) -> Any:
        if name.startswith("add_"):
            return lambda handler: self._add(name[4:], handler)
        if name.startswith("remove_"):
            return lambda token: self._remove(name[7:], token)
        raise AttributeError(name)

    def _add(self, event: str, handler: Callable[..., object]) -> int:
        self._tokens += 1
        self.handlers.setdefault(event, {})[self._tokens] = handler
        return self._tokens

    def _remove(self, event: str, token: int) -> None:
        self.handlers.get(event, {}).pop(token, None)
        if not self.handlers.get(event, True):
            del self.handlers[event]


class FakeWinRt:
    """The ``media``, ``playback``, ``storage`` and ``streams`` namespaces of PyWinRT."""

    def __init__(self) -> None:
        self.controls = FakeControls()
        controls = self.controls

        class MediaPlayer:
            def __init__(self) -> None:
                self.command_manager = SimpleNamespace(is_enabled=True)
                self.system_media_transport_controls = controls

        async def get_file(path: str) -> tuple[str, str]:
            return ("file", path)

        self.media = SimpleNamespace(
            SystemMediaTransportControlsButton=_enum(
                "PLAY", "PAUSE", "STOP", "NEXT", "PREVIOUS", "FAST_FORWARD", "REWIND"
            ),
            MediaPlaybackStatus=_enum("PLAYING", "PAUSED", "STOPPED", "CLOSED"),
            MediaPlaybackAutoRepeatMode=_enum("NONE", "TRACK", "LIST"),
            MediaPlaybackType=_enum("MUSIC"),
            SystemMediaTransportControlsTimelineProperties=SimpleNamespace,
        )
        self.playback = SimpleNamespace(MediaPlayer=MediaPlayer)
        self.storage = SimpleNamespace(
            StorageFile=SimpleNamespace(get_file_from_path_async=get_file)
        )
        self.streams = SimpleNamespace(
            RandomAccessStreamReference=SimpleNamespace(create_from_file=lambda f: ("stream", f))
        )

    def request(self, event: str, **values: object) -> None:
        """Raise ``event`` with ``values`` as its arguments, on a WinRT-like thread."""
        args = SimpleNamespace(**values)
        for handler in list(self.controls.handlers.get(event, {}).values()):
            _on_another_thread(lambda h=handler: h(self.controls, args))

    def press(self, button: str) -> None:
        """Press a transport button."""
        self.request("button_pressed", button=button)


# ---------------------------------------------------------------------- macOS
class FakeCommand:
    """An ``MPRemoteCommand``: enabled or not, with its targets."""

    def __init__(self) -> None:
        self.enabled = False
        self.targets: dict[int, Callable[[object], int]] = {}
        self.settings: dict[str, object] = {}

    def addTargetWithHandler_(self, handler: Callable[[object], int]) -> int:
        token = id(handler)
        self.targets[token] = handler
        return token

    def removeTarget_(self, token: int) -> None:
        self.targets.pop(token, None)

    def setEnabled_(self, enabled: bool) -> None:
        self.enabled = enabled

    def __getattr__(self, name: str) -> Any:
        if name.startswith("set") and name.endswith("_"):  # setPreferredIntervals_ and such
            return lambda value: self.settings.__setitem__(name[3:-1], value)
        raise AttributeError(name)


class FakeCommandCenter:
    """``MPRemoteCommandCenter``: one command per accessor, the same each call."""

    def __init__(self) -> None:
        self.commands: dict[str, FakeCommand] = {}

    def __getattr__(self, name: str) -> Any:
        if name.endswith("Command"):
            command = self.commands.setdefault(name, FakeCommand())
            return lambda: command
        raise AttributeError(name)


class FakeInfoCenter:
    """``MPNowPlayingInfoCenter``: the info dict and the playback state last set."""

    def __init__(self) -> None:
        self.info: dict[object, object] | None = None
        self.state = 0

    def setNowPlayingInfo_(self, info: dict[object, object] | None) -> None:
        self.info = None if info is None else dict(info)

    def setPlaybackState_(self, state: int) -> None:
        self.state = state


class FakeMacApi:
    """pyobjc's ``MediaPlayer`` and ``AppKit``, with readable info keys."""

    def __init__(self) -> None:
        self.info_center = FakeInfoCenter()
        self.command_center = FakeCommandCenter()
        keys = {
            "MPMediaItemPropertyTitle": "title", "MPMediaItemPropertyArtist": "artist",
            "MPMediaItemPropertyAlbumTitle": "album",
            "MPMediaItemPropertyAlbumArtist": "album_artist",
            "MPMediaItemPropertyAlbumTrackNumber": "track",
            "MPMediaItemPropertyDiscNumber": "disc",
            "MPMediaItemPropertyPlaybackDuration": "duration",
            "MPMediaItemPropertyArtwork": "artwork",
            "MPNowPlayingInfoPropertyElapsedPlaybackTime": "elapsed",
            "MPNowPlayingInfoPropertyPlaybackRate": "rate",
            "MPNowPlayingInfoPropertyDefaultPlaybackRate": "default_rate",
            "MPNowPlayingInfoPropertyMediaType": "media_type",
        }  # fmt: skip
        artwork = SimpleNamespace(
            initWithBoundsSize_requestHandler_=lambda size, handler: ("artwork", handler(size))
        )
        self.mp = SimpleNamespace(
            MPNowPlayingInfoCenter=SimpleNamespace(defaultCenter=lambda: self.info_center),
            MPRemoteCommandCenter=SimpleNamespace(sharedCommandCenter=lambda: self.command_center),
            MPRemoteCommandHandlerStatusSuccess=0,
            MPMediaItemArtwork=SimpleNamespace(alloc=lambda: artwork),
            **keys,
        )
        image = SimpleNamespace(
            initWithContentsOfFile_=lambda path: SimpleNamespace(path=path, size=lambda: (1, 1))
        )
        self.appkit = SimpleNamespace(NSImage=SimpleNamespace(alloc=lambda: image))

    def run(self, command: str, **values: object) -> list[int]:
        """Send ``command`` with an event answering ``values``; return the handlers' statuses."""
        event = SimpleNamespace(**{name: (lambda v=v: v) for name, v in values.items()})
        statuses: list[int] = []
        for handler in list(self.command_center.commands[command].targets.values()):
            _on_another_thread(lambda h=handler: statuses.append(h(event)))
        return statuses

    def targets(self) -> list[str]:
        """Return the commands that still have a target."""
        return [name for name, c in self.command_center.commands.items() if c.targets]
