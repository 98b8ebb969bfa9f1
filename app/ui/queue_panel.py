"""The queue panel: what plays next, reordered by dragging, trimmed, cleared or saved.

A lamp-lit card on the bench: a heading with the count and playing time and the shuffle and
repeat lamps, the list of queued tracks (the current one marked and kept in view), and bakelite
keys to remove, clear and save the queue as an M3U8 playlist. Rows have one height, so the view
stays quick with a 50,000-item queue.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QRectF, QStandardPaths, Qt, Signal
from PySide6.QtGui import QColor, QPainter, QPaintEvent, QPen, QRadialGradient
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.core.errors import PlaylistError
from app.core.queue import Queue, RepeatMode, ShuffleMode
from app.library.playlists import PlaylistEntry, write_m3u8
from app.ui.i18n import counted, fill
from app.ui.problem_text import problem_text
from app.ui.queue_delegate import QueueDelegate
from app.ui.queue_model import QueueModel
from app.ui.queue_view import QueueView
from app.ui.theme import Theme
from app.ui.time_text import format_clock

# The lamps' words per mode (translated where they are shown).
_SHUFFLE_WORDS = {
    ShuffleMode.OFF: QT_TRANSLATE_NOOP("QueuePanel", "Shuffle"),
    ShuffleMode.TRACKS: QT_TRANSLATE_NOOP("QueuePanel", "Shuffle"),
    ShuffleMode.RECORDS: QT_TRANSLATE_NOOP("QueuePanel", "Shuffle records"),
}
_REPEAT_WORDS = {
    RepeatMode.OFF: QT_TRANSLATE_NOOP("QueuePanel", "Repeat"),
    RepeatMode.ONE: QT_TRANSLATE_NOOP("QueuePanel", "Repeat one"),
    RepeatMode.ALL: QT_TRANSLATE_NOOP("QueuePanel", "Repeat all"),
}


def queue_summary(count: int, known_s: float, unknown: int) -> str:
    """Return the heading's count and time, e.g. ``"12 tracks · 48:10"``.

    A ``+`` after the time says some lengths are unknown; an empty queue says so.
    """
    if count == 0:
        return QCoreApplication.translate("QueuePanel", "Empty")
    time = format_clock(known_s) + ("+" if unknown else "")
    return fill(counted(QueuePanel.tr("%n track(s) · %1", "", count), count), time)


class QueuePanel(QWidget):
    """The "next up" panel over a :class:`Queue`.

    Parameters
    ----------
    queue
        The queue to show and edit.
    theme
        Colours and fonts.
    parent
        The owning widget.

    Attributes
    ----------
    play_index_requested : Signal(int)
        A row was double-clicked or Enter was pressed on it.
    paths_dropped : Signal(object, int)
        Files or folders (``list[Path]``) were dropped from the file manager, with the row to
        insert at (``-1``: the end); the caller scans them and inserts the tracks.
    message_posted : Signal(str)
        A sentence for the user (a playlist saved, or why it was not), for a notice.

    """

    play_index_requested = Signal(int)
    paths_dropped = Signal(object, int)
    message_posted = Signal(str)

    def __init__(self, queue: Queue, theme: Theme, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("queuePanel")
        self.setAccessibleName(self.tr("Next up"))
        self._theme = theme
        music = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.MusicLocation)
        self.playlist_folder = Path(music or Path.home())
        self.model = QueueModel(queue, self)
        self.delegate = QueueDelegate(theme, self)
        self._build()
        self._connect()
        self.set_theme(theme)
        self._on_summary_changed()
        self._on_selection_changed()

    # ---------------------------------------------------------------- building
    def _build(self) -> None:
        self.heading = QLabel(self.tr("Next up"))
        self.heading.setObjectName("queueHeading")
        self.summary = QLabel()
        self.summary.setObjectName("queueSummary")
        self.shuffle_lamp = QLabel()
        self.shuffle_lamp.setObjectName("queueShuffleLamp")
        self.repeat_lamp = QLabel()
        self.repeat_lamp.setObjectName("queueRepeatLamp")
        self.view = QueueView()
        self.view.setModel(self.model)
        self.view.setItemDelegate(self.delegate)
        self.remove_button = self._button(
            self.tr("Remove"), "queueRemove", self.tr("Remove the selected tracks")
        )
        self.clear_button = self._button(self.tr("Clear"), "queueClear", self.tr("Empty the queue"))
        self.save_button = self._button(
            self.tr("Save as playlist…"), "queueSave", self.tr("Save the queue as an M3U8 playlist")
        )
        lamps = QHBoxLayout()
        lamps.setSpacing(12)
        lamps.addWidget(self.summary, 1)
        lamps.addWidget(self.shuffle_lamp)
        lamps.addWidget(self.repeat_lamp)
        buttons = QHBoxLayout()
        buttons.setSpacing(8)
        for button in (self.remove_button, self.clear_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(self.save_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(14, 12, 14, 12)
        layout.setSpacing(6)
        layout.addWidget(self.heading)
        layout.addLayout(lamps)
        layout.addWidget(self.view, 1)
        layout.addLayout(buttons)

    def _button(self, text: str, name: str, spoken: str) -> QPushButton:
        button = QPushButton(text)
        button.setObjectName(name)
        button.setAccessibleName(spoken)
        button.setToolTip(spoken)
        button.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        button.setCursor(Qt.CursorShape.PointingHandCursor)
        return button

    def _connect(self) -> None:
        self.view.activated.connect(lambda index: self.play_index_requested.emit(index.row()))
        self.view.remove_requested.connect(self.remove_selected)
        self.view.move_requested.connect(self.move_selected)
        self.view.selectionModel().selectionChanged.connect(self._on_selection_changed)
        self.model.paths_dropped.connect(self.paths_dropped)
        self.model.summary_changed.connect(self._on_summary_changed)
        self.model.current_row_changed.connect(self._on_current_row_changed)
        self.model.modelReset.connect(self._on_selection_changed)
        self.remove_button.clicked.connect(self.remove_selected)
        self.clear_button.clicked.connect(self.clear)
        self.save_button.clicked.connect(self.save_as_playlist)

    # ---------------------------------------------------------------- public
    @property
    def queue(self) -> Queue:
        """The queue shown."""
        return self.model.queue

    def set_queue(self, queue: Queue) -> None:
        """Show and edit another queue."""
        self.model.set_queue(queue)

    def set_theme(self, theme: Theme) -> None:
        """Restyle in another look."""
        self._theme = theme
        self.delegate.set_theme(theme)
        self.setPalette(theme.palette())
        self.heading.setFont(theme.caption_font(22))
        self.summary.setFont(theme.text_font(12))
        for button in (self.remove_button, self.clear_button, self.save_button):
            button.setFont(theme.caption_font(16))
        for lamp in (self.shuffle_lamp, self.repeat_lamp):
            lamp.setFont(theme.caption_font(14))
        self.view.setFont(theme.text_font(13))
        self.view.placeholder_colour = theme.ink_dim
        self.setStyleSheet(_style_sheet(theme))
        self.view.viewport().update()
        self.update()

    def remove_selected(self) -> None:
        """Remove the selected rows from the queue."""
        rows = [index.row() for index in self.view.selectionModel().selectedRows()]
        if rows:
            self.model.remove_rows(rows)
            self.view.selectionModel().clearSelection()

    def move_selected(self, step: int) -> None:
        """Move the selected rows one row up (``step`` -1) or down (+1), keeping them selected."""
        rows = sorted(index.row() for index in self.view.selectionModel().selectedRows())
        if (
            not rows
            or (step < 0 and rows[0] == 0)
            or (step > 0 and rows[-1] == len(self.queue) - 1)
        ):
            return
        self.model.move_rows(rows, rows[0] - 1 if step < 0 else rows[-1] + 2)
        self.view.scrollTo(self.view.currentIndex())

    def clear(self) -> None:
        """Empty the queue."""
        self.queue.clear()

    def save_playlist(self, path: Path) -> list[str]:
        """Write the queue to ``path`` as M3U8.

        Returns
        -------
        list[str]
            A sentence for each track left out.

        Raises
        ------
        PlaylistError
            If the file cannot be written.

        """
        entries = [
            PlaylistEntry(
                track.path,
                f"{track.artist} - {track.display_title}" if track.artist else track.display_title,
                track.duration_s,
            )
            for track in self.queue
        ]
        return write_m3u8(path, entries)

    def save_as_playlist(self) -> None:
        """Ask where to save the queue as a playlist, save it and say how it went."""
        path = self._ask_playlist_path()
        if path is None:
            return
        try:
            problems = self.save_playlist(path)
        except PlaylistError as error:
            reason = problem_text(str(error))
            self.message_posted.emit(fill(self.tr("The playlist was not saved: %1"), reason))
            return
        self.playlist_folder = path.parent
        saved = len(self.queue) - len(problems)
        text = fill(counted(self.tr("Saved %n track(s) to %1.", "", saved), saved), path.name)
        if problems:
            left_out = "; ".join(problem_text(problem) for problem in problems[:3])
            text += " " + fill(self.tr("Left out: %1"), left_out)
        self.message_posted.emit(text)

    def _ask_playlist_path(self) -> Path | None:
        dialog = QFileDialog(self, self.tr("Save the queue as a playlist"))
        dialog.setObjectName("savePlaylistDialog")
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        dialog.setNameFilter(self.tr("M3U8 playlists (*.m3u8)"))
        dialog.setDefaultSuffix("m3u8")
        dialog.setDirectory(str(self.playlist_folder))
        dialog.selectFile(self.tr("Queue.m3u8", "the name offered for a saved queue"))
        accepted = dialog.exec() == QDialog.DialogCode.Accepted
        files = dialog.selectedFiles()
        dialog.deleteLater()
        return Path(files[0]) if accepted and files else None

    # ---------------------------------------------------------------- reactions
    def _on_summary_changed(self) -> None:
        queue = self.queue
        known_s, unknown = self.model.total_duration()
        self.summary.setText(queue_summary(len(queue), known_s, unknown))
        words = QCoreApplication.translate("QueuePanel", _SHUFFLE_WORDS[queue.shuffle])
        off = self.tr("Shuffle off")
        self._light(self.shuffle_lamp, words, off, queue.shuffle is not ShuffleMode.OFF)
        words = QCoreApplication.translate("QueuePanel", _REPEAT_WORDS[queue.repeat])
        off = self.tr("Repeat off")
        self._light(self.repeat_lamp, words, off, queue.repeat is not RepeatMode.OFF)
        self.clear_button.setEnabled(len(queue) > 0)
        self.save_button.setEnabled(len(queue) > 0)

    def _light(self, lamp: QLabel, words: str, off: str, on: bool) -> None:
        """Show a mode as a panel lamp: lit and named while on, dark while off (``off``)."""
        theme = self._theme
        dot = (theme.accent if on else theme.bakelite_light).name()
        ink = theme.brass_light if on and theme.is_night else theme.ink if on else theme.ink_dim
        lamp.setText(
            f'<span style="color:{dot}">●</span>&nbsp;<font color="{ink.name()}">{words}</font>'
        )
        lamp.setAccessibleName(fill(self.tr("%1 on"), words) if on else off)
        lamp.setToolTip(lamp.accessibleName())
        lamp.setProperty("lit", on)

    def _on_selection_changed(self, *_args: object) -> None:
        self.remove_button.setEnabled(self.view.selectionModel().hasSelection())

    def _on_current_row_changed(self, row: int) -> None:
        if row >= 0:
            self.view.scrollTo(self.model.index(row, 0), QAbstractItemView.ScrollHint.EnsureVisible)

    def paintEvent(self, event: QPaintEvent) -> None:
        """Draw the card: a dark panel with a brass edge, warmed by the lamp from above."""
        theme = self._theme
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        rect = QRectF(self.rect()).adjusted(0.5, 0.5, -0.5, -0.5)
        painter.setPen(QPen(theme.panel_edge, 1))
        painter.setBrush(theme.panel)
        painter.drawRoundedRect(rect, 10, 10)
        glow = QRadialGradient(rect.center().x(), rect.top(), max(rect.width(), 1) * 0.8)
        glow.setColorAt(0, theme.glow)
        glow.setColorAt(1, QColor(0, 0, 0, 0))
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(glow)
        painter.drawRoundedRect(rect.adjusted(1, 1, -1, -1), 9, 9)
        painter.end()


def _style_sheet(theme: Theme) -> str:
    """Style the panel's standard widgets: transparent list, bakelite keys, brass scroll bar."""
    ink, dim, brass = theme.ink.name(), theme.ink_dim.name(), theme.brass_light.name()
    edge, accent = theme.brass_dark.name(), theme.accent.name()
    top, bottom = theme.bakelite_light.name(), theme.bakelite.name()
    heading = brass if theme.is_night else edge
    return f"""
    #queueHeading {{ color: {heading}; }}
    #queueSummary {{ color: {dim}; }}
    #queueList {{
        background: transparent; color: {ink}; outline: none;
        border: 1px solid transparent; border-radius: 6px;
    }}
    #queueList:focus {{ border-color: {edge}; }}
    #queuePanel QPushButton {{
        color: {brass}; padding: 3px 12px; min-height: 22px;
        background: qlineargradient(x1:0, y1:0, x2:0, y2:1, stop:0 {top}, stop:1 {bottom});
        border: 1px solid {edge}; border-radius: 6px;
    }}
    #queuePanel QPushButton:hover {{ border-color: {brass}; }}
    #queuePanel QPushButton:pressed {{ background: {bottom}; padding-top: 4px; }}
    #queuePanel QPushButton:focus {{ border: 2px solid {accent}; }}
    #queuePanel QPushButton:disabled {{ color: {dim}; border-color: {bottom}; }}
    #queueList QScrollBar:vertical {{ background: transparent; width: 10px; margin: 2px; }}
    #queueList QScrollBar::handle:vertical {{
        background: {edge}; border-radius: 3px; min-height: 28px;
    }}
    #queueList QScrollBar::handle:vertical:hover {{ background: {brass}; }}
    #queueList QScrollBar::add-line, #queueList QScrollBar::sub-line {{ height: 0; }}
    #queueList QScrollBar::add-page, #queueList QScrollBar::sub-page {{ background: none; }}
    """
