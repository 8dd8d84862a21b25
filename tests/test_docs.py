"""The documentation stays true to the code: every parameter and measure is described."""

from __future__ import annotations

from dataclasses import fields
from pathlib import Path

import pytest

from movementsim.model.measures import MEASURES
from movementsim.model.parameters import parameter_rows
from movementsim.model.structure import governance_from_level

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
    values = [
        str(value).lower()
        if isinstance(value, bool)
        else f"{value:g}"
        if isinstance(value, float)
        else str(value)
        for value in (getattr(gov, f.name) for f in fields(gov))
    ]
    row = "| " + " | ".join([f"{level:g}", *values]) + " |"
    assert row in MODEL_MD.splitlines(), f"docs/model.md lacks the structure row {row}"
