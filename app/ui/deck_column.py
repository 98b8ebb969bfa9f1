"""The bench's left column: the turntable, and the amplifier under it when there is room.

The amplifier takes about a fifth of the column's height (96-150 px). When the column is too
short for both, the deck keeps its room and the amplifier steps aside; the user can also put
it away in the settings.
"""

from __future__ import annotations

from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QVBoxLayout, QWidget

from app.ui.amp import AmplifierPanel
from app.ui.deck import DeckView

AMP_SHARE = 0.21
AMP_MIN_PX = 96
AMP_MAX_PX = 150
DECK_MIN_PX = 320
GAP_PX = 8


class DeckColumn(QWidget):
    """Hold the deck above the amplifier panel."""

    def __init__(self, deck: DeckView, panel: AmplifierPanel, parent: QWidget | None = None):
        super().__init__(parent)
        self.deck = deck
        self.panel = panel
        self._wanted = True
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(GAP_PX)
        layout.addWidget(deck, 1)
        layout.addWidget(panel)
        deck.setParent(self)
        panel.setParent(self)
        self.setMinimumSize(deck.minimumSize())

    def set_amplifier_wanted(self, wanted: bool) -> None:
        """Show the amplifier when there is room (True) or never (False)."""
        self._wanted = wanted
        self._fit()

    def amplifier_height(self, column_px: int) -> int:
        """Return the amplifier's height in a column ``column_px`` high (0: no room)."""
        height = round(min(AMP_MAX_PX, max(AMP_MIN_PX, column_px * AMP_SHARE)))
        return height if column_px - height - GAP_PX >= DECK_MIN_PX else 0

    def resizeEvent(self, event: QResizeEvent) -> None:
        """Give the amplifier its share of the new height."""
        super().resizeEvent(event)
        self._fit()

    def _fit(self) -> None:
        height = self.amplifier_height(self.height()) if self._wanted else 0
        if height:
            self.panel.setFixedHeight(height)
        self.panel.setVisible(height > 0)
