"""How hard the property tests try: modest in the default run, more on request.

``STARLIGHT_PROPERTY_EXAMPLES=2000 pytest tests/property`` runs a long search. The deadline is
generous because a loaded two-core CI machine can stall any single example for a second.
"""

from __future__ import annotations

import os
from datetime import timedelta

from hypothesis import HealthCheck, settings

EXAMPLES = int(os.environ.get("STARLIGHT_PROPERTY_EXAMPLES", "100"))

#: Settings for pure functions (text, sides): cheap examples.
QUICK = settings(max_examples=EXAMPLES, deadline=timedelta(seconds=2))
#: Settings for examples that touch the disk (playlists, tags): fewer, and no speed checks.
DISK = settings(
    max_examples=max(EXAMPLES // 2, 10),
    deadline=timedelta(seconds=5),
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
