"""The crate's notices: the scan bar (how far a scan has got, and Cancel) and the empty crate.

While the scan is only counting files the bar is busy; once it knows how many files it must
read, it fills: "12,345 files found · 3,210 of 5,000 read". It hides itself a few seconds
after the scan ends (longer when the scan failed, so the reason can be read).
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QRectF, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.library.scanner import ScanProgress
from app.ui.crate.shelves import WallBackdrop
from app.ui.i18n import counted, fill
from app.ui.theme import Theme

FINISHED_HIDE_MS = 4000
FAILED_HIDE_MS = 12000


def progress_text(progress: ScanProgress) -> str:
    """Return the bar's words for a scan under way."""
    seen = progress.files_seen
    found = counted(ScanBar.tr("%n file(s) found", "", seen), seen)
    if progress.files_to_read == 0:
        return fill(QCoreApplication.translate("ScanBar", "Looking for music · %1"), found)
    read = fill(
        QCoreApplication.translate("ScanBar", "%1 of %2 read"),
        f"{progress.files_read:,}",
        f"{progress.files_to_read:,}",
    )
    return f"{found} · {read}"


def finished_text(progress: ScanProgress) -> str:
    """Return the bar's words for a scan that ended (or was cancelled)."""
    counts = [
        counted(text, n)
        for n, text in (
            (progress.added, ScanBar.tr("%n added", "", progress.added)),
            (progress.updated, ScanBar.tr("%n updated", "", progress.updated)),
            (progress.removed, ScanBar.tr("%n removed", "", progress.removed)),
            (progress.errors, ScanBar.tr("%n unreadable", "", progress.errors)),
        )
        if n
    ]
    head = (
        QCoreApplication.translate("ScanBar", "Scan cancelled")
        if progress.cancelled
        else QCoreApplication.translate("ScanBar", "Library up to date")
    )
    if not counts:
        checked = progress.files_seen
        counts = [counted(ScanBar.tr("%n file(s) checked", "", checked), checked)]
    return " · ".join([head, *counts])


class ScanBar(QFrame):
    """A slim bar under the crate: progress, counts, and Cancel."""

    cancel_requested = Signal()

    def __init__(self, theme: Theme, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("crateScanBar")
        self.setAccessibleName(self.tr("Library scan"))
        self.progress = QProgressBar()
        self.progress.setObjectName("crateScanProgress")
        self.progress.setAccessibleName(self.tr("Scan progress"))
        self.progress.setTextVisible(False)
        self.progress.setFixedWidth(180)
        self.progress.setFixedHeight(8)
        self.label = QLabel()
        self.label.setObjectName("crateScanText")
        self.label.setAccessibleName(self.tr("Scan status"))
        self.cancel_button = QPushButton(self.tr("Cancel"))
        self.cancel_button.setObjectName("crateScanCancel")
        self.cancel_button.setAccessibleName(self.tr("Cancel the scan"))
        self.cancel_button.clicked.connect(self._on_cancel)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(14, 5, 10, 5)
        layout.setSpacing(12)
        layout.addWidget(self.progress)
        layout.addWidget(self.label, 1)
        layout.addWidget(self.cancel_button)
        self._hide_timer = QTimer(self)
        self._hide_timer.setSingleShot(True)
        self._hide_timer.timeout.connect(self.hide)
        self.set_theme(theme)
        self.hide()

    def set_theme(self, theme: Theme) -> None:
        """Letter the bar in ``theme``."""
        self.theme = theme
        self.label.setFont(theme.text_font(13))
        self.setPalette(theme.palette())
        self._quiet = theme.ink_dim if theme.is_night else theme.ink
        self._colour_label(self._quiet)

    def show_progress(self, progress: ScanProgress) -> None:
        """Show where a running scan stands."""
        self._hide_timer.stop()
        if progress.files_to_read == 0:
            self.progress.setRange(0, 0)  # busy: still counting
        else:
            self.progress.setRange(0, progress.files_to_read)
            self.progress.setValue(min(progress.files_read, progress.files_to_read))
        self.label.setText(progress_text(progress))
        self._colour_label(self._quiet)
        self.cancel_button.show()  # disabled after Cancel until the scan reports its end
        self.progress.show()
        self.show()

    def show_finished(self, progress: ScanProgress) -> None:
        """Show how the scan ended, then hide after a few seconds."""
        self.progress.setRange(0, 1)
        self.progress.setValue(1)
        self.label.setText(finished_text(progress))
        self._colour_label(self.theme.ink)
        self._reset_cancel()
        self.cancel_button.hide()
        self.show()
        self._hide_timer.start(FINISHED_HIDE_MS)

    def show_failed(self, reason: str) -> None:
        """Show why the scan failed, for a while."""
        self.progress.hide()
        self.label.setText(fill(self.tr("The scan failed: %1"), reason))
        self._colour_label(self.theme.warning)
        self._reset_cancel()
        self.cancel_button.hide()
        self.show()
        self._hide_timer.start(FAILED_HIDE_MS)

    def _on_cancel(self) -> None:
        self.cancel_button.setEnabled(False)
        self.cancel_button.setText(self.tr("Cancelling…"))
        self.cancel_requested.emit()

    def _reset_cancel(self) -> None:
        self.cancel_button.setText(self.tr("Cancel"))
        self.cancel_button.setEnabled(True)

    def paintEvent(self, event: QPaintEvent) -> None:
        """Paint the bar as the workbench's front edge: plinth wood under a brass hairline."""
        painter = QPainter(self)
        painter.fillRect(self.rect(), self.theme.plinth)
        painter.fillRect(0, 0, self.width(), 1, self.theme.brass_dark)
        painter.end()

    def _colour_label(self, colour: QColor) -> None:
        palette = self.label.palette()
        palette.setColor(self.label.foregroundRole(), colour)
        self.label.setPalette(palette)


class EmptyCrate(QWidget):
    """What a new user sees: the crate is empty; choose the folder where the music lives."""

    def __init__(self, theme: Theme, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("crateEmpty")
        self._wall = WallBackdrop()
        self.heading = QLabel(self.tr("The crate is empty"))
        self.heading.setObjectName("crateEmptyHeading")
        self.text = QLabel(
            self.tr(
                "Your records will stand here once the shop knows where your music lives. "
                "The demo record is on the deck meanwhile."
            )
        )
        self.text.setObjectName("crateEmptyText")
        self.text.setWordWrap(True)
        self.text.setFixedWidth(440)
        self.button = QPushButton(self.tr("Choose music folder…"))
        self.button.setObjectName("crateChooseFolder")
        self.button.setAccessibleName(self.tr("Choose the music folder"))
        layout = QVBoxLayout(self)
        layout.addStretch(2)
        centre = Qt.AlignmentFlag.AlignHCenter
        for widget, space_after in ((self.heading, 6), (self.text, 18), (self.button, 0)):
            layout.addWidget(widget, 0, centre)
            layout.addSpacing(space_after)
        self.heading.setAlignment(centre)
        self.text.setAlignment(centre)
        layout.addStretch(3)
        self.set_theme(theme)

    def set_theme(self, theme: Theme) -> None:
        """Letter the notice in ``theme``."""
        self.theme = theme
        self.heading.setFont(theme.caption_font(44))
        self.text.setFont(theme.text_font(15))
        # A wrapped label centred in a layout is given one line's height unless told.
        self.text.setMinimumHeight(self.text.heightForWidth(self.text.width()))
        self.button.setFont(theme.text_font(15, bold=True))
        heading = theme.brass_light if theme.is_night else theme.accent
        for label, colour in ((self.heading, heading), (self.text, theme.ink)):
            palette = label.palette()
            palette.setColor(label.foregroundRole(), colour)
            label.setPalette(palette)

    def paintEvent(self, event: QPaintEvent) -> None:
        """Paint the bare back wall, and the shop's card the notice is written on."""
        self._wall.paint(self, self.theme)
        card = self.heading.geometry() | self.text.geometry() | self.button.geometry()
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(QPen(self.theme.panel_edge, 1.5))
        painter.setBrush(self.theme.panel)
        painter.drawRoundedRect(QRectF(card).adjusted(-40, -30, 40, 30), 10, 10)
        painter.end()
