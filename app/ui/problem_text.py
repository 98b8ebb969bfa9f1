"""Problems from the Qt-free layers, put into the user's language where the window shows them.

The library, the decoder and the playlist reader speak English and never import Qt: a problem
reaches the window as ``"name: reason"`` text (a :class:`~app.core.errors.MediaError`'s
``str()``, or one of the problems a drop or a playlist lists). :func:`problem_text` finds the
English reason among :data:`REASONS`, the templates those layers write (their variable parts
as ``%1``, ``%2``), and returns the translated reason with the same parts. Details the system
or ffmpeg wrote (``No such file or directory``) stay as they were written. A reason that is
not known is shown as it came: a new message is never lost, only left untranslated (a test
checks that every reason the layers write is listed here).
"""

from __future__ import annotations

import re
from functools import cache

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

from app.ui.i18n import fill

CONTEXT = "Problems"

#: Every reason the Qt-free layers write, as they write it; ``%1``.. mark the variable parts.
REASONS: tuple[str, ...] = (
    # the decoder and the engine (app/audio)
    QT_TRANSLATE_NOOP("Problems", "is a folder, not an audio file"),
    QT_TRANSLATE_NOOP("Problems", "is a broken link"),
    QT_TRANSLATE_NOOP("Problems", "does not exist"),
    QT_TRANSLATE_NOOP("Problems", "is empty (0 bytes)"),
    QT_TRANSLATE_NOOP("Problems", "cannot be read (permission denied)"),
    QT_TRANSLATE_NOOP("Problems", "ffmpeg could not be started (%1)"),
    QT_TRANSLATE_NOOP("Problems", "unexpected decoder output (format %1, %2 bit)"),
    QT_TRANSLATE_NOOP("Problems", "cannot be decoded: %1"),
    QT_TRANSLATE_NOOP("Problems", "is not a readable audio file"),
    QT_TRANSLATE_NOOP("Problems", "ended before any audio"),
    QT_TRANSLATE_NOOP("Problems", "has no audio format"),
    QT_TRANSLATE_NOOP("Problems", "cannot be played (%1)"),
    QT_TRANSLATE_NOOP("Problems", "contains no audio"),
    QT_TRANSLATE_NOOP("Problems", "could not be opened (no such file)"),
    QT_TRANSLATE_NOOP("Problems", "could not be decoded for the groove map (%1)"),
    QT_TRANSLATE_NOOP("Problems", "could not be decoded for the groove map"),
    QT_TRANSLATE_NOOP("Problems", "stopped answering (the decoder gave nothing for %1 s)"),
    QT_TRANSLATE_NOOP("Problems", "stopped: the decoder was killed (signal %1)"),
    # tags (app/library/tags.py)
    QT_TRANSLATE_NOOP("Problems", "tags could not be read (%1)"),
    QT_TRANSLATE_NOOP("Problems", "is not a known audio format"),
    QT_TRANSLATE_NOOP("Problems", "has no audio after its headers"),
    QT_TRANSLATE_NOOP("Problems", "is not a readable %1 file (it ends too early)"),
    QT_TRANSLATE_NOOP("Problems", "is not a readable %1 file (it claims impossible sizes)"),
    QT_TRANSLATE_NOOP("Problems", "is not a readable %1 file (no audio frames found)"),
    QT_TRANSLATE_NOOP("Problems", "is not a readable %1 file (%2)"),
    QT_TRANSLATE_NOOP("Problems", "is not a readable %1 file"),
    # the folders walked by a scan (app/library/walk.py)
    QT_TRANSLATE_NOOP("Problems", "is a link that loops back on itself"),
    QT_TRANSLATE_NOOP("Problems", "is a link to nothing"),
    QT_TRANSLATE_NOOP("Problems", "folder cannot be read (%1)"),
    # files and folders handed to the app (app/library/paths.py)
    QT_TRANSLATE_NOOP("Problems", "no audio files in this folder"),
    QT_TRANSLATE_NOOP("Problems", "no such file or folder"),
    # playlists as a whole (app/library/playlists.py)
    QT_TRANSLATE_NOOP("Problems", "is not a regular file"),
    QT_TRANSLATE_NOOP("Problems", "is larger than %1 MB"),
    QT_TRANSLATE_NOOP("Problems", "is not a playlist (it contains binary data)"),
    QT_TRANSLATE_NOOP("Problems", "is not a PLS playlist (no [playlist] section)"),
    QT_TRANSLATE_NOOP("Problems", "is not a playlist (.m3u, .m3u8 or .pls)"),
    QT_TRANSLATE_NOOP("Problems", "a playlist is written only to a .m3u8 or .m3u file"),
    QT_TRANSLATE_NOOP("Problems", "cannot be written (%1)"),
    # a playlist's entries
    QT_TRANSLATE_NOOP("Problems", "only the first %1 entries were read"),
    QT_TRANSLATE_NOOP("Problems", "%1 is a network path; only local files are played; skipped"),
    QT_TRANSLATE_NOOP(
        "Problems",
        "%1 carries a URL scheme or stream protocol; only local files are played; skipped",
    ),
    QT_TRANSLATE_NOOP("Problems", "%1 is a playlist; nested playlists are not followed"),
    QT_TRANSLATE_NOOP(
        "Problems", "%1 is not a local file URI; only local files are played; skipped"
    ),
    QT_TRANSLATE_NOOP("Problems", "%1 was not found; skipped"),
    QT_TRANSLATE_NOOP("Problems", "%1 is a folder, not a file; skipped"),
    QT_TRANSLATE_NOOP("Problems", "%1 is not a regular file; skipped"),
    QT_TRANSLATE_NOOP("Problems", "%1 is a playlist; skipped"),
    QT_TRANSLATE_NOOP("Problems", "%1 cannot be spelled in M3U; skipped"),
    QT_TRANSLATE_NOOP("Problems", "longer than %1 bytes; skipped"),
    QT_TRANSLATE_NOOP("Problems", "reading stopped after %1 entry lines"),
    QT_TRANSLATE_NOOP("Problems", "more than %1 entries; the rest are skipped"),
    QT_TRANSLATE_NOOP("Problems", "%1 more problems were not listed"),
    QT_TRANSLATE_NOOP("Problems", "the playlist has no entries"),
    # the library file (app/library/store.py)
    QT_TRANSLATE_NOOP("Problems", "the library is locked (%1)"),
    QT_TRANSLATE_NOOP("Problems", "made by a newer Starlight (schema %1, this one knows %2)"),
    QT_TRANSLATE_NOOP("Problems", "the library could not be saved because the disk is full"),
    QT_TRANSLATE_NOOP(
        "Problems",
        "the library could not be saved because this process may not write files larger "
        "than %1 MB (ulimit -f)",
    ),
    QT_TRANSLATE_NOOP("Problems", "the library could not be saved because it is read-only (%1)"),
    QT_TRANSLATE_NOOP("Problems", "the library could not be saved (%1)"),
    QT_TRANSLATE_NOOP("Problems", "the library file is damaged and could not be set aside (%1)"),
    QT_TRANSLATE_NOOP("Problems", "the library could not be opened because the disk is full"),
    QT_TRANSLATE_NOOP("Problems", "the library could not be opened (%1)"),
    # general wordings last: the specific ones above win
    QT_TRANSLATE_NOOP("Problems", "cannot be opened (%1)"),
    QT_TRANSLATE_NOOP("Problems", "could not be read (%1)"),
    QT_TRANSLATE_NOOP("Problems", "cannot be read (%1)"),
)

# Where in a playlist a problem is: "name, line 12" (app/library/playlists.py).
_LINE = re.compile(r"^(?P<name>.+), line (?P<number>\d+)$")


@cache
def _pattern(template: str) -> re.Pattern[str]:
    """Return a regex matching what ``template`` reads once its markers are filled."""
    parts = re.split(r"%(\d)", template)
    body = "".join(
        re.escape(part) if index % 2 == 0 else f"(?P<m{part}>.+?)"
        for index, part in enumerate(parts)
    )
    return re.compile(f"^{body}$", re.DOTALL)


def reason_template(reason: str) -> tuple[str, list[str]] | None:
    """Return the template ``reason`` was written from and its filled-in parts, else None."""
    for template in REASONS:
        match = _pattern(template).match(reason)
        if match is not None:
            markers = sorted(match.groupdict().items())
            return template, [value for _name, value in markers]
    return None


def reason_text(reason: str) -> str:
    """Return ``reason`` in the user's language (as it came when it is not a known one)."""
    found = reason_template(reason)
    if found is None:
        return reason
    template, values = found
    return fill(QCoreApplication.translate(CONTEXT, template), *values)


def problem_text(message: str) -> str:
    """Return ``"name: reason"`` (or a bare reason) with the reason in the user's language.

    The name may itself hold ``": "``; the first split that leaves a known reason wins.
    """
    start = 0
    while (cut := message.find(": ", start)) >= 0:
        head, reason = message[:cut], message[cut + 2 :]
        if reason_template(reason) is not None:
            return f"{_where(head)}: {reason_text(reason)}"
        start = cut + 1
    return reason_text(message)


def _where(head: str) -> str:
    """Translate the "line 12" of a playlist problem's place; a name stays as it is."""
    match = _LINE.match(head)
    if match is None:
        return head
    where = QCoreApplication.translate("Problems", "%1, line %2")
    return fill(where, match["name"], match["number"])
