"""Regenerate the tables and the figure of docs/model.md from the code (one source of truth).

    python docs/generate.py          # rewrite the generated parts of docs/model.md
    python docs/generate.py --check  # exit 1 if they are stale (tests/test_docs.py does this)

Each generated part sits between ``<!-- generated: NAME -->`` and ``<!-- end: NAME -->``:
the parameter tables (from ``parameters.parameter_rows()``), the measures table (from
``measures.MEASURES``) and the structure mapping table (from
``structure.governance_from_level``). The figure of the mapping,
``docs/figures/structure_dial.png``, is redrawn without ``--check``.
"""

from __future__ import annotations

import argparse
import math
import re
import sys
from pathlib import Path

import numpy as np

from movementsim.model.measures import MEASURES
from movementsim.model.parameters import SECTIONS, parameter_rows, section_class
from movementsim.model.structure import governance_from_level

DOCS = Path(__file__).resolve().parent
MODEL_MD = DOCS / "model.md"
DIAL_LEVELS = np.round(np.linspace(0, 1, 11), 1)


def parameter_tables() -> str:
    """One table per section: key, type, default, allowed values, meaning, source."""
    rows = parameter_rows()
    parts = []
    for section in SECTIONS:
        doc = (section_class(section).__doc__ or "").strip().splitlines()[0]
        parts += [f"### [{section}]", "", doc, ""]
        parts += ["| key | type | default | allowed | meaning | source |",
                  "|---|---|---|---|---|---|"]
        for row in rows:
            if row["key"].startswith(section + "."):
                parts.append(
                    f"| {row['key']} | {row['type']} | {row['default']} | {row['allowed']} | "
                    f"{row['meaning']} | {row['source']} |"
                )
        parts.append("")
    return "\n".join(parts).rstrip()


def measures_table() -> str:
    lines = ["| column | kind | range | meaning |", "|---|---|---|---|"]
    for name, measure in MEASURES.items():
        low = "-inf" if measure.low is None else f"{measure.low:g}"
        high = "inf" if measure.high is None else f"{measure.high:g}"
        lines.append(f"| {name} | {measure.kind} | {low} to {high} | {measure.description} |")
    return "\n".join(lines)


def structure_table() -> str:
    """The rules at levels 0, 0.1, ..., 1 (dial's shape at its defaults)."""
    lines = [
        "| level | consensus | majority | board | single leader | sign-offs | on a team | "
        "span | role clarity | informal | elected | appointed | term limit | local autonomy |",
        "|" + "---|" * 14,
    ]
    for level in DIAL_LEVELS:
        gov = governance_from_level(float(level))
        limit = "none" if math.isinf(gov.term_limit) else f"{gov.term_limit:.2f}"
        cells = [
            f"{level:g}",
            *(f"{w:.2f}" for w in gov.rule_weights),
            f"{gov.approval_layers:.2f}",
            f"{gov.team_coverage:.2f}",
            str(gov.span_of_control),
            f"{gov.role_clarity:.3f}",
            *(f"{w:.2f}" for w in gov.selection_weights),
            limit,
            f"{gov.local_autonomy:.2f}",
        ]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


GENERATED = {
    "parameters": parameter_tables,
    "measures": measures_table,
    "structure": structure_table,
}


def regenerate(text: str) -> str:
    """``text`` with every generated part replaced by what the code gives now."""
    for name, make in GENERATED.items():
        start, end = f"<!-- generated: {name} -->", f"<!-- end: {name} -->"
        pattern = re.compile(re.escape(start) + ".*?" + re.escape(end), re.DOTALL)
        if not pattern.search(text):
            raise ValueError(f"docs/model.md has no generated part '{name}'")
        replacement = f"{start}\n{make()}\n{end}"
        text = pattern.sub(lambda _match, part=replacement: part, text)
    return text


def draw_dial(path: Path) -> None:
    """The structure mapping as a figure: every rule against the level."""
    import matplotlib as mpl
    from matplotlib.figure import Figure

    from movementsim.teaching.figures import STYLE, save_figure, series_style

    levels = np.linspace(0, 1, 201)
    govs = [governance_from_level(float(x)) for x in levels]
    panels = (
        ("Who decides (share of decisions)", ("consensus", "majority", "board", "single leader"),
         lambda g: g.rule_weights),
        ("How leaders arise (share of seats)", ("informal", "elected", "appointed"),
         lambda g: g.selection_weights),
        ("Formal lines, clarity, autonomy", ("members on a team", "role clarity",
                                             "local autonomy"),
         lambda g: (g.team_coverage, g.role_clarity, g.local_autonomy)),
        ("Sign-offs and rotation", ("sign-offs (mean)", "term limit (terms; shown up to 12)"),
         lambda g: (g.approval_layers, min(g.term_limit, 12))),
    )
    with mpl.rc_context(STYLE):
        fig = Figure(figsize=(16, 10), layout="constrained")
        for ax, (title, labels, values) in zip(fig.subplots(2, 2).ravel(), panels, strict=True):
            series = np.array([values(g) for g in govs])
            for i, label in enumerate(labels):
                ax.plot(levels, series[:, i], **series_style(i), label=label)
            ax.set_title(title, loc="left")
            ax.set_xlabel("structure level")
            ax.legend(loc="best", frameon=False)
        fig.suptitle("The structure dial: every rule moves smoothly with the level")
        save_figure(fig, path)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only check; exit 1 if stale")
    args = parser.parse_args()
    text = MODEL_MD.read_text(encoding="utf-8")
    new = regenerate(text)
    if args.check:
        if new != text:
            print("docs/model.md is stale: run python docs/generate.py", file=sys.stderr)
            return 1
        return 0
    MODEL_MD.write_text(new, encoding="utf-8")
    draw_dial(DOCS / "figures" / "structure_dial")
    return 0


if __name__ == "__main__":
    sys.exit(main())
