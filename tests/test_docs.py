"""The documentation stays true to the code: every parameter and measure is described."""

from __future__ import annotations

from pathlib import Path

import pytest

from movementsim.metrics import MEASURES
from movementsim.parameters import parameter_rows
from movementsim.structure import governance_from_level

DOCS = Path(__file__).resolve().parent.parent / "docs"
MODEL_MD = (DOCS / "model.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("row", parameter_rows(), ids=lambda row: row["key"])
def test_every_parameter_is_in_the_model_description_with_its_default(row):
    line = next(
        (line for line in MODEL_MD.splitlines() if line.startswith(f"| {row['key']} |")), None
    )
    assert line is not None, f"{row['key']} is missing from the parameter tables of docs/model.md"
    assert row["default"] in line, f"{row['key']}: default {row['default']} not in {line!r}"
    assert row["allowed"] in line, f"{row['key']}: allowed {row['allowed']} not in {line!r}"


@pytest.mark.parametrize("name", list(MEASURES))
def test_every_measure_is_in_the_measures_table(name):
    assert any(line.startswith(f"| {name} |") for line in MODEL_MD.splitlines()), name


@pytest.mark.parametrize("level", [0.0, 0.25, 0.5, 0.75, 1.0])
def test_structure_table_matches_the_mapping(level):
    gov = governance_from_level(level)
    rows = [
        line
        for line in MODEL_MD.splitlines()
        if line.startswith("|") and gov.decision_rule in line and gov.leader_selection in line
    ]
    assert rows, f"no row of the structure table shows level {level}: {gov}"
