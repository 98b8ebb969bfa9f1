"""Made-up stars to fill the sky between the real ones: scattered layers and Milky Way dust.

The catalogue holds the 2,000 brightest stars; the eye under a dark sky sees a few thousand
more, fainter, and the Milky Way's glow is made of countless stars too faint to tell apart.
:func:`scattered_stars` spreads stars evenly over the sphere (for the parallax layers);
:func:`milky_way_stars` crowds them along the galactic plane, thickest in the star clouds of
the band's glow (:func:`~app.visual.sky_milky_way.galactic_glow`), so the band is grainy with
stars where it glows. Colours are drawn from the real stars' B-V values. All from a seeded
generator: the same seed gives the same sky.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from app.visual.sky_geometry import EQUATORIAL_TO_GALACTIC
from app.visual.sky_milky_way import galactic_glow
from app.visual.star_catalogue import StarCatalogue

__all__ = ["StarSet", "catalogue_stars", "milky_way_stars", "scattered_stars"]

F64 = npt.NDArray[np.float64]


@dataclass(frozen=True, eq=False)
class StarSet:
    """Stars as parallel arrays: position (degrees), magnitude and B-V colour index."""

    ra_deg: F64
    dec_deg: F64
    magnitude: F64
    bv: F64

    def __len__(self) -> int:
        return int(self.ra_deg.size)

    def rising(self, latitude_deg: float) -> StarSet:
        """Return the stars that rise at ``latitude_deg`` (the rest never clear the horizon)."""
        keep = np.abs(self.dec_deg - latitude_deg) < 90.0
        return StarSet(self.ra_deg[keep], self.dec_deg[keep], self.magnitude[keep], self.bv[keep])


def catalogue_stars(catalogue: StarCatalogue) -> StarSet:
    """Return the catalogue's stars as a :class:`StarSet` (Hp as the magnitude)."""
    return StarSet(catalogue.ra_deg, catalogue.dec_deg, catalogue.hp_mag, catalogue.b_v)


def _magnitudes(rng: np.random.Generator, count: int, low: float, high: float) -> F64:
    """Return magnitudes in ``low``..``high``, more faint than bright (N(<m) ~ 10^(0.45 m))."""
    span = rng.uniform(10 ** (0.45 * low), 10 ** (0.45 * high), count)
    magnitude: F64 = np.log10(span) / 0.45
    return magnitude


def _colours(rng: np.random.Generator, count: int, pool: F64) -> F64:
    jitter: F64 = rng.choice(pool, count) + rng.normal(0.0, 0.05, count)
    return jitter


def scattered_stars(
    rng: np.random.Generator, count: int, magnitudes: tuple[float, float], bv_pool: F64
) -> StarSet:
    """Return ``count`` stars spread evenly over the sphere with magnitudes in ``magnitudes``."""
    ra = rng.uniform(0.0, 360.0, count)
    dec = np.degrees(np.arcsin(rng.uniform(-1.0, 1.0, count)))
    return StarSet(ra, dec, _magnitudes(rng, count, *magnitudes), _colours(rng, count, bv_pool))


def milky_way_stars(
    rng: np.random.Generator, count: int, magnitudes: tuple[float, float], bv_pool: F64
) -> StarSet:
    """Return ``count`` faint stars crowded into the Milky Way where its glow is brightest."""
    longitudes, latitudes = np.zeros(0), np.zeros(0)
    while longitudes.size < count:  # rejection sampling against the band's glow
        batch = 4 * count
        longitude = rng.uniform(-np.pi, np.pi, batch)
        latitude = rng.normal(0.0, np.radians(9.0), batch)
        keep = rng.uniform(0.0, 1.0, batch) < galactic_glow(longitude, latitude)
        longitudes = np.concatenate([longitudes, longitude[keep]])
        latitudes = np.concatenate([latitudes, latitude[keep]])
    longitude, latitude = longitudes[:count], latitudes[:count]
    galactic = np.stack(
        [
            np.cos(latitude) * np.cos(longitude),
            np.cos(latitude) * np.sin(longitude),
            np.sin(latitude),
        ]
    )
    x, y, z = EQUATORIAL_TO_GALACTIC.T @ galactic
    ra = np.degrees(np.arctan2(y, x)) % 360.0
    dec = np.degrees(np.arcsin(np.clip(z, -1.0, 1.0)))
    return StarSet(ra, dec, _magnitudes(rng, count, *magnitudes), _colours(rng, count, bv_pool))
