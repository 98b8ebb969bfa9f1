"""The application's own icon, for the window, the task bar and the dialogs.

The artwork lives in ``resources/icons``: the scalable ``io.github.starlight.Turntable.svg``, a
simplified ``-small.svg`` for tiny sizes, and PNGs rendered from them by
``tools/render_icons.py`` into ``hicolor/<N>x<N>/apps``, the layout of the freedesktop icon
theme that ``tools/install_desktop.py`` installs. The window uses the PNGs, so it shows the same
pixels as the desktop's menu at every size; the SVG stands in only when no PNG is there.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSize
from PySide6.QtGui import QIcon

__all__ = [
    "APP_ID",
    "ICON_DIR",
    "ICON_SIZES",
    "SMALL_ICON_MAX_PX",
    "WINDOW_ICON_MAX_PX",
    "app_icon",
    "icon_png",
    "icon_svg",
]

#: The reverse-DNS application id: the name of the desktop file, the metainfo and the icon.
APP_ID = "io.github.starlight.Turntable"
#: The icon folder in the repository.
ICON_DIR: Path = Path(__file__).resolve().parents[2] / "resources" / "icons"
#: Every pixel size rendered into ``hicolor/<N>x<N>/apps``.
ICON_SIZES: tuple[int, ...] = (16, 22, 24, 32, 48, 64, 128, 256, 512)
#: Sizes up to this are rendered from the simplified ``-small.svg``.
SMALL_ICON_MAX_PX = 32
#: The largest size handed to the window: X11 copies every size into a window property
#: (_NET_WM_ICON, 4 bytes a pixel), and 512 px alone would add a megabyte that no task bar uses.
WINDOW_ICON_MAX_PX = 256


def icon_png(size_px: int, icon_dir: Path = ICON_DIR) -> Path:
    """Return the path of the rendered PNG of ``size_px`` pixels (it may not exist)."""
    return icon_dir / "hicolor" / f"{size_px}x{size_px}" / "apps" / f"{APP_ID}.png"


def icon_svg(icon_dir: Path = ICON_DIR, small: bool = False) -> Path:
    """Return the path of the scalable icon, or of its simplified variant for tiny sizes."""
    return icon_dir / (f"{APP_ID}-small.svg" if small else f"{APP_ID}.svg")


def app_icon(icon_dir: Path = ICON_DIR) -> QIcon:
    """Return the application icon with every rendered size.

    Parameters
    ----------
    icon_dir
        The folder holding ``hicolor/``; the repository's ``resources/icons`` by default.

    Returns
    -------
    QIcon
        One pixmap per rendered PNG up to :data:`WINDOW_ICON_MAX_PX`. Without PNGs, the SVG
        (drawn by Qt's SVG icon engine); without either, a null icon, and the window keeps the
        platform's default rather than failing.

    """
    icon = QIcon()
    for size_px in ICON_SIZES:
        path = icon_png(size_px, icon_dir)
        if size_px <= WINDOW_ICON_MAX_PX and path.is_file():
            icon.addFile(str(path), QSize(size_px, size_px))
    if icon.isNull() and icon_svg(icon_dir).is_file():
        icon = QIcon(str(icon_svg(icon_dir)))
    return icon
