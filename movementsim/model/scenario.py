"""Loading scenarios: TOML files, bundled names and ``--set`` overrides, validated once.

A scenario file has ``name``, ``title``, a one-line ``description``, a one-paragraph
``narrative``, ``watch_for`` (the claim it demonstrates) and ``questions`` (a list of
discussion questions) at the top level, then one table per section of
:class:`~movementsim.model.parameters.Scenario` (``[community]``, ``[structure]``, ...).
Any parameter left out keeps its default. ``[[schedule]]`` tables (``week`` and any
``[structure]`` keys) change the structure during a run; ``[[decision_makers]]`` and
``[[issues]]`` tables, each with a ``name``, list who holds power over which of the
community's problems (an override names one entry by its name:
``decision_makers.council.resistance``). Every value is checked here, at
the edge, by the scenario's schema (:mod:`movementsim.model.parameters`); a mistake is
a :class:`ScenarioError` whose message names the key, the value and what is allowed.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from movementsim.model.parameters import (
    MOVEMENT_KEYS,
    SECTIONS,
    TEXT_FIELDS,
    DecisionMakerParams,
    IssueParams,
    OrganizationParams,
    Scenario,
    Section,
    StructureChange,
    StructureParams,
    TargetParams,
    section_class,
)
from movementsim.model.validation import (
    bundled_names as bundled_toml_names,
)
from movementsim.model.validation import (
    closest,
    did_you_mean,
    explain_validation_error,
    parse_toml,
    read_named_or_path,
    show,
)
from movementsim.model.versions import VersionError, with_version_defaults

#: The package the bundled ``scenarios/*.toml`` files are installed as.
BUNDLED_PACKAGE = "movementsim.scenarios"

#: Arrays of tables whose entries ``--set`` and experiment files address by name, as
#: ``TABLE.NAME.KEY`` (``decision_makers.council.resistance``), and the model of an entry.
NAMED_TABLES: dict[str, type[Section]] = {
    "decision_makers": TargetParams,
    "issues": IssueParams,
    "organizations": OrganizationParams,
}

#: Characters a scenario name may not contain (it names the default output folder).
_UNSAFE_NAME = re.compile(r"[/\\\x00-\x1f\x7f]")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


class ScenarioError(ValueError):
    """A scenario that cannot be used; the message names the problem and the fix."""


def load_scenario(
    name_or_path: str | Path,
    overrides: dict[str, Any] | None = None,
    version: str | None = None,
) -> Scenario:
    """Load a bundled scenario by name (e.g. ``"balanced"``) or a TOML file by path.

    ``version`` (e.g. ``"0.1.0"``) takes every value the file leaves out from that
    release's defaults (:mod:`movementsim.model.versions`) instead of today's.

    ``overrides`` maps dotted keys to values, e.g. ``{"structure.level": 0.2}``, or
    ``{"decision_makers.council.resistance": 0.3}`` for the ``[[decision_makers]]`` (or
    ``[[issues]]``) table named ``council``; they are
    applied after the file is read and validated (a mistake in the file is reported even
    if an override would replace the value), and are validated like the file's own
    values. A string counts as a path when it ends in ``.toml`` or contains a path
    separator.
    """
    text, label, stem, _ = read_named_or_path(
        name_or_path, BUNDLED_PACKAGE, "scenario", ScenarioError
    )
    data = parse_toml(text, label, ScenarioError)
    data.setdefault("name", stem)
    if version is not None:
        try:
            data = with_version_defaults(data, version)
        except VersionError as err:
            raise ScenarioError(f"{label}: {err}") from None
    scenario = build_scenario(data, label)  # the file must be valid by itself
    if not overrides:
        return scenario
    for key, value in overrides.items():
        _apply_override(data, key, value, label)
    return build_scenario(data, label)


def build_scenario(data: dict[str, Any], label: str) -> Scenario:
    """Validate nested scenario data (as read from TOML) into a :class:`Scenario`."""
    for key in TEXT_FIELDS:
        if key in data:
            _check_text(key, data[key], label)
    if "questions" in data:
        data = {**data, "questions": _check_questions(data["questions"], label)}
    if "schedule" in data:
        data = {**data, "schedule": _build_schedule(data["schedule"], data.get("structure"), label)}
    try:
        return Scenario.model_validate(data)
    except ValidationError as err:
        raise ScenarioError(
            explain_validation_error(err, Scenario, label, suggest=_suggest, data=data)
        ) from None


def parse_assignment(text: str) -> tuple[str, Any]:
    """Split a command-line ``KEY=VALUE`` into the key and a typed value.

    The value is read as a TOML value when it is one (``0.2`` is a float, ``5000`` an
    int, ``true`` a bool, ``"x"`` a string) and taken as a bare string otherwise.
    """
    key, sep, raw = text.partition("=")
    key, raw = key.strip(), raw.strip()
    if not sep or not key:
        raise ScenarioError(f"expected KEY=VALUE (e.g. structure.level=0.2), got {show(text)}")
    try:
        parsed = parse_toml(f"value = {raw}", "", ScenarioError)
    except ScenarioError:
        return key, raw
    return key, parsed["value"] if len(parsed) == 1 else raw


def bundled_names() -> list[str]:
    """The names of the bundled scenarios, sorted."""
    return bundled_toml_names(BUNDLED_PACKAGE)


def list_scenarios() -> list[tuple[str, str]]:
    """The bundled scenarios as (name to load them by, one-line description), by name."""
    return [(name, load_scenario(name).description) for name in bundled_names()]


def named_keys(table: str) -> tuple[str, ...]:
    """The keys one entry of a named array of tables (:data:`NAMED_TABLES`) may set."""
    barred = MOVEMENT_KEYS if table == "decision_makers" else ()
    return tuple(k for k in NAMED_TABLES[table].model_fields if k not in barred)


def named_field(key: str) -> Any:
    """The field a ``TABLE.NAME.KEY`` key sets (its pydantic ``FieldInfo``), or None when
    ``key`` is not such a key or names no field an entry may set."""
    table, dot, rest = key.partition(".")
    name, dot, field = rest.rpartition(".")
    if table not in NAMED_TABLES or not dot or not name or field not in named_keys(table):
        return None
    return NAMED_TABLES[table].model_fields[field]


def scenario_to_dict(scenario: Scenario) -> dict[str, Any]:
    """The scenario as nested plain data (for JSON), leaving out values that are ``None``."""
    return scenario.model_dump(mode="json", exclude_none=True)


def scenario_to_file_data(scenario: Scenario) -> dict[str, Any]:
    """The scenario as a scenario file holds it (the data :func:`build_scenario` turns back
    into an equal scenario): every value, with what the loader derives written as a
    reader would write it. An entry of ``[[decision_makers]]`` leaves the movement-wide
    keys to ``[decision_maker]``; each ``[[schedule]]`` change lists its structure keys
    beside its week; empty lists are left out."""
    data = scenario_to_dict(scenario)
    data["decision_makers"] = [
        {k: v for k, v in entry.items() if k not in MOVEMENT_KEYS}
        for entry in data.get("decision_makers", [])
    ]
    data["schedule"] = [
        {"week": change["week"], **change["structure"]} for change in data.get("schedule", [])
    ]
    return {key: value for key, value in data.items() if value != []}


def with_overrides(scenario: Scenario, overrides: dict[str, Any]) -> Scenario:
    """``scenario`` with ``overrides`` (dotted keys, as :func:`load_scenario` takes them)
    applied and validated."""
    label = f"scenario '{scenario.name}'"
    data = scenario_to_file_data(scenario)
    for key, value in overrides.items():
        _apply_override(data, key, value, label)
    return build_scenario(data, label)


# Reading ---------------------------------------------------------------------------


def _apply_override(data: dict[str, Any], key: str, value: Any, label: str) -> None:
    section, dot, name = key.partition(".")
    if dot and section in NAMED_TABLES:
        _apply_named_override(data, key, value, label)
    elif dot and section in SECTIONS and isinstance(data.setdefault(section, {}), dict):
        data[section][name] = value
    else:
        data[key] = value  # a text field, or a key that validation reports as unknown


def _apply_named_override(data: dict[str, Any], key: str, value: Any, label: str) -> None:
    """``TABLE.NAME.KEY = value``: set KEY in the entry of ``[[TABLE]]`` named NAME."""
    table, _, rest = key.partition(".")
    name, dot, field = rest.rpartition(".")
    example = f"{table}.NAME.KEY, e.g. {_named_example(data, table)}"
    if not dot or not name or not field:
        raise ScenarioError(f"{label}: '{key}': a key of [[{table}]] is {example}")
    entries = data.get(table)
    entries = entries if isinstance(entries, list) else []
    names = [e.get("name") if isinstance(e, dict) else None for e in entries]
    if name not in names:
        known = [n for n in names if isinstance(n, str)]
        if not known:
            hint = ""
            if table == "decision_makers" and field in DecisionMakerParams.model_fields:
                hint = f" (did you mean 'decision_maker.{field}'?)"
            raise ScenarioError(
                f"{label}: '{key}' names the {table[:-1].replace('_', '-')} '{name}', but the "
                f"scenario has no [[{table}]] tables{hint}"
            )
        raise ScenarioError(
            f"{label}: '{key}' names the {table[:-1].replace('_', '-')} '{name}', which is "
            f"not one of the [[{table}]]{did_you_mean(name, known)}; their names: "
            f"{', '.join(known)}"
        )
    if field not in named_keys(table):
        prefix = f"{table}.{name}."
        if table == "decision_makers" and field in MOVEMENT_KEYS:
            raise ScenarioError(
                f"{label}: '{key}': '{field}' belongs to the whole movement: set "
                f"'decision_maker.{field}' instead"
            )
        match = closest(field, named_keys(table))
        if match:
            raise ScenarioError(f"{label}: unknown key '{key}' (did you mean '{prefix}{match}'?)")
        raise ScenarioError(
            f"{label}: unknown key '{key}'; the keys of a [[{table}]] table: "
            f"{', '.join(named_keys(table))}"
        )
    entries[names.index(name)][field] = value


def _named_example(data: dict[str, Any], table: str) -> str:
    entries = data.get(table)
    first = entries[0].get("name") if isinstance(entries, list) and entries and isinstance(
        entries[0], dict) else None
    name = first if isinstance(first, str) else "council" if table == "decision_makers" else "rent"
    return f"{table}.{name}.{'resistance' if table == 'decision_makers' else 'grievance'}"


# Checks the schema does not express ------------------------------------------------


def _check_text(key: str, value: Any, label: str) -> None:
    if not isinstance(value, str):
        raise ScenarioError(f"{label}: {key} = {show(value)} must be a string (text in quotes)")
    if any("\ud800" <= c <= "\udfff" for c in value):
        raise ScenarioError(f"{label}: {key} = {show(value)} is not valid UTF-8 text")
    multi_line = key in ("narrative", "watch_for")
    if not multi_line and "\n" in value:
        raise ScenarioError(f"{label}: {key} must be one line")
    if _CONTROL.search(value) or (not multi_line and "\t" in value):
        raise ScenarioError(f"{label}: {key} = {show(value)} contains a control character")
    if key == "name" and (not value.strip() or value in (".", "..") or _UNSAFE_NAME.search(value)):
        raise ScenarioError(
            f"{label}: name = {show(value)} must be a non-empty name without '/' or '\\' "
            "(it names the output folder)"
        )


def _check_questions(value: Any, label: str) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(q, str) for q in value):
        raise ScenarioError(
            f"{label}: questions = {show(value)} must be a list of strings, "
            'e.g. questions = ["Who decided?", "Who was left out?"]'
        )
    for question in value:
        _check_text("questions", question, label)
    return tuple(value)


def _build_schedule(
    entries: Any, base: Any, label: str
) -> tuple[StructureChange, ...]:
    """``[[schedule]]`` tables: from ``week`` on, the listed structure keys change.

    Changes accumulate in week order, each on top of the structure in force before it.
    """
    example = "[[schedule]] tables, e.g. [[schedule]] week = 40 level = 0.5"
    if not isinstance(entries, list) or not all(isinstance(e, dict) for e in entries):
        raise ScenarioError(f"{label}: schedule must be a list of {example}")
    for entry in entries:
        week = entry.get("week")
        if not isinstance(week, int) or isinstance(week, bool) or week < 0:
            raise ScenarioError(
                f"{label}: schedule.week = {show(week)} must be a whole number of weeks "
                f"from 0 ({example})"
            )
    current = dict(base) if isinstance(base, dict) else {}
    changes, weeks = [], []
    for entry in sorted(entries, key=lambda e: e["week"]):
        week = entry["week"]
        if week in weeks:
            raise ScenarioError(f"{label}: schedule has two changes in week {week}")
        weeks.append(week)
        current = {**current, **{k: v for k, v in entry.items() if k != "week"}}
        where = f"{label} (schedule, week {week})"
        try:
            structure = StructureParams.model_validate(current)
        except ValidationError as err:
            message = explain_validation_error(
                err, StructureParams, where, prefix="structure.", suggest=_suggest
            )
            raise ScenarioError(message) from None
        changes.append(StructureChange(week=week, structure=structure))
    return tuple(changes)


# Suggestions for unknown keys -------------------------------------------------------


def _keys_by_name() -> dict[str, str]:
    """Parameter name -> its first dotted key (``level`` -> ``structure.level``)."""
    keys: dict[str, str] = {}
    for section in SECTIONS:
        for name in section_class(section).model_fields:
            keys.setdefault(name, f"{section}.{name}")
    return keys


def _suggest(key: str) -> str:
    """A likely intended key for an unknown one, as " (did you mean 'x'?)", or ""."""
    section, dot, name = key.partition(".")
    by_name = _keys_by_name()
    if dot and section in SECTIONS:
        match = closest(name, section_class(section).model_fields)
        if match:
            return f" (did you mean '{section}.{match}'?)"
        match = name if name in by_name else closest(name, by_name)
        return f" (did you mean '{by_name[match]}'?)" if match else ""
    if dot:
        return did_you_mean(key, by_name.values())
    if key in by_name:
        return f" (did you mean '{by_name[key]}'?)"
    match = closest(key, [*Scenario.model_fields, *by_name])
    return f" (did you mean '{by_name.get(match, match)}'?)" if match else ""
