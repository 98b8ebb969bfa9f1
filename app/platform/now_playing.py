"""Start the system's now-playing services: MPRIS2, Windows SMTC or macOS Now Playing.

One :class:`~app.platform.now_playing_source.NowPlayingSource` watches the player; each
service shows its snapshots to the system and hands the system's requests to its controls.
Which service runs depends on the platform, and each module is imported only where it can
work: ``mpris`` (QtDBus, Linux only) on Linux, ``smtc`` on Windows, ``macos_now_playing`` on
macOS. Where a system's API is missing (no session bus, no ``winrt`` or ``pyobjc`` package)
the service is an :class:`Inactive` record saying why, and the app runs on.

Shared by the services: :class:`Inactive`, :class:`GuiRelay` (system threads to the GUI thread)
and :class:`CoverFiles` (covers as files in the cache, for the systems that take a file).

Usage from the composition root, once the window is shown::

    now_playing = start_now_playing(window)  # kept alive by the window, closed on quit
"""

from __future__ import annotations

import collections
import contextlib
import logging
import os
import queue
import sys
import tempfile
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from PySide6.QtCore import QCoreApplication, QObject, Qt, Signal

from app.core.errors import MediaError
from app.library.covers import find_cover, read_cover_bytes
from app.ui.thumbnails import THUMBNAIL_SIZES, decode_thumbnail

if TYPE_CHECKING:
    from app.platform.now_playing_source import NowPlayingSource
    from app.ui.main_window import MainWindow

log = logging.getLogger(__name__)

#: Edge of the cover pictures handed to the desktop, in pixels (the crate's largest thumbnail,
#: so the two caches share their files).
COVER_PX = THUMBNAIL_SIZES[-1]
_COVERS_KEPT = 64
_JPEG_QUALITY = 90


class NowPlayingService(Protocol):
    """What every system's service offers its owner."""

    @property
    def system(self) -> str:
        """The system it talks to: ``"MPRIS2"``, ``"SMTC"``, ``"Now Playing"``."""

    @property
    def active(self) -> bool:
        """Whether the system sees the player."""

    def close(self) -> None:
        """Withdraw from the system (at quit)."""


class GuiRelay(QObject):
    """Runs callables on the GUI thread, whichever thread hands them over.

    The Windows and macOS services get their system's requests on the system's threads; they
    pass each request here, and the controls run on the GUI thread like every other call.
    """

    _call = Signal(object)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._call.connect(lambda action: action(), Qt.ConnectionType.QueuedConnection)

    def call(self, action: Callable[[], object]) -> None:
        """Run ``action`` on the GUI thread soon (safe from any thread)."""
        self._call.emit(action)


@dataclass(frozen=True)
class Inactive:
    """A service that could not start on this machine, and why; closing it does nothing."""

    system: str
    reason: str
    active: bool = False

    def close(self) -> None:
        """Do nothing: nothing was started."""


class CoverFiles(QObject):
    """Cover pictures as files in the cache, for desktops that take a ``file://`` URL.

    A track's cover (embedded or beside it) is vetted, decoded to a :data:`COVER_PX` square and
    written as JPEG to ``folder/<px>/<key>.jpg``, where the crate's thumbnail cache keeps the
    same picture under the same name: whichever comes first makes it, the other reuses it.
    Nothing is ever written beside the music.
    """

    found = Signal()  # a lookup finished: ask path_for() again
    _done = Signal(object, object)  # (track path, Path | None), queued from the worker

    def __init__(self, folder: Path, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.folder = folder
        # GUI thread only: finished lookups (newest last) and the ones in flight.
        self._known: collections.OrderedDict[Path, Path | None] = collections.OrderedDict()
        self._asked: set[Path] = set()
        self._jobs: queue.SimpleQueue[Path | None] = queue.SimpleQueue()
        self._latest: Path | None = None  # written by the GUI thread, read by the worker
        self._lock = threading.Lock()
        self._done.connect(self._on_done, Qt.ConnectionType.QueuedConnection)
        threading.Thread(target=self._run, name="starlight-cover-files", daemon=True).start()

    def path_for(self, track_path: Path) -> Path | None:
        """Return the cached cover of ``track_path``; None without one or until it is made.

        When the answer is not known yet it is looked up in the background and :attr:`found`
        follows.
        """
        if track_path in self._known:
            self._known.move_to_end(track_path)
            return self._known[track_path]
        if track_path not in self._asked:
            self._asked.add(track_path)
            with self._lock:
                self._latest = track_path
            self._jobs.put(track_path)
        return None

    def close(self) -> None:
        """Stop the worker after the lookup under way; no signal follows."""
        with self._lock:
            self._latest = None
        self._jobs.put(None)

    def _run(self) -> None:
        while (track_path := self._jobs.get()) is not None:
            with self._lock:
                stale = track_path != self._latest
            try:
                result = None if stale else cover_file(track_path, self.folder)
            except Exception:  # thread boundary: one odd file must not stop the worker
                log.exception("making the cover file of %s failed", track_path)
                result = None
            with self._lock:
                if self._latest is None:
                    return  # closed
                self._done.emit(track_path, (result, stale))

    def _on_done(self, track_path: Path, outcome: tuple[Path | None, bool]) -> None:
        result, stale = outcome
        self._asked.discard(track_path)
        if stale:
            return  # another track was asked for meanwhile; this one is asked again if needed
        self._known[track_path] = result
        while len(self._known) > _COVERS_KEPT:
            self._known.popitem(last=False)
        self.found.emit()


def cover_file(track_path: Path, folder: Path, size_px: int = COVER_PX) -> Path | None:
    """Return a cached JPEG of the cover of ``track_path``, making it if needed (worker thread).

    Returns None when the track has no cover, or its cover is unreadable or refused (a
    decompression bomb, a damaged picture): the reason is logged.
    """
    try:
        source = find_cover(track_path)
        if source is None:
            return None
        target = folder / str(size_px) / f"{source.key}.jpg"
        if target.is_file() and target.stat().st_size > 0:
            return target
        image = decode_thumbnail(read_cover_bytes(source), size_px, source.path)
    except (MediaError, OSError) as exc:
        log.info("no cover for the desktop: %s", exc)
        return None
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(prefix=".now-playing.", suffix=".jpg",
                                             dir=target.parent)  # fmt: skip
        os.close(handle)
    except OSError as exc:
        log.warning("the cover cache %s is not writable: %s", target.parent, exc)
        return None
    if image.save(temporary, "JPEG", _JPEG_QUALITY):  # type: ignore[call-overload]
        os.replace(temporary, target)
        return target
    log.warning("the cover %s could not be written", target)
    with contextlib.suppress(OSError):
        os.unlink(temporary)
    return None


class NowPlayingServices(QObject):
    """The source and the services started for it; a child of the window, closed on quit."""

    def __init__(self, source: NowPlayingSource, services: list[NowPlayingService]) -> None:
        super().__init__(source)
        self.source = source
        self.services = services
        self._closed = False

    @property
    def active(self) -> list[str]:
        """The systems that see the player."""
        return [service.system for service in self.services if service.active]

    def close(self) -> None:
        """Withdraw every service and stop the source; safe to call twice."""
        if self._closed:
            return
        self._closed = True
        for service in self.services:
            service.close()
        self.source.close()


def start_now_playing(window: MainWindow, platform: str | None = None) -> NowPlayingServices:
    """Start the now-playing services of ``platform`` (default: this one) for ``window``.

    Never raises for a missing system API: such a service is :class:`Inactive` and logged.
    """
    from app.platform.now_playing_source import NowPlayingSource

    platform = sys.platform if platform is None else platform
    source = NowPlayingSource(window)
    services = [_system_service(source, platform)]
    for service in services:
        if not service.active:
            log.info("%s is off: %s", service.system, getattr(service, "reason", "not started"))
    hub = NowPlayingServices(source, services)
    app = QCoreApplication.instance()
    if app is not None:
        app.aboutToQuit.connect(hub.close)
    return hub


def _system_service(source: NowPlayingSource, platform: str) -> NowPlayingService:
    if platform.startswith("linux") or platform.startswith("freebsd"):
        from app.platform.mpris import start_mpris

        service = start_mpris(source)
        return service if service is not None else Inactive("MPRIS2", "no D-Bus session bus")
    if platform == "win32":
        from app.platform.smtc import start_smtc

        return start_smtc(source)
    if platform == "darwin":
        from app.platform.macos_now_playing import start_macos_now_playing

        return start_macos_now_playing(source)
    return Inactive("now playing", f"no now-playing service on {platform}")
