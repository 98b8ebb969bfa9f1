"""Sleeves on shelves: the grid that lays the crate's sleeves out.

The grid is a static icon-mode list whose tiles fill each row evenly. Behind each row of
sleeves it paints a row of the crate: the plank wall lit from above and a shelf board with the
captions lettered on its face. The row scrolls with its sleeves, so Qt's scrolling shifts what
is painted and repaints only the strip coming into view. A frame is mostly blits: sleeves,
shadows, shelf rows and laid-out captions are cached pixmaps or static texts.
"""

from __future__ import annotations

from PySide6.QtCore import (
    QEasingCurve,
    QModelIndex,
    QPersistentModelIndex,
    QPoint,
    QPropertyAnimation,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import (
    QContextMenuEvent,
    QDrag,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPixmap,
    QResizeEvent,
    QWheelEvent,
)
from PySide6.QtWidgets import QAbstractItemView, QApplication, QFrame, QListView, QStyle, QWidget

from app.ui.crate.record_list_model import RECORD_ROLE, RecordListModel
from app.ui.crate.shelves import paint_shelf_row
from app.ui.crate.sleeve_delegate import (
    MIN_TILE_W,
    PAD_TOP,
    WRAP_SLACK_PX,
    SleeveDelegate,
    TileGeometry,
)
from app.ui.theme import Theme


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
        self.setAccessibleName(self.tr("Records in the crate"))
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
