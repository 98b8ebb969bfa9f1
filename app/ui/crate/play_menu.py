"""The menus of records and tracks in the crate: play, play next, add to the queue, sides.

A sleeve's menu (:meth:`PlayMenus.record_menu`) opens the record's page or plays it; the menu
of tracks on a record's page or found by a search (:meth:`PlayMenus.tracks_menu`) plays them.
Both are filled by :func:`fill_play_menu`, which sends the choices to :class:`PlayActions`.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from PySide6.QtCore import QCoreApplication, QUrl
from PySide6.QtGui import QAction, QDesktopServices
from PySide6.QtWidgets import QMenu, QWidget

from app.core.record import Record
from app.core.track import Track
from app.library.model import LibraryModel
from app.library.records import record_key
from app.ui.i18n import fill
from app.ui.theme import Theme


def track_position(record: Record | None, track: Track) -> int:
    """Return where ``track`` sits in ``record`` (matched by path), or -1."""
    if record is None:
        return -1
    return next((i for i, t in enumerate(record.tracks) if t.path == track.path), -1)


def record_of(model: LibraryModel, track: Track) -> Record | None:
    """Return the record of ``model`` that ``track`` is on, or ``None`` when it is on none."""
    record = model.record(record_key(track))
    return record if track_position(record, track) >= 0 else None


def fill_play_menu(
    menu: QMenu,
    record: Record | None,
    tracks: Sequence[Track],
    start: int,
    actions: PlayActions,
) -> None:
    """Add what can be done with ``tracks`` of ``record`` to ``menu``.

    "Play" plays the record from track ``start`` (or ``tracks`` themselves when ``start`` is
    -1 or the record is unknown); "Play next" and "Add to queue" take ``tracks``; one
    "Play side X" per side after A plays exactly that side; "Show in folder" opens the folder
    of the first track. Actions are named ``play``, ``play_next``, ``add``,
    ``play_side_<label>`` and ``show_folder``.
    """
    chosen = list(tracks)
    if start >= 0 and record is not None:
        play = functools.partial(actions.play, list(record.tracks), start)
    else:
        play = functools.partial(actions.play, chosen, 0)
    play_next = functools.partial(actions.play_next, chosen)
    add = functools.partial(actions.add, chosen)
    _action(menu, "play", QCoreApplication.translate("PlayMenu", "Play"), play)
    _action(menu, "play_next", QCoreApplication.translate("PlayMenu", "Play next"), play_next)
    _action(menu, "add", QCoreApplication.translate("PlayMenu", "Add to queue"), add)
    sides = record.sides[1:] if record is not None else ()
    if sides:
        menu.addSeparator()
    for side in sides:
        play_side = functools.partial(actions.play, list(side.tracks), 0)
        text = fill(QCoreApplication.translate("PlayMenu", "Play side %1"), side.label)
        _action(menu, f"play_side_{side.label}", text, play_side)
    menu.addSeparator()
    folder = QUrl.fromLocalFile(str(chosen[0].path.parent))
    _action(
        menu,
        "show_folder",
        QCoreApplication.translate("PlayMenu", "Show in folder"),
        lambda: QDesktopServices.openUrl(folder),
    )


@dataclass(frozen=True)
class PlayActions:
    """Where a play menu sends its choices."""

    play: Callable[[list[Track], int], object]
    play_next: Callable[[list[Track]], object]
    add: Callable[[list[Track]], object]


def _action(menu: QMenu, name: str, text: str, slot: Callable[[], object]) -> QAction:
    action = menu.addAction(text)
    action.setObjectName(name)
    action.triggered.connect(lambda _checked=False: slot())
    return action


class PlayMenus:
    """The crate's context menus: a sleeve's, and some tracks' (on a record's page or found).

    Only the newest menu is kept: making one deletes the one before.

    Parameters
    ----------
    model
        The library, where records are looked up.
    actions
        Where the menus send their choices.
    show_record
        Opens the page of a record from its key (a sleeve's "Show tracks").
    theme
        Lettering of the menus.
    parent
        The widget the menus belong to.

    """

    def __init__(
        self,
        model: LibraryModel,
        actions: PlayActions,
        show_record: Callable[[str], object],
        theme: Theme,
        parent: QWidget,
    ) -> None:
        self.model = model
        self.actions = actions
        self.theme = theme
        self._show_record = show_record
        self._parent = parent
        self._menu: QMenu | None = None

    def set_theme(self, theme: Theme) -> None:
        """Letter the menus made from now on in ``theme``."""
        self.theme = theme

    def record_menu(self, key: str) -> QMenu | None:
        """Return the menu of record ``key``'s sleeve: Show tracks, then the play menu."""
        record = self.model.record(key)
        if record is None or not record.tracks:
            return None
        menu = self._new_menu()
        menu.addAction(
            QCoreApplication.translate("PlayMenu", "Show tracks"), lambda: self._show_record(key)
        ).setObjectName("open")
        menu.addSeparator()
        fill_play_menu(menu, record, record.tracks, 0, self.actions)
        return menu

    def tracks_menu(self, tracks: list[Track]) -> QMenu | None:
        """Return the menu of some tracks (on a record's page or found by a search).

        "Play" plays the record from the track when there is one track, else the tracks. The
        record's sides are offered when every track is on the same record.
        """
        if not tracks:
            return None
        record = record_of(self.model, tracks[0])
        if record is not None and any(track_position(record, t) < 0 for t in tracks):
            record = None
        start = track_position(record, tracks[0]) if len(tracks) == 1 else -1
        menu = self._new_menu()
        fill_play_menu(menu, record, tracks, start, self.actions)
        return menu

    def _new_menu(self) -> QMenu:
        if self._menu is not None:
            self._menu.deleteLater()
        self._menu = QMenu(self._parent)
        self._menu.setObjectName("crateMenu")
        self._menu.setFont(self.theme.text_font(14))
        return self._menu
