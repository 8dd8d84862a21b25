"""The documentation site (mkdocs.yml) builds with every warning an error, and its reference
pages are read from the code: every parameter, measure and command is on them."""

from __future__ import annotations

import html
import importlib.util
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import click
import pytest

from movementsim.cli import main
from movementsim.model.measures import MEASURES
from movementsim.model.parameters import parameter_rows

ROOT = Path(__file__).resolve().parent.parent
SITE_PACKAGES = ("mkdocs", "material", "mkdocstrings", "mkdocs_jupyter")
MISSING = [name for name in SITE_PACKAGES if importlib.util.find_spec(name) is None]

pytestmark = pytest.mark.skipif(
    bool(MISSING),
    reason=f"the site needs the docs extra (pip install -e '.[docs]'); missing: {MISSING}",
)


def build(config: Path, out: Path) -> None:
    # Run beside the output: mkdocs-jupyter keeps a .cache/ in the working directory.
    # The notebooks are not run again: the copies built from are already executed.
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(config), "-d", str(out)],
        capture_output=True,
        text=True,
        cwd=out.parent,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1",
             "MOVEMENTSIM_SITE_EXECUTE_NOTEBOOKS": "false"},
    )
    assert result.returncode == 0, f"mkdocs build --strict failed:\n{result.stderr}"


def copy_of_the_sources(folder: Path, executed_notebooks: dict) -> Path:
    """What the site is built from (mkdocs.yml, CHANGELOG.md, docs/), with every notebook
    replaced by its executed copy; returns the copy's mkdocs.yml."""
    import nbformat

    shutil.copy(ROOT / "mkdocs.yml", folder)
    shutil.copy(ROOT / "CHANGELOG.md", folder)
    shutil.copytree(ROOT / "docs", folder / "docs")
    for name, run in executed_notebooks.items():
        assert run.error is None, f"notebook {name} failed: {run.error}"
        nbformat.write(run.notebook, folder / "docs" / "notebooks" / f"{name}.ipynb")
    return folder / "mkdocs.yml"


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory, executed_notebooks: dict) -> Path:
    sources = tmp_path_factory.mktemp("sources")
    out = tmp_path_factory.mktemp("site")
    build(copy_of_the_sources(sources, executed_notebooks), out)
    return out


def page(site: Path, name: str) -> str:
    return (site / name / "index.html").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    "name",
    ["model", "validation", "experiments", "reference/parameters", "reference/measures",
     "reference/cli", "reference/api", "citing"],
)
def test_every_page_is_built(site, name):
    assert (site / name / "index.html").is_file(), f"{name} is not on the site"
    nav = (site / "index.html").read_text(encoding="utf-8")
    assert f'href="{name}/"' in nav, f"{name} is not in the navigation"


def test_the_parameter_page_lists_every_parameter_with_its_default(site):
    text = page(site, "reference/parameters")
    for row in parameter_rows():
        cell = f"<td>{row['key']}</td>"
        assert cell in text, f"{row['key']} is missing from the parameter page"
        assert f"<td>{row['default']}</td>" in text[text.index(cell):], row["key"]


def test_the_measures_page_lists_every_measure(site):
    text = page(site, "reference/measures")
    missing = [name for name in MEASURES if f"<td>{name}</td>" not in text]
    assert not missing, f"measures missing from the measures page: {missing}"


def _command_paths(group: click.Group, prefix: str) -> list[str]:
    paths = []
    for name, command in group.commands.items():
        paths.append(f"{prefix} {name}")
        if isinstance(command, click.Group):
            paths += _command_paths(command, f"{prefix} {name}")
    return paths


def test_the_cli_page_documents_every_command(site):
    text = page(site, "reference/cli")
    missing = [path for path in _command_paths(main, "movementsim") if f"{path}<" not in text]
    assert not missing, f"commands missing from the CLI page: {missing}"


@pytest.mark.parametrize("command", [["run"], ["experiment", "run"]], ids=" ".join)
def test_the_cli_page_shows_what_help_prints_in_a_wide_terminal(site, command):
    printed = subprocess.run(
        [sys.executable, "-m", "movementsim", *command, "--help"],
        capture_output=True, text=True, check=True, env={**os.environ, "COLUMNS": "200"},
    ).stdout
    text = page(site, "reference/cli")
    start = text.index(f'id="movementsim-{"-".join(command)}"')
    block = text[text.index("<code>", start) + len("<code>"):text.index("</code>", start)]
    assert html.unescape(re.sub(r"<[^>]+>", "", block)).strip() == printed.strip()


@pytest.mark.parametrize(
    "name",
    ["load_scenario", "simulate", "Scenario", "ScenarioError", "MovementModel",
     "model.parameters.parameter_rows", "model.measures.Measure",
     "experiments.scenario_files.save_scenario", "experiments.sweep.structure_sweep",
     "teaching.compare.run_comparison", "experiments.runner.run_experiment",
     "experiments.analysis.analyze", "teaching.figures.power_figure",
     "model.versions.known_versions"],
)
def test_the_api_page_documents_the_public_api(site, name):
    assert f'id="movementsim.{name}"' in page(site, "reference/api"), name


def test_a_notebook_in_docs_notebooks_is_rendered_and_listed(tmp_path, executed_notebooks):
    """Built from a copy of the docs with one notebook added (the repository is not touched)."""
    copy_of_the_sources(tmp_path, executed_notebooks)
    notebook = {
        "cells": [
            {"cell_type": "markdown", "metadata": {}, "source": ["# A notebook for the test"]},
            {"cell_type": "code", "metadata": {}, "execution_count": None, "outputs": [],
             "source": ["1 + 1"]},
        ],
        "metadata": {}, "nbformat": 4, "nbformat_minor": 5,
    }
    (tmp_path / "docs" / "notebooks").mkdir(exist_ok=True)
    path = tmp_path / "docs" / "notebooks" / "zz_site_test.ipynb"
    path.write_text(json.dumps(notebook), encoding="utf-8")
    build(tmp_path / "mkdocs.yml", tmp_path / "site")
    assert (tmp_path / "site" / "notebooks" / "zz_site_test" / "index.html").is_file()
    home = (tmp_path / "site" / "index.html").read_text(encoding="utf-8")
    assert "Notebooks" in home and "notebooks/zz_site_test/" in home


@pytest.mark.parametrize("name", ["01_one_run", "02_structure_sweep", "03_experiment",
                                  "04_build_a_scenario"])
def test_a_notebooks_page_shows_its_outputs_and_figures(site, name):
    text = page(site, f"notebooks/{name}")
    assert "data:image/png;base64," in text, f"{name}: no figure on its page"
    assert text.count('class="jp-OutputArea-child') >= 3, f"{name}: outputs missing"


def test_the_citing_page_holds_the_changelog(site):
    from movementsim import __version__

    text = page(site, "citing")
    changelog = (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
    headings = re.findall(r"^## (\S+)", changelog, re.M)
    # What changed since the last release comes first, under "Unreleased", with no date.
    releases = [heading for heading in headings if heading != "Unreleased"]
    assert __version__ in releases and "0.1.0" in releases
    for release in releases:
        assert re.search(rf"<h3 id=[^>]*>{re.escape(release)} \(", text), release
    if "Unreleased" in headings:
        assert headings[0] == "Unreleased"
        assert re.search(r"<h3 id=[^>]*>Unreleased\b", text)
