"""The page's figures, drawn with matplotlib for a projector.

Each ``draw_*`` function draws one view on a given Axes from a run's time series or
state; :func:`panel` makes one of them into a figure for the page, and
:func:`snapshot_png` / :func:`comparison_png` put them together for the PNG export.
Colours are the Okabe-Ito palette of :mod:`movementsim.teaching.figures`.
"""

from __future__ import annotations

import io
from collections.abc import Callable

import matplotlib as mpl
import numpy as np
import pandas as pd
import scipy.sparse as sp
from matplotlib.axes import Axes
from matplotlib.collections import LineCollection
from matplotlib.figure import Figure
from matplotlib.lines import Line2D

from movementsim.dashboard.session import DashboardModel
from movementsim.model.agents import ACTIVE, READY_TO_LEAD, SUPPORTER
from movementsim.model.mechanisms import information
from movementsim.model.model import MovementModel
from movementsim.teaching.figures import OKABE_ITO, SOFTWARE, WIN_LABEL, win_marks, win_weeks

#: Style of the page's figures: smaller than the run figures (they share the screen),
#: still legible from the back of a room.
PAGE_STYLE = {
    "font.size": 13,
    "axes.titlesize": 15,
    "axes.labelsize": 13,
    "legend.fontsize": 11,
    "xtick.labelsize": 11,
    "ytick.labelsize": 11,
    "lines.linewidth": 2.4,
    "axes.grid": True,
    "grid.alpha": 0.3,
    "axes.spines.top": False,
    "axes.spines.right": False,
}

#: Size of one panel on the page, in inches at :data:`PAGE_DPI`.
PANEL_SIZE = (6.4, 3.9)
PAGE_DPI = 80

_RUNGS = ("bystander", "supporter", "active", "ready to lead")
#: Stand on true and false claims (:func:`information.truth_view`) -> (label, colour).
_BELIEF_COLOURS = {
    information.NO_VIEW_YET: ("no view yet", "#BBBBBB"),
    information.ONLY_TRUE_VIEWS: ("holds only true views", OKABE_ITO["blue"]),
    information.BELIEVES_FALSE: ("believes a false claim", OKABE_ITO["vermillion"]),
    information.REJECTS_TRUE: ("rejects the true evidence", OKABE_ITO["orange"]),
    information.ERRS_BOTH_WAYS: ("both: believes a false claim, rejects the evidence",
                                 OKABE_ITO["purple"]),
}

Drawer = Callable[[Axes, DashboardModel], None]


def _mark_wins(ax: Axes, df: pd.DataFrame) -> None:
    for i, week in enumerate(win_weeks(df)):
        ax.axvline(
            week, color=OKABE_ITO["green"], linestyle=":", linewidth=2,
            label="a win" if i == 0 else None,
        )


def _star_wins(ax: Axes, df: pd.DataFrame, colour: str, label: str | None) -> None:
    """Each win as a star on the resistance it cleared (:func:`win_marks`)."""
    weeks, cleared = win_marks(df)
    ax.plot(weeks, cleared, marker="*", markersize=13, color=colour, linestyle="",
            label=label if len(weeks) else None)


def _weeks_axis(ax: Axes, df: pd.DataFrame) -> None:
    ax.set_xlabel("week")
    ax.set_xlim(0, max(int(df.index.max()), 10))
    ax.set_ylim(bottom=0)


def draw_power(ax: Axes, model: MovementModel) -> None:
    """Power (the pressure on the decision-maker now) against the resistance a win needs,
    each win a star on the resistance it cleared: power is read at the end of the week,
    after a win has spent it."""
    df = model.measures()
    ax.plot(df.index, df["power"], color=OKABE_ITO["blue"], label="power (pressure now)")
    ax.plot(
        df.index, df["resistance"], color=OKABE_ITO["black"], linestyle="-.",
        label="resistance (needed to win)",
    )
    _star_wins(ax, df, OKABE_ITO["green"], WIN_LABEL)
    ax.set_title(f"Power against resistance ({int(df['wins'].iloc[-1])} wins)")
    ax.set_ylabel("pressure")
    _weeks_axis(ax, df)
    ax.legend(loc="upper left", framealpha=0.9, edgecolor="none")  # over the resistance line


def draw_durable(ax: Axes, model: MovementModel) -> None:
    """Durable power: what wins have banked (it lasts beyond the campaign), wins marked.
    On its own axes, because it grows far beyond the week-to-week pressure."""
    df = model.measures()
    ax.plot(df.index, df["durable_power"], color=OKABE_ITO["vermillion"],
            label="durable power")
    _mark_wins(ax, df)
    ax.set_title("Durable power (banked by wins)")
    ax.set_ylabel("durable power")
    _weeks_axis(ax, df)
    ax.legend(loc="upper left", frameon=False)


#: Colours of the side-by-side runs: the trainer's run, then the twin.
SIDE_COLOURS = (OKABE_ITO["blue"], OKABE_ITO["orange"])


def draw_side_by_side(fig: Figure, model: DashboardModel) -> None:
    """Both side-by-side runs on shared axes: power against resistance above, durable
    power below, one colour per structure level, so the eye compares levels, not shapes."""
    top, bottom = fig.subplots(2, 1, sharex=True, height_ratios=(3, 2))
    frames = [run.measures() for run in (model, model.twin)]
    resistances = [df["resistance"] for df in frames]
    same_resistance = resistances[0].equals(resistances[1])
    for run, df, colour in zip((model, model.twin), frames, SIDE_COLOURS, strict=True):
        level = f"level {run.params.structure.level:.2f}"
        top.plot(df.index, df["power"], color=colour, label=f"power, {level}")
        if not same_resistance:
            top.plot(df.index, df["resistance"], color=colour, linestyle="-.", linewidth=1.4,
                     label=f"resistance, {level}")
        bottom.plot(df.index, df["durable_power"], color=colour, label=level)
        _star_wins(top, df, colour, None)
    if same_resistance:
        top.plot(frames[0].index, resistances[0], color=OKABE_ITO["black"], linestyle="-.",
                 linewidth=1.6, label="resistance (needed to win)")
    top.plot([], [], marker="*", markersize=13, color="#555555", linestyle="", label=WIN_LABEL)
    top.set_title("Power against resistance")
    top.set_ylabel("pressure")
    top.set_ylim(bottom=0)
    top.legend(loc="upper left", framealpha=0.9, edgecolor="none", ncol=2, fontsize=10)
    bottom.set_title("Durable power (banked by wins)")
    bottom.set_ylabel("durable power")
    bottom.set_xlabel("week")
    bottom.set_xlim(0, max(int(frames[0].index.max()), 10))
    bottom.set_ylim(bottom=0)
    bottom.legend(loc="upper left", frameon=False)


def rung_counts(model: MovementModel) -> np.ndarray:
    """How many people stand on each rung of the engagement ladder now."""
    edges = [-np.inf, SUPPORTER, ACTIVE, READY_TO_LEAD, np.inf]
    counts, _ = np.histogram(model.people.engagement, bins=edges)
    return counts


def draw_ladder(ax: Axes, model: MovementModel) -> None:
    """The engagement ladder now: people on each rung, leaders among the top rungs."""
    counts = rung_counts(model)
    colours = ["#BBBBBB", OKABE_ITO["sky_blue"], OKABE_ITO["blue"], OKABE_ITO["purple"]]
    bars = ax.barh(_RUNGS, counts, color=colours)
    ax.bar_label(bars, labels=[f"{c:,}" for c in counts], padding=4)
    leaders = int(model.everyone.is_leader.sum())
    ax.set_title(f"Engagement ladder ({leaders:,} leaders)")
    ax.set_xlabel("people")
    ax.set_xlim(0, max(int(counts.max()) * 1.2, 1))
    ax.grid(axis="y", visible=False)


def draw_decisions(ax: Axes, model: MovementModel) -> None:
    """Moments missed and tasks dropped (cumulative), and the mean weeks to a decision."""
    df = model.measures()
    ax.plot(df.index, df["missed_opportunities"], color=OKABE_ITO["vermillion"],
            label="moments missed")
    ax.plot(df.index, df["tasks_dropped"], color=OKABE_ITO["orange"], linestyle=":",
            label="tasks dropped")
    ax.plot(df.index, df["wins"], color=OKABE_ITO["green"], linestyle="--", label="wins")
    ax.set_ylabel("count (cumulative)")
    _weeks_axis(ax, df)
    latency = df["decision_latency"].iloc[-1]
    shown = "none yet" if pd.isna(latency) else f"{latency:.1f} weeks"
    ax.set_title(f"Decisions: mean time to decide {shown}")
    ax.legend(loc="upper left", frameon=False)


def draw_misinformation(ax: Axes, model: MovementModel) -> None:
    """Share of people believing the current false claim (and, once anyone holds a view
    of it, rejecting the movement's true evidence), and of members burnt out."""
    df = model.measures()
    ax.plot(df.index, 100 * df["misinformed_share"], color=OKABE_ITO["vermillion"],
            label="believe a false claim (of everyone)")
    if (df["rejecting_true_share"] > 0).any():
        ax.plot(df.index, 100 * df["rejecting_true_share"], color=OKABE_ITO["orange"],
                linestyle=":", label="reject the true evidence (of everyone)")
    ax.plot(df.index, 100 * df["burnout_share"], color=OKABE_ITO["purple"], linestyle="--",
            label="burnt out (of members)")
    ax.set_title("Misinformation and burnout")
    ax.set_ylabel("percent")
    _weeks_axis(ax, df)
    shares = df[["misinformed_share", "rejecting_true_share", "burnout_share"]]
    ax.set_ylim(0, max(10.0, float(100 * shares.max().max())))
    ax.legend(loc="upper left", frameon=False)


def tie_segments(model: MovementModel, positions: np.ndarray) -> np.ndarray:
    """Line segments of every tie now, from the cached member positions."""
    src, dst = sp.triu(model.ties.adjacency, k=1).nonzero()
    return np.stack([positions[src], positions[dst]], axis=1)


def draw_network(ax: Axes, model: DashboardModel, colour_by: str = "engagement") -> None:
    """The community: members coloured by engagement or by belief (who holds only true
    views, believes a false claim, rejects the movement's true evidence, or both), leaders
    ringed in black; the belief legend names only the stands someone holds now.

    Positions are the model's cached layout, so nothing is laid out again per frame;
    subcommunities show as clusters.
    """
    people, positions = model.people, model.positions
    ax.add_collection(
        LineCollection(tie_segments(model, positions), colors="#999999", linewidths=0.3,
                       alpha=0.35, zorder=1)
    )
    size = 60 if people.size <= 300 else 22
    if colour_by == "belief":
        colours = np.array([colour for _, colour in _BELIEF_COLOURS.values()])
        codes = np.array(list(_BELIEF_COLOURS))
        view = information.truth_view(people)
        ax.scatter(*positions.T, c=colours[np.searchsorted(codes, view)], s=size,
                   linewidths=0, zorder=2)
        present = set(np.unique(view).tolist())  # the legend names only what is there
        handles = [
            Line2D([], [], marker="o", linestyle="", color=colour, label=label)
            for code, (label, colour) in _BELIEF_COLOURS.items()
            if code in present
        ]
        title = "Community: who believes what is true, and what is false"
    else:
        points = ax.scatter(*positions.T, c=people.engagement, cmap="viridis", vmin=0, vmax=1,
                            s=size, linewidths=0, zorder=2)
        colourbar = ax.figure.colorbar(points, ax=ax, shrink=0.8, pad=0.01)
        colourbar.set_label("engagement")
        handles = []
        title = "Community: engagement"
    leaders = np.flatnonzero(model.everyone.is_leader)
    ax.scatter(*positions[leaders].T, s=size * 3.5, facecolors="none",
               edgecolors=OKABE_ITO["black"], linewidths=1.6, zorder=3)
    handles.append(Line2D([], [], marker="o", linestyle="", markerfacecolor="none",
                          markeredgecolor="black", markersize=10, label="leader"))
    ax.legend(handles=handles, loc="lower center", bbox_to_anchor=(0.5, -0.02), ncol=4,
              frameon=False, fontsize=10)
    ax.set_title(title)
    ax.set_aspect("equal")
    ax.set_axis_off()
    ax.autoscale_view()


def panel(draw: Callable[..., None], model: MovementModel, *args: object) -> Figure:
    """One view as a page-sized figure (drawn without pyplot, so nothing is shown)."""
    with mpl.rc_context(PAGE_STYLE):
        fig = Figure(figsize=PANEL_SIZE, dpi=PAGE_DPI, layout="constrained")
        draw(fig.add_subplot(), model, *args)
    return fig


def side_by_side_figure(model: DashboardModel, figsize: tuple[float, float] = (7.2, 7.6),
                        dpi: int = PAGE_DPI) -> Figure:
    """The side-by-side view as a figure for the page."""
    with mpl.rc_context(PAGE_STYLE):
        fig = Figure(figsize=figsize, dpi=dpi, layout="constrained")
        draw_side_by_side(fig, model)
    return fig


def to_png(fig: Figure, dpi: int | None = None) -> bytes:
    """The figure as PNG bytes."""
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=dpi or fig.dpi, metadata={"Software": SOFTWARE})
    return buffer.getvalue()


def snapshot_png(model: DashboardModel, colour_by: str = "engagement") -> bytes:
    """Every view of the page in one PNG (the "figures as PNG" export)."""
    with mpl.rc_context(PAGE_STYLE):
        fig = Figure(figsize=(19, 15), layout="constrained")
        axes = fig.subplots(3, 2).ravel()
        draw_network(axes[0], model, colour_by)
        draw_power(axes[1], model)
        draw_durable(axes[2], model)
        draw_ladder(axes[3], model)
        draw_decisions(axes[4], model)
        draw_misinformation(axes[5], model)
        fig.suptitle(
            f"{model.params.title or model.params.name}: structure level "
            f"{model.params.structure.level:.2f}, seed {model.seed}, week {model.steps}",
            fontsize=18,
        )
        return to_png(fig, dpi=100)


def comparison_png(model: DashboardModel) -> bytes:
    """The side-by-side runs in one PNG, on shared axes."""
    fig = side_by_side_figure(model, figsize=(12, 8), dpi=100)
    fig.suptitle(
        f"{model.params.title or model.params.name}: same seed ({model.seed}), "
        f"two structure levels, week {model.steps}",
        fontsize=18,
    )
    return to_png(fig)
