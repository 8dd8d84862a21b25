"""What the interactive page runs and says, without any web framework.

A :class:`DashboardModel` is the run the trainer steers: a :class:`MovementModel` of a
scenario preset with the page's slider values applied, plus a twin run of the same
scenario and seed at a second structure level that steps in lockstep with it (the
side-by-side demonstration). It also keeps the drawing positions of the community
network, computed once per model. :func:`describe` turns the current numbers into the
page's "what is happening" line; :func:`format_measure` is how every number is shown.
"""

from __future__ import annotations

import math
import os
import threading
import time
from collections.abc import Callable

import numpy as np
import pandas as pd

from movementsim.model.model import MovementModel
from movementsim.model.scenario import ScenarioError, list_scenarios, load_scenario
from movementsim.model.structure import governance_from_level
from movementsim.teaching.figures import community_layout

#: Environment variable through which ``movementsim dashboard SCENARIO`` tells the page
#: which scenario to open first (a bundled name or the path to a TOML file).
SCENARIO_ENV = "MOVEMENTSIM_DASHBOARD_SCENARIO"

#: The page's sliders: dashboard keyword -> (scenario key, label, low, high, step).
#: ``compare_level`` sets ``structure.level`` of the side-by-side twin only.
SLIDERS: dict[str, tuple[str, str, float, float, float]] = {
    "level": ("structure.level", "Structure level (0 none, 1 rigid hierarchy)", 0.0, 1.0, 0.05),
    "compare_level": ("structure.level", "Second structure level (side by side)", 0.0, 1.0, 0.05),
    "members": ("community.members", "People in the community", 100, 2000, 100),
    "tempo": ("campaign.opportunity_rate", "Tempo: weekly chance a moment opens", 0.0, 0.5, 0.01),
    "false_claims": (
        "information.false_claim_rate",
        "False claims: weekly chance one starts",
        0.0,
        0.3,
        0.01,
    ),
    "organizing_share": (
        "strategy.organizing_share",
        "Strategy mix (0 mobilizing, 1 organizing)",
        0.0,
        1.0,
        0.05,
    ),
}

#: Playing speed on the page, in weeks per second: (slowest, at start: a quarter-year a
#: second, so five years play in 20 s, fastest).
SPEEDS = (1, 13, 52)

#: Measures shown as numbers on the page, with their labels, in display order.
NUMBERS: dict[str, str] = {
    "power": "Power (pressure now)",
    "durable_power": "Durable power (banked by wins)",
    "resistance": "Resistance (pressure needed to win)",
    "wins": "Wins",
    "members": "Members (supporter or above)",
    "active": "Active",
    "leaders": "Leaders",
    "missed_opportunities": "Moments missed",
    "decision_latency": "Weeks to a decision (mean)",
    "misinformed_share": "Believe a false claim",
}

_INTEGER_MEASURES = {
    "members",
    "active",
    "leaders",
    "wins",
    "missed_opportunities",
    "tasks_dropped",
    "tasks_duplicated",
    "seat_at_table",
    "turnout",
}
_PERCENT_MEASURES = {"misinformed_share", "burnout_share"}


def format_measure(name: str, value: float) -> str:
    """How the page shows a measure: counts as integers, shares as percent, else 3 decimals."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "none yet"
    if name in _INTEGER_MEASURES:
        return f"{int(value):,}"
    if name in _PERCENT_MEASURES:
        return f"{100 * value:.1f}%"
    if name == "decision_latency":
        return f"{value:.1f}"
    return f"{value:.3f}"


def format_slider(name: str, value: float) -> str:
    """A slider's value as the page shows it next to its label."""
    if name == "members":
        return f"{int(value):,}"
    return f"{value:.2f}"


def level_meaning(level: float) -> str:
    """What a structure level means, in the rules it sets (:mod:`movementsim.model.structure`),
    e.g. "board decides, leaders elected, 1.00 sign-offs, everyone on a team"."""
    rules = {
        name: text.replace(" 100%", "")  # one rule alone needs no share
        for name, text in governance_from_level(level).describe().items()
    }
    return (
        f"{level:.2f} = who decides: {rules['who decides']}; leaders: {rules['leaders']}; "
        f"{rules['sign-offs']} sign-offs per decision on average; {rules['on a team']} on a "
        "team"
    )


def presets() -> list[str]:
    """The scenarios the page offers: every bundled one, plus the one it was started with."""
    names = [name for name, _ in list_scenarios()]
    start = os.environ.get(SCENARIO_ENV)
    if start and start not in names:
        names.append(start)
    return names


def initial_preset() -> str:
    """The scenario the page opens with: the one it was started with, else ``balanced``."""
    start = os.environ.get(SCENARIO_ENV)
    if start:
        return start
    names = presets()
    return "balanced" if "balanced" in names else names[0]


def default_compare_level(level: float) -> float:
    """The second level of the side-by-side view: the far end of the dial from ``level``."""
    return 0.0 if level >= 0.5 else 1.0


def preset_defaults(preset: str) -> dict[str, float | int | str]:
    """The page's control values for a preset: its own parameter values and seed."""
    scenario = load_scenario(preset)
    values: dict[str, float | int | str] = {"preset": preset}
    for name, (key, *_rest) in SLIDERS.items():
        section, field = key.split(".")
        values[name] = getattr(getattr(scenario, section), field)
    values["compare_level"] = default_compare_level(scenario.structure.level)
    values["seed"] = str(scenario.model.seed)
    return values


def parse_seed(seed: int | str | None, default: int) -> int:
    """The seed typed on the page (text) as an integer; empty means ``default``."""
    if seed is None or str(seed).strip() == "":
        return default
    try:
        value = int(str(seed).strip())
    except ValueError:
        raise ScenarioError(f"seed must be a whole number, got {seed!r}") from None
    if value < 0:
        raise ScenarioError(f"seed must not be negative, got {value}")
    return value


class DashboardModel(MovementModel):
    """The run a trainer steers, with its side-by-side twin at a second structure level.

    Keyword arguments are the page's controls; any left as ``None`` keeps the preset's
    value. ``seed`` may be text (it comes from a text field). The run stops (``running``
    turns false) after the scenario's ``model.steps`` weeks.

    Attributes:
        preset: the scenario preset (bundled name or TOML path).
        seed: the seed both runs use.
        twin: the same scenario and seed at ``compare_level``.
        positions: drawing positions of the members, one row per member.
    """

    def __init__(
        self,
        preset: str = "balanced",
        level: float | None = None,
        compare_level: float | None = None,
        members: int | None = None,
        tempo: float | None = None,
        false_claims: float | None = None,
        organizing_share: float | None = None,
        seed: int | str | None = None,
    ) -> None:
        chosen = {
            "level": level,
            "members": members,
            "tempo": tempo,
            "false_claims": false_claims,
            "organizing_share": organizing_share,
        }
        overrides = {
            SLIDERS[name][0]: (int(value) if name == "members" else float(value))
            for name, value in chosen.items()
            if value is not None
        }
        scenario = load_scenario(preset, overrides)
        self.preset = preset
        self.seed = parse_seed(seed, scenario.model.seed)
        super().__init__(scenario, rng=self.seed)
        if compare_level is None:
            compare_level = default_compare_level(scenario.structure.level)
        # The twin runs at the second level throughout: a scheduled change of structure
        # would make both sides converge, so the twin drops the schedule.
        twin_scenario = scenario.model_copy(
            update={
                "structure": scenario.structure.model_copy(update={"level": float(compare_level)}),
                "schedule": (),
            }
        )
        self.twin = MovementModel(twin_scenario, rng=self.seed)
        self.positions = member_positions(self)
        self.running = scenario.model.steps > 0
        #: Held while stepping, and by the page while it reads the runs: playing steps in
        #: a background thread while the page may draw or export from another.
        self.lock = threading.RLock()

    def step(self) -> None:
        """One week of both runs, in lockstep."""
        with self.lock:
            super().step()
            self.twin.step()
            self.running = self.steps < self.params.model.steps

    def timeseries(self, which: str = "run") -> pd.DataFrame:
        """A run's measures so far (``which``: ``"run"`` or ``"twin"``), one row per week."""
        model = self if which == "run" else self.twin
        return model.measures()

    def comparison(self) -> pd.DataFrame:
        """Both runs' time series in one table, with a ``structure_level`` column first."""
        parts = []
        for which in ("run", "twin"):
            frame = self.timeseries(which).reset_index()
            model = self if which == "run" else self.twin
            if "structure_level" not in frame:
                frame["structure_level"] = model.params.structure.level
            parts.append(frame[["structure_level", *frame.columns.drop("structure_level")]])
        return pd.concat(parts, ignore_index=True)


def member_positions(model: MovementModel) -> np.ndarray:
    """Drawing positions of the members, computed once per model
    (:func:`movementsim.teaching.figures.community_layout`).

    The layout's seed comes from a child of the model's generator (``rng.spawn``), which
    leaves the simulation's own random stream untouched.
    """
    seed = int(model.rng.spawn(1)[0].integers(2**31))
    return community_layout(model.ties.to_networkx(), model.people.subcommunity, seed)


def describe(model: DashboardModel) -> str:
    """The "what is happening" line: a few sentences from the run's current numbers."""
    frame = model.timeseries()
    now = frame.iloc[-1]
    week = int(frame.index[-1])
    people = model.people.size
    sentences = [
        f"Week {week}: {int(now['members']):,} of {people:,} people are members, "
        f"{int(now['active']):,} active, {int(now['leaders']):,} leading."
    ]
    sentences += _campaigns(model)
    pressure, needed = float(now["power"]), float(now["resistance"])
    trend = ""
    if len(model.campaigns) > 1:
        # Power sums every campaign; a win is measured against one campaign's target.
        pressure = model.campaigns[0].pressure
    elif len(frame) > 1:
        before = float(frame["power"].iloc[-2])
        trend = ", rising" if pressure > before + 1e-9 else (
            ", falling" if pressure < before - 1e-9 else ", steady"
        )
    share = pressure / needed if needed > 0 else 0.0
    on = f" on {model.issues[model.campaigns[0].issue].name}" if len(model.campaigns) > 1 else ""
    wins = int(now["wins"])
    if len(frame) > 1 and wins > int(frame["wins"].iloc[-2]):
        # Power is read after the win has spent it, against the resistance the win raised:
        # the week's share of what is needed would say the opposite of what happened.
        cleared = float(frame["resistance"].iloc[-2])
        sentences.append(
            f"A win this week! The pressure beat the {cleared:.3f} needed and was spent on "
            f"it; the next win needs {needed:.3f}. That makes {wins}."
        )
        return " ".join(sentences + _after_wins(now))
    sentences.append(
        f"Pressure{on} is {pressure:.3f}{trend}: {share:.0%} of the {needed:.3f} needed "
        "for a win."
    )
    if wins:
        sentences.append(f"{wins} win{'s' if wins != 1 else ''} so far.")
    else:
        sentences.append("No win yet.")
    return " ".join(sentences + _after_wins(now))


def _after_wins(now: pd.Series) -> list[str]:
    """The last sentences of :func:`describe`: a seat, moments missed, false beliefs."""
    sentences = []
    if int(now.get("seat_at_table", 0)):
        sentences.append("The movement has a seat at the table.")
    missed = int(now["missed_opportunities"])
    if missed:
        sentences.append(f"{missed} moment{'s' if missed != 1 else ''} to act missed.")
    misinformed = float(now["misinformed_share"])
    if misinformed >= 0.005:
        sentences.append(f"{misinformed:.0%} believe a false claim.")
    return sentences


def _campaigns(model: DashboardModel) -> list[str]:
    """The campaigns under way and their targets, for a scenario with ``[[issues]]`` or
    several decision-makers (a one-target scenario has nothing to say here)."""
    if not model.params.issues and len(model.decision_makers) == 1:
        return []
    parts = []
    for campaign in model.campaigns:
        target = model.decision_makers[campaign.target]
        known = "" if campaign.mapped else ", a guess: who holds it is not yet known"
        parts.append(f"{model.issues[campaign.issue].name} (target: {target.name}{known})")
    said = ("Campaigning on " + "; ".join(parts) + ".") if parts else "No campaign under way."
    if not model.params.issues:
        return [said]
    return [said, f"{model.issues_won} of {len(model.issues)} issues won so far."]


def verdict(model: DashboardModel) -> str:
    """One sentence comparing the two side-by-side runs by power plus durable power now."""
    run, twin = model.timeseries("run").iloc[-1], model.timeseries("twin").iloc[-1]
    levels = model.params.structure.level, model.twin.params.structure.level
    totals = (
        float(run["power"] + run["durable_power"]),
        float(twin["power"] + twin["durable_power"]),
    )
    week = int(model.steps)
    if math.isclose(totals[0], totals[1], abs_tol=5e-4):
        return f"Week {week}: both levels hold the same power ({totals[0]:.3f})."
    ahead = 0 if totals[0] > totals[1] else 1
    return (
        f"Week {week}: structure level {levels[ahead]:.2f} holds {totals[ahead]:.3f} "
        f"(power plus durable power), level {levels[1 - ahead]:.2f} holds "
        f"{totals[1 - ahead]:.3f}."
    )



class Player:
    """Plays a run at a steady pace, however long the page takes to draw.

    The pace is a number of weeks per second of wall-clock time. :meth:`advance` steps
    every week that is due by now, so a slow redraw is followed by a quick catch-up
    (the model steps in milliseconds; drawing takes most of a second at 1,000 members),
    and the page redraws as often as its drawing allows while the run keeps the pace.
    ``clock`` is injectable so the pacing can be tested without waiting.
    """

    def __init__(
        self,
        model: MovementModel,
        weeks_per_second: float,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.model = model
        self.clock = clock
        self.weeks_per_second = float(weeks_per_second)
        self._start()

    def _start(self) -> None:
        self._origin_time = self.clock()
        self._origin_week = self.model.steps

    def set_speed(self, weeks_per_second: float) -> None:
        """A new pace from now on (the weeks already played stay played)."""
        if float(weeks_per_second) != self.weeks_per_second:
            self.weeks_per_second = float(weeks_per_second)
            self._start()

    def weeks_due(self) -> int:
        """Weeks to step now to be on pace (none once the run has ended)."""
        if not self.model.running:
            return 0
        elapsed = self.clock() - self._origin_time
        target = self._origin_week + math.floor(elapsed * self.weeks_per_second + 1e-9)
        return max(0, min(target, self.model.params.model.steps) - self.model.steps)

    def advance(self) -> int:
        """Step every week due now; the number of weeks stepped."""
        due = self.weeks_due()
        for _ in range(due):
            self.model.step()
        return due

    def seconds_to_next_week(self) -> float:
        """How long until the next week is due (0 if one is due now)."""
        next_week = self.model.steps + 1 - self._origin_week
        return max(0.0, self._origin_time + next_week / self.weeks_per_second - self.clock())
