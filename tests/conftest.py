"""Shared test set-up.

- Qt renders offscreen unless a test starts its own display.
- The app's settings, library, cache and saved session go to a private folder for the run
  (QStandardPaths follows the XDG variables), so no test reads or changes the user's, and
  app processes the tests start inherit it.
"""

import atexit
import gc
import os
import shutil
import tempfile
from collections.abc import Iterator

import pytest

# The end-to-end services (PulseAudio, Xvfb, D-Bus) and the player, for every directory.
pytest_plugins = ["tests.support.e2e_fixtures"]

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("QT_LOGGING_RULES", "qt.multimedia.ffmpeg=false")
# The app speaks the system's language; the tests (and the apps they launch) read English
# whatever the machine's locale. tests/ui/test_i18n.py chooses Korean explicitly.
os.environ["LANGUAGE"] = "en"

_PRIVATE = tempfile.mkdtemp(prefix="starlight-tests-")
atexit.register(shutil.rmtree, _PRIVATE, ignore_errors=True)
for _name in ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME"):
    os.environ[_name] = os.path.join(_PRIVATE, _name.lower())


_QT_FIXTURES = {"qapp", "qtbot", "player"}


@pytest.fixture(autouse=True)
def _collect_qt_garbage_on_the_main_thread(request: pytest.FixtureRequest) -> Iterator[None]:
    """Free the Qt objects a test left behind here, on the GUI thread, once it ends.

    Left to Python's collector, they are freed on whichever thread allocates next: a scan
    or decoder thread freeing a GUI-thread QObject with a timer crashed the process (in
    QTimerInfoList::activateTimers, every time, in tests/e2e/test_session.py's ``half``).
    """
    yield
    if _QT_FIXTURES.intersection(request.fixturenames):  # (a full collection costs ~30 ms)
        gc.collect()
