"""Writing a scenario back to a TOML file: the inverse of :func:`~movementsim.load_scenario`.

A scenario built or changed in Python (``scenario.model_copy(update=...)``, or the
parameter classes) is saved as a file the command line and an experiment file can name::

    save_scenario(scenario, "my_union.toml")
    # movementsim run my_union.toml

The file holds every value (not only those that differ from today's defaults), so it
reads the same whatever later releases change, and ``--model-version`` has nothing to
fill in it. Loading it gives back an equal :class:`~movementsim.Scenario` (tested on
every bundled scenario).
"""

from __future__ import annotations

from pathlib import Path

import tomli_w

from movementsim.experiments import storage
from movementsim.model.parameters import Scenario
from movementsim.model.scenario import build_scenario, scenario_to_file_data
from movementsim.model.versions import made_by

#: The first line of a scenario file movementsim wrote (so that it may replace it).
SIGNATURE = "# A movementsim scenario, written by save_scenario"


def scenario_to_toml(scenario: Scenario) -> str:
    """The scenario as the text of a TOML scenario file."""
    body = tomli_w.dumps(scenario_to_file_data(scenario))
    return f"{SIGNATURE} ({made_by()}).\n{body}"


def is_written_scenario(path: Path) -> bool:
    """Whether ``path`` is a scenario file :func:`save_scenario` wrote."""
    return storage.contains_signature(path, SIGNATURE.encode())


def save_scenario(scenario: Scenario, path: str | Path) -> Path:
    """Write ``scenario`` to ``path`` (a ``.toml`` file), atomically; return the path.

    The scenario is validated first (:class:`~movementsim.ScenarioError` names a bad
    value). An existing file is replaced only if this function wrote it
    (:class:`~movementsim.experiments.storage.OutputError` otherwise).
    """
    path = Path(path)
    if path.suffix != ".toml":
        raise storage.OutputError(f"save_scenario: {path} must end in .toml")
    # A scenario changed with model_copy(update=...) was not validated: what is written
    # must load, so it is checked here as load_scenario will check it.
    build_scenario(scenario_to_file_data(scenario), f"scenario '{scenario.name}'")
    storage.claim_file(path, is_written_scenario, "save_scenario:")
    return storage.write_text(path, scenario_to_toml(scenario))
