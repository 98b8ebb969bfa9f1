"""A sleeve in the crate: the tile it stands in, and the delegate that paints it.

A tile holds the sleeve with room above for the record to peek out when picked, and the
caption (title over artist) lettered on the shelf lip below. A frame is mostly blits: sleeves,
shadows and laid-out captions are cached pixmaps or static texts. The grid that lays the tiles
out is :class:`~app.ui.crate.sleeve_grid.SleeveGrid`.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QPoint, QRect, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPen, QPixmap, QStaticText
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem, QWidget

from app.core.record import RecordSummary
from app.ui.crate.record_list_model import RECORD_ROLE
from app.ui.crate.sleeve_art import SHADOW_PX, SleeveArt
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
