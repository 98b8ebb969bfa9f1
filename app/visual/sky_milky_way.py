"""The Milky Way's faint glow, where it really lies in the view at a given sidereal time.

:func:`milky_way_intensity` samples a coarse grid over the view: every cell's direction is
turned back into galactic longitude and latitude, and the glow is a band about the galactic
plane, broader and brighter toward the centre in Sagittarius, split by the dark Great Rift from
Cygnus to Aquila, mottled by a fixed pattern of star clouds, and dimmed toward the horizon.
The painter scales the small picture up smoothly; it is meant to be soft.
"""

from __future__ import annotations

import functools

import numpy as np
import numpy.typing as npt

from app.visual.sky_geometry import EQUATORIAL_TO_GALACTIC, SkyView

__all__ = ["galactic_glow", "milky_way_intensity"]

# Star clouds: waves over the galactic sphere, (cycles round the plane, cycles per radian of
# latitude, phase, depth); they add up to a gentle mottling, so the band stays one river of
# light. Whole cycles round the plane keep the pattern continuous at l=360.
_CLOUDS = (
    (6, 7.0, 0.4, 0.08),
    (15, 17.0, 4.0, 0.08),
    (23, -29.0, 1.3, 0.08),
    (37, 41.0, 5.2, 0.07),
    (58, -63.0, 3.3, 0.07),
    (89, 97.0, 0.7, 0.06),
    (131, -149.0, 2.9, 0.05),
)
_TEXTURE_DEG = 0.5  # the glow is sampled once on this grid of galactic coordinates
_TEXTURE_LAT = 40.0  # ... up to this latitude either side of the plane (beyond, it is dark)
# Dark clouds: (longitude, latitude, radius along, radius across, depth), degrees.
_DARK = (
    (40.0, 1.5, 38.0, 2.8, 0.7),  # the Great Rift, from Cygnus down to Sagittarius
    (2.0, 5.5, 5.0, 3.0, 0.5),  # the Pipe and Snake nebulae above the galactic centre
    (-8.0, -1.5, 6.0, 1.8, 0.4),
    (75.0, -2.0, 8.0, 2.0, 0.35),
)


def galactic_glow(
    longitude: npt.NDArray[np.float64], latitude: npt.NDArray[np.float64]
) -> npt.NDArray[np.float64]:
    """Return the Milky Way's glow (0..1) at galactic ``longitude`` and ``latitude`` (radians)."""
    towards_centre = 0.5 + 0.5 * np.cos(longitude)  # 1 in Sagittarius, 0 in Auriga
    width = np.radians(3.5 + 6.5 * towards_centre**2)
    l_deg, b_deg = np.degrees(longitude), np.degrees(latitude)
    cygnus = 0.3 * np.exp(-(((l_deg - 75.0) / 18.0) ** 2))  # the bright Cygnus star cloud
    along = 0.28 + 0.72 * towards_centre**1.8 + cygnus
    glow = np.exp(-0.5 * (latitude / width) ** 2) * along
    clouds = np.ones_like(glow)
    for cycles, per_radian, phase, depth in _CLOUDS:
        clouds += depth * np.sin(cycles * longitude + per_radian * latitude + phase)
    for centre_l, centre_b, along_deg, across_deg, depth in _DARK:
        offset_l = (l_deg - centre_l + 180.0) % 360.0 - 180.0
        dark = np.exp(-((offset_l / along_deg) ** 2) - ((b_deg - centre_b) / across_deg) ** 2)
        clouds *= 1.0 - depth * dark
    result: npt.NDArray[np.float64] = np.clip(glow * clouds, 0.0, 1.0)
    return result


def milky_way_intensity(
    view: SkyView, matrix: npt.NDArray[np.floating], width: int, height: int
) -> npt.NDArray[np.float32]:
    """Return the Milky Way's glow (0..1) over the view on a ``width`` x ``height`` grid.

    Parameters
    ----------
    view
        The view's extent.
    matrix
        The equatorial-to-view rotation for this moment (see
        :func:`~app.visual.sky_geometry.horizon_matrix`).
    width, height
        Grid cells across and down; each is sampled at its centre.

    Returns
    -------
    numpy.ndarray
        Shape (height, width), float32, row 0 at the top of the view.

    """
    frame, haze = _view_grid(view, width, height)
    rotation = (EQUATORIAL_TO_GALACTIC @ np.asarray(matrix, np.float64).T).astype(np.float32)
    galactic = rotation @ frame
    longitude_deg = np.degrees(np.arctan2(galactic[1], galactic[0]))
    latitude_deg = np.degrees(np.arcsin(np.clip(galactic[2], -1.0, 1.0)))
    glow = _looked_up(longitude_deg, latitude_deg).reshape(height, width)
    glow *= haze
    return glow


@functools.lru_cache(maxsize=4)
def _view_grid(
    view: SkyView, width: int, height: int
) -> tuple[npt.NDArray[np.float32], npt.NDArray[np.float32]]:
    """Return each grid cell's direction in the view frame (3, n) and the horizon's haze."""
    xs = (np.arange(width) + 0.5) / width
    ys = (np.arange(height) + 0.5) / height
    u = np.radians((xs - 0.5) * view.fov_x_deg)[np.newaxis, :]
    alt = np.radians(view.bottom_alt_deg + (1.0 - ys) * view.fov_y_deg)[:, np.newaxis]
    forward, right = np.cos(alt) * np.cos(u), np.cos(alt) * np.sin(u)
    up = np.broadcast_to(np.sin(alt), forward.shape)
    frame = np.stack([forward, right, up]).reshape(3, -1).astype(np.float32)
    # Haze near the horizon swallows the faint glow (the air mass grows as 1/sin(altitude)).
    haze = np.clip(np.sin(alt) / np.sin(np.radians(14.0)), 0.0, 1.0) ** 0.8
    return frame, haze.astype(np.float32)


@functools.cache
def _texture() -> npt.NDArray[np.float32]:
    """Return :func:`galactic_glow` sampled once over the band, in ``_TEXTURE_DEG`` steps."""
    longitude = np.radians(np.arange(-180.0, 180.0 + _TEXTURE_DEG, _TEXTURE_DEG))
    latitude = np.radians(np.arange(-_TEXTURE_LAT, _TEXTURE_LAT + _TEXTURE_DEG, _TEXTURE_DEG))
    grid_l, grid_b = np.meshgrid(longitude, latitude)
    texture = galactic_glow(grid_l, grid_b).astype(np.float32)
    texture[[0, -1], :] = 0.0  # nothing beyond the edges in latitude
    return texture


def _looked_up(
    longitude_deg: npt.NDArray[np.float32], latitude_deg: npt.NDArray[np.float32]
) -> npt.NDArray[np.float32]:
    """Return the glow at galactic coordinates (degrees), bilinear from the texture."""
    texture = _texture()
    column = (longitude_deg + 180.0) / _TEXTURE_DEG
    row = np.clip((latitude_deg + _TEXTURE_LAT) / _TEXTURE_DEG, 0.0, texture.shape[0] - 1.001)
    left, top = np.floor(column).astype(np.intp), np.floor(row).astype(np.intp)
    np.clip(left, 0, texture.shape[1] - 2, out=left)
    fx, fy = column - left, row - top
    upper = texture[top, left] * (1 - fx) + texture[top, left + 1] * fx
    lower = texture[top + 1, left] * (1 - fx) + texture[top + 1, left + 1] * fx
    glow: npt.NDArray[np.float32] = (upper * (1 - fy) + lower * fy).astype(np.float32)
    return glow
