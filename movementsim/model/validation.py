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
from importlib import resources
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from movementsim.model.parameters import (
    ParameterRuleError,
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


def parse_toml(data: bytes | str, label: str, error: type[ValueError]) -> dict[str, Any]:
    """TOML text as a dict; ``error`` for bad syntax, bad UTF-8 or nesting too deep."""
    try:
        text = data.decode("utf-8") if isinstance(data, bytes) else data
        return tomllib.loads(text)
    except UnicodeDecodeError as err:
        raise error(f"{label}: not valid UTF-8 text ({err.reason} at byte {err.start})") from None
    except tomllib.TOMLDecodeError as err:
        raise error(f"{label}: not valid TOML: {err}") from None
    except RecursionError:
        raise error(f"{label}: not valid TOML: values are nested too deeply") from None


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
) -> str:
    """One line for the first error pydantic found while building ``root``.

    ``prefix`` is put before the dotted key (``"structure."`` for a schedule entry);
    ``suggest(key)`` may return a "did you mean" hint for an unknown key.
    """
    first = err.errors(include_url=False)[0]
    loc = tuple(str(part) for part in first["loc"])
    kind = first["type"]
    value = first.get("input")
    if kind == "value_error":
        cause = (first.get("ctx") or {}).get("error")
        if isinstance(cause, ParameterRuleError):
            return f"{label}: {cause}"
    info, owner = _field_at(root, loc)
    key = prefix + ".".join(loc)
    if kind == "extra_forbidden":
        hint = suggest(key) if suggest is not None else ""
        if hint:
            return f"{label}: unknown key '{key}'{hint}"
        known = list(owner.model_fields) if owner is not None else []
        return unknown_key(key, [prefix + ".".join((*loc[:-1], k)) for k in known], label)
    if info is None:
        return f"{label}: {key}: {first['msg']}"
    doc = f" ({info.description})" if info.description else ""
    if kind == "missing":
        return f"{label}: '{key}' is missing{doc}"
    written = f"{label}: {key} = {show(value)}"
    expected = field_kind(info)
    if _model_in(info.annotation)[0] is not None and kind in ("model_type", "dict_type"):
        return f"{label}: '{key}' must be a table ([{key}] followed by key = value lines)"
    choices = field_choices(info)
    if choices and isinstance(value, str):
        allowed = ", ".join(f'"{c}"' for c in choices)
        return f"{written} is not allowed: choose one of {allowed}{doc}"
    if kind == "finite_number":
        return f"{written} is not a finite number{doc}"
    if kind in ("greater_than_equal", "less_than_equal", "greater_than", "less_than"):
        low, high = field_range(info)
        return f"{written} is out of range: allowed {allowed_range(low, high)}{doc}"
    if expected in TYPE_NAMES:
        return f"{written} has the wrong type: expected {TYPE_NAMES[expected]}{doc}"
    return f"{written}: {first['msg']}"


def _field_at(root: type[BaseModel], loc: tuple[str, ...]) -> tuple[Any, type[BaseModel] | None]:
    """The field a location names, and the model that holds it (None where there is none).

    A location passes through nested models, and through tables of models
    (``dict[str, Model]``), whose keys it skips.
    """
    model: type[BaseModel] | None = root
    info = None
    parts = list(loc)
    while parts:
        part = parts.pop(0)
        if model is None or part not in model.model_fields:
            return None, model if not parts else None
        info = model.model_fields[part]
        if parts:
            model, keyed = _model_in(info.annotation)
            if keyed:
                parts.pop(0)  # the table's key
    return info, model


def _model_in(annotation: Any) -> tuple[type[BaseModel] | None, bool]:
    """The model type an annotation holds, and whether it holds it in a ``dict``."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation, False
    keyed = typing.get_origin(annotation) is dict
    for arg in typing.get_args(annotation):
        model, inner_keyed = _model_in(arg)
        if model is not None:
            return model, keyed or inner_keyed
    return None, False
