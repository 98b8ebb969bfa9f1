"""MPRIS figures against mpv with the Debian ``mpv-mpris`` plugin, same run, same null sink.

Both players run on one private session bus and play into the private PulseAudio null sink,
recorded through its monitor. This process is the desktop: a QtDBus client on that bus that
sends the calls and times them.

- **MPRIS OpenUri to sound**: from sending ``OpenUri(file://...)`` to a stopped player until the
  first non-silent frame reaches the sink (median of ``reps``; floor at most 3x mpv, aim 1.5x).
- **MPRIS SetPosition to sound**: a file whose every frame encodes its own index plays; from
  sending ``SetPosition(trackid, t)`` until the frames of ``t`` reach the sink, extrapolated back
  to the target frame exactly as ``run.py``'s seek figure does (floor at most 3x mpv).
- **MPRIS property round trip**: a blocking ``Properties.Get`` of ``PlaybackStatus`` and of
  ``Metadata`` from this client while the player plays (median; reported, with mpv's).

Run alone with ``python -m benchmarks.mpris_bench [--quick]``; ``run.py`` calls
:func:`bench_mpris` with its own sink and environment.
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import numpy as np

from tests.support import media
from tests.support.services import PulseServer, Recorder, SessionBus, XvfbServer

ROOT = Path(__file__).resolve().parents[1]
RATE = 44100
OURS = "org.mpris.MediaPlayer2.starlight"
MPV = "org.mpris.MediaPlayer2.mpv"
PLAYER = "org.mpris.MediaPlayer2.Player"
PATH = "/org/mpris/MediaPlayer2"
MPV_MPRIS_PLUGINS = (
    "/usr/lib/x86_64-linux-gnu/mpv-mpris/mpris.so",
    "/usr/lib/mpv-mpris/mpris.so",
    "/etc/mpv/scripts/mpris.so",
)
ROUND_TRIPS = 60
#: Below this a time to sound is within the monitor's chunk timing (run.py's convention).
RESOLUTION_MS = 2.0
#: The engine's own seek-to-sound floor (run.py), used when mpv's time is below resolution.
SEEK_FLOOR_MS = 60.0

Record = Callable[..., None]


class BusClient:
    """The desktop's side: a QtDBus connection of this process to the private bus."""

    def __init__(self, address: str) -> None:
        from PySide6.QtCore import QCoreApplication
        from PySide6.QtDBus import QDBusConnection

        self._app = QCoreApplication.instance() or QCoreApplication([])
        self.address = address
        self.bus = QDBusConnection.connectToBus(address, f"mpris-bench-{os.getpid()}")
        if not self.bus.isConnected():
            raise RuntimeError(f"cannot reach the bench's bus: {self.bus.lastError().message()}")

    def _call(self, service: str, interface: str, member: str, *args: object) -> object:
        from PySide6.QtDBus import QDBusMessage

        message = QDBusMessage.createMethodCall(service, PATH, interface, member)
        message.setArguments(list(args))
        return message

    def send(self, service: str, member: str, *args: object) -> float:
        """Send a Player method call without waiting; return the time just before it left."""
        message = self._call(service, PLAYER, member, *args)
        t0 = time.perf_counter()
        self.bus.send(message)  # type: ignore[arg-type]
        return t0

    def get(self, service: str, name: str) -> object:
        """Return a Player property (a blocking call: the player is another process)."""
        message = self._call(service, "org.freedesktop.DBus.Properties", "Get", PLAYER, name)
        reply = self.bus.call(message)  # type: ignore[arg-type]
        if reply.type().name != "ReplyMessage":
            raise RuntimeError(f"Get {name} from {service}: {reply.errorMessage()}")
        return reply.arguments()[0]

    def wait_for(self, service: str, timeout: float = 30.0) -> None:
        """Wait until ``service`` answers on the bus."""
        deadline = time.perf_counter() + timeout
        while time.perf_counter() < deadline:
            try:
                self.get(service, "PlaybackStatus")
                return
            except RuntimeError:
                time.sleep(0.05)
        raise RuntimeError(f"{service} did not come on the bus in {timeout} s")

    def round_trip_ms(self, service: str, name: str, count: int = ROUND_TRIPS) -> float:
        """Median milliseconds of a Get of ``name``."""
        times = []
        for _ in range(count):
            t0 = time.perf_counter()
            self.get(service, name)
            times.append(time.perf_counter() - t0)
        return round(statistics.median(times) * 1000, 2)

    def track_path(self, service: str) -> object:
        """Return the current ``mpris:trackid`` as an object path, for SetPosition.

        Read once, untimed, with ``gdbus`` (PySide6 hands a received ``a{sv}`` back as a raw
        ``QDBusArgument``).
        """
        from PySide6.QtDBus import QDBusObjectPath

        shown = subprocess.run(
            ["gdbus", "call", "--session", "--dest", service, "--object-path", PATH, "--method",
             "org.freedesktop.DBus.Properties.Get", PLAYER, "Metadata"],
            env={**os.environ, "DBUS_SESSION_BUS_ADDRESS": self.address},
            capture_output=True, text=True, check=True, timeout=10,
        ).stdout  # fmt: skip
        found = re.search(r"'mpris:trackid': <objectpath '([^']+)'>", shown)
        if found is None:
            raise RuntimeError(f"{service} shows no track id: {shown}")
        return QDBusObjectPath(found.group(1))


def mpv_plugin() -> str | None:
    """Return the mpv-mpris plugin's path, or None when the package is not installed."""
    return next((p for p in MPV_MPRIS_PLUGINS if os.path.exists(p)), None)


def launch_ours(env: dict[str, str]) -> subprocess.Popen[bytes]:
    """Start the app with nothing to play (it waits, stopped)."""
    return subprocess.Popen([sys.executable, str(ROOT / "main.py")], env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # fmt: skip


def launch_mpv(env: dict[str, str], plugin: str) -> subprocess.Popen[bytes]:
    """Start mpv idle with the MPRIS plugin, on the same sink and bus."""
    from benchmarks.mpv import MPV_ARGS

    args = [*MPV_ARGS, "--idle=yes", "--no-terminal", f"--script={plugin}"]
    return subprocess.Popen(args, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def stop_process(proc: subprocess.Popen[bytes]) -> None:
    proc.terminate()
    try:
        proc.wait(5)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


def open_uri_times(
    client: BusClient, rec: Recorder, service: str, uri: str, reps: int
) -> list[float]:
    """Seconds from OpenUri to the first sound, each time from a stopped, silent player."""
    times = []
    for _ in range(reps):
        client.send(service, "Stop")
        rec.wait_for_silence(rec.mark(), timeout=10, min_frames=RATE // 5)
        time.sleep(0.3)
        mark = rec.mark()
        t0 = client.send(service, "OpenUri", uri)
        onset = rec.wait_for_sound(mark, timeout=10)
        times.append(rec.time_of_frame(onset) - t0)
        time.sleep(0.4)
    return times


def set_position_times(client: BusClient, rec: Recorder, service: str, uri: str,
                       reps: int) -> list[float]:  # fmt: skip
    """Seconds from SetPosition to the target's frames, with the counter file playing."""
    from benchmarks.run import counter_onset

    client.send(service, "OpenUri", uri)
    rec.wait_for_sound(rec.mark(), timeout=10)
    time.sleep(1.0)
    track = client.track_path(service)
    times = []
    for target_s in np.linspace(5, 50, reps):
        position_us = round(float(target_s) * 1_000_000)
        mark = rec.mark()
        t0 = client.send(service, "SetPosition", track, _int64(position_us))
        onset = counter_onset(rec, mark, round(target_s * RATE), timeout=10)
        times.append(rec.time_of_frame(onset) - t0)
        time.sleep(0.3)
    return times


def _int64(value: int) -> object:
    """Return ``value`` typed ``x`` for a method call (the signature is ``ox``)."""
    from app.platform.mpris_types import int64_argument

    argument = int64_argument(value)
    if argument is None:
        raise RuntimeError("this Qt cannot send an int64")
    return argument


def median_ms(values: list[float]) -> float:
    return round(statistics.median(values) * 1000, 1)


def ratio(ours: float, theirs: float | None) -> float | None:
    """Our figure over mpv's; None when mpv's is below the method's 2 ms resolution."""
    return round(ours / theirs, 2) if theirs is not None and theirs >= RESOLUTION_MS else None


def measure(client: BusClient, rec: Recorder, service: str, short: Path, counter: Path,
            reps: int) -> dict[str, float]:  # fmt: skip
    """Every figure for one player, already running on the bus."""
    opened = open_uri_times(client, rec, service, short.as_uri(), reps)
    seeks = set_position_times(client, rec, service, counter.as_uri(), reps)
    status = client.round_trip_ms(service, "PlaybackStatus")
    metadata = client.round_trip_ms(service, "Metadata")
    client.send(service, "Stop")
    return {"open": median_ms(opened), "seek": median_ms(seeks), "status": status,
            "metadata": metadata}  # fmt: skip


def bench_mpris(
    record: Record, env: dict[str, str], workdir: Path, *, pulse: PulseServer, reps: int = 5
) -> None:
    """Measure the MPRIS figures for the app and for mpv-mpris; ``record`` each.

    ``env`` is the app's environment (display, sink, private home); ``pulse`` the server whose
    null sink both players use. A private session bus is started here for both.
    """
    short = media.write_flac(workdir / "mpris short.flac", media.noise_signal(20 * RATE, seed=5))
    counter = media.write_flac(workdir / "mpris counter.flac", media.counter_signal(60 * RATE))
    with SessionBus() as bus, Recorder(pulse) as rec:
        address = bus.env["DBUS_SESSION_BUS_ADDRESS"]
        client = BusClient(address)
        ours_env = _private_env(env, workdir / "mpris-app", address)
        app = launch_ours(ours_env)
        try:
            client.wait_for(OURS)
            time.sleep(2.0)  # the window settles (its first paint, the startup scan)
            ours = measure(client, rec, OURS, short, counter, reps)
        finally:
            stop_process(app)
        theirs: dict[str, float] | None = None
        plugin = mpv_plugin()
        if plugin is not None:
            peer = launch_mpv({**env, "DBUS_SESSION_BUS_ADDRESS": address}, plugin)
            try:
                client.wait_for(MPV)
                theirs = measure(client, rec, MPV, short, counter, reps)
            finally:
                stop_process(peer)
    _record(record, ours, theirs)


def _private_env(env: dict[str, str], home: Path, address: str) -> dict[str, str]:
    runtime = home / "runtime"
    runtime.mkdir(parents=True, exist_ok=True, mode=0o700)
    return {
        **env, "DBUS_SESSION_BUS_ADDRESS": address, "HOME": str(home),
        "XDG_CONFIG_HOME": str(home / ".config"), "XDG_DATA_HOME": str(home / ".local/share"),
        "XDG_CACHE_HOME": str(home / ".cache"), "XDG_STATE_HOME": str(home / ".local/state"),
        "XDG_RUNTIME_DIR": str(runtime),
    }  # fmt: skip


def _record(record: Record, ours: dict[str, float], theirs: dict[str, float] | None) -> None:
    peer = theirs or {}
    open_ratio = ratio(ours["open"], peer.get("open"))
    record("MPRIS OpenUri to sound", ours["open"], "ms", "<= 3x mpv (aim 1.5x)",
           open_ratio is not None and open_ratio <= 3, mpv_ms=peer.get("open"),
           ratio=open_ratio)  # fmt: skip
    # mpv flushes PulseAudio's buffer on a seek, so its new frames sound within the monitor's
    # resolution and no ratio can be taken; then the engine's own seek floor judges.
    seek_ratio = ratio(ours["seek"], peer.get("seek"))
    seek_ok = seek_ratio <= 3 if seek_ratio is not None else ours["seek"] <= SEEK_FLOOR_MS
    judged = "ratio" if seek_ratio is not None else f"<= {SEEK_FLOOR_MS:.0f} ms"
    record("MPRIS SetPosition to sound", ours["seek"], "ms", "<= 3x mpv", seek_ok,
           mpv_ms=peer.get("seek"), ratio=seek_ratio, judged_by=judged)  # fmt: skip
    record("MPRIS property round trip", ours["status"], "ms", "reported", True,
           metadata_ms=ours["metadata"], mpv_ms=peer.get("status"),
           mpv_metadata_ms=peer.get("metadata"))  # fmt: skip


def main() -> int:
    """Run the MPRIS figures alone, on private services, and print them."""
    from benchmarks.run import Bench, app_env

    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="fewer repetitions")
    args = parser.parse_args()
    reps = 3 if args.quick else 7
    with tempfile.TemporaryDirectory(prefix="starlight-mpris-bench-") as name:
        workdir = Path(name)
        bench = Bench(reps, workdir)
        with PulseServer() as pulse, XvfbServer() as xvfb:
            pulse.apply_to_environ()
            env = app_env(workdir, xvfb.env["DISPLAY"])
            bench_mpris(bench.record, env, workdir, pulse=pulse, reps=reps)
    return 0 if all(r["ok"] for r in bench.results.values()) else 1


if __name__ == "__main__":
    sys.exit(main())
