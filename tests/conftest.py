"""Hypothesis profiles for the property-based tests (tests/test_fuzz.py and the invariants).

- ``ci`` (the default): 25 examples per property (10 for the ones that run the
  ``movementsim run`` command with its figures), derandomized so that CI is repeatable;
- ``fuzz``: 500 examples per property, random, no time limit per example: over the
  fuzz suite's six properties that is 3,000 cases. Run it before a release:
  ``python -m pytest tests/test_fuzz.py --hypothesis-profile=fuzz
  --hypothesis-show-statistics``.
"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, settings

_QUIET = [HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much]

settings.register_profile(
    "ci", max_examples=25, deadline=None, derandomize=True, suppress_health_check=_QUIET,
    print_blob=True,
)
settings.register_profile(
    "fuzz", max_examples=500, deadline=None, suppress_health_check=_QUIET, print_blob=True
)


def pytest_configure(config: pytest.Config) -> None:
    if not config.getoption("hypothesis_profile", default=None):
        settings.load_profile("ci")


@pytest.fixture(scope="session")
def executed_notebooks(tmp_path_factory: pytest.TempPathFactory) -> dict:
    """Every notebook of docs/notebooks run once (tests/notebook_helpers.py), by name."""
    from notebook_helpers import NOTEBOOKS, execute

    return {
        path.stem: execute(path, tmp_path_factory.mktemp(f"notebook-{path.stem}"))
        for path in NOTEBOOKS
    }
