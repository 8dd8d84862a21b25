"""movementsim: an agent-based model of community-organizing movements.

It asks how the way a movement is structured (from no formal structure to a rigid
hierarchy) shapes the collective power it builds against a decision-maker.

    >>> from movementsim import load_scenario, simulate
    >>> df = simulate(load_scenario("balanced"), seed=1)  # one row per week
"""

from importlib.metadata import PackageNotFoundError, version

from movementsim.model import MovementModel, simulate
from movementsim.parameters import Scenario
from movementsim.scenario import ScenarioError, load_scenario

try:
    __version__ = version("movementsim")
except PackageNotFoundError:  # running from a source tree that is not installed
    __version__ = "0.1.0"

__all__ = [
    "MovementModel",
    "Scenario",
    "ScenarioError",
    "__version__",
    "load_scenario",
    "simulate",
]
