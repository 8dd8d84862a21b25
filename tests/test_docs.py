"""The documentation stays true to the code and to the published results: generated parts
are current, every parameter and measure is described."""

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


@pytest.mark.parametrize("name", ["model.md", "validation.md"])
def test_the_generated_parts_of_the_docs_are_current(name):
    """model.md's tables come from the code; validation.md's from the published results."""
    text = (DOCS / name).read_text(encoding="utf-8")
    assert _generator().regenerate(text, DOCS / name) == text, (
        f"docs/{name} is stale: run python docs/generate.py"
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
