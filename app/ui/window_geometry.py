"""Where the window was: its place and size, maximised or full screen, and its splitters.

Kept in the settings (QSettings, :class:`~app.ui.settings.Settings`): the window's normal
geometry (what it returns to from maximised or full screen), whether it was maximised or full
screen, and the sizes of the panes of every splitter the user can drag. Noted at each move,
resize or drag, written a moment later, on quit and when the desktop asks before a logout
(then flushed to disk at once), and brought back before the window is first shown.

A place on a monitor that is no longer there (unplugged since) is moved onto the screens
there are, shrunk to fit if need be: the window never comes back off-screen. While a
transient full-screen view is up (the ambient sky) the place from before it is kept, so the
next start opens the workbench as it was.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import QEvent, QObject, QRect, Qt, QTimer, Slot
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QSplitter, QWidget

from app.ui.settings import Settings

SAVE_DELAY_MS = 1000
_PLACE_EVENTS = (
    QEvent.Type.Show, QEvent.Type.Move, QEvent.Type.Resize, QEvent.Type.WindowStateChange
)  # fmt: skip


def _overlap_px(a: QRect, b: QRect) -> int:
    common = a.intersected(b)
    return common.width() * common.height() if common.isValid() else 0


def fit_on_screens(rect: QRect, screens: Sequence[QRect], primary: QRect | None = None) -> QRect:
    """Return ``rect`` moved, and shrunk if need be, to lie wholly inside one of ``screens``.

    Parameters
    ----------
    rect
        The saved window geometry.
    screens
        The screens' available geometries (without the desktop's panels).
    primary
        Where a window that overlaps no screen at all goes (centred); the first screen when
        None.

    Returns
    -------
    QRect
        On the screen ``rect`` overlaps most, as near its saved place as fits; ``rect``
        itself when there are no screens.

    """
    if not screens:
        return QRect(rect)
    screen = max(screens, key=lambda candidate: _overlap_px(rect, candidate))
    width = min(rect.width(), screen.width())
    height = min(rect.height(), screen.height())
    if _overlap_px(rect, screen) == 0:  # its monitor is gone: the middle of the main one
        screen = primary if primary is not None else screens[0]
        width, height = min(rect.width(), screen.width()), min(rect.height(), screen.height())
        x = screen.x() + (screen.width() - width) // 2
        y = screen.y() + (screen.height() - height) // 2
        return QRect(x, y, width, height)
    x = min(max(rect.x(), screen.x()), screen.x() + screen.width() - width)
    y = min(max(rect.y(), screen.y()), screen.y() + screen.height() - height)
    return QRect(x, y, width, height)


def splitter_key(splitter: QSplitter) -> str:
    """Return a name for ``splitter`` that holds from run to run ("" when it has none).

    Its object name, or, for an unnamed splitter inside a named one, the outer name and the
    pane it fills ("crateBrowse/1").
    """
    if splitter.objectName():
        return splitter.objectName()
    outer = splitter.parentWidget()
    if isinstance(outer, QSplitter) and (outer_key := splitter_key(outer)):
        return f"{outer_key}/{outer.indexOf(splitter)}"
    return ""


class WindowPlacement(QObject):
    """Bring the window back where it was, and remember where it goes.

    Parameters
    ----------
    window
        The top-level window, not yet shown: its saved place is applied at once.
    settings
        Where the place is kept.
    transient
        Whether a passing full-screen view is up; its place is not remembered.

    """

    def __init__(
        self,
        window: QWidget,
        settings: Settings,
        transient: Callable[[], bool] = lambda: False,
    ) -> None:
        super().__init__(window)
        self.window = window
        self.settings = settings
        self._transient = transient
        self._splitters = {
            key: splitter
            for splitter in window.findChildren(QSplitter)
            if (key := splitter_key(splitter))
        }
        self._rect: QRect | None = None
        self._maximised = self._full_screen = False
        self._sizes: dict[str, list[int]] = {}
        self._timer = QTimer(self, singleShot=True, interval=SAVE_DELAY_MS)
        self._timer.timeout.connect(self.save)
        self.restore()
        window.installEventFilter(self)
        for splitter in self._splitters.values():
            splitter.splitterMoved.connect(self._on_moved)
        app = QGuiApplication.instance()
        if isinstance(app, QGuiApplication):
            app.aboutToQuit.connect(self.save)
            app.commitDataRequest.connect(self.save)
            app.saveStateRequest.connect(self.save)

    def restore(self) -> None:
        """Put the window where the settings say, on the screens there are now."""
        settings, window = self.settings, self.window
        saved = settings.window_geometry
        if saved is not None:
            rect = fit_on_screens(QRect(*saved), *_screens())
            window.setGeometry(rect)
            self._rect = rect
        self._sizes = settings.splitter_sizes
        for key, sizes in self._sizes.items():
            splitter = self._splitters.get(key)
            if splitter is not None and len(sizes) == splitter.count() and sum(sizes) > 0:
                splitter.setSizes([max(0, size) for size in sizes])
        self._maximised, self._full_screen = settings.window_maximised, settings.window_full_screen
        state = Qt.WindowState.WindowNoState
        if self._maximised:
            state |= Qt.WindowState.WindowMaximized
        if self._full_screen:
            state |= Qt.WindowState.WindowFullScreen
        if state != Qt.WindowState.WindowNoState:
            window.setWindowState(state)

    def capture(self) -> bool:
        """Note where the window is now; False while it is hidden or a transient view is up."""
        window = self.window
        if not window.isVisible() or self._transient():
            return False
        state = window.windowState()
        self._maximised = bool(state & Qt.WindowState.WindowMaximized)
        self._full_screen = bool(state & Qt.WindowState.WindowFullScreen)
        rect = window.normalGeometry() if self._maximised or self._full_screen else QRect()
        rect = rect if rect.isValid() else window.geometry()
        if rect.isValid():
            self._rect = QRect(rect)
        for key, splitter in self._splitters.items():
            sizes = splitter.sizes()
            if splitter.isVisible() and sum(sizes) > 0:
                self._sizes[key] = sizes
        return True

    @Slot()  # no arguments: the session manager's requests carry one, never used
    def save(self) -> None:
        """Write the window's place to the settings now, and flush them to disk."""
        self._timer.stop()
        self.capture()
        settings, rect = self.settings, self._rect
        if rect is not None:
            geometry = (rect.x(), rect.y(), rect.width(), rect.height())
            if settings.window_geometry != geometry:
                settings.window_geometry = geometry
        if settings.window_maximised != self._maximised:
            settings.window_maximised = self._maximised
        if settings.window_full_screen != self._full_screen:
            settings.window_full_screen = self._full_screen
        if settings.splitter_sizes != self._sizes:
            settings.splitter_sizes = dict(self._sizes)
        settings.sync()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Note a show, move or resize, or a change between normal, maximised and full screen."""
        if watched is self.window and event.type() in _PLACE_EVENTS:
            self._on_moved()
        return False

    def _on_moved(self, *_: object) -> None:
        if self.capture():
            self._timer.start()


def _screens() -> tuple[list[QRect], QRect | None]:
    """Return the screens' available geometries and the primary screen's."""
    primary = QGuiApplication.primaryScreen()
    screens = [screen.availableGeometry() for screen in QGuiApplication.screens()]
    return screens, primary.availableGeometry() if primary is not None else None
