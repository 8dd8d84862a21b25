"""Property-based fuzzing of every input a user controls: ``--set`` pairs, scenario files,
experiment files and command lines, generated from the parameters' own metadata.

For every generated input the ``movementsim`` command must end, within a time limit,
with either exit status 0 and complete outputs (for valid input) or exit status 2 and
one ``Error:`` line naming the field (for invalid input): never a traceback, a hang or a
silent accept, and never a change to a file outside its output folder. The ``ci``
profile runs a few hundred cases; ``--hypothesis-profile=fuzz`` at least 2,000 per
property (see tests/conftest.py).
"""

from __future__ import annotations

import contextlib
import json
import math
import os
import signal
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pandas as pd
from click.testing import CliRunner
from fuzz_helpers import MEMBERS, PARAMETERS, invalid_value, toml, toml_document, valid_value
from hypothesis import event, given, note, settings
from hypothesis import strategies as st

from movementsim.cli import main
from movementsim.model.measures import MEASURES
from movementsim.model.scenario import bundled_names

#: Properties that run ``movementsim run`` with its figures take fewer examples in CI.
HEAVY = settings(
    max_examples=10 if settings.default.max_examples < 100 else settings.default.max_examples
)
#: Seconds one command may take before it counts as a hang.
HANG_SECONDS = 120
#: What every fuzzed run is shrunk to, so that valid runs stay quick.
QUICK = ["--steps", "3", "--set", f"community.members={MEMBERS}"]
CANARIES = {"notes.txt": "mine", ".notes.txt.tmp": "mine too", "deep/.x.tmp": "also mine"}


@contextlib.contextmanager
def sandbox() -> Iterator[Path]:
    """A fresh working folder holding files movementsim did not write (the canaries)."""
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        for name, text in CANARIES.items():
            (root / name).parent.mkdir(exist_ok=True)
            (root / name).write_text(text)
        foreign = root / "foreign"
        foreign.mkdir()
        (foreign / "thesis.tex").write_text("years of work")
        old = os.getcwd()
        os.chdir(root)
        try:
            yield root
        finally:
            os.chdir(old)


class Hang(Exception):
    """A command ran past :data:`HANG_SECONDS`."""


def _alarm(_signum: int, _frame: object) -> None:
    raise Hang(f"no answer within {HANG_SECONDS} s")


def snapshot(root: Path) -> dict[str, tuple[int, bytes]]:
    return {
        str(p.relative_to(root)): (p.stat().st_size, p.read_bytes()[:64])
        for p in root.rglob("*")
        if p.is_file()
    }


def invoke(args: list[str], root: Path, out: Path | None) -> object:
    """Run the command; check no traceback, no hang, one error line on failure, and that
    nothing changed outside ``out`` (with ``out`` None: that no canary changed)."""
    before = snapshot(root)
    previous = signal.signal(signal.SIGALRM, _alarm)
    signal.alarm(HANG_SECONDS)
    try:
        result = CliRunner().invoke(main, args)
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)
    note(f"args: {args!r}\nexit {result.exit_code}\nstdout: {result.stdout}\n"
         f"stderr: {result.stderr}")
    assert result.exception is None or isinstance(result.exception, SystemExit), (
        f"traceback: {result.exception!r}"
    )
    assert "Traceback" not in result.output
    assert result.exit_code in (0, 2), result.exit_code
    if result.exit_code == 2:
        errors = [line for line in result.stderr.splitlines() if line.startswith("Error: ")]
        assert len(errors) == 1 and result.stderr.splitlines()[-1] == errors[0]
    after = snapshot(root)
    changed = {
        name for name in before.keys() | after.keys() if before.get(name) != after.get(name)
    }
    if out is None:
        outside = changed & {*CANARIES, "foreign/thesis.tex"}
    else:
        inside = str(out.relative_to(root)) + "/"
        outside = {name for name in changed if not name.startswith(inside)}
    assert not outside, f"changed outside the output folder: {sorted(outside)}"
    event(f"exit {result.exit_code}")
    return result


def error_line(result: object) -> str:
    return next(line for line in result.stderr.splitlines() if line.startswith("Error: "))


KEYS = sorted(PARAMETERS)


@st.composite
def set_pairs(draw: st.DrawFn) -> tuple[str, object, bool]:
    """A parameter key with a value it accepts or refuses, and which of the two."""
    key = draw(st.sampled_from(KEYS))
    valid = draw(st.booleans())
    value = draw(valid_value(key) if valid else invalid_value(key))
    return key, value, valid


@HEAVY
@given(pair=set_pairs())
def test_set_pairs_run_or_name_the_key(pair: tuple[str, object, bool]) -> None:
    key, value, valid = pair
    quick = {  # keep the run small, unless the key is what makes it small
        "model.steps": ["--set", f"community.members={MEMBERS}"],
        "community.members": ["--steps", "3"],
    }.get(key, QUICK)
    with sandbox() as root:
        out = root / "out"
        args = ["run", "balanced", *quick, "--set", f"{key}={toml(value)}", "--out", str(out)]
        result = invoke(args, root, out)
        if valid:
            assert result.exit_code == 0, "a valid value was refused"
            summary = json.loads((out / "summary.json").read_text())
            section, name = key.split(".")
            assert summary["scenario"][section][name] == value
            frame = pd.read_csv(out / "timeseries.csv")
            assert len(frame) == summary["steps"] + 1
            assert all((out / f).stat().st_size for f in ("power.png", "measures.svg"))
            event("valid value: ran")
        else:
            assert result.exit_code == 2, "an invalid value was accepted (a silent accept)"
            assert key in error_line(result)
            event("invalid value: named")


TEXT_FIELDS = ("name", "title", "description", "narrative", "watch_for", "questions")


@given(key=st.text(min_size=1, max_size=30).filter(lambda k: "=" not in k and k.strip()),
       value=st.text(max_size=30))
def test_unknown_keys_and_odd_text_never_crash(key: str, value: str) -> None:
    with sandbox() as root:
        out = root / "out"
        result = invoke(["run", "balanced", *QUICK, "--set", f"{key}={value}", "--out",
                         str(out)], root, out)
        if key.strip() not in (*PARAMETERS, *TEXT_FIELDS):
            assert result.exit_code == 2, "an unknown key was accepted"
            event("unknown key: refused")


@st.composite
def scenario_files(draw: st.DrawFn) -> tuple[str, bool, str | None]:
    """A scenario file: its text, whether it is valid, and the key a mistake is in."""
    keys = draw(st.lists(st.sampled_from(KEYS), min_size=1, max_size=5, unique=True))
    bad = draw(st.none() | st.sampled_from(keys))
    tables: dict[str, dict] = {}
    for key in keys:
        section, name = key.split(".")
        value = draw(invalid_value(key) if key == bad else valid_value(key))
        tables.setdefault(section, {})[name] = value
    tables.setdefault("community", {})["members"] = MEMBERS
    if bad == "community.members":
        tables["community"]["members"] = draw(invalid_value(bad))
    text = toml_document({"name": "fuzzed", **tables})
    return text, bad is None, bad


@HEAVY
@given(file=scenario_files())
def test_scenario_files_run_or_name_the_key(file: tuple[str, bool, str | None]) -> None:
    text, valid, bad = file
    with sandbox() as root:
        (root / "s.toml").write_text(text, encoding="utf-8")
        out = root / "out"
        result = invoke(["run", "s.toml", "--steps", "3", "--out", str(out)], root, out)
        if valid:
            assert result.exit_code == 0, "a valid scenario file was refused"
            assert json.loads((out / "summary.json").read_text())["scenario"]["name"] == "fuzzed"
        else:
            assert result.exit_code == 2, "an invalid scenario file was accepted"
            assert bad in error_line(result)


@HEAVY
@given(
    file=scenario_files(),
    cuts=st.lists(st.tuples(st.integers(0, 10_000), st.binary(max_size=4)), max_size=4),
)
def test_mangled_scenario_files_never_crash(
    file: tuple[str, bool, str | None], cuts: list[tuple[int, bytes]]
) -> None:
    data = file[0].encode()
    for position, insert in cuts:
        position %= len(data) + 1
        data = data[:position] + insert + data[position + len(insert) // 2 :]
    with sandbox() as root:
        (root / "s.toml").write_bytes(data)
        out = root / "out"
        invoke(["run", "s.toml", *QUICK, "--out", str(out)], root, out)


GRID_FORMS = st.one_of(
    st.lists(st.floats(0, 1, allow_nan=False), min_size=1, max_size=3, unique=True),
    st.fixed_dictionaries(
        {"start": st.just(0.0), "stop": st.sampled_from([0.5, 1.0]), "step": st.just(0.5)}
    ),
)
def _bad_range(form: dict) -> bool:
    start, stop, step = form["start"], form["stop"], form["step"]
    finite = all(math.isfinite(x) for x in (start, stop, step))
    return not finite or step <= 0 or stop < start or start < 0 or stop > 1


BAD_FORMS = st.one_of(
    st.fixed_dictionaries(
        {"start": st.floats(), "stop": st.floats(), "step": st.floats()}
    ).filter(_bad_range),
    st.fixed_dictionaries({"low": st.floats(), "high": st.floats()}),
    st.lists(st.floats(), min_size=1, max_size=3).filter(
        lambda values: any(not 0 <= x <= 1 for x in values)
    ),
    st.lists(st.floats(0, 1), max_size=0),
    st.text(max_size=5),
    st.integers(),
    st.lists(st.lists(st.integers(), max_size=2), max_size=2),
)
OUTCOME_STATS = ["final", "mean", "sum", "peak", "peak_week", "first_week"]


@st.composite
def experiment_files(draw: st.DrawFn) -> tuple[str, bool]:
    """An experiment file (valid and tiny, or with one mistake), and whether it is valid."""
    top: dict[str, object] = {"scenario": "balanced", "steps": draw(st.integers(2, 5))}
    body = {
        "set": {"community.members": MEMBERS},
        "parameters": {"structure.level": draw(GRID_FORMS)},
        "outcomes": {
            "y": {"measure": draw(st.sampled_from(["power", "wins", "power + durable_power"])),
                  "stat": draw(st.sampled_from(OUTCOME_STATS))}
        },
    }
    mistake = draw(st.none() | st.sampled_from(["seed", "replications", "steps", "timeseries",
                                                "parameter", "stat", "measure", "design",
                                                "key"]))
    if mistake == "seed":
        top["seed"] = draw(st.integers(max_value=-1) | st.integers(min_value=2**63)
                           | st.floats() | st.text(max_size=3))
    elif mistake == "replications":
        top["replications"] = draw(st.integers(max_value=0) | st.floats() | st.booleans())
    elif mistake == "steps":
        top["steps"] = draw(st.integers(max_value=0) | st.integers(min_value=100_001)
                            | st.floats())
    elif mistake == "timeseries":
        top["timeseries"] = draw(st.text(max_size=4) | st.lists(st.lists(st.integers()),
                                 min_size=1, max_size=2) | st.integers())
    elif mistake == "parameter":
        body["parameters"]["structure.level"] = draw(BAD_FORMS)
    elif mistake == "stat":
        body["outcomes"]["y"]["stat"] = draw(st.text(max_size=6).filter(
            lambda s: s not in OUTCOME_STATS) | st.lists(st.just("final"), min_size=1))
    elif mistake == "measure":
        body["outcomes"]["y"]["measure"] = draw(
            st.text(max_size=8).filter(
                lambda s: not all(part.strip() in MEASURES for part in s.split("+"))
            )
            | st.integers()
        )
    elif mistake == "design":
        body["design"] = {"sampler": draw(st.text(max_size=6) | st.integers()),
                          "samples": draw(st.integers(-5, 5))}
    elif mistake == "key":
        top[draw(st.sampled_from(["replicates", "sed", "design_", "outcome"]))] = 1
    else:
        top["replications"] = draw(st.integers(1, 2))
    return toml_document({**top, **body}), mistake is None


@given(file=experiment_files())
def test_experiment_files_run_or_name_the_field(file: tuple[str, bool]) -> None:
    text, valid = file
    with sandbox() as root:
        (root / "e.toml").write_text(text, encoding="utf-8")
        out = root / "out"
        result = invoke(["experiment", "run", "e.toml", "--workers", "1", "--out", str(out)],
                        root, out)
        if valid:
            assert result.exit_code == 0, "a valid experiment was refused"
            runs = pd.read_parquet(out / "runs.parquet")
            assert runs["error"].isna().all() and len(runs) >= 1
            analyzed = invoke(["experiment", "analyze", str(out)], root, out)
            assert analyzed.exit_code == 0
        else:
            assert result.exit_code == 2, "an invalid experiment was accepted"
            assert not (out / "manifest.json").exists()  # nothing written for bad input


WORDS = st.sampled_from([
    "--seed", "--steps", "--set", "--out", "--seeds", "--levels", "--size", "--workers",
    "--every", "--fps", "--colour", "--resume", "--csv", "--dask", "--help", "-h", "--",
    "1", "0", "-1", "2", "3", "nan", "inf", "1e309", "0.5", "9" * 25, "", " ", "²", "\udcff",
    "a\x00b", "x=1", "structure.level=2", "community.members=20", "model.steps=2",
    "balanced", "leaderless", "nope", "foreign", "foreign/", "notes.txt", "notes.txt/x",
    "out", "out/", "/dev/zero", "deep", "0,1", "0,nan", "belief", "engagement",
    "report.html", "a.gif", "a.avi",
])
COMMANDS = st.sampled_from([
    ["run"], ["sweep"], ["compare"], ["report"], ["animate"], ["explain"], ["scenarios"],
    ["experiment", "analyze"], ["experiment", "list"], ["bogus"], [],
])


@given(command=COMMANDS, words=st.lists(WORDS, max_size=7))
def test_any_command_line_ends_cleanly(command: list[str], words: list[str]) -> None:
    quick = {  # the first words after the command keep the runs small
        "run": ["balanced", *QUICK],
        "sweep": ["balanced", "--seeds", "2", "--levels", "0,1", *QUICK[2:], "--set",
                  "model.steps=3"],
        "compare": ["balanced", "leaderless", "--seeds", "2", *QUICK],
        "report": ["balanced", *QUICK],
        "animate": ["balanced", *QUICK, "--every", "3"],
    }.get(command[0] if command else "", [])
    with sandbox() as root:
        invoke([*command, *quick, *words], root, None)
    assert sorted(bundled_names())  # the bundled scenarios are still there
