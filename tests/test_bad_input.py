"""Bad input gets one clear line and exit status 2, never a traceback, a hang or a silent
accept; and movementsim never deletes or corrupts a file it did not write.

Each case below is one reproduction from the review that found them (issue 11); the
property-based suite in tests/test_fuzz.py keeps the whole family fixed.
"""

from __future__ import annotations

import json
import os
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner
from experiment_helpers import tiny_file

import movementsim.experiments.engine as engine
from movementsim.cli import main

TINY = ["--steps", "3", "--set", "community.members=30"]


def invoke(args: list[str], cwd: Path | None = None) -> object:
    runner = CliRunner()
    if cwd is None:
        return runner.invoke(main, args)
    old = os.getcwd()
    os.chdir(cwd)
    try:
        return runner.invoke(main, args)
    finally:
        os.chdir(old)


def assert_clean_error(result: object, *expected: str) -> str:
    """Exit status 2, nothing on stdout, no traceback, and one ``Error:`` line (the last
    on stderr, after any progress bar) naming what is expected."""
    assert result.exit_code == 2, (result.exit_code, result.output, result.exception)
    assert isinstance(result.exception, SystemExit)
    assert result.stdout == "" and "Traceback" not in result.stderr
    errors = [line for line in result.stderr.splitlines() if line.startswith("Error: ")]
    assert len(errors) == 1 and result.stderr.splitlines()[-1] == errors[0], result.stderr
    for text in expected:
        assert text in errors[0], (text, errors[0])
    return errors[0]


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


# 1. Deep nesting ----------------------------------------------------------------------


def test_a_deeply_nested_set_value_is_a_clean_error() -> None:
    value = "[" * 1000
    assert_clean_error(invoke(["run", "balanced", "--set", f"structure.level={value}"]),
                       "structure.level")


def test_a_deeply_nested_scenario_file_is_a_clean_error(tmp_path: Path) -> None:
    path = write(tmp_path / "deep.toml", "[structure]\nlevel = " + "[" * 1000 + "]" * 1000 + "\n")
    assert_clean_error(invoke(["run", str(path)]), "nested too deeply")


def test_deep_nesting_gets_the_same_message_whatever_the_recursion_limit(
    tmp_path: Path,
) -> None:
    # Importing some libraries (Solara) raises the interpreter's recursion limit; whether
    # the TOML parser runs out of stack or not, the message is the same.
    messages: dict[int, list[str]] = {}
    for limit in (1000, 20_000):
        old = sys.getrecursionlimit()
        sys.setrecursionlimit(limit)
        try:
            for depth in (40, 1000):
                text = "[structure]\nlevel = " + "[" * depth + "]" * depth + "\n"
                path = write(tmp_path / f"deep{depth}.toml", text)
                error = assert_clean_error(invoke(["run", str(path)]), "nested too deeply")
                messages.setdefault(depth, []).append(error)
        finally:
            sys.setrecursionlimit(old)
    assert messages[40][0] == messages[40][1]
    assert "more than 32 levels, at structure.level[][]" in messages[40][0]


def test_a_deeply_nested_experiment_header_is_a_clean_error(tmp_path: Path) -> None:
    header = ".".join(["a"] * 1000)
    path = write(tmp_path / "deep.toml", f'scenario = "balanced"\n[parameters.{header}]\nx = 1\n')
    assert_clean_error(invoke(["experiment", "run", str(path), "--out", str(tmp_path / "o")]),
                       "parameters.a.a")


# 2-4. Experiment grids, bounds and names ------------------------------------------------

GRIDS = [
    ('{ start = 0, stop = 1, step = nan }', "finite numbers"),
    ('{ start = 0, stop = inf, step = 0.1 }', "finite numbers"),
    ('{ start = 0, stop = 1e300, step = 1e-300 }', "values (at most 100,000)"),
]


@pytest.mark.parametrize(("form", "expected"), GRIDS)
def test_grid_ranges_must_be_finite_and_not_astronomical(
    tmp_path: Path, form: str, expected: str
) -> None:
    text = f'scenario = "balanced"\n[parameters]\n"structure.level" = {form}\n'
    path = write(tmp_path / "e.toml", text)
    assert_clean_error(invoke(["experiment", "run", str(path), "--out", str(tmp_path / "o")]),
                       "structure.level", expected)
    assert not (tmp_path / "o").exists()


def test_infinite_sampler_bounds_on_a_whole_number_are_refused(tmp_path: Path) -> None:
    path = write(
        tmp_path / "e.toml",
        'scenario = "balanced"\n[design]\nsampler = "lhs"\nsamples = 4\n[parameters]\n'
        '"community.members" = { low = -inf, high = 100 }\n',
    )
    assert_clean_error(invoke(["experiment", "run", str(path)]), "community.members", "finite")


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("timeseries = [[1]]", "timeseries"),
        ('[outcomes]\nx = { measure = "wins", stat = ["final"] }', "outcomes.x.stat"),
        ('[outcomes]\nx = { measure = "wins", stat = "first_week", at_least = nan }',
         "outcomes.x.at_least"),
    ],
)
def test_unhashable_or_non_finite_names_and_values_are_refused(
    tmp_path: Path, line: str, expected: str
) -> None:
    text = 'scenario = "balanced"\n' + (
        line + '\n[parameters]\n"structure.level" = [0.5]\n'
        if line.startswith("timeseries")
        else '[parameters]\n"structure.level" = [0.5]\n' + line + "\n"
    )
    assert_clean_error(invoke(["experiment", "run", str(write(tmp_path / "e.toml", text))]),
                       expected)


def test_a_short_experiment_without_outcomes_uses_defaults_that_fit(tmp_path: Path) -> None:
    path = write(
        tmp_path / "e.toml",
        'scenario = "balanced"\nsteps = 10\n[set]\n"community.members" = 30\n'
        '[parameters]\n"structure.level" = [0.5]\n',
    )
    result = invoke(["experiment", "run", str(path), "--workers", "1", "--out",
                     str(tmp_path / "o")])
    assert result.exit_code == 0, result.output


# 5. Broken manifests ------------------------------------------------------------------


@pytest.mark.parametrize("content", [b"{", b"[]", b"\xff", b'{"status": "complete"}'])
def test_analyze_on_a_broken_manifest_is_a_clean_error(tmp_path: Path, content: bytes) -> None:
    (tmp_path / "manifest.json").write_bytes(content)
    (tmp_path / "runs.parquet").write_bytes(b"not parquet")
    assert_clean_error(invoke(["experiment", "analyze", str(tmp_path)]), str(tmp_path))


# 6. Output folders ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "command",
    [
        ["sweep", "balanced", "--seeds", "2", "--levels", "0,1", "--set", "model.steps=5",
         "--set", "community.members=50"],
        ["run", "balanced", *TINY],
        ["compare", "balanced", "leaderless", "--seeds", "2", *TINY],
    ],
)
@pytest.mark.parametrize("out", ["/proc/x", "FILE/sub", "x" * 300])
def test_an_output_folder_that_cannot_be_made_is_a_clean_error(
    tmp_path: Path, command: list[str], out: str
) -> None:
    (tmp_path / "FILE").write_text("a file")
    result = invoke([*command, "--out", out], cwd=tmp_path)
    assert_clean_error(result, "--out")
    assert (tmp_path / "FILE").read_text() == "a file"


def test_experiment_output_folder_errors_are_clean(tmp_path: Path) -> None:
    path = tiny_file(tmp_path, replications=1, steps=10)
    for out in ("/proc/x", str(tmp_path / path.name / "sub"), "y" * 300):
        assert_clean_error(invoke(["experiment", "run", str(path), "--out", out], cwd=tmp_path),
                           "--out")


# 7. Sizes the scenario cannot have ------------------------------------------------------


@pytest.mark.parametrize(
    "args",
    [
        ["sweep", "balanced", "--size", "10", "--set", "community.subcommunities=6"],
        ["sweep", "coalition-divided", "--size", "10"],
    ],
)
def test_a_sweep_size_too_small_for_the_subcommunities_is_a_clean_error(args: list[str]) -> None:
    assert_clean_error(invoke(args), "community.subcommunities")


# 8-10. Seeds, frame rates and topics -------------------------------------------------------


def test_animate_takes_every_documented_seed(tmp_path: Path) -> None:
    out = tmp_path / "a.gif"
    result = invoke(["animate", "balanced", "--seed", str(2**32), *TINY, "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert out.stat().st_size > 0


def test_animate_refuses_a_frame_rate_that_is_not_a_number() -> None:
    assert_clean_error(invoke(["animate", "balanced", "--fps", "nan"]), "--fps")


@pytest.mark.parametrize("topic", ["²", "9" * 4301, "٣"])
def test_explain_an_odd_topic_is_a_clean_error(topic: str) -> None:
    assert_clean_error(invoke(["explain", topic]), "neither a scenario nor a mechanism")


# 11-12. Bytes and NULs -----------------------------------------------------------------


@pytest.mark.parametrize("command", [["run", "balanced"], ["report", "balanced"]])
@pytest.mark.parametrize("assignment", ["title=\udcff", "name=\udcff", 'name="a\\u0000b"'])
def test_undecodable_bytes_and_nuls_in_text_are_clean_errors(
    tmp_path: Path, command: list[str], assignment: str
) -> None:
    key = assignment.split("=")[0]
    result = invoke([*command, *TINY, "--set", assignment, "--out", str(tmp_path / "o")])
    assert_clean_error(result, key)


def test_a_nul_in_an_experiment_name_is_a_clean_error(tmp_path: Path) -> None:
    text = 'name = "a\\u0000b"\nscenario = "balanced"\n[parameters]\n"structure.level" = [0.5]\n'
    path = write(tmp_path / "e.toml", text)
    assert_clean_error(invoke(["experiment", "run", str(path)]), "name")


# The hang and the silent accepts --------------------------------------------------------


def test_a_device_is_not_read_forever() -> None:
    started = time.monotonic()
    assert_clean_error(invoke(["run", "/dev/zero"]), "not a regular file")
    assert time.monotonic() - started < 10


@pytest.mark.parametrize("command", ["run", "report", "animate"])
def test_one_seed_rule_everywhere(command: str) -> None:
    assert_clean_error(invoke([command, "balanced", "--seed", str(2**63)]), "--seed")


def test_report_to_a_folder_path_writes_into_the_folder(tmp_path: Path) -> None:
    result = invoke(["report", "balanced", *TINY, "--out", f"{tmp_path / 'd'}/"])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "d" / "report.html").is_file()


def test_an_unknown_key_with_no_close_match_lists_the_valid_keys() -> None:
    message = assert_clean_error(invoke(["run", "balanced", "--set", "wibble=1"]), "'wibble'")
    assert "allowed: name, title" in message and "community" in message


# Data safety ----------------------------------------------------------------------------


def test_experiment_run_refuses_a_folder_it_did_not_make_and_deletes_nothing(
    tmp_path: Path,
) -> None:
    home = tmp_path / "home"
    home.mkdir()
    keep = [home / ".bashrc.tmp", home / "notes.txt", home / "deep" / ".x.tmp"]
    for path in keep:
        path.parent.mkdir(exist_ok=True)
        path.write_text("mine")
    experiment = tiny_file(tmp_path, replications=1, steps=10)
    for extra in ([], ["--resume"]):
        assert_clean_error(
            invoke(["experiment", "run", str(experiment), "--out", str(home), *extra]),
            "did not make it",
        )
    assert all(path.read_text() == "mine" for path in keep)
    assert sorted(p.name for p in home.iterdir()) == [".bashrc.tmp", "deep", "notes.txt"]


@pytest.mark.parametrize(
    "command",
    [["run", "balanced", *TINY], ["compare", "balanced", "leaderless", "--seeds", "2", *TINY],
     ["sweep", "balanced", "--seeds", "2", "--levels", "0,1", "--set", "model.steps=3",
      "--set", "community.members=30"]],
)
def test_commands_refuse_a_foreign_folder_and_a_symbolic_link(
    tmp_path: Path, command: list[str]
) -> None:
    foreign = tmp_path / "foreign"
    foreign.mkdir()
    (foreign / "thesis.tex").write_text("years of work")
    assert_clean_error(invoke([*command, "--out", str(foreign)]), "did not make it")
    assert [p.name for p in foreign.iterdir()] == ["thesis.tex"]
    link = tmp_path / "link"
    link.symlink_to(tmp_path / "elsewhere", target_is_directory=True)
    assert_clean_error(invoke([*command, "--out", str(link)]), "symbolic link")
    assert not (tmp_path / "elsewhere").exists()


def test_a_second_run_into_its_own_folder_replaces_its_files(tmp_path: Path) -> None:
    out = tmp_path / "out"
    for seed in ("1", "2"):
        result = invoke(["run", "balanced", *TINY, "--seed", seed, "--out", str(out)])
        assert result.exit_code == 0, result.output
    assert json.loads((out / "summary.json").read_text())["seed"] == 2


@pytest.mark.parametrize("command", [["report", "balanced"], ["animate", "balanced"]])
def test_a_file_movementsim_did_not_write_is_never_replaced(
    tmp_path: Path, command: list[str]
) -> None:
    out = tmp_path / ("r.html" if command[0] == "report" else "a.gif")
    out.write_text("not movementsim's")
    assert_clean_error(invoke([*command, *TINY, "--out", str(out)]), "did not write it")
    assert out.read_text() == "not movementsim's"
    out.unlink()
    for _ in range(2):  # its own file: written, then replaced
        assert invoke([*command, *TINY, "--out", str(out)]).exit_code == 0
    assert [p.name for p in tmp_path.iterdir()] == [out.name]  # no temporary file left


def test_a_failure_mid_write_leaves_the_previous_file_whole(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "r.html"
    assert invoke(["report", "balanced", *TINY, "--out", str(out)]).exit_code == 0
    before = out.read_bytes()
    import movementsim.teaching.report as report

    def broken(path: Path, text: str) -> Path:
        def write_half(tmp: Path) -> None:
            tmp.write_text(text[: len(text) // 2])
            raise OSError(28, "No space left on device")

        return report.storage.atomic_write(path, write_half)

    monkeypatch.setattr(report.storage, "write_text", broken)
    assert_clean_error(invoke(["report", "balanced", *TINY, "--out", str(out)]), "No space")
    assert out.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["r.html"]


def test_an_unreachable_scheduler_fails_fast_and_writes_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(engine, "DASK_CONNECT_SECONDS", 1)
    path = tiny_file(tmp_path, replications=1, steps=10)
    out = tmp_path / "out"
    started = time.monotonic()
    result = invoke(["experiment", "run", str(path), "--dask", "tcp://127.0.0.1:9", "--out",
                     str(out)])
    assert_clean_error(result, "cannot reach a Dask scheduler")
    assert time.monotonic() - started < 15
    assert not out.exists()


# Several decision-makers and issues ---------------------------------------------------

CAMPAIGNS = """\
name = "tenants"
[community]
members = 30
subcommunities = 3
[decision_maker]
resistance = 0.2
[[decision_makers]]
name = "landlord"
kind = "landlord"
issues = ["rent"]
[[decision_makers]]
name = "council"
kind = "city council"
issues = ["repairs"]
resistance = 0.5
[[issues]]
name = "rent"
subcommunities = [0, 1]
[[issues]]
name = "repairs"
"""


def campaigns(tmp_path: Path, old: str = "", new: str = "") -> str:
    """The two-target scenario above, with one mistake: ``old`` replaced by ``new``."""
    assert old in CAMPAIGNS
    return str(write(tmp_path / "tenants.toml", CAMPAIGNS.replace(old, new, 1)))


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        pytest.param(
            "resistance = 0.5", "resistence = 0.5",
            ["unknown key 'resistence' in decision_makers #2 (\"council\")",
             "(did you mean 'resistance'?)"],
            id="misspelt-key",
        ),
        pytest.param(
            "resistance = 0.5", "budget = 5",
            ["unknown key 'budget' in decision_makers #2 (\"council\"); allowed: resistance, ",
             "seat_keep_power, decision_every, name, kind, issues"],
            id="key-with-no-close-match",
        ),
        pytest.param(
            "resistance = 0.5", "resistance = -1",
            ['decision_makers #2 ("council").resistance = -1 is out of range: allowed 0.001 '
             "to 10 (pressure"],
            id="out-of-range",
        ),
        pytest.param(
            'name = "council"\n', "",
            ["'name' is missing in decision_makers #2 (a name for this decision-maker)"],
            id="missing-name",
        ),
        pytest.param(
            'issues = ["repairs"]', 'issues = "repairs"',
            ['decision_makers #2 ("council").issues = "repairs" must be a list of strings in '
             'quotes, e.g. issues = ["repairs"]'],
            id="issues-as-a-string",
        ),
        pytest.param(
            "subcommunities = [0, 1]", 'subcommunities = ["north", "south"]',
            ['issues #1 ("rent").subcommunities: item 1 = "north" has the wrong type: '
             "expected a list of whole numbers, e.g. subcommunities = [0, 2]"],
            id="subcommunities-by-name",
        ),
        pytest.param(
            "subcommunities = [0, 1]", "subcommunities = [0, 1.5]",
            ['issues #1 ("rent").subcommunities: item 2 = 1.5 has the wrong type'],
            id="subcommunity-not-whole",
        ),
        pytest.param(
            'issues = ["repairs"]', 'issues = ["repair"]',
            ["decision_makers 'council': issues lists 'repair', which is not an issue; "
             "the [[issues]] are: rent, repairs"],
            id="unknown-issue",
        ),
        pytest.param(
            'issues = ["repairs"]', "issues = []",
            ["issues 'repairs': no decision-maker holds power over it; list it in the issues "
             "of one of: landlord, council"],
            id="issue-nobody-holds",
        ),
        pytest.param(
            'name = "council"', 'name = "landlord"',
            ["decision_makers: the name 'landlord' is used twice"],
            id="repeated-name",
        ),
        pytest.param(
            "subcommunities = [0, 1]", "subcommunities = [1, 3]",
            ["issues 'rent': subcommunities lists 3; allowed 0 to 2 "
             "(community.subcommunities = 3)"],
            id="subcommunity-out-of-range",
        ),
        pytest.param(
            "resistance = 0.5", "durable_decay = 0.05",
            ["decision_makers #2: 'durable_decay' belongs to the whole movement: set it in "
             "[decision_maker]"],
            id="movement-wide-key",
        ),
    ],
)
def test_a_mistake_in_an_array_of_tables_names_the_table_and_the_key(
    tmp_path: Path, old: str, new: str, expected: list[str]
) -> None:
    assert_clean_error(invoke(["run", campaigns(tmp_path, old, new)]), *expected)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param(
            '[decision_makers]\nname = "council"\n',
            "[decision_makers] is a single table; write [[decision_makers]] (double brackets)",
            id="single-brackets",
        ),
        pytest.param(
            "decision_makers = 2\n",
            "decision_makers = 2 must be an array of tables: write [[decision_makers]]",
            id="a-count",
        ),
        pytest.param(
            'decision_makers = ["landlord", "council"]\n',
            'decision_makers #1 = "landlord" must be a table: write [[decision_makers]]',
            id="a-list-of-names",
        ),
        pytest.param(
            '[[decision_maker]]\nname = "council"\n',
            "'decision_maker' must be a table ([decision_maker] followed by key = value "
            "lines); for several, write [[decision_makers]] tables",
            id="singular-array",
        ),
        pytest.param(
            '[[issue]]\nname = "rent"\n', "unknown key 'issue' (did you mean 'issues'?)",
            id="singular-issue",
        ),
    ],
)
def test_an_array_of_tables_written_as_something_else_is_named(
    tmp_path: Path, text: str, expected: str
) -> None:
    path = write(tmp_path / "x.toml", text)
    assert_clean_error(invoke(["run", str(path)]), f"scenario '{path}': {expected}")


@pytest.mark.parametrize(
    ("assignment", "expected"),
    [
        pytest.param(
            "decision_makers.councl.resistance=0.3",
            ["'decision_makers.councl.resistance' names the decision-maker 'councl', which is "
             "not one of the [[decision_makers]] (did you mean 'council'?); their names: "
             "landlord, council"],
            id="misspelt-name",
        ),
        pytest.param(
            "issues.heating.grievance=0.8",
            ["names the issue 'heating', which is not one of the [[issues]]; their names: "
             "rent, repairs"],
            id="name-with-no-close-match",
        ),
        pytest.param(
            "decision_makers.council.resistence=0.3",
            ["unknown key 'decision_makers.council.resistence' (did you mean "
             "'decision_makers.council.resistance'?)"],
            id="misspelt-key",
        ),
        pytest.param(
            "issues.rent.grievance=1.5",
            ['issues #1 ("rent").grievance = 1.5 is out of range: allowed 0 to 1'],
            id="out-of-range",
        ),
        pytest.param(
            "decision_makers.council.durable_decay=0.1",
            ["'durable_decay' belongs to the whole movement: set 'decision_maker.durable_decay'"],
            id="movement-wide-key",
        ),
        pytest.param(
            "decision_makers.council=0.3",
            ["a key of [[decision_makers]] is decision_makers.NAME.KEY, e.g. "
             "decision_makers.landlord.resistance"],
            id="no-key",
        ),
    ],
)
def test_set_by_name_names_the_entries_and_keys_that_exist(
    tmp_path: Path, assignment: str, expected: list[str]
) -> None:
    assert_clean_error(invoke(["run", campaigns(tmp_path), "--set", assignment]), *expected)


def test_set_by_name_on_a_scenario_without_the_tables_suggests_the_section() -> None:
    assert_clean_error(
        invoke(["run", "balanced", "--set", "decision_makers.council.resistance=0.3"]),
        "the scenario has no [[decision_makers]] tables (did you mean "
        "'decision_maker.resistance'?)",
    )


@pytest.mark.parametrize(
    ("table", "expected"),
    [
        pytest.param(
            '[parameters]\n"decision_makers.councl.resistance" = [0.1, 0.3]\n',
            ['parameters."decision_makers.councl.resistance"', "did you mean 'council'",
             "their names: landlord, council"],
            id="misspelt-name",
        ),
        pytest.param(
            '[parameters]\n"issues.rent.grievence" = [0.5, 0.8]\n',
            ["unknown key 'issues.rent.grievence' (did you mean 'issues.rent.grievance'?)"],
            id="misspelt-key",
        ),
        pytest.param(
            "[set.decision_makers.council]\nresistance = -1\n"
            '[parameters]\n"structure.level" = [0.5]\n',
            ['set: scenario', 'decision_makers #2 ("council").resistance = -1 is out of range'],
            id="fixed-out-of-range",
        ),
        pytest.param(
            '[parameters.decision_makers.council.resistance]\nx = [0.1]\n',
            ["parameters.decision_makers.council.resistance: tables nest too deeply"],
            id="nested-too-deeply",
        ),
    ],
)
def test_an_experiment_names_entries_by_name_with_the_same_errors(
    tmp_path: Path, table: str, expected: list[str]
) -> None:
    campaigns(tmp_path)
    path = write(tmp_path / "e.toml", f'scenario = "tenants.toml"\nsteps = 3\n{table}')
    result = invoke(["experiment", "run", str(path), "--out", str(tmp_path / "o")])
    assert_clean_error(result, *expected)
    assert not (tmp_path / "o").exists()


@pytest.mark.parametrize(
    ("section", "assignment", "expected"),
    [
        pytest.param(
            "strategy", 'training_focus = "doubt"',
            'strategy.training_focus = "doubt" is not allowed: choose one of "discernment", '
            '"scepticism"',
            id="training-focus",
        ),
        pytest.param(
            "information", "evidence_rate = 1.5",
            "information.evidence_rate = 1.5 is out of range: allowed 0 to 1",
            id="evidence-rate",
        ),
        pytest.param(
            "information", 'discredit_rate = "often"',
            'information.discredit_rate = "often" has the wrong type: expected a number',
            id="discredit-rate",
        ),
        pytest.param(
            "information", "discredit_reach = 1.01",
            "information.discredit_reach = 1.01 is out of range: allowed 0 to 1",
            id="discredit-reach",
        ),
        pytest.param(
            "community", "scepticism = -0.1",
            "community.scepticism = -0.1 is out of range: allowed 0 to 1",
            id="scepticism",
        ),
        pytest.param(
            "decision_maker", "discrediting = 2",
            "decision_maker.discrediting = 2 is out of range: allowed 0 to 1",
            id="discrediting",
        ),
    ],
)
def test_a_mistake_about_true_and_false_claims_names_the_field_and_the_allowed_values(
    tmp_path: Path, section: str, assignment: str, expected: str
) -> None:
    scenario = write(tmp_path / "claims.toml", f"[{section}]\n{assignment}\n")
    assert_clean_error(invoke(["run", str(scenario)]), expected)
    key, value = (part.strip() for part in assignment.split("=", 1))
    assert_clean_error(invoke(["run", "truth-under-attack", "--set", f"{section}.{key}={value}"]),
                       expected)


COALITION = """
[community]
subcommunities = 3
[coalition]
rule = "vote"
[[organizations]]
name = "tenants"
subcommunities = [0]
[[organizations]]
name = "faith"
subcommunities = [1, 2]
"""


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        pytest.param(
            'rule = "vote"', 'rule = "dictator"',
            'coalition.rule = "dictator" is not allowed: choose one of "none", "consensus", '
            '"vote", "lead"',
            id="rule",
        ),
        pytest.param(
            'rule = "vote"', 'rule = "lead"\nlead = "church"',
            "coalition.lead = 'church' is not an organization; the [[organizations]] are: "
            "tenants, faith",
            id="unknown-lead",
        ),
        pytest.param(
            "subcommunities = [1, 2]", "subcommunities = [1, 3]",
            "organizations 'faith': subcommunities lists 3; allowed 0 to 2",
            id="subcommunity-out-of-range",
        ),
        pytest.param(
            'name = "faith"', 'name = "tenants"',
            "organizations: the name 'tenants' is used twice",
            id="repeated-name",
        ),
        pytest.param(
            "subcommunities = [1, 2]", 'subcommunities = [1, 2]\nissues = ["rent"]',
            "organizations 'faith': issues lists 'rent', which is not an issue",
            id="unknown-issue",
        ),
        pytest.param(
            "subcommunities = [1, 2]", "subcommunities = [1, 2]\nbudget = 3",
            "unknown key 'budget' in organizations #2 (\"faith\"); allowed: name, kind, "
            "subcommunities, structure, issues",
            id="unknown-key",
        ),
        pytest.param(
            "subcommunities = [1, 2]", "subcommunities = [1, 2]\nstructure = { level = 2 }",
            'organizations #2 ("faith").structure.level = 2 is out of range: allowed 0 to 1',
            id="structure-out-of-range",
        ),
        pytest.param(
            "[coalition]", "[[schedule]]\nweek = 10\nlevel = 0.2\n[coalition]",
            "schedule: a structure schedule changes the one organization's structure",
            id="schedule-with-organizations",
        ),
    ],
)
def test_a_mistake_about_organizations_names_the_table_and_the_allowed_values(
    tmp_path: Path, old: str, new: str, expected: str
) -> None:
    assert old in COALITION
    scenario = write(tmp_path / "coalition.toml", COALITION.replace(old, new, 1))
    assert_clean_error(invoke(["run", str(scenario)]), expected)


def test_a_side_deal_needs_a_coalition_to_split() -> None:
    assert_clean_error(
        invoke(["run", "balanced", "--set", "decision_maker.side_deal=0.3"]),
        "decision_maker.side_deal > 0 needs a coalition to split: two or more "
        "[[organizations]]",
    )
