"""The scales of the level meters: VU and BBC PPM, both aligned to EBU R68.

Levels in the app are dBFS, sine-referenced: a steady sine of amplitude A reads 20*log10(A).
Both meters are aligned to EBU R68, where the alignment tone (0 dBu) sits at -18 dBFS:

- **VU** (IEC 60268-17): 0 VU is the alignment level; the dial runs from -20 to +3 VU.
- **PPM** (IEC 60268-10 type II, the BBC meter): mark 4 is the alignment level, 4 dB between
  marks 2 and 7, and mark 1 a further 6 dB below mark 2.
"""

from __future__ import annotations

from enum import Enum

ALIGNMENT_DBFS = -18.0
VU_MIN = -20.0
VU_MAX = 3.0
PPM_MARKS = (1, 2, 3, 4, 5, 6, 7)
_PPM_DB_PER_MARK = 4.0
_PPM_MARK1_GAP_DB = 6.0


class MeterMode(Enum):
    """Which meter the needles show."""

    VU = "vu"
    PPM = "ppm"


def vu_of_dbfs(level_dbfs: float) -> float:
    """Return the VU reading (dB relative to 0 VU) for a level in dBFS."""
    return level_dbfs - ALIGNMENT_DBFS


def dbfs_of_vu(vu: float) -> float:
    """Return the level in dBFS that reads ``vu`` on the VU dial."""
    return vu + ALIGNMENT_DBFS


def dbfs_of_ppm_mark(mark: float) -> float:
    """Return the level in dBFS shown at PPM ``mark`` (1-7, fractional allowed)."""
    if mark >= 2.0:
        return ALIGNMENT_DBFS + (mark - 4.0) * _PPM_DB_PER_MARK
    return ALIGNMENT_DBFS - 2 * _PPM_DB_PER_MARK - (2.0 - mark) * _PPM_MARK1_GAP_DB


def ppm_mark_of_dbfs(level_dbfs: float) -> float:
    """Return the PPM mark (fractional, may fall outside 1-7) for a level in dBFS."""
    mark2 = dbfs_of_ppm_mark(2.0)
    if level_dbfs >= mark2:
        return 4.0 + (level_dbfs - ALIGNMENT_DBFS) / _PPM_DB_PER_MARK
    return 2.0 - (mark2 - level_dbfs) / _PPM_MARK1_GAP_DB
