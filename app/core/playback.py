"""Playback states, as the engine reports them to everyone else."""

from __future__ import annotations

from enum import Enum


class PlaybackState(Enum):
    """What the player is doing."""

    STOPPED = "stopped"
    PLAYING = "playing"
    PAUSED = "paused"
