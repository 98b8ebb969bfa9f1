"""Times as the views print them: ``m:ss``, or ``h:mm:ss`` from an hour on."""

from __future__ import annotations


def format_clock(seconds: float) -> str:
    """Return ``m:ss``, or ``h:mm:ss`` from an hour on, for a length or a position."""
    total = max(0, int(seconds))
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"
