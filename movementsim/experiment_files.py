"""Experiment files: what to vary, how often to repeat it and what to keep, validated once.

An experiment is a TOML file (the bundled ones are in ``experiments/``)::

    name = "structure-sweep"
    description = "One line: what the experiment asks."
    scenario = "balanced"        # a bundled scenario or a .toml path (relative to this file)
    seed = 20250101              # every run's seed is derived from it (see runner.run_seed)
    replications = 30            # runs per design point, each with its own seed
    steps = 260                  # weeks per run [default: the scenario's model.steps]
    timeseries = false           # true (every measure) or a list of measures to keep per week

    [set]                        # fixed for every run
    "community.members" = 1000

    [design]
    sampler = "grid"             # grid (full factorial), lhs, sobol or morris
    samples = 64                 # lhs: points; sobol: base samples N (a power of 2);
                                 # morris: trajectories
    second_order = false         # sobol only: also sample for second-order indices
    levels = 4                   # morris only: grid levels (an even number)

    [parameters]                 # what varies: a dotted scenario key per line
    "structure.level" = { start = 0.0, stop = 1.0, step = 0.05 }   # stop included
    "structure.decision_rule" = ["consensus", "majority"]          # a list of values
    "community.members" = { low = 200, high = 2000 }               # bounds, for samplers

    [outcomes]                   # what to keep of each run
    long_run_power = { measure = "power + durable_power", stat = "mean_last", weeks = 52 }
    first_win = { measure = "wins", stat = "first_week" }

The grid sampler takes values (a list or a start/stop/step range) for every parameter
and runs every combination; the other samplers take ``low``/``high`` bounds. Every
value is checked against the scenario's own rules (type and range) before anything
runs; a mistake raises :class:`ExperimentError` with one message naming the field and
what is allowed.
"""

from __future__ import annotations

import dataclasses
import difflib
import hashlib
import math
import tomllib
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

from movementsim.metrics import MEASURES
from movementsim.parameters import SECTIONS, Scenario
from movementsim.scenario import ScenarioError, load_scenario, scenario_to_dict

#: The package the bundled ``experiments/*.toml`` files are installed as.
BUNDLED_PACKAGE = "movementsim.bundled_experiments"

SAMPLERS: tuple[str, ...] = ("grid", "lhs", "sobol", "morris")

#: What an outcome keeps of a run's weekly series (see :func:`outcome_value`).
STATS: dict[str, str] = {
    "final": "the value in the last week",
    "mean": "the mean over all weeks",
    "mean_last": "the mean over the last `weeks` weeks",
    "peak": "the highest value",
    "peak_week": "the first week the highest value is reached",
    "first_week": "the first week the value is at least `at_least` (default 1); empty if never",
}

#: Columns of the runs table that are not outcomes or parameters.
RUN_COLUMNS: tuple[str, ...] = ("key", "point", "replication", "seed", "error")

_TOP_LEVEL = (
    "name", "description", "scenario", "seed", "replications", "steps", "timeseries",
    "set", "design", "parameters", "outcomes",
)
_DESIGN_KEYS = ("sampler", "samples", "second_order", "levels")
_OUTCOME_KEYS = ("measure", "stat", "weeks", "at_least")
_VALUE_FORMS = ("values", "start", "stop", "step", "low", "high")
_MAX_SEED = 2**63 - 1

#: Outcomes kept when an experiment names none.
DEFAULT_OUTCOMES: dict[str, dict[str, Any]] = {
    "long_run_power": {"measure": "power + durable_power", "stat": "mean_last", "weeks": 52},
    "wins": {"measure": "wins", "stat": "final"},
}


class ExperimentError(ValueError):
    """An experiment that cannot be run; the message names the field and what is allowed."""


@dataclass(frozen=True)
class Parameter:
    """One varied scenario parameter.

    ``values`` lists the values a grid takes; ``low`` and ``high`` bound what a sampler
    draws. ``integer`` parameters (e.g. ``community.members``) are rounded after sampling.
    """

    key: str
    values: tuple[Any, ...] | None = None
    low: float | None = None
    high: float | None = None
    integer: bool = False


@dataclass(frozen=True)
class Outcome:
    """A number kept per run: ``stat`` (see :data:`STATS`) of the sum of ``measures``."""

    name: str
    measures: tuple[str, ...]
    stat: str
    weeks: int | None = None
    at_least: float = 1.0


@dataclass(frozen=True)
class Design:
    """How design points are chosen: ``sampler`` is one of :data:`SAMPLERS`."""

    sampler: str = "grid"
    samples: int | None = None
    second_order: bool = False
    levels: int = 4


@dataclass(frozen=True)
class Experiment:
    """A validated experiment: a base scenario, what varies, how often, and what is kept.

    ``fixed`` holds the ``[set]`` overrides applied to every run; ``sha256`` is the hash
    of the file's bytes (a resumed output must come from the same file).
    """

    name: str
    description: str
    source: str
    sha256: str
    scenario: str
    base: Scenario
    seed: int
    replications: int
    steps: int
    fixed: dict[str, Any]
    parameters: tuple[Parameter, ...]
    design: Design
    outcomes: tuple[Outcome, ...]
    timeseries: tuple[str, ...]

    def spec(self) -> dict[str, Any]:
        """The experiment as plain JSON data (kept in ``manifest.json`` for the analysis)."""
        return {
            "name": self.name,
            "description": self.description,
            "source": self.source,
            "scenario": self.scenario,
            "base_scenario": scenario_to_dict(self.base),
            "seed": self.seed,
            "replications": self.replications,
            "steps": self.steps,
            "set": self.fixed,
            "design": dataclasses.asdict(self.design),
            "parameters": [_drop_none(dataclasses.asdict(p)) for p in self.parameters],
            "outcomes": [_drop_none(dataclasses.asdict(o)) for o in self.outcomes],
            "timeseries": list(self.timeseries),
        }


def load_experiment(name_or_path: str | Path) -> Experiment:
    """Load and validate an experiment: a bundled name (``structure-sweep``) or a path.

    Raises :class:`ExperimentError` with one message for the first bad field.
    """
    raw, label, stem, folder = _read(name_or_path)
    try:
        data = tomllib.loads(raw.decode("utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as err:
        raise ExperimentError(f"{label}: not valid TOML: {err}") from None
    return _build(data, label, stem, folder, hashlib.sha256(raw).hexdigest())


def list_experiments() -> list[tuple[str, str]]:
    """The bundled experiments as (name to run them by, one-line description)."""
    return [(name, load_experiment(name).description) for name in _bundled_names()]


def outcome_value(outcome: Outcome, frame: Any) -> float:
    """The outcome of one run, from its weekly frame (index: week; one column per measure)."""
    series = sum(frame[m].astype(float) for m in outcome.measures)
    if outcome.stat == "final":
        return float(series.iloc[-1])
    if outcome.stat == "mean":
        return float(series.mean())
    if outcome.stat == "mean_last":
        return float(series.tail(outcome.weeks).mean())
    if outcome.stat == "peak":
        return float(series.max())
    if outcome.stat == "peak_week":
        return float(series.idxmax())
    reached = series.index[series >= outcome.at_least]  # first_week
    return float(reached[0]) if len(reached) else math.nan


# Reading ---------------------------------------------------------------------------


def _read(name_or_path: str | Path) -> tuple[bytes, str, str, Path | None]:
    """The file's bytes, a label for messages, its stem and its folder (None if bundled)."""
    text = str(name_or_path)
    if isinstance(name_or_path, Path) or text.endswith(".toml") or "/" in text or "\\" in text:
        path = Path(name_or_path)
        label = f"experiment '{text}'"
        try:
            return path.read_bytes(), label, path.stem, path.resolve().parent
        except FileNotFoundError:
            raise ExperimentError(f"{label}: no such file") from None
        except OSError as err:
            raise ExperimentError(f"{label}: cannot read the file: {err}") from None
    names = _bundled_names()
    if text not in names:
        raise ExperimentError(
            f"unknown experiment '{text}'{_did_you_mean(text, names)}; bundled experiments: "
            f"{', '.join(names)} (or give the path to a .toml file)"
        )
    resource = resources.files(BUNDLED_PACKAGE).joinpath(f"{text}.toml")
    return resource.read_bytes(), f"experiment '{text}'", text, None


def _bundled_names() -> list[str]:
    files = resources.files(BUNDLED_PACKAGE).iterdir()
    return sorted(f.name.removesuffix(".toml") for f in files if f.name.endswith(".toml"))


# Validating ------------------------------------------------------------------------


def _build(
    data: dict[str, Any], label: str, stem: str, folder: Path | None, sha: str
) -> Experiment:
    for key in data:
        if key not in _TOP_LEVEL:
            raise ExperimentError(
                f"{label}: unknown key '{key}'{_did_you_mean(key, _TOP_LEVEL)}; "
                f"allowed: {', '.join(_TOP_LEVEL)}"
            )
    name = _text(data, "name", stem, label)
    description = _text(data, "description", "", label)
    if "scenario" not in data:
        raise ExperimentError(
            f"{label}: 'scenario' is missing: give a bundled scenario name (e.g. \"balanced\") "
            "or the path to a scenario .toml file"
        )
    scenario = _text(data, "scenario", "", label)
    if folder is not None and (scenario.endswith(".toml") or "/" in scenario):
        scenario = str((folder / scenario).resolve())  # relative to the experiment file
    seed = _integer(data, "seed", 0, 0, _MAX_SEED, label)
    replications = _integer(data, "replications", 1, 1, 100_000, label)
    fixed = _flatten(_table(data, "set", label))
    for key in fixed:
        _check_not_seed(key, label, "set")
    base = _scenario(scenario, fixed, label, "set")
    steps = _integer(data, "steps", base.model.steps, 1, 100_000, label)
    design = _design(_table(data, "design", label), label)
    parameters = _parameters(data.get("parameters", {}), design, scenario, fixed, label)
    outcomes = _outcomes(data.get("outcomes", DEFAULT_OUTCOMES), steps, label)
    clash = {o.name for o in outcomes} & ({p.key for p in parameters} | set(RUN_COLUMNS))
    if clash:
        raise ExperimentError(
            f"{label}: outcome name '{sorted(clash)[0]}' is taken (by a parameter or one of "
            f"the run columns {', '.join(RUN_COLUMNS)}); choose another name"
        )
    return Experiment(
        name=name,
        description=description,
        source=label.removeprefix("experiment ").strip("'"),
        sha256=sha,
        scenario=scenario,
        base=base,
        seed=seed,
        replications=replications,
        steps=steps,
        fixed=fixed,
        parameters=parameters,
        design=design,
        outcomes=outcomes,
        timeseries=_timeseries(data.get("timeseries", False), label),
    )


def _text(data: dict[str, Any], key: str, default: str, label: str) -> str:
    value = data.get(key, default)
    if not isinstance(value, str) or "\n" in value:
        raise ExperimentError(f"{label}: {key} = {value!r} must be one line of text in quotes")
    return value


def _integer(data: dict[str, Any], key: str, default: int, low: int, high: int, label: str) -> int:
    value = data.get(key, default)
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise ExperimentError(
            f"{label}: {key} = {value!r} must be a whole number from {low:,} to {high:,}"
        )
    return value


def _table(data: dict[str, Any], key: str, label: str) -> dict[str, Any]:
    value = data.get(key, {})
    if not isinstance(value, dict):
        raise ExperimentError(f"{label}: '{key}' must be a table ([{key}] followed by lines)")
    return value


def _flatten(table: dict[str, Any], prefix: str = "") -> dict[str, Any]:
    """``{"structure": {"level": 1}}`` and ``{"structure.level": 1}`` alike, as dotted keys.

    A table that is a parameter form (it has ``values``, ``low``, ... keys) is a leaf.
    """
    flat: dict[str, Any] = {}
    for key, value in table.items():
        dotted = f"{prefix}{key}"
        if isinstance(value, dict) and not set(value) & set(_VALUE_FORMS) and value:
            flat.update(_flatten(value, f"{dotted}."))
        else:
            flat[dotted] = value
    return flat


def _check_not_seed(key: str, label: str, where: str) -> None:
    if key == "model.seed":
        raise ExperimentError(
            f"{label}: {where}.model.seed cannot be set: each run's seed is derived from the "
            "experiment's top-level 'seed'; set that instead"
        )
    if key == "model.steps":
        raise ExperimentError(f"{label}: {where}.model.steps: use the top-level 'steps' instead")


def _scenario(scenario: str, overrides: dict[str, Any], label: str, where: str) -> Scenario:
    try:
        return load_scenario(scenario, overrides)
    except ScenarioError as err:
        raise ExperimentError(f"{label}: {where}: {err}") from None


def _design(table: dict[str, Any], label: str) -> Design:
    for key in table:
        if key not in _DESIGN_KEYS:
            raise ExperimentError(
                f"{label}: unknown key 'design.{key}'{_did_you_mean(key, _DESIGN_KEYS)}; "
                f"allowed: {', '.join(_DESIGN_KEYS)}"
            )
    sampler = table.get("sampler", "grid")
    if sampler not in SAMPLERS:
        raise ExperimentError(
            f"{label}: design.sampler = {sampler!r} is not allowed: choose one of "
            f"{', '.join(repr(s) for s in SAMPLERS)}"
        )
    samples = table.get("samples")
    if sampler == "grid":
        if samples is not None:
            raise ExperimentError(
                f"{label}: design.samples is only for the lhs, sobol and morris samplers; "
                "a grid runs every combination of the listed values"
            )
    elif isinstance(samples, bool) or not isinstance(samples, int) or not 2 <= samples <= 1_000_000:
        raise ExperimentError(
            f"{label}: design.samples = {samples!r}: the {sampler} sampler needs a whole number "
            "of samples from 2 to 1,000,000"
        )
    if sampler == "sobol" and samples & (samples - 1):
        raise ExperimentError(
            f"{label}: design.samples = {samples}: Sobol' sampling needs a power of 2 "
            f"(e.g. {2 ** round(math.log2(samples))})"
        )
    second_order = table.get("second_order", False)
    if not isinstance(second_order, bool) or (second_order and sampler != "sobol"):
        raise ExperimentError(
            f"{label}: design.second_order = {second_order!r} must be true or false, and "
            "true only with the sobol sampler"
        )
    levels = table.get("levels", 4)
    if "levels" in table and sampler != "morris":
        raise ExperimentError(f"{label}: design.levels is only for the morris sampler")
    if isinstance(levels, bool) or not isinstance(levels, int) or levels < 2 or levels % 2:
        raise ExperimentError(
            f"{label}: design.levels = {levels!r} must be an even whole number, at least 2"
        )
    return Design(sampler, samples, second_order, levels)


def _parameters(
    table: Any, design: Design, scenario: str, fixed: dict[str, Any], label: str
) -> tuple[Parameter, ...]:
    if not isinstance(table, dict):
        raise ExperimentError(f"{label}: 'parameters' must be a table ([parameters])")
    flat = _flatten(table)
    if not flat:
        raise ExperimentError(
            f"{label}: [parameters] is empty: name at least one scenario parameter to vary, "
            'e.g. "structure.level" = [0.0, 0.5, 1.0]'
        )
    if design.sampler in ("sobol", "morris") and len(flat) < 2:
        raise ExperimentError(
            f"{label}: the {design.sampler} sampler needs at least 2 parameters in [parameters]"
        )
    parameters = []
    for key, form in flat.items():
        where = f'parameters."{key}"'
        _check_not_seed(key, label, "parameters")
        if key in fixed:
            raise ExperimentError(f"{label}: {where} is also fixed in [set]; keep one of them")
        if _kind(key) is object:  # not a scenario parameter: the loader names a close one
            _scenario(scenario, {**fixed, key: _probe(form)}, label, where)
        integer = _kind(key) is int
        if design.sampler == "grid":
            values = _grid_values(form, where, label)
            for value in values:
                _scenario(scenario, {**fixed, key: value}, label, where)
            parameters.append(Parameter(key, values=values, integer=integer))
        else:
            low, high = _bounds(form, key, where, design.sampler, label)
            for value in (low, high):
                _scenario(scenario, {**fixed, key: int(value) if integer else value}, label, where)
            parameters.append(Parameter(key, low=low, high=high, integer=integer))
    return tuple(parameters)


def _probe(form: Any) -> Any:
    """A value of the form, to check that the key exists before checking the form."""
    if isinstance(form, list) and form:
        return form[0]
    if isinstance(form, dict):
        for key in ("values", "start", "low"):
            value = form.get(key)
            if value is not None:
                return value[0] if isinstance(value, list) and value else value
    return None if not isinstance(form, int | float | str | bool) else form


def _kind(key: str) -> type:
    section, _, name = key.partition(".")
    if section not in SECTIONS:
        return object
    spec = {f.name: f for f in dataclasses.fields(getattr(Scenario(), section))}.get(name)
    if spec is None:
        return object
    return spec.metadata.get("kind") or type(spec.default)


def _grid_values(form: Any, where: str, label: str) -> tuple[Any, ...]:
    hint = (
        "give a list of values, e.g. [0.0, 0.5, 1.0], or a range, e.g. "
        "{ start = 0.0, stop = 1.0, step = 0.25 } (stop included)"
    )
    if isinstance(form, dict) and "values" in form and set(form) == {"values"}:
        form = form["values"]
    if isinstance(form, list):
        if not form or len(set(map(repr, form))) != len(form):
            raise ExperimentError(f"{label}: {where}: the values must be distinct and not empty")
        return tuple(form)
    if isinstance(form, dict) and set(form) == {"start", "stop", "step"}:
        start, stop, step = form["start"], form["stop"], form["step"]
        numbers = all(isinstance(x, int | float) and not isinstance(x, bool) for x in form.values())
        if not numbers or step <= 0 or stop < start:
            raise ExperimentError(
                f"{label}: {where}: start, stop and step must be numbers with step > 0 and "
                "stop >= start"
            )
        count = math.floor((stop - start) / step + 1e-9) + 1
        if count > 100_000:
            raise ExperimentError(f"{label}: {where}: the range has {count:,} values (max 100,000)")
        if all(isinstance(x, int) for x in (start, stop, step)):
            return tuple(start + i * step for i in range(count))
        return tuple(round(start + i * step, 12) for i in range(count))
    if isinstance(form, dict) and {"low", "high"} & set(form):
        raise ExperimentError(
            f"{label}: {where}: low/high bounds are for the lhs, sobol and morris samplers; "
            f"the grid sampler needs values: {hint}"
        )
    raise ExperimentError(f"{label}: {where} = {form!r}: {hint}")


def _bounds(form: Any, key: str, where: str, sampler: str, label: str) -> tuple[float, float]:
    if not isinstance(form, dict) or set(form) != {"low", "high"}:
        raise ExperimentError(
            f"{label}: {where}: the {sampler} sampler needs bounds, e.g. "
            "{ low = 0.0, high = 1.0 } (lists and ranges are for the grid sampler)"
        )
    low, high = form["low"], form["high"]
    kind = _kind(key)
    numbers = all(isinstance(x, int | float) and not isinstance(x, bool) for x in (low, high))
    if kind not in (int, float) or not numbers or not low < high:
        raise ExperimentError(
            f"{label}: {where}: low and high must be numbers with low < high, for a numeric "
            "parameter (choices and true/false can only be listed, with the grid sampler)"
        )
    return float(low), float(high)


def _outcomes(table: Any, steps: int, label: str) -> tuple[Outcome, ...]:
    if not isinstance(table, dict) or not table:
        raise ExperimentError(
            f"{label}: [outcomes] must name at least one outcome, e.g. "
            'wins = { measure = "wins", stat = "final" }'
        )
    outcomes = []
    for name, spec in table.items():
        where = f"outcomes.{name}"
        if not name.isidentifier():
            raise ExperimentError(
                f"{label}: {where}: an outcome name must be letters, digits and underscores"
            )
        if not isinstance(spec, dict):
            raise ExperimentError(
                f'{label}: {where} must be a table, e.g. {{ measure = "wins", stat = "final" }}'
            )
        for key in spec:
            if key not in _OUTCOME_KEYS:
                raise ExperimentError(
                    f"{label}: unknown key '{where}.{key}'{_did_you_mean(key, _OUTCOME_KEYS)}; "
                    f"allowed: {', '.join(_OUTCOME_KEYS)}"
                )
        measure = spec.get("measure")
        if not isinstance(measure, str):
            raise ExperimentError(
                f"{label}: {where}.measure is missing: name a measure ({', '.join(MEASURES)}) "
                'or a sum of them, e.g. "power + durable_power"'
            )
        measures = tuple(part.strip() for part in measure.split("+"))
        for part in measures:
            if part not in MEASURES:
                raise ExperimentError(
                    f"{label}: {where}.measure: unknown measure '{part}'"
                    f"{_did_you_mean(part, MEASURES)}; measures: {', '.join(MEASURES)}"
                )
        stat = spec.get("stat", "final")
        if stat not in STATS:
            raise ExperimentError(
                f"{label}: {where}.stat = {stat!r} is not allowed: choose one of "
                + ", ".join(f"{s!r} ({meaning})" for s, meaning in STATS.items())
            )
        weeks = spec.get("weeks")
        if (stat == "mean_last") != (weeks is not None):
            raise ExperimentError(
                f"{label}: {where}.weeks is needed with, and only with, stat = 'mean_last'"
            )
        if weeks is not None and (
            isinstance(weeks, bool) or not isinstance(weeks, int) or not 1 <= weeks <= steps + 1
        ):
            raise ExperimentError(
                f"{label}: {where}.weeks = {weeks!r} must be a whole number from 1 to {steps + 1}"
            )
        at_least = spec.get("at_least", 1.0)
        if "at_least" in spec and stat != "first_week":
            raise ExperimentError(f"{label}: {where}.at_least is only for stat = 'first_week'")
        if isinstance(at_least, bool) or not isinstance(at_least, int | float):
            raise ExperimentError(f"{label}: {where}.at_least = {at_least!r} must be a number")
        outcomes.append(Outcome(name, measures, stat, weeks, float(at_least)))
    return tuple(outcomes)


def _timeseries(value: Any, label: str) -> tuple[str, ...]:
    if value is True:
        return tuple(MEASURES)
    if value is False:
        return ()
    if isinstance(value, list) and value and all(v in MEASURES for v in value):
        return tuple(dict.fromkeys(value))
    raise ExperimentError(
        f"{label}: timeseries = {value!r} must be true, false or a list of measures "
        f"({', '.join(MEASURES)})"
    )


def _did_you_mean(word: str, candidates: Any) -> str:
    matches = difflib.get_close_matches(word, list(candidates), n=1, cutoff=0.6)
    return f" (did you mean '{matches[0]}'?)" if matches else ""


def _drop_none(value: dict[str, Any]) -> dict[str, Any]:
    return {k: list(v) if isinstance(v, tuple) else v for k, v in value.items() if v is not None}
