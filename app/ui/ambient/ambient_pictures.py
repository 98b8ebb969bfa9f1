"""The ambient view's cached pictures, each made again only when what it shows changes."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar, cast

from PySide6.QtGui import QImage, QPixmap

from app.ui.ambient import ambient_art, ambient_text
from app.ui.ambient.ambient_layout import AmbientLayout
from app.ui.ambient.ambient_sky import render_sky
from app.ui.theme import Theme

_T = TypeVar("_T")


class AmbientPictures:
    """The sky, the label, its light and gloss, the words and the hint, as pixmaps.

    Each is kept with the key it was made for (size, device pixel ratio, content) and made
    again only when the key changes, so a frame of the view copies pictures and nothing more.
    """

    def __init__(self, theme: Theme) -> None:
        self._theme = theme
        self._made: dict[str, tuple[tuple[object, ...], object]] = {}
        self._title, self._artist = "", ""
        self._picture: QImage | None = None
        self._label_serial = 0  # bumped when the label's look changes: part of its key
        self._label_renders = 0

    @property
    def label_render_count(self) -> int:
        """How many times the label's pixmap has been made."""
        return self._label_renders

    def set_theme(self, theme: Theme) -> None:
        """Draw everything in ``theme`` from now on."""
        self._theme = theme
        self._made.clear()

    def set_label(self, title: str, artist: str, picture: QImage | None) -> None:
        """Make the label from ``picture``, or print ``title`` and ``artist`` on it if None."""
        printed_words_changed = picture is None and (title, artist) != (self._title, self._artist)
        if picture is not self._picture or printed_words_changed:
            self._label_serial += 1
        self._title, self._artist, self._picture = title, artist, picture

    def drop_sky(self) -> None:
        """Forget the view's own sky (a full screen of pixels) while a sky painter is used."""
        self._made.pop("sky", None)

    def _cached(self, name: str, key: tuple[object, ...], make: Callable[[], _T]) -> _T:
        found = self._made.get(name)
        if found is None or found[0] != key:
            found = (key, make())
            self._made[name] = found
        return cast(_T, found[1])

    def sky(self, width: int, height: int, dpr: float) -> QPixmap:
        """Return the view's own night sky for a ``width`` x ``height`` window."""
        make = lambda: _pixmap(render_sky(width, height, dpr, self._theme))  # noqa: E731
        return self._cached("sky", (width, height, dpr), make)

    def label(self, layout: AmbientLayout, dpr: float) -> QPixmap:
        """Return the round label, to be drawn turned about its centre."""
        radius = layout.label_radius
        key = (radius, dpr, self._label_serial)
        return self._cached("label", key, lambda: self._make_label(radius, dpr))

    def _make_label(self, radius: float, dpr: float) -> QPixmap:
        self._label_renders += 1
        if self._picture is not None:
            return _pixmap(ambient_art.picture_label(self._picture, radius, dpr))
        image = ambient_art.printed_label(self._title, self._artist, radius, dpr, self._theme)
        return _pixmap(image)

    def gloss(self, layout: AmbientLayout, dpr: float) -> QPixmap:
        """Return the still sheen and spindle over the label."""
        radius = layout.label_radius
        make = lambda: _pixmap(ambient_art.label_gloss(radius, dpr))  # noqa: E731
        return self._cached("gloss", (radius, dpr), make)

    def backdrop(self, layout: AmbientLayout, dpr: float) -> QPixmap:
        """Return the label's soft light and the ring's faint track, under the label."""

        def make() -> QPixmap:
            image = ambient_art.backdrop(
                layout.halo_radius,
                layout.label_radius,
                layout.ring_radius,
                layout.ring_width,
                dpr,
                self._theme,
            )
            return _pixmap(image)

        return self._cached("backdrop", (layout, dpr), make)

    def words(
        self, layout: AmbientLayout, dpr: float, title: str, artist: str, paused: bool
    ) -> QPixmap:
        """Return the title and artist (dimmed, with a note, when ``paused``)."""

        def make() -> QPixmap:
            image = ambient_text.text_block(title, artist, paused, layout, dpr, self._theme)
            return _pixmap(image)

        return self._cached("words", (layout, dpr, title, artist, paused), make)

    def hint(self, layout: AmbientLayout, dpr: float) -> QPixmap:
        """Return the "F or Esc to leave" hint."""
        make = lambda: _pixmap(ambient_text.hint(layout, dpr, self._theme))  # noqa: E731
        return self._cached("hint", (layout, dpr), make)


def _pixmap(image: QImage) -> QPixmap:
    pixmap = QPixmap.fromImage(image)
    pixmap.setDevicePixelRatio(image.devicePixelRatio())
    return pixmap
