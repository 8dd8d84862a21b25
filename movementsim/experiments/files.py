"""Experiment files: what to vary, how often to repeat it and what to keep, validated once.

An experiment is a TOML file (the bundled ones are in ``experiments/``)::

    name = "structure-sweep"
    description = "One line: what the experiment asks."
    scenario = "balanced"        # a bundled scenario or a .toml path (relative to this file)
    seed = 20250101              # every run's seed is derived from it (see engine.run_seed)
    replications = 30            # runs per design point, each with its own seed
    steps = 260                  # weeks per run [default: the scenario's model.steps]
    timeseries = false           # true (every measure) or a list of measures to keep per week
    model_version = "0.1.0"      # take what the scenario leaves out from that release's
                                 # defaults [default: this movementsim's]

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
    "decision_makers.council.resistance" = [0.1, 0.3]  # TABLE.NAME.KEY: by its name, an
                                 # entry of the scenario's [[decision_makers]] or [[issues]]
    # with sampler = "lhs", a parameter given values is crossed: every sampled point
    # (a context) runs at each value

    [outcomes]                   # what to keep of each run
    long_run_power = { measure = "power + durable_power", stat = "mean_last", weeks = 52 }
    first_win = { measure = "wins", stat = "first_week" }

The grid sampler takes values (a list or a start/stop/step range) for every parameter
and runs every combination; the other samplers take ``low``/``high`` bounds. Every
value is checked against the scenario's own rules (type and range) before anything
runs; a mistake raises :class:`ExperimentError` with one message naming the field and
what is allowed. Without ``[outcomes]`` an experiment keeps the standard outcomes of
:data:`movementsim.experiments.outcomes.DEFAULT_OUTCOMES`.
"""

from __future__ import annotations

import hashlib
import math
import typing
from dataclasses import asdict, dataclass, replace
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from movementsim._version import __version__
from movementsim.experiments.outcomes import DEFAULT_OUTCOMES, OUTCOMES, Outcome
from movementsim.model.measures import MEASURES
from movementsim.model.parameters import SECTIONS, Scenario, field_kind, section_class
from movementsim.model.scenario import (
    NAMED_TABLES,
    ScenarioError,
    load_scenario,
    named_field,
    scenario_to_dict,
)
from movementsim.model.validation import (
    bundled_names as bundled_toml_names,
)
from movementsim.model.validation import (
    did_you_mean,
    explain_validation_error,
    looks_like_path,
    parse_toml,
    read_named_or_path,
    show,
)
from movementsim.model.versions import VersionError, defaults_for

#: The package the bundled ``experiments/*.toml`` files are installed as.
BUNDLED_PACKAGE = "movementsim.bundled_experiments"

SAMPLERS: tuple[str, ...] = ("grid", "lhs", "sobol", "morris")

#: Columns of the runs table that are not outcomes or parameters.
RUN_COLUMNS: tuple[str, ...] = ("key", "point", "replication", "seed", "error")

_MAX_SEED = 2**63 - 1
#: The most values one grid range may have, and the most runs an experiment may plan.
MAX_RANGE_VALUES = 100_000
MAX_RUNS = 10_000_000


class ExperimentError(ValueError):
    """An experiment that cannot be run; the message names the field and what is allowed."""


# The file's schema -----------------------------------------------------------------


class _Strict(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", strict=True, allow_inf_nan=False)


class DesignSpec(_Strict):
    """The ``[design]`` table."""

    sampler: Literal["grid", "lhs", "sobol", "morris"] = Field(
        "grid", description="how design points are chosen"
    )
    samples: int | None = Field(
        None, ge=2, le=1_000_000,
        description="lhs: points; sobol: base samples; morris: trajectories",
    )
    second_order: bool = Field(False, description="sobol only: sample for second-order indices")
    levels: int = Field(4, ge=2, le=1000, description="morris only: grid levels (even)")


class OutcomeSpec(_Strict):
    """One entry of the ``[outcomes]`` table."""

    measure: str = Field(description="a measure, or a sum of measures with +")
    stat: Literal[
        "initial", "final", "mean", "mean_last", "sum", "peak", "peak_week", "first_week"
    ] = Field(
        "final", description="what to keep of the weekly series"
    )
    weeks: int | None = Field(None, ge=1, description="mean_last only: weeks at the end")
    at_least: float | None = Field(None, description="first_week only: the value to reach")


class ExperimentFile(_Strict):
    """An experiment file as written (before its parameters are checked)."""

    name: str | None = Field(None, description="the experiment's name")
    description: str = Field("", description="one line: what the experiment asks")
    scenario: str = Field(description="a bundled scenario name or a .toml path")
    seed: int = Field(0, ge=0, le=_MAX_SEED, description="the seed every run's seed comes from")
    replications: int = Field(1, ge=1, le=100_000, description="runs per design point")
    steps: int | None = Field(None, ge=1, le=100_000, description="weeks per run")
    timeseries: Any = Field(False, description="true, false or a list of measures")
    set: dict[str, Any] = Field(default_factory=dict, description="values fixed for every run")
    design: DesignSpec = DesignSpec()
    parameters: dict[str, Any] = Field(default_factory=dict, description="what varies")
    outcomes: dict[str, OutcomeSpec] | None = Field(None, description="what to keep of each run")
    model_version: str | None = Field(
        None, description="the release whose defaults fill what the scenario leaves out "
        "(see CHANGELOG.md) [default: this movementsim's]"
    )


# The validated experiment ------------------------------------------------------------


@dataclass(frozen=True)
class Parameter:
    """One varied scenario parameter.

    ``values`` lists the values a grid takes; ``low`` and ``high`` bound what a sampler
    draws. In a Latin hypercube design a parameter given values instead of bounds is
    crossed: every sampled point (a context) is run at each of its values.
    ``integer`` parameters (e.g. ``community.members``) are rounded after sampling.
    """

    key: str
    values: tuple[Any, ...] | None = None
    low: float | None = None
    high: float | None = None
    integer: bool = False


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
    #: Sizes changed from the command line (:func:`resize`): name -> (file's, this run's).
    resized: tuple[tuple[str, int, int], ...] = ()
    #: The release whose defaults fill what the scenario leaves out (None: this one's).
    model_version: str | None = None

    @property
    def defaults_version(self) -> str:
        """The release whose defaults the runs use (recorded in every output)."""
        return self.model_version if self.model_version is not None else __version__

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
            "design": asdict(self.design),
            "parameters": [
                {k: list(v) if isinstance(v, tuple) else v for k, v in asdict(p).items()
                 if v is not None}
                for p in self.parameters
            ],
            "outcomes": [o.spec() for o in self.outcomes],
            "timeseries": list(self.timeseries),
            "resized": {name: {"file": before, "run": now} for name, before, now in self.resized},
            "defaults_version": self.defaults_version,
        }


def load_experiment(name_or_path: str | Path, model_version: str | None = None) -> Experiment:
    """Load and validate an experiment: a bundled name (``structure-sweep``) or a path.

    ``model_version`` (e.g. ``"0.1.0"``) takes what the scenario leaves out from that
    release's defaults, in place of the file's ``model_version`` (if any).
    Raises :class:`ExperimentError` with one message for the first bad field.
    """
    raw, label, stem, folder = read_named_or_path(
        name_or_path, BUNDLED_PACKAGE, "experiment", ExperimentError
    )
    data = parse_toml(raw, label, ExperimentError)
    return _build(data, label, stem, folder, hashlib.sha256(raw).hexdigest(), model_version)


def resize(
    experiment: Experiment, replications: int | None = None, samples: int | None = None
) -> Experiment:
    """``experiment`` with fewer (or more) replications or design samples, for a first try
    of a large experiment. The change is kept in :meth:`Experiment.spec` (``resized``), so
    a resized run's manifest says so. Raises :class:`ExperimentError` for samples that
    the design cannot take (a grid has none; Sobol' needs a power of 2)."""
    design, resized = experiment.design, list(experiment.resized)
    if samples is not None and samples != design.samples:
        if design.sampler == "grid":
            raise ExperimentError(
                f"--samples: {experiment.name} is a grid design, which has no samples; "
                "use --replications to shrink it"
            )
        if design.sampler == "sobol" and samples & (samples - 1):
            raise ExperimentError(
                f"--samples {samples}: Sobol' sampling needs a power of 2 "
                f"(e.g. {2 ** round(math.log2(samples))})"
            )
        resized.append(("samples", int(design.samples or 0), samples))
        design = replace(design, samples=samples)
    if replications is not None and replications != experiment.replications:
        resized.append(("replications", experiment.replications, replications))
    else:
        replications = experiment.replications
    runs = _point_count(experiment.parameters, design) * replications
    if runs > MAX_RUNS:
        raise ExperimentError(
            f"--replications/--samples: {runs:,} runs, more than {MAX_RUNS:,}"
        )
    return replace(
        experiment, design=design, replications=replications, resized=tuple(resized)
    )


def bundled_names() -> list[str]:
    """The names of the bundled experiments, sorted."""
    return bundled_toml_names(BUNDLED_PACKAGE)


def list_experiments() -> list[tuple[str, str]]:
    """The bundled experiments as (name to run them by, one-line description)."""
    return [(name, load_experiment(name).description) for name in bundled_names()]


# Validating ------------------------------------------------------------------------


def _build(
    data: dict[str, Any], label: str, stem: str, folder: Path | None, sha: str,
    model_version: str | None = None,
) -> Experiment:
    try:
        spec = ExperimentFile.model_validate(data)
    except ValidationError as err:
        raise ExperimentError(explain_validation_error(err, ExperimentFile, label)) from None
    for key in ("name", "description", "scenario"):
        value = getattr(spec, key)
        if value is not None and (
            "\n" in value or "\x00" in value or any("\ud800" <= c <= "\udfff" for c in value)
        ):
            raise ExperimentError(f"{label}: {key} = {show(value)} must be one line of text")
    scenario = spec.scenario
    if folder is not None and looks_like_path(scenario):
        scenario = str((folder / scenario).resolve())  # relative to the experiment file
    fixed = _flatten(spec.set, "set", label)
    for key in fixed:
        _check_not_seed(key, label, "set")
    version = model_version if model_version is not None else spec.model_version
    if version is not None:
        try:
            defaults_for(version)
        except VersionError as err:
            raise ExperimentError(f"{label}: {err}") from None
    base = _scenario(scenario, fixed, label, "set", version)
    steps = spec.steps if spec.steps is not None else base.model.steps
    design = _design(spec.design, label)
    parameters = _parameters(spec.parameters, design, scenario, fixed, label, version)
    outcomes = (
        tuple(OUTCOMES[name] for name in DEFAULT_OUTCOMES)
        if spec.outcomes is None
        else _outcomes(spec.outcomes, steps, label)
    )
    clash = {o.name for o in outcomes} & ({p.key for p in parameters} | set(RUN_COLUMNS))
    if clash:
        raise ExperimentError(
            f"{label}: outcome name '{sorted(clash)[0]}' is taken (by a parameter or one of "
            f"the run columns {', '.join(RUN_COLUMNS)}); choose another name"
        )
    runs = _point_count(parameters, design) * spec.replications
    if runs > MAX_RUNS:
        raise ExperimentError(
            f"{label}: the experiment plans {runs:,} runs, more than {MAX_RUNS:,}: use fewer "
            "values, samples or replications"
        )
    return Experiment(
        name=spec.name if spec.name is not None else stem,
        description=spec.description,
        source=label.removeprefix("experiment ").strip("'"),
        sha256=sha,
        scenario=scenario,
        base=base,
        seed=spec.seed,
        replications=spec.replications,
        steps=steps,
        fixed=fixed,
        parameters=parameters,
        design=design,
        outcomes=outcomes,
        timeseries=_timeseries(spec.timeseries, label),
        model_version=version,
    )


def _flatten(table: dict[str, Any], where: str, label: str) -> dict[str, Any]:
    """``{"structure": {"level": 1}}`` and ``{"structure.level": 1}`` alike, as dotted keys.

    A scenario parameter is ``SECTION.NAME``, or ``TABLE.NAME.KEY`` for an entry of an
    array of tables named by its name (``decision_makers.council.resistance``), so tables
    nest at most one level (two under ``decision_makers`` and ``issues``); a table that is
    a parameter form (it has ``values``, ``low``, ... keys) is a value.
    """
    flat: dict[str, Any] = {}
    for key, value in table.items():
        if _is_table(value):
            depth = 2 if key in NAMED_TABLES else 1
            for name, inner in _nested(value, f"{where}.{key}", depth, label):
                flat[f"{key}.{name}"] = inner
        else:
            flat[key] = value
    return flat


def _is_table(value: Any) -> bool:
    """A TOML table of keys (not a parameter form such as ``{ low = 0, high = 1 }``)."""
    return isinstance(value, dict) and bool(value) and not set(value) & set(_VALUE_FORMS)


def _nested(table: dict[str, Any], where: str, depth: int, label: str) -> list[tuple[str, Any]]:
    """A table's keys down to ``depth`` levels, as dotted keys and their values."""
    pairs = []
    for name, value in table.items():
        if not _is_table(value):
            pairs.append((name, value))
        elif depth > 1:
            pairs += [(f"{name}.{k}", v) for k, v in _nested(value, f"{where}.{name}", 1, label)]
        else:
            raise ExperimentError(
                f"{label}: {where}.{name}: tables nest too deeply; a scenario parameter is "
                'SECTION.NAME, e.g. "structure.level", or TABLE.NAME.KEY, e.g. '
                '"decision_makers.council.resistance"'
            )
    return pairs


_VALUE_FORMS = ("values", "start", "stop", "step", "low", "high")


def _check_not_seed(key: str, label: str, where: str) -> None:
    if key == "model.seed":
        raise ExperimentError(
            f"{label}: {where}.model.seed cannot be set: each run's seed is derived from the "
            "experiment's top-level 'seed'; set that instead"
        )
    if key == "model.steps":
        raise ExperimentError(f"{label}: {where}.model.steps: use the top-level 'steps' instead")


def _scenario(
    scenario: str, overrides: dict[str, Any], label: str, where: str, version: str | None
) -> Scenario:
    try:
        return load_scenario(scenario, overrides, version)
    except ScenarioError as err:
        raise ExperimentError(f"{label}: {where}: {err}") from None


def _design(spec: DesignSpec, label: str) -> Design:
    sampler, samples = spec.sampler, spec.samples
    if sampler == "grid" and samples is not None:
        raise ExperimentError(
            f"{label}: design.samples is only for the lhs, sobol and morris samplers; "
            "a grid runs every combination of the listed values"
        )
    if sampler != "grid" and samples is None:
        raise ExperimentError(
            f"{label}: design.samples is missing: the {sampler} sampler needs a whole number "
            "of samples from 2 to 1,000,000"
        )
    if sampler == "sobol" and samples & (samples - 1):
        raise ExperimentError(
            f"{label}: design.samples = {samples}: Sobol' sampling needs a power of 2 "
            f"(e.g. {2 ** round(math.log2(samples))})"
        )
    if spec.second_order and sampler != "sobol":
        raise ExperimentError(f"{label}: design.second_order = true is only for the sobol sampler")
    if "levels" in spec.model_fields_set and sampler != "morris":
        raise ExperimentError(f"{label}: design.levels is only for the morris sampler")
    if spec.levels % 2:
        raise ExperimentError(
            f"{label}: design.levels = {spec.levels} must be an even whole number, at least 2"
        )
    return Design(sampler, samples, spec.second_order, spec.levels)


def _parameters(
    table: dict[str, Any], design: Design, scenario: str, fixed: dict[str, Any], label: str,
    version: str | None,
) -> tuple[Parameter, ...]:
    flat = _flatten(table, "parameters", label)
    if not flat:
        raise ExperimentError(
            f"{label}: [parameters] is empty: name at least one scenario parameter to vary, "
            'e.g. "structure.level" = [0.0, 0.5, 1.0]'
        )
    if design.sampler in ("sobol", "morris") and len(flat) < 2:
        raise ExperimentError(
            f"{label}: the {design.sampler} sampler needs at least 2 parameters in [parameters]"
        )
    if design.sampler == "lhs" and not any(_has_bounds(form) for form in flat.values()):
        raise ExperimentError(
            f"{label}: the lhs sampler needs at least one parameter with bounds, e.g. "
            '"community.members" = { low = 200, high = 3000 }'
        )
    parameters = []
    for key, form in flat.items():
        where = f'parameters."{show(key)[1:-1]}"'
        _check_not_seed(key, label, "parameters")
        if key in fixed:
            raise ExperimentError(f"{label}: {where} is also fixed in [set]; keep one of them")
        kind = _kind(key)
        if kind is object:  # not a scenario parameter: the loader names a close one
            _scenario(scenario, {**fixed, key: 0}, label, where, version)
        integer = kind is int
        crossed = design.sampler == "lhs" and not _has_bounds(form)
        if design.sampler == "grid" or crossed:
            values = _grid_values(form, where, label)
            for value in values:
                _scenario(scenario, {**fixed, key: value}, label, where, version)
            parameters.append(Parameter(key, values=values, integer=integer))
        else:
            low, high = _bounds(form, kind, where, design.sampler, label)
            for value in (low, high):
                _scenario(scenario, {**fixed, key: int(value) if integer else value}, label,
                          where, version)
            parameters.append(Parameter(key, low=low, high=high, integer=integer))
    return tuple(parameters)


def _kind(key: str) -> type:
    field = named_field(key)
    if field is not None:  # a list (an entry's issues or subcommunities) is only listed
        return tuple if typing.get_origin(field.annotation) is tuple else field_kind(field)
    section, _, name = key.partition(".")
    if section not in SECTIONS:
        return object
    info = section_class(section).model_fields.get(name)
    return object if info is None else field_kind(info)


def _has_bounds(form: Any) -> bool:
    """Whether a parameter's form gives low/high bounds (sampled) rather than values."""
    return isinstance(form, dict) and bool({"low", "high"} & set(form))


def _number(x: Any) -> bool:
    return isinstance(x, int | float) and not isinstance(x, bool)


def _grid_values(form: Any, where: str, label: str) -> tuple[Any, ...]:
    hint = (
        "give a list of values, e.g. [0.0, 0.5, 1.0], or a range, e.g. "
        "{ start = 0.0, stop = 1.0, step = 0.25 } (stop included)"
    )
    if isinstance(form, dict) and set(form) == {"values"}:
        form = form["values"]
    if isinstance(form, list):
        if not form or len(set(map(repr, form))) != len(form):
            raise ExperimentError(f"{label}: {where}: the values must be distinct and not empty")
        if len(form) > MAX_RANGE_VALUES:
            raise ExperimentError(f"{label}: {where}: more than {MAX_RANGE_VALUES:,} values")
        return tuple(form)
    if isinstance(form, dict) and set(form) == {"start", "stop", "step"}:
        start, stop, step = form["start"], form["stop"], form["step"]
        if not all(_number(x) and math.isfinite(x) for x in (start, stop, step)):
            raise ExperimentError(
                f"{label}: {where}: start, stop and step must be finite numbers"
            )
        if step <= 0 or stop < start:
            raise ExperimentError(
                f"{label}: {where}: start, stop and step must be numbers with step > 0 and "
                "stop >= start"
            )
        span = (stop - start) / step
        if not math.isfinite(span) or span + 1 > MAX_RANGE_VALUES:
            size = "an astronomical number of" if not math.isfinite(span) else f"{span + 1:,.0f}"
            raise ExperimentError(
                f"{label}: {where}: the range has {size} values (at most {MAX_RANGE_VALUES:,})"
            )
        count = math.floor(span + 1e-9) + 1
        if all(isinstance(x, int) for x in (start, stop, step)):
            return tuple(start + i * step for i in range(count))
        return tuple(round(start + i * step, 12) for i in range(count))
    if _has_bounds(form):
        raise ExperimentError(
            f"{label}: {where}: low/high bounds are for the lhs, sobol and morris samplers; "
            f"the grid sampler needs values: {hint}"
        )
    raise ExperimentError(f"{label}: {where} = {show(form)}: {hint}")


def _bounds(form: Any, kind: type, where: str, sampler: str, label: str) -> tuple[float, float]:
    if not isinstance(form, dict) or set(form) != {"low", "high"}:
        raise ExperimentError(
            f"{label}: {where}: the {sampler} sampler needs bounds, e.g. "
            "{ low = 0.0, high = 1.0 } (lists and ranges are for the grid sampler)"
        )
    low, high = form["low"], form["high"]
    finite = all(_number(x) and math.isfinite(x) for x in (low, high))
    if kind not in (int, float) or not finite or not low < high:
        raise ExperimentError(
            f"{label}: {where}: low and high must be finite numbers with low < high, for a "
            "numeric parameter (choices and true/false can only be listed, with the grid "
            "sampler)"
        )
    return float(low), float(high)


def _point_count(parameters: tuple[Parameter, ...], design: Design) -> int:
    """Design points the experiment will have (see :mod:`movementsim.experiments.designs`)."""
    if design.sampler == "grid":
        return math.prod(len(p.values or ()) for p in parameters)
    k = len(parameters)
    if design.sampler == "sobol":
        return design.samples * ((2 * k + 2) if design.second_order else (k + 2))
    if design.sampler == "morris":
        return design.samples * (k + 1)
    return design.samples * math.prod(len(p.values) for p in parameters if p.values)


def _outcomes(table: dict[str, OutcomeSpec], steps: int, label: str) -> tuple[Outcome, ...]:
    if not table:
        raise ExperimentError(
            f"{label}: [outcomes] must name at least one outcome, e.g. "
            'wins = { measure = "wins", stat = "final" }'
        )
    outcomes = []
    for name, spec in table.items():
        where = f"outcomes.{show(name)[1:-1]}"
        if not name.isidentifier() or not name.isascii():
            raise ExperimentError(
                f"{label}: {where}: an outcome name must be letters, digits and underscores"
            )
        measures = tuple(part.strip() for part in spec.measure.split("+"))
        for part in measures:
            if part not in MEASURES:
                raise ExperimentError(
                    f"{label}: {where}.measure: unknown measure '{show(part)[1:-1]}'"
                    f"{did_you_mean(part, MEASURES)}; measures: {', '.join(MEASURES)}"
                )
        if (spec.stat == "mean_last") != (spec.weeks is not None):
            raise ExperimentError(
                f"{label}: {where}.weeks is needed with, and only with, stat = 'mean_last'"
            )
        if spec.weeks is not None and spec.weeks > steps + 1:
            raise ExperimentError(
                f"{label}: {where}.weeks = {spec.weeks} must be a whole number from 1 to "
                f"{steps + 1} (the weeks of a run, week 0 included)"
            )
        if spec.at_least is not None and spec.stat != "first_week":
            raise ExperimentError(f"{label}: {where}.at_least is only for stat = 'first_week'")
        at_least = 1.0 if spec.at_least is None else spec.at_least
        outcomes.append(Outcome(name, measures, spec.stat, spec.weeks, at_least))
    return tuple(outcomes)


def _timeseries(value: Any, label: str) -> tuple[str, ...]:
    if value is True:
        return tuple(MEASURES)
    if value is False:
        return ()
    if isinstance(value, list) and value and all(isinstance(v, str) for v in value):
        unknown = [v for v in value if v not in MEASURES]
        if not unknown:
            return tuple(dict.fromkeys(value))
        hint = did_you_mean(unknown[0], MEASURES)
        raise ExperimentError(
            f"{label}: timeseries: unknown measure '{show(unknown[0])[1:-1]}'{hint}; measures: "
            f"{', '.join(MEASURES)}"
        )
    raise ExperimentError(
        f"{label}: timeseries = {show(value)} must be true, false or a list of measures "
        f"({', '.join(MEASURES)})"
    )

