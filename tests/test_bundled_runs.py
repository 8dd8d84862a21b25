"""Every bundled scenario's run, pinned to the last digit.

For each bundled scenario, one full run at its own seed: the SHA-256 of every measure
of every week (float64 bytes) and the last week's measures, as they were when
tests/data/bundled_runs.json was written. Any change to what a run produces fails here,
in any scenario, on any Python and Mesa (round 2 of .ci/run tests the same numbers on
the newest): a change that is meant, with its published numbers regenerated, also
rewrites this file:

    python tests/test_bundled_runs.py --write
"""

from __future__ import annotations

import hashlib
import json
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from movementsim import load_scenario, simulate
from movementsim.model.scenario import list_scenarios

PINNED = Path(__file__).resolve().parent / "data" / "bundled_runs.json"


def fingerprint(name: str) -> dict[str, object]:
    scenario = load_scenario(name)
    frame = simulate(scenario, seed=scenario.model.seed)
    values = np.ascontiguousarray(frame.to_numpy(dtype=np.float64))
    digest = hashlib.sha256(",".join(frame.columns).encode() + values.tobytes()).hexdigest()
    last = {column: float(value) for column, value in frame.iloc[-1].items()}
    return {"weeks": len(frame) - 1, "sha256": digest, "last_week": last}


def pinned() -> dict[str, dict[str, object]]:
    return json.loads(PINNED.read_text())


def test_every_bundled_scenario_is_pinned() -> None:
    assert sorted(pinned()) == sorted(name for name, _ in list_scenarios())


@pytest.mark.parametrize("name", sorted(name for name, _ in list_scenarios()))
def test_a_bundled_scenarios_run_is_the_pinned_one(name: str) -> None:
    expected, actual = pinned()[name], fingerprint(name)
    moved = {
        measure: (value, actual["last_week"].get(measure))
        for measure, value in expected["last_week"].items()
        if not (pd.isna(value) and pd.isna(actual["last_week"].get(measure)))
        and value != actual["last_week"].get(measure)
    }
    assert actual["weeks"] == expected["weeks"]
    assert not moved, f"{name}: the last week's measures moved (pinned, now): {moved}"
    assert actual["sha256"] == expected["sha256"], f"{name}: an earlier week moved"


if __name__ == "__main__" and sys.argv[1:] == ["--write"]:
    runs = {name: fingerprint(name) for name, _ in list_scenarios()}
    PINNED.write_text(json.dumps(runs, indent=1, sort_keys=True) + "\n")
    print(f"wrote {PINNED} ({len(runs)} scenarios)")
