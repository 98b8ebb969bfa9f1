"""The real stars: the brightest of the Hipparcos catalogue, read from ``resources/stars``.

``resources/stars/hipparcos_bright.csv`` is made by ``tools/make_star_catalogue.py`` from the
public-domain Hipparcos 2 catalogue (ESA; CDS I/311). Its lines starting with ``#`` are
comments; then comes the header ``hip,ra_deg,dec_deg,hp_mag,b_v`` and one star a line. The
magnitude is the Hipparcos Hp, close to but not quite Johnson V. :func:`load_catalogue`
reads it into read-only numpy arrays, brightest star first.
"""

from __future__ import annotations

import functools
import math
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

import numpy as np
import numpy.typing as npt

from app.core.errors import StarlightError

__all__ = ["CATALOGUE_PATH", "StarCatalogue", "StarCatalogueError", "load_catalogue"]

#: The shipped catalogue: ``resources/stars/hipparcos_bright.csv`` in the repository.
CATALOGUE_PATH: Path = (
    Path(__file__).resolve().parents[2] / "resources" / "stars" / "hipparcos_bright.csv"
)
HEADER = ("hip", "ra_deg", "dec_deg", "hp_mag", "b_v")
_Array = TypeVar("_Array", bound=np.ndarray[Any, Any])
_REMAKE = "make it again with tools/make_star_catalogue.py"


class StarCatalogueError(StarlightError):
    """The star catalogue is missing or unreadable.

    Parameters
    ----------
    path
        The catalogue file.
    reason
        A short sentence a person can read, without the path.

    """

    def __init__(self, path: str | Path, reason: str) -> None:
        self.path = Path(path)
        self.reason = reason
        super().__init__(f"star catalogue {self.path}: {reason}")


@dataclass(frozen=True, eq=False)
class StarCatalogue:
    """Stars as parallel read-only arrays, brightest (smallest ``hp_mag``) first.

    Attributes
    ----------
    hip
        Hipparcos numbers.
    ra_deg, dec_deg
        Right ascension (0-360) and declination (-90-90) in degrees, ICRS.
    hp_mag
        Hipparcos magnitude Hp (smaller is brighter; Sirius is -1.09).
    b_v
        B-V colour index (about -0.3 for blue-white to 2 for red).

    """

    hip: npt.NDArray[np.int64]
    ra_deg: npt.NDArray[np.float64]
    dec_deg: npt.NDArray[np.float64]
    hp_mag: npt.NDArray[np.float64]
    b_v: npt.NDArray[np.float64]

    def __len__(self) -> int:
        return int(self.hip.size)


def _parse_rows(path: Path, text: str) -> list[tuple[float, ...]]:
    """Return the star rows of the CSV ``text``, checking the header and every value."""
    lines = [(n, line.strip()) for n, line in enumerate(text.splitlines(), start=1)]
    lines = [(n, line) for n, line in lines if line and not line.startswith("#")]
    if not lines or tuple(lines[0][1].split(",")) != HEADER:
        raise StarCatalogueError(path, f"expected the header {','.join(HEADER)}; {_REMAKE}")
    rows = []
    for number, line in lines[1:]:
        fields = line.split(",")
        try:
            values = tuple(float(field) for field in fields)
        except ValueError:
            values = ()
        if len(values) != len(HEADER) or not all(math.isfinite(v) for v in values):
            raise StarCatalogueError(path, f"line {number} is not five numbers: {line[:60]!r}")
        rows.append(values)
    if not rows:
        raise StarCatalogueError(path, f"holds no stars; {_REMAKE}")
    return rows


def _frozen(values: _Array) -> _Array:
    values.setflags(write=False)
    return values


def _read(path: Path) -> StarCatalogue:
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise StarCatalogueError(path, f"the file is missing; {_REMAKE}") from None
    except (OSError, UnicodeDecodeError) as error:
        raise StarCatalogueError(path, f"cannot be read ({error}); {_REMAKE}") from None
    table = np.array(_parse_rows(path, text), dtype=np.float64)
    hip, ra_deg, dec_deg, hp_mag, b_v = table.T
    if np.any((ra_deg < 0) | (ra_deg > 360) | (np.abs(dec_deg) > 90)):
        raise StarCatalogueError(path, "a position is out of range (RA 0-360, Dec -90-90)")
    order = np.argsort(hp_mag, kind="stable")
    return StarCatalogue(
        hip=_frozen(hip[order].astype(np.int64)),
        ra_deg=_frozen(ra_deg[order].copy()),
        dec_deg=_frozen(dec_deg[order].copy()),
        hp_mag=_frozen(hp_mag[order].copy()),
        b_v=_frozen(b_v[order].copy()),
    )


@functools.lru_cache(maxsize=4)
def _cached(path: Path) -> StarCatalogue:
    return _read(path)


def load_catalogue(path: Path = CATALOGUE_PATH) -> StarCatalogue:
    """Return the stars of the catalogue at ``path`` (the shipped one by default).

    The file is read once per path; later calls return the same read-only arrays.

    Raises
    ------
    StarCatalogueError
        If the file is missing, has the wrong header, or a line is not five finite numbers.

    """
    return _cached(Path(path))
