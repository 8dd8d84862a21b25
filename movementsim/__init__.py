"""movementsim: an agent-based model of community-organizing movements.

It asks how the way a movement is structured (from no formal structure to a rigid
hierarchy) shapes the collective power it builds against a decision-maker.

    >>> from movementsim import load_scenario, simulate
    >>> df = simulate(load_scenario("balanced"), seed=1)  # one row per week

The package is layered, each layer using only the ones below it:

- :mod:`movementsim.model`: the Mesa model, its parameters and mechanisms;
- :mod:`movementsim.experiments`: experiment files, designs, the one run engine,
  outcomes and statistics;
- :mod:`movementsim.teaching`: compare, report, animate, explain and figures;
- :mod:`movementsim.dashboard`: the interactive page;
- :mod:`movementsim.cli`: the ``movementsim`` command.
"""

from movementsim._version import __version__
from movementsim.model import MovementModel, Scenario, ScenarioError, load_scenario, simulate

__all__ = [
    "MovementModel",
    "Scenario",
    "ScenarioError",
    "__version__",
    "load_scenario",
    "simulate",
]
