"""Default parameters by movementsim version, so that a published result can be
reproduced after the defaults change.

Following Covasim's habit (``covasim/regression/pars_v*.json``), each release keeps a
snapshot of its default parameters in ``movementsim/regression/defaults_<version>.json``:
every section's defaults (``[community]``, ``[structure]``, ...) and the defaults of one
entry of each named array of tables (``[[issues]]``, ``[[organizations]]``,
``[[decision_makers]]``). ``load_scenario(..., version="0.1.0")`` fills every parameter a
scenario file leaves out from that snapshot instead of today's defaults.

What a snapshot can and cannot do: it restores the *parameters* of an old version. A
parameter added since then keeps today's default (the snapshot does not know it), and a
mechanism whose code changed runs as it does today; CHANGELOG.md says which releases
changed what. A snapshot that names a parameter this version no longer has is refused.
"""

from __future__ import annotations

import json
import re
from importlib import resources
from importlib.resources.abc import Traversable
from typing import Any

from pydantic import BaseModel

from movementsim.model.parameters import SECTIONS, section_class

#: The package holding one ``defaults_<version>.json`` per release.
REGRESSION_PACKAGE = "movementsim.regression"
_SNAPSHOT = re.compile(r"defaults_(\d+(?:\.\d+)*)\.json")


class VersionError(ValueError):
    """An unknown version, or a snapshot this movementsim cannot apply."""


def _field_defaults(model: type[BaseModel]) -> dict[str, Any]:
    """The fields of ``model`` that have a default, with it (as JSON data)."""
    defaults = {}
    for name, field in model.model_fields.items():
        if field.is_required():
            continue  # a table's name: nothing to restore
        value = field.get_default(call_default_factory=True)
        defaults[name] = list(value) if isinstance(value, tuple) else value
    return defaults


def current_defaults() -> dict[str, Any]:
    """Today's defaults, as a snapshot stores them."""
    from movementsim.model.scenario import NAMED_TABLES

    return {
        "sections": {name: _field_defaults(section_class(name)) for name in SECTIONS},
        "tables": {
            table: {
                key: value
                for key, value in _field_defaults(model).items()
                # An entry of [[decision_makers]] takes what it leaves out from
                # [decision_maker], which the sections already restore.
                if not (table == "decision_makers" and key in section_class(
                    "decision_maker").model_fields)
            }
            for table, model in NAMED_TABLES.items()
        },
    }


def snapshot_folder() -> Traversable:
    """Where the snapshots are: the package :data:`REGRESSION_PACKAGE`."""
    return resources.files(REGRESSION_PACKAGE)


def snapshot_name(version: str) -> str:
    """The file name of a version's snapshot."""
    return f"defaults_{version}.json"


def known_versions() -> list[str]:
    """The versions whose defaults this movementsim can restore, oldest first."""
    names = [p.name for p in snapshot_folder().iterdir()]
    versions = [match.group(1) for name in names if (match := _SNAPSHOT.fullmatch(name))]
    return sorted(versions, key=lambda v: tuple(int(part) for part in v.split(".")))


def defaults_for(version: str) -> dict[str, Any]:
    """A version's snapshot; :class:`VersionError` naming the known ones if there is none."""
    known = known_versions()
    if version not in known:
        raise VersionError(
            f"model version {version!r}: no defaults kept for it; known versions: "
            f"{', '.join(known)}"
        )
    name = snapshot_name(version)
    try:
        snapshot = json.loads(snapshot_folder().joinpath(name).read_text())
        if not all(isinstance(snapshot.get(kind), dict) for kind in ("sections", "tables")):
            raise ValueError("no sections and tables")
    except (OSError, ValueError, AttributeError) as err:
        raise VersionError(
            f"model version {version!r}: its kept defaults ({REGRESSION_PACKAGE}/{name}) "
            f"cannot be read ({err}); reinstall movementsim"
        ) from None
    return snapshot


def with_version_defaults(data: dict[str, Any], version: str) -> dict[str, Any]:
    """Scenario data (as read from TOML) with every value it leaves out taken from
    ``version``'s defaults."""
    snapshot = defaults_for(version)
    today = current_defaults()
    filled = dict(data)
    for kind in ("sections", "tables"):
        for part, defaults in snapshot[kind].items():
            gone = [key for key in defaults if key not in today[kind].get(part, {})]
            if gone:
                raise VersionError(
                    f"model version {version!r}: its defaults name {part}.{gone[0]}, which "
                    "this movementsim no longer has; install that version to reproduce it"
                )
    # A value of the wrong shape (a section that is not a table, ...) is left as written,
    # for the scenario's validation to name.
    for section, defaults in snapshot["sections"].items():
        given = data.get(section, {})
        if isinstance(given, dict):
            filled[section] = {**defaults, **given}
    for table, defaults in snapshot["tables"].items():
        if isinstance(data.get(table), list):
            filled[table] = [
                {**defaults, **entry} if isinstance(entry, dict) else entry
                for entry in data[table]
            ]
    return filled


def made_by(defaults_version: str | None = None) -> str:
    """What an output says made it: ``movementsim 0.2.0``, and ``, defaults of 0.1.0``
    when the runs took another release's defaults."""
    from movementsim._version import __version__

    if defaults_version is None or defaults_version == __version__:
        return f"movementsim {__version__}"
    return f"movementsim {__version__}, defaults of {defaults_version}"


def snapshot_text(defaults: dict[str, Any]) -> str:
    """A snapshot as stored: JSON, keys sorted, one value per line (diffs stay readable)."""
    return json.dumps(defaults, indent=1, sort_keys=True) + "\n"
