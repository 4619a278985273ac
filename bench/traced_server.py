"""``streamlit`` with tracemalloc on from the first import; for ``profile_pages.py --memory``.

Run as ``python bench/traced_server.py run app.py --server.port ...`` (the
arguments of ``streamlit``). Signals, handled on the server's main thread:

``TRACED_SERVER_FRAMES`` frames are kept per allocation (0: no tracing).

- SIGUSR1: ``gc.collect()``, then a tracemalloc snapshot written to
  ``$TRACED_SERVER_DIR/<name>.snap`` (the name is read from
  ``$TRACED_SERVER_DIR/request``), the live objects counted by type into
  ``objects.json``, and ``<name>.done`` written last;
- SIGUSR2: ``malloc_trim(0)``, so glibc hands freed memory back to the system.
"""

from __future__ import annotations

import ctypes
import gc
import json
import os
import signal
import sys
import tracemalloc
from collections import Counter
from pathlib import Path

# 0 = no tracing: only the signals (e.g. to see what malloc_trim gives back untraced)
FRAMES = int(os.environ.get("TRACED_SERVER_FRAMES", "12"))
OUT = Path(os.environ.get("TRACED_SERVER_DIR", "."))
TOP_TYPES = 300

if FRAMES:
    tracemalloc.start(FRAMES)


def _snapshot(_signum: int, _frame: object) -> None:
    name = (OUT / "request").read_text().strip()
    gc.collect()
    if FRAMES:
        tracemalloc.take_snapshot().dump(str(OUT / f"{name}.snap"))
    counts = Counter(type(o).__qualname__ for o in gc.get_objects())
    log = OUT / "objects.json"
    entries = json.loads(log.read_text()) if log.exists() else []
    entries.append({"name": name, "counts": dict(counts.most_common(TOP_TYPES))})
    log.write_text(json.dumps(entries))
    (OUT / f"{name}.done").write_text("")


def _trim(_signum: int, _frame: object) -> None:
    ctypes.CDLL("libc.so.6").malloc_trim(0)


signal.signal(signal.SIGUSR1, _snapshot)
signal.signal(signal.SIGUSR2, _trim)

if __name__ == "__main__":
    from streamlit.web.cli import main

    sys.exit(main(prog_name="streamlit"))
