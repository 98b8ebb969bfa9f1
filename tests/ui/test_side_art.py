"""The label picture: the side's cover, vetted and squared, or nothing."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QImage

from app.core.record import RecordSize
from app.core.track import Track
from app.ui.side_art import LABEL_SIZE_PX, label_picture
from app.visual.deck_side import DeckSide
from tests.support import media
from tests.support.images import png_claiming


def side_in(folder: Path) -> DeckSide:
    folder.mkdir(parents=True, exist_ok=True)
    path = media.write_flac(folder / "01.flac", media.noise_signal(4410, seed=1))
    track = Track(path, title="One", album="Night", duration_s=0.1)
    return DeckSide("k", "Night", "Jay", "A", 0, 1, RecordSize.LP_12_INCH, (track,))


def test_the_folder_cover_becomes_a_square_label(qapp: Any, tmp_path: Path) -> None:
    side = side_in(tmp_path / "album")
    cover = QImage(800, 600, QImage.Format.Format_RGB32)
    cover.fill(Qt.GlobalColor.red)
    assert cover.save(str(tmp_path / "album" / "cover.png"))
    label = label_picture(side)
    assert label is not None
    assert (label.width(), label.height()) == (LABEL_SIZE_PX, LABEL_SIZE_PX)
    assert label.pixelColor(LABEL_SIZE_PX // 2, LABEL_SIZE_PX // 2).red() > 240


def test_a_bomb_cover_is_refused_before_decoding(
    qapp: Any, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    side = side_in(tmp_path / "bomb")
    (tmp_path / "bomb" / "cover.png").write_bytes(png_claiming(40_000, 40_000))
    with caplog.at_level(logging.INFO, logger="app.ui.side_art"):
        assert label_picture(side) is None
    assert "too large to decode safely" in caplog.text


def test_no_cover_gives_no_label(qapp: Any, tmp_path: Path) -> None:
    assert label_picture(side_in(tmp_path / "bare")) is None
