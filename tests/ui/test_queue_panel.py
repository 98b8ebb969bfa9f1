"""The queue panel: model over the queue, drag to reorder, drops, remove, clear, save."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QItemSelectionModel, QMimeData, QPoint, QPointF, Qt, QTimer, QUrl
from PySide6.QtGui import QDragEnterEvent, QDragMoveEvent, QDropEvent
from PySide6.QtWidgets import QApplication, QFileDialog
from pytestqt.qtbot import QtBot

from app.core.queue import Queue, RepeatMode, ShuffleMode
from app.core.track import Track
from app.library.playlists import read_playlist
from app.ui.queue_model import IsCurrentRole, QueueModel, TrackRole
from app.ui.queue_panel import QueuePanel, queue_summary
from app.ui.theme import DAY, NIGHT
from app.ui.track_mime import TrackMimeData, accepts
from tests.support.queues import make, names, track


def _panel(qtbot: QtBot, queue: Queue) -> QueuePanel:
    panel = QueuePanel(queue, NIGHT)
    qtbot.addWidget(panel)
    panel.resize(360, 520)
    panel.show()
    qtbot.waitExposed(panel)
    return panel


def _drag_to(panel: QueuePanel, mime: QMimeData, row: int, below: bool = False) -> QDropEvent:
    """Drag ``mime`` over the upper (or lower) half of ``row``; return the drop to send."""
    rect = panel.view.visualRect(panel.model.index(row, 0))
    pos = QPoint(rect.center().x(), rect.bottom() - 3 if below else rect.top() + 3)
    actions = Qt.DropAction.CopyAction | Qt.DropAction.MoveAction
    args = (mime, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    viewport = panel.view.viewport()
    QApplication.sendEvent(viewport, QDragEnterEvent(pos, actions, *args))
    move = QDragMoveEvent(pos, actions, *args)
    QApplication.sendEvent(viewport, move)
    assert move.isAccepted() == accepts(mime)
    return QDropEvent(QPointF(pos), actions, *args)


def _drop(panel: QueuePanel, mime: QMimeData, row: int, below: bool = False) -> None:
    """Drag ``mime`` over ``row`` of the panel's list and drop it there."""
    QApplication.sendEvent(panel.view.viewport(), _drag_to(panel, mime, row, below))


def _select(panel: QueuePanel, *rows: int) -> None:
    selection = panel.view.selectionModel()
    selection.clearSelection()
    flag = QItemSelectionModel.SelectionFlag.Select
    for row in rows:
        selection.select(panel.model.index(row, 0), flag)


def test_model_passes_the_model_tester(qtmodeltester) -> None:  # type: ignore[no-untyped-def]
    queue = make("a", "b", "c", current=1)
    model = QueueModel(queue)
    qtmodeltester.check(model)
    queue.add([track("d")])
    queue.remove([0])
    queue.set_shuffle(ShuffleMode.TRACKS)
    qtmodeltester.check(model)


def test_model_mirrors_the_queue_and_marks_the_current_row(qtbot: QtBot) -> None:
    queue = make("a", "b", "c", current=0)
    model = QueueModel(queue)
    assert [model.index(r, 0).data() for r in range(3)] == ["a", "b", "c"]
    assert model.index(0, 0).data(IsCurrentRole) is True
    with qtbot.waitSignal(model.current_row_changed) as moved:
        queue.set_current(2)
    assert moved.args == [2]
    assert [model.index(r, 0).data(IsCurrentRole) for r in range(3)] == [False, False, True]
    assert model.index(2, 0).data(Qt.ItemDataRole.FontRole).bold()
    with qtbot.waitSignal(model.rowsInserted) as inserted:
        queue.play_next([track("x")])
    assert inserted.args[1:] == [3, 3]
    with qtbot.waitSignal(model.rowsRemoved) as removed:
        queue.remove([1])
    assert removed.args[1:] == [1, 1]
    assert [model.index(r, 0).data() for r in range(model.rowCount())] == ["a", "c", "x"]


def test_a_large_queue_is_not_reset_by_small_changes(qtbot: QtBot) -> None:
    queue = Queue()
    queue.add(Track(Path(f"/music/{i}.flac"), duration_s=180.0) for i in range(50_000))
    model = QueueModel(queue)
    resets: list[object] = []
    model.modelReset.connect(lambda: resets.append(1))
    queue.set_current(25_000)
    queue.add([track("tail")])
    queue.remove([10])
    assert not resets
    assert model.rowCount() == 50_000
    assert model.total_duration() == (50_000 * 180.0 - 180.0, 1)


def test_dragging_rows_within_the_queue_reorders_them(qtbot: QtBot) -> None:
    queue = make("a", "b", "c", "d", "e", "f", current=1)
    panel = _panel(qtbot, queue)
    _select(panel, 1, 3)
    mime = panel.model.mimeData(panel.view.selectionModel().selectedRows())
    assert isinstance(mime, TrackMimeData)
    assert mime.queue_rows == (1, 3)
    _drop(panel, mime, 5, below=False)  # the gap before "f"
    assert names(queue) == ["a", "c", "e", "b", "d", "f"]
    assert queue.current is queue[3]  # "b" stays current
    selected = sorted(i.row() for i in panel.view.selectionModel().selectedRows())
    assert selected == [3, 4]  # the selection followed the moved tracks
    _select(panel, 4)
    _drop(panel, panel.model.mimeData(panel.view.selectionModel().selectedRows()), 0)
    assert names(queue) == ["d", "a", "c", "e", "b", "f"]


def test_dropping_tracks_from_the_crate_inserts_them_at_the_row(qtbot: QtBot) -> None:
    queue = make("a", "b", "c", current=2)
    panel = _panel(qtbot, queue)
    _drop(panel, TrackMimeData([track("x"), track("y")]), 0, below=True)
    assert names(queue) == ["a", "x", "y", "b", "c"]
    assert queue.current_index == 4 and queue[4].path.stem == "c"
    assert panel.model.rowCount() == 5
    # a drag whose rows no longer hold its tracks counts as new tracks, not a reorder
    stale = TrackMimeData([track("z")], queue_rows=[0])
    assert panel.model.dropMimeData(
        stale, Qt.DropAction.CopyAction, -1, 0, panel.model.index(-1, 0)
    )
    assert names(queue)[-1] == "z" and len(queue) == 6


def test_dropping_files_emits_paths_with_the_row(qtbot: QtBot, tmp_path: Path) -> None:
    queue = make("a", "b", "c")
    panel = _panel(qtbot, queue)
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(tmp_path / "one.flac")), QUrl("https://example.org/x")])
    with qtbot.waitSignal(panel.paths_dropped) as dropped:
        _drop(panel, mime, 1)
    assert dropped.args == [[tmp_path / "one.flac"], 1]
    with qtbot.waitSignal(panel.paths_dropped) as dropped:
        _drop(panel, mime, 2, below=True)
    assert dropped.args[1] == -1  # below the last row: the end
    assert names(queue) == ["a", "b", "c"]  # the library adds them, not the panel
    text = QMimeData()
    text.setText("not a file")
    _drag_to(panel, text, 0)  # refused while dragging over


def test_delete_key_removes_the_selection(qtbot: QtBot) -> None:
    queue = make("a", "b", "c", "d", "e", current=0)
    panel = _panel(qtbot, queue)
    assert not panel.remove_button.isEnabled()
    _select(panel, 1, 3, 4)
    assert panel.remove_button.isEnabled()
    qtbot.keyClick(panel.view, Qt.Key.Key_Delete)
    assert names(queue) == ["a", "c"]
    assert [panel.model.index(r, 0).data() for r in range(panel.model.rowCount())] == ["a", "c"]
    _select(panel, 0)
    qtbot.mouseClick(panel.remove_button, Qt.MouseButton.LeftButton)
    assert names(queue) == ["c"]


def test_alt_arrows_move_the_selection_from_the_keyboard(qtbot: QtBot) -> None:
    queue = make("a", "b", "c", "d", current=1)
    panel = _panel(qtbot, queue)
    _select(panel, 1, 2)
    alt = Qt.KeyboardModifier.AltModifier
    qtbot.keyClick(panel.view, Qt.Key.Key_Down, alt)
    assert names(queue) == ["a", "d", "b", "c"]
    assert queue.current is queue[2]  # "b" stays current
    qtbot.keyClick(panel.view, Qt.Key.Key_Down, alt)  # already at the end: nothing moves
    assert names(queue) == ["a", "d", "b", "c"]
    for _ in range(3):
        qtbot.keyClick(panel.view, Qt.Key.Key_Up, alt)
    assert names(queue) == ["b", "c", "a", "d"]
    assert sorted(i.row() for i in panel.view.selectionModel().selectedRows()) == [0, 1]


def test_clear_empties_the_queue_and_the_heading_says_so(qtbot: QtBot) -> None:
    queue = make("a", "b")
    panel = _panel(qtbot, queue)
    assert panel.clear_button.isEnabled()
    qtbot.mouseClick(panel.clear_button, Qt.MouseButton.LeftButton)
    assert len(queue) == 0 and panel.model.rowCount() == 0
    assert panel.summary.text() == "Empty"
    assert not panel.clear_button.isEnabled() and not panel.save_button.isEnabled()


def test_heading_counts_time_and_lights_the_mode_lamps(qtbot: QtBot) -> None:
    queue = Queue()
    queue.add([Track(Path("/m/a.flac"), duration_s=125.0), Track(Path("/m/b.flac"))])
    panel = _panel(qtbot, queue)
    assert panel.summary.text() == "2 tracks · 2:05+"
    assert panel.shuffle_lamp.accessibleName() == "Shuffle off"
    queue.set_shuffle(ShuffleMode.RECORDS)
    queue.set_repeat(RepeatMode.ONE)
    assert panel.shuffle_lamp.accessibleName() == "Shuffle records on"
    assert panel.repeat_lamp.accessibleName() == "Repeat one on"
    assert panel.shuffle_lamp.property("lit") is True
    assert queue_summary(1, 3725.0, 0) == "1 track · 1:02:05"
    assert queue_summary(50_000, 60.0, 0) == "50,000 tracks · 1:00"


def test_double_click_and_enter_ask_to_play_the_row(qtbot: QtBot) -> None:
    queue = make("a", "b", "c")
    panel = _panel(qtbot, queue)
    centre = panel.view.visualRect(panel.model.index(2, 0)).center()
    with qtbot.waitSignal(panel.play_index_requested) as asked:
        # a real double click: the first press and release, then the second press
        qtbot.mouseClick(panel.view.viewport(), Qt.MouseButton.LeftButton, pos=centre)
        qtbot.mouseDClick(panel.view.viewport(), Qt.MouseButton.LeftButton, pos=centre)
    assert asked.args == [2]
    panel.view.setCurrentIndex(panel.model.index(1, 0))
    with qtbot.waitSignal(panel.play_index_requested) as asked:
        qtbot.keyClick(panel.view, Qt.Key.Key_Return)
    assert asked.args == [1]


def test_current_row_is_scrolled_into_view(qtbot: QtBot) -> None:
    queue = make(*(f"t{i}" for i in range(300)))
    panel = _panel(qtbot, queue)
    queue.set_current(250)
    rect = panel.view.visualRect(panel.model.index(250, 0))
    assert panel.view.viewport().rect().contains(rect.center())


@pytest.fixture
def widget_dialogs():  # type: ignore[no-untyped-def]
    QApplication.setAttribute(Qt.ApplicationAttribute.AA_DontUseNativeDialogs, True)
    yield
    QApplication.setAttribute(Qt.ApplicationAttribute.AA_DontUseNativeDialogs, False)


def test_save_as_playlist_writes_m3u8_that_reads_back(
    qtbot: QtBot, tmp_path: Path, widget_dialogs: None
) -> None:
    files = [tmp_path / "music" / f"{name}.flac" for name in ("one", "two", "three")]
    files[0].parent.mkdir()
    for path in files:
        path.write_bytes(b"")
    queue = Queue()
    queue.add([Track(p, title=p.stem.title(), artist="Jay", duration_s=61.4) for p in files])
    panel = _panel(qtbot, queue)
    target = tmp_path / "Evening"

    def answer() -> None:
        dialog = panel.findChild(QFileDialog, "savePlaylistDialog")
        if dialog is None or not dialog.isVisible():
            QTimer.singleShot(20, answer)
            return
        dialog.selectFile(str(target))
        dialog.accept()

    QTimer.singleShot(0, answer)
    with qtbot.waitSignal(panel.message_posted) as said:
        panel.save_button.click()
    assert said.args == ["Saved 3 tracks to Evening.m3u8."]
    read = read_playlist(tmp_path / "Evening.m3u8")
    assert [entry.path for entry in read.entries] == files
    assert read.entries[0].title == "Jay - One"
    assert read.entries[0].duration_s == 61
    assert not read.problems


def test_set_queue_follows_the_new_queue_only(qtbot: QtBot) -> None:
    old = make("a", "b")
    panel = _panel(qtbot, old)
    new = make("x", "y", "z", current=2)
    panel.set_queue(new)
    assert panel.model.rowCount() == 3 and panel.queue is new
    assert panel.model.index(2, 0).data(TrackRole) is new[2]
    old.clear()
    assert panel.model.rowCount() == 3
    new.add([track("w")])
    assert panel.model.rowCount() == 4


def test_every_control_is_named_and_reachable(qtbot: QtBot) -> None:
    panel = _panel(qtbot, make("a"))
    panel.set_theme(DAY)
    for widget in (panel.view, panel.remove_button, panel.clear_button, panel.save_button):
        assert widget.accessibleName()
        assert widget.focusPolicy() & Qt.FocusPolicy.TabFocus
    assert panel.model.index(0, 0).data(Qt.ItemDataRole.AccessibleTextRole) == "a"
