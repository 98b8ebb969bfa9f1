"""The first window, run in a subprocess so its audio back-end starts in a known state."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

from tests.support import media

SCRIPT = textwrap.dedent(
    """
    import sys, time
    from pathlib import Path
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QApplication
    from app.audio.engine import Engine
    from app.audio.qt_output import QtAudioOutput
    from app.core.track import Track
    from app.ui.main_window import MainWindow

    app = QApplication([])
    app.setOrganizationName("starlight-test")
    output = QtAudioOutput()
    engine = Engine(output)
    engine.load([Track(Path(sys.argv[1]))])
    window = MainWindow(engine, output, QSettings())
    window.show()
    end = time.time() + 1.0
    while time.time() < end:
        app.processEvents()
        time.sleep(0.01)
    engine.toggle(); engine.toggle(); engine.seek(1.0); engine.next()
    window.volume_slider.setValue(500)
    print("MESSAGE", window.message.text())
    print("STATE", engine.state.value)
    print("SAVED", QSettings().value("audio/volume"))
    engine.shutdown()
    """
)


def test_without_any_audio_server_the_window_says_no_audio_output(tmp_path: Path) -> None:
    song = media.write_flac(tmp_path / "a.flac", media.noise_signal(44100, seed=1))
    env = {
        **os.environ,
        "QT_QPA_PLATFORM": "offscreen",
        "PULSE_SERVER": f"unix:{tmp_path}/no-such-server",
        "XDG_CONFIG_HOME": str(tmp_path / "config"),
        "HOME": str(tmp_path),
    }
    result = subprocess.run(
        [sys.executable, "-c", SCRIPT, str(song)],
        env=env, capture_output=True, text=True, timeout=60,
        cwd=Path(__file__).resolve().parents[2],
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    lines = dict(line.split(" ", 1) for line in result.stdout.splitlines() if " " in line)
    assert lines["MESSAGE"] == "No audio output"
    assert lines["STATE"] in {"playing", "paused"}
    # Half-way on the perceptual slider is -30 dB, and the choice is remembered.
    assert abs(float(lines["SAVED"]) - 10 ** (-30 / 20)) < 1e-6
