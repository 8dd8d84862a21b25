"""The model: a Mesa model of a community organizing against a decision-maker.

Everything a run needs lives here and nowhere above: the scenario's parameters
(:mod:`.parameters`) and how they are loaded (:mod:`.scenario`), the governance rules a
structure level implies (:mod:`.structure`), the people and their ties (:mod:`.agents`,
:mod:`.network`), one module per mechanism (:mod:`.mechanisms`), the weekly measures
(:mod:`.measures`) and the Mesa model that steps them (:mod:`.model`). It depends on
numpy, scipy, pandas and Mesa only; nothing here imports the layers above it
(experiments, teaching, dashboard, cli).
"""

from movementsim.model.model import MovementModel, simulate
from movementsim.model.parameters import Scenario
from movementsim.model.scenario import ScenarioError, load_scenario

__all__ = ["MovementModel", "Scenario", "ScenarioError", "load_scenario", "simulate"]
