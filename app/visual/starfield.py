"""The night sky over Seoul as the painter draws it: real stars, depth layers, Mars, meteors.

A :class:`Starfield` holds every star in preallocated numpy arrays, in one order:

- the real stars of the Hipparcos catalogue (:mod:`app.visual.star_catalogue`), brightest
  first, turning with the sky at its true rate times ``time_scale`` (60 by default, so the
  southern sky slides across the view in minutes, rising on the left and setting on the right);
- faint *Milky Way* stars crowded along the galactic plane, turning with the real sky,
- a *far* layer of many faint synthetic stars, spread evenly, that turns a little slower, and
- a *near* layer of few brighter ones that turns a little faster: a calm parallax.

Stars that never rise over Seoul are left out. The view looks south from Seoul (see
:class:`~app.visual.sky_geometry.SkyView`); it starts on a summer night with Scorpius, Antares
and Mars low in the south.

Each :meth:`Starfield.step` advances time, projects every star into the view
(:mod:`app.visual.sky_geometry`), and sets its brightness: its magnitude, dimmed by the air
toward the horizon, scintillating (a flicker of a few per cent high up to tens of per cent low
down, at a few hertz, with brief colour flashes near the horizon), and gently lifted by the
music's bass and beat (at most :data:`MAX_MUSIC_GAIN`, smoothed). Mars shines steadily.
Shooting stars come a few times a minute, more often when the music is energetic.

Nothing is allocated in :meth:`Starfield.step` (but a few bytes when a meteor starts): the
arrays the painter reads are the same read-only objects every frame. Everything random comes
from the ``seed``, so the same seed and the same steps give the same sky.

Reading it: per-star arrays (:attr:`~Starfield.x`, :attr:`~Starfield.y`,
:attr:`~Starfield.brightness`, :attr:`~Starfield.visible`, and the fixed
:attr:`~Starfield.layer`, :attr:`~Starfield.magnitude`, :attr:`~Starfield.bv`,
:attr:`~Starfield.colour`, :attr:`~Starfield.base_brightness`) in the order catalogue (brightest
first), Milky Way, far, near; :attr:`~Starfield.flash` and :attr:`~Starfield.flash_tint` for
the first :attr:`~Starfield.bright_count` stars; :attr:`~Starfield.shooting_stars`;
:attr:`~Starfield.mars`.
"""

from __future__ import annotations

from enum import IntEnum
from typing import Any, TypeVar

import numpy as np
import numpy.typing as npt

from app.visual.sky_geometry import (
    SIDEREAL_DEG_PER_S,
    SkyView,
    horizon_matrix,
    project,
    project_one,
    unit_vectors,
)
from app.visual.sky_meteors import MAX_METEORS, Meteors
from app.visual.sky_milky_way import milky_way_intensity
from app.visual.star_catalogue import StarCatalogue, load_catalogue
from app.visual.star_colour import star_rgb
from app.visual.star_sky import (
    MAX_MUSIC_GAIN,
    Mars,
    MusicFollower,
    MusicMood,
    Scintillation,
    brightness_level,
)
from app.visual.star_synthetic import (
    StarSet,
    catalogue_stars,
    milky_way_stars,
    scattered_stars,
)

__all__ = [
    "BRIGHT_MAGNITUDE",
    "MAX_METEORS",
    "MAX_MUSIC_GAIN",
    "Mars",
    "MusicMood",
    "StarLayer",
    "Starfield",
]

F32 = npt.NDArray[np.float32]
_Array = TypeVar("_Array", bound=np.ndarray[Any, Any])

BRIGHT_MAGNITUDE = 3.4  # catalogue stars brighter than this get a glow; the rest are points
# The sky starts on a summer night: Scorpius, Antares and Mars low in the south, the Milky Way's
# heart in Sagittarius rising; Orion follows some twelve minutes later.
START_SIDEREAL_DEG = 222.0
STAR_SATURATION = 1.5  # star colours a little deeper than the eye's pale impression
SHOOTING_PER_MIN = (3.0, 12.0)  # shooting stars a minute at rest and with energetic music
EDGE_MARGIN = 0.03  # stars this far outside the view are still drawn (their glow reaches in)


class StarLayer(IntEnum):
    """A star's depth layer; each turns at its own rate (a parallax)."""

    FAR = 0
    CATALOGUE = 1
    MILKY_WAY = 2
    NEAR = 3


# Per layer: (rate of turn relative to the sky, how much the music lifts it, magnitudes).
_LAYER_LOOK = {
    StarLayer.FAR: (0.9, 0.6, (5.3, 7.4)),
    StarLayer.CATALOGUE: (1.0, 1.0, (-1.5, 5.3)),
    StarLayer.MILKY_WAY: (1.0, 0.5, (5.8, 7.4)),
    StarLayer.NEAR: (1.15, 1.0, (2.7, 4.2)),
}


def _star_sets(
    stars: StarCatalogue,
    rng: np.random.Generator,
    counts: dict[StarLayer, int],
    latitude_deg: float,
) -> list[tuple[StarLayer, StarSet]]:
    """Return each layer's stars, in the arrays' order, without those that never rise."""
    pool = stars.b_v
    sets = [(StarLayer.CATALOGUE, catalogue_stars(stars))]
    for layer in (StarLayer.MILKY_WAY, StarLayer.FAR, StarLayer.NEAR):
        make = milky_way_stars if layer is StarLayer.MILKY_WAY else scattered_stars
        sets.append((layer, make(rng, counts[layer], _LAYER_LOOK[layer][2], pool)))
    return [(layer, star_set.rising(latitude_deg)) for layer, star_set in sets]


def _readonly(values: _Array) -> _Array:
    view = values.view()
    view.flags.writeable = False
    return view


class Starfield:
    """The sky's state, advanced by :meth:`step` and read by a painter.

    Parameters
    ----------
    seed
        Seeds the synthetic stars, the scintillation and the shooting stars.
    catalogue
        The real stars; the shipped Hipparcos extract by default.
    far_count, near_count
        Synthetic stars over the whole sphere in the far and the near layer (about a sixth
        of them are in a wide view at a time).
    milky_way_count
        Faint synthetic stars along the Milky Way.
    time_scale
        How many times faster than the real sky the view turns.
    aspect
        The picture's width / height (see :meth:`set_aspect`).

    """

    def __init__(
        self,
        seed: int = 0,
        *,
        catalogue: StarCatalogue | None = None,
        far_count: int = 5500,
        milky_way_count: int = 4000,
        near_count: int = 120,
        time_scale: float = 60.0,
        aspect: float = 16 / 9,
    ) -> None:
        stars = catalogue if catalogue is not None else load_catalogue()
        rng = np.random.default_rng(seed)
        self.time_scale = float(time_scale)
        self._view = SkyView.for_aspect(aspect)
        self._base = self._view.base_matrix()
        self._time_s = 0.0
        counts = {StarLayer.MILKY_WAY: milky_way_count, StarLayer.FAR: far_count}
        counts[StarLayer.NEAR] = near_count
        sets = _star_sets(stars, rng, counts, self._view.latitude_deg)
        self._layers = [
            (layer, vectors, np.zeros_like(vectors))
            for layer, star_set in sets
            for vectors in [unit_vectors(star_set.ra_deg, star_set.dec_deg)]
        ]
        count = sum(len(star_set) for _, star_set in sets)
        self._build_static(sets)
        self._x, self._y = np.zeros(count, np.float32), np.zeros(count, np.float32)
        self._up = np.zeros(count, np.float32)
        self._brightness = np.zeros(count, np.float32)
        self._visible = np.zeros(count, bool)
        self._hidden = np.zeros(count, bool)
        self._work = np.zeros((2, count), np.float32)
        self._bright_count = int(np.searchsorted(sets[0][1].magnitude, BRIGHT_MAGNITUDE))
        self._scint = Scintillation(rng, count, self._bright_count)
        self._music = MusicFollower()
        self._meteors = Meteors(np.random.default_rng([seed, 1]))
        self._mars = Mars()
        self._matrix = np.zeros((3, 3), np.float32)
        self._x_out, self._y_out = _readonly(self._x), _readonly(self._y)
        self._brightness_out, self._visible_out = (
            _readonly(self._brightness),
            _readonly(self._visible),
        )
        self._project()
        self._shine()

    # ---------------------------------------------------------------- building
    def _build_static(self, sets: list[tuple[StarLayer, StarSet]]) -> None:
        """Set the per-star arrays that never change: layer, magnitude, colour, base level."""
        magnitude = np.concatenate([star_set.magnitude for _, star_set in sets]).astype(np.float32)
        bv = np.concatenate([star_set.bv for _, star_set in sets]).astype(np.float32)
        layer = np.repeat(
            np.array([kind for kind, _ in sets], np.int8), [len(star_set) for _, star_set in sets]
        )
        weights = np.array([_LAYER_LOOK[kind][1] for kind in StarLayer], np.float32)
        self._music_weight = weights[layer]
        self._magnitude = _readonly(magnitude)
        self._bv = _readonly(bv)
        self._layer = _readonly(layer)
        self._colour = _readonly(star_rgb(bv, STAR_SATURATION).astype(np.float32))
        self._base_brightness = _readonly(brightness_level(magnitude))

    # ---------------------------------------------------------------- reading
    @property
    def count(self) -> int:
        """Return the number of stars in every per-star array."""
        return int(self._x.size)

    @property
    def layer(self) -> npt.NDArray[np.int8]:
        """Each star's :class:`StarLayer` (read-only; fixed)."""
        return self._layer

    @property
    def magnitude(self) -> F32:
        """Each star's apparent magnitude (Hp for real stars; read-only; fixed)."""
        return self._magnitude

    @property
    def bv(self) -> F32:
        """Each star's B-V colour index (read-only; fixed)."""
        return self._bv

    @property
    def colour(self) -> F32:
        """Each star's sRGB colour, shape (count, 3), 0..1 (read-only; fixed)."""
        return self._colour

    @property
    def base_brightness(self) -> F32:
        """Each star's steady brightness 0..1 from its magnitude (Sirius 1; read-only; fixed)."""
        return self._base_brightness

    @property
    def x(self) -> F32:
        """Each star's x in the view, 0 left .. 1 right (read-only; updated by :meth:`step`)."""
        return self._x_out

    @property
    def y(self) -> F32:
        """Each star's y in the view, 0 top .. 1 bottom (read-only; updated by :meth:`step`)."""
        return self._y_out

    @property
    def brightness(self) -> F32:
        """Each star's brightness now: 0 when out of view, else about 0..1.3 (read-only)."""
        return self._brightness_out

    @property
    def visible(self) -> npt.NDArray[np.bool_]:
        """Whether each star is above the horizon and in (or just outside) the view."""
        return self._visible_out

    @property
    def flash(self) -> F32:
        """How much each of the first :attr:`bright_count` stars flashes a colour now, 0..1."""
        return self._scint.flash

    @property
    def flash_tint(self) -> npt.NDArray[np.int8]:
        """Which of :data:`~app.visual.star_sky.FLASH_TINTS` each bright star flashes."""
        return self._scint.tint

    @property
    def bright_count(self) -> int:
        """Return how many real stars (the first ones) are brighter than BRIGHT_MAGNITUDE."""
        return self._bright_count

    def layer_slice(self, layer: StarLayer) -> slice:
        """Return where ``layer``'s stars sit in the per-star arrays."""
        start = 0
        for kind, vectors, _ in self._layers:
            if kind == layer:
                return slice(start, start + vectors.shape[1])
            start += vectors.shape[1]
        raise ValueError(f"no such layer: {layer!r}")

    @property
    def shooting_stars(self) -> F32:
        """The shooting stars: see :attr:`app.visual.sky_meteors.Meteors.streaks`."""
        return self._meteors.streaks

    @property
    def shooting_star_in_flight(self) -> bool:
        """Whether a shooting star is crossing the sky now (it wants smooth frames)."""
        return self._meteors.in_flight

    @property
    def shooting_stars_started(self) -> int:
        """Return how many shooting stars have started so far."""
        return self._meteors.started

    @property
    def mars(self) -> Mars:
        """Mars: its place, steady brightness and colour (updated in place by :meth:`step`)."""
        return self._mars

    @property
    def music_gain(self) -> float:
        """Return the brightness factor the music gives the real stars now (1 when silent)."""
        return self._music.gain(1.0)

    @property
    def time_s(self) -> float:
        """Return the seconds stepped so far."""
        return self._time_s

    @property
    def view(self) -> SkyView:
        """Return the view's extent (it follows :meth:`set_aspect`)."""
        return self._view

    @property
    def sidereal_deg(self) -> float:
        """Return the local sidereal time of the real sky now, in degrees (0..360)."""
        return self._sidereal_deg(StarLayer.CATALOGUE)

    # ---------------------------------------------------------------- changing
    def set_aspect(self, aspect: float) -> None:
        """Fit the view to a picture ``aspect`` (width / height) wide; the stars move at once."""
        view = SkyView.for_aspect(aspect, self._view.latitude_deg, self._view.centre_az_deg)
        if view != self._view:
            self._view = view
            self._base = view.base_matrix()
            self._project()
            self._shine()

    def step(self, dt_s: float, mood: MusicMood | None = None) -> None:
        """Advance the sky by ``dt_s`` seconds; ``mood`` is the music now (``None`` when paused).

        When paused the stars keep twinkling and turning, and any lift from the music fades.
        """
        dt_s = max(0.0, float(dt_s))
        self._time_s += dt_s
        self._music.follow(dt_s, mood)
        self._scint.advance(dt_s)
        self._project()
        self._shine()
        per_min = SHOOTING_PER_MIN[0] + self._music.energy * (
            SHOOTING_PER_MIN[1] - SHOOTING_PER_MIN[0]
        )
        self._meteors.step(dt_s, per_min / 60.0, self._view)

    def milky_way(self, width: int, height: int) -> F32:
        """Return the Milky Way's glow now, 0..1, on a ``width`` x ``height`` grid (top first)."""
        horizon_matrix(self._base, self.sidereal_deg, self._matrix)
        return milky_way_intensity(self._view, self._matrix, width, height)

    # ---------------------------------------------------------------- each step
    def _sidereal_deg(self, layer: StarLayer) -> float:
        turned = SIDEREAL_DEG_PER_S * self.time_scale * self._time_s * _LAYER_LOOK[layer][0]
        return (START_SIDEREAL_DEG + turned) % 360.0

    def _project(self) -> None:
        """Place every star, and Mars, in the view."""
        start = 0
        for layer, vectors, frame in self._layers:
            end = start + vectors.shape[1]
            horizon_matrix(self._base, self._sidereal_deg(layer), self._matrix)
            project(
                self._view,
                self._matrix,
                vectors,
                frame,
                self._x[start:end],
                self._y[start:end],
                self._up[start:end],
            )
            start = end
        horizon_matrix(self._base, self._sidereal_deg(StarLayer.CATALOGUE), self._matrix)
        x, y, up = project_one(self._view, self._matrix, self._mars.direction)
        visible = up > 0.0 and -EDGE_MARGIN < x < 1 + EDGE_MARGIN and -EDGE_MARGIN < y < 1
        self._mars.place(x, y, up, visible)

    def _shine(self) -> None:
        """Set every star's brightness now and which are visible."""
        visible, hidden, work = self._visible, self._hidden, self._work[0]
        np.greater(self._up, 0.0, out=visible)
        for coordinate in (self._x, self._y):
            np.greater(coordinate, -EDGE_MARGIN, out=hidden)
            np.logical_and(visible, hidden, out=visible)
            np.less(coordinate, 1.0 + EDGE_MARGIN, out=hidden)
            np.logical_and(visible, hidden, out=visible)
        np.logical_not(visible, out=hidden)
        brightness = self._brightness
        self._scint.apply(self._up, self._base_brightness, brightness)
        np.multiply(self._music_weight, self._music.gain(1.0) - 1.0, out=work)
        np.add(work, 1.0, out=work)
        np.multiply(brightness, work, out=brightness)
        np.copyto(brightness, 0.0, where=hidden)
