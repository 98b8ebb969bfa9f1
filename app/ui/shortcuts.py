"""The keyboard: every key the window answers, with focus anywhere in it.

One table lists each action with its keys and the words the `?` overlay shows. The keys work
whichever control has focus, except where the focused control needs the key itself:

- a text field (the search box) keeps the keys that type or move its cursor, and Esc while
  it holds text (which clears it; the next Esc hands focus back to the window);
- a slider (the pitch fader, the volume) and a list or grid (the crate, the queue) keep the
  arrows, Page Up/Down, Home and End, so they can be worked and browsed from the keyboard;
- a focused button keeps Space, which presses it, as everywhere in Qt; the 33/45/78 keys, a
  radio group, also keep the arrows that move between them (Tab reaches the chosen one).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

import shiboken6
from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSlider,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QLineEdit,
    QTextEdit,
    QWidget,
)


@dataclass(frozen=True)
class Binding:
    """One action: its name, the keys that do it, and how the overlay lists it.

    ``description`` is the English source; :func:`overlay_rows` translates it.
    """

    action: str
    keys: tuple[str, ...]
    shown: str
    description: str


BINDINGS: tuple[Binding, ...] = (
    Binding("play_pause", ("Space",), "Space", QT_TRANSLATE_NOOP("Shortcuts", "Play / pause")),
    Binding("seek_back", ("Left",), "←", QT_TRANSLATE_NOOP("Shortcuts", "Back 5 s")),
    Binding("seek_forward", ("Right",), "→", QT_TRANSLATE_NOOP("Shortcuts", "Forward 5 s")),
    Binding(
        "seek_back_long", ("Shift+Left",), "Shift ←", QT_TRANSLATE_NOOP("Shortcuts", "Back 30 s")
    ),
    Binding(
        "seek_forward_long",
        ("Shift+Right",),
        "Shift →",
        QT_TRANSLATE_NOOP("Shortcuts", "Forward 30 s"),
    ),
    Binding("volume_up", ("Up",), "↑", QT_TRANSLATE_NOOP("Shortcuts", "Volume up")),
    Binding("volume_down", ("Down",), "↓", QT_TRANSLATE_NOOP("Shortcuts", "Volume down")),
    Binding("next", ("N",), "N", QT_TRANSLATE_NOOP("Shortcuts", "Next track")),
    Binding("previous", ("P",), "P", QT_TRANSLATE_NOOP("Shortcuts", "Previous track")),
    Binding("mute", ("M",), "M", QT_TRANSLATE_NOOP("Shortcuts", "Mute")),
    Binding(
        "shuffle", ("S",), "S", QT_TRANSLATE_NOOP("Shortcuts", "Shuffle: off, tracks, records")
    ),
    Binding("repeat", ("R",), "R", QT_TRANSLATE_NOOP("Shortcuts", "Repeat: off, all, one")),
    Binding("pitch_down", ("[",), "[", QT_TRANSLATE_NOOP("Shortcuts", "Pitch down 0.5 %")),
    Binding("pitch_up", ("]",), "]", QT_TRANSLATE_NOOP("Shortcuts", "Pitch up 0.5 %")),
    Binding("speed_33", ("1",), "1", QT_TRANSLATE_NOOP("Shortcuts", "33⅓ rpm")),
    Binding("speed_45", ("2",), "2", QT_TRANSLATE_NOOP("Shortcuts", "45 rpm")),
    Binding("speed_78", ("3",), "3", QT_TRANSLATE_NOOP("Shortcuts", "78 rpm")),
    Binding("arm", ("L",), "L", QT_TRANSLATE_NOOP("Shortcuts", "Lift or lower the arm")),
    Binding(
        "ambient",
        ("F",),
        "F",
        QT_TRANSLATE_NOOP("Shortcuts", "Ambient sky, full screen (F or Esc leaves)"),
    ),
    Binding(
        "leave", ("Esc",), "Esc", QT_TRANSLATE_NOOP("Shortcuts", "Leave full screen or the search")
    ),
    Binding(
        "open", ("Ctrl+O",), "Ctrl O", QT_TRANSLATE_NOOP("Shortcuts", "Open files or a folder")
    ),
    Binding("search", ("Ctrl+F",), "Ctrl F", QT_TRANSLATE_NOOP("Shortcuts", "Search the crate")),
    Binding("rescan", ("F5",), "F5", QT_TRANSLATE_NOOP("Shortcuts", "Rescan the library")),
    Binding("settings", ("Ctrl+,",), "Ctrl ,", QT_TRANSLATE_NOOP("Shortcuts", "Settings")),
    Binding("help", ("?", "F1"), "?", QT_TRANSLATE_NOOP("Shortcuts", "This list of keys")),
    Binding("quit", ("Ctrl+Q",), "Ctrl Q", QT_TRANSLATE_NOOP("Shortcuts", "Quit")),
)

# Hardware media keys, as Qt names them; not listed in the overlay.
MEDIA_KEYS: tuple[tuple[Qt.Key, str], ...] = (
    (Qt.Key.Key_MediaTogglePlayPause, "play_pause"),
    (Qt.Key.Key_MediaPlay, "play"),
    (Qt.Key.Key_MediaPause, "pause"),
    (Qt.Key.Key_MediaStop, "stop"),
    (Qt.Key.Key_MediaNext, "next"),
    (Qt.Key.Key_MediaPrevious, "previous"),
    (Qt.Key.Key_VolumeUp, "volume_up"),
    (Qt.Key.Key_VolumeDown, "volume_down"),
    (Qt.Key.Key_VolumeMute, "mute"),
)

_ARROWS = {Qt.Key.Key_Left, Qt.Key.Key_Right, Qt.Key.Key_Up, Qt.Key.Key_Down}
_NAVIGATION_KEYS = {
    Qt.Key.Key_Left, Qt.Key.Key_Right, Qt.Key.Key_Up, Qt.Key.Key_Down, Qt.Key.Key_PageUp,
    Qt.Key.Key_PageDown, Qt.Key.Key_Home, Qt.Key.Key_End,
}  # fmt: skip
_TEXT_KEYS = {
    Qt.Key.Key_Space, Qt.Key.Key_Left, Qt.Key.Key_Right, Qt.Key.Key_Up, Qt.Key.Key_Down,
    Qt.Key.Key_Home, Qt.Key.Key_End, Qt.Key.Key_Backspace, Qt.Key.Key_Delete,
}  # fmt: skip


def overlay_rows() -> list[tuple[str, str]]:
    """Return (keys, what they do) for the `?` overlay, in table order, in the user's language.

    The keys are written as the keycaps print them; only what they do is translated.
    """
    return [
        (binding.shown, QCoreApplication.translate("Shortcuts", binding.description))
        for binding in BINDINGS
    ]


def install_shortcuts(
    window: QWidget, handlers: Mapping[str, Callable[[], None]]
) -> dict[str, list[QShortcut]]:
    """Bind every key to its handler on ``window``; returns the shortcuts by action.

    Raises
    ------
    KeyError
        When a binding's action has no handler (a key that would do nothing).

    """
    made: dict[str, list[QShortcut]] = {}
    sequences = [(QKeySequence(k), b.action) for b in BINDINGS for k in b.keys]
    sequences += [(QKeySequence(key), action) for key, action in MEDIA_KEYS]
    for sequence, action in sequences:
        handler = handlers[action]
        shortcut = QShortcut(sequence, window)
        shortcut.setContext(Qt.ShortcutContext.WindowShortcut)
        shortcut.setAutoRepeat(action.startswith(("seek", "volume", "pitch")))
        shortcut.activated.connect(handler)
        made.setdefault(action, []).append(shortcut)
    TypingGuard(window)  # kept by the window, its parent
    return made


def is_text_field(widget: QWidget | None) -> bool:
    """Whether ``widget`` takes typed text."""
    if isinstance(widget, QComboBox):
        return widget.isEditable()
    return isinstance(widget, QLineEdit | QTextEdit | QAbstractSpinBox)


class TypingGuard(QObject):
    """Lets a focused control keep the keys it needs itself (see the module's notes).

    It watches only the widget with the focus, which alone is offered a shortcut's key: a
    filter on the whole application was called for each of the thousands of events a second
    an animating window sends (0.2 % of a core while playing).
    """

    def __init__(self, parent: QObject) -> None:
        super().__init__(parent)
        self._watched: QWidget | None = None
        app = QApplication.instance()
        assert isinstance(app, QApplication)
        app.focusChanged.connect(self._follow_focus)
        self._follow_focus(None, QApplication.focusWidget())

    def _follow_focus(self, _old: QWidget | None, new: QWidget | None) -> None:
        watched = self._watched
        if watched is not None and shiboken6.isValid(watched):
            watched.removeEventFilter(self)
        self._watched = new
        if new is not None:
            new.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Claim a key for the focused control before the shortcuts see it."""
        if event.type() is QEvent.Type.ShortcutOverride and isinstance(watched, QWidget):
            focus = QApplication.focusWidget()
            if focus is watched and keeps_key(focus, event):  # type: ignore[arg-type]
                event.accept()  # the key goes to the control; the shortcut stays quiet
        return False


def keeps_key(widget: QWidget, event: QKeyEvent) -> bool:
    """Whether the focused ``widget`` needs the key of ``event`` more than the shortcuts do."""
    key = Qt.Key(event.key())
    if is_text_field(widget):
        if key == Qt.Key.Key_Escape:
            return isinstance(widget, QLineEdit) and bool(widget.text())
        return _types(event)
    if event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier:
        return False
    if isinstance(widget, QAbstractSlider | QAbstractItemView):
        return key in _NAVIGATION_KEYS
    if isinstance(widget, QAbstractButton):
        # Radio-like buttons (33/45/78) move between themselves with the arrows.
        return key == Qt.Key.Key_Space or (widget.autoExclusive() and key in _ARROWS)
    return False


def _types(event: QKeyEvent) -> bool:
    modifiers = (
        event.modifiers() & ~Qt.KeyboardModifier.ShiftModifier & ~Qt.KeyboardModifier.KeypadModifier
    )
    if modifiers:
        return False
    key = Qt.Key(event.key())
    return key in _TEXT_KEYS or bool(event.text() and event.text().isprintable())
