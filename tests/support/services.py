"""Real services for end-to-end tests: PulseAudio, a monitor recorder, Xvfb and a D-Bus bus.

Every service runs in its own private temporary directory and never touches the user's real
session: the PulseAudio daemon gets a private ``HOME``, runtime and state directory and no D-Bus,
its clients get a private cookie and client configuration (so libpulse does not create
``~/.config/pulse/cookie``), and the session bus uses a private configuration file without
service activation.

Each service is a context manager with ``start()``/``stop()``::

    with PulseServer() as pulse, Recorder(pulse) as rec:
        before = rec.mark()
        ...  # play something into the sink
        first = rec.wait_for_sound(after_frame=before, timeout=5.0)

Start failures raise :class:`ServiceError` with the tail of the service's log.
"""

from __future__ import annotations

import atexit
import bisect
import contextlib
import os
import select
import shutil
import socket
import subprocess
import tempfile
import threading
import time
import weakref
from collections.abc import Iterator, Mapping
from pathlib import Path
from types import TracebackType
from typing import IO, Self

import numpy as np
import numpy.typing as npt

__all__ = [
    "DBUS_TOOLS",
    "PULSE_TOOLS",
    "XVFB_TOOLS",
    "PulseServer",
    "Recorder",
    "ServiceError",
    "SessionBus",
    "XvfbServer",
    "require_tools",
]

#: Executables :class:`PulseServer` and :class:`Recorder` need.
PULSE_TOOLS: tuple[str, ...] = ("pulseaudio", "pactl", "pacat", "parec")
#: Executables :class:`XvfbServer` needs.
XVFB_TOOLS: tuple[str, ...] = ("Xvfb",)
#: Executables :class:`SessionBus` needs.
DBUS_TOOLS: tuple[str, ...] = ("dbus-daemon",)

_BYTES_PER_SAMPLE = 2  # s16le
_POLL_INTERVAL = 0.005


class ServiceError(RuntimeError):
    """A test service could not be started or did not answer in time."""


def require_tools(*names: str) -> list[str]:
    """Return the executables among ``names`` that are not on ``PATH``.

    Parameters
    ----------
    names
        Executable names, e.g. ``"pulseaudio"``, ``"Xvfb"``.

    Returns
    -------
    list[str]
        The missing ones, in the order given; empty when all are present.
    """
    return [name for name in names if shutil.which(name) is None]


# --------------------------------------------------------------------------------------------
# Process helpers
# --------------------------------------------------------------------------------------------

_LIVE_SERVICES: weakref.WeakSet[_Service] = weakref.WeakSet()


@atexit.register
def _stop_leftovers() -> None:
    """Stop services a crashed test session left running (best effort)."""
    for service in list(_LIVE_SERVICES):
        with contextlib.suppress(Exception):
            service.stop()


def _stop_process(proc: subprocess.Popen[bytes] | None, timeout: float = 3.0) -> None:
    """Terminate ``proc`` (SIGTERM, then SIGKILL), reap it and close its pipes."""
    if proc is None:
        return
    if proc.poll() is None:
        with contextlib.suppress(ProcessLookupError):
            proc.terminate()
        try:
            proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                proc.kill()
            proc.wait(timeout=timeout)
    for stream in (proc.stdin, proc.stdout, proc.stderr):
        if stream is not None:
            with contextlib.suppress(OSError):
                stream.close()


def _tail(path: Path | None, n_lines: int = 15) -> str:
    """Return the last lines of a log file, or a note when there is none."""
    if path is None or not path.exists():
        return "(no log)"
    lines = path.read_text(errors="replace").splitlines()
    return "\n".join(lines[-n_lines:]) or "(empty log)"


class _Service:
    """Common lifecycle: temporary directory, context manager, environment handling."""

    _name = "service"

    def __init__(self) -> None:
        self._dir: Path | None = None
        self._saved_environ: dict[str, str | None] | None = None
        self._proc: subprocess.Popen[bytes] | None = None
        self.startup_seconds: float | None = None
        """Wall time the last :meth:`start` took."""

    # -- to be provided by subclasses ----------------------------------------------------------
    def start(self) -> Self:
        raise NotImplementedError

    def _stop_processes(self) -> None:
        raise NotImplementedError

    @property
    def env(self) -> dict[str, str]:
        raise NotImplementedError

    # -- shared ---------------------------------------------------------------------------------
    @property
    def directory(self) -> Path:
        """Private temporary directory of the running service."""
        if self._dir is None:
            raise ServiceError(f"{self._name} is not running")
        return self._dir

    def _make_dir(self) -> Path:
        if self._dir is not None:
            raise ServiceError(f"{self._name} already started")
        self._dir = Path(tempfile.mkdtemp(prefix=f"starlight-{self._name}-"))
        _LIVE_SERVICES.add(self)
        return self._dir

    def apply_to_environ(self) -> None:
        """Put :attr:`env` into ``os.environ``; :meth:`stop` restores the previous values."""
        new = self.env
        if self._saved_environ is None:
            self._saved_environ = {key: os.environ.get(key) for key in new}
        os.environ.update(new)

    def restore_environ(self) -> None:
        """Undo :meth:`apply_to_environ` (no-op when it was not called)."""
        if self._saved_environ is None:
            return
        for key, value in self._saved_environ.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value
        self._saved_environ = None

    def stop(self) -> None:
        """Stop every process the service started, reap them and remove its directory."""
        self.restore_environ()
        try:
            self._stop_processes()
        finally:
            if self._dir is not None:
                shutil.rmtree(self._dir, ignore_errors=True)
                self._dir = None
            _LIVE_SERVICES.discard(self)

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()


def _client_environ(extra: Mapping[str, str]) -> dict[str, str]:
    env = dict(os.environ)
    env.update(extra)
    return env


# --------------------------------------------------------------------------------------------
# PulseAudio
# --------------------------------------------------------------------------------------------


class PulseServer(_Service):
    """A private PulseAudio daemon with a null sink, kept running by a stream of silence.

    The daemon runs in the foreground as a child process (``--daemonize=no``) so that
    :meth:`stop` can reap it; it loads only ``module-null-sink`` and
    ``module-native-protocol-unix auth-anonymous=1`` on a socket in its private directory.

    Two details make recordings of the monitor bit-exact and the start fast:

    - The sink is loaded suspended and resumed only once the keep-alive stream (which asks for
      20 ms of latency) is connected. Otherwise the freshly loaded, idle sink renders 2 s of
      silence ahead at once, and the monitor delivers nothing for up to 2 s.
    - Rewinds are disabled (``norewinds=1``). With rewinds, a new stream is mixed into audio
      the sink has already rendered, and the monitor, which has already passed that audio on,
      loses the stream's first 40-210 frames (seen with ``pacat`` in 8 of 8 runs).

    Parameters
    ----------
    sink_name
        Name of the null sink (its monitor source is ``<sink_name>.monitor``).
    rate, channels
        Sample spec of the sink (always ``s16le``).
    start_timeout
        Seconds to wait for ``pactl info`` to answer.
    keep_alive
        Play digital silence from ``/dev/zero`` into the sink with ``pacat`` so that it keeps
        rendering in small blocks (an idle null sink renders in blocks of up to 2 s and stalls
        new streams and the monitor). Silence mixes in as exact zeros.
    rewinds
        Let the null sink rewind (the module's default). Off by default: see above.
    """

    _name = "pulse"

    def __init__(
        self,
        *,
        sink_name: str = "test_sink",
        rate: int = 44100,
        channels: int = 2,
        start_timeout: float = 10.0,
        keep_alive: bool = True,
        rewinds: bool = False,
    ) -> None:
        super().__init__()
        self.sink_name = sink_name
        self.rate = rate
        self.channels = channels
        self.start_timeout = start_timeout
        self.keep_alive = keep_alive
        self.rewinds = rewinds
        self._daemon: subprocess.Popen[bytes] | None = None
        self._keepalive: subprocess.Popen[bytes] | None = None
        self._log: Path | None = None
        """Wall time the last :meth:`start` took, for reports."""

    # -- paths ------------------------------------------------------------------------------------
    @property
    def socket_path(self) -> Path:
        """Path of the daemon's native protocol socket."""
        return self.directory / "run" / "native"

    @property
    def monitor_name(self) -> str:
        """Name of the sink's monitor source."""
        return f"{self.sink_name}.monitor"

    @property
    def env(self) -> dict[str, str]:
        """Environment a client needs to reach this server (and only this server).

        ``PULSE_SERVER`` is the key setting; ``PULSE_COOKIE`` and ``PULSE_CLIENTCONFIG`` point
        into the private directory so that libpulse neither creates ``~/.config/pulse/cookie``
        nor autospawns a daemon. ``HOME`` and ``XDG_RUNTIME_DIR`` are left alone.
        """
        d = self.directory
        return {
            "PULSE_SERVER": f"unix:{self.socket_path}",
            "PULSE_RUNTIME_PATH": str(d / "run"),
            "PULSE_STATE_PATH": str(d / "state"),
            "PULSE_COOKIE": str(d / "home" / ".config" / "pulse" / "cookie"),
            "PULSE_CLIENTCONFIG": str(d / "client.conf"),
            "PULSE_SINK": self.sink_name,  # the default anyway; explicit for clients
        }

    # -- lifecycle --------------------------------------------------------------------------------
    def start(self) -> Self:
        """Start the daemon and the keep-alive stream.

        Returns
        -------
        PulseServer
            ``self``, for chaining.

        Raises
        ------
        ServiceError
            When a tool is missing or the server does not answer within ``start_timeout``.
        """
        missing = require_tools(*PULSE_TOOLS)
        if missing:
            raise ServiceError(f"missing executables: {', '.join(missing)}")
        t0 = time.perf_counter()
        d = self._make_dir()
        try:
            self._start_daemon(d)
            self._wait_until_ready(t0)
            if self.keep_alive:
                self._start_keepalive()
            self.pactl("suspend-sink", self.sink_name, "0")
        except (OSError, subprocess.SubprocessError) as exc:
            self.stop()
            raise ServiceError(f"{self._name} failed to start: {exc!r}") from exc
        except BaseException:
            self.stop()
            raise
        self.startup_seconds = time.perf_counter() - t0
        return self

    def crash(self) -> None:
        """Kill the daemon with SIGKILL, as a crash would (the keep-alive goes with it)."""
        if self._daemon is not None:
            self._daemon.kill()
            self._daemon.wait()
        _stop_process(self._keepalive)
        self._keepalive = None

    def restart_after_crash(self) -> None:
        """Start the daemon again on the same socket after :meth:`crash`."""
        t0 = time.perf_counter()
        self.socket_path.unlink(missing_ok=True)
        self._start_daemon(self.directory)
        self._wait_until_ready(t0)
        if self.keep_alive:
            self._start_keepalive()
        self.pactl("suspend-sink", self.sink_name, "0")

    def add_sink(self, name: str) -> None:
        """Load a second null sink called ``name`` (the default stays as it is)."""
        self.pactl("load-module", "module-null-sink", f"sink_name={name}",
                   f"rate={self.rate}", f"channels={self.channels}")  # fmt: skip

    def _start_daemon(self, d: Path) -> None:
        for sub in ("run", "state", "home"):
            (d / sub).mkdir(mode=0o700, exist_ok=True)
        (d / "client.conf").write_text("autospawn = no\n")
        script = d / "default.pa"
        script.write_text(
            ".fail\n"
            f"load-module module-null-sink {' '.join(self._sink_arguments())}\n"
            f"set-default-sink {self.sink_name}\n"
            # Keep the sink from rendering until the keep-alive stream has set its latency.
            f"suspend-sink {self.sink_name} 1\n"
            "load-module module-native-protocol-unix auth-anonymous=1"
            f" socket={self.socket_path}\n"
        )
        env = dict(os.environ)
        for key in list(env):
            if key.startswith("PULSE_") or key == "DISPLAY":
                del env[key]
        env.update(
            {
                "HOME": str(d / "home"),
                "XDG_RUNTIME_DIR": str(d / "run"),
                "XDG_CONFIG_HOME": str(d / "home" / ".config"),
                "PULSE_RUNTIME_PATH": str(d / "run"),
                "PULSE_STATE_PATH": str(d / "state"),
                # A bus that does not exist: the daemon must not register on the user's bus.
                "DBUS_SESSION_BUS_ADDRESS": f"unix:path={d / 'no-bus'}",
            }
        )
        self._log = d / "pulseaudio.log"
        with self._log.open("wb") as log:
            self._daemon = subprocess.Popen(
                [
                    "pulseaudio",
                    "--daemonize=no",
                    "-n",
                    f"--file={script}",
                    "--exit-idle-time=-1",
                    "--disallow-exit",
                    "--system=no",
                    "--high-priority=no",
                    "--realtime=no",
                    "--log-target=stderr",
                ],
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=log,
                env=env,
                cwd=d,
            )

    def _wait_until_ready(self, t0: float) -> None:
        assert self._daemon is not None
        deadline = t0 + self.start_timeout
        while True:
            if self._daemon.poll() is not None:
                raise ServiceError(
                    f"pulseaudio exited with {self._daemon.returncode}:\n{_tail(self._log)}"
                )
            if self.socket_path.exists():
                result = self.pactl("info", check=False, timeout=2.0)
                if result.returncode == 0:
                    return
            if time.perf_counter() > deadline:
                raise ServiceError(
                    f"pulseaudio did not answer within {self.start_timeout} s:\n{_tail(self._log)}"
                )
            time.sleep(0.01)

    def _start_keepalive(self) -> None:
        """Play silence into the sink and wait until the stream is connected."""
        _stop_process(self._keepalive)
        with open("/dev/zero", "rb") as zero:
            self._keepalive = subprocess.Popen(
                [
                    "pacat",
                    "-p",
                    "-d",
                    self.sink_name,
                    "--raw",
                    "--format=s16le",
                    f"--rate={self.rate}",
                    f"--channels={self.channels}",
                    "--client-name=starlight-test-keepalive",
                    "--latency-msec=20",
                ],
                stdin=zero,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
                env=_client_environ(self.env),
            )
        deadline = time.perf_counter() + self.start_timeout
        while True:
            inputs = self.pactl("list", "short", "sink-inputs", check=False).stdout
            if inputs.strip():
                return
            if self._keepalive.poll() is not None:
                raise ServiceError(f"keep-alive pacat exited with {self._keepalive.returncode}")
            if time.perf_counter() > deadline:
                raise ServiceError("keep-alive pacat did not connect")
            time.sleep(0.01)

    def _stop_processes(self) -> None:
        _stop_process(self._keepalive)
        self._keepalive = None
        _stop_process(self._daemon)
        self._daemon = None

    @property
    def running(self) -> bool:
        """Whether the daemon process is alive."""
        return self._daemon is not None and self._daemon.poll() is None

    @property
    def pid(self) -> int:
        """Process id of the daemon."""
        if self._daemon is None:
            raise ServiceError("pulse is not running")
        return self._daemon.pid

    def log_text(self) -> str:
        """Return the daemon's log so far (for failure messages)."""
        return _tail(self._log, n_lines=200)

    # -- helpers ----------------------------------------------------------------------------------
    def pactl(
        self, *args: str, check: bool = True, timeout: float = 5.0
    ) -> subprocess.CompletedProcess[str]:
        """Run ``pactl`` against this server.

        Parameters
        ----------
        args
            Arguments, e.g. ``("list", "short", "sinks")``.
        check
            Raise :class:`subprocess.CalledProcessError` on a non-zero exit status.
        timeout
            Seconds before :class:`subprocess.TimeoutExpired`.

        Returns
        -------
        subprocess.CompletedProcess[str]
            With ``stdout`` and ``stderr`` captured as text.
        """
        return subprocess.run(
            ["pactl", *args],
            env=_client_environ(self.env),
            capture_output=True,
            text=True,
            check=check,
            timeout=timeout,
            stdin=subprocess.DEVNULL,
        )

    def _sink_arguments(self) -> list[str]:
        args = [
            f"sink_name={self.sink_name}",
            f"rate={self.rate}",
            f"channels={self.channels}",
            "format=s16le",
        ]
        if not self.rewinds:
            args.append("norewinds=1")
        return args

    def _sink_module_index(self) -> str | None:
        modules = self.pactl("list", "short", "modules").stdout
        for line in modules.splitlines():
            fields = line.split("\t")
            if (
                len(fields) >= 3
                and fields[1] == "module-null-sink"
                and f"sink_name={self.sink_name}" in fields[2]
            ):
                return fields[0]
        return None

    def unload_sink(self) -> None:
        """Unload the null sink, as if the output device vanished.

        The keep-alive stream dies with it. :meth:`load_sink` brings both back.
        """
        index = self._sink_module_index()
        if index is None:
            raise ServiceError(f"sink {self.sink_name!r} is not loaded")
        self.pactl("unload-module", index)
        if self._keepalive is not None:
            _stop_process(self._keepalive, timeout=2.0)
            self._keepalive = None

    def load_sink(self) -> None:
        """Load the null sink again after :meth:`unload_sink` (and restart the keep-alive)."""
        if self._sink_module_index() is None:
            self.pactl("load-module", "module-null-sink", *self._sink_arguments())
            self.pactl("set-default-sink", self.sink_name)
        # Suspend, connect the keep-alive, resume: as in start(), the sink then renders in
        # small blocks from its first block on (resuming resets its clock).
        self.pactl("suspend-sink", self.sink_name, "1")
        if self.keep_alive:
            self._start_keepalive()
        self.pactl("suspend-sink", self.sink_name, "0")

    def sink_inputs(self) -> list[str]:
        """Return the ``pactl list short sink-inputs`` lines (the keep-alive is one of them)."""
        return self.pactl("list", "short", "sink-inputs").stdout.splitlines()


class Recorder(_Service):
    """Record a PulseAudio monitor source with ``parec`` into memory, continuously.

    A daemon thread reads ``parec``'s stdout as it arrives into a growing buffer and notes, for
    every chunk, ``time.perf_counter()`` at arrival and the cumulative frame count, so that
    :meth:`time_of_frame` can say when a frame was rendered.

    Parameters
    ----------
    pulse
        A started :class:`PulseServer`.
    source
        Source to record; defaults to the server's sink monitor.
    latency_msec
        ``parec --latency-msec``; small values give fine timing but more wake-ups.
    start_timeout
        Seconds to wait for the first data from ``parec``.
    """

    _name = "recorder"

    def __init__(
        self,
        pulse: PulseServer,
        *,
        source: str | None = None,
        latency_msec: int = 10,
        start_timeout: float = 5.0,
    ) -> None:
        super().__init__()
        self.pulse = pulse
        self.source = source or pulse.monitor_name
        self.rate = pulse.rate
        self.channels = pulse.channels
        self.latency_msec = latency_msec
        self.start_timeout = start_timeout
        self._frame_bytes = _BYTES_PER_SAMPLE * self.channels
        self._thread: threading.Thread | None = None
        self._lock = threading.Lock()
        self._data = bytearray()
        self._chunk_times: list[float] = []
        self._chunk_ends: list[int] = []
        self._error: BaseException | None = None
        self._eof = threading.Event()
        """Wall time the last :meth:`start` took (until the first data arrived)."""

    @property
    def env(self) -> dict[str, str]:
        """Environment ``parec`` runs with (the server's client environment)."""
        return self.pulse.env

    def start(self) -> Self:
        """Start ``parec`` and the reader thread; return once data flows.

        Raises
        ------
        ServiceError
            When ``parec`` exits or sends nothing within ``start_timeout``.
        """
        t0 = time.perf_counter()
        d = self._make_dir()
        log = d / "parec.log"
        try:
            with log.open("wb") as log_file:
                self._proc = subprocess.Popen(
                    [
                        "parec",
                        "-d",
                        self.source,
                        "--format=s16le",
                        f"--rate={self.rate}",
                        f"--channels={self.channels}",
                        "--raw",
                        f"--latency-msec={self.latency_msec}",
                        "--client-name=starlight-test-recorder",
                    ],
                    stdin=subprocess.DEVNULL,
                    stdout=subprocess.PIPE,
                    stderr=log_file,
                    env=_client_environ(self.env),
                    bufsize=0,
                )
            self._thread = threading.Thread(
                target=self._read_loop, name="parec-reader", daemon=True
            )
            self._thread.start()
            deadline = t0 + self.start_timeout
            while self.mark() == 0:
                if self._eof.is_set() or time.perf_counter() > deadline:
                    raise ServiceError(f"parec delivered no audio:\n{_tail(log)}")
                time.sleep(0.002)
        except (OSError, subprocess.SubprocessError) as exc:
            self.stop()
            raise ServiceError(f"{self._name} failed to start: {exc!r}") from exc
        except BaseException:
            self.stop()
            raise
        self.startup_seconds = time.perf_counter() - t0
        return self

    def _read_loop(self) -> None:
        assert self._proc is not None and self._proc.stdout is not None
        fd = self._proc.stdout.fileno()
        try:
            while True:
                chunk = os.read(fd, 1 << 16)
                now = time.perf_counter()
                if not chunk:
                    break
                with self._lock:
                    self._data += chunk
                    frames = len(self._data) // self._frame_bytes
                    if not self._chunk_ends or frames > self._chunk_ends[-1]:
                        self._chunk_times.append(now)
                        self._chunk_ends.append(frames)
        except OSError as exc:  # pipe closed under us during stop()
            self._error = exc
        finally:
            self._eof.set()

    def _stop_processes(self) -> None:
        proc, self._proc = self._proc, None
        if proc is not None:
            stdout, proc.stdout = proc.stdout, None
            _stop_process(proc)
            if self._thread is not None:
                self._thread.join(timeout=5.0)
            if stdout is not None:
                stdout.close()
        self._thread = None

    # -- reading ----------------------------------------------------------------------------------
    def mark(self) -> int:
        """Return the number of complete frames recorded so far."""
        with self._lock:
            return len(self._data) // self._frame_bytes

    def frames(self, start: int = 0, stop: int | None = None) -> npt.NDArray[np.int16]:
        """Return recorded frames ``[start:stop]`` as an int16 array of shape ``(n, channels)``.

        Parameters
        ----------
        start, stop
            Absolute frame indices; ``stop=None`` means everything recorded so far.

        Returns
        -------
        numpy.ndarray
            A copy, safe to keep while recording goes on.
        """
        with self._lock:
            total = len(self._data) // self._frame_bytes
            stop = total if stop is None else min(stop, total)
            start = max(0, min(start, stop))
            raw = bytes(self._data[start * self._frame_bytes : stop * self._frame_bytes])
        return np.frombuffer(raw, dtype="<i2").reshape(-1, self.channels).astype(np.int16)

    def wait_for_frames(self, count: int, timeout: float = 5.0) -> None:
        """Block until at least ``count`` frames (absolute) have been recorded.

        Raises
        ------
        TimeoutError
            When that does not happen within ``timeout`` seconds.
        """
        deadline = time.perf_counter() + timeout
        while self.mark() < count:
            if self._eof.is_set():
                raise ServiceError("parec stopped")
            if time.perf_counter() > deadline:
                raise TimeoutError(f"only {self.mark()} of {count} frames after {timeout} s")
            time.sleep(_POLL_INTERVAL)

    def _scan(self, after_frame: int, timeout: float, predicate_name: str, find: _Finder) -> int:
        deadline = time.perf_counter() + timeout
        position = max(0, after_frame)
        while True:
            block = self.frames(position)
            found = find(block, position)
            if found is not None:
                return found
            position = find.resume_at(block, position)
            if self._eof.is_set():
                raise ServiceError("parec stopped")
            if time.perf_counter() > deadline:
                raise TimeoutError(
                    f"no {predicate_name} after frame {after_frame} within {timeout} s "
                    f"({self.mark() - after_frame} frames scanned)"
                )
            time.sleep(_POLL_INTERVAL)

    def wait_for_sound(self, after_frame: int = 0, timeout: float = 5.0, threshold: int = 0) -> int:
        """Wait for the first frame at or after ``after_frame`` with ``|sample| > threshold``.

        Parameters
        ----------
        after_frame
            Absolute frame index to start looking from, typically a :meth:`mark`.
        timeout
            Seconds to wait.
        threshold
            A frame counts as sound when any channel's absolute value exceeds this.

        Returns
        -------
        int
            Absolute index of that frame.

        Raises
        ------
        TimeoutError
            When no such frame arrives within ``timeout`` seconds.
        """
        return self._scan(after_frame, timeout, "sound", _SoundFinder(threshold))

    def wait_for_silence(
        self,
        after_frame: int = 0,
        timeout: float = 5.0,
        min_frames: int = 4410,
        threshold: int = 0,
    ) -> int:
        """Wait for a run of at least ``min_frames`` silent frames at or after ``after_frame``.

        Parameters
        ----------
        after_frame
            Absolute frame index to start looking from.
        timeout
            Seconds to wait.
        min_frames
            Length of the run of silence (default 100 ms).
        threshold
            A frame is silent when no channel's absolute value exceeds this.

        Returns
        -------
        int
            Absolute index of the first frame of that run (the end of the sound before it).

        Raises
        ------
        TimeoutError
            When no such run completes within ``timeout`` seconds.
        """
        return self._scan(after_frame, timeout, "silence", _SilenceFinder(threshold, min_frames))

    def time_of_frame(self, index: int) -> float:
        """Estimate the ``time.perf_counter()`` time at which frame ``index`` was rendered.

        The estimate is the arrival time of the chunk that holds the frame minus the duration of
        the frames after it in that chunk, so it includes the monitor's transport delay (about
        ``latency_msec``); it is a slight over-estimate, never an under-estimate.

        Parameters
        ----------
        index
            Absolute frame index, below :meth:`mark`.

        Returns
        -------
        float
            Seconds on the ``time.perf_counter()`` clock.

        Raises
        ------
        IndexError
            When the frame has not been recorded yet.
        """
        with self._lock:
            if index < 0 or not self._chunk_ends or index >= self._chunk_ends[-1]:
                raise IndexError(f"frame {index} has not been recorded")
            k = bisect.bisect_right(self._chunk_ends, index)
            arrival, end = self._chunk_times[k], self._chunk_ends[k]
        return arrival - (end - 1 - index) / self.rate

    def chunks(self) -> Iterator[tuple[float, int]]:
        """Yield ``(arrival perf_counter time, cumulative frame count)`` per chunk read."""
        with self._lock:
            pairs = list(zip(self._chunk_times, self._chunk_ends, strict=True))
        yield from pairs


class _Finder:
    """Search strategy for :meth:`Recorder._scan`."""

    def __call__(self, block: npt.NDArray[np.int16], offset: int) -> int | None:
        raise NotImplementedError

    def resume_at(self, block: npt.NDArray[np.int16], offset: int) -> int:
        """Where the next scan starts once ``block`` (starting at ``offset``) had no match."""
        return offset + len(block)


class _SoundFinder(_Finder):
    def __init__(self, threshold: int) -> None:
        self.threshold = threshold

    def __call__(self, block: npt.NDArray[np.int16], offset: int) -> int | None:
        if len(block) == 0:
            return None
        loud = np.any(np.abs(block.astype(np.int32)) > self.threshold, axis=1)
        hits = np.flatnonzero(loud)
        return offset + int(hits[0]) if hits.size else None


class _SilenceFinder(_Finder):
    def __init__(self, threshold: int, min_frames: int) -> None:
        self.threshold = threshold
        self.min_frames = max(1, min_frames)

    def _quiet(self, block: npt.NDArray[np.int16]) -> npt.NDArray[np.bool_]:
        result: npt.NDArray[np.bool_] = np.all(
            np.abs(block.astype(np.int32)) <= self.threshold, axis=1
        )
        return result

    def __call__(self, block: npt.NDArray[np.int16], offset: int) -> int | None:
        if len(block) < self.min_frames:
            return None
        quiet = self._quiet(block).astype(np.int32)
        # Number of quiet frames in every window of min_frames frames.
        sums = np.convolve(quiet, np.ones(self.min_frames, dtype=np.int32), mode="valid")
        hits = np.flatnonzero(sums == self.min_frames)
        return offset + int(hits[0]) if hits.size else None

    def resume_at(self, block: npt.NDArray[np.int16], offset: int) -> int:
        # Keep the trailing quiet run: it may complete with the next data.
        quiet = self._quiet(block)
        loud = np.flatnonzero(~quiet)
        if loud.size == 0:
            return offset
        return offset + int(loud[-1]) + 1


# --------------------------------------------------------------------------------------------
# Xvfb
# --------------------------------------------------------------------------------------------


class XvfbServer(_Service):
    """A private X server (``Xvfb``) on a free display number.

    Parameters
    ----------
    first_display
        Display numbers are tried from here upward.
    screen
        ``WIDTHxHEIGHTxDEPTH`` of screen 0.
    start_timeout
        Seconds to wait for the server's socket.
    """

    _name = "xvfb"

    def __init__(
        self,
        *,
        first_display: int = 90,
        screen: str = "1600x1000x24",
        start_timeout: float = 10.0,
    ) -> None:
        super().__init__()
        self.first_display = first_display
        self.screen = screen
        self.start_timeout = start_timeout
        self.display: int | None = None

    @property
    def env(self) -> dict[str, str]:
        """``DISPLAY`` for clients of this server."""
        if self.display is None:
            raise ServiceError("xvfb is not running")
        return {"DISPLAY": f":{self.display}"}

    @staticmethod
    def _socket(display: int) -> Path:
        return Path(f"/tmp/.X11-unix/X{display}")

    @staticmethod
    def _lock(display: int) -> Path:
        return Path(f"/tmp/.X{display}-lock")

    def _display_free(self, display: int) -> bool:
        return not (self._socket(display).exists() or self._lock(display).exists())

    def start(self) -> Self:
        """Start Xvfb on the first free display from ``first_display`` on.

        Raises
        ------
        ServiceError
            When Xvfb is missing or no display could be started.
        """
        missing = require_tools(*XVFB_TOOLS)
        if missing:
            raise ServiceError(f"missing executables: {', '.join(missing)}")
        t0 = time.perf_counter()
        d = self._make_dir()
        log = d / "xvfb.log"
        deadline = t0 + self.start_timeout
        try:
            for display in range(self.first_display, self.first_display + 200):
                if not self._display_free(display):
                    continue
                if self._try_display(display, log, deadline):
                    self.display = display
                    self.startup_seconds = time.perf_counter() - t0
                    return self
                if time.perf_counter() > deadline:
                    break
            raise ServiceError(f"could not start Xvfb:\n{_tail(log)}")
        except (OSError, subprocess.SubprocessError) as exc:
            self.stop()
            raise ServiceError(f"{self._name} failed to start: {exc!r}") from exc
        except BaseException:
            self.stop()
            raise

    def _try_display(self, display: int, log: Path, deadline: float) -> bool:
        with log.open("ab") as log_file:
            proc = subprocess.Popen(
                [
                    "Xvfb",
                    f":{display}",
                    "-screen",
                    "0",
                    self.screen,
                    "-nolisten",
                    "tcp",
                    "-noreset",
                ],
                stdin=subprocess.DEVNULL,
                stdout=log_file,
                stderr=log_file,
            )
        self._proc = proc
        sock_path = self._socket(display)
        while time.perf_counter() < deadline:
            if proc.poll() is not None:  # e.g. lost a race for the display
                _stop_process(proc)
                self._proc = None
                return False
            if sock_path.exists() and _can_connect(sock_path):
                return True
            time.sleep(0.01)
        _stop_process(proc)
        self._proc = None
        return False

    def _stop_processes(self) -> None:
        _stop_process(self._proc)
        self._proc = None
        self.display = None


def _can_connect(path: Path) -> bool:
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as sock:
        try:
            sock.connect(str(path))
        except OSError:
            return False
    return True


# --------------------------------------------------------------------------------------------
# D-Bus
# --------------------------------------------------------------------------------------------

_BUS_CONFIG = """<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>session</type>
  <keep_umask/>
  <listen>unix:path={socket}</listen>
  <auth>EXTERNAL</auth>
  <policy context="default">
    <allow send_destination="*" eavesdrop="true"/>
    <allow eavesdrop="true"/>
    <allow own="*"/>
  </policy>
</busconfig>
"""


class SessionBus(_Service):
    """A private D-Bus session bus (``dbus-daemon --nofork``) without service activation.

    Parameters
    ----------
    start_timeout
        Seconds to wait for the daemon to print its address.
    """

    _name = "dbus"

    def __init__(self, *, start_timeout: float = 10.0) -> None:
        super().__init__()
        self.start_timeout = start_timeout
        self.address: str | None = None

    @property
    def env(self) -> dict[str, str]:
        """``DBUS_SESSION_BUS_ADDRESS`` for clients of this bus."""
        if self.address is None:
            raise ServiceError("dbus is not running")
        return {"DBUS_SESSION_BUS_ADDRESS": self.address}

    def start(self) -> Self:
        """Start the bus and wait until it prints its address.

        Raises
        ------
        ServiceError
            When dbus-daemon is missing or does not come up in time.
        """
        missing = require_tools(*DBUS_TOOLS)
        if missing:
            raise ServiceError(f"missing executables: {', '.join(missing)}")
        t0 = time.perf_counter()
        d = self._make_dir()
        config = d / "session.conf"
        config.write_text(_BUS_CONFIG.format(socket=d / "bus"))
        log = d / "dbus.log"
        try:
            with log.open("wb") as log_file:
                self._proc = subprocess.Popen(
                    [
                        "dbus-daemon",
                        f"--config-file={config}",
                        "--nofork",
                        "--nopidfile",
                        "--print-address=1",
                    ],
                    stdin=subprocess.DEVNULL,
                    stdout=subprocess.PIPE,
                    stderr=log_file,
                    bufsize=0,
                )
            assert self._proc.stdout is not None
            line = _read_line(self._proc.stdout, t0 + self.start_timeout)
            if not line:
                raise ServiceError(f"dbus-daemon printed no address:\n{_tail(log)}")
            self.address = line
        except (OSError, subprocess.SubprocessError) as exc:
            self.stop()
            raise ServiceError(f"{self._name} failed to start: {exc!r}") from exc
        except BaseException:
            self.stop()
            raise
        self.startup_seconds = time.perf_counter() - t0
        return self

    def _stop_processes(self) -> None:
        _stop_process(self._proc)
        self._proc = None
        self.address = None


def _read_line(stream: IO[bytes], deadline: float) -> str:
    """Read one line from an unbuffered pipe, giving up at ``deadline``."""
    fd = stream.fileno()
    data = b""
    while b"\n" not in data:
        remaining = deadline - time.perf_counter()
        if remaining <= 0:
            return ""
        ready, _, _ = select.select([fd], [], [], remaining)
        if not ready:
            return ""
        chunk = os.read(fd, 4096)
        if not chunk:
            break
        data += chunk
    return data.split(b"\n", 1)[0].decode().strip()
