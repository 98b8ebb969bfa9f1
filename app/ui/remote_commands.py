"""What another ``starlight`` process asks of the running window, carried out.

:class:`~app.platform.single_instance.InstanceServer` receives and checks the requests;
:class:`RemoteCommands` maps each onto the window: files play now (or join the queue with
``--enqueue``), ``--play-pause``, ``--next``, ``--previous`` and ``--stop`` press the same
actions as the keys, and a file hand-over or a bare ``starlight`` brings the window forward.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QWidget

from app.platform.single_instance import Command, Request

if TYPE_CHECKING:
    from app.ui.main_window import MainWindow

log = logging.getLogger(__name__)

# The window's action (app.ui.window_actions) behind each remote command.
ACTIONS = {
    Command.PLAY_PAUSE: "play_pause",
    Command.NEXT: "next",
    Command.PREVIOUS: "previous",
    Command.STOP: "stop",
}


def raise_window(window: QWidget, activation_token: str = "") -> None:
    """Bring ``window`` forward: shown, not minimised, raised and given the focus.

    On Wayland a window may take the focus only with a token from the compositor: the one
    the launching process was given travels here in ``activation_token``, and Qt's Wayland
    plugin reads it from ``XDG_ACTIVATION_TOKEN`` once, when the window asks to be activated.
    """
    state = window.windowState()
    if state & Qt.WindowState.WindowMinimized:
        window.setWindowState(state & ~Qt.WindowState.WindowMinimized)
    window.show()  # also from the tray, where the window may be hidden
    window.raise_()
    wayland = QGuiApplication.platformName().startswith("wayland")
    if activation_token and wayland:
        os.environ["XDG_ACTIVATION_TOKEN"] = activation_token
    try:
        window.activateWindow()
    finally:
        if activation_token and wayland:
            os.environ.pop("XDG_ACTIVATION_TOKEN", None)  # used once; never passed to children


class RemoteCommands(QObject):
    """Carries out the requests of other ``starlight`` processes on the window.

    Parameters
    ----------
    window
        The main window: its ``read_then``, ``play_now``, ``add_to_queue`` and the handlers
        of its actions do the work.

    """

    def __init__(self, window: MainWindow, parent: QObject | None = None) -> None:
        super().__init__(parent if parent is not None else window)
        self.window = window

    def handle(self, request: Request) -> None:
        """Do what ``request`` asks (call on the GUI thread)."""
        window = self.window
        paths = [Path(path) for path in request.paths]
        if request.command is Command.OPEN:
            window.read_then(paths, window.play_now)
            raise_window(window, request.activation_token)
        elif request.command is Command.ENQUEUE:
            # Queued from a file manager: the window stays where it is, as in Rhythmbox and
            # Audacious, and says what it added when the files are read.
            window.read_then(paths, window.add_to_queue)
        elif request.command is Command.ACTIVATE:
            raise_window(window, request.activation_token)
        else:
            self._press(ACTIONS[request.command])

    def _press(self, name: str) -> None:
        handler: Callable[[], None] | None = self.window.actions_.handlers().get(name)
        if handler is None:  # the window has no such action: a bug, but not the player's end
            log.error("the window has no %r action for a remote command", name)
            return
        handler()
