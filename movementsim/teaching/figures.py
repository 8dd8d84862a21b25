"""Figures of a run, made to be projected in a training room.

Large fonts, weeks on the x axis, the colour-blind-safe Okabe-Ito palette, and line
styles that differ as well as colours. Figures are drawn on matplotlib's Agg (PNG) and
SVG canvases without pyplot, so plotting never opens a window or changes global state.
"""

from __future__ import annotations

import math
from pathlib import Path

import matplotlib as mpl
import networkx as nx
import numpy as np
import pandas as pd
from cycler import cycler
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.ticker import MaxNLocator

from movementsim.experiments.storage import atomic_write
from movementsim.model.measures import MEASURES
from movementsim.model.versions import made_by

#: Okabe & Ito (2008), "Color Universal Design": distinguishable with any colour vision.
OKABE_ITO = {
    "black": "#000000",
    "orange": "#E69F00",
    "sky_blue": "#56B4E9",
    "green": "#009E73",
    "yellow": "#F0E442",
    "blue": "#0072B2",
    "vermillion": "#D55E00",
    "purple": "#CC79A7",
}

#: The look of the n-th series in a figure: a colour and a line style that differ, so
#: lines stay apart in black and white and for any colour vision.
SERIES = cycler(
    color=[OKABE_ITO[name] for name in ("blue", "vermillion", "green", "orange", "purple",
                                         "sky_blue", "black")],
    linestyle=["-", "--", "-.", ":", "-", "--", "-."],
)


def series_style(index: int) -> dict[str, str]:
    """Colour and line style of the ``index``-th series (see :data:`SERIES`)."""
    styles = list(SERIES)
    return styles[index % len(styles)]


STYLE = {
    "font.size": 16,
    "axes.titlesize": 20,
    "axes.labelsize": 17,
    "legend.fontsize": 14,
    "xtick.labelsize": 14,
    "ytick.labelsize": 14,
    "figure.titlesize": 24,
    "lines.linewidth": 2.8,
    "axes.grid": True,
    "grid.alpha": 0.3,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "svg.fonttype": "none",  # keep text as text in SVG, editable in slides
    "svg.hashsalt": "movementsim",  # the same figure gives the same SVG, byte for byte
    "axes.prop_cycle": SERIES,
}

#: Panels of :func:`plot_measures`: (title, y-axis label, columns). Columns a run does
#: not report are left out (and those of :data:`ONLY_WHEN_HELD` while they stay 0), and so
#: is a panel with none of its columns.
MEASURE_PANELS: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("Who takes part", "people", ("members", "active")),
    ("Turnout", "people acting this week", ("turnout",)),
    ("Leaders", "people", ("leaders",)),
    ("Engagement and unequal say", "index (0 to 1)", ("mean_engagement", "influence_gini")),
    (
        "Misinformed and burnt out",
        "percent",
        ("misinformed_share", "rejecting_true_share", "burnout_share"),
    ),
    ("Time to decide", "weeks", ("decision_latency",)),
    (
        "Breakdowns (cumulative)",
        "count",
        ("missed_opportunities", "tasks_dropped", "tasks_duplicated"),
    ),
    ("Wins (cumulative)", "concessions", ("wins",)),
    ("Decision-maker's resistance", "pressure needed to win", ("resistance",)),
)

_LABELS = {
    "power": "power (pressure now)",
    "durable_power": "durable power (banked by wins)",
    "members": "members (supporter or above)",
    "active": "active",
    "leaders": "leaders",
    "mean_engagement": "mean engagement",
    "influence_gini": "inequality of say (Gini)",
    "misinformed_share": "believe a false claim (of everyone)",
    "rejecting_true_share": "reject the true evidence (of everyone)",
    "burnout_share": "burnt out (of members)",
    "decision_latency": "mean weeks to a decision",
    "missed_opportunities": "moments missed",
    "tasks_dropped": "tasks dropped",
    "tasks_duplicated": "tasks duplicated",
    "wins": "wins",
    "resistance": "resistance",
}
_PERCENT = {"misinformed_share", "rejecting_true_share", "burnout_share"}
#: Measures drawn only in a run where they leave 0: nobody can reject evidence the
#: movement never presents, and a flat line would suggest it was presented and believed.
ONLY_WHEN_HELD = {"rejecting_true_share"}


#: Axis labels of the power figures, naming what is drawn: power and the resistance it
#: must exceed are pressure (a share of the community acting, weighted); durable power is
#: the resistance wins overcame, summed and slowly decaying, so it can exceed 1.
POWER_AXIS = "pressure (share of the\ncommunity acting, weighted)"
DURABLE_AXIS = "durable power (sum of the\nresistance wins overcame)"
RESISTANCE_LABEL = "resistance (pressure needed to win)"


#: Legend of a win's marker on the resistance line.
WIN_LABEL = "a win, on the resistance it beat"


def win_weeks(df: pd.DataFrame) -> pd.Index:
    """The weeks in which a run won (its cumulative ``wins`` rose)."""
    return df.index[df["wins"].diff().fillna(0) > 0]


def win_marks(df: pd.DataFrame) -> tuple[pd.Index, pd.Series]:
    """Where to mark each win: its week, on the resistance the win cleared.

    Power is read at the end of a week, after a win has used up the pressure it took, so
    in the week of a win the power line shows what is left (often little); and a win
    raises the resistance. The resistance at the end of the week before is the bar the
    week's pressure beat.
    """
    weeks = win_weeks(df)
    cleared = df["resistance"].shift(1, fill_value=df["resistance"].iloc[0])
    return weeks, cleared.loc[weeks]


def power_figure(df: pd.DataFrame, title: str) -> Figure:
    """Power against the resistance it must exceed (top) and durable power (bottom), with
    each win marked on the resistance it cleared (:func:`win_marks`).

    ``df`` is a run's time series (index: week; columns ``power``, ``durable_power``,
    ``resistance`` and the cumulative ``wins``). Durable power has its own panel: it is a
    sum of the resistances wins overcame, on another scale than the pressure of one week.
    """
    with mpl.rc_context(STYLE):
        fig = Figure(figsize=(13, 11), layout="constrained")
        pressure, durable = fig.subplots(2, 1, sharex=True, height_ratios=(3, 2))
        pressure.plot(df.index, df["power"], color=OKABE_ITO["blue"], label=_LABELS["power"])
        if "resistance" in df.columns:
            pressure.plot(
                df.index,
                df["resistance"],
                color=OKABE_ITO["black"],
                linestyle=(0, (1, 1.5)),
                linewidth=2.2,
                label=RESISTANCE_LABEL,
            )
        durable.plot(
            df.index,
            df["durable_power"],
            color=OKABE_ITO["vermillion"],
            linestyle="--",
            label=_LABELS["durable_power"],
        )
        if "resistance" in df.columns:
            weeks, cleared = win_marks(df)
            pressure.plot(weeks, cleared, marker="*", markersize=16, linestyle="",
                          color=OKABE_ITO["green"], label=WIN_LABEL if len(weeks) else None)
        for i, week in enumerate(win_weeks(df)):
            durable.axvline(week, color=OKABE_ITO["green"], linestyle=":", linewidth=2,
                            label="a win" if i == 0 else None)
        for ax in (pressure, durable):
            ax.set_ylim(bottom=0)
            # A backed legend: the resistance line often runs through its corner.
            ax.legend(loc="upper left", framealpha=0.9, edgecolor="none")
        pressure.set_title(title)
        pressure.set_ylabel(POWER_AXIS)
        durable.set_title("Durable power: banked by wins", loc="left")
        durable.set_ylabel(DURABLE_AXIS)
        durable.set_xlabel("week")
        durable.set_xlim(df.index.min(), df.index.max())
        fig.align_ylabels()
        return fig


def plot_power(df: pd.DataFrame, path_without_suffix: str | Path, title: str) -> list[Path]:
    """:func:`power_figure`, written to ``<path>.png`` and ``<path>.svg``; returns both
    paths."""
    return save_figure(power_figure(df, title), path_without_suffix)


def measures_figure(df: pd.DataFrame, title: str) -> Figure:
    """A panel of the run's other measures over the weeks (see :data:`MEASURE_PANELS`).

    Weeks with a seat at the table (``seat_at_table`` = 1) are shaded in the wins panel.
    """
    def shown(column: str) -> bool:
        return column in df.columns and (
            column not in ONLY_WHEN_HELD or bool((df[column] != 0).any())
        )

    panels = [
        (name, unit, [c for c in columns if shown(c)])
        for name, unit, columns in MEASURE_PANELS
        if any(shown(c) for c in columns)
    ]
    if not panels:
        raise ValueError(f"no measures to plot among columns {list(df.columns)}")
    n_cols = math.ceil(math.sqrt(len(panels)))
    n_rows = math.ceil(len(panels) / n_cols)
    with mpl.rc_context(STYLE):
        fig = Figure(figsize=(6.5 * n_cols, 4.8 * n_rows), layout="constrained")
        axes = fig.subplots(n_rows, n_cols, sharex=True, squeeze=False).ravel()
        for ax, (name, unit, columns) in zip(axes, panels, strict=False):
            for i, column in enumerate(columns):
                values = df[column] * (100 if column in _PERCENT else 1)
                ax.plot(
                    df.index,
                    values,
                    **series_style(i),
                    label=_LABELS.get(column, column.replace("_", " ")),
                )
            if "wins" in columns and "seat_at_table" in df.columns:
                _shade_seat(ax, df)
            counts = all(c in MEASURES and MEASURES[c].integer for c in columns)
            ax.set_title(name)
            ax.set_ylabel(unit)
            ax.set_xlim(df.index.min(), df.index.max())
            ax.set_ylim(bottom=0)
            if counts:  # whole ticks, up to at least 1 when every count is still 0
                ax.yaxis.set_major_locator(MaxNLocator(integer=True))
                ax.set_ylim(0, max(1.0, ax.get_ylim()[1]))
            if len(ax.get_legend_handles_labels()[1]) > 1:
                ax.legend(loc="best", framealpha=0.9, edgecolor="none")
        for ax in axes[: len(panels)][-n_cols:]:
            ax.set_xlabel("week")
            ax.xaxis.set_tick_params(labelbottom=True)
        for ax in axes[len(panels) :]:
            ax.set_visible(False)
        fig.suptitle(title)
        return fig


def plot_measures(df: pd.DataFrame, path_without_suffix: str | Path, title: str) -> list[Path]:
    """:func:`measures_figure`, written to ``<path>.png`` and ``<path>.svg``; returns both
    paths."""
    return save_figure(measures_figure(df, title), path_without_suffix)


def _shade_seat(ax: Axes, df: pd.DataFrame) -> None:
    """Shade the weeks in which the movement has a seat at the table."""
    ax.fill_between(
        df.index,
        0,
        1,
        where=df["seat_at_table"] > 0,
        step="mid",
        transform=ax.get_xaxis_transform(),
        color=OKABE_ITO["yellow"],
        alpha=0.35,
        linewidth=0,
        label="seat at the table",
    )


#: What a figure's metadata says drew it (PNG "Software", SVG "Creator").
SOFTWARE = f"{made_by()} (matplotlib {mpl.__version__})"


def save_figure(fig: Figure, path_without_suffix: str | Path) -> list[Path]:
    """Write ``<path>.png`` (150 dpi) and ``<path>.svg`` (text kept as text), atomically,
    in the figures' :data:`STYLE` (some of it applies when a figure is saved); each names
    the movementsim version that drew it in its metadata."""
    base = Path(path_without_suffix)
    png, svg = (base.with_name(f"{base.name}.{suffix}") for suffix in ("png", "svg"))
    with mpl.rc_context(STYLE):
        atomic_write(png, lambda tmp: fig.savefig(tmp, format="png", dpi=150,
                                                  metadata={"Software": SOFTWARE}))
        fig.set_layout_engine("none")  # laid out once, for the PNG: the SVG keeps it
        atomic_write(svg, lambda tmp: fig.savefig(tmp, format="svg",
                                                  metadata={"Date": None, "Creator": SOFTWARE}))
    return [png, svg]


#: Measures of :func:`plot_comparison_measures`, one panel each: (column, panel title,
#: y-axis label). Columns the runs do not report are left out.
COMPARISON_PANELS: tuple[tuple[str, str, str], ...] = (
    ("members", "Members (supporter or above)", "people"),
    ("active", "Active", "people"),
    ("leaders", "Leaders", "people"),
    ("turnout", "Turnout", "people acting this week"),
    ("mean_engagement", "Mean engagement", "index (0 to 1)"),
    ("influence_gini", "Inequality of say (Gini)", "index (0 to 1)"),
    ("decision_latency", "Time to decide", "weeks"),
    ("missed_opportunities", "Moments missed (cumulative)", "count"),
    ("tasks_dropped", "Tasks dropped (cumulative)", "count"),
    ("misinformed_share", "Believe a false claim", "percent of everyone"),
    ("burnout_share", "Burnt out", "percent of members"),
    ("wins", "Wins (cumulative)", "concessions"),
)


def plot_comparison_power(
    bands: dict[str, dict[str, pd.DataFrame]],
    win_weeks: dict[str, list[float]],
    path_without_suffix: str | Path,
    title: str,
    *,
    band_label: str | None = "shaded: 95% confidence band of the mean",
    win_label: str = "typical week of each win (median over runs)",
) -> list[Path]:
    """Power and durable power of several scenarios, overlaid, one panel each; the
    resistance power must exceed, where the bands hold it, on the power panel.

    ``bands`` maps a scenario's label to ``{"power": band, "durable_power": band}`` (and
    optionally ``"resistance": band``), each
    band indexed by week with columns ``mean``, ``ci_low`` and ``ci_high`` (see
    :func:`movementsim.comparison.weekly_band`); the mean is drawn as a line over its
    shaded band. ``win_weeks`` maps the label to the weeks of its wins, marked on its
    power curve. ``band_label`` titles the legend (``None``: no title, e.g. for single
    runs drawn with an empty band). Writes ``<path>.png`` and ``<path>.svg``; returns
    both paths.
    """
    with mpl.rc_context(STYLE):
        fig = Figure(figsize=(14, 10), layout="constrained")
        axes = fig.subplots(2, 1, sharex=True)
        panels = (
            ("power", "Power: pressure on the decision-maker now", POWER_AXIS),
            ("durable_power", "Durable power: banked by wins", DURABLE_AXIS),
        )
        for ax, (column, panel_title, axis_label) in zip(axes, panels, strict=True):
            for i, (label, by_column) in enumerate(bands.items()):
                band = by_column[column]
                style = series_style(i)
                color = style["color"]
                ax.fill_between(
                    band.index, band["ci_low"], band["ci_high"], color=color, alpha=0.2,
                    linewidth=0,
                )
                ax.plot(band.index, band["mean"], **style, label=label)
                if column == "power" and "resistance" in by_column:
                    ax.plot(
                        by_column["resistance"].index,
                        by_column["resistance"]["mean"],
                        color=color,
                        linestyle=(0, (1, 1.5)),
                        linewidth=1.8,
                        label=f"{label}: {RESISTANCE_LABEL}",
                    )
                weeks = win_weeks.get(label, []) if column == "power" else []
                if weeks:
                    ax.plot(
                        weeks,
                        np.interp(weeks, band.index, band["mean"]),
                        linestyle="none",
                        marker="v",
                        markersize=13,
                        markerfacecolor=color,
                        markeredgecolor="black",
                    )
            ax.set_title(panel_title, loc="left")
            ax.set_ylabel(axis_label)
            ax.set_ylim(bottom=0)
        first = next(iter(bands.values()))["power"].index
        axes[-1].set_xlim(first.min(), first.max())
        axes[-1].set_xlabel("week")
        handles, labels = axes[0].get_legend_handles_labels()
        if any(win_weeks.values()):
            handles.append(
                Line2D([], [], linestyle="none", marker="v", markersize=13, color="grey",
                       markeredgecolor="black")
            )
            labels.append(win_label)
        axes[0].legend(handles, labels, loc="upper left", frameon=False, title=band_label,
                       title_fontsize=13, alignment="left")
        fig.suptitle(title)
        return save_figure(fig, path_without_suffix)


def plot_comparison_measures(
    bands: dict[str, dict[str, pd.DataFrame]], path_without_suffix: str | Path, title: str
) -> list[Path]:
    """A panel per measure of :data:`COMPARISON_PANELS`, every scenario overlaid.

    ``bands`` maps a scenario's label to ``{column: band}`` as for
    :func:`plot_comparison_power`; shares are shown as percentages. Writes
    ``<path>.png`` and ``<path>.svg``; returns both paths.
    """
    available = set.intersection(*(set(by_column) for by_column in bands.values()))
    panels = [panel for panel in COMPARISON_PANELS if panel[0] in available]
    if not panels:
        raise ValueError(f"no measures to plot among {sorted(available)}")
    n_cols = 4 if len(panels) > 9 else 3
    n_rows = math.ceil(len(panels) / n_cols)
    with mpl.rc_context(STYLE):
        fig = Figure(figsize=(6 * n_cols, 4.6 * n_rows + 1), layout="constrained")
        axes = fig.subplots(n_rows, n_cols, sharex=True, squeeze=False).ravel()
        for ax, (column, panel_title, unit) in zip(axes, panels, strict=False):
            scale = 100 if column in _PERCENT else 1
            for i, (label, by_column) in enumerate(bands.items()):
                band = by_column[column]
                style = series_style(i)
                ax.fill_between(
                    band.index, scale * band["ci_low"], scale * band["ci_high"],
                    color=style["color"], alpha=0.2, linewidth=0,
                )
                ax.plot(band.index, scale * band["mean"], **style, label=label)
            ax.set_title(panel_title)
            ax.set_ylabel(unit)
            ax.set_ylim(bottom=0)
        for ax in axes[: len(panels)][-n_cols:]:
            ax.set_xlabel("week")
            ax.xaxis.set_tick_params(labelbottom=True)
        for ax in axes[len(panels) :]:
            ax.set_visible(False)
        first = next(iter(bands.values()))[panels[0][0]].index
        axes[0].set_xlim(first.min(), first.max())
        handles, labels = axes[0].get_legend_handles_labels()
        fig.legend(handles, labels, loc="outside lower center", ncols=len(labels), frameon=False)
        fig.suptitle(title)
        return save_figure(fig, path_without_suffix)


def community_layout(graph: nx.Graph, groups: np.ndarray, seed: int) -> np.ndarray:
    """Drawing positions for the nodes of ``graph`` (0 .. n-1), one cluster per group.

    Group centres sit on a circle; within each, a spring layout of the group's own ties
    (networkx, seeded by ``seed``) is scaled to a radius growing with the square root of
    the group's size, so subcommunities show as clusters and the ties across them as
    bridges. Laying out groups separately is much faster than one layout of all. Used by
    the animation and the interactive page alike.
    """
    labels = np.unique(groups)
    positions = np.zeros((graph.number_of_nodes(), 2))
    spread = 2.2 if labels.size > 1 else 0.0
    for i, label in enumerate(labels):
        nodes = np.flatnonzero(groups == label)
        angle = 2 * math.pi * i / labels.size + math.pi / 2
        centre = spread * np.array([math.cos(angle), math.sin(angle)])
        iterations = 40 if nodes.size <= 400 else 20
        # networkx seeds numpy's legacy generator, which takes 32-bit seeds only.
        group_seed = int(np.random.SeedSequence([seed, i]).generate_state(1)[0])
        layout = nx.spring_layout(
            graph.subgraph(nodes.tolist()), seed=group_seed, iterations=iterations
        )
        local = np.array([layout[node] for node in nodes])
        local -= local.mean(axis=0)
        reach = np.abs(local).max() or 1.0
        radius = math.sqrt(nodes.size / max(groups.size / labels.size, 1))
        positions[nodes] = centre + local / reach * radius
    return positions
