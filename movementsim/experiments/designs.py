"""Design points: the parameter values of an experiment, one row per point.

- ``grid``: every combination of the listed values (the first parameter varies slowest).
- ``lhs``: a Latin hypercube of ``samples`` points within the bounds (scipy's
  :class:`scipy.stats.qmc.LatinHypercube`); each point (a context) is crossed with every
  combination of the parameters given values (column ``context`` numbers the points).
- ``sobol``: Saltelli's scheme through SALib's Sobol' sampler, ``samples * (k + 2)``
  points for ``k`` parameters (``samples * (2k + 2)`` with second-order indices).
- ``morris``: SALib's Morris trajectories, ``samples * (k + 1)`` points.

Every sampler draws from a seed derived from the experiment's seed, so the same file
always gives the same points. Parameters of whole-number type are rounded.
"""

from __future__ import annotations

import itertools
from typing import Any

import numpy as np
import pandas as pd
from scipy.stats import qmc

from movementsim.experiments.files import Experiment, ExperimentError

#: Mixed into the experiment seed for the sampler's stream (runs use other streams).
DESIGN_STREAM = 0x5EED


def sampler_seed(experiment_seed: int) -> int:
    """The seed a sampler draws the design points from (derived from the experiment's)."""
    state = np.random.SeedSequence([experiment_seed, DESIGN_STREAM]).generate_state(1)
    return int(state[0])


def salib_problem(keys: list[str], bounds: list[tuple[float, float]]) -> dict[str, Any]:
    """The problem dictionary SALib's samplers and analyzers take."""
    return {"num_vars": len(keys), "names": list(keys), "bounds": [list(b) for b in bounds]}


def design_table(experiment: Experiment) -> pd.DataFrame:
    """The experiment's design points: index ``point`` (0, 1, ...), one column per parameter
    (and ``context``, for a Latin hypercube crossed with listed values)."""
    design = experiment.design
    if design.sampler == "grid":
        keys = [p.key for p in experiment.parameters]
        rows = list(itertools.product(*(p.values for p in experiment.parameters)))
        table = pd.DataFrame(rows, columns=keys)
    else:
        sampled = [p for p in experiment.parameters if p.values is None]
        keys = [p.key for p in sampled]
        bounds = [(p.low, p.high) for p in sampled]
        seed = sampler_seed(experiment.seed)
        if design.sampler == "lhs":
            unit = qmc.LatinHypercube(d=len(keys), rng=np.random.default_rng(seed)).random(
                design.samples
            )
            low, high = np.array(bounds).T
            values = qmc.scale(unit, low, high)
        else:
            values = _salib_sample(design.sampler, salib_problem(keys, bounds), design, seed)
        table = pd.DataFrame(values, columns=keys)
        for parameter in sampled:
            if parameter.integer:
                table[parameter.key] = table[parameter.key].round().astype("int64")
        crossed = [p for p in experiment.parameters if p.values is not None]
        if crossed:
            combos = pd.DataFrame(
                list(itertools.product(*(p.values for p in crossed))),
                columns=[p.key for p in crossed],
            )
            table = table.rename_axis("context").reset_index().merge(combos, how="cross")
            table = table[["context", *(p.key for p in experiment.parameters)]]
    table.index.name = "point"
    return table


def _salib_sample(sampler: str, problem: dict[str, Any], design: Any, seed: int) -> np.ndarray:
    try:
        from SALib.sample import morris, sobol
    except ImportError:
        raise ExperimentError(
            f"the {sampler} sampler needs SALib: pip install -e \".[sensitivity]\" (or pip "
            "install \"movementsim[sensitivity]\")"
        ) from None
    if sampler == "sobol":
        return sobol.sample(
            problem, design.samples, calc_second_order=design.second_order, seed=seed
        )
    return morris.sample(problem, design.samples, num_levels=design.levels, seed=seed)
