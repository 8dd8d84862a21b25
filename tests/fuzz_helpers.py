"""Strategies for property-based tests, built from the parameters' own metadata.

Every scenario parameter declares its type, range or choices (movementsim.model.parameters);
these strategies draw values that satisfy them (:func:`valid_value`) and values that break
them in one known way (:func:`invalid_value`): just outside the range, the wrong type,
NaN or infinity, a choice that does not exist. :func:`toml` writes any of them as TOML.
"""

from __future__ import annotations

import math
from typing import Any

from hypothesis import strategies as st

from movementsim.model.parameters import (
    SECTIONS,
    field_choices,
    field_kind,
    field_range,
    section_class,
)

#: Every parameter: dotted key -> (kind, low, high, choices).
PARAMETERS: dict[str, tuple[type, float | None, float | None, tuple[str, ...]]] = {
    f"{section}.{name}": (field_kind(info), *field_range(info), field_choices(info))
    for section in SECTIONS
    for name, info in section_class(section).model_fields.items()
}

#: Caps that keep a valid run small and quick (the range of the parameter still applies).
SMALL = {"community.members": 200, "model.steps": 5, "community.subcommunities": 10}
#: Members of the small community every fuzzed run uses unless it varies them.
MEMBERS = 30


def valid_value(key: str) -> st.SearchStrategy[Any]:
    """Values ``key`` accepts (capped to keep runs quick)."""
    kind, low, high, choices = PARAMETERS[key]
    if choices:
        return st.sampled_from(choices)
    if kind is bool:
        return st.booleans()
    if kind is str:  # a name (coalition.lead): empty, "the first", is valid everywhere
        return st.just("")
    if key == "decision_maker.side_deal":  # a rule between parameters: needs a coalition
        return st.just(0.0)
    cap = SMALL.get(key)
    if key == "community.subcommunities":
        cap = MEMBERS // 2
    high = min(high, cap) if cap is not None else high
    if kind is int:
        return st.integers(int(low), int(high))
    return st.floats(low, high, allow_nan=False, allow_infinity=False)


def invalid_value(key: str) -> st.SearchStrategy[Any]:
    """Values ``key`` refuses, each wrong in one way: range, type, NaN, or choice."""
    kind, low, high, choices = PARAMETERS[key]
    wrong_types: list[st.SearchStrategy[Any]] = [
        st.lists(st.integers(0, 3), max_size=2),
        st.dictionaries(st.sampled_from(["a", "b"]), st.integers(), max_size=1),
    ]
    if choices:
        return st.one_of(
            st.text(max_size=12).filter(lambda s: s not in choices),
            st.integers(),
            st.booleans(),
            *wrong_types,
        )
    if kind is bool:
        return st.one_of(st.integers(0, 1), st.text(max_size=5), st.floats(), *wrong_types)
    if kind is str:  # a name no fuzzed scenario has, or not text at all
        return st.one_of(
            st.text(min_size=1, max_size=6), st.integers(), st.booleans(), *wrong_types
        )
    outside = []
    if low is not None:
        outside.append(
            st.integers(-(10**30), math.ceil(low) - 1) if kind is int
            else st.floats(max_value=low, exclude_max=True, allow_nan=False, allow_infinity=False)
            .filter(lambda x: x < low)
        )
    if high is not None:
        outside.append(
            st.integers(math.floor(high) + 1, 10**30) if kind is int
            else st.floats(min_value=high, exclude_min=True, allow_nan=False,
                           allow_infinity=False).filter(lambda x: x > high)
        )
    broken = [st.just(math.nan), st.just(math.inf), st.just(-math.inf)]
    if kind is int:
        broken.append(
            st.floats(float(low), min(float(high), 1e6)).filter(lambda x: not x.is_integer())
        )
    return st.one_of(*outside, *broken, st.booleans(), st.text(max_size=6), *wrong_types)


def toml(value: Any, depth: int = 0) -> str:
    """``value`` as a TOML value (strings escaped, non-finite floats as nan and inf)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if math.isnan(value):
            return "nan"
        if math.isinf(value):
            return "inf" if value > 0 else "-inf"
        return repr(value)
    if isinstance(value, str):
        escaped = "".join(
            c if c.isprintable() and c not in '"\\' and not 0xD800 <= ord(c) <= 0xDFFF
            else f"\\u{ord(c):04x}" if ord(c) <= 0xFFFF else f"\\U{ord(c):08x}"
            for c in value
        )
        return f'"{escaped}"'
    if isinstance(value, list | tuple):
        return "[" + ", ".join(toml(v, depth + 1) for v in value) + "]"
    if isinstance(value, dict):
        pairs = (f"{toml(str(k))} = {toml(v, depth + 1)}" for k, v in value.items())
        return "{ " + ", ".join(pairs) + " }"
    raise TypeError(type(value))


def toml_document(tables: dict[str, Any]) -> str:
    """Top-level keys, then one ``[table]`` per dict value, as a TOML document."""
    lines = [f"{toml(k) if not k.isidentifier() else k} = {toml(v)}"
             for k, v in tables.items() if not isinstance(v, dict)]
    for name, table in tables.items():
        if isinstance(table, dict):
            lines.append(f"[{name}]")
            lines += [f"{toml(str(k))} = {toml(v)}" for k, v in table.items()]
    return "\n".join(lines) + "\n"
