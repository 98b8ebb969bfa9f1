"""Files, folders and playlists handed to the app (dropped or opened), read in the background.

Folders are walked, playlists read and every file's tags read on a worker thread, so a drop
of a large folder never freezes the window. What cannot be played is named, with the reason,
in :attr:`DropReading.problems`; the rest arrive as tracks in order. Every problem also goes
to the log (the notice shows only the first few).
"""

from __future__ import annotations

import contextlib
import logging
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QObject, Signal

from app.core.errors import TagReadError
from app.core.track import Track
from app.library.paths import AUDIO_EXTENSIONS, expand_paths
from app.library.playlists import PLAYLIST_EXTENSIONS
from app.library.tags import read_track
from app.ui.i18n import counted, fill
from app.ui.problem_text import problem_text, reason_template

log = logging.getLogger(__name__)
MAX_LOGGED_PROBLEMS = 1000  # per drop: a 100,000-entry playlist of broken files logs no more


@dataclass
class DropReading:
    """The tracks found in what was dropped, and a message per item that gave none."""

    tracks: list[Track] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


def read_dropped(paths: Sequence[Path]) -> DropReading:
    """Expand ``paths`` and read each file's tags (call on a worker thread).

    A file named directly must be a sound file the player knows or a playlist; a file whose
    tags cannot be read is broken and left out. Both are reported with the reason.
    """
    result = DropReading()
    wanted = []
    for path in paths:
        suffix = path.suffix.lower()
        if path.is_file() and suffix not in AUDIO_EXTENSIONS | PLAYLIST_EXTENSIONS:
            # translate() is thread-safe: the words are ready for the GUI thread to show
            text = QCoreApplication.translate("DropReader", "%1: not a sound file or playlist")
            result.problems.append(fill(text, path.name))
        else:
            wanted.append(path)
    expansion = expand_paths(wanted)
    result.problems.extend(_short(problem) for problem in expansion.problems)
    for path in expansion.files:
        try:
            result.tracks.append(read_track(path))
        except TagReadError as exc:
            result.problems.append(f"{path.name}: {exc.reason}")
    _log_problems(result.problems)
    return result


def _log_problems(problems: Sequence[str]) -> None:
    """Log each problem (up to :data:`MAX_LOGGED_PROBLEMS`), so none is lost to the notice."""
    for problem in problems[:MAX_LOGGED_PROBLEMS]:
        log.info("not added: %s", problem)
    if len(problems) > MAX_LOGGED_PROBLEMS:
        log.info("not added: %d more", len(problems) - MAX_LOGGED_PROBLEMS)


def _short(problem: str) -> str:
    """Keep a problem's message short: the item's name rather than its whole path.

    The ``": "`` that ends the path is the first one followed by a reason the layers write
    (a folder may be called ``Live: 2020``); failing that, the first one.
    """
    start = 0
    while (cut := problem.find(": ", start)) >= 0:
        if reason_template(problem[cut + 2 :]) is not None:
            break
        start = cut + 1
    else:
        cut = problem.find(": ")
    if cut < 0:
        return problem
    return f"{Path(problem[:cut]).name}: {problem[cut + 2 :]}"


class DropReader(QObject):
    """Reads drops on worker threads and delivers each reading on the GUI thread."""

    _done = Signal(object, object)  # (callback, DropReading), queued to the GUI thread

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._done.connect(lambda deliver, reading: deliver(reading))

    def read(self, paths: Sequence[Path], deliver: Callable[[DropReading], None]) -> None:
        """Read ``paths`` in the background and call ``deliver`` with the result."""
        chosen = list(paths)

        def work() -> None:
            try:
                reading = read_dropped(chosen)
            except Exception as exc:  # thread boundary: report, never lose the window
                log.exception("reading a drop failed")
                failed = fill(self.tr("the dropped items could not be read (%1)"), exc)
                reading = DropReading(problems=[failed])
            with contextlib.suppress(RuntimeError):  # the window closed meanwhile
                self._done.emit(deliver, reading)

        threading.Thread(target=work, name="starlight-drop", daemon=True).start()


def describe_problems(problems: Sequence[str], limit: int = 3) -> str:
    """Return one short notice naming up to ``limit`` problems, in the user's language.

    A problem may name its item by the whole path (as :func:`app.library.paths.expand_paths`
    writes them); the notice names it by its file name.
    """
    if not problems:
        return ""
    count, hidden = len(problems), len(problems) - limit
    shown = "; ".join(problem_text(_short(problem)) for problem in problems[:limit])
    head = counted(DropReader.tr("%n item(s) could not be added: %1", "", count), count)
    more = counted(DropReader.tr("; and %n more", "", hidden), hidden) if hidden > 0 else ""
    return fill(head, shown) + more
