"""The platter motor: how fast the record turns, as a factor of its set speed, over time.

Instant mode (the default) jumps between standstill and full speed. Authentic mode spins up
from standstill in 0.7 s and brakes to standstill within a fifth of a turn, as an SL-1200
does (0.72 s at 33 1/3 rpm, 0.53 s at 45; 0.4 s until told the platter's speed), and since
the varispeed follows the factor, the pitch rises and falls with it.
"""

from __future__ import annotations

SPIN_UP_S = 0.7
BRAKE_S = 0.4
BRAKE_TURNS = 0.2


class Motor:
    """A platter motor with a speed factor between 0 (standstill) and 1 (full speed)."""

    def __init__(self, authentic: bool = False) -> None:
        self.authentic = authentic
        # Written by the GUI thread (set_platter_speed), read by the audio thread; a float.
        self.brake_s = BRAKE_S
        self._factor = 0.0
        self._running = False

    @property
    def factor(self) -> float:
        """The current speed as a fraction of the set speed."""
        return self._factor

    @property
    def running(self) -> bool:
        """Whether the motor is switched on (it may still be spinning up)."""
        return self._running

    @property
    def settled(self) -> bool:
        """True at full speed while on, or at standstill while off."""
        return self._factor == (1.0 if self._running else 0.0)

    def start(self) -> None:
        """Switch on: instant mode is at full speed at once."""
        self._running = True
        if not self.authentic:
            self._factor = 1.0

    def stop(self) -> None:
        """Switch off: instant mode is at standstill at once."""
        self._running = False
        if not self.authentic:
            self._factor = 0.0

    def halt(self) -> None:
        """Switch off and stand still at once (a new record is put on)."""
        self._running = False
        self._factor = 0.0

    def advance(self, seconds: float) -> float:
        """Move time on by ``seconds`` and return the new factor."""
        if self._running:
            self._factor = min(1.0, self._factor + seconds / SPIN_UP_S)
        else:
            self._factor = max(0.0, self._factor - seconds / self.brake_s)
        return self._factor


def brake_time_s(rpm: float) -> float:
    """Return how long a constant brake takes to stop a platter at ``rpm`` in a fifth of a turn.

    Distance under constant deceleration is half the start speed times the time, so
    ``t = 2 * 72 degrees / (rpm * 6 degrees per second)``: 0.72 s at 33 1/3 rpm.
    """
    return 2.0 * BRAKE_TURNS * 360.0 / (rpm * 6.0) if rpm > 0 else BRAKE_S


def motor_loudness(factor: float) -> float:
    """How loud a slowly turning record sounds: silent at rest, full from a quarter speed up."""
    x = min(1.0, max(0.0, factor / 0.25))
    return x * x * (3.0 - 2.0 * x)
