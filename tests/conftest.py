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


#: Modules that share one session's executed notebooks (the site is built from them).
_NOTEBOOK_MODULES = {"test_notebooks", "test_site"}
#: The longest modules (minutes of runs, notebooks, a browser, a cluster) start first, so
#: that the two workers finish together instead of one waiting on the last long module.
_LONGEST_FIRST = ("test_scenario_claims", "test_notebooks", "test_site",
                  "test_dashboard_browser", "test_dask_cluster", "test_fuzz")


@pytest.hookimpl(tryfirst=True)  # before pytest-xdist reads the groups
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Keep each module's tests on one pytest-xdist worker (``--dist loadgroup``), and the
    notebooks' with the site's: runs a module makes once for all its tests (a fixture of
    module scope, a cached function) are then made once in all."""

    def rank(item: pytest.Item) -> int:
        name = item.path.stem
        return _LONGEST_FIRST.index(name) if name in _LONGEST_FIRST else len(_LONGEST_FIRST)

    items.sort(key=rank)  # stable: each module's tests keep their order
    for item in items:
        module = item.path.stem
        group = "notebooks" if module in _NOTEBOOK_MODULES else module
        item.add_marker(pytest.mark.xdist_group(group))


@pytest.fixture(scope="session")
def executed_notebooks(tmp_path_factory: pytest.TempPathFactory) -> dict:
    """Every notebook of docs/notebooks run once (tests/notebook_helpers.py), by name."""
    from notebook_helpers import NOTEBOOKS, execute

    return {
        path.stem: execute(path, tmp_path_factory.mktemp(f"notebook-{path.stem}"))
        for path in NOTEBOOKS
    }
