"""The window's icon: every rendered size up to 256 px, the SVG when the PNGs are missing."""

from __future__ import annotations

import shutil
from pathlib import Path

from PySide6.QtCore import QSize
from PySide6.QtWidgets import QApplication

from app.ui.app_icon import (
    APP_ID,
    ICON_DIR,
    ICON_SIZES,
    WINDOW_ICON_MAX_PX,
    app_icon,
    icon_png,
    icon_svg,
)


def opaque_share(image_size: int, icon: object) -> float:
    """Return the share of fully opaque pixels in the icon's pixmap of that size."""
    image = icon.pixmap(QSize(image_size, image_size)).toImage()  # type: ignore[attr-defined]
    opaque = sum(
        image.pixelColor(x, y).alpha() == 255
        for x in range(image.width())
        for y in range(image.height())
    )
    return opaque / (image.width() * image.height())


def test_the_icon_has_every_rendered_size_up_to_the_window_limit(qapp: QApplication) -> None:
    icon = app_icon()
    assert not icon.isNull()
    sizes = {(s.width(), s.height()) for s in icon.availableSizes()}
    assert sizes == {(n, n) for n in ICON_SIZES if n <= WINDOW_ICON_MAX_PX}
    assert (512, 512) not in sizes  # a megabyte in every window's X property, for nothing
    for size_px in (16, 48):
        pixmap = icon.pixmap(QSize(size_px, size_px))
        assert pixmap.size() == QSize(size_px, size_px)
        assert 0.4 < opaque_share(size_px, icon) < 0.95  # the turntable, with padding


def test_the_svg_stands_in_when_no_png_was_rendered(qapp: QApplication, tmp_path: Path) -> None:
    shutil.copy(icon_svg(ICON_DIR), tmp_path / f"{APP_ID}.svg")
    assert not icon_png(48, tmp_path).exists()
    icon = app_icon(tmp_path)
    assert not icon.isNull()
    assert icon.pixmap(QSize(64, 64)).size() == QSize(64, 64)
    assert 0.4 < opaque_share(64, icon) < 0.95


def test_without_artwork_the_icon_is_null_and_nothing_fails(
    qapp: QApplication, tmp_path: Path
) -> None:
    assert app_icon(tmp_path).isNull()
