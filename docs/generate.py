"""Regenerate the tables of docs/model.md and docs/validation.md (one source of truth).

    python docs/generate.py          # rewrite the generated parts of both
    python docs/generate.py --check  # exit 1 if they are stale (tests/test_docs.py does this)

Each generated part sits between ``<!-- generated: NAME -->`` and ``<!-- end: NAME -->``.
In docs/model.md: the parameter tables (from ``parameters.parameter_rows()``), the
measures table (from ``measures.MEASURES``) and the structure mapping table (from
``structure.governance_from_level``); the figure of the mapping,
``docs/figures/structure_dial.png``, is redrawn without ``--check``. In
docs/validation.md: every number table, read from the published results in
docs/figures (the fine sweep, the robustness and structure-by-size experiments and the
pattern checks of docs/patterns.py), so that the page cannot disagree with its figures.
"""

from __future__ import annotations

import argparse
import json
import math
import re
import sys
import typing
from pathlib import Path

import numpy as np
import pandas as pd
from scipy import stats

from movementsim.experiments import storage
from movementsim.experiments.intervals import difference_interval
from movementsim.model.measures import MEASURES
from movementsim.model.parameters import (
    MOVEMENT_KEYS,
    SECTIONS,
    DecisionMakerParams,
    IssueParams,
    OrganizationParams,
    TargetParams,
    field_range,
    format_number,
    parameter_rows,
    section_class,
)
from movementsim.model.structure import governance_from_level

DOCS = Path(__file__).resolve().parent
MODEL_MD = DOCS / "model.md"
VALIDATION_MD = DOCS / "validation.md"
FIGURES = DOCS / "figures"
SWEEP = FIGURES / "sweep"
ROBUSTNESS = FIGURES / "experiments" / "robustness"
BY_SIZE = FIGURES / "experiments" / "structure-by-size"
FINE_EXPERIMENT = FIGURES / "experiments" / "structure-sweep"
PATTERNS = FIGURES / "patterns" / "patterns.json"
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


def decision_makers_table() -> str:
    """The keys a ``[[decision_makers]]`` table adds to those of ``[decision_maker]``."""
    base = DecisionMakerParams.model_fields
    own = [name for name in TargetParams.model_fields if name not in base]
    inherited = ", ".join(f"`{k}`" for k in base if k not in MOVEMENT_KEYS)
    movement = ", ".join(f"`{k}`" for k in MOVEMENT_KEYS)
    return "\n".join([
        "### [[decision_makers]]",
        "",
        _first_line(TargetParams),
        "",
        *_field_table(TargetParams, own),
        "",
        f"Every other key of `[decision_maker]` may be set per decision-maker ({inherited}); "
        "a key left out takes its value from `[decision_maker]`. The movement-wide keys "
        f"({movement}) belong to the whole movement and may be set only in "
        "`[decision_maker]`.",
    ])


def issues_table() -> str:
    """The keys of an ``[[issues]]`` table."""
    return "\n".join([
        "### [[issues]]",
        "",
        _first_line(IssueParams),
        "",
        *_field_table(IssueParams, list(IssueParams.model_fields)),
    ])


def organizations_table() -> str:
    """The keys of an ``[[organizations]]`` table."""
    listed = [name for name in OrganizationParams.model_fields if name != "structure"]
    return "\n".join([
        "### [[organizations]]",
        "",
        _first_line(OrganizationParams),
        "",
        *_field_table(OrganizationParams, listed),
        "| structure | table | none | the keys of [structure] | "
        f"{OrganizationParams.model_fields['structure'].description} |",
    ])


def _first_line(model: type) -> str:
    return (model.__doc__ or "").strip().splitlines()[0].replace("``", "`")


def _field_table(model: type, names: list[str]) -> list[str]:
    """key, type, default, allowed and meaning of some fields of a pydantic model."""
    lines = ["| key | type | default | allowed | meaning |", "|---|---|---|---|---|"]
    for name in names:
        info = model.model_fields[name]
        kind, allowed = _field_type(info)
        if info.is_required():
            default = "required"
        elif isinstance(info.default, tuple):
            default = "[" + ", ".join(map(repr, info.default)) + "]"
        else:
            default = repr(info.default).strip("'")
        lines.append(
            f"| {name} | {kind} | {default} | {allowed} | {info.description or ''} |"
        )
    return lines


def _field_type(info: typing.Any) -> tuple[str, str]:
    """A field's type and allowed values, in words."""
    annotation = info.annotation
    if typing.get_origin(annotation) is tuple:
        item = typing.get_args(annotation)[0]
        words = {int: "whole numbers", float: "numbers", str: "strings"}[item]
        return f"list of {item.__name__}", f"a list of {words}"
    low, high = field_range(info)
    if low is not None or high is not None:
        return annotation.__name__, f"{format_number(low)} to {format_number(high)}"
    shortest = next((m.min_length for m in info.metadata if hasattr(m, "min_length")), None)
    longest = next((m.max_length for m in info.metadata if hasattr(m, "max_length")), None)
    if shortest is not None or longest is not None:
        return annotation.__name__, f"{shortest or 0} to {longest} characters"
    return annotation.__name__, "any text" if annotation is str else ""


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


def interval(mean: float, low: float, high: float, digits: int = 2) -> str:
    return f"{mean:.{digits}f} [{low:.{digits}f}, {high:.{digits}f}]"


def sweep_table() -> str:
    """Each level of the published fine sweep, and the step that led to it."""
    summary = pd.read_csv(SWEEP / "sweep_summary.csv")
    steps = pd.read_csv(SWEEP / "sweep_steps.csv").set_index("to")
    lines = [
        "| level | long-run power, mean [95% CI] | step from the level before [95%] | "
        "family-wise 95% interval of the step |",
        "|---|---|---|---|",
    ]
    for _, row in summary.iterrows():
        level = row["structure.level"]
        cells = [f"{level:.2f}", interval(row["mean"], row["ci_low"], row["ci_high"])]
        if level in steps.index:
            step = steps.loc[level]
            flag = " (beyond its own 95%)" if step["beyond_noise"] else ""
            cells += [
                f"{step['difference']:+.2f} [{step['ci_low']:+.2f}, {step['ci_high']:+.2f}]{flag}",
                f"[{step['family_low']:+.2f}, {step['family_high']:+.2f}]",
            ]
        else:
            cells += ["", ""]
        lines.append("| " + " | ".join(cells) + " |")
    runs = pd.read_csv(SWEEP / "sweep_runs.csv")
    best = summary.loc[summary["mean"].idxmax(), "structure.level"]
    at = {level: runs.loc[np.isclose(runs["structure.level"], level), "long_run_power"]
          for level in summary["structure.level"]}
    ends = []
    for end in (summary["structure.level"].min(), summary["structure.level"].max()):
        difference, low, high = difference_interval(at[best], at[end])
        ends.append(f"{difference:+.2f} [{low:+.2f}, {high:+.2f}] over level {end:g}")
    plateau = [level for level in at
               if level == best or difference_interval(at[best], at[level])[1] <= 0]
    largest = steps.loc[steps["difference"].abs().idxmax()]
    lines += [
        "",
        f"Best level {best:.2f}: {ends[0]} and {ends[1]} (Welch 95%). Levels within seed "
        f"noise of the best: {min(plateau):.2f} to {max(plateau):.2f}.",
        "",
        f"Largest step: {largest['difference']:+.2f} from {largest['from']:.2f} to "
        f"{float(largest.name):.2f} (95% [{largest['ci_low']:+.2f}, {largest['ci_high']:+.2f}]). "
        f"Steps beyond their own 95% interval: {int(steps['beyond_noise'].sum())} of "
        f"{len(steps)} (about {0.05 * len(steps):.0f} expected by chance alone); beyond the "
        f"family-wise interval: {int(steps['beyond_family_noise'].sum())}.",
    ]
    return "\n".join(lines)


def welch(a: pd.Series, b: pd.Series, confidence: float) -> tuple[float, float, float]:
    """Difference of two means ``a - b`` from their summaries (mean, std, n), Welch's t."""
    va, vb = a["std"] ** 2 / a["n"], b["std"] ** 2 / b["n"]
    se = np.sqrt(va + vb)
    dof = (va + vb) ** 2 / (va**2 / (a["n"] - 1) + vb**2 / (b["n"] - 1))
    half = stats.t.ppf(0.5 + confidence / 2, dof) * se
    difference = a["mean"] - b["mean"]
    return difference, difference - half, difference + half


def experiment_steps() -> str:
    """The same step test on the structure-sweep experiment (30 other replications)."""
    summary = pd.read_csv(FINE_EXPERIMENT / "summary.csv")
    power = summary[summary["outcome"] == "long_run_power"].sort_values("structure.level")
    rows = [row for _, row in power.iterrows()]
    family = 1 - 0.05 / (len(rows) - 1)
    lines = ["| step | change of mean long-run power [95%] | family-wise 95% interval |",
             "|---|---|---|"]
    flagged = {"own": 0, "family": 0}
    largest = (0.0, "")
    for below, above in zip(rows, rows[1:], strict=False):
        difference, low, high = welch(above, below, 0.95)
        _, family_low, family_high = welch(above, below, family)
        step = f"{below['structure.level']:.2f} to {above['structure.level']:.2f}"
        if abs(difference) > abs(largest[0]):
            largest = (difference, step)
        if low > 0 or high < 0:
            flagged["own"] += 1
            beyond = family_low > 0 or family_high < 0
            flagged["family"] += beyond
            lines.append(f"| {step} | {difference:+.2f} [{low:+.2f}, {high:+.2f}] | "
                         f"[{family_low:+.2f}, {family_high:+.2f}]"
                         + (" beyond |" if beyond else " |"))
    n = int(power["n"].max())
    return "\n".join([
        f"Steps beyond their own 95% interval ({n} replications per level):", "", *lines, "",
        f"{flagged['own']} of {len(rows) - 1} steps beyond their own 95% interval, "
        f"{flagged['family']} beyond the family-wise interval; largest step "
        f"{largest[0]:+.2f} ({largest[1]}).",
    ])


def robustness_summary() -> str:
    """The shares of item 3 of the issue, the best levels, and the aims."""
    contexts = pd.read_csv(ROBUSTNESS / "contexts.csv")
    winnable = contexts[contexts["winnable"]]
    counts = winnable["best_level"].value_counts().sort_index()
    strong = winnable[winnable["best_power"] >= 0.5]
    return "\n".join([
        "| | contexts | share | aim |",
        "|---|---|---|---|",
        f"| sampled | {len(contexts)} | | |",
        f"| the movement can win (at some level it wins at least once on average) | "
        f"{len(winnable)} | {len(winnable) / len(contexts):.0%} | 90% |",
        f"| of those, a middle level beats both ends beyond seed noise | "
        f"{int(winnable['middle_beats_ends'].sum())} | {winnable['middle_beats_ends'].mean():.0%} "
        f"| 80% |",
        f"| of the winnable contexts whose best long-run power is at least 0.5, a middle "
        f"level beats both ends | {int(strong['middle_beats_ends'].sum())} of {len(strong)} | "
        f"{strong['middle_beats_ends'].mean():.0%} | |",
        "",
        "Best level of each winnable context (the level with the highest mean long-run "
        "power): " + ", ".join(f"{level:g}: {n}" for level, n in counts.items())
        + f"; median {winnable['best_level'].median():g}.",
    ])


def at_best_level(contexts: pd.DataFrame) -> pd.DataFrame:
    """Per context, at its best level: how the membership and the actions went.

    ``kept``: members at the end of the run per member at week 0 (week 0 is after the
    founding week, ``members_at_start``; most of a community is never a member, so
    dividing by its size would call every movement a collapse); ``end_share``: members
    at the end as a share of the community; ``turnout_per_person``: participations in
    actions over the run per person in the community; ``wins``: mean wins per run.
    """
    by_level = pd.read_csv(ROBUSTNESS / "contexts_by_level.csv")
    best = by_level.merge(contexts[["context", "best_level", "community.members"]], on="context")
    best = best[np.isclose(best["structure.level"], best["best_level"])].set_index("context")
    return pd.DataFrame({
        "kept": best["members"] / best["members_at_start"],
        "end_share": best["members"] / best["community.members"],
        "turnout_per_person": best["turnout"] / best["community.members"],
        "wins": best["wins"],
    }).reindex(contexts["context"])


def robustness_failures() -> str:
    """What sets the unwinnable contexts apart (Mann-Whitney U, two-sided)."""
    contexts = pd.read_csv(ROBUSTNESS / "contexts.csv")
    contexts = contexts.join(at_best_level(contexts), on="context")
    rows = [("members at the end per member at week 0 (at the best level)", "kept"),
            ("members at the end, share of the community (at the best level)", "end_share"),
            ("participations in actions over the run, per person (at the best level)",
             "turnout_per_person"),
            ("strategy.organizing_share", "strategy.organizing_share"),
            ("community.availability_mean", "community.availability_mean"),
            ("campaign.deadline_weeks", "campaign.deadline_weeks"),
            ("community.grievance_mean", "community.grievance_mean"),
            ("decision_maker.resistance", "decision_maker.resistance")]
    win, lose = contexts[contexts["winnable"]], contexts[~contexts["winnable"]]
    lines = ["| | winnable (mean) | unwinnable (mean) | Mann-Whitney p |", "|---|---|---|---|"]
    for label, column in rows:
        p = stats.mannwhitneyu(win[column], lose[column]).pvalue
        lines.append(f"| {label} | {win[column].mean():.3g} | {lose[column].mean():.3g} | "
                     f"{p:.2g} |")
    lines += ["", "The unwinnable contexts one by one, at their best level:", "",
              "| context | members | organizing share | availability | members, end per "
              "start | members at the end, share of the community | participations per "
              "person |", "|---|---|---|---|---|---|---|"]
    for _, row in lose.sort_values("kept").iterrows():
        lines.append(
            f"| {row['context']} | {row['community.members']:,.0f} | "
            f"{row['strategy.organizing_share']:.2f} | "
            f"{row['community.availability_mean']:.2f} | ×{row['kept']:.2f} | "
            f"{row['end_share']:.0%} | {row['turnout_per_person']:.2f} |")
    ok = (contexts["strategy.organizing_share"] >= 0.4) & (
        contexts["community.availability_mean"] >= 0.37)
    lines += ["", f"Contexts with an organizing share of at least 0.4 and a mean availability of "
              f"at least 0.37: {int(contexts.loc[ok, 'winnable'].sum())} of {int(ok.sum())} "
              f"winnable; the others: {int(contexts.loc[~ok, 'winnable'].sum())} of "
              f"{int((~ok).sum())}."]
    return "\n".join(lines)


def robustness_middle_failures() -> str:
    """The winnable contexts where no middle level beats both ends."""
    contexts = pd.read_csv(ROBUSTNESS / "contexts.csv")
    contexts = contexts.join(at_best_level(contexts), on="context")
    rows = contexts[contexts["winnable"] & ~contexts["middle_beats_ends"]]
    lines = ["| context | members | meeting capacity | organizing share | best level | "
             "best power | wins at the best level | plateau (within noise of the best) | "
             "members, end per start |",
             "|---|---|---|---|---|---|---|---|---|"]
    for _, row in rows.sort_values("best_power").iterrows():
        lines.append(
            f"| {row['context']} | {row['community.members']:,.0f} | "
            f"{row['campaign.meeting_capacity']:.0f} | {row['strategy.organizing_share']:.2f} | "
            f"{row['best_level']:g} | {row['best_power']:.2f} | {row['wins']:.1f} | "
            f"{row['plateau_low']:g} to {row['plateau_high']:g} | ×{row['kept']:.2f} |")
    return "\n".join(lines)


def robustness_drivers() -> str:
    """Rank correlation and RBD-FAST index of the best level with every context parameter."""
    rho = pd.read_csv(ROBUSTNESS / "best_level_correlations.csv").set_index("parameter")
    sobol = pd.read_csv(ROBUSTNESS / "best_level_sobol.csv").set_index("parameter")
    rho = rho.reindex(rho["spearman_rho"].abs().sort_values(ascending=False).index)
    lines = ["| parameter | Spearman rho | p | first-order index (RBD-FAST) [95%] |",
             "|---|---|---|---|"]
    for name, row in rho.iterrows():
        s1 = sobol.loc[name]
        lines.append(f"| {name} | {row['spearman_rho']:+.2f} | {row['p_value']:.2g} | "
                     f"{interval(s1['S1'], s1['S1_ci_low'], s1['S1_ci_high'])} |")
    return "\n".join(lines)


def size_table() -> str:
    """Structure-by-size: long-run power and influence Gini per size and level."""
    summary = pd.read_csv(BY_SIZE / "summary.csv")
    parts = []
    for outcome, title in (("long_run_power", "Long-run power"),
                           ("influence_gini", "Influence Gini, last year")):
        table = summary[summary["outcome"] == outcome].pivot(
            index="community.members", columns="structure.level", values="mean")
        parts += [f"{title} (mean of {int(summary['n'].max())} runs):", "",
                  "| members | " + " | ".join(f"{c:g}" for c in table.columns) + " |"
                  + (" best level |" if outcome == "long_run_power" else ""),
                  "|---|" + "---|" * (len(table.columns)
                                      + (outcome == "long_run_power"))]
        for members, row in table.iterrows():
            cells = [f"{members:,}", *(f"{v:.2f}" for v in row)]
            if outcome == "long_run_power":
                cells.append(f"{row.idxmax():g}")
            parts.append("| " + " | ".join(cells) + " |")
        parts.append("")
    return "\n".join(parts).rstrip()


def pattern_table(name: str, key: str) -> str:
    """One setting per row of a model-level pattern check (docs/patterns.py)."""

    checks = json.loads(PATTERNS.read_text(encoding="utf-8"))[name]
    measures = [m for m in checks if isinstance(checks[m], list)]
    settings = [row[key] for row in checks[measures[0]]]
    lines = ["| " + key + " | " + " | ".join(f"{m}, mean [95% CI]" for m in measures) + " |",
             "|---|" + "---|" * len(measures)]
    for i, setting in enumerate(settings):
        cells = [interval(checks[m][i]["mean"], checks[m][i]["ci_low"], checks[m][i]["ci_high"])
                 for m in measures]
        lines.append(f"| {setting:g} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def pattern_comparisons() -> str:
    """The single-number pattern checks (repression, participation, training)."""

    checks = json.loads(PATTERNS.read_text(encoding="utf-8"))
    rep = checks["epstein_repression"]
    rho = checks["chenoweth_participation"]["spearman_turnout_wins"]
    guess = checks["guess_training"]
    return "\n".join([
        "| check | result |", "|---|---|",
        "| `balanced`, repression weight 1 against 0: total turnout over the run | "
        + interval(rep["turnout_total"]["difference"], rep["turnout_total"]["ci_low"],
                   rep["turnout_total"]["ci_high"], 0) + " (difference, Welch 95%) |",
        "| the same: long-run power | " + interval(
            rep["long_run_power"]["difference"], rep["long_run_power"]["ci_low"],
            rep["long_run_power"]["ci_high"]) + " |",
        "| `balanced` at levels 0, 0.25, 0.5, 0.75, 1: Spearman rho of total turnout with "
        f"wins over the 50 runs | {rho:+.2f} |",
        *(f"| `{scenario}`: mean discernment of members, start to end (five years) | "
          f"{g['start']:.2f} to {g['end_members']:.2f} ({g['relative_gain']:+.0%}) |"
          for scenario, g in guess.items()),
    ])


def single_runs() -> str:
    """The three published single runs (docs/figures/<scenario>/summary.json)."""

    lines = ["| scenario | level | wins | missed | members at the end | long-run power |",
             "|---|---|---|---|---|---|"]
    for name in ("balanced", "leaderless", "bureaucracy"):
        run = json.loads((FIGURES / name / "summary.json").read_text(encoding="utf-8"))
        final = run["final"]
        lines.append(f"| {name} | {final['structure_level']:g} | {final['wins']:.0f} | "
                     f"{final['missed_opportunities']:.0f} | {final['members']:.0f} | "
                     f"{run['long_run_power']:.3f} |")
    return "\n".join(lines)


GENERATED = {
    MODEL_MD: {
        "parameters": parameter_tables,
        "decision-makers": decision_makers_table,
        "issues": issues_table,
        "organizations": organizations_table,
        "measures": measures_table,
        "structure": structure_table,
    },
    VALIDATION_MD: {
        "sweep": sweep_table,
        "sweep-experiment": experiment_steps,
        "robustness-summary": robustness_summary,
        "robustness-unwinnable": robustness_failures,
        "robustness-no-middle": robustness_middle_failures,
        "robustness-drivers": robustness_drivers,
        "size": size_table,
        "michels": lambda: pattern_table("michels_size", "community.members"),
        "han": lambda: pattern_table("han_mix", "strategy.organizing_share"),
        "fang": lambda: pattern_table("fang_bridging", "community.cross_tie_share"),
        "comparisons": pattern_comparisons,
        "single-runs": single_runs,
    },
}


def regenerate(text: str, path: Path = MODEL_MD) -> str:
    """``text`` (the file at ``path``) with every generated part replaced by what the code
    and the published results give now."""
    for name, make in GENERATED[path].items():
        start, end = f"<!-- generated: {name} -->", f"<!-- end: {name} -->"
        pattern = re.compile(re.escape(start) + ".*?" + re.escape(end), re.DOTALL)
        if not pattern.search(text):
            raise ValueError(f"docs/{path.name} has no generated part '{name}'")
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
    stale = []
    for path in GENERATED:
        text = path.read_text(encoding="utf-8")
        new = regenerate(text, path)
        if new != text:
            stale.append(path.name)
            if not args.check:
                storage.write_text(path, new)
    if args.check:
        if stale:
            print(f"stale: {', '.join(stale)}: run python docs/generate.py", file=sys.stderr)
            return 1
        return 0
    draw_dial(FIGURES / "structure_dial")
    return 0


if __name__ == "__main__":
    sys.exit(main())
