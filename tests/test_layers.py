"""The Qt-free layers must stay importable without PySide6."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
QT_FREE_PACKAGES = ("core", "library", "visual", "audio")
QT_EDGES = {  # the Qt edge of app/audio
    "app.audio.qt_output",
    "app.audio.sink_start",
    "app.audio.sink_worker",
}


def qt_free_modules() -> list[str]:
    """Every module of the Qt-free layers, found on disk so a new one cannot be missed."""
    names = []
    for package in QT_FREE_PACKAGES:
        for path in sorted((ROOT / "app" / package).glob("*.py")):
            name = f"app.{package}" if path.stem == "__init__" else f"app.{package}.{path.stem}"
            if name not in QT_EDGES:
                names.append(name)
    return names


QT_FREE = qt_free_modules()


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
