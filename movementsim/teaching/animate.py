"""An animation of a run: the community's network over the weeks beside its power curve.

Left, every person is a dot, coloured by engagement (the ladder bystander, supporter,
active, ready to lead) or by belief (who holds only true views, believes the current
false claim, rejects the movement's true evidence, or both); leaders are drawn
as larger outlined stars; each subcommunity is its own cluster. The network is laid out
once, from the ties at the start (a fixed function of the seed), and only colours and
leader marks change from frame to frame; ties made during the run are not drawn. Right,
power and durable power grow week by week, with a line at each win. Frames are sampled
every few weeks so that a GIF stays small. GIFs are written with Pillow (it comes with
matplotlib); MP4 needs ffmpeg.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import matplotlib as mpl
import networkx as nx
import numpy as np
import pandas as pd
from matplotlib.animation import FFMpegWriter, PillowWriter
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.collections import LineCollection
from matplotlib.colors import ListedColormap
from matplotlib.figure import Figure
from matplotlib.lines import Line2D

from movementsim.experiments.storage import atomic_write
from movementsim.model.mechanisms import information
from movementsim.model.model import MovementModel
from movementsim.model.parameters import Scenario
from movementsim.model.versions import made_by
from movementsim.teaching.figures import OKABE_ITO, STYLE, community_layout

#: What a GIF or MP4 movementsim wrote carries in its comment (see :func:`is_animation`).
SIGNATURE = b"movementsim animation"

#: The ways people can be coloured.
COLOUR_BY = ("engagement", "belief")
BELIEF_COLOURS = {
    information.NO_VIEW_YET: ("#BBBBBB", "no view yet"),
    information.ONLY_TRUE_VIEWS: (OKABE_ITO["blue"], "holds only true views"),
    information.BELIEVES_FALSE: (OKABE_ITO["vermillion"], "believes a false claim"),
    information.REJECTS_TRUE: (OKABE_ITO["orange"], "rejects the true evidence"),
    information.ERRS_BOTH_WAYS: (OKABE_ITO["purple"], "believes a false claim and rejects "
                                 "the evidence"),
}


@dataclass(frozen=True)
class Snapshot:
    """The state of the people shown, in one sampled week."""

    week: int
    engagement: np.ndarray
    belief: np.ndarray
    is_leader: np.ndarray


@dataclass(frozen=True)
class Recording:
    """A run, with what is needed to draw its animation.

    Attributes:
        scenario: the scenario run; ``seed`` its seed.
        frame: the weekly measures (as :func:`movementsim.simulate` returns them).
        shown: the rows of the people drawn (everyone, or a sample in large communities).
        positions: (x, y) of each person shown.
        subcommunity: each shown person's subcommunity.
        edges: the starting ties among the people shown, as pairs of indices into ``shown``.
        snapshots: the sampled weeks, in order (week 0 first, the last week last).
    """

    scenario: Scenario
    seed: int
    frame: pd.DataFrame
    shown: np.ndarray
    positions: np.ndarray
    subcommunity: np.ndarray
    edges: np.ndarray
    snapshots: tuple[Snapshot, ...]


def record_animation(
    scenario: Scenario,
    seed: int,
    *,
    steps: int | None = None,
    every: int = 4,
    max_people: int = 1500,
    progress: Callable[[int], None] | None = None,
) -> Recording:
    """Run ``scenario`` with ``seed``, keeping a snapshot every ``every`` weeks.

    The weekly frame is identical to :func:`movementsim.simulate`'s. Communities larger
    than ``max_people`` are drawn from a fixed random sample of that many people (the
    sample, like the layout, depends only on the seed). ``progress`` is called with the
    number of weeks done.
    """
    model = MovementModel(scenario, rng=seed)
    weeks = model.params.model.steps if steps is None else steps
    people = model.people
    n = people.size
    sampler = np.random.default_rng(seed)
    shown = np.arange(n) if n <= max_people else np.sort(sampler.choice(n, max_people, False))
    index = np.full(n, -1)
    index[shown] = np.arange(shown.size)
    graph = model.ties.to_networkx()
    sub = nx.convert_node_labels_to_integers(graph.subgraph(shown.tolist()), ordering="sorted")
    subcommunity = people.subcommunity[shown]
    positions = community_layout(sub, subcommunity, seed)
    edges = np.array([(index[u], index[v]) for u, v in graph.subgraph(shown.tolist()).edges()])

    def snap(week: int) -> Snapshot:
        return Snapshot(
            week=week,
            engagement=people.engagement[shown].astype(np.float32),
            belief=information.truth_view(people)[shown],
            is_leader=model.everyone.is_leader[shown].copy(),
        )

    snapshots = [snap(0)]

    def after_week(done: int) -> None:
        if done % every == 0 or done == weeks:
            snapshots.append(snap(done))
        if progress is not None:
            progress(done)

    frame = model.run_for(weeks, after_week)
    return Recording(
        scenario=model.params,
        seed=seed,
        frame=frame,
        shown=shown,
        positions=positions,
        subcommunity=subcommunity,
        edges=edges.reshape(-1, 2),
        snapshots=tuple(snapshots),
    )


def _engagement_colours() -> ListedColormap:
    """Four steps of the colour-blind-safe cividis map, one per rung of the ladder."""
    return ListedColormap(mpl.colormaps["cividis"](np.linspace(0.0, 1.0, 4)))


class SignedGifWriter(PillowWriter):
    """Matplotlib's Pillow GIF writer, with the format given (the file is written under a
    temporary name first) and ``comment`` (movementsim's signature first) as the GIF
    comment."""

    def __init__(self, comment: bytes, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.comment = comment

    def finish(self) -> None:
        self._frames[0].save(
            self.outfile, format="GIF", save_all=True, append_images=self._frames[1:],
            duration=int(1000 / self.fps), loop=0, comment=self.comment,
        )


def is_animation(path: Path) -> bool:
    """Whether ``path`` is an animation movementsim wrote (so that it may be replaced)."""
    try:
        with path.open("rb") as handle:
            return SIGNATURE in handle.read()
    except OSError:
        return False


def write_animation(
    recording: Recording,
    path: str | Path,
    *,
    colour_by: str = "engagement",
    fps: float = 4,
    dpi: int = 80,
    progress: Callable[[int], None] | None = None,
    defaults_version: str | None = None,
) -> Path:
    """Draw ``recording`` as an animation at ``path`` (``.gif``, or ``.mp4`` with ffmpeg).

    The file's comment says it is movementsim's, which version made it and, when given,
    the release whose defaults the run took (``defaults_version``).

    ``colour_by`` is ``"engagement"`` or ``"belief"``. ``progress`` is called with the
    number of frames written. Raises ``ValueError`` for another suffix or colouring, and
    ``RuntimeError`` for ``.mp4`` when ffmpeg is not installed.
    """
    path = Path(path)
    suffix = path.suffix.lower()
    if colour_by not in COLOUR_BY:
        raise ValueError(f"colour_by must be one of {', '.join(COLOUR_BY)}, not {colour_by!r}")
    comment = SIGNATURE + f" ({made_by(defaults_version)})".encode()
    if suffix == ".gif":
        writer: PillowWriter | FFMpegWriter = SignedGifWriter(comment, fps=fps)
    elif suffix == ".mp4":
        if shutil.which("ffmpeg") is None:
            raise RuntimeError("writing .mp4 needs ffmpeg, which is not installed; use a .gif")
        writer = FFMpegWriter(
            fps=fps, extra_args=["-f", "mp4"], metadata={"comment": comment.decode()}
        )
    else:
        raise ValueError(f"{path.name}: the animation must be a .gif or .mp4 file")

    df, scenario = recording.frame, recording.scenario
    title = scenario.title or scenario.name
    with mpl.rc_context(STYLE):
        fig = Figure(figsize=(16, 8))
        FigureCanvasAgg(fig)
        grid = fig.add_gridspec(
            1, 2, width_ratios=[1.15, 1], left=0.01, right=0.97, bottom=0.12, top=0.84, wspace=0.12
        )
        net, curve = fig.add_subplot(grid[0]), fig.add_subplot(grid[1])

        xy = recording.positions
        net.add_collection(
            LineCollection(
                xy[recording.edges], colors="#E4E4E4", linewidths=0.5, antialiaseds=False, zorder=0
            )
        )
        leaders = net.scatter(
            [],
            [],
            s=300,
            marker="*",
            facecolors="white",
            edgecolors="black",
            linewidths=1.5,
            zorder=3,
            label="leader",
        )
        if colour_by == "engagement":
            dots = net.scatter(
                xy[:, 0],
                xy[:, 1],
                s=22,
                c=np.zeros(len(xy)),
                cmap=_engagement_colours(),
                vmin=0,
                vmax=1,
                linewidths=0,
                zorder=2,
            )
            bar = fig.colorbar(
                dots,
                ax=net,
                orientation="horizontal",
                shrink=0.8,
                pad=0.02,
                aspect=40,
                ticks=[0.125, 0.375, 0.625, 0.875],
            )
            bar.ax.set_xticklabels(["bystander", "supporter", "active", "ready to lead"])
            bar.ax.tick_params(labelsize=13, length=0)
        else:
            dots = net.scatter(xy[:, 0], xy[:, 1], s=22, c="#BBBBBB", linewidths=0, zorder=2)
            # The legend names the stands someone holds in some frame, no others.
            held = set(np.unique(np.concatenate([snap.belief for snap in recording.snapshots])))
            dots_legend = [
                Line2D(
                    [], [], linestyle="none", marker="o", markersize=11, color=colour, label=label
                )
                for code, (colour, label) in BELIEF_COLOURS.items()
                if code in held
            ]
            net.legend(
                handles=[*dots_legend, leaders],
                loc="upper center",
                bbox_to_anchor=(0.5, 0.0),
                ncols=2,
                frameon=False,
                fontsize=13,
                handletextpad=0.2,
            )
        for label in np.unique(recording.subcommunity):
            members = xy[recording.subcommunity == label]
            top = members[:, 1].max()
            net.text(
                members[:, 0].mean(),
                top + 0.15,
                f"subcommunity {label + 1}",
                ha="center",
                va="bottom",
                fontsize=14,
                color="#333333",
            )
        net.set_aspect("equal")
        net.axis("off")
        net.margins(0.06)
        if colour_by == "engagement":
            net.legend(handles=[leaders], loc="upper left", frameon=False, borderaxespad=0)
        shown_note = (
            f"{recording.shown.size:,} of {scenario.community.members:,} people shown"
            if recording.shown.size < scenario.community.members
            else f"{scenario.community.members:,} people"
        )

        weeks = df.index.to_numpy()
        (power_line,) = curve.plot([], [], color=OKABE_ITO["blue"], label="power (pressure now)")
        (durable_line,) = curve.plot(
            [],
            [],
            color=OKABE_ITO["vermillion"],
            linestyle="--",
            label="durable power (banked by wins)",
        )
        win_weeks = weeks[df["wins"].diff().fillna(0).to_numpy() > 0]
        win_marks = [
            curve.axvline(w, color=OKABE_ITO["green"], linestyle=":", linewidth=2, visible=False)
            for w in win_weeks
        ]
        now = curve.axvline(0, color="black", linewidth=1, alpha=0.5)
        top = float(max(df["power"].max(), df["durable_power"].max(), 1e-3)) * 1.1
        curve.set_xlim(weeks.min(), weeks.max())
        curve.set_ylim(0, top)
        curve.set_xlabel("week")
        curve.set_ylabel("share of the community acting, weighted")
        curve.set_title("Collective power")
        handles = [power_line, durable_line]
        if win_marks:
            handles.append(
                Line2D([], [], color=OKABE_ITO["green"], linestyle=":", linewidth=2, label="a win")
            )
        curve.legend(handles=handles, loc="upper left", frameon=False)
        heading = fig.suptitle("", fontsize=22)

        def draw(tmp: Path) -> None:
            with writer.saving(fig, str(tmp), dpi):
                for count, snap in enumerate(recording.snapshots, 1):
                    draw_frame(snap)
                    writer.grab_frame()
                    if progress is not None:
                        progress(count)

        def draw_frame(snap: Snapshot) -> None:
            if colour_by == "engagement":
                dots.set_array(snap.engagement)
            else:
                dots.set_color([BELIEF_COLOURS[int(b)][0] for b in snap.belief])
            leaders.set_offsets(xy[snap.is_leader].reshape(-1, 2))
            upto = weeks <= snap.week
            power_line.set_data(weeks[upto], df["power"].to_numpy()[upto])
            durable_line.set_data(weeks[upto], df["durable_power"].to_numpy()[upto])
            for week, mark in zip(win_weeks, win_marks, strict=True):
                mark.set_visible(week <= snap.week)
            now.set_xdata([snap.week, snap.week])
            row = df.loc[snap.week]
            heading.set_text(
                f"{title}\nweek {snap.week}: {int(row['members']):,} members, "
                f"{int(row['leaders'])} leaders, {int(row['wins'])} wins ({shown_note})"
            )

        path.parent.mkdir(parents=True, exist_ok=True)
        atomic_write(path, draw)
    return path
