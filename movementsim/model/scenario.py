"""Loading scenarios: TOML files, bundled names and ``--set`` overrides, validated once.

A scenario file has ``name``, ``title``, a one-line ``description``, a one-paragraph
``narrative``, ``watch_for`` (the claim it demonstrates) and ``questions`` (a list of
discussion questions) at the top level, then one table per section of
:class:`~movementsim.model.parameters.Scenario` (``[community]``, ``[structure]``, ...).
Any parameter left out keeps its default. ``[[schedule]]`` tables (``week`` and any
``[structure]`` keys) change the structure during a run. Every value is checked here, at
the edge, by the scenario's schema (:mod:`movementsim.model.parameters`); a mistake is
a :class:`ScenarioError` whose message names the key, the value and what is allowed.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from movementsim.model.parameters import (
    SECTIONS,
    TEXT_FIELDS,
    Scenario,
    StructureChange,
    StructureParams,
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

#: The package the bundled ``scenarios/*.toml`` files are installed as.
BUNDLED_PACKAGE = "movementsim.scenarios"

#: Characters a scenario name may not contain (it names the default output folder).
_UNSAFE_NAME = re.compile(r"[/\\\x00-\x1f\x7f]")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


class ScenarioError(ValueError):
    """A scenario that cannot be used; the message names the problem and the fix."""


def load_scenario(name_or_path: str | Path, overrides: dict[str, Any] | None = None) -> Scenario:
    """Load a bundled scenario by name (e.g. ``"balanced"``) or a TOML file by path.

    ``overrides`` maps dotted keys to values, e.g. ``{"structure.level": 0.2}``; they are
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
    scenario = build_scenario(data, label)  # the file must be valid by itself
    if not overrides:
        return scenario
    for key, value in overrides.items():
        _apply_override(data, key, value)
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
            explain_validation_error(err, Scenario, label, suggest=_suggest)
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


def scenario_to_dict(scenario: Scenario) -> dict[str, Any]:
    """The scenario as nested plain data (for JSON), leaving out values that are ``None``."""
    return scenario.model_dump(mode="json", exclude_none=True)


# Reading ---------------------------------------------------------------------------


def _apply_override(data: dict[str, Any], key: str, value: Any) -> None:
    section, dot, name = key.partition(".")
    if dot and section in SECTIONS and isinstance(data.setdefault(section, {}), dict):
        data[section][name] = value
    else:
        data[key] = value  # a text field, or a key that validation reports as unknown


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
    match = closest(key, [*TEXT_FIELDS, "questions", "schedule", *SECTIONS, *by_name])
    return f" (did you mean '{by_name.get(match, match)}'?)" if match else ""
