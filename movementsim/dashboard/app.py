"""The interactive page, for a room and a projector (1280x720 and up).

Serve it with ``movementsim dashboard``, which also turns off Solara's own badges.
The left column holds the controls: the scenario, play / pause / step / reset, the
playing speed (weeks per second), and the settings (sliders, each with its value, and
the seed), which take effect at the next Reset. Choosing another scenario starts it at
once with its own values. Two tabs: "One movement" (the run's views and numbers) and
"Side by side" (the same scenario and seed at two structure levels, stepping in lockstep,
on shared axes).

The page is built from Solara components around a :class:`DashboardModel`, not with
Mesa's SolaraViz frame: SolaraViz names its tabs "Page 0", "Page 1", always shows its
"Use Threads" and millisecond controls, lays views out in a draggable grid that cannot
hold the side-by-side view on one projector screen, and redraws every view after every
step (about one week per second at 1,000 members). Playing here is paced by
:class:`movementsim.dashboard.session.Player`: the run keeps the chosen speed and the
views redraw as often as the drawing allows (only the visible tab is drawn).

Every number on the page sits in an element with a ``data-testid`` (and its exact value
in ``data-value``) so that browser tests can read it.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

import solara

from movementsim.dashboard.figures import (
    SIDE_COLOURS,
    comparison_png,
    draw_decisions,
    draw_durable,
    draw_ladder,
    draw_misinformation,
    draw_network,
    draw_power,
    panel,
    side_by_side_figure,
    snapshot_png,
    to_png,
)
from movementsim.dashboard.session import (
    NUMBERS,
    SLIDERS,
    SPEEDS,
    DashboardModel,
    Player,
    describe,
    format_measure,
    format_slider,
    initial_preset,
    level_meaning,
    preset_defaults,
    presets,
    verdict,
)
from movementsim.model.scenario import ScenarioError

#: The scenario preset chosen on the page (one value per browser session).
preset_choice = solara.reactive(initial_preset())
#: What the network's colours show: "engagement" or "belief".
colour_choice = solara.reactive("engagement")

#: The tabs, in order.
TABS = ("One movement", "Side by side")
#: Width of the controls column, in pixels (the rest of the screen is the views').
CONTROLS_WIDTH = 300
#: The measures compared in the side-by-side table, in order, with short labels.
SIDE_NUMBERS = {
    "power": "Power (now)",
    "resistance": "Needed to win",
    "durable_power": "Durable power",
    "wins": "Wins",
    "missed_opportunities": "Moments missed",
    "members": "Members",
}


def _tagged(tag: str, testid: str, text: str, value: object = None, style: str = "") -> Any:
    """An HTML element showing ``text``, findable by ``data-testid`` (exact value in
    ``data-value``)."""
    attributes = {"data-testid": testid}
    if value is not None:
        attributes["data-value"] = repr(value)
    return solara.v.Html(tag=tag, attributes=attributes, children=[text], style_=style)


@solara.component
def Image(testid: str, make_png: Callable[[], bytes], dependencies: list[Any]) -> Any:
    """A view drawn as a PNG, redrawn only when one of ``dependencies`` changes."""
    png = solara.use_memo(make_png, dependencies)
    return solara.v.Html(
        tag="div", attributes={"data-testid": testid},
        children=[solara.Image(png, width="100%")],
    )


def locked(model: DashboardModel, read: Callable[[], Any]) -> Callable[[], Any]:
    """``read`` made to run while the model is not stepping (see ``DashboardModel.lock``)."""
    def under_lock() -> Any:
        with model.lock:
            return read()

    return under_lock


def Plot(model: DashboardModel, tick: int, draw: Callable[..., None], testid: str,
         *args: Any) -> Any:
    """One view of the run, redrawn when the page redraws (``tick``) or the run is new."""
    return Image(testid, locked(model, lambda: to_png(panel(draw, model, *args))),
                 [tick, id(model), draw, *args])


@solara.component
def LabelledSlider(name: str, value: float, on_value: Callable[[float], None],
                   meaning: str | None = None) -> None:
    """A slider at full width under its label, its value shown beside the label."""
    _key, label, low, high, step = SLIDERS[name]
    with solara.v.Html(tag="div", attributes={"data-testid": f"slider-{name}"},
                       style_="width: 100%; margin-bottom: 6px"):
        with solara.Row(justify="space-between", style="width: 100%; align-items: baseline"):
            solara.v.Html(tag="span", children=[label], style_="font-size: 14px")
            _tagged("b", f"slider-value-{name}", format_slider(name, value), value,
                    "font-size: 15px")
        solara.v.Slider(v_model=value, on_v_model=on_value, min=low, max=high, step=step,
                        hide_details=True, dense=True, style_="width: 100%")
        if meaning:
            _tagged("div", f"meaning-{name}", meaning, style="font-size: 12px; color: #444")


@solara.component
def Controls(model: solara.Reactive[DashboardModel], settings: solara.Reactive[dict],
             playing: solara.Reactive[bool], speed: solara.Reactive[int],
             tick: solara.Reactive[int]) -> None:
    """The left column: scenario, play / pause / step / reset, speed, settings and seed."""
    error = solara.use_reactive(None)

    def step() -> None:
        model.value.step()
        tick.set(tick.value + 1)

    def reset() -> None:
        playing.set(False)
        try:
            model.set(DashboardModel(**settings.value))
        except ScenarioError as err:
            error.set(str(err))
            return
        error.set(None)
        tick.set(tick.value + 1)

    def set_value(name: str) -> Callable[[Any], None]:
        return lambda value: settings.set({**settings.value, name: value})

    with solara.Column(gap="6px", style="padding: 10px 12px"):
        solara.v.Html(tag="div", children=["movementsim"],
                      style_="font-size: 20px; font-weight: 600")
        solara.v.Html(tag="div", children=["How structure shapes a movement's power"],
                      style_="font-size: 13px; color: #444; margin-top: -6px")
        solara.Select(
            label="Scenario (starts it with its own values)",
            value=preset_choice.value,
            values=presets(),
            on_value=preset_choice.set,
        )
        running = model.value.running
        with solara.Row(gap="6px"):
            solara.Button(
                label="❚❚ Pause" if playing.value else "▶ Play", color="primary",
                on_click=lambda: playing.set(not playing.value),
                disabled=not running and not playing.value,
            )
            solara.Button(label="Step", on_click=step, disabled=playing.value or not running)
            solara.Button(label="Reset", on_click=reset)
        with solara.v.Html(tag="div", attributes={"data-testid": "slider-speed"},
                           style_="width: 100%"):
            with solara.Row(justify="space-between", style="width: 100%"):
                solara.v.Html(tag="span", children=["Speed: weeks per second"],
                              style_="font-size: 14px")
                _tagged("b", "slider-value-speed", str(speed.value), speed.value,
                        "font-size: 15px")
            solara.v.Slider(v_model=speed.value, on_v_model=speed.set, min=SPEEDS[0],
                            max=SPEEDS[2], step=1, hide_details=True, dense=True,
                            style_="width: 100%")
        solara.v.Html(tag="div", children=["Settings (press Reset to apply)"],
                      style_="font-size: 15px; font-weight: 600; margin-top: 6px")
        values = settings.value
        for name in SLIDERS:
            meaning = level_meaning(values[name]) if name in ("level", "compare_level") else None
            LabelledSlider(name, values[name], set_value(name), meaning)
        solara.InputText(label="Seed (same seed, same run)", value=str(values["seed"]),
                         on_value=set_value("seed"), continuous_update=False)
        if error.value:
            solara.Error(error.value)


@solara.component
def ScenarioCard(model: DashboardModel, tick: int) -> None:
    """The scenario's title and narrative, the settings in use and what is happening."""
    scenario = model.params
    with solara.Column(gap="6px", style="padding: 8px"):
        _tagged("p", "happening", locked(model, lambda: describe(model))(),
                style="font-size: 18px; font-weight: 500; background: #FFF7D6; padding: 8px; "
                "margin: 0")
        settings = (
            f"Structure level {scenario.structure.level:.2f} · "
            f"{scenario.community.members:,} members · tempo "
            f"{scenario.campaign.opportunity_rate:.2f} · false claims "
            f"{scenario.information.false_claim_rate:.2f} · organizing share "
            f"{scenario.strategy.organizing_share:.2f} · seed {model.seed}."
        )
        _tagged("p", "settings", settings, style="font-size: 13px; color: #555; margin: 0")
        solara.v.Html(
            tag="div",
            children=[
                solara.v.Html(tag="b", children=[scenario.title or scenario.name]),
                _tagged("p", "narrative", scenario.narrative, style="margin: 4px 0 0 0"),
            ],
            style_="font-size: 14px; max-height: 130px; overflow-y: auto",
        )


def _stem(model: DashboardModel) -> str:
    return f"{model.params.name}-level{model.params.structure.level:.2f}-seed{model.seed}"


@solara.component
def NumbersCard(model: DashboardModel, tick: int) -> None:
    """The current value of each key measure, and the exports."""
    now = locked(model, lambda: model.timeseries().iloc[-1])()
    rows = [
        solara.v.Html(tag="tr", children=[
            solara.v.Html(tag="td", children=["Week"]),
            _tagged("td", "week", str(model.steps), model.steps, "font-weight: 600"),
        ])
    ]
    for name, label in NUMBERS.items():
        value = float(now[name])
        rows.append(solara.v.Html(tag="tr", children=[
            solara.v.Html(tag="td", children=[label]),
            _tagged("td", f"value-{name}", format_measure(name, value), value,
                    "font-weight: 600; text-align: right; padding-left: 24px"),
        ]))
    with solara.Column(gap="8px", style="padding: 8px"):
        solara.v.Html(tag="table", children=rows, style_="font-size: 16px")
        with solara.Row():
            solara.FileDownload(
                locked(model, lambda: snapshot_png(model, colour_choice.value)),
                filename=f"{_stem(model)}-week{model.steps}.png",
                label="Figures (PNG)",
                mime_type="image/png",
            )
            solara.FileDownload(
                locked(model, lambda: model.timeseries().to_csv(index_label="step")),
                filename=f"{_stem(model)}-timeseries.csv",
                label="Time series (CSV)",
                mime_type="text/csv",
            )


@solara.component
def OneMovement(model: DashboardModel, tick: int) -> None:
    """The first tab: what is happening, the numbers, the network and five views."""
    cell = "min-width: 0"
    with solara.v.Html(tag="div", attributes={"data-testid": "tab-one-movement"}, style_=(
        "display: grid; grid-template-columns: 1fr 1fr; gap: 8px; align-items: start"
    )):
        with solara.v.Html(tag="div", style_=cell):
            ScenarioCard(model, tick)
        with solara.v.Html(tag="div", style_=cell):
            NumbersCard(model, tick)
        with solara.v.Html(tag="div", style_=cell):
            solara.ToggleButtonsSingle(value=colour_choice.value,
                                       values=["engagement", "belief"],
                                       on_value=colour_choice.set)
            Plot(model, tick, draw_network, "plot-network", colour_choice.value)
        for draw, testid in (
            (draw_power, "plot-power"),
            (draw_durable, "plot-durable"),
            (draw_ladder, "plot-ladder"),
            (draw_decisions, "plot-decisions"),
            (draw_misinformation, "plot-misinformation"),
        ):
            with solara.v.Html(tag="div", style_=cell):
                Plot(model, tick, draw, testid)


@solara.component
def SideBySide(model: DashboardModel, tick: int) -> None:
    """The second tab: both runs on shared axes, their numbers side by side, the verdict
    and both downloads, on one 1280x720 screen."""
    runs = {"left": model, "right": model.twin}
    with model.lock:
        now = {side: run.measures().iloc[-1] for side, run in runs.items()}
        said = verdict(model)
    header = [solara.v.Html(tag="th", children=[""])]
    for (side, run), colour in zip(runs.items(), SIDE_COLOURS, strict=True):
        level = run.params.structure.level
        header.append(_tagged("th", f"{side}-level", f"level {level:.2f}", level,
                              f"color: {colour}; text-align: right; padding-left: 16px; "
                              "white-space: nowrap"))
    rows = [solara.v.Html(tag="tr", children=header)]
    for name, label in SIDE_NUMBERS.items():
        cells = [solara.v.Html(tag="td", children=[label])]
        for side in runs:
            value = float(now[side][name])
            cells.append(_tagged("td", f"{side}-value-{name}", format_measure(name, value),
                                 value, "font-weight: 600; text-align: right"))
        rows.append(solara.v.Html(tag="tr", children=cells))
    with solara.v.Html(tag="div", attributes={"data-testid": "tab-side-by-side"}, style_=(
        "display: grid; grid-template-columns: 58% 42%; gap: 8px; align-items: start"
    )):
        with solara.v.Html(tag="div", style_="min-width: 0"):
            Image("plot-side-by-side",
                  locked(model, lambda: to_png(side_by_side_figure(model))), [tick, id(model)])
        with solara.Column(gap="10px", style="padding: 4px 8px; min-width: 0"):
            with solara.Row(gap="8px", style="align-items: baseline"):
                solara.v.Html(tag="span", children=["Same scenario and seed, week"],
                              style_="font-size: 16px")
                _tagged("span", "week", str(model.steps), model.steps,
                        "font-size: 16px; font-weight: 600")
            solara.v.Html(tag="table", children=rows, style_="font-size: 16px")
            _tagged("p", "verdict", said,
                    style="font-size: 16px; font-weight: 500; background: #FFF7D6; "
                    "padding: 6px; margin: 0")
            with solara.Row(gap="6px", style="flex-wrap: wrap"):
                solara.FileDownload(
                    locked(model, lambda: comparison_png(model)),
                    filename=f"{model.params.name}-side-by-side-seed{model.seed}.png",
                    label="Side by side (PNG)",
                    mime_type="image/png",
                )
                solara.FileDownload(
                    locked(model, lambda: model.comparison().to_csv(index=False)),
                    filename=f"{model.params.name}-side-by-side-seed{model.seed}.csv",
                    label="Both time series (CSV)",
                    mime_type="text/csv",
                )


@solara.component
def Dashboard(preset: str) -> None:
    """The page for one preset: controls on the left, the chosen tab on the right.

    While playing, a background task steps the run at the chosen speed and asks for a
    redraw after each catch-up (``tick``); the redraw draws only the visible tab.
    """
    defaults = solara.use_memo(lambda: preset_defaults(preset), [preset])
    settings = solara.use_reactive(dict(defaults))
    first = solara.use_memo(lambda: DashboardModel(**defaults), [preset])
    model = solara.use_reactive(first)
    playing = solara.use_reactive(False)
    speed = solara.use_reactive(SPEEDS[1])
    tick = solara.use_reactive(0)
    tab = solara.use_reactive(0)

    # Which call of play() may step: a pause and a quick play again must not leave the
    # earlier loop stepping beside the new one.
    turn = solara.use_memo(lambda: {"current": 0}, [])

    def play() -> None:
        turn["current"] += 1
        mine = turn["current"]
        if not playing.value:
            return
        player = Player(model.value, speed.value)
        try:
            while (turn["current"] == mine and playing.value and player.model is model.value
                   and model.value.running):
                player.set_speed(speed.value)
                if player.advance():
                    tick.set(tick.value + 1)  # redraws the visible tab, in this thread
                time.sleep(min(player.seconds_to_next_week(), 0.05))
        finally:
            if not model.value.running:  # the run ended: Play turns off by itself
                playing.set(False)
            tick.set(tick.value + 1)  # the last week stepped is the week shown

    solara.lab.use_task(play, dependencies=[playing.value, id(model.value)],
                        prefer_threaded=True)

    with solara.v.Html(tag="div", style_=(
        f"display: grid; grid-template-columns: {CONTROLS_WIDTH}px 1fr; height: 100vh"
    )):
        with solara.v.Html(tag="div", attributes={"data-testid": "controls"}, style_=(
            "overflow-y: auto; border-right: 1px solid #DDD; background: #FAFAFA"
        )):
            Controls(model, settings, playing, speed, tick)
        with solara.v.Html(tag="div", attributes={"data-testid": "views"},
                           style_="overflow-y: auto; min-width: 0; padding: 0 8px"):
            with solara.v.Tabs(v_model=tab.value, on_v_model=tab.set, height=40):
                for name in TABS:
                    solara.v.Tab(children=[name])
            if tab.value == 0:
                OneMovement(model.value, tick.value)
            else:
                SideBySide(model.value, tick.value)


@solara.component
def Page() -> None:
    """The page: the dashboard for the chosen preset, started afresh when it changes."""
    solara.Title("movementsim: structure and power")
    Dashboard(preset_choice.value).key(f"dashboard-{preset_choice.value}")
