"""Where a star stands in the view: the sky seen from Seoul, projected onto a flat picture.

A star's direction is a unit vector in equatorial coordinates. One 3 x 3 matrix per frame (see
:func:`horizon_matrix`) turns it into the observer's view frame: *forward* (the view's centre
direction on the horizon), *right* and *up* (the zenith). The picture is a cylindrical
panorama: its x is the azimuth from the view's centre, its y the altitude, both linear in
degrees, so the horizon is a straight line and the sky wheels across it as the earth turns
(rising on the left, setting on the right, when looking south).

View coordinates are normalised: x runs 0..1 from the left edge to the right, y 0..1 from the
top edge down, whatever the picture's size; :class:`SkyView` holds how many degrees they span.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

__all__ = [
    "EQUATORIAL_TO_GALACTIC",
    "SEOUL_LATITUDE_DEG",
    "SIDEREAL_DEG_PER_S",
    "SkyView",
    "horizon_matrix",
    "project",
    "project_one",
    "unit_vectors",
]

SEOUL_LATITUDE_DEG = 37.57
SIDEREAL_DEG_PER_S = 360.98564736629 / 86400.0  # the earth's turn against the stars
FOV_Y_DEG = 56.0  # the view's height in degrees when the picture is not very wide
MAX_FOV_X_DEG = 220.0  # a very wide picture (the shop window) spans at most this much
BOTTOM_ALT_DEG = 4.0  # the view's lower edge: just above the horizon's murk
Row3 = tuple[float, float, float]
Matrix3 = tuple[Row3, Row3, Row3]
# ICRS (J2000) equatorial to galactic coordinates (Hipparcos introduction, vol. 1, 1.5.3).
EQUATORIAL_TO_GALACTIC = np.array(
    [
        [-0.0548755604, -0.8734370902, -0.4838350155],
        [0.4941094279, -0.4448296300, 0.7469822445],
        [-0.8676661490, -0.1980763734, 0.4559837762],
    ]
)


@dataclass(frozen=True, slots=True)
class SkyView:
    """Where the view looks and how much of the sky it spans.

    Attributes
    ----------
    latitude_deg
        The observer's latitude (Seoul by default).
    centre_az_deg
        Azimuth of the view's centre, from north through east (180 looks south).
    bottom_alt_deg
        Altitude at the view's lower edge.
    fov_x_deg, fov_y_deg
        Degrees spanned across and up the view.

    """

    latitude_deg: float = SEOUL_LATITUDE_DEG
    centre_az_deg: float = 180.0
    bottom_alt_deg: float = BOTTOM_ALT_DEG
    fov_x_deg: float = FOV_Y_DEG * 16 / 9
    fov_y_deg: float = FOV_Y_DEG

    @classmethod
    def for_aspect(
        cls,
        aspect: float,
        latitude_deg: float = SEOUL_LATITUDE_DEG,
        centre_az_deg: float = 180.0,
        bottom_alt_deg: float = BOTTOM_ALT_DEG,
    ) -> SkyView:
        """Return the view for a picture ``aspect`` (width / height) wide.

        The view is :data:`FOV_Y_DEG` tall unless that would make it wider than
        :data:`MAX_FOV_X_DEG`; a wide strip such as the shop window gets a wider panorama
        with a lower height instead, so the stars keep their shapes.
        """
        if not math.isfinite(aspect) or aspect <= 0:
            raise ValueError(f"a view's aspect must be a positive number, not {aspect!r}")
        fov_y_deg = min(FOV_Y_DEG, MAX_FOV_X_DEG / aspect)
        return cls(latitude_deg, centre_az_deg, bottom_alt_deg, fov_y_deg * aspect, fov_y_deg)

    def base_matrix(self) -> Matrix3:
        """Return the rotation from hour-angle coordinates to (forward, right, up)."""
        phi, az = math.radians(self.latitude_deg), math.radians(self.centre_az_deg)
        sin_phi, cos_phi, sin_az, cos_az = math.sin(phi), math.cos(phi), math.sin(az), math.cos(az)
        # north = (-sin phi, 0, cos phi), east = (0, 1, 0), up = (cos phi, 0, sin phi); forward
        # is the centre azimuth's direction on the horizon, right is 90 degrees further round.
        forward = (-cos_az * sin_phi, sin_az, cos_az * cos_phi)
        right = (sin_az * sin_phi, cos_az, -sin_az * cos_phi)
        return forward, right, (cos_phi, 0.0, sin_phi)

    def to_x(self, u_deg: float) -> float:
        """Return the view x for ``u_deg`` degrees right of the view's centre."""
        return 0.5 + u_deg / self.fov_x_deg

    def to_y(self, alt_deg: float) -> float:
        """Return the view y for altitude ``alt_deg``."""
        return 1.0 - (alt_deg - self.bottom_alt_deg) / self.fov_y_deg


def unit_vectors(
    ra_deg: npt.ArrayLike, dec_deg: npt.ArrayLike, dtype: type = np.float32
) -> npt.NDArray[np.floating]:
    """Return equatorial unit vectors, shape (3, n), for right ascensions and declinations."""
    ra, dec = np.radians(np.asarray(ra_deg, np.float64)), np.radians(np.asarray(dec_deg))
    vectors = np.stack([np.cos(dec) * np.cos(ra), np.cos(dec) * np.sin(ra), np.sin(dec)])
    return np.ascontiguousarray(vectors, dtype=dtype)


def horizon_matrix(
    base: Matrix3,
    sidereal_deg: float,
    out: npt.NDArray[np.floating],
) -> npt.NDArray[np.floating]:
    """Fill ``out`` (3 x 3) with the rotation from equatorial to view-frame vectors.

    Parameters
    ----------
    base
        :meth:`SkyView.base_matrix` of the view.
    sidereal_deg
        Local sidereal time as an angle: the right ascension on the meridian.
    out
        Where to write the matrix (no array is allocated).

    Returns
    -------
    numpy.ndarray
        ``out``: (forward, right, up) = out @ (x, y, z) equatorial.

    """
    theta = math.radians(sidereal_deg)
    cos_t, sin_t = math.cos(theta), math.sin(theta)
    for row, (b0, b1, b2) in enumerate(base):
        # base @ Rz(-theta): the earth's turn carries the stars westwards.
        out[row, 0] = b0 * cos_t - b1 * sin_t
        out[row, 1] = b0 * sin_t + b1 * cos_t
        out[row, 2] = b2
    return out


def project(
    view: SkyView,
    matrix: npt.NDArray[np.floating],
    vectors: npt.NDArray[np.floating],
    frame: npt.NDArray[np.floating],
    x: npt.NDArray[np.floating],
    y: npt.NDArray[np.floating],
    up: npt.NDArray[np.floating],
) -> None:
    """Place stars in the view, allocating nothing.

    ``vectors`` (3, n) are equatorial unit vectors, ``matrix`` from :func:`horizon_matrix`;
    ``frame`` (3, n) is scratch. Writes view ``x`` (from the azimuth), ``y`` (from the
    altitude) and ``up``, the sine of the altitude.
    """
    np.matmul(matrix, vectors, out=frame)
    np.arctan2(frame[1], frame[0], out=x)
    np.multiply(x, math.degrees(1.0) / view.fov_x_deg, out=x)
    np.add(x, 0.5, out=x)
    np.copyto(up, frame[2])
    np.clip(up, -1.0, 1.0, out=up)
    np.arcsin(up, out=y)
    np.multiply(y, -math.degrees(1.0) / view.fov_y_deg, out=y)
    np.add(y, 1.0 + view.bottom_alt_deg / view.fov_y_deg, out=y)


def project_one(
    view: SkyView, matrix: npt.NDArray[np.floating], direction: Row3
) -> tuple[float, float, float]:
    """Return view x, y and sin(altitude) of one equatorial unit vector ``direction``."""
    forward, right, up = (
        row[0] * direction[0] + row[1] * direction[1] + row[2] * direction[2]
        for row in matrix.tolist()
    )
    up = max(-1.0, min(1.0, up))
    return (
        view.to_x(math.degrees(math.atan2(right, forward))),
        view.to_y(math.degrees(math.asin(up))),
        up,
    )
