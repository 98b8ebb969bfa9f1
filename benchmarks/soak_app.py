"""The app under soak: launched as a user runs it, steered and followed over MPRIS.

Each run gets its own home, XDG folders and runtime folder (so it meets no other player and
keeps its own log), the private X server, PulseAudio and session bus. Tracks started are
read from MPRIS as a desktop's widget reads them (``playerctl --follow``); the rate is set as
a user would: the platter's speed key, then the pitch fader through MPRIS ``Rate``.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Mapping
from pathlib import Path

from tests.support.mpris_client import BUS_NAME, OBJECT_PATH, PLAYER, LineWatch, MprisClient

ROOT = Path(__file__).resolve().parents[1]
CUT_RPM = 100.0 / 3.0  # an album is an LP cut at 33 1/3
SPEED_KEYS = {"1": 100.0 / 3.0, "2": 45.0, "3": 78.0}  # app/ui/shortcuts.py
PITCH_REACH = 0.16  # the fader's wider range (deck/pitch_range); the default is 0.08
UNDERRUN = re.compile(r"audio underrun \((\d+) so far\)")
_NUMBER = re.compile(r"[-+]?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?")


def speed_key_for(rate: float, reach: float = PITCH_REACH) -> str | None:
    """Return the speed key whose platter speed, with the pitch fader, reaches ``rate``.

    On an LP the rate is ``rpm / 33 1/3 * (1 + pitch)`` with ``|pitch| <= reach``: with the
    +-16 % fader, 33 1/3 reaches 0.84-1.16, 45 reaches 1.13-1.57 and 78 reaches 1.97-2.71.
    Returns None for a rate none reaches.
    """
    for key, rpm in SPEED_KEYS.items():
        base = rpm / CUT_RPM
        if base * (1 - reach) <= rate <= base * (1 + reach):
            return key
    return None


def app_env(base: Mapping[str, str], workdir: Path, pitch_reach: float | None) -> dict[str, str]:
    """Return the environment of one app run with private folders under ``workdir``.

    ``base`` holds the display, PulseAudio and bus variables; ``pitch_reach`` (when given)
    goes into the settings file as the pitch fader's range.
    """
    home = workdir / "home"
    runtime = workdir / "runtime"
    runtime.mkdir(mode=0o700, parents=True)
    env = {**os.environ, **base}
    env.pop("QT_QPA_PLATFORM", None)
    env.update(
        HOME=str(home), XDG_CONFIG_HOME=str(home / ".config"),
        XDG_DATA_HOME=str(home / ".local/share"), XDG_CACHE_HOME=str(home / ".cache"),
        XDG_STATE_HOME=str(home / ".local/state"), XDG_RUNTIME_DIR=str(runtime),
    )  # fmt: skip
    if pitch_reach is not None:
        settings = home / ".config" / "starlight" / "starlight.conf"
        settings.parent.mkdir(parents=True)
        settings.write_text(f"[deck]\npitch_range={pitch_reach}\n")
    return env


def log_files(env: Mapping[str, str]) -> list[Path]:
    """Return the app's log file and its rotated backups (app/platform/logs.py)."""
    return sorted((Path(env["XDG_STATE_HOME"]) / "starlight" / "logs").glob("starlight.log*"))


def underruns_in(text: str) -> int:
    """Return the underruns a log reports: the highest "(N so far)", or 0."""
    return max((int(n) for n in UNDERRUN.findall(text)), default=0)


class RunningApp:
    """The app started on ``paths`` with ``env``; its output goes to ``output``."""

    def __init__(self, paths: list[Path], env: dict[str, str], output: Path) -> None:
        self.env = env
        self.output = output
        with output.open("wb") as out:
            self.proc = subprocess.Popen(
                [sys.executable, str(ROOT / "main.py"), *map(str, paths)],
                env=env, stdout=out, stderr=subprocess.STDOUT, cwd=ROOT,
            )  # fmt: skip
        self.client = MprisClient(env)
        self.follow: LineWatch | None = None

    def wait_until_ready(self, timeout_s: float = 60.0) -> None:
        """Wait for the player on the bus, then follow what it plays."""
        self.client.wait_for_player(timeout=timeout_s)
        self.follow = LineWatch(
            ["playerctl", "--player=starlight", "--follow", "metadata", "--format",
             "{{status}}\t{{xesam:url}}"], self.env,
        )  # fmt: skip

    def started(self) -> list[str]:
        """Return the URLs of the tracks started so far, in order (repeats of one collapse)."""
        lines = list(self.follow.lines) if self.follow is not None else []
        urls: list[str] = []
        for line in lines:
            url = line.partition("\t")[2]
            if url and (not urls or urls[-1] != url):
                urls.append(url)
        return urls

    def status(self) -> str:
        """Return the last playback status MPRIS announced."""
        lines = list(self.follow.lines) if self.follow is not None else []
        return lines[-1].partition("\t")[0] if lines else ""

    def number(self, name: str) -> float:
        """Return a numeric MPRIS player property (``Rate``, ``MaximumRate``)."""
        text = self.client.gdbus_get(name)
        found = _NUMBER.search(text.replace("<", " "))
        if found is None:
            raise RuntimeError(f"MPRIS {name} is not a number: {text}")
        return float(found.group())

    def set_rate(self, rate: float) -> float:
        """Set the rate as a user would (speed key, then the fader); return the rate reached."""
        key = speed_key_for(rate)
        if key is None:
            raise RuntimeError(f"no platter speed reaches rate {rate} with the +-16 % fader")
        window = ["search", "--sync", "--onlyvisible", "--name", "Starlight Turntable"]
        subprocess.run(["xdotool", *window, "windowfocus", "--sync", "key", key],
                       env=self.env, check=True, timeout=20, capture_output=True)  # fmt: skip
        deadline = time.monotonic() + 10
        while not self.number("MinimumRate") <= rate <= self.number("MaximumRate"):
            if time.monotonic() > deadline:
                raise RuntimeError(f"the speed key {key} did not bring rate {rate} in reach")
            time.sleep(0.05)
        self.client.run(
            "gdbus", "call", "--session", "--dest", BUS_NAME, "--object-path", OBJECT_PATH,
            "--method", "org.freedesktop.DBus.Properties.Set", PLAYER, "Rate", f"<{rate!r}>",
        )  # fmt: skip
        deadline = time.monotonic() + 10
        while abs((reached := self.number("Rate")) - rate) > 0.005 * rate:
            if time.monotonic() > deadline:
                raise RuntimeError(f"the player stays at rate {reached}, not {rate}")
            time.sleep(0.05)
        return round(reached, 4)

    def window_visible(self) -> bool:
        """Whether the main window is mapped (visible) on the X server."""
        found = subprocess.run(
            ["xdotool", "search", "--onlyvisible", "--name", "Starlight Turntable"],
            env=self.env, capture_output=True, text=True, timeout=10,
        )  # fmt: skip
        return bool(found.stdout.strip())

    def pixels_changing(self, folder: Path, gap_s: float = 0.5) -> int:
        """Return how many pixels of the screen change in ``gap_s`` (0: nothing moves).

        Two screenshots of the X server's root window (ImageMagick's ``import``), compared
        with ``compare -metric AE``: the deck, the amplifier's analyser and the sky move.
        """
        shots = [folder / "screen-a.png", folder / "screen-b.png"]
        for shot in shots:
            subprocess.run(["import", "-window", "root", str(shot)], env=self.env, check=True,
                           timeout=30, capture_output=True)  # fmt: skip
            time.sleep(gap_s)
        done = subprocess.run(
            ["compare", "-metric", "AE", *map(str, shots), "null:"],
            capture_output=True, text=True, timeout=30,
        )  # fmt: skip
        found = _NUMBER.search(done.stderr)
        if done.returncode > 1 or found is None:
            raise RuntimeError(f"the screenshots could not be compared: {done.stderr.strip()}")
        return round(float(found.group()))

    def alive(self) -> bool:
        """Whether the app is still running."""
        return self.proc.poll() is None

    def tail(self, lines: int = 30) -> str:
        """Return the end of the app's terminal output (for failure messages)."""
        text = self.output.read_text(errors="replace") if self.output.exists() else ""
        return "\n".join(text.splitlines()[-lines:])

    def logged_underruns(self) -> tuple[int, int]:
        """Return the underruns the log file and the terminal output report."""
        in_log = max((underruns_in(p.read_text(errors="replace")) for p in log_files(self.env)),
                     default=0)  # fmt: skip
        return in_log, underruns_in(self.output.read_text(errors="replace"))

    def keep_logs(self, folder: Path, name: str) -> Path:
        """Copy the app's log file and terminal output into ``folder`` as ``name``.log/.out."""
        folder.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(self.output, folder / f"{name}.out")
        logs = [p.read_text(errors="replace") for p in reversed(log_files(self.env))]
        (folder / f"{name}.log").write_text("".join(logs))
        return folder

    def quit(self) -> int | None:
        """Quit over MPRIS (as a desktop does), else SIGTERM; return the exit code."""
        if self.follow is not None:
            self.follow.close()
        if self.alive():
            try:
                self.client.run(
                    "gdbus", "call", "--session", "--dest", BUS_NAME, "--object-path",
                    OBJECT_PATH, "--method", "org.mpris.MediaPlayer2.Quit",
                )  # fmt: skip
                return self.proc.wait(20)
            except (AssertionError, subprocess.TimeoutExpired):
                self.proc.send_signal(signal.SIGTERM)
        try:
            return self.proc.wait(10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
            return None
