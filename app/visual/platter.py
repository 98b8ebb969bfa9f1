"""What moves on the deck, over time: platter, strobe, tonearm lift and swing, a record's flip.

Every motion here is a plain object advanced by ``advance(dt_s)`` with the seconds that really
passed, so the picture turns at true speed whatever the frame rate: 33 1/3 rpm is 200 degrees
a second at 30, 60 or 144 frames a second alike. Figures from ``shared/docs/reference.md``
section 2: an SL-1200 spins up to full speed in 0.7 s and its electric brake stops the platter
within about a fifth of a turn. Qt-free, so the deck view and its tests share one truth.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

from app.visual.deck import (
    GroovePlace,
    SideLayout,
    arm_swing_deg,
    degrees_per_second,
    radius_for_swing,
    strobe_dots,
    strobe_drift_deg_per_s,
)

SPIN_UP_S = 0.7
BRAKE_TURNS = 0.2
CUE_S = 0.5
FLIP_S = 1.0
ARM_FOLLOW_S = 0.12  # time constant of the arm catching up with a jump of the groove
ARM_SNAP_DEG = 0.6  # smaller moves are followed exactly (the groove's own slow creep)
ARM_SETTLED_DEG = 0.01
STROBE_ROW_PITCHES = (0.0, 0.033)  # per speed ring: nominal, and +3.3 % as on a real platter
STROBE_SPEEDS = (100.0 / 3.0, 45.0)
REST_SWING_DEG = 50.5  # the arm on its rest, its stylus clear of the platter
HOLD_S = 0.6  # after a needle drop the arm waits this long at the drop for the seek
HOLD_MATCH_DEG = 0.8  # the source has caught up once it names a groove this close
LOCK_SWAY_MM = 0.6  # the lock groove's eccentricity: the arm sways once a turn


class PlatterMotion:
    """The platter's angle and speed under a motor that spins up and brakes.

    ``speed_factor`` is the fraction of the set speed (``rpm`` times ``1 + pitch``). In
    authentic mode the factor climbs linearly to 1 in :data:`SPIN_UP_S` and the brake takes
    it down linearly so the platter stops within :data:`BRAKE_TURNS` of a turn; otherwise
    start and stop happen at once.
    """

    def __init__(
        self, rpm: float = 100.0 / 3.0, pitch: float = 0.0, authentic: bool = True
    ) -> None:
        self.rpm = rpm
        self.pitch = pitch
        self.authentic = authentic
        self.running = False
        self.speed_factor = 0.0
        self.angle_deg = 0.0

    @property
    def full_deg_per_s(self) -> float:
        """The angular speed at full speed, with pitch."""
        return degrees_per_second(self.rpm, self.pitch)

    @property
    def deg_per_s(self) -> float:
        """The angular speed now."""
        return self.speed_factor * self.full_deg_per_s

    @property
    def moving(self) -> bool:
        """Whether the platter turns or the motor is about to turn it."""
        return self.speed_factor > 0.0 or self.running

    @property
    def settled(self) -> bool:
        """True at full speed while running, or at standstill while stopped."""
        return self.speed_factor == (1.0 if self.running else 0.0)

    def brake_s(self) -> float:
        """Return how long the brake takes from full speed (a fifth of a turn at constant decel)."""
        full = self.full_deg_per_s
        return 2.0 * BRAKE_TURNS * 360.0 / full if full > 0 else 0.0

    def set_running(self, running: bool) -> None:
        """Switch the motor on or off; instant mode reaches the new speed at once."""
        self.running = running
        if not self.authentic:
            self.speed_factor = 1.0 if running else 0.0

    def set_authentic(self, authentic: bool) -> None:
        """Choose spin-up and brake (True) or instant start and stop."""
        self.authentic = authentic
        if not authentic:
            self.speed_factor = 1.0 if self.running else 0.0

    def advance(self, dt_s: float) -> None:
        """Move time on by ``dt_s`` seconds, integrating the angle exactly within the step."""
        if dt_s <= 0:
            return
        target = 1.0 if self.running else 0.0
        rate = 1.0 / SPIN_UP_S if self.running else 1.0 / max(1e-6, self.brake_s())
        start = self.speed_factor
        ramp_s = min(dt_s, abs(target - start) / rate) if start != target else 0.0
        end = start + math.copysign(rate * ramp_s, target - start) if ramp_s else start
        # Linear change of speed over the ramp, then steady speed for the rest of the step.
        turned = (start + end) / 2.0 * ramp_s + end * (dt_s - ramp_s)
        self.speed_factor = target if abs(target - end) < 1e-9 else end
        self.angle_deg = (self.angle_deg + turned * self.full_deg_per_s) % 360.0


def _smoothstep(x: float) -> float:
    x = min(1.0, max(0.0, x))
    return x * x * (3.0 - 2.0 * x)


class ArmLift:
    """The cue lever's damped lift: ``height`` 0 (stylus in the groove) to 1 (raised)."""

    def __init__(self, lowered: bool = False, duration_s: float = CUE_S) -> None:
        self.duration_s = duration_s
        self.lowered = lowered
        self._progress = 0.0 if lowered else 1.0  # linear time share, eased into height

    @property
    def height(self) -> float:
        """The arm's height, eased, 0..1."""
        return _smoothstep(self._progress)

    @property
    def moving(self) -> bool:
        """Whether the arm is on its way up or down."""
        return self._progress != (0.0 if self.lowered else 1.0)

    def set_lowered(self, lowered: bool, animate: bool = True) -> None:
        """Lower or raise the arm; without ``animate`` it is there at once."""
        self.lowered = lowered
        if not animate:
            self._progress = 0.0 if lowered else 1.0

    def advance(self, dt_s: float) -> None:
        """Move time on by ``dt_s`` seconds."""
        step = dt_s / self.duration_s if self.duration_s > 0 else 1.0
        if self.lowered:
            self._progress = max(0.0, self._progress - step)
        else:
            self._progress = min(1.0, self._progress + step)


class ArmSwing:
    """The tonearm's swing, following a target: small creeps exactly, jumps smoothly."""

    def __init__(self, swing_deg: float) -> None:
        self.swing_deg = swing_deg
        self.target_deg = swing_deg

    @property
    def moving(self) -> bool:
        """Whether the arm is still catching up with its target."""
        return self.swing_deg != self.target_deg

    def jump_to(self, swing_deg: float) -> None:
        """Put the arm at ``swing_deg`` at once (a hand holds it)."""
        self.swing_deg = self.target_deg = swing_deg

    def advance(self, dt_s: float) -> None:
        """Move time on by ``dt_s`` seconds towards the target."""
        gap = self.target_deg - self.swing_deg
        if abs(gap) <= ARM_SNAP_DEG:
            self.swing_deg = self.target_deg
            return
        left = gap * math.exp(-max(0.0, dt_s) / ARM_FOLLOW_S)
        self.swing_deg = self.target_deg - (left if abs(left) > ARM_SETTLED_DEG else 0.0)


@dataclass(frozen=True, slots=True)
class FlipPose:
    """How the record looks during a flip: lifted, tilted, and which side faces up."""

    lift: float  # 0 on the platter .. 1 fully raised
    tilt_cos: float  # 1 flat .. 0 edge-on; the visible disc's squash along the flip axis
    shows_new_side: bool


class FlipMotion:
    """A record turned over by hand: lift (20 %), flip edge-on and over (60 %), lower (20 %)."""

    def __init__(self, duration_s: float = FLIP_S) -> None:
        self.duration_s = duration_s
        self.progress = 1.0

    @property
    def active(self) -> bool:
        """Whether a flip is under way."""
        return self.progress < 1.0

    def start(self) -> None:
        """Begin a flip from the record lying on the platter."""
        self.progress = 0.0

    def advance(self, dt_s: float) -> None:
        """Move time on by ``dt_s`` seconds."""
        if self.active:
            self.progress = min(1.0, self.progress + dt_s / self.duration_s)

    @property
    def pose(self) -> FlipPose:
        """The record's pose now."""
        t = self.progress
        lift = _smoothstep(t / 0.2) if t < 0.5 else _smoothstep((1.0 - t) / 0.2)
        turn = _smoothstep((t - 0.2) / 0.6)
        return FlipPose(lift, abs(math.cos(math.pi * turn)), turn >= 0.5)


@dataclass(frozen=True, slots=True)
class StrobeRow:
    """One ring of strobe dots: frozen at ``rpm`` times ``1 + pitch`` under the lamp."""

    rpm: float
    pitch: float
    dots: int
    phase_deg: float = 0.0  # where the eye sees the ring, modulo one dot spacing


def strobe_rows(mains_hz: int) -> tuple[StrobeRow, ...]:
    """Return the platter's dot rings, outside in: per speed, nominal then +3.3 %.

    A ring of ``N / (1 + p)`` dots stands still when the platter runs ``p`` fast.
    """
    rows = []
    for rpm in STROBE_SPEEDS:
        nominal = strobe_dots(rpm, mains_hz)
        for pitch in STROBE_ROW_PITCHES:
            rows.append(StrobeRow(rpm, pitch, round(nominal / (1.0 + pitch))))
    return tuple(rows)


class Strobe:
    """The strobe rings as the eye sees them under a lamp flashing at twice mains frequency."""

    def __init__(self, mains_hz: int = 50) -> None:
        self.mains_hz = mains_hz
        self.rows = strobe_rows(mains_hz)

    def set_mains_hz(self, mains_hz: int) -> None:
        """Choose 50 or 60 Hz mains (the dot counts follow)."""
        self.mains_hz = mains_hz
        self.rows = strobe_rows(mains_hz)

    def drift_deg_per_s(self, row: StrobeRow, platter_deg_per_s: float) -> float:
        """Return how fast ``row`` seems to turn with the platter at ``platter_deg_per_s``."""
        rpm_now = platter_deg_per_s / 6.0
        return strobe_drift_deg_per_s(rpm_now, 0.0, self.mains_hz, row.dots)

    def advance(self, dt_s: float, platter_deg_per_s: float) -> None:
        """Move every ring on by its apparent drift over ``dt_s`` seconds."""
        moved = []
        for row in self.rows:
            spacing = 360.0 / row.dots
            phase = row.phase_deg + self.drift_deg_per_s(row, platter_deg_per_s) * dt_s
            moved.append(StrobeRow(row.rpm, row.pitch, row.dots, phase % spacing))
        self.rows = tuple(moved)


def place_on_record(layout: SideLayout, radius_mm: float) -> GroovePlace | None:
    """Return the track and time under ``radius_mm``; the lead-in runs into the first track."""
    disc = layout.disc
    if layout.bands and disc.music_start_mm < radius_mm <= disc.outer_radius_mm:
        return GroovePlace(0, 0.0)
    return layout.place_at(radius_mm)


PositionSource = Callable[[], "tuple[int, float] | None"]


class DeckMotion:
    """Everything that moves on the deck, advanced together by the frame timer.

    The arm aims at the groove the position source names (or at its rest, or rides the lock
    groove); while a hand carries it, it goes where it is put; after a needle drop it waits
    up to :data:`HOLD_S` at the drop for the seek to arrive.
    """

    def __init__(self) -> None:
        self.platter = PlatterMotion(authentic=False)
        self.strobe = Strobe(50)
        self.lift = ArmLift(lowered=False)
        self.arm = ArmSwing(REST_SWING_DEG)
        self.flip = FlipMotion()
        self.layout: SideLayout | None = None
        self.source: PositionSource | None = None
        self.run_out = False
        self.carried = False
        self._hold: tuple[float, float] | None = None  # (swing, seconds left) after a drop
        self._grip_deg = 0.0  # the arm's swing less the pointer's, while carried
        self._lowered_before = False

    @property
    def moving(self) -> bool:
        """Whether anything needs another frame."""
        return (
            self.platter.moving or self.lift.moving or self.arm.moving or self.flip.active
            or self.carried or self._hold is not None
        )  # fmt: skip

    def advance(self, dt_s: float) -> None:
        """Move every motion on by ``dt_s`` seconds and aim the arm."""
        self.platter.advance(dt_s)
        self.strobe.advance(dt_s, self.platter.deg_per_s)
        self.lift.advance(dt_s)
        self.flip.advance(dt_s)
        if self._hold is not None:
            swing, left_s = self._hold
            self._hold = (swing, left_s - dt_s) if left_s > dt_s else None
        self.aim_arm()
        self.arm.advance(dt_s)

    def pick_up(self, pointer_deg: float) -> None:
        """Take the arm in hand (it lifts); ``pointer_deg`` is the swing towards the pointer."""
        self.carried = True
        self._hold = None
        self._grip_deg = self.arm.swing_deg - pointer_deg
        self._lowered_before = self.lift.lowered
        self.lift.set_lowered(False)

    def carry_to(self, pointer_deg: float) -> None:
        """Swing the carried arm with the pointer, between its rest and the lock groove."""
        lock_mm = self.layout.disc.lock_groove_mm if self.layout is not None else 50.0
        swing = pointer_deg + self._grip_deg
        self.arm.jump_to(min(REST_SWING_DEG, max(arm_swing_deg(lock_mm - 1.0), swing)))

    def put_down(self) -> GroovePlace | None:
        """Let go of the arm: over the music the needle drops there, and the place is returned.

        Anywhere else the arm goes back where the position source (or its rest) says.
        """
        self.carried = False
        place = self.place_under(radius_for_swing(self.arm.swing_deg))
        if place is None:
            self.lift.set_lowered(self._lowered_before)
            self.aim_arm()
        else:
            self.hold_arm(self.arm.swing_deg)
            self.lift.set_lowered(True)
        return place

    def place_under(self, radius_mm: float) -> GroovePlace | None:
        """Return the track and time at ``radius_mm`` of the record on the platter, if any."""
        if self.layout is None or self.flip.active:
            return None
        return place_on_record(self.layout, radius_mm)

    def hold_arm(self, swing_deg: float) -> None:
        """Keep the arm at a needle drop until the position source catches up."""
        self._hold = (swing_deg, HOLD_S)
        self.arm.target_deg = swing_deg

    def release_hold(self) -> None:
        """Stop waiting at a needle drop."""
        self._hold = None

    def aim_arm(self) -> None:
        """Aim the arm at the groove the position source names, or at its rest."""
        if self.carried:
            return
        radius = self.groove_radius()
        target = arm_swing_deg(radius) if radius is not None else REST_SWING_DEG
        if self._hold is not None:
            if abs(target - self._hold[0]) > HOLD_MATCH_DEG:
                target = self._hold[0]
            else:
                self._hold = None
        self.arm.target_deg = target

    def groove_radius(self) -> float | None:
        """Return the radius the stylus should be at now, or None for the arm's rest."""
        layout = self.layout
        if layout is None or self.flip.active:
            return None
        if self.run_out:  # the lock groove is a little off-centre: the arm sways once a turn
            sway = LOCK_SWAY_MM * math.sin(math.radians(self.platter.angle_deg))
            return layout.disc.lock_groove_mm + sway
        place = self.source() if self.source is not None else None
        if place is None or not 0 <= place[0] < len(layout.bands):
            return None
        return layout.radius_at(place[0], place[1])
