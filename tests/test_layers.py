"""The Qt-free layers must stay importable without PySide6."""

import subprocess
import sys

QT_FREE = [
    "app.core.errors",
    "app.core.signal",
    "app.core.track",
    "app.core.playback",
    "app.core.atomic",
    "app.core.queue",
    "app.core.queue_state",
    "app.core.record",
    "app.library.paths",
    "app.library.tags",
    "app.library.tag_formats",
    "app.library.stream_info",
    "app.library.text",
    "app.library.walk",
    "app.library.scanner",
    "app.library.store",
    "app.library.schema",
    "app.library.rows",
    "app.library.records",
    "app.library.sides",
    "app.library.model",
    "app.library.history",
    "app.library.search_text",
    "app.library.playlists",
    "app.library.covers",
    "app.library.image_header",
    "app.visual",
    "app.visual.deck",
    "app.visual.groove_map",
    "app.visual.deck_side",
    "app.visual.platter",
    "app.library.demo",
    "app.audio.decoder",
    "app.audio.decode_ahead",
    "app.audio.dsp",
    "app.audio.ring",
    "app.audio.resample",
    "app.audio.renderer",
    "app.audio.clock",
    "app.audio.motor",
    "app.audio.engine",
    "app.audio.ffmpeg",
    "app.audio.queue_player",
]


def test_qt_free_layers_do_not_import_pyside6() -> None:
    code = (
        "import importlib, sys\n"
        f"for name in {QT_FREE!r}: importlib.import_module(name)\n"
        "bad = sorted(m for m in sys.modules if m.startswith('PySide6'))\n"
        "print(','.join(bad))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == ""


def test_qt_output_does_import_pyside6() -> None:
    """The check above can fail: the Qt edge really does pull PySide6 in."""
    code = "import sys, app.audio.qt_output; print('PySide6' in sys.modules)"
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "True"
