"""The now-playing plate: texts, elision, and repainting only when the figures change."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from app.core.track import Track
from app.ui.now_playing import EMPTY_TEXT, MINUS, NowPlaying, clock_texts, side_caption
from app.ui.theme import DAY, NIGHT

LONG = Track(
    Path("/m/a.flac"),
    title="A Record That Was Lost in the Rain on the Way Home to Seoul",
    artist="Nan-young & Jay",
    album="Lost in Starlight",
    duration_s=243.4,
)


class _PaintCounter(QObject):
    def __init__(self) -> None:
        super().__init__()
        self.count = 0

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint:
            self.count += 1
        return False


def _plate(qtbot: QtBot, width: int = 480) -> NowPlaying:
    plate = NowPlaying(NIGHT)
    qtbot.addWidget(plate)
    plate.resize(width, plate.sizeHint().height())
    plate.show()
    qtbot.waitExposed(plate)
    return plate


def test_clock_texts_count_up_and_down_in_whole_seconds() -> None:
    assert clock_texts(83.2, 243.4) == ("1:23", MINUS + "2:40")
    assert clock_texts(0.0, 243.4) == ("0:00", MINUS + "4:03")
    assert clock_texts(250.0, 243.4) == ("4:03", MINUS + "0:00")  # never past the end
    assert clock_texts(-3.0, 60.0) == ("0:00", MINUS + "1:00")
    assert clock_texts(5.0, None) == ("0:05", "")
    assert clock_texts(float("nan"), float("inf")) == ("0:00", "")
    assert clock_texts(3725.0, 7200.0) == ("1:02:05", MINUS + "57:55")


def test_side_caption_names_side_and_track() -> None:
    assert side_caption("A", 2, 5) == "Side A · Track 2 of 5"
    assert side_caption("Side B", 1, 4) == "Side B · Track 1 of 4"
    assert side_caption("", 3, 0) == "Track 3"
    assert side_caption("C", 0, 0) == "Side C"
    assert side_caption("", 0, 0) == ""


def test_plate_shows_track_side_and_times(qtbot: QtBot) -> None:
    plate = _plate(qtbot)
    plate.set_track(LONG, "A", 2, 5)
    assert plate.side_text == "Side A · Track 2 of 5"
    assert plate.detail_text == "Nan-young & Jay — Lost in Starlight"
    assert (plate.elapsed_text, plate.remaining_text) == ("0:00", MINUS + "4:03")
    plate.set_times(83.2, 243.4)
    assert (plate.elapsed_text, plate.remaining_text) == ("1:23", MINUS + "2:40")
    assert "Side A · Track 2 of 5" in plate.accessibleDescription()
    plate.set_track(None)
    assert plate.displayed_title() == EMPTY_TEXT
    assert plate.side_text == "" and plate.elapsed_text == ""
    plate.set_times(10.0, 100.0)  # nothing on the platter: no times
    assert plate.elapsed_text == ""


def test_long_titles_are_elided_to_the_plate(qtbot: QtBot) -> None:
    plate = _plate(qtbot, width=640)
    plate.set_track(LONG)
    wide = plate.displayed_title()
    plate.resize(260, plate.height())
    narrow = plate.displayed_title()
    assert narrow.endswith("…") and len(narrow) < len(wide)
    assert LONG.title.startswith(narrow[:-1])
    plate.set_track(Track(Path("/m/Short.flac")))
    assert plate.displayed_title() == "Short"  # the file name when the tags have no title


def test_set_times_repaints_only_when_the_figures_change(qtbot: QtBot) -> None:
    plate = _plate(qtbot)
    plate.set_track(LONG, "A", 1, 3)
    counter = _PaintCounter()
    plate.installEventFilter(counter)
    QApplication.processEvents()
    counter.count = 0
    for tenth in range(10):
        plate.set_times(30.0 + tenth / 10, 243.4)  # all within second 30
    QApplication.processEvents()
    first = counter.count
    assert first <= 1
    for _ in range(5):
        plate.set_times(30.9, 243.4)
    QApplication.processEvents()
    assert counter.count == first
    plate.set_times(31.0, 243.4)
    qtbot.waitUntil(lambda: counter.count > first)


def test_plate_draws_in_both_looks(qtbot: QtBot) -> None:
    plate = _plate(qtbot)
    plate.set_track(LONG, "B", 4, 4)
    night = plate.grab().toImage()
    plate.set_theme(DAY)
    day = plate.grab().toImage()
    assert night != day
    centre = night.pixelColor(night.width() // 2, night.height() - 6)
    assert centre.red() > centre.blue()  # brass, not grey
