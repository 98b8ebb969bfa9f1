"""The ambient mode: the record's label turning under a night sky, and nothing else.

A full-screen view to leave on all evening: the sky (painted by a sky painter, or a still
night of our own), the label turning at the platter's angle, a thin amber ring for the
track's progress, and the title and artist beneath. No chrome: the cursor hides after two
seconds still, and a small "F or Esc to leave" hint shows while the mouse moves.

Frames are driven from outside (``update()`` at the deck's frame rate). A frame's own cost is
a few copies of cached pictures: every picture is made once per size, device pixel ratio and
content, and the turning label is one transformed copy. The view never starts a frame timer.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import cast

from PySide6.QtCore import (
    QEasingCurve,
    QPoint,
    QPointF,
    QRect,
    QRectF,
    QSize,
    Qt,
    QTimer,
    QVariantAnimation,
    Signal,
)
from PySide6.QtGui import (
    QColor,
    QHideEvent,
    QImage,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPen,
    QPixmap,
    QRadialGradient,
    QShowEvent,
)
from PySide6.QtWidgets import QWidget

from app.ui.ambient.ambient_layout import (
    AmbientLayout,
    ambient_layout,
    progress_fraction,
    ring_arc_16ths,
    ring_head,
)
from app.ui.ambient.ambient_pictures import AmbientPictures
from app.ui.i18n import app_name
from app.ui.theme import NIGHT, Theme

SkyPainter = Callable[[QPainter, QRectF], None]

IDLE_MS = 2000  # the cursor hides, and the hint fades, after this long without the mouse moving
_HINT_IN_MS, _HINT_OUT_MS = 300, 900
_EXIT_KEYS = (Qt.Key.Key_Escape, Qt.Key.Key_F)


class AmbientView(QWidget):
    """The full-screen ambient view of the record playing.

    Parameters
    ----------
    theme
        Fonts and colours. The ambient mode is always a night sky, so a day theme's colours
        (dark ink for a light sky) give way to the night shop's.
    parent
        Usually None: the view is shown with ``showFullScreen()`` as its own window.

    """

    exit_requested = Signal()  # Esc, F or a double-click: the user wants the shop back

    def __init__(self, theme: Theme, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("ambientView")
        self.setWindowTitle(app_name())
        self.setAccessibleName(self.tr("Ambient view of the record playing"))
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)  # the sky covers everything
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setMouseTracking(True)
        self.setMinimumSize(320, 200)
        self._theme = _for_the_night(theme)
        self._sky_painter: SkyPainter | None = None
        self._sky_frame: QPixmap | None = None  # the painter's sky, kept between its frames
        self._sky_stale = True
        self._pictures = AmbientPictures(self._theme)
        self._layout_cache: tuple[tuple[int, int], AmbientLayout] | None = None
        self._title, self._artist = "", ""
        self._label: QImage | None = None
        self._position_s, self._duration_s = 0.0, cast(float | None, None)
        self._angle_deg = 0.0
        self._playing = True
        self._last_mouse: QPoint | None = None
        self._idle = QTimer(self, singleShot=True, interval=IDLE_MS)
        self._idle.timeout.connect(self._on_idle)
        self._hint_opacity = 0.0
        self._hint_target = 0.0
        self._hint_fade = QVariantAnimation(self)
        self._hint_fade.setEasingCurve(QEasingCurve.Type.InOutSine)
        self._hint_fade.valueChanged.connect(self._on_hint_faded)

    # ------------------------------------------------------------------ state
    def set_theme(self, theme: Theme) -> None:
        """Draw in ``theme`` from now on (the night shop's colours for a day theme)."""
        self._theme = _for_the_night(theme)
        self._pictures.set_theme(self._theme)
        self.update()

    def set_sky_painter(self, painter: SkyPainter | None) -> None:
        """Paint the background with ``painter(qpainter, rect)``; None: the view's own night."""
        self._sky_painter = painter
        if painter is not None:
            self._pictures.drop_sky()
        self.sky_moved()

    def sky_moved(self) -> None:
        """Paint the sky afresh on the next frame (between such frames it is kept and reused)."""
        self._sky_stale = True
        self.update()

    def set_now_playing(self, title: str, artist: str, label: QImage | None) -> None:
        """Show ``title`` by ``artist``; ``label`` is the label's picture (None: a printed one)."""
        label = None if label is None or label.isNull() else label
        self._pictures.set_label(title, artist, label)
        self._title, self._artist, self._label = title, artist, label
        self.update()

    def set_progress(self, position_s: float, duration_s: float | None) -> None:
        """Show ``position_s`` of ``duration_s`` on the ring; None: a track of unknown length."""
        if (position_s, duration_s) != (self._position_s, self._duration_s):
            self._position_s, self._duration_s = position_s, duration_s
            self.update(self.art_region())

    def set_label_angle(self, angle_deg: float) -> None:
        """Turn the label to ``angle_deg``, degrees clockwise (the platter's angle)."""
        if angle_deg != self._angle_deg:
            self._angle_deg = angle_deg
            self.update(self.art_region())

    def set_playing(self, playing: bool) -> None:
        """Show the record playing, or paused (dimmer words and a small note)."""
        if playing != self._playing:
            self._playing = playing
            self.update()

    @property
    def now_playing(self) -> tuple[str, str]:
        """The title and artist shown."""
        return self._title, self._artist

    @property
    def label(self) -> QImage | None:
        """The label's picture, or None when a printed label is shown."""
        return self._label

    @property
    def progress(self) -> tuple[float, float | None]:
        """The position and the track's length, in seconds, as last set."""
        return self._position_s, self._duration_s

    @property
    def label_angle_deg(self) -> float:
        """The label's angle, degrees clockwise."""
        return self._angle_deg

    @property
    def playing(self) -> bool:
        """Whether the record is shown playing."""
        return self._playing

    @property
    def label_render_count(self) -> int:
        """How many times the label's picture has been made (it is cached between frames)."""
        return self._pictures.label_render_count

    # ------------------------------------------------------------ cursor and hint
    @property
    def cursor_idle_ms(self) -> int:
        """How long the mouse must stay still before the cursor hides and the hint fades."""
        return self._idle.interval()

    @cursor_idle_ms.setter
    def cursor_idle_ms(self, value: int) -> None:
        self._idle.setInterval(value)

    @property
    def cursor_hidden(self) -> bool:
        """Whether the cursor is hidden over the view."""
        return self.cursor().shape() == Qt.CursorShape.BlankCursor

    @property
    def hint_shown(self) -> bool:
        """Whether the "F or Esc to leave" hint is showing or fading in."""
        return self._hint_target > 0

    def showEvent(self, event: QShowEvent) -> None:
        """Show the hint on arrival, so the way out is known, and start the idle count."""
        super().showEvent(event)
        self._wake()

    def hideEvent(self, event: QHideEvent) -> None:
        """Stop counting idle time and put the cursor and the hint back as they were."""
        super().hideEvent(event)
        self._idle.stop()
        self._hint_fade.stop()
        self._hint_opacity = self._hint_target = 0.0
        self._last_mouse = None
        self.unsetCursor()

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        """Bring the cursor and the hint back while the mouse moves."""
        where = event.globalPosition().toPoint()
        if where != self._last_mouse:  # Qt also sends moves that are none (after a repaint)
            self._last_mouse = where
            self._wake()
        super().mouseMoveEvent(event)

    def _wake(self) -> None:
        self.unsetCursor()
        self._fade_hint(1.0)
        self._idle.start()

    def _on_idle(self) -> None:
        self.setCursor(Qt.CursorShape.BlankCursor)
        self._fade_hint(0.0)

    def _fade_hint(self, target: float) -> None:
        if target == self._hint_target:
            return
        self._hint_target = target
        self._hint_fade.stop()
        self._hint_fade.setDuration(_HINT_IN_MS if target else _HINT_OUT_MS)
        self._hint_fade.setStartValue(self._hint_opacity)
        self._hint_fade.setEndValue(target)
        self._hint_fade.start()

    def _on_hint_faded(self, value: object) -> None:
        self._hint_opacity = float(cast(float, value))
        self.update(self._layout().hint_rect.toAlignedRect())

    # ------------------------------------------------------------------ leaving
    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Ask to leave on Esc or F."""
        held = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        if event.key() in _EXIT_KEYS and held in (
            Qt.KeyboardModifier.NoModifier,
            Qt.KeyboardModifier.ShiftModifier,
        ):
            event.accept()
            self.exit_requested.emit()
            return
        super().keyPressEvent(event)

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:
        """Ask to leave on a double-click."""
        event.accept()
        self.exit_requested.emit()

    # ----------------------------------------------------------------- painting
    def art_region(self) -> QRect:
        """Return what moves from frame to frame while the sky stands still: label and ring."""
        layout = self._layout()
        margin = 3 * layout.ring_width + 4  # the ring's stroke and the glowing dot at its head
        return layout.ring_rect.adjusted(-margin, -margin, margin, margin).toAlignedRect()

    def paintEvent(self, event: QPaintEvent) -> None:
        """Paint the sky, the label's light, the turning label, the ring, the words, the hint."""
        painter = QPainter(self)
        layout = self._layout()
        dpr = _device_ratio(painter, self)
        exposed = event.rect().toRectF()
        self._draw_sky(painter, dpr)
        if exposed.intersects(layout.art_rect):
            self._draw_art(painter, layout, dpr)
        if exposed.intersects(layout.text_rect):
            painter.drawPixmap(
                layout.text_rect.topLeft(),
                self._pictures.words(layout, dpr, self._title, self._artist, not self._playing),
            )
        if self._hint_opacity > 0.01 and exposed.intersects(layout.hint_rect):
            painter.setOpacity(self._hint_opacity)
            painter.drawPixmap(layout.hint_rect.topLeft(), self._pictures.hint(layout, dpr))
        painter.end()

    def _draw_sky(self, painter: QPainter, dpr: float) -> None:
        rect = QRectF(self.rect())
        if self._sky_painter is None:
            painter.drawPixmap(0, 0, self._pictures.sky(self.width(), self.height(), dpr))
            return
        frame = self._sky_frame
        wanted = QSize(round(rect.width() * dpr), round(rect.height() * dpr))
        if frame is None or frame.size() != wanted or frame.devicePixelRatio() != dpr:
            frame = self._sky_frame = QPixmap(wanted)
            frame.setDevicePixelRatio(dpr)
            self._sky_stale = True
        if self._sky_stale:
            sky = QPainter(frame)
            self._sky_painter(sky, rect)
            sky.end()
            self._sky_stale = False
        painter.drawPixmap(0, 0, frame)  # clipped to what is being repainted

    def _draw_art(self, painter: QPainter, layout: AmbientLayout, dpr: float) -> None:
        art = layout.art_rect
        painter.drawPixmap(art.topLeft(), self._pictures.backdrop(layout, dpr))
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        painter.translate(layout.centre)
        painter.rotate(self._angle_deg % 360.0)
        r = layout.label_radius
        painter.drawPixmap(QPointF(-r, -r), self._pictures.label(layout, dpr))
        painter.restore()
        painter.drawPixmap(layout.label_rect.topLeft(), self._pictures.gloss(layout, dpr))
        self._draw_ring(painter, layout)

    def _draw_ring(self, painter: QPainter, layout: AmbientLayout) -> None:
        arc = ring_arc_16ths(self._position_s, self._duration_s)
        fraction = progress_fraction(self._position_s, self._duration_s)
        if arc is None or fraction is None:
            return
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        amber = QColor(self._theme.accent)
        if not self._playing:
            amber.setAlphaF(0.7)
        pen = QPen(amber, layout.ring_width)
        pen.setCapStyle(Qt.PenCapStyle.RoundCap)
        painter.setPen(pen)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        if arc[1]:
            painter.drawArc(layout.ring_rect, *arc)
        _draw_ring_head(painter, ring_head(layout, fraction), layout.ring_width, amber)

    def _layout(self) -> AmbientLayout:
        size = (self.width(), self.height())
        if self._layout_cache is None or self._layout_cache[0] != size:
            self._layout_cache = (size, ambient_layout(*size))
        return self._layout_cache[1]


def _draw_ring_head(painter: QPainter, head: QPointF, ring_width: float, amber: QColor) -> None:
    """Draw the progress ring's head: a small bright dot in a soft amber glow."""
    glow_r = ring_width * 4.5
    glow = QRadialGradient(head, glow_r)
    glow.setColorAt(0.0, QColor(amber.red(), amber.green(), amber.blue(), 110))
    glow.setColorAt(1.0, QColor(amber.red(), amber.green(), amber.blue(), 0))
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(glow)
    painter.drawEllipse(head, glow_r, glow_r)
    painter.setBrush(amber.lighter(118))
    dot_r = ring_width * 1.45
    painter.drawEllipse(head, dot_r, dot_r)


def _for_the_night(theme: Theme) -> Theme:
    """Return ``theme`` if it is a night look, else the night shop (the words must show)."""
    return theme if theme.is_night else NIGHT


def _device_ratio(painter: QPainter, widget: QWidget) -> float:
    """Return the pixel density painted at: the backing store's, or a render target's."""
    engine = painter.paintEngine()
    device = engine.paintDevice() if engine is not None else None
    return float(device.devicePixelRatio()) if device is not None else widget.devicePixelRatioF()
