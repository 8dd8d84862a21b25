"""Loading scenarios: TOML files, bundled names and ``--set`` overrides, validated once.

A scenario file has ``name``, ``title``, a one-line ``description``, a one-paragraph
``narrative``, ``watch_for`` (the claim it demonstrates) and ``questions`` (a list of
discussion questions) at the top level, then one table per section of
:class:`~movementsim.parameters.Scenario` (``[community]``, ``[structure]``, ...). Any
parameter left out keeps its default. ``[[schedule]]`` tables (``week`` and any
``[structure]`` keys) change the structure during a run. Every value is checked here,
at the edge, against the type, range and choices recorded in
:mod:`movementsim.parameters`; the model can then trust what it is given.
"""

from __future__ import annotations

import dataclasses
import difflib
import math
import tomllib
import types
import typing
from importlib import resources
from pathlib import Path
from typing import Any

from movementsim.parameters import SECTIONS, TEXT_FIELDS, Scenario, StructureChange

#: The package the bundled ``scenarios/*.toml`` files are installed as.
BUNDLED_PACKAGE = "movementsim.scenarios"


class ScenarioError(ValueError):
    """A scenario that cannot be used; the message names the problem and the fix."""


def load_scenario(name_or_path: str | Path, overrides: dict[str, Any] | None = None) -> Scenario:
    """Load a bundled scenario by name (e.g. ``"balanced"``) or a TOML file by path.

    ``overrides`` maps dotted keys to values, e.g. ``{"structure.level": 0.2}``; they are
    applied after the file is read and validated like the file's own values. A string
    counts as a path when it ends in ``.toml`` or contains a path separator.
    """
    text, label, stem = _read(name_or_path)
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as err:
        raise ScenarioError(f"{label}: not valid TOML: {err}") from None
    for key, value in (overrides or {}).items():
        _apply_override(data, key, value)
    data.setdefault("name", stem)
    return _build(data, label)


def parse_assignment(text: str) -> tuple[str, Any]:
    """Split a command-line ``KEY=VALUE`` into the key and a typed value.

    The value is read as a TOML value when it is one (``0.2`` is a float, ``5000`` an
    int, ``true`` a bool, ``"x"`` a string) and taken as a bare string otherwise.
    """
    key, sep, raw = text.partition("=")
    key, raw = key.strip(), raw.strip()
    if not sep or not key:
        raise ScenarioError(f"expected KEY=VALUE (e.g. structure.level=0.2), got {text!r}")
    try:
        parsed = tomllib.loads(f"value = {raw}")
    except tomllib.TOMLDecodeError:
        return key, raw
    return key, parsed["value"] if len(parsed) == 1 else raw


def list_scenarios() -> list[tuple[str, str]]:
    """The bundled scenarios as (name to load them by, one-line description), by name."""
    return [(name, load_scenario(name).description) for name in _bundled_names()]


def scenario_to_dict(scenario: Scenario) -> dict[str, Any]:
    """The scenario as nested plain data (for JSON), leaving out values that are ``None``."""
    return _drop_none(dataclasses.asdict(scenario))


# Reading ---------------------------------------------------------------------------


def _read(name_or_path: str | Path) -> tuple[str, str, str]:
    """The TOML text, a label for messages, and the default name (the file's stem)."""
    if isinstance(name_or_path, Path) or _looks_like_path(name_or_path):
        path = Path(name_or_path)
        label = f"scenario '{name_or_path}'"
        try:
            return path.read_text(encoding="utf-8"), label, path.stem
        except FileNotFoundError:
            raise ScenarioError(f"{label}: no such file") from None
        except (OSError, UnicodeDecodeError) as err:
            raise ScenarioError(f"{label}: cannot read the file: {err}") from None
    names = _bundled_names()
    if name_or_path not in names:
        hint = _did_you_mean(name_or_path, names)
        raise ScenarioError(
            f"unknown scenario '{name_or_path}'{hint}; bundled scenarios: {', '.join(names)} "
            "(or give the path to a .toml file)"
        )
    resource = resources.files(BUNDLED_PACKAGE).joinpath(f"{name_or_path}.toml")
    return resource.read_text(encoding="utf-8"), f"scenario '{name_or_path}'", name_or_path


def _looks_like_path(text: str) -> bool:
    return text.endswith(".toml") or "/" in text or "\\" in text


def _bundled_names() -> list[str]:
    files = resources.files(BUNDLED_PACKAGE).iterdir()
    return sorted(f.name.removesuffix(".toml") for f in files if f.name.endswith(".toml"))


def _apply_override(data: dict[str, Any], key: str, value: Any) -> None:
    section, dot, name = key.partition(".")
    if dot and section in SECTIONS and isinstance(data.setdefault(section, {}), dict):
        data[section][name] = value
    else:
        data[key] = value  # a text field, or a key that _build reports as unknown


# Validating ------------------------------------------------------------------------


def _build(data: dict[str, Any], label: str) -> Scenario:
    sections: dict[str, Any] = {}
    for key, value in data.items():
        if key in TEXT_FIELDS:
            _check_text(key, value, label)
        elif key == "questions":
            sections[key] = _check_questions(value, label)
        elif key == "schedule":
            sections[key] = _build_schedule(value, data.get("structure", {}), label)
        elif key in SECTIONS:
            if not isinstance(value, dict):
                raise ScenarioError(
                    f"{label}: '{key}' must be a table ([{key}] followed by key = value lines)"
                )
            sections[key] = _build_section(key, value, label)
        else:
            raise ScenarioError(f"{label}: unknown key '{key}'{_suggest_top_level(key)}")
    text = {key: data[key] for key in TEXT_FIELDS if key in data}
    scenario = Scenario(**text, **sections)
    community = scenario.community
    if community.subcommunities * 2 > community.members:
        raise ScenarioError(
            f"{label}: community.subcommunities = {community.subcommunities} is too many for "
            f"community.members = {community.members}: allowed 1 to {community.members // 2} "
            "(every subcommunity needs at least two people)"
        )
    return scenario


def _check_text(key: str, value: Any, label: str) -> None:
    if not isinstance(value, str):
        raise ScenarioError(f"{label}: {key} = {_show(value)} must be a string (text in quotes)")
    if key not in ("narrative", "watch_for") and "\n" in value:
        raise ScenarioError(f"{label}: {key} must be one line")


def _check_questions(value: Any, label: str) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(q, str) for q in value):
        raise ScenarioError(
            f"{label}: questions = {_show(value)} must be a list of strings, "
            'e.g. questions = ["Who decided?", "Who was left out?"]'
        )
    return tuple(value)


def _build_schedule(
    entries: Any, base: dict[str, Any], label: str
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
                f"{label}: schedule.week = {_show(week)} must be a whole number of weeks "
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
        structure = _build_section("structure", current, f"{label} (schedule, week {week})")
        changes.append(StructureChange(week=week, structure=structure))
    return tuple(changes)


def _build_section(section: str, table: dict[str, Any], label: str) -> Any:
    cls = _section_class(section)
    known = {f.name: f for f in dataclasses.fields(cls)}
    hints = typing.get_type_hints(cls)
    values = {}
    for name, value in table.items():
        if name not in known:
            raise ScenarioError(
                f"{label}: unknown key '{section}.{name}'{_suggest_key(section, name)}"
            )
        spec = known[name]
        kind = spec.metadata.get("kind") or _plain_type(hints[name])
        values[name] = _check_value(f"{section}.{name}", value, kind, spec.metadata, label)
    return cls(**values)


def _check_value(
    key: str, value: Any, kind: type, meta: typing.Mapping[str, Any], label: str
) -> Any:
    doc = f" ({meta['doc']})" if meta.get("doc") else ""
    prefix = f"{label}: {key} = {_show(value)}"
    if kind is bool:
        ok = isinstance(value, bool)
    elif kind is int:
        ok = isinstance(value, int) and not isinstance(value, bool)
    elif kind is float:
        ok = isinstance(value, int | float) and not isinstance(value, bool)
    else:
        ok = isinstance(value, kind)
    if not ok:
        expected = _TYPE_NAMES.get(kind, kind.__name__)
        raise ScenarioError(f"{prefix} has the wrong type: expected {expected}{doc}")
    if kind is float:
        value = float(value)
        if not math.isfinite(value):
            raise ScenarioError(f"{prefix} is not a finite number{doc}")
    choices = meta.get("choices")
    if choices and value not in choices:
        allowed = ", ".join(f'"{c}"' for c in choices)
        raise ScenarioError(f"{prefix} is not allowed: choose one of {allowed}{doc}")
    low, high = meta.get("low"), meta.get("high")
    if (low is not None and value < low) or (high is not None and value > high):
        raise ScenarioError(f"{prefix} is out of range: allowed {_range(low, high)}{doc}")
    return value


_TYPE_NAMES = {
    bool: "true or false",
    int: "a whole number (e.g. 12, no decimal point)",
    float: "a number (e.g. 0.5)",
    str: "a string (text in quotes)",
}


def _section_class(section: str) -> type:
    return next(f.default_factory for f in dataclasses.fields(Scenario) if f.name == section)


def _plain_type(hint: Any) -> type:
    """``float`` for ``float``, ``int`` for ``int | None``."""
    if isinstance(hint, types.UnionType) or typing.get_origin(hint) is typing.Union:
        return next(arg for arg in typing.get_args(hint) if arg is not type(None))
    return hint


def _range(low: float | None, high: float | None) -> str:
    if low is None:
        return f"at most {_number(high)}"
    if high is None:
        return f"at least {_number(low)}"
    return f"{_number(low)} to {_number(high)}"


def _number(x: float) -> str:
    return str(int(x)) if float(x).is_integer() else str(x)


def _show(value: Any) -> str:
    """A value as it would be written in TOML."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return f'"{value}"'
    if isinstance(value, dict):
        return "{...}"
    return repr(value)


# Suggestions -----------------------------------------------------------------------


def _did_you_mean(word: str, candidates: typing.Iterable[str]) -> str:
    match = _closest(word, candidates)
    return f" (did you mean '{match}'?)" if match else ""


def _closest(word: str, candidates: typing.Iterable[str]) -> str | None:
    matches = difflib.get_close_matches(word, list(candidates), n=1, cutoff=0.6)
    return matches[0] if matches else None


def _keys_by_name() -> dict[str, str]:
    """Parameter name -> its first dotted key (``level`` -> ``structure.level``)."""
    keys: dict[str, str] = {}
    for section in SECTIONS:
        for f in dataclasses.fields(_section_class(section)):
            keys.setdefault(f.name, f"{section}.{f.name}")
    return keys


def _suggest_key(section: str, name: str) -> str:
    """A close key in the same section, else the same or a close key in another section."""
    match = _closest(name, [f.name for f in dataclasses.fields(_section_class(section))])
    if match:
        return f" (did you mean '{section}.{match}'?)"
    by_name = _keys_by_name()
    match = name if name in by_name else _closest(name, by_name)
    return f" (did you mean '{by_name[match]}'?)" if match else ""


def _suggest_top_level(key: str) -> str:
    """A close text field or section, else the dotted key of a close parameter."""
    by_name = _keys_by_name()
    if "." in key:
        return _did_you_mean(key, by_name.values())
    if key in by_name:
        return f" (did you mean '{by_name[key]}'?)"
    match = _closest(key, [*TEXT_FIELDS, *SECTIONS, *by_name])
    return f" (did you mean '{by_name.get(match, match)}'?)" if match else ""


def _drop_none(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _drop_none(v) for k, v in value.items() if v is not None}
    if isinstance(value, list | tuple):
        return [_drop_none(v) for v in value]
    return value
