"""The crate's controls: made, laid out and refilled for :class:`~app.ui.crate.CrateView`.

The tool strip (search, sort, genre, the artists toggle and the count) sits over the browsing
page: the artist list beside the sleeves, the tracks a search finds under them. Refilling the
genre box or the artist list after a scan keeps what was chosen.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TypeVar

from PySide6.QtCore import QCoreApplication, QSize, Qt
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QSplitter,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from app.ui.i18n import fill
from app.ui.theme import Theme

ARTIST_ROW_H = 28
_W = TypeVar("_W", bound=QWidget)


def named(widget: _W, name: str, accessible: str) -> _W:
    """Give ``widget`` its object name and the name a screen reader says; return it."""
    widget.setObjectName(name)
    widget.setAccessibleName(accessible)
    return widget


def tool_strip(
    search: QLineEdit,
    boxes: Sequence[tuple[str, QComboBox]],
    artists_button: QToolButton,
    count_label: QLabel,
) -> QHBoxLayout:
    """Return the strip over the crate: search, each box after its caption, artists, count."""
    strip = QHBoxLayout()
    strip.setContentsMargins(14, 10, 14, 8)
    strip.setSpacing(10)
    strip.addWidget(search, 4)
    for caption, box in boxes:
        label = QLabel(caption)
        label.setObjectName("crateCaption")
        label.setBuddy(box)
        strip.addSpacing(6)
        strip.addWidget(label)
        strip.addWidget(box, 1)
    strip.addSpacing(6)
    strip.addWidget(artists_button)
    strip.addWidget(count_label)
    return strip


def found_pane(heading: QLabel, tracks: QWidget) -> QWidget:
    """Return the pane of tracks a search finds under their heading, hidden until a search."""
    found = QWidget()
    found_layout = QVBoxLayout(found)
    found_layout.setContentsMargins(14, 8, 14, 0)
    found_layout.addWidget(heading)
    found_layout.addWidget(tracks)
    found.hide()
    return found


def fit_found_columns(header: QHeaderView) -> None:
    """Size the columns of the tracks found (title, artist, album, time).

    The title takes the room; artist and album get a fair share; the time fits its figures.
    """
    header.setStretchLastSection(False)
    header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
    for column in (1, 2):
        header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
        header.resizeSection(column, 240)
    header.setSectionResizeMode(3, QHeaderView.ResizeMode.ResizeToContents)


def browse_page(artist_list: QListWidget, grid: QWidget, found: QWidget) -> QSplitter:
    """Return the browsing page: the artist list beside the sleeves, found tracks under them."""
    results = QSplitter(Qt.Orientation.Vertical)
    results.addWidget(grid)
    results.addWidget(found)
    results.setStretchFactor(0, 3)
    results.setStretchFactor(1, 2)
    browse = QSplitter(Qt.Orientation.Horizontal)
    browse.setObjectName("crateBrowse")
    browse.addWidget(artist_list)
    browse.addWidget(results)
    browse.setStretchFactor(1, 1)
    browse.setSizes([200, 1000])
    return browse


def fill_artists(artist_list: QListWidget, artists: list[tuple[str, int]], total: int) -> None:
    """Refill ``artist_list`` with "All artists" (``total`` records) and ``artists``.

    The chosen artist stays chosen while it is still listed; no row change is announced.
    """
    current = artist_list.currentItem()
    chosen = current.data(Qt.ItemDataRole.UserRole) if current is not None else None
    artist_list.blockSignals(True)
    artist_list.clear()
    everyone = QCoreApplication.translate("CrateView", "All artists  (%1)")
    restore = QListWidgetItem(fill(everyone, f"{total:,}"))
    restore.setSizeHint(QSize(0, ARTIST_ROW_H))
    artist_list.addItem(restore)
    for name, count in artists:
        item = QListWidgetItem(f"{name}  ({count})")
        item.setData(Qt.ItemDataRole.UserRole, name)
        item.setToolTip(name)
        item.setSizeHint(QSize(0, ARTIST_ROW_H))
        artist_list.addItem(item)
        restore = item if name == chosen else restore
    artist_list.setCurrentItem(restore)
    artist_list.blockSignals(False)


def refill(box: QComboBox, everything: str, choices: list[tuple[str, str]]) -> None:
    """Refill ``box`` with "everything" and ``choices``, keeping the current choice if it stays."""
    chosen = box.currentData()
    box.blockSignals(True)
    box.clear()
    box.addItem(everything, None)
    for label, value in choices:
        box.addItem(label, value)
    box.setCurrentIndex(max(0, box.findData(chosen)) if chosen is not None else 0)
    box.blockSignals(False)


def crate_palette(theme: Theme) -> QPalette:
    """Return ``theme``'s palette, with button lettering that reads on the button colour.

    The day theme's palette letters buttons in dark ink on dark bakelite; cream reads there.
    """
    palette = theme.palette()
    if not theme.is_night:
        for group in (QPalette.ColorGroup.Active, QPalette.ColorGroup.Inactive):
            palette.setColor(group, QPalette.ColorRole.ButtonText, theme.brass_light.lighter(115))
    return palette
