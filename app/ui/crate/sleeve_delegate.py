"""Sleeves on shelves: the delegate that paints one sleeve, and the grid that lays them out.

The grid is a static icon-mode list whose tiles fill each row evenly. Behind each row of
sleeves it paints a row of the crate: the plank wall lit from above and a shelf board with the
captions lettered on its face. The row scrolls with its sleeves, so Qt's scrolling shifts what
is painted and repaints only the strip coming into view. A frame is mostly blits: sleeves,
shadows, shelf rows and laid-out captions are cached pixmaps or static texts.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from PySide6.QtCore import (
    QEasingCurve,
    QModelIndex,
    QPersistentModelIndex,
    QPoint,
    QPointF,
    QPropertyAnimation,
    QRect,
    QRectF,
    QSize,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import (
    QColor,
    QContextMenuEvent,
    QDrag,
    QFont,
    QFontMetrics,
    QImage,
    QLinearGradient,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPen,
    QPixmap,
    QRadialGradient,
    QResizeEvent,
    QStaticText,
    QWheelEvent,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QFrame,
    QListView,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QWidget,
)

from app.core.record import RecordSummary
from app.ui.crate.record_list_model import RECORD_ROLE, SHADOW_PX, RecordListModel, SleeveArt
from app.ui.theme import Theme

PAD_X = 14  # left and right of the sleeve inside its tile
PAD_TOP = 16  # above the sleeve: room for the record to peek out when picked
CAPTION_H = 54  # gap, title line, artist line, shelf lip
MIN_TILE_W = 184
# QListView wraps a row a few pixels before its last one; measured at 3 px, kept at 6.
WRAP_SLACK_PX = 6
_CAPTION_CACHE_LIMIT = 6000
_SHADOW_DX, _SHADOW_DY = 2, 4  # the lamp is above and a little to the left

_Index = QModelIndex | QPersistentModelIndex


@dataclass(frozen=True)
class TileGeometry:
    """Where things sit in one crate tile of ``width`` logical pixels."""

    width: int

    @property
    def edge(self) -> int:
        """The sleeve's edge."""
        return max(48, self.width - 2 * PAD_X)

    @property
    def size(self) -> QSize:
        """The whole tile: sleeve, caption and shelf lip."""
        return QSize(self.width, PAD_TOP + self.edge + CAPTION_H)

    @staticmethod
    def fitting(available_px: int) -> TileGeometry:
        """Return the tile that fills a row of ``available_px`` evenly."""
        columns = max(1, available_px // MIN_TILE_W)
        return TileGeometry(max(MIN_TILE_W // 2, available_px // columns))


class SleeveDelegate(QStyledItemDelegate):
    """Paint a record as a sleeve standing in the crate, its title and artist on the shelf lip.

    Selection lays a lamp-lit plate behind the sleeve and pulls the record up so the disc
    peeks out; hover pulls it up a little; keyboard focus draws a brass ring.
    """

    def __init__(self, art: SleeveArt, theme: Theme, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.art = art
        self.geometry = TileGeometry(MIN_TILE_W)
        self._captions: dict[tuple[str, int], tuple[QStaticText, QStaticText]] = {}
        self._shadow_pieces: dict[tuple[int, float], list[tuple[QRectF, QRectF]]] = {}
        self.set_theme(theme)

    def set_theme(self, theme: Theme) -> None:
        """Use ``theme``'s colours and lettering."""
        self.theme = theme
        self._title_font = theme.text_font(13, bold=True)
        self._title_picked = theme.accent if theme.is_night else theme.ink
        self._plate = QColor(theme.accent)
        self._plate.setAlpha(46 if theme.is_night else 72)
        self._plate_edge = QColor(theme.accent)
        self._plate_edge.setAlpha(150)
        self._detail_font = theme.text_font(12)
        self._captions.clear()

    def set_geometry(self, geometry: TileGeometry) -> None:
        """Lay tiles out as ``geometry`` says (the grid calls this when its width changes)."""
        if geometry != self.geometry:
            self.geometry = geometry
            self._captions.clear()

    def sizeHint(self, option: QStyleOptionViewItem, index: _Index) -> QSize:
        """Return the tile size; every tile is the same."""
        return self.geometry.size

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: _Index) -> None:
        """Paint one sleeve: plate, peeking disc, shadow, picture, caption, focus ring."""
        record: RecordSummary | None = index.data(RECORD_ROLE)
        if record is None:
            return
        state = option.state  # type: ignore[attr-defined]
        rect: QRect = option.rect  # type: ignore[attr-defined]
        selected = bool(state & QStyle.StateFlag.State_Selected)
        hovered = bool(state & QStyle.StateFlag.State_MouseOver)
        edge = self.geometry.edge
        ratio = painter.device().devicePixelRatioF()
        sleeve = QRect(rect.x() + PAD_X, rect.y() + PAD_TOP, edge, edge)
        if selected:
            self._draw_plate(painter, rect)
        if selected or hovered:
            lift = PAD_TOP - 3 if selected else PAD_TOP // 2
            disc = self.art.disc(edge, ratio)
            painter.drawPixmap(QPoint(sleeve.x(), sleeve.y() - lift), disc)
        self._draw_shadow(painter, sleeve, ratio)
        picture = self.art.pixmap(record, edge, ratio) or self.art.placeholder(edge, ratio)
        painter.drawPixmap(sleeve.topLeft(), picture)
        self._draw_caption(painter, record, rect, selected)
        if state & QStyle.StateFlag.State_HasFocus:
            self._draw_focus(painter, sleeve)

    def drag_pixmap(self, record: RecordSummary, edge: int, ratio: float) -> QPixmap:
        """Return the small sleeve shown under the pointer while a record is dragged."""
        return self.art.pixmap(record, edge, ratio) or self.art.placeholder(edge, ratio)

    def _draw_shadow(self, painter: QPainter, sleeve: QRect, ratio: float) -> None:
        """Blit the shadow's rim only: the sleeve covers the rest, and blending costs."""
        shadow = self.art.shadow(sleeve.width(), ratio)
        pieces = self._shadow_pieces.get((sleeve.width(), ratio))
        if pieces is None:
            pieces = self._shadow_pieces[(sleeve.width(), ratio)] = _rim(sleeve.width(), ratio)
        x, y = sleeve.x(), sleeve.y()
        for target, source in pieces:
            painter.drawPixmap(target.translated(x, y), shadow, source)

    def _draw_plate(self, painter: QPainter, rect: QRect) -> None:
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(QPen(self._plate_edge, 1.0))
        painter.setBrush(self._plate)
        painter.drawRoundedRect(QRectF(rect).adjusted(4.5, 2.5, -4.5, -4.5), 7, 7)
        painter.restore()

    def _draw_caption(
        self, painter: QPainter, record: RecordSummary, rect: QRect, selected: bool
    ) -> None:
        width = rect.width() - 2 * PAD_X
        title, detail = self._caption(record, width)
        top = rect.y() + PAD_TOP + self.geometry.edge + 9
        painter.setFont(self._title_font)
        painter.setPen(self._title_picked if selected else self.theme.ink)
        painter.drawStaticText(rect.x() + PAD_X, top, title)
        painter.setFont(self._detail_font)
        painter.setPen(self.theme.ink if selected else self.theme.ink_dim)
        painter.drawStaticText(rect.x() + PAD_X, top + 19, detail)

    def _caption(self, record: RecordSummary, width: int) -> tuple[QStaticText, QStaticText]:
        slot = (record.key, width)
        found = self._captions.get(slot)
        if found is None:
            if len(self._captions) > _CAPTION_CACHE_LIMIT:
                self._captions.clear()
            detail = f"{record.artist} · {record.year}" if record.year else record.artist
            found = self._captions[slot] = (
                _static(record.title, self._title_font, width),
                _static(detail, self._detail_font, width),
            )
        return found

    def _draw_focus(self, painter: QPainter, sleeve: QRect) -> None:
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.setPen(QPen(self.theme.accent, 2.0))
        painter.drawRoundedRect(QRectF(sleeve).adjusted(-4, -4, 4, 4), 5, 5)
        painter.restore()


def _rim(edge: int, ratio: float) -> list[tuple[QRectF, QRectF]]:
    """Return the parts of a sleeve's shadow left uncovered by the sleeve.

    Each is a target rectangle relative to the sleeve's top left and its source rectangle in
    the shadow pixmap's device pixels.
    """
    full = edge + 2 * SHADOW_PX
    left, top = SHADOW_PX - _SHADOW_DX, SHADOW_PX - _SHADOW_DY  # the sleeve inside the shadow
    pieces = (
        QRectF(0, 0, full, top),
        QRectF(0, top + edge, full, full - top - edge),
        QRectF(0, top, left, edge),
        QRectF(left + edge, top, full - left - edge, edge),
    )
    return [
        (piece.translated(-left, -top), QRectF(piece.topLeft() * ratio, piece.size() * ratio))
        for piece in pieces
        if piece.width() > 0 and piece.height() > 0
    ]


def _static(text: str, font: QFont, width: int) -> QStaticText:
    metrics = QFontMetrics(font)
    static = QStaticText(metrics.elidedText(text, Qt.TextElideMode.ElideRight, width))
    static.setTextFormat(Qt.TextFormat.PlainText)
    static.setPerformanceHint(QStaticText.PerformanceHint.AggressiveCaching)
    return static


# --------------------------------------------------------------------------------------------
# The crate behind the sleeves: the back wall in the lamp's light, and a shelf under each row
# --------------------------------------------------------------------------------------------

SHELF_H = CAPTION_H - 2
_SHELF_TOP_H = 5
_SHELF_SHADOW_H = 8


def paint_back_wall(width: int, height: int, ratio: float, theme: Theme) -> QPixmap:
    """Return the crate's back wall: dark planks, lit from above by the work lamp."""
    image = QImage(
        max(1, round(width * ratio)), max(1, round(height * ratio)), QImage.Format.Format_RGB32
    )
    image.setDevicePixelRatio(ratio)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    wall = QLinearGradient(0, 0, 0, height)
    wall.setColorAt(0.0, theme.wood_grain.lighter(125))
    wall.setColorAt(1.0, theme.wood_grain.darker(130))
    painter.fillRect(QRectF(0, 0, width, height), wall)
    rng = random.Random(11)
    for _ in range(width // 9):  # fine vertical grain
        x = rng.uniform(0, width)
        shade = (
            QColor(0, 0, 0, rng.randint(10, 34))
            if rng.random() < 0.6
            else QColor(255, 220, 170, rng.randint(4, 12))
        )
        painter.setPen(QPen(shade, rng.uniform(0.6, 1.6)))
        painter.drawLine(QPointF(x, 0), QPointF(x + rng.uniform(-6, 6), height))
    for x in range(0, width, 168):  # plank seams
        painter.setPen(QPen(QColor(0, 0, 0, 70), 1.5))
        painter.drawLine(QPointF(x, 0), QPointF(x, height))
    lamp = QRadialGradient(QPointF(width * 0.5, -height * 0.15), max(width, height) * 0.85)
    glow = QColor(theme.glow)
    lamp.setColorAt(0.0, glow)
    glow.setAlpha(0)
    lamp.setColorAt(1.0, glow)
    painter.fillRect(QRectF(0, 0, width, height), lamp)
    painter.end()
    return QPixmap.fromImage(image)


class WallBackdrop:
    """The back wall behind a page of the crate, painted once per size and theme."""

    def __init__(self) -> None:
        self._slot: tuple[int, int, float, str] | None = None
        self._wall = QPixmap()

    def paint(self, widget: QWidget, theme: Theme) -> None:
        """Paint the wall over all of ``widget`` (call from its ``paintEvent``)."""
        ratio = widget.devicePixelRatioF()
        slot = (widget.width(), widget.height(), ratio, theme.name.value)
        if slot != self._slot:
            self._wall = paint_back_wall(widget.width(), widget.height(), ratio, theme)
            self._slot = slot
        painter = QPainter(widget)
        painter.drawPixmap(0, 0, self._wall)
        painter.end()


def paint_shelf_row(width: int, geometry: TileGeometry, ratio: float, theme: Theme) -> QPixmap:
    """Return one row of the crate, opaque: back wall, the shelf board, the board's shadow.

    The wall is lit from above in every row, and the board's face carries the captions. A row
    scrolls with its sleeves, so Qt's scrolling can shift what is painted and repaint only the
    strip that comes into view.
    """
    height = geometry.size.height()
    board_y = PAD_TOP + geometry.edge
    image = QImage(max(1, round(width * ratio)), round(height * ratio), QImage.Format.Format_RGB32)
    image.setDevicePixelRatio(ratio)
    painter = QPainter(image)
    _paint_row_wall(painter, width, height, theme)
    _paint_board(painter, QRectF(0, board_y, width, SHELF_H), theme)
    fade = QLinearGradient(0, 0, 0, _SHELF_SHADOW_H)  # cast by the board of the row above
    fade.setColorAt(0.0, QColor(0, 0, 0, 120))
    fade.setColorAt(1.0, QColor(0, 0, 0, 0))
    painter.fillRect(QRectF(0, 0, width, _SHELF_SHADOW_H), fade)
    painter.end()
    return QPixmap.fromImage(image)


def _paint_row_wall(painter: QPainter, width: int, height: int, theme: Theme) -> None:
    wall = QLinearGradient(0, 0, 0, height)
    wall.setColorAt(0.0, theme.wood_grain.lighter(150))
    wall.setColorAt(1.0, theme.wood_grain)
    painter.fillRect(QRectF(0, 0, width, height), wall)
    rng = random.Random(11)
    for _ in range(width // 9):  # vertical grain, the same in every row: one plank wall
        x = rng.uniform(0, width)
        dark = rng.random() < 0.6
        alpha = rng.randint(10, 34) if dark else rng.randint(4, 12)
        shade = QColor(0, 0, 0, alpha) if dark else QColor(255, 220, 170, alpha)
        painter.setPen(QPen(shade, rng.uniform(0.6, 1.6)))
        painter.drawLine(QPointF(x, 0), QPointF(x, height))
    for x in range(0, width, 168):  # plank seams
        painter.setPen(QPen(QColor(0, 0, 0, 70), 1.5))
        painter.drawLine(QPointF(x, 0), QPointF(x, height))


def _paint_board(painter: QPainter, board: QRectF, theme: Theme) -> None:
    top = QLinearGradient(0, board.top(), 0, board.top() + _SHELF_TOP_H)
    top.setColorAt(0.0, theme.wood_light.lighter(135))
    top.setColorAt(1.0, theme.wood_light)
    painter.fillRect(QRectF(board.left(), board.top(), board.width(), _SHELF_TOP_H), top)
    face = board.adjusted(0, _SHELF_TOP_H, 0, 0)
    front = QLinearGradient(0, face.top(), 0, face.bottom())
    if theme.is_night:  # a dark board for cream lettering
        front.setColorAt(0.0, theme.wood_light.darker(125))
        front.setColorAt(1.0, theme.wood_dark)
    else:  # a pale board for dark lettering
        front.setColorAt(0.0, theme.wood_light.lighter(112))
        front.setColorAt(1.0, theme.wood_light.darker(104))
    painter.fillRect(face, front)
    rng = random.Random(5)
    for _ in range(14):  # long horizontal grain on the board's face
        y = rng.uniform(face.top() + 1, face.bottom() - 1)
        painter.setPen(QPen(QColor(0, 0, 0, rng.randint(12, 30)), rng.uniform(0.5, 1.2)))
        painter.drawLine(QPointF(0, y), QPointF(board.width(), y + rng.uniform(-1.5, 1.5)))
    painter.fillRect(QRectF(0, board.bottom() - 1, board.width(), 1), QColor(0, 0, 0, 110))


class SleeveGrid(QListView):
    """Sleeves on shelves: a static icon grid whose tiles fill each row evenly.

    Double-click or Enter activates a sleeve (``activated``); a click on its caption opens it
    (:attr:`open_requested`). Dragging a sleeve carries its record's tracks.
    """

    open_requested = Signal(QModelIndex)
    menu_requested = Signal(QModelIndex, QPoint)
    """``(index, global position)``; the index is invalid when no sleeve was under the pointer."""

    def __init__(
        self,
        model: RecordListModel,
        delegate: SleeveDelegate,
        theme: Theme,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.delegate = delegate
        self.setObjectName("crateGrid")
        self.setAccessibleName("Records in the crate")
        self.setViewMode(QListView.ViewMode.IconMode)
        self.setMovement(QListView.Movement.Static)
        self.setResizeMode(QListView.ResizeMode.Adjust)
        self.setUniformItemSizes(True)
        self.setSpacing(0)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setDragEnabled(True)
        self.setDragDropMode(QAbstractItemView.DragDropMode.DragOnly)
        self.setDefaultDropAction(Qt.DropAction.CopyAction)
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.DefaultContextMenu)
        self.setMouseTracking(True)
        self.viewport().setAutoFillBackground(False)
        self.setModel(model)
        self.setItemDelegate(delegate)
        self.empty_text = ""
        self._row: QPixmap | None = None  # the wall and shelf behind one row of sleeves
        self._scroll = QPropertyAnimation(self.verticalScrollBar(), b"value", self)
        self._scroll.setDuration(160)
        self._scroll.setEasingCurve(QEasingCurve.Type.OutCubic)
        self._open_timer = QTimer(self)
        self._open_timer.setSingleShot(True)
        self._open_timer.timeout.connect(self._open_pending)
        self._pending_open = QPersistentModelIndex()
        self.set_theme(theme)

    def set_theme(self, theme: Theme) -> None:
        """Repaint the shelves and sleeves in ``theme``."""
        self.theme = theme
        self.delegate.set_theme(theme)
        self._row = None
        self.viewport().update()

    def fit_tiles(self) -> None:
        """Size tiles so whole sleeves fill the row (room is kept for the scroll bar)."""
        # QListView lays out as if its scroll bar were showing, and wraps a row that would
        # reach the very last pixel: keep that room, and one pixel more.
        extent = self.style().pixelMetric(QStyle.PixelMetric.PM_ScrollBarExtent, None, self)
        bar = max(self.verticalScrollBar().sizeHint().width(), extent)
        available = self.width() - 2 * self.frameWidth() - bar - WRAP_SLACK_PX
        geometry = TileGeometry.fitting(max(available, MIN_TILE_W // 2))
        if geometry != self.delegate.geometry or self.gridSize() != geometry.size:
            self.delegate.set_geometry(geometry)
            self.setGridSize(geometry.size)
            self._row = None

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: D102
        self.fit_tiles()
        self._row = None
        super().resizeEvent(event)

    def updateGeometries(self) -> None:  # noqa: D102
        super().updateGeometries()
        # Three lines per wheel notch: half a tile, a step the eye can follow.
        self.verticalScrollBar().setSingleStep(max(12, self.delegate.geometry.size.height() // 6))

    def wheelEvent(self, event: QWheelEvent) -> None:
        """Glide a notch of the wheel; touchpads (pixel deltas) scroll as they are."""
        notches = event.angleDelta().y() / 120
        if not event.pixelDelta().isNull() or notches == 0:
            super().wheelEvent(event)
            return
        bar = self.verticalScrollBar()
        running = self._scroll.state() == QPropertyAnimation.State.Running
        start = int(self._scroll.endValue()) if running else bar.value()
        distance = notches * bar.singleStep() * QApplication.wheelScrollLines()
        target = max(bar.minimum(), min(bar.maximum(), round(start - distance)))
        self._scroll.stop()
        self._scroll.setStartValue(bar.value())
        self._scroll.setEndValue(target)
        self._scroll.start()
        event.accept()

    def paintEvent(self, event: QPaintEvent) -> None:
        """Paint the back wall and the shelves, then the sleeves on them."""
        if self._row is None:
            width, ratio = self.viewport().width(), self.devicePixelRatioF()
            self._row = paint_shelf_row(width, self.delegate.geometry, ratio, self.theme)
        painter = QPainter(self.viewport())
        tile_h = self.delegate.geometry.size.height()
        area = event.rect()
        first = area.top() - (area.top() + self.verticalOffset()) % tile_h
        for row_top in range(first, area.bottom() + 1, tile_h):  # only rows that need it
            painter.drawPixmap(0, row_top, self._row)
        if self.model().rowCount() == 0 and self.empty_text:
            painter.setFont(self.theme.text_font(16))
            painter.setPen(self.theme.ink_dim)
            area = self.viewport().rect().adjusted(24, 24, -24, -24)
            painter.drawText(
                area,
                Qt.AlignmentFlag.AlignHCenter
                | Qt.AlignmentFlag.AlignTop
                | Qt.TextFlag.TextWordWrap,
                self.empty_text,
            )
        painter.end()
        super().paintEvent(event)

    def startDrag(self, supportedActions: Qt.DropAction) -> None:
        """Drag the current record's tracks with a small sleeve under the pointer."""
        index = self.currentIndex()
        if not index.isValid():
            return
        drag = QDrag(self)
        drag.setMimeData(self.model().mimeData([index]))
        record = index.data(RECORD_ROLE)
        pixmap = self.delegate.drag_pixmap(record, 72, self.devicePixelRatioF())
        drag.setPixmap(pixmap)
        drag.setHotSpot(QPoint(36, 36))
        drag.exec(Qt.DropAction.CopyAction)

    def on_caption(self, index: QModelIndex, pos: QPoint) -> bool:
        """Return whether ``pos`` (in the viewport) is on the caption of the sleeve at ``index``."""
        rect = self.visualRect(index)
        return index.isValid() and pos.y() > rect.top() + PAD_TOP + self.delegate.geometry.edge

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        """Show a pointing hand over captions, which open their record."""
        pos = event.position().toPoint()
        on_caption = self.on_caption(self.indexAt(pos), pos)
        cursor = Qt.CursorShape.PointingHandCursor if on_caption else Qt.CursorShape.ArrowCursor
        self.viewport().setCursor(cursor)
        super().mouseMoveEvent(event)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        """Open a record whose caption was clicked, once no double-click can follow."""
        pos = event.position().toPoint()
        index = self.indexAt(pos)
        if event.button() == Qt.MouseButton.LeftButton and self.on_caption(index, pos):
            # Wait out a double-click, which plays instead of opening.
            self._pending_open = QPersistentModelIndex(index)
            self._open_timer.start(QApplication.doubleClickInterval())
        super().mouseReleaseEvent(event)

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:
        """Play rather than open: a double-click cancels the pending open."""
        self._open_timer.stop()
        super().mouseDoubleClickEvent(event)

    def _open_pending(self) -> None:
        if self._pending_open.isValid():
            self.open_requested.emit(self.model().index(self._pending_open.row(), 0))

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:
        """Ask for the menu of the sleeve under the pointer, or of the current one (keyboard)."""
        if event.reason() == QContextMenuEvent.Reason.Keyboard:
            index = self.currentIndex()
            centre = self.visualRect(index).center() if index.isValid() else QPoint(20, 20)
            self.menu_requested.emit(index, self.viewport().mapToGlobal(centre))
            return
        pos = self.viewport().mapFromGlobal(event.globalPos())
        index = self.indexAt(pos)
        if index.isValid():
            self.setCurrentIndex(index)
        self.menu_requested.emit(index, event.globalPos())
