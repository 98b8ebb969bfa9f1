"""The composition root: parse the command line, start the sound first, then the window."""

from __future__ import annotations

import argparse
import contextlib
import logging
import signal
import sys
import threading
from collections.abc import Sequence

from app.audio.dsp import ReplayGainMode
from app.core.errors import TagReadError
from app.core.track import Track
from app.library.paths import expand_paths

log = logging.getLogger("starlight")


def parse_arguments(argv: Sequence[str]) -> argparse.Namespace:
    """Read the command line."""
    parser = argparse.ArgumentParser(
        prog="starlight", description="Starlight Turntable: play music files and folders."
    )
    parser.add_argument("paths", nargs="*", help="audio files or folders, played in order")
    parser.add_argument(
        "--replaygain",
        choices=[m.value for m in ReplayGainMode],
        default=None,
        help="apply ReplayGain from the tags (default: the saved setting, off at first)",
    )
    parser.add_argument("--volume", type=float, default=None, help="start volume, 0 to 1")
    parser.add_argument("-v", "--verbose", action="store_true", help="log more")
    return parser.parse_args(list(argv))


def _read_tags_in_background(tracks: list[Track], on_read: object) -> None:
    from app.library.tags import read_track

    def work() -> None:
        for index, track in enumerate(tracks):
            try:
                on_read(index, read_track(track.path))  # type: ignore[operator]
            except TagReadError as exc:
                log.info("%s", exc)

    threading.Thread(target=work, name="starlight-tags", daemon=True).start()


def main(argv: Sequence[str] | None = None) -> int:
    """Run the app; returns the process exit code."""
    args = parse_arguments(sys.argv[1:] if argv is None else argv)
    logging.basicConfig(
        level=logging.DEBUG if args.verbose else logging.WARNING,
        format="starlight: %(levelname)s: %(message)s",
    )
    expansion = expand_paths(args.paths)
    for problem in expansion.problems:
        print(f"starlight: {problem}", file=sys.stderr)
    tracks = [Track(path) for path in expansion.files]

    # Sound first: the engine starts decoding before any heavy UI work.
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QApplication

    from app.audio.engine import Engine
    from app.audio.ffmpeg import configure_pydub
    from app.audio.qt_output import QtAudioOutput

    app = QApplication([sys.argv[0]])
    app.setOrganizationName("starlight")
    app.setApplicationName("starlight")
    app.setApplicationDisplayName("Starlight Turntable")
    settings = QSettings()
    output = QtAudioOutput(device_id=str(settings.value("audio/device", "") or ""))
    engine = Engine(output)
    volume = args.volume if args.volume is not None else settings.value("audio/volume", 1.0)
    engine.set_volume(float(volume))  # type: ignore[arg-type]
    mode = args.replaygain or str(settings.value("audio/replaygain", "off"))
    engine.set_replay_gain(ReplayGainMode(mode))
    if tracks:
        engine.load(tracks)

    from app.ui.main_window import MainWindow

    configure_pydub()
    window = MainWindow(engine, output, settings)
    window.show()
    _read_tags_in_background(tracks, engine.update_track)
    _quit_on_signals(app)
    code = app.exec()
    engine.shutdown()
    return code


def _quit_on_signals(app: object) -> None:
    """Make SIGINT and SIGTERM quit the Qt event loop cleanly."""
    import os

    from PySide6.QtCore import QSocketNotifier
    from PySide6.QtWidgets import QApplication

    read_fd, write_fd = os.pipe()
    os.set_blocking(write_fd, False)
    os.set_blocking(read_fd, False)
    signal.set_wakeup_fd(write_fd)
    for signum in (signal.SIGINT, signal.SIGTERM):
        signal.signal(signum, lambda *_: None)
    notifier = QSocketNotifier(read_fd, QSocketNotifier.Type.Read, app)  # type: ignore[arg-type]

    def on_signal() -> None:
        with contextlib.suppress(BlockingIOError):
            os.read(read_fd, 64)
        QApplication.quit()

    notifier.activated.connect(on_signal)
