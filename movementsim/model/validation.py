"""Reading input files safely and turning validation errors into one clear line.

Shared by scenario files (:mod:`movementsim.model.scenario`) and experiment files
(:mod:`movementsim.experiments.files`), so every command checks input by the same
rules and words its mistakes the same way: the field, the value as written, and what is
allowed, with a "did you mean" for a misspelt name.
"""

from __future__ import annotations

import difflib
import math
import stat
import tomllib
import typing
from collections.abc import Iterable
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from movementsim.model.parameters import (
    MOVEMENT_KEYS,
    ParameterRuleError,
    TargetParams,
    field_choices,
    field_kind,
    field_range,
)

#: The largest input file movementsim reads (scenario and experiment files are small).
MAX_FILE_BYTES = 1_000_000

TYPE_NAMES = {
    bool: "true or false",
    int: "a whole number (e.g. 12, no decimal point)",
    float: "a number (e.g. 0.5)",
    str: "a string (text in quotes)",
}


def read_input_file(path: Path, label: str, error: type[ValueError]) -> bytes:
    """The bytes of a small regular file; ``error`` with one clear line for anything else.

    Devices, pipes and folders are refused before reading (``/dev/zero`` would never
    end), and so is a file over :data:`MAX_FILE_BYTES`.
    """
    try:
        info = path.stat()
    except FileNotFoundError:
        raise error(f"{label}: no such file") from None
    except (OSError, ValueError) as err:
        raise error(f"{label}: cannot read the file: {_reason(err)}") from None
    if not stat.S_ISREG(info.st_mode):
        raise error(f"{label}: not a regular file (a folder, device or pipe cannot be read)")
    if info.st_size > MAX_FILE_BYTES:
        raise error(
            f"{label}: the file has {info.st_size:,} bytes; at most {MAX_FILE_BYTES:,} are read"
        )
    try:
        with path.open("rb") as handle:
            data = handle.read(MAX_FILE_BYTES + 1)
    except OSError as err:
        raise error(f"{label}: cannot read the file: {_reason(err)}") from None
    if len(data) > MAX_FILE_BYTES:
        raise error(f"{label}: the file has more than {MAX_FILE_BYTES:,} bytes")
    return data


def bundled_names(package: str) -> list[str]:
    """The names of the ``*.toml`` files bundled in ``package``, sorted."""
    files = resources.files(package).iterdir()
    return sorted(f.name.removesuffix(".toml") for f in files if f.name.endswith(".toml"))


def looks_like_path(text: str) -> bool:
    """Whether a command-line word names a file rather than a bundled name."""
    return text.endswith(".toml") or "/" in text or "\\" in text


def read_named_or_path(
    name_or_path: str | Path, package: str, kind: str, error: type[ValueError]
) -> tuple[bytes, str, str, Path | None]:
    """A bundled ``kind`` file by name, or a file by path: its bytes, a label for
    messages (``kind 'name'``), its stem and its folder (None for a bundled file)."""
    text = str(name_or_path)
    if isinstance(name_or_path, Path) or looks_like_path(text):
        path = Path(name_or_path)
        label = f"{kind} '{show(text, 200)[1:-1]}'"
        return read_input_file(path, label, error), label, path.stem, path.resolve().parent
    names = bundled_names(package)
    if text not in names:
        raise error(
            f"unknown {kind} '{show(text)[1:-1]}'{did_you_mean(text, names)}; bundled "
            f"{kind}s: {', '.join(names)} (or give the path to a .toml file)"
        )
    data = resources.files(package).joinpath(f"{text}.toml").read_bytes()
    return data, f"{kind} '{text}'", text, None


#: The deepest nesting of tables and arrays a movementsim file may hold: far beyond what
#: any scenario or experiment needs, and a limit of its own, so that the message for a
#: deeper file does not depend on the interpreter's recursion limit (which imported
#: libraries may raise).
MAX_NESTING = 32


def parse_toml(data: bytes | str, label: str, error: type[ValueError]) -> dict[str, Any]:
    """TOML text as a dict; ``error`` for bad syntax, bad UTF-8 or nesting too deep."""
    too_deep = f"{label}: not valid TOML: values are nested too deeply"
    try:
        text = data.decode("utf-8") if isinstance(data, bytes) else data
        parsed = tomllib.loads(text)
    except UnicodeDecodeError as err:
        raise error(f"{label}: not valid UTF-8 text ({err.reason} at byte {err.start})") from None
    except tomllib.TOMLDecodeError as err:
        raise error(f"{label}: not valid TOML: {err}") from None
    except RecursionError:
        raise error(too_deep) from None
    deep = _nested_beyond(parsed, MAX_NESTING)
    if deep is not None:
        where = show("".join(key if key == "[]" else f".{key}" for key in deep)[1:], 80)[1:-1]
        raise error(f"{too_deep} (more than {MAX_NESTING} levels, at {where})")
    return parsed


def _nested_beyond(data: dict[str, Any], limit: int) -> list[str] | None:
    """The path (keys, ``[]`` for array items) to a value nested more than ``limit``
    levels deep, or None; walked without recursion."""
    stack: list[tuple[Any, list[str]]] = [(data, [])]
    while stack:
        value, path = stack.pop()
        if len(path) > limit:
            return path
        if isinstance(value, dict):
            stack.extend((item, [*path, str(key)]) for key, item in value.items())
        elif isinstance(value, list):
            stack.extend((item, [*path, "[]"]) for item in value)
    return None


def _reason(err: BaseException) -> str:
    return getattr(err, "strerror", None) or str(err)


# Showing values -----------------------------------------------------------------------


def show(value: Any, limit: int = 60) -> str:
    """A value as it would be written in TOML, shortened to ``limit`` characters."""
    if isinstance(value, bool):
        text = "true" if value else "false"
    elif isinstance(value, str):
        text = '"' + value.encode("unicode_escape").decode("ascii").replace('"', '\\"') + '"'
    elif isinstance(value, dict):
        text = "{...}"
    elif isinstance(value, list | tuple):
        text = "[...]" if value else "[]"
    elif isinstance(value, float) and not math.isfinite(value):
        text = "nan" if math.isnan(value) else ("inf" if value > 0 else "-inf")
    else:
        text = repr(value)
    return text if len(text) <= limit else text[: limit - 3] + "..."


def number(x: float) -> str:
    """A bound as people write it: ``1`` not ``1.0``, ``2,000,000`` with separators."""
    return f"{int(x):,}" if float(x).is_integer() else f"{x:g}"


def allowed_range(low: float | None, high: float | None) -> str:
    if low is None:
        return f"at most {number(high)}"
    if high is None:
        return f"at least {number(low)}"
    return f"{number(low)} to {number(high)}"


# Suggestions --------------------------------------------------------------------------


def closest(word: str, candidates: Iterable[str]) -> str | None:
    """The candidate closest to ``word``, if one is close enough to be a likely typo."""
    matches = difflib.get_close_matches(str(word), list(candidates), n=1, cutoff=0.6)
    return matches[0] if matches else None


def did_you_mean(word: str, candidates: Iterable[str]) -> str:
    match = closest(word, candidates)
    return f" (did you mean '{match}'?)" if match else ""


def unknown_key(key: str, known: Iterable[str], label: str) -> str:
    """The message for an unknown key: a close match, or else every allowed key."""
    known = list(known)
    hint = did_you_mean(key, known)
    if hint:
        return f"{label}: unknown key '{key}'{hint}"
    return f"{label}: unknown key '{key}'; allowed: {', '.join(known)}"


# Validation errors ----------------------------------------------------------------------


def explain_validation_error(
    err: ValidationError,
    root: type[BaseModel],
    label: str,
    *,
    prefix: str = "",
    suggest: Any = None,
    data: Any = None,
) -> str:
    """One line for the first error pydantic found while building ``root``.

    ``prefix`` is put before the dotted key (``"structure."`` for a schedule entry);
    ``suggest(key)`` may return a "did you mean" hint for an unknown key; ``data`` (what
    was validated) lets an entry of an array of tables be named by its ``name``, as in
    ``decision_makers #2 ("council").resistance``.
    """
    first = err.errors(include_url=False)[0]
    kind = first["type"]
    value = first.get("input")
    if kind == "value_error":
        cause = (first.get("ctx") or {}).get("error")
        if isinstance(cause, ParameterRuleError):
            return f"{label}: {cause}"
    place = _place(root, tuple(first["loc"]), data)
    key = prefix + place.key
    if kind == "extra_forbidden":
        unknown = str(first["loc"][-1])
        if place.table is not None and place.owner is not None:
            return _unknown_in_table(unknown, place, label)
        hint = suggest(key) if suggest is not None else ""
        if hint:
            return f"{label}: unknown key '{key}'{hint}"
        known = list(place.owner.model_fields) if place.owner is not None else []
        parent = prefix + (f"{place.parent}." if place.parent else "")
        return unknown_key(key, [parent + k for k in known], label)
    info = place.info
    if info is None:
        return f"{label}: {key}: {first['msg']}"
    doc = f" ({info.description})" if info.description else ""
    if place.entry:
        return (
            f"{label}: {key} = {show(value)} must be a table: write [[{place.field}]] followed "
            "by key = value lines"
        )
    if kind == "missing":
        if place.table is not None:
            return f"{label}: '{place.field}' is missing in {place.table}{doc}"
        return f"{label}: '{key}' is missing{doc}"
    written = f"{label}: {key} = {show(value)}"
    model, how = _model_in(info.annotation)
    if model is not None and how == "index":
        return _not_an_array_of_tables(key, value, label)
    if model is not None and kind in ("model_type", "dict_type"):
        several = root.model_fields.get(f"{key}s")
        hint = ""
        if isinstance(value, list) and several and _model_in(several.annotation)[1] == "index":
            hint = f"; for several, write [[{key}s]] tables (double brackets)"
        return f"{label}: '{key}' must be a table ([{key}] followed by key = value lines){hint}"
    item = _item_type(info.annotation)
    if item is not None:
        example = f"[{show(value)}]" if _is(value, item) and place.item is None else (
            _LIST_EXAMPLES.get(item, "[...]")
        )
        expected = (
            f"a list of {_PLURAL_TYPE_NAMES.get(item, 'values')}, e.g. {place.field} = {example}"
        )
        if place.item is not None:
            return (
                f"{label}: {key}: item {place.item + 1} = {show(value)} has the wrong type: "
                f"expected {expected}{doc}"
            )
        return f"{written} must be {expected}{doc}"
    expected = field_kind(info)
    choices = field_choices(info)
    if choices and isinstance(value, str):
        allowed = ", ".join(f'"{c}"' for c in choices)
        return f"{written} is not allowed: choose one of {allowed}{doc}"
    if kind == "finite_number":
        return f"{written} is not a finite number{doc}"
    if kind in ("greater_than_equal", "less_than_equal", "greater_than", "less_than"):
        low, high = field_range(info)
        return f"{written} is out of range: allowed {allowed_range(low, high)}{doc}"
    if kind in ("string_too_short", "string_too_long"):
        low = next((m.min_length for m in info.metadata if hasattr(m, "min_length")), None)
        high = next((m.max_length for m in info.metadata if hasattr(m, "max_length")), None)
        return f"{written} must have {allowed_range(low, high)} characters{doc}"
    if expected in TYPE_NAMES:
        return f"{written} has the wrong type: expected {TYPE_NAMES[expected]}{doc}"
    return f"{written}: {first['msg']}"


_PLURAL_TYPE_NAMES = {
    bool: "true or false values",
    int: "whole numbers",
    float: "numbers",
    str: "strings in quotes",
}
_LIST_EXAMPLES = {bool: "[true, false]", int: "[0, 2]", float: "[0.5, 1.0]", str: '["a", "b"]'}


def _unknown_in_table(unknown: str, place: _Place, label: str) -> str:
    """An unknown key inside one table of an array of tables: a close key, or all of them."""
    known = [k for k in place.owner.model_fields if k not in _movement_keys(place.owner)]
    hint = did_you_mean(unknown, known)
    if hint:
        return f"{label}: unknown key '{unknown}' in {place.table}{hint}"
    return f"{label}: unknown key '{unknown}' in {place.table}; allowed: {', '.join(known)}"


def _movement_keys(model: type[BaseModel]) -> tuple[str, ...]:
    """Keys a ``[[decision_makers]]`` table may not set (they belong to the movement)."""
    return MOVEMENT_KEYS if issubclass(model, TargetParams) else ()


def _not_an_array_of_tables(key: str, value: Any, label: str) -> str:
    if isinstance(value, dict):
        return (
            f"{label}: [{key}] is a single table; write [[{key}]] (double brackets) once per "
            "entry, each followed by its key = value lines"
        )
    return (
        f"{label}: {key} = {show(value)} must be an array of tables: write [[{key}]] (double "
        "brackets) once per entry, each followed by its key = value lines"
    )


@dataclass
class _Place:
    """Where an error is, for people.

    ``key`` is the dotted key as written, with an entry of an array of tables named by
    its number from 1 and its name (``decision_makers #2 ("council").resistance``);
    ``info`` the field and ``owner`` the model that holds it (or, for an unknown key, the
    model it is not in); ``field`` the field's name; ``table`` the entry of an array of
    tables the key is in, if any; ``entry`` whether the error is about that entry as a
    whole; ``item`` the index into a list value.
    """

    key: str = ""
    parent: str = ""
    info: Any = None
    owner: type[BaseModel] | None = None
    field: str = ""
    table: str | None = None
    entry: bool = False
    item: int | None = None


def _place(root: type[BaseModel], loc: tuple[Any, ...], data: Any = None) -> _Place:
    """The field a location names, passing through nested models, tables of models
    (``dict[str, Model]``, whose keys it keeps) and arrays of tables (``tuple[Model, ...]``,
    whose indexes it shows as ``#n ("name")``)."""
    place = _Place(owner=root)
    words: list[str] = []
    parts = list(loc)
    model: type[BaseModel] | None = root
    while parts:
        part = parts.pop(0)
        if model is None:
            if place.info is not None and isinstance(part, int) and not parts:
                place.item = part  # an item of a list value
            else:
                words += map(str, (part, *parts))
                place.info, place.owner = None, None
            break
        if str(part) not in model.model_fields:
            words += map(str, (part, *parts))
            place.info, place.owner = None, model if not parts else None
            break
        place.info, place.owner, place.field = model.model_fields[str(part)], model, str(part)
        words.append(str(part))
        data = data.get(part) if isinstance(data, dict) else None
        model = None
        if parts:
            model, how = _model_in(place.info.annotation)
            if model is not None and how == "key":
                name = parts.pop(0)
                words.append(str(name))
                data = data.get(name) if isinstance(data, dict) else None
            elif model is not None and how == "index":
                index = parts.pop(0)
                data = data[index] if _indexes(data, index) else None
                name = data.get("name") if isinstance(data, dict) else None
                words[-1] += f" #{index + 1 if isinstance(index, int) else index}"
                if isinstance(name, str) and name:
                    words[-1] += f" ({show(name)})"
                place.table, place.entry = words[-1], not parts
    place.key, place.parent = ".".join(words), ".".join(words[:-1])
    return place


def _indexes(data: Any, index: Any) -> bool:
    """Whether ``index`` picks an item of the list ``data``."""
    return isinstance(data, list) and isinstance(index, int) and 0 <= index < len(data)


def _model_in(annotation: Any) -> tuple[type[BaseModel] | None, str | None]:
    """The model type an annotation holds, and how: ``None`` (directly), ``"key"`` (in a
    ``dict``) or ``"index"`` (in a tuple or list: an array of tables)."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation, None
    origin = typing.get_origin(annotation)
    how = "key" if origin is dict else "index" if origin in (tuple, list) else None
    for arg in typing.get_args(annotation):
        model, inner = _model_in(arg)
        if model is not None:
            return model, how or inner
    return None, None


def _item_type(annotation: Any) -> Any:
    """The item type of a list field of plain values (``tuple[int, ...]`` -> int), or None."""
    for arg in (annotation, *typing.get_args(annotation)):
        if typing.get_origin(arg) in (tuple, list):
            items = [a for a in typing.get_args(arg) if a is not Ellipsis]
            if len(items) == 1 and _model_in(items[0])[0] is None:
                return items[0]
    return None


def _is(value: Any, kind: Any) -> bool:
    """Whether ``value`` is of the plain type ``kind`` (true is not a whole number)."""
    return isinstance(kind, type) and isinstance(value, kind) and (
        kind is bool or not isinstance(value, bool)
    )
