"""Vector icons: every name draws at every size and pixel ratio, in the theme's colours."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QSize
from PySide6.QtGui import QColor, QIcon, QImage, QPixmap
from pytestqt.qtbot import QtBot

from app.ui.icons import ICON_NAMES, icon
from app.ui.theme import DAY, NIGHT

EXPECTED_NAMES = {
    "play", "pause", "stop", "next", "previous", "volume", "mute", "shuffle", "repeat",
    "repeat-one", "search", "folder", "settings", "queue", "flip", "lift", "clear", "save",
    "close", "help", "add", "remove", "back", "open",
}  # fmt: skip


def _inked(pixmap: QPixmap) -> tuple[float, QColor | None]:
    """Return the share of visibly painted pixels and the colour of the most opaque one."""
    image = pixmap.toImage().convertToFormat(QImage.Format.Format_ARGB32)
    painted, best_alpha, best = 0, 0, None
    for y in range(image.height()):
        for x in range(image.width()):
            colour = image.pixelColor(x, y)
            if colour.alpha() > 40:
                painted += 1
            if colour.alpha() > best_alpha:
                best_alpha, best = colour.alpha(), colour
    return painted / (image.width() * image.height()), best


def _near(colour: QColor, expected: QColor) -> bool:
    """Return True if the colours match within premultiplied-alpha rounding."""
    pairs = zip(colour.getRgb()[:3], expected.getRgb()[:3], strict=True)
    return all(abs(a - b) <= 4 for a, b in pairs)


def test_the_names_are_the_promised_set() -> None:
    assert set(ICON_NAMES) == EXPECTED_NAMES


@pytest.mark.parametrize("name", sorted(EXPECTED_NAMES))
def test_every_icon_draws_at_every_size_and_ratio(qtbot: QtBot, name: str) -> None:
    glyph = icon(name, NIGHT)
    for size in (16, 24, 48):
        for ratio in (1.0, 2.0):
            pixmap = glyph.pixmap(QSize(size, size), ratio)
            assert pixmap.devicePixelRatio() == ratio
            assert pixmap.width() == round(size * ratio)
            coverage, colour = _inked(pixmap)
            assert 0.03 < coverage < 0.7, f"{name} at {size}px x{ratio}: {coverage:.2f} inked"
            assert colour is not None and colour.alpha() > 150
            assert _near(colour, NIGHT.ink), f"{name} is not drawn in the theme's ink"


def test_glyphs_are_all_different(qtbot: QtBot) -> None:
    images = {name: icon(name, DAY).pixmap(QSize(32, 32), 1.0).toImage() for name in ICON_NAMES}
    names = list(images)
    for index, first in enumerate(names):
        for second in names[index + 1 :]:
            assert images[first] != images[second], f"{first} and {second} look the same"


def test_modes_and_states_change_the_colour(qtbot: QtBot) -> None:
    glyph = icon("shuffle", DAY)
    size = QSize(24, 24)
    _, normal = _inked(glyph.pixmap(size, 1.0))
    _, checked = _inked(glyph.pixmap(size, 1.0, QIcon.Mode.Normal, QIcon.State.On))
    disabled_cover, disabled = _inked(glyph.pixmap(size, 1.0, QIcon.Mode.Disabled))
    assert normal is not None and _near(normal, DAY.ink)
    assert checked is not None and _near(checked, DAY.accent)
    assert disabled is not None and disabled.alpha() < 255 and not _near(disabled, DAY.ink)
    assert disabled_cover > 0.03


def test_themes_ink_differently(qtbot: QtBot) -> None:
    size = QSize(24, 24)
    night = icon("play", NIGHT).pixmap(size, 1.0).toImage()
    day = icon("play", DAY).pixmap(size, 1.0).toImage()
    assert night != day


def test_unknown_names_raise(qtbot: QtBot) -> None:
    with pytest.raises(ValueError, match="Unknown icon name 'eject'"):
        icon("eject", NIGHT)
    with pytest.raises(ValueError):
        icon("", DAY)
