"""``python -m movementsim.regression VERSION``: keep today's defaults as release VERSION's
snapshot (``movementsim/regression/defaults_<VERSION>.json``), when releasing.

Without VERSION it prints the snapshot. An existing snapshot is never replaced: a
release's defaults are fixed once it is out (tests/test_versions.py pins them).
"""

import os
import sys
import tempfile
from pathlib import Path

from movementsim.model.versions import current_defaults, snapshot_name, snapshot_text

text = snapshot_text(current_defaults())
if len(sys.argv) < 2:
    print(text, end="")
    sys.exit(0)
target = Path(__file__).parent / snapshot_name(sys.argv[1])
handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=".", suffix=".tmp")
try:
    with os.fdopen(handle, "w", encoding="utf-8") as stream:
        stream.write(text)
    os.link(temporary, target)  # whole or nothing, and never over a kept snapshot
except FileExistsError:
    sys.exit(f"{target} exists: a released snapshot is never replaced; release a new version")
finally:
    os.unlink(temporary)
print(f"wrote {target}")
