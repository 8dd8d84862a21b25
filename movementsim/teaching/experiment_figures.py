"""Figures of an experiment's analysis, in the house style of :mod:`movementsim.teaching.figures`.

Each function takes the tables :mod:`movementsim.experiments.analysis` computes and writes
``<path>.png`` and ``<path>.svg``, returning both paths. Figures are drawn without
pyplot, so they never open a window or change global state.
"""

from __future__ import annotations

import textwrap
from pathlib import Path

import matplotlib as mpl
import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch

from movementsim.experiments.analysis import Analysis
from movementsim.experiments.robustness import ContextsAnalysis
from movementsim.teaching.figures import OKABE_ITO, STYLE, save_figure, series_style


def _band_and_best(band: bool = True) -> list[Patch | Line2D]:
    """Legend entries for a line's band (when one is drawn) and its circled best points,
    drawn in grey: they mean the same for every line."""
    best = Line2D([], [], linestyle="none", marker="o", markersize=16, markerfacecolor="none",
                  markeredgecolor="grey", markeredgewidth=2.5,
                  label="highest mean (circled)")
    if not band:
        return [best]
    return [Patch(color="grey", alpha=0.3, label="95% confidence interval of the mean"), best]


def sweep_figure(tables: dict[str, pd.DataFrame], title: str) -> Figure:
    """Long-run power against structure level, one line per table with its 95% band.

    Each table is indexed by structure level with columns ``mean``, ``ci_low`` and
    ``ci_high`` (as :func:`movementsim.experiments.intervals.mean_table` returns). The best
    level of each line is circled; the legend names the lines, the band and the circle.
    """
    with mpl.rc_context(STYLE):
        fig = Figure(figsize=(12, 7), layout="constrained")
        ax = fig.add_subplot()
        handles = []
        for i, (label, table) in enumerate(tables.items()):
            style = series_style(i)
            color = style["color"]
            ax.fill_between(
                table.index, table["ci_low"], table["ci_high"], color=color, alpha=0.2, linewidth=0
            )
            (line,) = ax.plot(table.index, table["mean"], **style, marker="o", label=label)
            handles.append(line)
            best = table.index[table["mean"] == table["mean"].max()]  # ties: every one
            ax.plot(
                best, table.loc[best, "mean"], marker="o", markersize=22, linestyle="none",
                markerfacecolor="none", markeredgecolor=color, markeredgewidth=2.5,
            )
        handles += _band_and_best()
        ax.set_title(title)
        ax.set_xlabel("structure level (0 = no formal structure, 1 = rigid hierarchy)")
        ax.set_ylabel("long-run collective power\n(mean power + durable power, last 52 weeks)")
        ax.set_ylim(bottom=0)
        ax.legend(handles=handles, loc="best", frameon=False)
    return fig


def plot_sweep(
    tables: dict[str, pd.DataFrame], path_without_suffix: str | Path, title: str
) -> list[Path]:
    """:func:`sweep_figure`, written to ``<path>.png`` and ``<path>.svg``."""
    return save_figure(sweep_figure(tables, title), path_without_suffix)


def plot_line(
    summary: pd.DataFrame,
    x: str,
    ylabel: str,
    path_without_suffix: str | Path,
    title: str,
    by: str | None = None,
) -> list[Path]:
    """Mean of one outcome against parameter ``x`` with its 95% band; one line per ``by``.

    ``summary`` has one row per design point with columns ``x`` (and ``by``), ``mean``,
    ``ci_low`` and ``ci_high``. The highest mean of each line is circled; the legend
    names the band and the circle.
    """
    groups = [(None, summary)] if by is None else list(summary.groupby(by, sort=True))
    with mpl.rc_context(STYLE):
        fig = Figure(figsize=(12, 7), layout="constrained")
        ax = fig.add_subplot()
        for i, (group, table) in enumerate(groups):
            table = table.sort_values(x)
            style = series_style(i)
            color = style["color"]
            positions = _positions(table[x])
            ax.fill_between(
                positions, table["ci_low"], table["ci_high"], color=color, alpha=0.2, linewidth=0
            )
            label = None if by is None else f"{by} = {_show(group)}"
            ax.plot(
                positions, table["mean"], **style, marker="o", label=label,
            )
            if table["mean"].notna().any():
                means = table["mean"].to_numpy()
                best = np.flatnonzero(means == np.nanmax(means))  # ties: every one circled
                ax.plot(
                    np.asarray(positions)[best], means[best], marker="o", markersize=20,
                    linestyle="none", markerfacecolor="none", markeredgecolor=color,
                    markeredgewidth=2.5,
                )
            if not _numeric(table[x]):
                ax.set_xticks(positions, [_show(v) for v in table[x]])
        ax.set_title(title)
        ax.set_xlabel(x)
        ax.set_ylabel(ylabel)
        handles, _ = ax.get_legend_handles_labels()
        band = bool(summary[["ci_low", "ci_high"]].notna().any().any())
        ax.legend(handles=handles + _band_and_best(band), loc="best", frameon=False)
        return save_figure(fig, path_without_suffix)


def plot_heatmap(
    summary: pd.DataFrame,
    x: str,
    y: str,
    label: str,
    path_without_suffix: str | Path,
    title: str,
) -> list[Path]:
    """The mean of one outcome over two parameters; the best ``x`` of each row is circled.

    ``summary`` has one row per design point with columns ``x``, ``y`` and ``mean``.
    """
    grid = summary.pivot_table(index=y, columns=x, values="mean", aggfunc="mean")
    with mpl.rc_context(STYLE):
        fig = Figure(figsize=(13, 7.5), layout="constrained")
        ax = fig.add_subplot()
        image = ax.imshow(grid.to_numpy(), origin="lower", aspect="auto", cmap="viridis")
        ax.set_xticks(range(grid.shape[1]), [_show(v) for v in grid.columns])
        ax.set_yticks(range(grid.shape[0]), [_show(v) for v in grid.index])
        ax.tick_params(axis="x", labelrotation=45)
        for row, values in enumerate(grid.to_numpy()):
            if np.isfinite(values).any():
                ax.plot(
                    [int(np.nanargmax(values))], [row], marker="o", markersize=18,
                    markerfacecolor="none", markeredgecolor="white", markeredgewidth=2.5,
                )
        ax.grid(False)
        ax.set_xlabel(x)
        ax.set_ylabel(y)
        ax.set_title(title)
        fig.colorbar(image, ax=ax, label=label)
        return save_figure(fig, path_without_suffix)


def plot_scatter(
    summary: pd.DataFrame,
    parameters: list[str],
    label: str,
    path_without_suffix: str | Path,
    title: str,
) -> list[Path]:
    """The mean of one outcome at each design point against each parameter, one panel each."""
    columns = min(3, len(parameters))
    rows = -(-len(parameters) // columns)
    with mpl.rc_context(STYLE):
        fig = Figure(figsize=(6 * columns, 4.8 * rows), layout="constrained")
        axes = fig.subplots(rows, columns, sharey=True, squeeze=False).ravel()
        for ax, key in zip(axes, parameters, strict=False):
            ax.plot(
                _positions(summary[key]), summary["mean"], linestyle="none", marker="o",
                markersize=5, alpha=0.6, color=OKABE_ITO["blue"],
            )
            if not _numeric(summary[key]):  # a choice: name its values, not 0, 1, ...
                values = list(dict.fromkeys(summary[key]))
                ax.set_xticks(range(len(values)), [_show(v) for v in values])
                ax.set_xlim(-0.5, len(values) - 0.5)
            ax.set_xlabel(key)
        # Panels are short: wrap the outcome's description so the label fits beside them.
        wrapped = "\n".join(textwrap.fill(line, 34) for line in label.split("\n"))
        for ax in axes[:: columns]:
            ax.set_ylabel(wrapped)
        for ax in axes[len(parameters) :]:
            ax.set_visible(False)
        fig.suptitle(title)
        return save_figure(fig, path_without_suffix)


def sobol_figure(table: pd.DataFrame, title: str) -> Figure:
    """First-order (S1) and total (ST) Sobol indices per parameter with 95% intervals.

    ``table`` is indexed by parameter with columns ``S1``, ``S1_ci_low``, ``S1_ci_high``
    and the same for ``ST``.
    """
    ordered = table.sort_values("ST")
    positions = np.arange(len(ordered))
    with mpl.rc_context(STYLE):
        fig = Figure(figsize=(12, 1.2 * len(ordered) + 3), layout="constrained")
        ax = fig.add_subplot()
        for offset, index, color, name in (
            (0.2, "S1", "blue", "first order S1 (alone)"),
            (-0.2, "ST", "vermillion", "total ST (with interactions)"),
        ):
            errors = [
                ordered[index] - ordered[f"{index}_ci_low"],
                ordered[f"{index}_ci_high"] - ordered[index],
            ]
            ax.barh(
                positions + offset, ordered[index], height=0.38, xerr=errors, capsize=4,
                color=OKABE_ITO[color], label=name,
            )
        ax.set_yticks(positions, ordered.index)
        ax.axvline(0, color="black", linewidth=1)
        ax.set_xlabel("share of the variance of the outcome")
        ax.set_title(title)
        ax.legend(loc="lower right", frameon=False)
        return fig


def plot_sobol(table: pd.DataFrame, path_without_suffix: str | Path, title: str) -> list[Path]:
    """:func:`sobol_figure`, written to ``<path>.png`` and ``<path>.svg``; returns both
    paths."""
    return save_figure(sobol_figure(table, title), path_without_suffix)


def morris_figure(table: pd.DataFrame, title: str) -> Figure:
    """Morris screening: mu* (overall effect) against sigma (non-linearity, interactions).

    ``table`` is indexed by parameter with columns ``mu_star``, ``mu_star_ci_low``,
    ``mu_star_ci_high`` and ``sigma``.
    """
    with mpl.rc_context(STYLE):
        fig = Figure(figsize=(12, 8), layout="constrained")
        ax = fig.add_subplot()
        errors = [
            table["mu_star"] - table["mu_star_ci_low"],
            table["mu_star_ci_high"] - table["mu_star"],
        ]
        ax.errorbar(
            table["mu_star"], table["sigma"], xerr=errors, linestyle="none", marker="o",
            markersize=10, capsize=4, color=OKABE_ITO["blue"],
        )
        for name, row in table.iterrows():
            ax.annotate(
                name, (row["mu_star"], row["sigma"]), textcoords="offset points",
                xytext=(8, 8), fontsize=13,
            )
        ax.set_xlabel("mu* (mean absolute elementary effect)")
        ax.set_ylabel("sigma (spread of the effects)")
        ax.set_xlim(left=0)
        ax.set_ylim(bottom=0)
        ax.set_title(title)
        return fig


def plot_morris(table: pd.DataFrame, path_without_suffix: str | Path, title: str) -> list[Path]:
    """:func:`morris_figure`, written to ``<path>.png`` and ``<path>.svg``; returns both
    paths."""
    return save_figure(morris_figure(table, title), path_without_suffix)


def _numeric(values: pd.Series) -> bool:
    return pd.api.types.is_numeric_dtype(values) and not pd.api.types.is_bool_dtype(values)


def _positions(values: pd.Series) -> np.ndarray:
    """Numbers stay where they are; choices and true/false are spaced evenly."""
    if _numeric(values):
        return values.to_numpy(dtype=float)
    order = {value: i for i, value in enumerate(dict.fromkeys(values))}
    return np.array([order[v] for v in values], dtype=float)


def _show(value: object) -> str:
    if isinstance(value, float):
        return f"{value:g}"
    if isinstance(value, int | np.integer):
        return f"{int(value):,}"
    return str(value)


def plot_contexts(
    contexts: ContextsAnalysis, path_without_suffix: str | Path, title: str
) -> list[Path]:
    """The robustness of the structure result, for a room: three panels.

    Left, every winnable context's long-run power against structure level, each scaled to
    its own best (thin lines), with their median (thick): the shape of the curve beyond
    one scenario. Middle, how often each level is the best one, marked where a middle
    level beats both ends beyond seed noise. Right, which context parameters move the best
    level (Spearman's rank correlation, strongest first).
    """
    winnable = contexts.contexts[contexts.contexts["winnable"]]
    by_level = contexts.by_level[contexts.by_level["context"].isin(winnable.index)]
    with mpl.rc_context(STYLE):
        fig = Figure(figsize=(19, 7), layout="constrained")
        curves, counts, movers = fig.subplots(1, 3, width_ratios=[1.2, 1, 1.1])
        scaled = by_level.pivot(index="structure.level", columns="context", values="mean")
        scaled = scaled / scaled.max().replace(0, np.nan)
        curves.plot(scaled.index, scaled.to_numpy(), color=OKABE_ITO["blue"], alpha=0.3,
                    linewidth=1.2, linestyle="-")
        curves.plot(scaled.index, scaled.median(axis=1), color=OKABE_ITO["black"], linewidth=4,
                    linestyle="-", label="median of the contexts")
        curves.set_xlabel("structure level")
        curves.set_ylabel("long-run power, as a share of\nthe context's best level")
        curves.set_title(f"{len(winnable)} winnable contexts", loc="left")
        curves.legend(loc="lower center", frameon=False)
        levels = np.sort(by_level["structure.level"].unique())
        step = float(np.min(np.diff(levels))) if levels.size > 1 else 0.1
        best = winnable["best_level"].to_numpy()
        beats = winnable["middle_beats_ends"].to_numpy()
        beating = np.array([(np.isclose(best, level) & beats).sum() for level in levels])
        others = np.array([(np.isclose(best, level) & ~beats).sum() for level in levels])
        counts.bar(levels, beating, width=step * 0.8, color=OKABE_ITO["green"],
                   label="a middle level beats both ends")
        counts.bar(levels, others, width=step * 0.8, bottom=beating, color=OKABE_ITO["vermillion"],
                   label="it does not (beyond noise)")
        counts.set_xlabel("best structure level of a context")
        counts.set_ylabel("contexts")
        counts.set_title("Where the best level lies", loc="left")
        counts.legend(loc="upper left", frameon=False)
        ranked = contexts.correlations.dropna().sort_values("spearman_rho", key=np.abs)
        if ranked.empty:
            movers.text(0.5, 0.5, "the best level does not vary\nacross the contexts",
                        ha="center", va="center", transform=movers.transAxes)
        colours = [OKABE_ITO["blue"] if p < 0.05 else "#BBBBBB" for p in ranked["p_value"]]
        movers.barh(range(len(ranked)), ranked["spearman_rho"], color=colours)
        movers.set_yticks(range(len(ranked)), ranked.index, fontsize=11)
        movers.axvline(0, color="black", linewidth=1)
        movers.set_xlabel("rank correlation with the best level\n(blue: p < 0.05)")
        movers.set_title("What moves the best level", loc="left")
        fig.suptitle(title)
        return save_figure(fig, path_without_suffix)


def draw_analysis(analysis: Analysis, folder: str | Path) -> list[Path]:
    """Every figure of an experiment's analysis, into ``folder``; returns the paths.

    - a Sobol or Morris design: ``sobol_<outcome>`` or ``morris_<outcome>`` (the indices);
    - a grid over one parameter: ``line_<outcome>`` (mean with its 95% band);
    - a grid over two: ``heatmap_<outcome>`` (mean, the best first parameter of each row
      circled) and ``lines_<outcome>`` (one line with its band per value of the second);
    - otherwise (a Latin hypercube, a grid over three or more parameters):
      ``scatter_<outcome>`` (the mean at each point against each parameter);
    - and for a design of contexts (the robustness experiment): ``robustness``
      (:func:`plot_contexts`).
    """
    folder = Path(folder)
    results = analysis.results
    parameters, sampler, name = results.parameters, results.sampler, results.name
    files: list[Path] = []
    if analysis.contexts is not None:
        files += plot_contexts(
            analysis.contexts, folder / "robustness",
            f"{name}: does a middle structure level win beyond one scenario?",
        )
    for outcome in results.outcomes:
        label = f"{outcome.name}\n({outcome.description})"
        table = analysis.summary[analysis.summary["outcome"] == outcome.name]
        if outcome.name in analysis.indices:
            plot = plot_sobol if sampler == "sobol" else plot_morris
            files += plot(
                analysis.indices[outcome.name], folder / f"{sampler}_{outcome.name}",
                f"{name}: what drives {outcome.name}",
            )
        elif sampler == "grid" and len(parameters) == 1:
            files += plot_line(
                table, parameters[0], label, folder / f"line_{outcome.name}",
                f"{name}: {outcome.name}",
            )
        elif sampler == "grid" and len(parameters) == 2:
            x, y = parameters
            files += plot_heatmap(
                table, x, y, label, folder / f"heatmap_{outcome.name}",
                f"{name}: mean {outcome.name}",
            )
            files += plot_line(
                table, x, label, folder / f"lines_{outcome.name}", f"{name}: {outcome.name}",
                by=y,
            )
        else:
            files += plot_scatter(
                table, parameters, label, folder / f"scatter_{outcome.name}",
                f"{name}: {outcome.name}",
            )
    return files
