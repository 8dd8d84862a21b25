"""Writing results safely: atomic files, and folders movementsim owns.

Every file movementsim writes goes through :func:`atomic_write`: the content is written
to a temporary file in the same folder, then renamed over the target in one step, so a
failure at any point (a full disk, Ctrl-C, a killed process) leaves either the complete
new file or the complete old one, never a truncated one.

movementsim deletes and overwrites only what it wrote itself:

- an output folder (``run``, ``compare``, ``sweep``, ``experiment run``,
  ``experiment analyze``) must be new, empty, or a folder movementsim made for the same
  command (it carries a :data:`MARKER` file); anything else is refused;
- a single output file (``report``, ``animate``) must be new, or one movementsim wrote
  (it carries movementsim's signature, see :func:`contains_signature`);
- an output path that is a symbolic link is refused (give the real path), and so is a
  path whose folder part is a file;
- the only files it ever deletes are its own temporary files, by their exact names.
"""

from __future__ import annotations

import contextlib
import json
import os
import secrets
from collections.abc import Callable
from pathlib import Path

from movementsim._version import __version__

#: The file that marks a folder as movementsim's, and for which command.
MARKER = ".movementsim.json"
#: Bytes at the start of every file movementsim signs (see :func:`is_signed`).
SIGNATURE = b"movementsim"


class OutputError(ValueError):
    """An output path movementsim will not write to; the message says why and what to do."""


def temporary_name(path: Path) -> Path:
    """The temporary file :func:`atomic_write` uses for ``path`` (hidden, unique)."""
    return path.with_name(f".{path.name}.{os.getpid()}-{secrets.token_hex(4)}.tmp")


def atomic_write(path: str | Path, write: Callable[[Path], object]) -> Path:
    """Write ``path`` through ``write(temporary path)`` and an atomic rename; return it.

    The temporary file is removed if ``write`` fails (it is movementsim's own).
    """
    path = Path(path)
    tmp = temporary_name(path)
    try:
        write(tmp)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise
    return path


def write_text(path: str | Path, text: str) -> Path:
    """Write text (UTF-8) atomically."""
    return atomic_write(path, lambda tmp: tmp.write_text(text, encoding="utf-8"))


def write_bytes(path: str | Path, data: bytes) -> Path:
    """Write bytes atomically."""
    return atomic_write(path, lambda tmp: tmp.write_bytes(data))


def stale_temporaries(folder: Path, names: list[str]) -> list[Path]:
    """Temporary files of :func:`atomic_write` for the given target ``names`` in ``folder``.

    Only files named exactly as :func:`temporary_name` names them for one of ``names``
    are returned (a killed writer leaves them behind); nothing else matches.
    """
    wanted = set(names)
    found = []
    with contextlib.suppress(FileNotFoundError):
        for entry in os.scandir(folder):
            name = entry.name
            if not (name.startswith(".") and name.endswith(".tmp")) or not entry.is_file(
                follow_symlinks=False
            ):
                continue
            target, _, suffix = name[1:-4].rpartition(".")
            pid, dash, token = suffix.partition("-")
            if target in wanted and dash and pid.isdigit() and len(token) == 8:
                found.append(Path(entry.path))
    return found


def _check_path(path: Path, what: str) -> None:
    if path.is_symlink():
        raise OutputError(
            f"{what} {path} is a symbolic link; movementsim does not write through links: "
            f"give the real path ({os.path.realpath(path)})"
        )
    for parent in path.parents:
        if parent.exists() and not parent.is_dir():
            raise OutputError(f"{what} {path}: {parent} is a file, not a folder")


#: Files that mark a folder an earlier movementsim (before :data:`MARKER`) made, by command.
EARLIER_SIGNS: dict[str, tuple[str, ...]] = {
    "run": ("summary.json", "timeseries.csv"),
    "sweep": ("sweep_summary.csv", "sweep_runs.csv"),
    "compare": ("outcomes.csv", "runs.csv"),
    "experiment": ("manifest.json",),
    "analysis": ("summary.csv",),
}


def claim_folder(folder: str | Path, kind: str) -> Path:
    """Make ``folder`` the output folder of a ``kind`` command, or refuse it.

    Allowed: a new folder (created, with its parents), an empty one, or one movementsim
    made for the same ``kind`` (its :data:`MARKER` says so, or, for a folder from before
    markers, all of its :data:`EARLIER_SIGNS` are there). Raises :class:`OutputError`
    for anything else.
    """
    try:
        return _claim_folder(Path(folder), kind)
    except OSError as err:
        raise OutputError(f"--out {folder}: {_reason(err)}") from None


def _claim_folder(folder: Path, kind: str) -> Path:
    _check_path(folder, "--out")
    if folder.exists() and not folder.is_dir():
        raise OutputError(f"--out {folder} is a file, not a folder; choose a folder")
    if folder.is_dir() and any(folder.iterdir()):
        owner = folder_kind(folder)
        signs = EARLIER_SIGNS.get(kind, ())
        if owner is None and signs and all((folder / name).is_file() for name in signs):
            owner = kind
        if owner != kind:
            made = f"movementsim made it for '{owner}'" if owner else "movementsim did not make it"
            raise OutputError(
                f"--out {folder} already holds files and {made}; movementsim writes only into "
                "a new or empty folder, or one it made for this command: choose another --out"
            )
    try:
        folder.mkdir(parents=True, exist_ok=True)
        if folder_kind(folder) != kind:
            write_text(folder / MARKER, json.dumps({"kind": kind, "version": __version__}) + "\n")
    except OSError as err:
        raise OutputError(f"--out {folder}: cannot create it ({_reason(err)})") from None
    return folder


def mark_folder(folder: str | Path, kind: str, defaults_version: str | None = None) -> Path:
    """Record in ``folder``'s :data:`MARKER` (once its command writes there) the command,
    the movementsim version writing and the release whose defaults the runs took
    (``defaults_version``, default: this one)."""
    marker = {"kind": kind, "version": __version__,
              "defaults_version": defaults_version or __version__}
    return write_text(Path(folder) / MARKER, json.dumps(marker) + "\n")


def folder_kind(folder: Path) -> str | None:
    """The command movementsim made ``folder`` for, from its marker (None if none)."""
    try:
        return json.loads((folder / MARKER).read_text(encoding="utf-8")).get("kind")
    except (OSError, ValueError, AttributeError):
        return None


def claim_file(path: str | Path, signed: Callable[[Path], bool], label: str = "--out") -> Path:
    """Check that ``path`` may be written: new, or a file movementsim wrote (``signed``).

    Creates the folder it goes in. Raises :class:`OutputError` otherwise, its message
    naming the path after ``label`` (the option that gave it).
    """
    try:
        return _claim_file(Path(path), signed, label)
    except OSError as err:
        raise OutputError(f"{label} {path}: {_reason(err)}") from None


def _claim_file(path: Path, signed: Callable[[Path], bool], label: str) -> Path:
    _check_path(path, label)
    if path.exists():
        if path.is_dir():
            raise OutputError(f"{label} {path} is a folder; give a file name")
        if not signed(path):
            raise OutputError(
                f"{label} {path} exists and movementsim did not write it; it overwrites only "
                "its own files: choose another name"
            )
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as err:
        raise OutputError(f"{label} {path}: cannot create its folder ({_reason(err)})") from None
    return path


def contains_signature(path: Path, signature: bytes, limit: int = 4096) -> bool:
    """Whether ``signature`` is among the first ``limit`` bytes of ``path``."""
    try:
        with path.open("rb") as handle:
            return signature in handle.read(limit)
    except OSError:
        return False


def _reason(err: OSError) -> str:
    return err.strerror or str(err)
