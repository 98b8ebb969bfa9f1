"""The composition root: parse the command line, start the sound first, then the window.

Imports stay light at module level: the scanner's worker processes are spawned and import
the main module again, and must not pay for numpy or Qt.
"""

from __future__ import annotations

import argparse
import contextlib
import logging
import os
import signal
import sys
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from app.command_line import EXIT_NOT_HANDED_OVER, parse_arguments
from app.core.errors import TagReadError
from app.core.track import Track
from app.library.paths import expand_paths

if TYPE_CHECKING:
    from PySide6.QtWidgets import QApplication

    from app.audio.engine import Engine
    from app.platform.single_instance import Claim, InstanceServer
    from app.ui.library_service import LibraryService
    from app.ui.main_window import MainWindow
    from app.ui.player_session import PlayerSession
    from app.ui.settings import Settings
    from app.ui.side_art import SideArt
    from app.ui.thumbnails import ThumbnailCache

log = logging.getLogger("starlight")
_M_MMAP_THRESHOLD = -3  # glibc's mallopt parameter numbers
_M_ARENA_MAX = -8
SETTLED_TRIM_MS = 6000


def _read_first_tags(track: Track) -> Track:
    from app.library.tags import read_track

    try:
        return read_track(track.path)
    except TagReadError:
        return track


def _read_tags_in_background(tracks: list[tuple[int, Track]], on_read: object) -> None:
    """Read the tags of files outside the library, for the now-playing line."""
    from app.library.tags import read_track

    def work() -> None:
        for index, track in tracks:
            try:
                on_read(index, read_track(track.path))  # type: ignore[operator]
            except TagReadError as exc:
                log.info("%s", exc)
            except Exception:  # thread boundary: one odd file must not stop the rest
                log.exception("reading tags of %s failed", track.path)

    threading.Thread(target=work, name="starlight-tags", daemon=True).start()


def _libc() -> Any:
    """Return glibc through ctypes, or None where there is none (Windows, macOS, musl)."""
    import ctypes
    import ctypes.util

    name = ctypes.util.find_library("c")
    if not (sys.platform.startswith("linux") and name):
        return None
    try:
        return ctypes.CDLL(name)
    except OSError:
        return None


def _return_freed_memory() -> None:
    """Make glibc hand large freed blocks straight back to the system.

    glibc raises its mmap threshold each time a large block is freed, so the big numpy
    temporaries of the shop's wood grain and the groove maps end up on the heap and stay in
    the process after they are freed: the app held 352 MB with a 50,000-track library queued,
    253 MB with this. A fixed 1 MB threshold keeps them mmap'ed and returned on free; two
    arenas at most keep the threads' freed memory from spreading over one arena each.
    Elsewhere (no glibc) nothing changes.
    """
    libc = _libc()
    if libc is not None:
        with contextlib.suppress(AttributeError):
            libc.mallopt(_M_MMAP_THRESHOLD, 1 << 20)
            libc.mallopt(_M_ARENA_MAX, 2)


def _trim_heap() -> None:
    """Hand the heap's free pages back to the system (glibc keeps them for reuse otherwise).

    Start-up reads the library, the queue and the catalogue of stars and renders the shop;
    what it freed would stay in the process. Elsewhere (no glibc) nothing happens.
    """
    libc = _libc()
    if libc is not None:
        with contextlib.suppress(AttributeError):
            libc.malloc_trim(0)


def _trace(what: str) -> None:
    """With STARLIGHT_TRACE set, print milliseconds since STARLIGHT_T0 (launch timing)."""
    import os
    import time

    if os.environ.get("STARLIGHT_TRACE"):
        t0 = float(os.environ.get("STARLIGHT_T0", "0") or 0)
        print(f"TRACE {what}: {(time.time() - t0) * 1000:.0f} ms", file=sys.stderr)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the player, or hand the command line to the one running; return the exit code."""
    _trace("main")
    argv = sys.argv[1:] if argv is None else argv
    if argv and argv[0] in ("scan", "search"):
        from app.cli import run

        return run(argv)
    args = parse_arguments(argv)
    logging.basicConfig(
        level=logging.DEBUG if args.verbose else logging.WARNING,
        format="starlight: %(levelname)s: %(message)s",
    )
    from app.platform.qt_messages import route_qt_messages

    route_qt_messages()
    # Before any heavy import: a second start only passes its command line on and exits.
    claim = _hand_over(args)
    if isinstance(claim, int):
        return claim
    quit_signals = _catch_quit_signals()  # from here on, SIGINT or SIGTERM quits cleanly
    _log_to_file(args.verbose)
    from app.platform.logs import log_dir
    from app.ui.safety_net import install_safety_net

    install_safety_net(log_folder=log_dir())  # unhandled errors: logged, shown, survived
    _return_freed_memory()
    # A thread waiting for the GIL gets it within 1 ms instead of 5: the audio thread must
    # not sit behind a busy GUI thread (measured: 5x fewer dropouts under CPU contention).
    sys.setswitchinterval(0.001)
    started = start(args)
    server = _serve_other_starts(claim, started.window)
    from PySide6.QtCore import QTimer

    QTimer.singleShot(SETTLED_TRIM_MS, _trim_heap)  # after start-up's temporaries are freed
    _quit_on_signals(started.app, quit_signals)
    started.session.scan_soon(started.scan_folders)
    code = started.app.exec()
    if server is not None:
        server.close()  # first: a start from now on becomes a new player
    started.close()
    return code


def _hand_over(args: argparse.Namespace) -> int | Claim | None:
    """Pass the command line to the running player.

    Returns
    -------
    int | Claim | None
        An exit code when a running player took it, refused it, or none runs for a remote
        command; else the claim to be the player (``None``: on without a hand-over socket).

    """
    from PySide6.QtCore import QCoreApplication

    from app.platform.single_instance import (
        STARTING_COMMANDS,
        Claim,
        Command,
        InstanceError,
        Request,
        activation_token,
        contact,
    )
    from app.ui.i18n import fill

    translate = QCoreApplication.translate
    command = Command(args.command)
    request = Request(command, tuple(args.paths), _working_folder(), activation_token())
    try:
        outcome = contact(request, may_claim=command in STARTING_COMMANDS)
    except InstanceError as exc:
        log.warning("%s; other starts cannot hand files to this player", exc)
        if command in STARTING_COMMANDS:
            return None
        outcome = None
    if isinstance(outcome, Claim):
        return outcome
    if outcome is None:
        message = translate("CommandLine", "--%1: Starlight Turntable is not running")
        print(f"starlight: {fill(message, command.value)}", file=sys.stderr)
        return EXIT_NOT_HANDED_OVER
    if not outcome.ok:
        print(f"starlight: {outcome.error}", file=sys.stderr)
        return EXIT_NOT_HANDED_OVER
    _trace("handed over")
    if args.volume is not None or args.replaygain is not None:
        note = translate(
            "CommandLine", "--volume and --replaygain apply when the player starts, not now"
        )
        print(f"starlight: {note}", file=sys.stderr)
    return 0


def _working_folder() -> str:
    try:
        return os.getcwd()
    except OSError:  # removed meanwhile: every path is absolute anyway
        return ""


def _serve_other_starts(claim: Claim | None, window: MainWindow) -> InstanceServer | None:
    """Let later starts hand their files and commands to ``window``."""
    if claim is None:
        return None
    from app.platform.single_instance import InstanceError
    from app.ui.remote_commands import RemoteCommands

    try:
        server = claim.serve(window)
    except InstanceError as exc:
        log.warning("%s; other starts cannot hand files to this player", exc)
        return None
    server.request_received.connect(RemoteCommands(window).handle)
    return server


@dataclass
class Started:
    """Everything :func:`start` built, for :func:`main`, the screenshots and the tests."""

    app: QApplication
    engine: Engine
    session: PlayerSession
    window: MainWindow
    side_art: SideArt
    thumbnails: ThumbnailCache | None
    scan_folders: list[Path]

    def close(self) -> None:
        """Save the session and stop every worker and the sound."""
        self.session.close()
        self.side_art.close()
        if self.thumbnails is not None:
            self.thumbnails.close()
        self.engine.shutdown()


def start(args: argparse.Namespace) -> Started:
    """Start the sound, then the library, the session and the window (shown)."""
    expansion = expand_paths(args.paths)
    for problem in expansion.problems:
        print(f"starlight: {problem}", file=sys.stderr)
    tracks = [Track(path) for path in expansion.files]

    # Sound first: the engine starts decoding before any heavy UI work.
    from PySide6.QtWidgets import QApplication

    from app.audio.dsp import ReplayGainMode
    from app.audio.engine import Engine
    from app.audio.ffmpeg import configure_pydub
    from app.audio.qt_output import QtAudioOutput
    from app.ui.settings import open_settings

    _trace("imports")
    app = QApplication.instance() or QApplication([sys.argv[0]])
    _trace("qapplication")
    app.setOrganizationName("starlight")
    app.setApplicationName("starlight")
    app.setDesktopFileName("io.github.starlight.Turntable")  # the Wayland app id; X11 hints
    settings = open_settings()  # a damaged file is set aside (the window tells the user)
    from app.ui.i18n import app_name, install_translations

    install_translations(app, settings.language)
    app.setApplicationDisplayName(app_name())
    output = QtAudioOutput(device_id=settings.device)
    engine = Engine(output)
    engine.set_volume(args.volume if args.volume is not None else settings.volume)
    mode = args.replaygain or settings.replay_gain
    engine.set_replay_gain(ReplayGainMode(mode))
    if tracks:
        if mode != ReplayGainMode.OFF.value:
            tracks[0] = _read_first_tags(tracks[0])  # its gain must apply from the first sample
        engine.load(tracks)
        _let_sound_start(output)
    _trace("engine loaded")
    # The library and the queue come after the first sound: opening them costs tens of ms.
    library, library_problem = _open_library()
    session = _session(engine, library)
    if library_problem:
        session.notices.append(library_problem)  # the window shows it
    if tracks:
        session.adopt(tracks)
    else:
        session.restore()

    from app.platform.locations import cache_dir
    from app.ui.main_window import MainWindow
    from app.ui.side_art import SideArt
    from app.ui.thumbnails import ThumbnailCache
    from app.visual.groove_map import GrooveMapCache

    configure_pydub()
    thumbnails = ThumbnailCache(cache_dir() / "covers") if library is not None else None
    side_art = SideArt(GrooveMapCache(cache_dir() / "grooves"))
    from app.ui.app_icon import app_icon

    app.setWindowIcon(app_icon())
    window = MainWindow(engine, output, settings, session, side_art, thumbnails)
    window.show()
    _trace("window shown")
    if expansion.problems:  # a playlist opened from a file manager: say what was refused
        from app.ui.drops import describe_problems

        window.notice.show_message(describe_problems(expansion.problems), 8000)
    untagged = [(i, t) for i, t in enumerate(engine.tracks) if not t.title and not t.album]
    _read_tags_in_background(untagged, session.tags_read)
    folders = _library_folders(library, settings)
    if not folders:
        window.actions_.offer_demo_if_empty()
    from app.platform.now_playing import start_now_playing
    from app.ui.desktop_presence import start_tray_and_notifications

    now_playing = start_now_playing(window)  # MPRIS2 (SMTC, Now Playing): the window keeps it
    start_tray_and_notifications(window, engine, session, settings, now_playing)
    return Started(app, engine, session, window, side_art, thumbnails, folders)  # type: ignore[arg-type]


def _open_library() -> tuple[LibraryService | None, str]:
    """Open the library database; without one the app still plays files (and says why)."""
    from PySide6.QtCore import QCoreApplication

    from app.core.errors import StoreError
    from app.platform.locations import library_path
    from app.ui.i18n import fill
    from app.ui.library_service import LibraryService
    from app.ui.problem_text import problem_text

    try:
        return LibraryService(library_path()), ""
    except StoreError as exc:
        print(f"starlight: {exc}", file=sys.stderr)
        text = QCoreApplication.translate(
            "Library", "The library could not be opened, so the crate is not shown: %1"
        )
        return None, fill(text, problem_text(str(exc)))


def _session(engine: Engine, library: LibraryService | None) -> PlayerSession:
    from app.platform.locations import state_dir
    from app.ui.player_session import PlayerSession

    return PlayerSession(engine, library, state_dir() / "queue.json")


def _library_folders(library: LibraryService | None, settings: Settings) -> list[Path]:
    """Return the folders to rescan at start-up: the library's, or the Music folder at first.

    The Music folder is used once, on the first run; a user who later removes every folder
    is not given it back behind their back.
    """
    from app.platform.locations import music_dir

    if library is None:
        return []
    folders = library.folders()
    if not folders and not settings.asked_for_music_folder:
        settings.asked_for_music_folder = True
        if (music := music_dir()) is not None:
            folders = [music]
    return folders


def _let_sound_start(output: object, timeout_s: float = 0.5) -> None:
    """Run the event loop until the first block reaches the sink, before building the UI.

    Building the window holds the GIL for tens of milliseconds; doing it after the first
    write puts sound out that much sooner. Gives up after ``timeout_s`` (no device, bad file).
    """
    import time

    from PySide6.QtCore import QCoreApplication, QEventLoop

    deadline = time.perf_counter() + timeout_s
    while output.frames_written == 0 and time.perf_counter() < deadline:  # type: ignore[attr-defined]
        QCoreApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 5)
        time.sleep(0.001)


def _log_to_file(verbose: bool) -> None:
    """Log to the rotating file as well, now that this process is the player.

    Until here only the terminal gets the log (a second start that hands over its command
    line must not write to the player's log file).
    """
    from app.platform.logs import setup_logging

    logging.getLogger().handlers.clear()  # basicConfig's terminal handler; setup adds its own
    setup_logging(verbose)


def _catch_quit_signals() -> int:
    """Turn SIGINT and SIGTERM into bytes on a pipe; return its read end.

    Installed before start-up, so a signal that arrives while the window is being built is
    kept (not a traceback, nor a kill that saves nothing) and quits as soon as the event loop
    runs (:func:`_quit_on_signals`).
    """
    import os

    read_fd, write_fd = os.pipe()
    os.set_blocking(write_fd, False)
    os.set_blocking(read_fd, False)
    signal.set_wakeup_fd(write_fd)
    for signum in (signal.SIGINT, signal.SIGTERM):
        signal.signal(signum, lambda *_: None)
    return read_fd


def _quit_on_signals(app: object, read_fd: int) -> None:
    """Quit the Qt event loop cleanly on the signals :func:`_catch_quit_signals` caught."""
    import os

    from PySide6.QtCore import QSocketNotifier
    from PySide6.QtWidgets import QApplication

    notifier = QSocketNotifier(read_fd, QSocketNotifier.Type.Read, app)  # type: ignore[call-overload]

    def on_signal() -> None:
        with contextlib.suppress(BlockingIOError):
            os.read(read_fd, 64)
        QApplication.quit()

    notifier.activated.connect(on_signal)
