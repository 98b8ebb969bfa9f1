"""The crash dialog: an unexpected error, told plainly, with the details one click away.

A lamp-lit card on the bench's wood, like the settings drawer: a warning lamp and a short
headline, the error's one-line message, how often it happened, and a Details drawer with the
full traceback. "Copy details" puts everything a bug report needs on the clipboard; "Open log
folder" shows the rotating log. The dialog is not modal: the shop keeps running behind it.

It shows one or more :class:`Failure` kinds; the same kind again only raises its count.
"""

from __future__ import annotations

import platform
import sys
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from PySide6.QtCore import QRectF, Qt, QTimer, QUrl, qVersion
from PySide6.QtGui import (
    QColor,
    QDesktopServices,
    QGuiApplication,
    QPainter,
    QPaintEvent,
    QPen,
    QRadialGradient,
    QShowEvent,
)
from PySide6.QtWidgets import (
    QDialog,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QSizePolicy,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from app import __version__
from app.ui.i18n import app_name, counted, fill
from app.ui.theme import Theme
from app.ui.theme_style import paint_dialog_bench, style_sheet

__all__ = ["MAX_LISTED", "CrashDialog", "Failure", "environment_line"]

MAX_LISTED = 20  # kinds of failure the details keep; more are only counted (they are logged)
_COPIED_MS = 2000
_LAMP_PX = 26
_MIN_WIDTH_PX = 560


@dataclass
class Failure:
    """One kind of unhandled error, as the dialog shows it.

    Attributes
    ----------
    key
        Equal for the same error type raised at the same place (whatever its message).
    summary
        ``"ValueError: the valve is cold"``: the exception's type and one-line message.
    details
        The formatted traceback.
    thread
        The name of the thread it was raised on.
    first_seen
        When it first happened.
    count
        How often it happened.

    """

    key: str
    summary: str
    details: str
    thread: str
    first_seen: datetime = field(default_factory=datetime.now)
    count: int = 1


def environment_line() -> str:
    """Return the app's version, Python's, Qt's and the system's, for a bug report."""
    python = sys.version.split()[0]
    system = platform.platform()
    return f"Starlight Turntable {__version__} · Python {python} · Qt {qVersion()} · {system}"


class CrashDialog(QDialog):
    """Tell the user about unexpected errors; the app keeps running behind it.

    Parameters
    ----------
    theme
        Colours and fonts.
    log_folder
        The folder "Open log folder" shows; None (or a folder that does not exist) disables it.
    parent
        The window it belongs to, if any.

    """

    def __init__(
        self, theme: Theme, log_folder: Path | None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("crashDialog")
        self.setWindowTitle(fill(self.tr("Something went wrong — %1"), app_name()))
        self.setModal(False)
        self.setSizeGripEnabled(True)
        self.setMinimumWidth(_MIN_WIDTH_PX)
        self.failures: list[Failure] = []
        self.unlisted = 0  # failures of kinds beyond MAX_LISTED
        self._theme = theme
        self._log_folder = log_folder
        self._build()
        self.set_theme(theme)
        self._show_details(False)

    # ---------------------------------------------------------------- building
    def _build(self) -> None:
        self._build_words()
        self._build_details()
        self.copy_button = self._button(self.tr("&Copy details"), self.copy_details)
        self.open_logs_button = self._button(self.tr("Open &log folder"), self.open_log_folder)
        self.close_button = self._button(self.tr("Close"), self.accept)
        self.close_button.setDefault(True)
        self.close_button.setAutoDefault(True)
        usable = self._log_folder is not None and self._log_folder.is_dir()
        self.open_logs_button.setEnabled(usable)
        if self._log_folder is not None:
            self.open_logs_button.setToolTip(str(self._log_folder))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 18, 20, 16)
        layout.setSpacing(12)
        layout.addWidget(self._card(), 1)
        layout.addLayout(self._keys())

    def _build_words(self) -> None:
        self.headline = QLabel(self.tr("Something went wrong in the turntable"))
        self.headline.setObjectName("crashHeadline")
        self.headline.setWordWrap(True)
        self.reassurance = QLabel(
            self.tr(
                "The shop keeps running, and so does the music. If it happens again, "
                "the details help to fix it."
            )
        )
        self.reassurance.setObjectName("crashText")
        self.reassurance.setWordWrap(True)
        self.message = QLabel()
        self.message.setObjectName("crashMessage")
        self.message.setTextFormat(Qt.TextFormat.PlainText)  # messages may hold "<" and "&"
        self.message.setWordWrap(True)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.message.setAccessibleName(self.tr("Error message"))
        self.count_label = QLabel()
        self.count_label.setObjectName("crashText")
        self.count_label.setWordWrap(True)

    def _build_details(self) -> None:
        self.details_button = QToolButton()
        self.details_button.setObjectName("crashDetailsToggle")
        self.details_button.setText(self.tr("&Details"))
        self.details_button.setCheckable(True)
        self.details_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.details_button.setAutoRaise(True)
        self.details_button.toggled.connect(self._show_details)
        self.details = QPlainTextEdit()
        self.details.setObjectName("crashDetails")
        self.details.setReadOnly(True)
        self.details.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        self.details.setAccessibleName(self.tr("Error details"))
        self.details.setMinimumHeight(200)
        self.details.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)

    def _card(self) -> QFrame:
        card = QFrame()
        card.setObjectName("crashCard")
        top = QHBoxLayout()
        top.setSpacing(14)
        self.lamp = _WarningLamp(self._theme)
        top.addWidget(self.lamp, 0, Qt.AlignmentFlag.AlignTop)
        words = QVBoxLayout()
        words.setSpacing(4)
        words.addWidget(self.headline)
        words.addWidget(self.reassurance)
        top.addLayout(words, 1)
        box = QVBoxLayout(card)
        box.setContentsMargins(16, 14, 16, 14)
        box.setSpacing(10)
        box.addLayout(top)
        box.addWidget(self.message)
        box.addWidget(self.count_label)
        box.addWidget(self.details_button, 0, Qt.AlignmentFlag.AlignLeft)
        box.addWidget(self.details, 1)
        return card

    def _keys(self) -> QHBoxLayout:
        keys = QHBoxLayout()
        keys.setSpacing(8)
        keys.addWidget(self.copy_button)
        keys.addWidget(self.open_logs_button)
        keys.addStretch(1)
        keys.addWidget(self.close_button)
        return keys

    def _button(self, text: str, slot: object) -> QPushButton:
        button = QPushButton(text)
        button.setAutoDefault(False)
        button.clicked.connect(slot)
        return button

    # ---------------------------------------------------------------- public
    def add(self, failure: Failure) -> None:
        """Show ``failure``; one of a kind already shown only adds to its count."""
        for known in self.failures:
            if known.key == failure.key:
                known.count += failure.count
                break
        else:
            if len(self.failures) < MAX_LISTED:
                self.failures.append(failure)
            else:
                self.unlisted += failure.count
        self._refresh()

    @property
    def total(self) -> int:
        """Return how many errors the dialog stands for."""
        return sum(f.count for f in self.failures) + self.unlisted

    def details_text(self) -> str:
        """Return everything a bug report needs: versions, each error, its traceback."""
        parts = [environment_line()]
        if self._log_folder is not None:
            parts.append(f"Log folder: {self._log_folder}")
        for failure in self.failures:
            when = failure.first_seen.strftime("%Y-%m-%d %H:%M:%S")
            parts.append(
                f"{failure.summary}\n"
                f"Happened {failure.count} time(s), first at {when} in thread {failure.thread}.\n"
                f"{failure.details.rstrip()}"
            )
        if self.unlisted:
            parts.append(f"{self.unlisted} more error(s) of other kinds: see the log.")
        return "\n\n".join(parts) + "\n"

    def copy_details(self) -> None:
        """Put :meth:`details_text` on the clipboard, and say so on the button for a moment."""
        QGuiApplication.clipboard().setText(self.details_text())
        self.copy_button.setText(self.tr("Copied"))
        QTimer.singleShot(
            _COPIED_MS, self, lambda: self.copy_button.setText(self.tr("&Copy details"))
        )

    def open_log_folder(self) -> None:
        """Show the log folder in the file manager."""
        if self._log_folder is None:
            return
        if not QDesktopServices.openUrl(QUrl.fromLocalFile(str(self._log_folder))):
            note = self.tr("The log folder could not be opened; it is %1")
            self.count_label.setText(fill(note, self._log_folder))

    def set_theme(self, theme: Theme) -> None:
        """Dress the dialog in ``theme``."""
        self._theme = theme
        self.lamp.theme = theme
        self.setPalette(theme.palette())
        self.setStyleSheet(style_sheet(theme) + _extra_style(theme))
        self.headline.setFont(theme.sign_font(26))
        for label in (self.reassurance, self.count_label):
            label.setFont(theme.text_font(13))
        self.message.setFont(theme.number_font(13))
        self.details.setFont(theme.number_font(12))
        self.details_button.setFont(theme.text_font(13, bold=True))
        self.update()

    # ---------------------------------------------------------------- reactions
    def _refresh(self) -> None:
        first = self.failures[0] if self.failures else None
        self.message.setText(first.summary if first is not None else "")
        self.count_label.setText(self._count_text())
        self.count_label.setVisible(bool(self.count_label.text()))
        self.details.setPlainText(self.details_text())
        if self.details.isHidden():
            self._fit()  # to the new words; an open drawer keeps the size the user gave it

    def _count_text(self) -> str:
        if not self.failures:
            return ""
        first = self.failures[0].count
        others = self.total - first
        lines = []
        if first > 1:
            lines.append(counted(self.tr("This happened %n time(s).", "", first), first))
        if others:
            text = self.tr("%n other error(s) came up too; see the details.", "", others)
            lines.append(counted(text, others))
        return " ".join(lines)

    def _show_details(self, shown: bool) -> None:
        self.details.setVisible(shown)
        arrow = Qt.ArrowType.DownArrow if shown else Qt.ArrowType.RightArrow
        self.details_button.setArrowType(arrow)
        self.details_button.setChecked(shown)
        self._fit()

    def _fit(self) -> None:
        """Take the height the words need at the dialog's width (wrapped labels included)."""
        width = self.width() if self.isVisible() else self.sizeHint().width()
        width = max(width, _MIN_WIDTH_PX)
        layout = self.layout()
        fits = layout is not None and layout.hasHeightForWidth()
        height = layout.heightForWidth(width) if layout is not None and fits else -1
        self.resize(width, max(height, self.minimumSizeHint().height()))

    def showEvent(self, event: QShowEvent) -> None:
        """Give Close the keyboard: Enter or Escape dismisses the dialog at once."""
        super().showEvent(event)
        self.close_button.setFocus(Qt.FocusReason.ActiveWindowFocusReason)

    def paintEvent(self, event: QPaintEvent) -> None:
        """Draw the bench under the card: dark wood warmed by the lamp from above."""
        paint_dialog_bench(self, self._theme, glow_x=0.25)


class _WarningLamp(QWidget):
    """A round pilot lamp glowing in the theme's warning colour."""

    def __init__(self, theme: Theme) -> None:
        super().__init__()
        self.theme = theme
        self.setFixedSize(_LAMP_PX + 8, _LAMP_PX + 8)

    def paintEvent(self, event: QPaintEvent) -> None:
        """Draw the lamp: a brass bezel round a lit red-orange lens."""
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        rect = QRectF(4, 4, _LAMP_PX, _LAMP_PX)
        halo = QRadialGradient(rect.center(), _LAMP_PX * 0.75)
        warm = QColor(self.theme.warning)
        warm.setAlpha(110)
        halo.setColorAt(0.55, warm)
        halo.setColorAt(1, QColor(0, 0, 0, 0))
        painter.fillRect(QRectF(self.rect()), halo)
        lens = QRadialGradient(rect.center().x() - 3, rect.center().y() - 4, _LAMP_PX * 0.6)
        lens.setColorAt(0, QColor("#fff1e0"))
        lens.setColorAt(0.4, self.theme.warning.lighter(115))
        lens.setColorAt(1, self.theme.warning.darker(160))
        painter.setPen(QPen(self.theme.brass_dark, 2))
        painter.setBrush(lens)
        painter.drawEllipse(rect.adjusted(1, 1, -1, -1))
        painter.end()


def _extra_style(theme: Theme) -> str:
    """Style the card, the message well and the details drawer."""
    panel = theme.panel
    card = f"rgba({panel.red()}, {panel.green()}, {panel.blue()}, {panel.alpha()})"
    well = f"rgba(0, 0, 0, {70 if theme.is_night else 20})"
    heading = theme.brass_light.name() if theme.is_night else theme.ink.name()
    rim, ink, warning = theme.panel_edge.name(), theme.ink.name(), theme.warning.name()
    return f"""
    #crashCard {{ background: {card}; border: 1px solid {rim}; border-radius: 10px; }}
    #crashHeadline {{ color: {heading}; background: transparent; }}
    #crashText {{ color: {theme.ink_dim.name()}; background: transparent; }}
    #crashMessage {{
        color: {ink}; background: {well}; border: 1px solid {rim};
        border-left: 3px solid {warning}; border-radius: 6px; padding: 7px 10px;
    }}
    #crashDetails {{
        color: {ink}; background: {well}; border: 1px solid {rim}; border-radius: 6px;
    }}
    #crashDetailsToggle {{ color: {ink}; padding: 2px 6px; }}
    """
