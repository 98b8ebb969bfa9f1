"""mpv as the peer to measure against: launched as the issue says, driven over its JSON IPC."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import time
from pathlib import Path

MPV_ARGS = ["mpv", "--no-config", "--no-video", "--ao=pulse", "--audio-format=s16"]


class Mpv:
    """An mpv process with an IPC socket; ``pause`` starts it paused."""

    def __init__(self, path: Path, socket_path: Path, pause: bool = True) -> None:
        args = [*MPV_ARGS, f"--input-ipc-server={socket_path}", "--idle=no", "--keep-open=yes"]
        if pause:
            args.append("--pause")
        self.proc = subprocess.Popen(
            [*args, "--", str(path)],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.perf_counter() + 10
        while not socket_path.exists():
            if time.perf_counter() > deadline:
                raise RuntimeError("mpv did not open its IPC socket")
            time.sleep(0.01)
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.sock.connect(str(socket_path))
        self._request_id = 0

    def command(self, *args: object) -> None:
        """Send one command without waiting for its reply."""
        self._request_id += 1
        line = json.dumps({"command": list(args), "request_id": self._request_id}) + "\n"
        self.sock.sendall(line.encode())

    def close(self) -> None:
        """Quit mpv and reap it."""
        self.sock.close()
        self.proc.terminate()
        try:
            self.proc.wait(5)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()


def available() -> bool:
    """Whether mpv is installed."""
    return any(
        os.access(os.path.join(d, "mpv"), os.X_OK) for d in os.environ["PATH"].split(os.pathsep)
    )
