"""mkdocs hooks for the documentation site (mkdocs.yml names this file).

- The parameter and measures pages show the parts of docs/model.md that docs/generate.py
  writes from the code (and tests/test_docs.py checks are current), so the site has one
  source of truth: a page holds ``<!-- from model.md: NAME -->`` where the part
  ``<!-- generated: NAME -->`` ... ``<!-- end: NAME -->`` of docs/model.md goes.
- The command-line page holds ``<!-- cli reference -->`` where the ``--help`` of every
  command goes, as click prints it in a terminal of 100 columns or more.
- The citing page holds ``<!-- changelog -->`` where the repository's CHANGELOG.md goes
  (its headings one level down), so the changelog is written once.
- Every notebook in docs/notebooks/ is listed under "Notebooks" in the navigation, in the
  order of its file name; without notebooks there is no such section.
- The docstrings cross-reference in Sphinx's way (``:mod:`~movementsim.model.structure```),
  which Markdown leaves as text: on the API page such a role becomes the code it names
  (``~`` keeps only the last part of the name, as Sphinx does).
"""

from __future__ import annotations

import re
from pathlib import Path

import click
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

PLACEHOLDER = re.compile(r"<!-- from model\.md: ([\w-]+) -->")
CLI_PLACEHOLDER = "<!-- cli reference -->"
CHANGELOG_PLACEHOLDER = "<!-- changelog -->"
# What a terminal of 100 columns or more shows: the commands' max_content_width is 100, and
# click keeps two columns free when it measures the terminal itself.
HELP_WIDTH = 100 - 2
SPHINX_ROLE = re.compile(r":(?:mod|class|func|meth|attr|data|exc):<code>(~?)([\w.]+)</code>")


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    notebooks = sorted((Path(config.docs_dir) / "notebooks").glob("*.ipynb"))
    if notebooks:
        config.nav.append({"Notebooks": [f"notebooks/{path.name}" for path in notebooks]})
    return config


def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    if CLI_PLACEHOLDER in markdown:
        from movementsim.cli import main

        markdown = markdown.replace(CLI_PLACEHOLDER, "\n\n".join(command_help(main, "movementsim")))
    if CHANGELOG_PLACEHOLDER in markdown:
        changelog = Path(config.config_file_path).parent / "CHANGELOG.md"
        markdown = markdown.replace(CHANGELOG_PLACEHOLDER, demoted(changelog.read_text("utf-8")))
    if not PLACEHOLDER.search(markdown):
        return markdown
    model = (Path(config.docs_dir) / "model.md").read_text(encoding="utf-8")
    return PLACEHOLDER.sub(lambda match: generated_part(model, match.group(1)), markdown)


def command_help(
    command: click.Command, name: str, parent: click.Context | None = None, level: int = 2
) -> list[str]:
    """A heading and the ``--help`` text of ``command`` and of each of its subcommands."""
    context = click.Context(
        command, info_name=name, parent=parent, terminal_width=HELP_WIDTH,
        **command.context_settings,
    )
    heading = f"{'#' * level} {context.command_path}"
    sections = [f"{heading}\n\n```text\n{command.get_help(context)}\n```"]
    if isinstance(command, click.Group):
        for sub_name in command.list_commands(context):
            sub = command.get_command(context, sub_name)
            if sub is not None and not sub.hidden:
                sections += command_help(sub, sub_name, context, level + 1)
    return sections


def demoted(changelog: str) -> str:
    """CHANGELOG.md without its title, every heading one level down."""
    lines = changelog.splitlines()[1:]
    return "\n".join("#" + line if line.startswith("#") else line for line in lines)


def generated_part(model: str, name: str) -> str:
    """The text docs/generate.py wrote between the markers of the part ``name``."""
    start, end = f"<!-- generated: {name} -->", f"<!-- end: {name} -->"
    match = re.search(re.escape(start) + r"\n(.*?)\n" + re.escape(end), model, re.DOTALL)
    if match is None:
        raise PluginError(f"docs/model.md has no generated part '{name}'")
    return match.group(1)


def on_page_content(html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    return SPHINX_ROLE.sub(_code_of_role, html)


def _code_of_role(match: re.Match) -> str:
    tilde, name = match.groups()
    return f"<code>{name.rsplit('.', 1)[-1] if tilde else name}</code>"
