"""The documentation stays true to the code: generated parts are current, every
parameter and measure is described."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

from movementsim.model.measures import MEASURES
from movementsim.model.parameters import parameter_rows

DOCS = Path(__file__).resolve().parent.parent / "docs"
MODEL_MD = (DOCS / "model.md").read_text(encoding="utf-8")


def _generator():
    spec = importlib.util.spec_from_file_location("generate", DOCS / "generate.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_generated_parts_of_the_model_description_are_current():
    assert _generator().regenerate(MODEL_MD) == MODEL_MD, (
        "docs/model.md is stale: run python docs/generate.py"
    )


@pytest.mark.parametrize("row", parameter_rows(), ids=lambda row: row["key"])
def test_every_parameter_is_in_the_model_description_with_its_default(row):
    line = next(
        (line for line in MODEL_MD.splitlines() if line.startswith(f"| {row['key']} |")), None
    )
    assert line is not None, f"{row['key']} is missing from the parameter tables of docs/model.md"
    assert row["default"] in line, f"{row['key']}: default {row['default']} not in {line!r}"
    assert row["allowed"] in line, f"{row['key']}: allowed {row['allowed']} not in {line!r}"
    assert row["meaning"] and row["source"], row["key"]


@pytest.mark.parametrize("name", list(MEASURES))
def test_every_measure_is_in_the_measures_table(name):
    assert any(line.startswith(f"| {name} |") for line in MODEL_MD.splitlines()), name
