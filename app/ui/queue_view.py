"""The list of queued tracks: drags carry the rows, drops land between rows.

:class:`QueueView` shows a :class:`~app.ui.queue_model.QueueModel` in the queue panel. Delete
removes the selection and Alt+Up or Alt+Down moves it (the panel does both); an empty queue
shows where to drop records or files.
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPoint, Qt, Signal
from PySide6.QtGui import QColor, QDrag, QDropEvent, QKeyEvent, QPainter, QPaintEvent
from PySide6.QtWidgets import QAbstractItemView, QListView, QWidget


class QueueView(QListView):
    """The list of queued tracks: drags carry the rows, drops land between rows."""

    remove_requested = Signal()
    move_requested = Signal(int)  # -1: the selection one row up, +1: one row down

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("queueList")
        self.setAccessibleName(self.tr("Queue"))
        self.setUniformItemSizes(True)
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setDragDropMode(QAbstractItemView.DragDropMode.DragDrop)
        self.setDefaultDropAction(Qt.DropAction.MoveAction)
        self.setDropIndicatorShown(True)
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.placeholder = self.tr("The queue is empty.\nDrop records or files here.")
        self.placeholder_colour = QColor("#b8a180")

    def drop_row_at(self, pos: QPoint) -> int:
        """Return the gap a drop at ``pos`` (viewport coordinates) lands in; ``-1``: the end."""
        index = self.indexAt(pos)
        if not index.isValid():
            return -1
        below = pos.y() > self.visualRect(index).center().y()
        return index.row() + 1 if below else index.row()

    def dropEvent(self, event: QDropEvent) -> None:
        """Hand the drop to the model at the gap under the pointer."""
        model = self.model()
        row = self.drop_row_at(event.position().toPoint())
        if model.dropMimeData(event.mimeData(), Qt.DropAction.CopyAction, row, 0, QModelIndex()):
            # Copy, never Move: the model already moved the rows, so the source (this view)
            # must not remove anything when the drag ends.
            event.setDropAction(Qt.DropAction.CopyAction)
            event.accept()
        else:
            event.ignore()
        self.stopAutoScroll()
        self.setState(QAbstractItemView.State.NoState)
        self.viewport().update()

    def startDrag(self, supported: Qt.DropAction) -> None:
        """Drag the selected rows; the drop decides everything, nothing happens afterwards."""
        indexes = sorted(self.selectedIndexes(), key=lambda index: index.row())
        if not indexes:
            return
        drag = QDrag(self)
        drag.setMimeData(self.model().mimeData(indexes))
        drag.exec(supported, Qt.DropAction.MoveAction)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Delete removes the selection, Alt+Up and Alt+Down move it; other keys as usual."""
        key, modifiers = event.key(), event.modifiers()
        if key in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace) and not modifiers:
            self.remove_requested.emit()
        elif (
            key in (Qt.Key.Key_Up, Qt.Key.Key_Down) and modifiers == Qt.KeyboardModifier.AltModifier
        ):
            self.move_requested.emit(-1 if key == Qt.Key.Key_Up else 1)
        else:
            super().keyPressEvent(event)
            return
        event.accept()

    def paintEvent(self, event: QPaintEvent) -> None:
        """Paint the rows, or a hint where to drop when there are none."""
        super().paintEvent(event)
        if self.model() is not None and self.model().rowCount() == 0:
            painter = QPainter(self.viewport())
            painter.setPen(self.placeholder_colour)
            painter.setFont(self.font())
            rect = self.viewport().rect().adjusted(12, 12, -12, -12)
            flags = Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap
            painter.drawText(rect, flags, self.placeholder)
            painter.end()
