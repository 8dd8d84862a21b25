"""The interactive page: Mesa's SolaraViz around a :class:`DashboardModel`.

Serve it with ``movementsim dashboard`` (or ``solara run movementsim.dashboard.app:Page``).
SolaraViz gives the sidebar: play, pause, step, reset, the play interval (speed) and
render interval (weeks per redraw), and the model parameters (seed and sliders), which
take effect at the next Reset. Choosing another scenario starts it at once with its
own values. The tab "Page 0" holds the run's views, "Page 1" the side-by-side runs at
two structure levels, stepping in lockstep.

Every number on the page sits in an element with a ``data-testid`` (and its exact value
in ``data-value``) so that browser tests can read it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import solara
from mesa.visualization import Slider, SolaraViz
from mesa.visualization.utils import update_counter

from movementsim.dashboard.figures import (
    comparison_png,
    draw_decisions,
    draw_ladder,
    draw_misinformation,
    draw_network,
    draw_power,
    draw_pressure,
    panel,
    power_ceiling,
    snapshot_png,
    to_png,
)
from movementsim.dashboard.session import (
    NUMBERS,
    SLIDERS,
    DashboardModel,
    describe,
    format_measure,
    initial_preset,
    preset_defaults,
    presets,
    verdict,
)

#: The scenario preset chosen on the page (one value per browser session).
preset_choice = solara.reactive(initial_preset())
#: What the network's colours show: "engagement" or "belief".
colour_choice = solara.reactive("engagement")

#: Milliseconds between steps when playing, and weeks per redraw, at start.
PLAY_INTERVAL = 150
RENDER_INTERVAL = 1


def model_params(defaults: dict[str, Any]) -> dict[str, Any]:
    """SolaraViz's model parameters for a preset's values: the seed and the sliders."""
    params: dict[str, Any] = {
        "preset": defaults["preset"],
        "seed": {
            "type": "InputText",
            "value": defaults["seed"],
            "label": "Seed (same seed, same run)",
        },
    }
    for name, (_key, label, low, high, step) in SLIDERS.items():
        params[name] = Slider(label, defaults[name], low, high, step)
    return params


def _tagged(tag: str, testid: str, text: str, value: object = None, style: str = "") -> Any:
    """An HTML element showing ``text``, findable by ``data-testid`` (exact value in
    ``data-value``)."""
    attributes = {"data-testid": testid}
    if value is not None:
        attributes["data-value"] = repr(value)
    return solara.v.Html(tag=tag, attributes=attributes, children=[text], style_=style)


@solara.component
def Plot(model: DashboardModel, draw: Callable[..., None], testid: str, *args: Any) -> Any:
    """One view drawn as a PNG, redrawn only when the model has stepped or been replaced."""
    counter = update_counter.get()
    png = solara.use_memo(
        lambda: to_png(panel(draw, model, *args)), [counter, id(model), draw, *args]
    )
    return solara.v.Html(
        tag="div",
        attributes={"data-testid": testid},
        children=[solara.Image(png, width="100%")],
    )


@solara.component
def ScenarioCard(model: DashboardModel) -> None:
    """The scenario selector, its narrative, the settings in use and what is happening."""
    update_counter.get()
    scenario = model.params
    with solara.Column(gap="6px", style="padding: 8px"):
        solara.Select(
            label="Scenario (starts it with its own values)",
            value=preset_choice.value,
            values=presets(),
            on_value=preset_choice.set,
        )
        _tagged(
            "p", "happening", describe(model),
            style="font-size: 18px; font-weight: 500; background: #FFF7D6; padding: 8px; "
            "margin: 0",
        )
        settings = (
            f"Structure level {scenario.structure.level:.2f} · "
            f"{scenario.community.members:,} members · tempo "
            f"{scenario.campaign.opportunity_rate:.2f} · false claims "
            f"{scenario.information.false_claim_rate:.2f} · organizing share "
            f"{scenario.strategy.organizing_share:.2f} · seed {model.seed}. "
            "Change the sliders or seed, then press Reset."
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


@solara.component
def NumbersCard(model: DashboardModel) -> None:
    """The current value of each key measure, and the exports."""
    update_counter.get()
    now = model.timeseries().iloc[-1]
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
        solara.v.Html(tag="table", children=rows, style_="font-size: 17px")
        with solara.Row():
            stem = f"{model.params.name}-level{model.params.structure.level:.2f}-seed{model.seed}"
            solara.FileDownload(
                lambda: snapshot_png(model, colour_choice.value),
                filename=f"{stem}-week{model.steps}.png",
                label="Figures (PNG)",
                mime_type="image/png",
            )
            solara.FileDownload(
                lambda: model.timeseries().to_csv(index_label="step"),
                filename=f"{stem}-timeseries.csv",
                label="Time series (CSV)",
                mime_type="text/csv",
            )


@solara.component
def NetworkView(model: DashboardModel) -> None:
    """The community network, coloured by engagement or belief, leaders ringed."""
    with solara.Column(gap="0px"):
        solara.ToggleButtonsSingle(
            value=colour_choice.value,
            values=["engagement", "belief"],
            on_value=colour_choice.set,
        )
        Plot(model, draw_network, "plot-network", colour_choice.value)


@solara.component
def SideRun(model: DashboardModel, side: str) -> None:
    """One side of the side-by-side view: a run's power, its numbers and the verdict."""
    update_counter.get()
    run = model if side == "left" else model.twin
    now = run.measures().iloc[-1]
    ceiling = power_ceiling(model)
    level = run.params.structure.level
    with solara.Column(gap="4px", style="padding: 8px"):
        with solara.Row(gap="12px", style="align-items: baseline"):
            _tagged("h3", f"{side}-level", f"Structure level {level:.2f}", level)
            if side == "left":  # one week counter: both runs step in lockstep
                solara.v.Html(tag="span", children=["week"], style_="font-size: 16px")
                _tagged("span", "week", str(model.steps), model.steps, "font-size: 16px")
        Plot(run, draw_power, f"plot-{side}-power", ceiling)
        parts = []
        for name in ("power", "durable_power", "wins", "missed_opportunities", "members"):
            value = float(now[name])
            parts.append(f"{NUMBERS[name]}: ")
            parts.append(_tagged("b", f"{side}-value-{name}", format_measure(name, value), value))
            parts.append(" · ")
        solara.v.Html(tag="div", children=parts[:-1], style_="font-size: 16px")
        if side == "right":
            _tagged("p", "verdict", verdict(model),
                    style="font-size: 17px; font-weight: 500; background: #FFF7D6; padding: 6px")
            with solara.Row():
                solara.FileDownload(
                    lambda: comparison_png(model),
                    filename=f"{model.params.name}-side-by-side-seed{model.seed}.png",
                    label="Side by side (PNG)",
                    mime_type="image/png",
                )
                solara.FileDownload(
                    lambda: model.comparison().to_csv(index=False),
                    filename=f"{model.params.name}-side-by-side-seed{model.seed}.csv",
                    label="Both time series (CSV)",
                    mime_type="text/csv",
                )


def _view(draw: Callable[..., None], testid: str) -> Callable[[DashboardModel], Any]:
    def view(model: DashboardModel) -> Any:
        return Plot(model, draw, testid)

    view.__name__ = f"View_{testid.replace('-', '_')}"
    return view


#: The page's views as SolaraViz components: (function of the model, page number).
COMPONENTS: list[tuple[Callable[[DashboardModel], Any], int]] = [
    (ScenarioCard, 0),
    (NetworkView, 0),
    (NumbersCard, 0),
    (_view(draw_power, "plot-power"), 0),
    (_view(draw_pressure, "plot-pressure"), 0),
    (_view(draw_ladder, "plot-ladder"), 0),
    (_view(draw_decisions, "plot-decisions"), 0),
    (_view(draw_misinformation, "plot-misinformation"), 0),
    (lambda model: SideRun(model, "left"), 1),
    (lambda model: SideRun(model, "right"), 1),
]


@solara.component
def Page() -> None:
    """The page: SolaraViz for the chosen preset, started afresh when the preset changes."""
    preset = preset_choice.value
    defaults = solara.use_memo(lambda: preset_defaults(preset), [preset])
    model = solara.use_memo(lambda: DashboardModel(**defaults), [preset])
    solara.Title("movementsim: structure and power")
    SolaraViz(
        model,
        components=COMPONENTS,
        model_params=model_params(defaults),
        name="movementsim: how structure shapes a movement's power",
        play_interval=PLAY_INTERVAL,
        render_interval=RENDER_INTERVAL,
    ).key(f"viz-{preset}")
