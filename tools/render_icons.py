"""Render the application icon's PNG sizes from its SVGs with QtSvg.

    .venv/bin/python tools/render_icons.py           # write resources/icons/hicolor/*/apps/*.png
    .venv/bin/python tools/render_icons.py --check   # exit 1 if a committed PNG is stale

Sizes up to 32 px come from the simplified ``-small.svg`` (a thicker tonearm, no grain, grooves
or controls, main edges on whole pixels), the larger ones from the full artwork. The PNGs are
committed, so the app and the installer need no SVG renderer; run this after editing an SVG.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import numpy as np  # noqa: E402
from PySide6.QtCore import QRectF  # noqa: E402
from PySide6.QtGui import QGuiApplication, QImage, QPainter  # noqa: E402
from PySide6.QtSvg import QSvgRenderer  # noqa: E402

from app.ui.app_icon import ICON_DIR, ICON_SIZES, SMALL_ICON_MAX_PX, icon_png, icon_svg  # noqa: E402

#: Largest channel difference (0-255) tolerated by ``--check``: Qt's raster engine may round a
#: few antialiased edge pixels differently on another CPU.
CHECK_TOLERANCE = 6


def source_for(size_px: int, icon_dir: Path = ICON_DIR) -> Path:
    """Return the SVG that ``size_px`` is rendered from."""
    small = icon_svg(icon_dir, small=True)
    if size_px <= SMALL_ICON_MAX_PX and small.is_file():
        return small
    return icon_svg(icon_dir)


def render(svg: Path, size_px: int) -> QImage:
    """Return ``svg`` drawn into a transparent ``size_px`` square (premultiplied ARGB)."""
    renderer = QSvgRenderer(str(svg))
    if not renderer.isValid():
        raise ValueError(f"{svg}: not a valid SVG for QtSvg")
    image = QImage(size_px, size_px, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(0)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
    renderer.render(painter, QRectF(0, 0, size_px, size_px))
    painter.end()
    return image


def _pixels(image: QImage) -> np.ndarray:
    """Return the image's premultiplied ARGB bytes as an array of shape (h, w, 4)."""
    image = image.convertToFormat(QImage.Format.Format_ARGB32_Premultiplied)
    rows = np.frombuffer(image.constBits(), np.uint8).reshape(image.height(), -1)
    return rows[:, : image.width() * 4].reshape(image.height(), image.width(), 4).copy()


def difference(a: QImage, b: QImage) -> int:
    """Return the largest channel difference between two images (256 if their sizes differ)."""
    if a.size() != b.size():
        return 256
    return int(np.abs(_pixels(a).astype(np.int16) - _pixels(b).astype(np.int16)).max())


def stale_pngs(icon_dir: Path = ICON_DIR) -> list[str]:
    """Return a line for every committed PNG that is missing or differs from its render."""
    problems = []
    for size_px in ICON_SIZES:
        path = icon_png(size_px, icon_dir)
        committed = QImage(str(path))
        if committed.isNull():
            problems.append(f"{path}: missing or unreadable")
            continue
        delta = difference(render(source_for(size_px, icon_dir), size_px), committed)
        if delta > CHECK_TOLERANCE:
            problems.append(f"{path}: differs from its SVG by up to {delta}/255")
    return problems


def write_pngs(icon_dir: Path = ICON_DIR) -> list[Path]:
    """Render every size into ``hicolor/<N>x<N>/apps`` and return the files written."""
    written = []
    for size_px in ICON_SIZES:
        path = icon_png(size_px, icon_dir)
        path.parent.mkdir(parents=True, exist_ok=True)
        image = render(source_for(size_px, icon_dir), size_px)
        if not image.save(str(path)):  # a PNG, by the suffix
            raise OSError(f"{path}: could not be written")
        written.append(path)
    return written


def main(argv: list[str] | None = None) -> int:
    """Render or check the icon PNGs; return the exit code."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only check the committed PNGs")
    parser.add_argument("--icons", type=Path, default=ICON_DIR, help="the icon folder")
    args = parser.parse_args(argv)
    app = QGuiApplication.instance() or QGuiApplication([sys.argv[0]])  # noqa: F841
    if args.check:
        problems = stale_pngs(args.icons)
        for line in problems:
            print(line, file=sys.stderr)
        if problems:
            print("run: .venv/bin/python tools/render_icons.py", file=sys.stderr)
        return 1 if problems else 0
    for path in write_pngs(args.icons):
        size_px = int(path.parent.parent.name.split("x")[0])
        print(f"{path.relative_to(args.icons)}  from {source_for(size_px, args.icons).name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
