"""Drive and watch an MPRIS2 player from outside, as desktops do: playerctl, gdbus and busctl.

Every tool runs as a subprocess with an argument list and the environment of the private
session bus the test started, so nothing reaches the user's own bus.
"""

from __future__ import annotations

import subprocess
import threading
import time
from collections.abc import Callable, Mapping

MPRIS_TOOLS = ("playerctl", "gdbus", "busctl")
BUS_NAME = "org.mpris.MediaPlayer2.starlight"
OBJECT_PATH = "/org/mpris/MediaPlayer2"
PLAYER = "org.mpris.MediaPlayer2.Player"


class MprisClient:
    """Commands and queries for one player on one bus."""

    def __init__(self, env: Mapping[str, str], player: str = "starlight") -> None:
        self.env = dict(env)
        self.player = player

    def run(self, *args: str, timeout: float = 5.0) -> str:
        """Run a tool and return its output; raise with its error output when it fails."""
        done = subprocess.run(
            list(args), env=self.env, capture_output=True, text=True, timeout=timeout
        )
        if done.returncode != 0:
            raise AssertionError(f"{' '.join(args)} failed: {done.stderr.strip()}")
        return done.stdout.strip()

    def playerctl(self, *args: str) -> str:
        """Run ``playerctl --player=<player> ARGS``."""
        return self.run("playerctl", f"--player={self.player}", *args)

    def wait_for_player(self, timeout: float = 20.0) -> None:
        """Wait until the player is on the bus."""
        deadline = time.perf_counter() + timeout
        while time.perf_counter() < deadline:
            listed = subprocess.run(
                ["playerctl", "--list-all"], env=self.env, capture_output=True, text=True
            )
            if any(name.startswith(self.player) for name in listed.stdout.split()):
                return
            time.sleep(0.05)
        raise AssertionError(f"{self.player} did not appear on the bus in {timeout} s")

    def wait_until(
        self, args: tuple[str, ...], accept: Callable[[str], bool], timeout: float = 5.0
    ) -> str:
        """Repeat ``playerctl ARGS`` until ``accept`` takes its output; return that output."""
        deadline = time.perf_counter() + timeout
        output = ""
        while time.perf_counter() < deadline:
            try:
                output = self.playerctl(*args)
            except AssertionError as exc:
                output = str(exc)
            if accept(output):
                return output
            time.sleep(0.05)
        raise AssertionError(f"playerctl {' '.join(args)} still says {output!r} after {timeout} s")

    def typed_property(self, name: str, interface: str = PLAYER) -> str:
        """Return ``busctl``'s typed rendering of a property (``x 7000000``, ``a{sv} ...``)."""
        return self.run("busctl", "--user", "get-property", BUS_NAME, OBJECT_PATH, interface, name)

    def gdbus_get(self, name: str, interface: str = PLAYER) -> str:
        """Return ``gdbus``'s GVariant text of a property (``(<int64 3000000>,)``)."""
        return self.run(
            "gdbus", "call", "--session", "--dest", BUS_NAME, "--object-path", OBJECT_PATH,
            "--method", "org.freedesktop.DBus.Properties.Get", interface, name,
        )  # fmt: skip


class LineWatch:
    """A long-running tool (``playerctl --follow``, ``gdbus monitor``) whose lines are kept."""

    def __init__(self, args: list[str], env: Mapping[str, str]) -> None:
        self.lines: list[str] = []
        self._lock = threading.Lock()
        self._proc = subprocess.Popen(
            args, env=dict(env), stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True
        )
        self._thread = threading.Thread(target=self._read, daemon=True)
        self._thread.start()

    def _read(self) -> None:
        assert self._proc.stdout is not None
        for line in self._proc.stdout:
            with self._lock:
                self.lines.append(line.rstrip("\n"))

    def mark(self) -> int:
        """Return how many lines have come so far."""
        with self._lock:
            return len(self.lines)

    def wait_for(self, accept: Callable[[str], bool], after: int = 0, timeout: float = 5.0) -> str:
        """Return the first line from index ``after`` on that ``accept`` takes."""
        deadline = time.perf_counter() + timeout
        while time.perf_counter() < deadline:
            with self._lock:
                for line in self.lines[after:]:
                    if accept(line):
                        return line
            time.sleep(0.02)
        with self._lock:
            seen = self.lines[after:]
        raise AssertionError(f"no matching line in {timeout} s; saw {seen!r}")

    def close(self) -> None:
        """Stop the tool."""
        self._proc.terminate()
        try:
            self._proc.wait(3)
        except subprocess.TimeoutExpired:
            self._proc.kill()
            self._proc.wait()
        self._thread.join(2)
        if self._proc.stdout is not None:
            self._proc.stdout.close()
