"""The cache of the deck's pictures: its layers, the record, the label and the arm's sprites."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar, cast

from PySide6.QtGui import QImage, QPainter, QPen, QPixmap

from app.ui.deck.deck_geometry import PLINTH_H_MM, PLINTH_W_MM, DeckGeometry
from app.ui.deck.deck_painter import compose_record, render_base, render_mat_logo
from app.ui.deck.record_art import render_label, render_vinyl
from app.ui.deck.strobe_painter import strobe_pens
from app.ui.deck.tonearm_painter import ArmSprites, paint_arm_base, render_arm_sprites
from app.ui.theme import Theme
from app.visual.deck_side import DeckSide
from app.visual.groove_map import GrooveMap

_T = TypeVar("_T")


class DeckPictures:
    """The deck's cached pictures, each made again only when what it shows changes.

    The static layer (bench, plinth, platter, arm base, and the record lying there), the
    side's vinyl and label, the mat's lettering, the arm's sprites and the strobe's pen.
    """

    def __init__(self, theme: Theme) -> None:
        self._theme = theme
        self._side: DeckSide | None = None
        self._cover: QImage | None = None
        self._groove: GrooveMap | None = None
        self._made: dict[str, tuple[tuple[object, ...], object]] = {}

    def set_theme(self, theme: Theme) -> None:
        """Draw everything in ``theme`` from now on."""
        self._theme = theme
        self._made.clear()

    def set_side(self, side: DeckSide | None, cover: QImage | None) -> None:
        """Show ``side`` (a plain record until its groove map arrives)."""
        self._side, self._cover = side, cover
        self._made.pop("label", None)
        self.set_groove(None)

    @property
    def cover(self) -> QImage | None:
        """The picture on the label now (None: a printed label)."""
        return self._cover

    def set_label(self, cover: QImage | None) -> None:
        """Use ``cover`` on the label (None: a printed label)."""
        self._cover = cover
        self._made.pop("label", None)

    @property
    def groove(self) -> GrooveMap | None:
        """The groove map in use."""
        return self._groove

    def set_groove(self, groove: GrooveMap | None) -> None:
        """Cut the grooves from ``groove``."""
        self._groove = groove
        self._made.pop("vinyl", None)
        self._made.pop("layer", None)

    def _cached(self, name: str, key: tuple[object, ...], make: Callable[[], _T]) -> _T:
        found = self._made.get(name)
        if found is None or found[0] != key:
            found = (key, make())
            self._made[name] = found
        return cast(_T, found[1])

    def layer(self, geo: DeckGeometry, dpr: float, with_record: bool) -> QPixmap:
        """Return the static layer for a widget fitted by ``geo``, with or without the record."""
        base = self._cached("base", (geo, dpr), lambda: self._render_base(geo, dpr))
        side = self._side
        if side is None or not with_record:
            return base
        vinyl = self.vinyl(geo, dpr)
        disc = side.layout.disc
        return self._cached("layer", (geo, dpr), lambda: compose_record(base, vinyl, geo, disc))

    def _render_base(self, geo: DeckGeometry, dpr: float) -> QPixmap:
        width = round(geo.origin_x * 2 + PLINTH_W_MM * geo.scale)
        height = round(geo.origin_y * 2 + PLINTH_H_MM * geo.scale)
        base = render_base(self._theme, geo, width, height, dpr)
        painter = QPainter(base)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        paint_arm_base(painter, geo, self._theme)
        painter.end()
        return base

    def vinyl(self, geo: DeckGeometry, dpr: float) -> QPixmap:
        """Return the side's grooved disc at the deck's scale."""
        assert self._side is not None
        disc = self._side.layout.disc
        return self._cached(
            "vinyl", (geo.scale, dpr, disc),
            lambda: _pixmap(render_vinyl(disc, self._groove, geo.scale * dpr, self._theme), dpr),
        )  # fmt: skip

    def label(self, geo: DeckGeometry, dpr: float) -> QPixmap:
        """Return the side's round label at the deck's scale."""
        side = self._side
        assert side is not None
        return self._cached(
            "label", (geo.scale, dpr, side),
            lambda: _pixmap(
                render_label(side, self._cover, side.layout.disc, geo.scale * dpr, self._theme),
                dpr,
            ),
        )  # fmt: skip

    def mat_logo(self, geo: DeckGeometry, dpr: float) -> QPixmap:
        """Return the mat's lettering, to turn with the platter."""
        return self._cached("mat", (geo.scale, dpr), lambda: render_mat_logo(self._theme, geo, dpr))

    def arm(self, geo: DeckGeometry, dpr: float) -> ArmSprites:
        """Return the tonearm's sprites at the deck's scale."""
        make = lambda: render_arm_sprites(geo.scale, dpr, self._theme)  # noqa: E731
        return self._cached("arm", (geo.scale, dpr), make)

    def strobe_pens(self, geo: DeckGeometry) -> tuple[QPen, QPen]:
        """Return the pens for the strobe dots at the deck's scale (lamp side, the rest)."""
        return self._cached("strobe", (geo.scale,), lambda: strobe_pens(geo, lit=True))


def _pixmap(image: QImage, dpr: float) -> QPixmap:
    pixmap = QPixmap.fromImage(image)
    pixmap.setDevicePixelRatio(dpr)
    return pixmap
