"""The now-playing plate: what is on the platter, engraved on a small plate on the bench.

A brushed brass plate at night (ivory with a brass rim by day), held by four screws. Engraved
capitals name the side and track ("Side A · Track 2 of 5"); the title and the artist and album
are cut in the reading face and elided when long; elapsed and remaining time sit at the foot in
even-width figures. :meth:`NowPlaying.set_times` is called several times a second, so it only
repaints the time strip, and only when the figures change.
"""

from __future__ import annotations

import math

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QPointF, QRectF, QSize, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetricsF,
    QLinearGradient,
    QPainter,
    QPaintEvent,
    QPen,
    QRadialGradient,
)
from PySide6.QtWidgets import QSizePolicy, QWidget

from app.core.track import Track
from app.ui.i18n import fill
from app.ui.theme import Theme
from app.ui.time_text import format_clock

EMPTY_TEXT = QT_TRANSLATE_NOOP("NowPlaying", "Nothing on the platter")  # translated when shown
MINUS = "\u2212"
_SIDE_PAD_PX = 22.0  # room for the screws at either end
_CAPTION_TOP, _TITLE_TOP, _ARTIST_TOP, _TIMES_TOP = 9.0, 27.0, 57.0, 80.0
_CAPTION_H, _TITLE_H, _ARTIST_H, _TIMES_H = 17.0, 28.0, 20.0, 22.0
_HEIGHT_PX = 110


def side_caption(side_label: str, track_in_side: int, side_track_count: int) -> str:
    """Return ``"Side A · Track 2 of 5"`` from its parts; missing parts are left out."""
    parts = []
    if side_label:
        named = side_label.lower().startswith("side")
        parts.append(
            side_label
            if named
            else fill(QCoreApplication.translate("NowPlaying", "Side %1"), side_label)
        )
    if track_in_side > 0:
        if side_track_count >= track_in_side:
            of = QCoreApplication.translate("NowPlaying", "Track %1 of %2")
            parts.append(fill(of, track_in_side, side_track_count))
        else:
            parts.append(fill(QCoreApplication.translate("NowPlaying", "Track %1"), track_in_side))
    return " · ".join(parts)


def clock_texts(position_s: float, duration_s: float | None) -> tuple[str, str]:
    """Return the elapsed and remaining times, e.g. ``("1:23", MINUS + "2:40")``.

    Whole seconds are counted down from the whole-second length, so elapsed and remaining
    always add up to the length shown elsewhere. An unknown length leaves remaining empty.
    """
    if not math.isfinite(position_s):
        position_s = 0.0
    elapsed = max(0, int(position_s))
    if duration_s is None or not math.isfinite(duration_s) or duration_s <= 0:
        return format_clock(elapsed), ""
    length = int(duration_s)
    elapsed = min(elapsed, length)
    return format_clock(elapsed), MINUS + format_clock(length - elapsed)


class NowPlaying(QWidget):
    """The engraved plate naming the track on the platter and its times.

    Parameters
    ----------
    theme
        Colours and fonts.
    parent
        The owning widget.

    """

    def __init__(self, theme: Theme, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("nowPlaying")
        self.setAccessibleName(self.tr("Now playing"))
        self.empty_text = QCoreApplication.translate("NowPlaying", EMPTY_TEXT)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self._track: Track | None = None
        self._side = ""
        self.elapsed_text = ""
        self.remaining_text = ""
        self.set_theme(theme)
        self.set_track(None)

    # ---------------------------------------------------------------- public
    def set_track(
        self,
        track: Track | None,
        side_label: str = "",
        track_in_side: int = 0,
        side_track_count: int = 0,
    ) -> None:
        """Show ``track`` (or the empty plate), with its side and its place on the side.

        ``track_in_side`` counts from 1; 0 leaves the track number out.
        """
        self._track = track
        self._side = side_caption(side_label, track_in_side, side_track_count) if track else ""
        if track is None:
            self.elapsed_text = self.remaining_text = ""
            self.setAccessibleDescription(self.empty_text)
        else:
            self.elapsed_text, self.remaining_text = clock_texts(0.0, track.duration_s)
            spoken = f"{track.display_title}, {self.detail_text}"
            self.setAccessibleDescription(f"{spoken}. {self._side}" if self._side else spoken)
        self.update()

    def set_times(self, position_s: float, duration_s: float | None) -> None:
        """Show the elapsed and remaining time; repaints only when the figures change."""
        if self._track is None:
            return
        texts = clock_texts(position_s, duration_s)
        if texts != (self.elapsed_text, self.remaining_text):
            self.elapsed_text, self.remaining_text = texts
            self.update(self._times_rect().toAlignedRect().adjusted(-2, -2, 2, 2))

    def set_theme(self, theme: Theme) -> None:
        """Engrave in another look."""
        self._theme = theme
        self._caption_font = theme.caption_font(15)
        self._title_font = theme.text_font(20, bold=True)
        self._detail_font = theme.text_font(13)
        self._time_font = theme.number_font(13)
        self.update()

    @property
    def track(self) -> Track | None:
        """The track shown, or ``None``."""
        return self._track

    @property
    def side_text(self) -> str:
        """The side and track caption, e.g. ``"Side A · Track 2 of 5"``."""
        return self._side

    @property
    def detail_text(self) -> str:
        """The artist and album line."""
        track = self._track
        if track is None:
            return ""
        return " — ".join(part for part in (track.artist, track.album) if part)

    def displayed_title(self) -> str:
        """Return the title as drawn at the plate's present width (elided when long)."""
        if self._track is None:
            return self.empty_text  # wrapped rather than elided
        text, width = self._track.display_title, self._text_width()
        return QFontMetricsF(self._title_font).elidedText(text, Qt.TextElideMode.ElideRight, width)

    def sizeHint(self) -> QSize:  # noqa: D102
        return QSize(420, _HEIGHT_PX)

    def minimumSizeHint(self) -> QSize:  # noqa: D102
        return QSize(220, _HEIGHT_PX)

    # ---------------------------------------------------------------- painting
    def _text_width(self) -> float:
        return max(0.0, self.width() - 2 * _SIDE_PAD_PX)

    def _times_rect(self) -> QRectF:
        return QRectF(_SIDE_PAD_PX, _TIMES_TOP, self._text_width(), _TIMES_H)

    def paintEvent(self, event: QPaintEvent) -> None:
        """Draw the plate, its screws and the engraving."""
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
        plate = QRectF(self.rect()).adjusted(1, 1, -1, -1)
        self._draw_plate(painter, plate)
        self._draw_engraving(painter)
        painter.end()

    def _face_colours(self) -> tuple[QColor, QColor, QColor]:
        """Return the plate's top and bottom colours and its rim."""
        theme = self._theme
        if theme.is_night:
            return theme.brass_light, theme.brass_light.darker(128), theme.brass_dark.darker(140)
        return QColor("#fbf6e9"), QColor("#eadcc0"), theme.brass_dark

    @staticmethod
    def _ink(dim: bool = False) -> QColor:
        """Return the colour of the cut letters: dark, as if filled with lacquer."""
        return QColor("#6b4d24" if dim else "#2b1a0b")

    def _draw_plate(self, painter: QPainter, plate: QRectF) -> None:
        top, bottom, rim = self._face_colours()
        face = QLinearGradient(plate.topLeft(), plate.bottomLeft())
        face.setColorAt(0.0, top)
        face.setColorAt(0.45, top.darker(104))
        face.setColorAt(1.0, bottom)
        painter.setPen(QPen(rim, 1.5))
        painter.setBrush(face)
        painter.drawRoundedRect(plate, 7, 7)
        sheen = QLinearGradient(plate.topLeft(), plate.topRight())
        sheen.setColorAt(0.0, QColor(255, 255, 255, 0))
        sheen.setColorAt(0.3, QColor(255, 250, 230, 60))
        sheen.setColorAt(0.55, QColor(255, 255, 255, 0))
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(sheen)
        painter.drawRoundedRect(plate.adjusted(1, 1, -1, -1), 6, 6)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.setPen(QPen(QColor(255, 255, 255, 90), 1))  # the bevel's lit upper edge
        painter.drawRoundedRect(plate.adjusted(2, 2, -2, -2), 5, 5)
        inset = 9.0
        corners = (
            (plate.left() + inset, plate.top() + inset, 25.0),
            (plate.right() - inset, plate.top() + inset, 70.0),
            (plate.left() + inset, plate.bottom() - inset, 120.0),
            (plate.right() - inset, plate.bottom() - inset, 160.0),
        )
        for x, y, angle in corners:
            self._draw_screw(painter, QPointF(x, y), angle, rim)

    def _draw_screw(
        self, painter: QPainter, centre: QPointF, angle_deg: float, rim: QColor
    ) -> None:
        head = QRadialGradient(centre + QPointF(-1.2, -1.2), 4.5)
        head.setColorAt(0.0, QColor("#fff1c8"))
        head.setColorAt(0.6, self._theme.brass_light.darker(110))
        head.setColorAt(1.0, self._theme.brass_dark)
        painter.setPen(QPen(rim, 0.8))
        painter.setBrush(head)
        painter.drawEllipse(centre, 3.6, 3.6)
        slot = QPointF(math.cos(math.radians(angle_deg)), math.sin(math.radians(angle_deg))) * 2.6
        painter.setPen(QPen(rim.darker(130), 1.1, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap))
        painter.drawLine(centre - slot, centre + slot)

    def _cut(
        self,
        painter: QPainter,
        rect: QRectF,
        text: str,
        font: QFont,
        align: Qt.AlignmentFlag,
        dim: bool = False,
    ) -> None:
        """Engrave ``text`` elided to ``rect``: a lit lower lip under the dark-lacquered cut."""
        painter.setFont(font)
        text = QFontMetricsF(font).elidedText(text, Qt.TextElideMode.ElideRight, rect.width())
        flags = align | Qt.AlignmentFlag.AlignVCenter
        painter.setPen(QColor(255, 248, 225, 150 if self._theme.is_night else 210))
        painter.drawText(rect.translated(0, 0.8), flags, text)
        painter.setPen(self._ink(dim))
        painter.drawText(rect, flags, text)

    def _draw_engraving(self, painter: QPainter) -> None:
        width = self._text_width()
        left, right = Qt.AlignmentFlag.AlignLeft, Qt.AlignmentFlag.AlignRight
        caption = QRectF(_SIDE_PAD_PX, _CAPTION_TOP, width, _CAPTION_H)
        metrics = QFontMetricsF(self._caption_font)
        label = self.tr("Now playing")
        needed = metrics.horizontalAdvance(f"{label} {self._side}") + 16
        if not self._side or needed <= width:  # a narrow plate keeps the side, not the label
            self._cut(painter, caption, label, self._caption_font, left, dim=True)
        if self._side:
            self._cut(painter, caption, self._side, self._caption_font, right, dim=True)
        title_rect = QRectF(_SIDE_PAD_PX, _TITLE_TOP, width, _TITLE_H)
        if self._track is None:
            body = QRectF(_SIDE_PAD_PX, _TITLE_TOP, width, self.height() - _TITLE_TOP - 12)
            painter.setFont(self._title_font)
            painter.setPen(self._ink(dim=True))
            flags = Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap
            painter.drawText(body, flags, self.empty_text)
            return
        self._cut(painter, title_rect, self._track.display_title, self._title_font, left)
        detail_rect = QRectF(_SIDE_PAD_PX, _ARTIST_TOP, width, _ARTIST_H)
        self._cut(painter, detail_rect, self.detail_text, self._detail_font, left)
        self._draw_times(painter)

    def _draw_times(self, painter: QPainter) -> None:
        """Elapsed on the left, remaining on the right, an engraved rule between them."""
        rect = self._times_rect()
        metrics = QFontMetricsF(self._time_font)
        left_w = metrics.horizontalAdvance(self.elapsed_text) + 10
        right_w = metrics.horizontalAdvance(self.remaining_text) + 10
        self._cut(painter, rect, self.elapsed_text, self._time_font, Qt.AlignmentFlag.AlignLeft)
        self._cut(painter, rect, self.remaining_text, self._time_font, Qt.AlignmentFlag.AlignRight)
        y = rect.center().y() + 0.5
        x0, x1 = rect.left() + left_w, rect.right() - right_w
        if x1 - x0 > 8:
            painter.setPen(QPen(QColor(255, 248, 225, 130), 1))
            painter.drawLine(QPointF(x0, y + 1), QPointF(x1, y + 1))
            painter.setPen(QPen(self._ink(dim=True), 1))
            painter.drawLine(QPointF(x0, y), QPointF(x1, y))
