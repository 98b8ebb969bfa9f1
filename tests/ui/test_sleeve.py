"""Generated sleeves: deterministic, different per record, a design rather than a fill."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from app.ui import thumbnails
from app.ui.sleeve import generated_sleeve
from app.ui.thumbnails import THUMBNAIL_SIZES


def test_generated_sleeve_is_deterministic_and_differs_between_records(qtbot: QtBot) -> None:
    sleeve = generated_sleeve("Kind of Blue", "Miles Davis", 192)
    assert (sleeve.width(), sleeve.height()) == (192, 192)
    assert sleeve == generated_sleeve("Kind of Blue", "Miles Davis", 192)
    assert sleeve != generated_sleeve("Blue Train", "John Coltrane", 192)
    assert sleeve != generated_sleeve("Kind of Blue", "Bill Evans", 192)
    colours = {sleeve.pixel(x, y) for x in range(0, 192, 8) for y in range(0, 192, 8)}
    assert len(colours) > 50  # a design, not a flat fill
    for size in THUMBNAIL_SIZES:
        assert generated_sleeve("", "", size).width() == size


def test_thumbnails_re_exports_the_sleeve() -> None:
    assert thumbnails.generated_sleeve is generated_sleeve
