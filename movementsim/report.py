"""A self-contained HTML report of one run per scenario, for a trainer to open or print.

The report holds each scenario's narrative and what to watch for, its figures (PNG,
embedded in the file, so it works offline), a table of measures, and a written
interpretation computed from the run itself: every number in a sentence is read from
the run's weekly table or from the model's record of its decisions. Each number is
written as ``<span class="num" data-key=KEY data-value=RAW>shown</span>``, so readers
(and the tests) can check it against the data.
"""

from __future__ import annotations

import base64
import html
import math
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from movementsim import __version__
from movementsim.model import MovementModel
from movementsim.output import LONG_RUN_WEEKS, long_run_power
from movementsim.parameters import Scenario
from movementsim.plotting import plot_comparison_power, plot_measures, plot_power
from movementsim.structure import Governance


@dataclass(frozen=True)
class RunRecord:
    """One run and the model's record of its moments to act.

    Attributes:
        scenario: the scenario run.
        seed: its seed.
        frame: the weekly measures, as :func:`movementsim.simulate` returns them.
        decision_weeks: for each decided moment, the weeks from opening to decision.
        missed_waits: for each missed moment, the weeks from opening to its deadline.
        undecided_open: moments still undecided (and not yet missed) at the end.
        governance: the rules in force at the end.
    """

    scenario: Scenario
    seed: int
    frame: pd.DataFrame
    decision_weeks: tuple[int, ...]
    missed_waits: tuple[int, ...]
    undecided_open: int
    governance: Governance

    @property
    def opened(self) -> int:
        """Moments to act that opened during the run."""
        return len(self.decision_weeks) + len(self.missed_waits) + self.undecided_open


def record_run(
    scenario: Scenario,
    seed: int,
    steps: int | None = None,
    progress: Callable[[int], None] | None = None,
) -> RunRecord:
    """Run ``scenario`` as :func:`movementsim.simulate` does, keeping the decision record.

    The weekly frame is identical to ``simulate(scenario, seed=seed, steps=steps)``.
    ``progress`` is called with the number of weeks done.
    """
    model = MovementModel(scenario, rng=seed)
    frame = model.run_for(model.params.model.steps if steps is None else steps, progress)
    return RunRecord(
        scenario=model.params,
        seed=seed,
        frame=frame,
        decision_weeks=tuple(int(w) for w in model.decision_times),
        missed_waits=tuple(int(w) for w in model.missed_waits),
        undecided_open=sum(not opp.decided for opp in model.opportunities),
        governance=model.governance,
    )


# Numbers in sentences -----------------------------------------------------------------


def num(key: str, value: float, shown: str) -> str:
    """A number in the report: ``shown`` to read, the raw ``value`` kept for checking."""
    return (
        f'<span class="num" data-key="{html.escape(key)}" data-value="{value!r}">'
        f"{html.escape(shown)}</span>"
    )


def _int(key: str, value: float) -> str:
    return num(key, int(value), f"{int(value):,}")


def _dec(key: str, value: float, digits: int) -> str:
    return num(key, float(value), f"{value:.{digits}f}")


def _pct(key: str, share: float) -> str:
    """A share (0 to 1) shown as a percentage with one decimal."""
    return num(key, float(share), f"{100 * share:.1f}%")


def _plural(count: int, one: str, many: str) -> str:
    return one if count == 1 else many


def _first_week(series: pd.Series) -> int | None:
    hits = series.index[series.to_numpy() > 0]
    return int(hits[0]) if len(hits) else None


def interpret(record: RunRecord) -> list[str]:
    """Sentences (HTML) about one run, each computed from the run's own numbers."""
    df, scenario = record.frame, record.scenario
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
    needed = scenario.decision_maker.seat_after_wins
    if seat_week is not None:
        held = "and still held it at the end" if final["seat_at_table"] else "but lost it again"
        sentences.append(
            f"It won a seat at the table in week {_int('seat_week', seat_week)}, "
            f"after {_int('seat_after_wins', needed)} wins, {held}."
        )
    else:
        sentences.append(
            f"It never won a seat at the table, which takes {_int('seat_after_wins', needed)} wins."
        )

    missed, decided = len(record.missed_waits), len(record.decision_weeks)
    gov = record.governance
    rules = (
        f"decisions by {gov.decision_rule.replace('_', ' ')}, "
        f"{gov.approval_layers} {_plural(gov.approval_layers, 'sign-off', 'sign-offs')}"
        + (", local teams deciding local moments alone" if gov.local_autonomy else "")
    )
    if record.opened == 0:
        sentences.append("No moment to act opened in this run.")
    else:
        text = (
            f"{_int('missed', missed)} of {_int('opened', record.opened)} moments to act "
            f"{_plural(missed, 'was', 'were')} missed"
        )
        if decided:
            mean_decision = _dec("mean_decision_weeks", np.mean(record.decision_weeks), 1)
            deadline = scenario.campaign.deadline_weeks
            text += (
                f"; decisions took on average {mean_decision} weeks against deadlines of "
                f"about {num('deadline_weeks', deadline, f'{deadline:g}')} weeks"
            )
        if missed:
            text += (
                f"; the missed ones had on average only "
                f"{_dec('mean_missed_wait', np.mean(record.missed_waits), 1)} weeks from "
                "opening to deadline"
            )
        sentences.append(f"{text} ({html.escape(rules)}).")

    sentences.append(
        f"Actions dropped {_int('tasks_dropped', final['tasks_dropped'])} tasks that nobody "
        f"owned and gave {_int('tasks_duplicated', final['tasks_duplicated'])} tasks a "
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
    return sentences


def compare_sentences(records: Sequence[RunRecord]) -> list[str]:
    """Sentences (HTML) ranking the scenarios' runs by long-run power, wins and misses."""
    rows = [
        (
            r.scenario.name,
            long_run_power(r.frame),
            int(r.frame["wins"].iloc[-1]),
            len(r.missed_waits),
        )
        for r in records
    ]
    by_power = sorted(rows, key=lambda row: -row[1])
    ranking = ", then ".join(
        f"{html.escape(name)} ({_dec(f'long_run_power:{name}', power, 3)})"
        for name, power, _, _ in by_power
    )
    sentences = [f"By long-run collective power the runs rank {ranking}."]
    most_wins = max(rows, key=lambda row: row[2])
    fewest_missed = min(rows, key=lambda row: row[3])
    sentences.append(
        f"{html.escape(most_wins[0])} won the most "
        f"({_int(f'wins:{most_wins[0]}', most_wins[2])}); {html.escape(fewest_missed[0])} "
        "missed the fewest moments to act "
        f"({_int(f'missed:{fewest_missed[0]}', fewest_missed[3])})."
    )
    seeds = sorted({r.seed for r in records})
    sentences.append(
        f"Each scenario ran once (seed {', '.join(str(s) for s in seeds)}); one run can be "
        "lucky or unlucky, so compare the averages of many runs with "
        "<code>movementsim compare</code> before drawing conclusions."
    )
    return sentences


# The table of measures ----------------------------------------------------------------

#: Rows of the report's table: (label, key, function of the weekly frame, digits shown).
TABLE_ROWS: tuple[tuple[str, str, Callable[[pd.DataFrame], float], int], ...] = (
    ("long-run collective power", "long_run_power", long_run_power, 3),
    ("power at the end", "power", lambda df: df["power"].iloc[-1], 3),
    ("durable power at the end", "durable_power", lambda df: df["durable_power"].iloc[-1], 3),
    ("wins", "wins", lambda df: df["wins"].iloc[-1], 0),
    (
        "missed moments to act",
        "missed_opportunities",
        lambda df: df["missed_opportunities"].iloc[-1],
        0,
    ),
    (
        "mean weeks to a decision (missed ones at their deadline)",
        "decision_latency",
        lambda df: df["decision_latency"].iloc[-1],
        2,
    ),
    ("members at the end", "members", lambda df: df["members"].iloc[-1], 0),
    ("active at the end", "active", lambda df: df["active"].iloc[-1], 0),
    ("leaders at the end", "leaders", lambda df: df["leaders"].iloc[-1], 0),
    ("tasks dropped", "tasks_dropped", lambda df: df["tasks_dropped"].iloc[-1], 0),
    ("tasks duplicated", "tasks_duplicated", lambda df: df["tasks_duplicated"].iloc[-1], 0),
    (
        "inequality of say at the end (Gini)",
        "influence_gini",
        lambda df: df["influence_gini"].iloc[-1],
        2,
    ),
    (
        "peak percent of everyone believing a false claim",
        "peak_misinformed",
        lambda df: 100 * df["misinformed_share"].max(),
        1,
    ),
    (
        "peak percent of members burnt out",
        "peak_burnout",
        lambda df: 100 * df["burnout_share"].max(),
        1,
    ),
    ("total participations in actions", "turnout_total", lambda df: df["turnout"].sum(), 0),
)


def _cell(key: str, value: float, digits: int) -> str:
    value = float(value)
    if math.isnan(value):
        return f'<td class="num" data-key="{key}" data-value="nan">n/a</td>'
    shown = f"{value:,.0f}" if digits == 0 else f"{value:.{digits}f}"
    raw = int(value) if digits == 0 else value
    return f'<td class="num" data-key="{key}" data-value="{raw!r}">{shown}</td>'


def measures_table(records: Sequence[RunRecord]) -> str:
    """The HTML table of :data:`TABLE_ROWS`, one column per scenario's run."""
    head = "".join(f"<th>{html.escape(r.scenario.name)}</th>" for r in records)
    body = []
    for label, key, fn, digits in TABLE_ROWS:
        cells = "".join(_cell(key, fn(r.frame), digits) for r in records)
        body.append(f"<tr><th>{html.escape(label)}</th>{cells}</tr>")
    return (
        f"<table><thead><tr><th>measure</th>{head}</tr></thead>"
        f"<tbody>{''.join(body)}</tbody></table>"
    )


# The HTML file ------------------------------------------------------------------------

CSS = """
body { font-family: system-ui, sans-serif; font-size: 18px; line-height: 1.5;
       max-width: 60em; margin: 2em auto; padding: 0 1em; color: #111; }
h1 { font-size: 2em; } h2 { border-bottom: 2px solid #0072B2; margin-top: 2em; }
img { max-width: 100%; height: auto; display: block; margin: 1em 0; }
table { border-collapse: collapse; margin: 1em 0; }
th, td { border-bottom: 1px solid #ccc; padding: 0.3em 0.8em; text-align: left; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
.watch { background: #FFF7D6; border-left: 6px solid #E69F00; padding: 0.5em 1em; }
.meta { color: #555; font-size: 0.9em; }
@media print { body { font-size: 12pt; max-width: none; }
               section { break-before: page; } img { break-inside: avoid; } }
"""


def _image(path: Path, alt: str) -> str:
    data = base64.b64encode(path.read_bytes()).decode("ascii")
    return f'<img src="data:image/png;base64,{data}" alt="{html.escape(alt)}">'


def _paragraphs(text: str) -> str:
    parts = [" ".join(p.split()) for p in text.split("\n\n") if p.strip()]
    return "".join(f"<p>{html.escape(p)}</p>" for p in parts)


def write_report(records: Sequence[RunRecord], path: str | Path) -> Path:
    """Write the report of ``records`` (one run per scenario) to ``path``; return it.

    Figures are drawn into a temporary folder and embedded as PNG, so the file stands
    alone.
    """
    path = Path(path)
    names = [r.scenario.name for r in records]
    title = "movementsim report: " + ", ".join(names)
    parts = [
        f"<h1>{html.escape(title)}</h1>",
        f'<p class="meta">movementsim {html.escape(__version__)}; '
        + "; ".join(
            f"{html.escape(r.scenario.name)}: seed {r.seed}, {int(r.frame.index[-1])} weeks, "
            f"{r.scenario.community.members:,} people"
            for r in records
        )
        + ".</p>",
    ]
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        if len(records) > 1:
            bands = {
                r.scenario.name: {
                    column: pd.DataFrame(
                        {
                            "mean": r.frame[column],
                            "ci_low": r.frame[column],
                            "ci_high": r.frame[column],
                        }
                    )
                    for column in ("power", "durable_power")
                }
                for r in records
            }
            wins = {
                r.scenario.name: [
                    float(w) for w in r.frame.index[r.frame["wins"].diff().fillna(0) > 0]
                ]
                for r in records
            }
            png, _ = plot_comparison_power(
                bands,
                wins,
                folder / "compare",
                "Collective power, one run each",
                band_label=None,
                win_label="a win",
            )
            parts += [
                "<h2>The scenarios side by side</h2>",
                _image(png, "Power and durable power of each scenario over the weeks"),
                "<ul>" + "".join(f"<li>{s}</li>" for s in compare_sentences(records)) + "</ul>",
            ]
        parts += ["<h2>Measures</h2>", measures_table(records)]
        for i, r in enumerate(records):
            s = r.scenario
            heading = s.title or s.name
            power_png, _ = plot_power(r.frame, folder / f"power{i}", f"Collective power: {heading}")
            measures_png, _ = plot_measures(
                r.frame, folder / f"measures{i}", f"Inside the movement: {heading}"
            )
            section = [f"<section><h2>{html.escape(s.name)}: {html.escape(heading)}</h2>"]
            section.append(_paragraphs(s.narrative))
            if s.watch_for:
                section.append(
                    f'<div class="watch"><strong>What to watch for.</strong>'
                    f"{_paragraphs(s.watch_for)}</div>"
                )
            section += [
                "<h3>What happened in this run</h3>",
                "<ul>" + "".join(f"<li>{x}</li>" for x in interpret(r)) + "</ul>",
                _image(power_png, f"Power and durable power over the weeks: {s.name}"),
                _image(measures_png, f"The other measures over the weeks: {s.name}"),
            ]
            if s.questions:
                section.append(
                    "<h3>Questions to discuss</h3><ol>"
                    + "".join(f"<li>{html.escape(q)}</li>" for q in s.questions)
                    + "</ol>"
                )
            section.append("</section>")
            parts.append("".join(section))
    document = (
        f'<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        f"<title>{html.escape(title)}</title><style>{CSS}</style></head>"
        f"<body>{''.join(parts)}</body></html>\n"
    )
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(document, encoding="utf-8")
    return path
