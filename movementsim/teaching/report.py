"""A self-contained HTML report of one run per scenario, for a trainer to open or print.

The report holds each scenario's narrative and what to watch for, its figures (PNG,
embedded in the file, so it works offline), a table of measures, and a written
interpretation computed from the run itself: every number in a sentence is read from
the run's weekly table or from the model's record of its decisions. Each number is
written as ``<span class="num" data-key=KEY data-value=RAW>shown</span>``, so readers
(and the tests) can check it against the data. The page is the Jinja2 template
``templates/report.html.j2``; runs go through the one run engine.
"""

from __future__ import annotations

import base64
import math
import tempfile
from collections.abc import Callable, Sequence
from concurrent.futures import Executor
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
from jinja2 import Environment, PackageLoader, select_autoescape
from markupsafe import Markup, escape

from movementsim._version import __version__
from movementsim.experiments import storage
from movementsim.experiments.engine import Task, run_tasks
from movementsim.experiments.outcomes import LONG_RUN_WEEKS, OUTCOMES, long_run_power
from movementsim.model.model import DecisionRecord
from movementsim.model.parameters import Scenario
from movementsim.model.versions import made_by
from movementsim.teaching.explain import watch_for_basis
from movementsim.teaching.figures import (
    plot_comparison_power,
    plot_measures,
    plot_power,
    win_weeks,
)

#: What a report file starts with; a file without it was not written by movementsim.
GENERATOR = b'<meta name="generator" content="movementsim'


@dataclass(frozen=True)
class RunRecord:
    """One run of a report: its scenario, seed, weekly measures and decision record."""

    scenario: Scenario
    seed: int
    frame: pd.DataFrame
    decisions: DecisionRecord

    @property
    def opened(self) -> int:
        """Moments to act that opened during the run."""
        return self.decisions.opened


def record_runs(
    scenarios: Sequence[Scenario],
    seeds: Sequence[int],
    executor: Executor | None = None,
    progress: Callable[[int], None] | None = None,
) -> list[RunRecord]:
    """Run each scenario once with its seed through the engine, keeping what a report needs.

    Each weekly frame is identical to ``simulate(scenario, seed=seed)``.
    """
    tasks = [
        Task(scenario, seed, timeseries=True, record=True)
        for scenario, seed in zip(scenarios, seeds, strict=True)
    ]
    records = []
    for result in run_tasks(tasks, executor, progress):
        if result.error:
            raise RuntimeError(f"the run of {result.task.scenario.name} failed: {result.error}")
        records.append(
            RunRecord(result.task.scenario, result.task.seed, result.frame, result.record)
        )
    return records


# Numbers in sentences -----------------------------------------------------------------


def num(key: str, value: float, shown: str) -> Markup:
    """A number in the report: ``shown`` to read, the raw ``value`` kept for checking."""
    return Markup('<span class="num" data-key="{}" data-value="{}">{}</span>').format(
        key, repr(value), shown
    )


def _int(key: str, value: float) -> Markup:
    return num(key, int(value), f"{int(value):,}")


def _dec(key: str, value: float, digits: int) -> Markup:
    return num(key, float(value), f"{value:.{digits}f}")


def _pct(key: str, share: float) -> Markup:
    """A share (0 to 1) shown as a percentage with one decimal."""
    return num(key, float(share), f"{100 * share:.1f}%")


def _plural(count: int, one: str, many: str) -> str:
    return one if count == 1 else many


def _seat_takes(scenario: Scenario) -> str:
    """What a seat at the table takes, from the scenario's own decision-makers: wins
    against one of them (each may ask a different number)."""
    if not scenario.decision_makers:
        needed = scenario.decision_maker.seat_after_wins
        return f"a seat takes {_int('seat_after_wins', needed)} wins"
    needs = {dm.name: dm.seat_after_wins for dm in scenario.decision_makers}
    if len(set(needs.values())) == 1:
        needed = next(iter(needs.values()))
        return (f"a seat takes {_int('seat_after_wins', needed)} wins against one "
                "decision-maker")
    each = ", ".join(f"{_int(f'seat_after_wins:{name}', n)} against {name}"
                     for name, n in needs.items())
    return f"a seat takes {each}"


def _first_week(series: pd.Series) -> int | None:
    hits = series.index[series.to_numpy() > 0]
    return int(hits[0]) if len(hits) else None


def interpret(record: RunRecord) -> list[Markup]:
    """Sentences (HTML) about one run, each computed from the run's own numbers."""
    df, scenario, decisions = record.frame, record.scenario, record.decisions
    final, steps = df.iloc[-1], int(df.index[-1])
    sentences = []

    wins = int(final["wins"])
    first_win = _first_week(df["wins"])
    if wins:
        sentences.append(
            f"In {_int('steps', steps)} weeks the movement won {_int('wins', wins)} "
            f"{_plural(wins, 'concession', 'concessions')}, the first in week "
            f"{_int('first_win_week', first_win)}."
        )
    else:
        peak_week = int(df["power"].idxmax())
        sentences.append(
            f"In {_int('steps', steps)} weeks the movement won nothing: its pressure peaked at "
            f"{_dec('peak_power', df['power'].max(), 3)} in week "
            f"{_int('peak_power_week', peak_week)}, against a resistance of "
            f"{_dec('resistance_then', df.loc[peak_week, 'resistance'], 3)}."
        )

    seat_week = _first_week(df["seat_at_table"])
    takes = _seat_takes(scenario)
    if seat_week is not None:
        held = "and still held it at the end" if final["seat_at_table"] else "but lost it again"
        sentences.append(
            f"It won a seat at the table in week {_int('seat_week', seat_week)} "
            f"({takes}), {held}."
        )
    else:
        sentences.append(f"It never won a seat at the table ({takes}).")

    missed, decided = len(decisions.missed_waits), len(decisions.decision_weeks)
    gov = decisions.governance
    rules = (
        f"decisions by {gov.describe()['who decides']}, {gov.approval_layers:.2g} "
        f"{_plural(gov.approval_layers, 'sign-off', 'sign-offs')} "
        f"on average, local teams deciding local moments alone {gov.local_autonomy:.0%} of "
        "the time"
    )
    if record.opened == 0:
        sentences.append("No moment to act opened in this run.")
    else:
        text = (
            f"{_int('missed', missed)} of {_int('opened', record.opened)} moments to act "
            f"{_plural(missed, 'was', 'were')} missed"
        )
        if decided:
            mean_decision = _dec("mean_decision_weeks", np.mean(decisions.decision_weeks), 1)
            deadline = scenario.campaign.deadline_weeks
            text += (
                f"; the moments decided took on average {mean_decision} weeks to decide, "
                f"against deadlines of about {num('deadline_weeks', deadline, f'{deadline:g}')}"
                " weeks"
            )
            if missed:
                # The table's measure counts each missed moment at its deadline too: say
                # so where the two numbers differ, so that they do not seem to disagree.
                latency = _dec("decision_latency", final["decision_latency"], 1)
                text += (
                    f" ({latency} counting each missed moment at its deadline, as the "
                    "table's weeks to a decision does)"
                )
        if missed:
            text += (
                f"; the missed ones had on average only "
                f"{_dec('mean_missed_wait', np.mean(decisions.missed_waits), 1)} weeks from "
                "opening to deadline"
            )
        sentences.append(f"{text} ({escape(rules)}).")

    dropped, doubled = int(final["tasks_dropped"]), int(final["tasks_duplicated"])
    sentences.append(
        f"Actions dropped {_int('tasks_dropped', dropped)} "
        f"{_plural(dropped, 'task', 'tasks')} that nobody owned and gave "
        f"{_int('tasks_duplicated', doubled)} {_plural(doubled, 'task', 'tasks')} a "
        "second owner."
    )
    sentences.append(
        f"Membership went from {_int('members_start', df['members'].iloc[0])} to "
        f"{_int('members_end', final['members'])} people (of "
        f"{_int('community', scenario.community.members)}), with "
        f"{_int('leaders_end', final['leaders'])} leaders at the end."
    )
    peak_mis = float(df["misinformed_share"].max())
    if peak_mis > 0:
        sentences.append(
            f"At its peak, in week "
            f"{_int('peak_misinformed_week', df['misinformed_share'].idxmax())}, "
            f"{_pct('peak_misinformed', peak_mis)} of the community believed a false claim; "
            f"at the end, {_pct('misinformed_end', final['misinformed_share'])}."
        )
    else:
        sentences.append("No false claim found a believer.")
    if (df["rejecting_true_share"] > 0).any() or scenario.information.evidence_rate > 0:
        sentences.append(
            f"The movement's own evidence, a true claim: at the end "
            f"{_pct('rejecting_true_end', final['rejecting_true_share'])} of the community "
            "rejected it, and members' truth discernment (the share believing it minus the "
            "share believing the false claim) was "
            f"{_dec('truth_discernment_end', final['truth_discernment'], 2)}."
        )
    peak_burn = float(df["burnout_share"].max())
    if peak_burn > 0:
        sentences.append(
            f"Burnout peaked at {_pct('peak_burnout', peak_burn)} of members in week "
            f"{_int('peak_burnout_week', df['burnout_share'].idxmax())}."
        )
    else:
        sentences.append("No member burnt out.")
    weeks = min(LONG_RUN_WEEKS, len(df))
    sentences.append(
        f"Long-run collective power (power plus durable power, averaged over the last "
        f"{_int('long_run_weeks', weeks)} weeks) was "
        f"{_dec('long_run_power', long_run_power(df), 3)}; the say in decisions ended with "
        f"a Gini of {_dec('influence_gini', final['influence_gini'], 2)} (0: everyone equal, "
        "1: one person holds it all)."
    )
    return [Markup(sentence) for sentence in sentences]


def _named(names: list[str]) -> str:
    """Names joined for a sentence: "a", "a and b", "a, b and c" (escaped)."""
    names = [str(escape(name)) for name in names]
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def _leaders(names: list[str], of: int) -> str:
    """Who leads on a count: one name, a tie named as a tie, or every run alike."""
    if len(names) == 1:
        return str(escape(names[0]))
    if len(names) == of:
        return "every run alike"
    return f"{_named(names)}, tied"


def compare_sentences(records: Sequence[RunRecord]) -> list[Markup]:
    """Sentences (HTML) ranking the scenarios' runs by long-run power, wins and misses.

    Ties are named as ties: every scenario that shares the most wins (or the fewest
    moments missed, or a place in the ranking by power as shown) is named.
    """
    rows = [
        (
            r.scenario.name,
            long_run_power(r.frame),
            int(r.frame["wins"].iloc[-1]),
            len(r.decisions.missed_waits),
        )
        for r in records
    ]
    # Runs whose power reads the same as shown (three decimals) share a place: the
    # ranking does not put one before another on a difference the reader cannot see.
    places: dict[str, list[tuple[str, float]]] = {}
    for name, power, _, _ in sorted(rows, key=lambda row: -row[1]):
        places.setdefault(f"{power:.3f}", []).append((name, power))
    ranking = ", then ".join(
        f"{_named([name for name, _ in tied])}"
        f"{', tied' if len(tied) > 1 else ''} "
        f"({_dec(f'long_run_power:{tied[0][0]}', tied[0][1], 3)}"
        f"{' each' if len(tied) > 1 else ''})"
        for tied in places.values()
    )
    sentences = [f"By long-run collective power the runs rank {ranking}."]
    if len(places) == 1 and len(rows) > 1:
        (tied,) = places.values()
        every = _dec(f"long_run_power:{tied[0][0]}", tied[0][1], 3)
        sentences = [
            f"By long-run collective power the runs are tied: {_named([n for n, _ in tied])} "
            f"hold {every} each."
        ]
    most = max(row[2] for row in rows)
    fewest = min(row[3] for row in rows)
    winners = [row[0] for row in rows if row[2] == most]
    careful = [row[0] for row in rows if row[3] == fewest]
    sentences.append(
        f"Most wins: {_leaders(winners, len(rows))} "
        f"({_int(f'wins:{winners[0]}', most)}{' each' if len(winners) > 1 else ''}); "
        f"fewest moments missed: {_leaders(careful, len(rows))} "
        f"({_int(f'missed:{careful[0]}', fewest)}{' each' if len(careful) > 1 else ''})."
    )
    seeds = sorted({r.seed for r in records})
    sentences.append(
        f"Each scenario ran once (seed {', '.join(str(s) for s in seeds)}); one run can be "
        "lucky or unlucky, so compare the averages of many runs with "
        "<code>movementsim compare</code> before drawing conclusions."
    )
    return [Markup(sentence) for sentence in sentences]


# The table of measures ----------------------------------------------------------------

#: Rows of the report's table, from the standard outcome table (in this order).
REPORTED: tuple[str, ...] = (
    "long_run_power",
    "power",
    "durable_power",
    "wins",
    "missed_opportunities",
    "decision_latency",
    "members",
    "active",
    "leaders",
    "tasks_dropped",
    "tasks_duplicated",
    "influence_gini",
    "peak_misinformed",
    "peak_burnout",
    "turnout_total",
)


def _cell(key: str, value: float, digits: int, percent: bool) -> Markup:
    value = float(value)
    if math.isnan(value):
        return Markup('<td class="num" data-key="{}" data-value="nan">n/a</td>').format(key)
    if percent:
        shown = f"{100 * value:.1f}%"
    else:
        shown = f"{value:,.0f}" if digits == 0 else f"{value:.{digits}f}"
    raw = int(value) if digits == 0 and not percent else value
    return Markup('<td class="num" data-key="{}" data-value="{}">{}</td>').format(
        key, repr(raw), shown
    )


def measures_table(records: Sequence[RunRecord]) -> list[dict[str, object]]:
    """The report's table: one row per outcome of :data:`REPORTED`, one cell per run."""
    rows = []
    for name in REPORTED:
        outcome = OUTCOMES[name]
        digits = 0 if outcome.integer else (2 if outcome.high == 1.0 else 3)
        cells = [
            _cell(name, outcome.value(r.frame), digits, outcome.percent) for r in records
        ]
        rows.append({"label": outcome.label, "cells": cells})
    return rows


# The HTML file ------------------------------------------------------------------------

_TEMPLATES = Environment(
    loader=PackageLoader("movementsim.teaching", "templates"),
    autoescape=select_autoescape(["html", "j2"]),
    keep_trailing_newline=True,
)


def _png(path: Path) -> str:
    return base64.b64encode(path.read_bytes()).decode("ascii")


def _paragraphs(text: str) -> list[str]:
    return [" ".join(p.split()) for p in text.split("\n\n") if p.strip()]


def is_report(path: Path) -> bool:
    """Whether ``path`` is a report movementsim wrote (so that it may be replaced)."""
    return storage.contains_signature(path, GENERATOR)


def write_report(
    records: Sequence[RunRecord], path: str | Path, defaults_version: str | None = None
) -> Path:
    """Write the report of ``records`` (one run per scenario) to ``path``; return it.

    ``defaults_version``: the release whose defaults the runs took, said under the
    title (default: this one's).

    Figures are drawn into a temporary folder and embedded as PNG, so the file stands
    alone. The file is written atomically; an existing file is replaced only if
    movementsim wrote it (:class:`~movementsim.experiments.storage.OutputError` otherwise).
    """
    path = storage.claim_file(path, is_report)
    names = [r.scenario.name for r in records]
    context: dict[str, object] = {
        "title": "movementsim report: " + ", ".join(names),
        "version": __version__,
        "made_by": made_by(defaults_version),
        "table": measures_table(records),
        "comparison": None,
    }
    runs = []
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        if len(records) > 1:
            bands = {
                r.scenario.name: {
                    column: pd.DataFrame(
                        {"mean": r.frame[column], "ci_low": r.frame[column],
                         "ci_high": r.frame[column]}
                    )
                    for column in ("power", "durable_power", "resistance")
                }
                for r in records
            }
            wins = {
                r.scenario.name: [
                    float(w) for w in win_weeks(r.frame)
                ]
                for r in records
            }
            png, _ = plot_comparison_power(
                bands, wins, folder / "compare", "Collective power, one run each",
                band_label=None, win_label="a win",
            )
            context["comparison"] = {"image": _png(png), "sentences": compare_sentences(records)}
        for i, r in enumerate(records):
            s = r.scenario
            heading = s.title or s.name
            power_png, _ = plot_power(r.frame, folder / f"power{i}", f"Collective power: {heading}")
            measures_png, _ = plot_measures(
                r.frame, folder / f"measures{i}", f"Inside the movement: {heading}"
            )
            runs.append(
                {
                    "scenario": s,
                    "seed": r.seed,
                    "weeks": int(r.frame.index[-1]),
                    "heading": heading,
                    "narrative": _paragraphs(s.narrative),
                    "watch_for": _paragraphs(s.watch_for),
                    "watch_for_basis": watch_for_basis(s),
                    "sentences": interpret(r),
                    "power_image": _png(power_png),
                    "measures_image": _png(measures_png),
                }
            )
    context["runs"] = runs
    document = _TEMPLATES.get_template("report.html.j2").render(**context)
    return storage.write_text(path, document)
