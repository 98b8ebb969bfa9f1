"""Render the app under Xvfb into docs/screenshots/*.png (``make screenshots``).

A private X server and PulseAudio null sink, a private home with a generated library of 40
records plus the demo record, and the real app built by :func:`app.main.start`, playing side B
of Jay's Test Pressing. Shots: the deck, the crate, a needle drop being dragged, the window at
its smallest size, the day shop, the amplifier in VFD and PPM dress, and the ambient sky
(playing and paused).
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def _private_home(tmp: Path) -> None:
    for name in ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME"):
        os.environ[name] = str(tmp / name.lower())
    os.environ["HOME"] = str(tmp / "home")
    (tmp / "home").mkdir()


def _library(tmp: Path) -> Path:
    from tests.support.library import write_library

    music = tmp / "Music"
    write_library(music / "Generated", 400)
    shutil.copytree(ROOT / "resources" / "demo", music / "Jay's Test Pressing")
    subprocess.run([sys.executable, str(ROOT / "main.py"), "scan", str(music)], check=True,
                   stdout=subprocess.DEVNULL)  # fmt: skip
    return music


def _pump(app: object, seconds: float) -> None:
    end = time.time() + seconds
    while time.time() < end:
        app.processEvents()  # type: ignore[attr-defined]
        time.sleep(0.005)


def _shoot(window: object, app: object, path: Path, settle_s: float = 0.6) -> None:
    _pump(app, settle_s)
    window.grab().save(str(path))  # type: ignore[attr-defined]
    print(f"wrote {path.relative_to(ROOT)}")


def _drag_arm(deck: object, app: object, out: Path, window: object) -> None:
    """Hold the arm over the second track of the side and take the shot mid-drag."""
    from PySide6.QtCore import QPoint, QPointF, Qt
    from PySide6.QtTest import QTest

    from app.visual.deck import ARM_LENGTH_MM, arm_swing_deg

    geometry = deck.geometry_mm  # type: ignore[attr-defined]
    here = geometry.point(*geometry.stylus_mm(deck.arm_swing_deg, ARM_LENGTH_MM))  # type: ignore[attr-defined]
    side = deck.side  # type: ignore[attr-defined]
    band = side.layout.bands[-1]
    radius = band.outer_mm - 0.4 * (band.outer_mm - band.inner_mm)
    there = geometry.point(*geometry.stylus_mm(arm_swing_deg(radius), ARM_LENGTH_MM))

    def at(point: QPointF) -> QPoint:
        return QPoint(round(point.x()), round(point.y()))

    QTest.mousePress(deck, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, at(here))
    steps = 12
    for step in range(1, steps + 1):
        x = here.x() + (there.x() - here.x()) * step / steps
        y = here.y() + (there.y() - here.y()) * step / steps
        QTest.mouseMove(deck, at(QPointF(x, y)), 15)
        _pump(app, 0.03)
    _shoot(window, app, out / "needle-drop.png", settle_s=0.3)
    QTest.mouseRelease(deck, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, at(there))


def main() -> int:
    """Render the screenshots; returns the exit code."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots")
    args = parser.parse_args()
    out: Path = args.out.resolve()
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="starlight-shots-") as name:
        tmp = Path(name)
        _private_home(tmp)
        from tests.support.services import PulseServer, XvfbServer

        with PulseServer() as pulse, XvfbServer(screen="2400x1500x24") as xvfb:
            pulse.apply_to_environ()
            xvfb.apply_to_environ()
            os.environ["QT_QPA_PLATFORM"] = "xcb"
            music = _library(tmp)
            side_b = sorted((music / "Jay's Test Pressing").glob("b*.opus"))
            from app.main import parse_arguments, start

            started = start(parse_arguments([str(p) for p in side_b]))
            app, window = started.app, started.window
            window.resize(1600, 1000)
            _pump(app, 7.0)  # the groove map, the label and the platter up to speed
            _shoot(window, app, out / "deck.png")
            _drag_arm(window.deck, app, out, window)
            if window.crate is not None:
                window.side_tabs.setCurrentWidget(window.crate)
                _pump(app, 3.0)  # sleeves arrive from the thumbnail workers
                _shoot(window, app, out / "crate.png")
            window.side_tabs.setCurrentWidget(window.queue_panel)
            window.resize(960, 600)
            _shoot(window, app, out / "small.png", settle_s=1.5)
            window.resize(1600, 1000)
            started.window.settings.theme = "day"
            _shoot(window, app, out / "day.png", settle_s=1.5)
            started.window.settings.theme = "night"
            _pump(app, 1.0)
            settings = started.window.settings
            settings.analyser_style, settings.meter_mode = "vfd", "ppm"
            _shoot(window.amp, app, out / "amplifier-vfd-ppm.png", settle_s=1.0)
            settings.analyser_style, settings.meter_mode = "led", "vu"
            window.ambient.enter()
            _shoot(window, app, out / "ambient.png", settle_s=2.0)
            started.engine.pause()
            _shoot(window, app, out / "ambient-paused.png", settle_s=1.0)
            window.ambient.leave()
            started.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
