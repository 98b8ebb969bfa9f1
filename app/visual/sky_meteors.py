"""Shooting stars: now and then a short bright streak with a fading tail crosses the view.

A meteor is a few slots of preallocated arrays. It lives in view degrees (right of the view's
centre, and altitude), so its speed and length look right whatever the picture's aspect; each
step turns it into normalised view coordinates for the painter. Meteors start at random,
``rate_per_s`` times a second on average (a Poisson process sampled once a step).
"""

from __future__ import annotations

import math

import numpy as np
import numpy.typing as npt

from app.visual.sky_geometry import SkyView

__all__ = ["HEAD_X", "HEAD_Y", "MAX_METEORS", "TAIL_X", "TAIL_Y", "WIDTH", "Meteors"]

MAX_METEORS = 6  # at most this many streaks at once
# Columns of Meteors.streaks.
HEAD_X, HEAD_Y, TAIL_X, TAIL_Y, BRIGHTNESS, WIDTH = range(6)
SPEED_DEG_PER_S = (24.0, 46.0)
TAIL_DEG = (5.0, 13.0)
LIFE_S = (0.45, 1.0)
DESCENT_DEG = (14.0, 58.0)  # the streak's angle below the horizontal


class Meteors:
    """The shooting stars in flight, in preallocated arrays.

    Parameters
    ----------
    rng
        The random generator that decides when, where and how they fly (seeded: a run
        repeats exactly).

    """

    def __init__(self, rng: np.random.Generator) -> None:
        self._rng = rng
        self._u_deg = np.zeros(MAX_METEORS)
        self._alt_deg = np.zeros(MAX_METEORS)
        self._dir = np.zeros((MAX_METEORS, 2))  # unit (right, up) in degrees
        self._speed = np.zeros(MAX_METEORS)
        self._tail_deg = np.zeros(MAX_METEORS)
        self._age_s = np.zeros(MAX_METEORS)
        self._life_s = np.ones(MAX_METEORS)
        self._peak = np.zeros(MAX_METEORS)
        self._active = np.zeros(MAX_METEORS, dtype=bool)
        self._streaks = np.zeros((MAX_METEORS, 6), dtype=np.float32)
        self._view_of_streaks = self._streaks.view()
        self._view_of_streaks.flags.writeable = False
        self._started = 0

    @property
    def streaks(self) -> npt.NDArray[np.float32]:
        """Each slot's head x, y, tail x, y (view coordinates), brightness 0..1 and width.

        Read-only, shape (:data:`MAX_METEORS`, 6); an idle slot has brightness 0. The width
        is a relative 0.6..1.2 (the painter scales it to pixels).
        """
        return self._view_of_streaks

    @property
    def in_flight(self) -> bool:
        """Whether a shooting star is crossing the sky now."""
        return bool(self._active.any())

    @property
    def started(self) -> int:
        """Return how many shooting stars have started since the beginning."""
        return self._started

    def step(self, dt_s: float, rate_per_s: float, view: SkyView) -> None:
        """Move the streaks on by ``dt_s`` and perhaps start one (``rate_per_s`` on average)."""
        if dt_s > 0 and self._rng.random() < 1.0 - math.exp(-rate_per_s * dt_s):
            self._start(view)
        for slot in range(MAX_METEORS):
            if self._active[slot]:
                self._advance(slot, dt_s, view)

    def _start(self, view: SkyView) -> None:
        free = np.flatnonzero(~self._active)
        if free.size == 0:
            return
        slot, rng = int(free[0]), self._rng
        self._u_deg[slot] = view.fov_x_deg * rng.uniform(-0.45, 0.45)
        self._alt_deg[slot] = view.bottom_alt_deg + view.fov_y_deg * rng.uniform(0.45, 0.97)
        descent = math.radians(rng.uniform(*DESCENT_DEG))
        side = 1.0 if rng.random() < 0.5 else -1.0
        self._dir[slot] = (side * math.cos(descent), -math.sin(descent))
        self._speed[slot] = rng.uniform(*SPEED_DEG_PER_S)
        self._tail_deg[slot] = rng.uniform(*TAIL_DEG)
        self._life_s[slot] = rng.uniform(*LIFE_S)
        self._peak[slot] = rng.uniform(0.55, 1.0)
        self._streaks[slot, WIDTH] = rng.uniform(0.6, 1.2)
        self._age_s[slot] = 0.0
        self._active[slot] = True
        self._started += 1

    def _advance(self, slot: int, dt_s: float, view: SkyView) -> None:
        age = self._age_s[slot] = self._age_s[slot] + dt_s
        life = self._life_s[slot]
        row = self._streaks[slot]
        if age >= life:
            self._active[slot] = False
            row[BRIGHTNESS] = 0.0
            return
        travelled = self._speed[slot] * age
        # The train grows behind the head, then the head burns out and fades first.
        tail = min(self._tail_deg[slot], travelled) * (1.0 - 0.35 * age / life)
        right, up = self._dir[slot]
        head_u, head_alt = (
            self._u_deg[slot] + right * travelled,
            self._alt_deg[slot] + up * travelled,
        )
        row[HEAD_X], row[HEAD_Y] = view.to_x(head_u), view.to_y(head_alt)
        row[TAIL_X], row[TAIL_Y] = view.to_x(head_u - right * tail), view.to_y(head_alt - up * tail)
        phase = (age / life) ** 0.7  # quick to brighten, slower to fade
        row[BRIGHTNESS] = self._peak[slot] * math.sin(math.pi * phase)
