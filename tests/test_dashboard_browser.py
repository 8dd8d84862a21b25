"""The interactive page in a real browser: Playwright driving Debian's Chromium.

The server is started the way a trainer starts it (``movementsim dashboard --port N``)
on a free localhost port. Chromium is launched by its path (``MOVEMENTSIM_CHROMIUM``,
default /usr/bin/chromium); no tool downloads a browser. Where Chromium is missing or
cannot start, the tests are skipped with the reason.

Set ``MOVEMENTSIM_DASHBOARD_SCREENSHOT`` to a path to keep the page's screenshot there
(docs/figures/dashboard.png and dashboard-side-by-side.png, at 1280x720, are made this
way).
"""

from __future__ import annotations

import io
import os
import re
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import matplotlib.image
import pandas as pd
import pytest

pytest.importorskip("solara", reason="the dashboard extra (solara) is not installed")
sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")

from movementsim import load_scenario, simulate  # noqa: E402
from movementsim.dashboard.app import TABS  # noqa: E402
from movementsim.dashboard.session import (  # noqa: E402
    NUMBERS,
    SLIDERS,
    SPEEDS,
    DashboardModel,
    describe,
    format_measure,
    format_slider,
    level_meaning,
    preset_defaults,
    verdict,
)

CHROMIUM = os.environ.get("MOVEMENTSIM_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
TIMEOUT_MS = 30_000
#: A projector's screen: the page must work at this size.
WIDTH, HEIGHT = 1280, 720


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """``movementsim dashboard balanced`` on a free port; yields the address it printed."""
    port = _free_port()
    log = tmp_path_factory.mktemp("server") / "output.txt"
    with log.open("w") as output:
        process = subprocess.Popen(
            [sys.executable, "-m", "movementsim", "dashboard", "balanced", "--port", str(port)],
            stdout=output,
            stderr=subprocess.STDOUT,
        )
    try:
        match = None
        deadline = time.monotonic() + 120
        while match is None and time.monotonic() < deadline and process.poll() is None:
            time.sleep(0.2)
            match = re.search(r"movementsim dashboard: open (http://\S+/)", log.read_text())
        assert match, f"the dashboard printed no address:\n{log.read_text()}"
        assert match.group(1) == f"http://127.0.0.1:{port}/"  # localhost unless told
        yield match.group(1)
    finally:
        process.terminate()
        process.wait(timeout=20)


@pytest.fixture(scope="module")
def browser_context(tmp_path_factory: pytest.TempPathFactory) -> Iterator[object]:
    """Chromium with a fresh profile; the tests are skipped, with the reason, if it cannot run."""
    if not (os.path.isfile(CHROMIUM) or shutil.which(CHROMIUM)):
        pytest.skip(f"Chromium not found at {CHROMIUM} (apt-get install chromium chromium-driver)")
    profile = tmp_path_factory.mktemp("chromium-profile")
    with sync_api.sync_playwright() as playwright:
        try:
            context = playwright.chromium.launch_persistent_context(
                str(profile),
                executable_path=CHROMIUM,
                headless=True,
                args=CHROMIUM_FLAGS,
                viewport={"width": WIDTH, "height": HEIGHT},
                accept_downloads=True,
            )
        except sync_api.Error as err:
            pytest.skip(f"Chromium at {CHROMIUM} cannot start: {str(err).splitlines()[0]}")
        yield context
        context.close()


@pytest.fixture
def page(server: str, browser_context: object) -> Iterator[object]:
    page = browser_context.new_page()
    page.set_default_timeout(TIMEOUT_MS)
    page.goto(server)
    page.get_by_test_id("week").wait_for()
    yield page
    page.close()


def _text(page: object, testid: str) -> str:
    return page.get_by_test_id(testid).first.inner_text().strip()


def _wait_for_text(page: object, testid: str, expected: str, timeout: float = TIMEOUT_MS) -> None:
    page.wait_for_function(
        "([id, text]) => { const e = document.querySelector(`[data-testid=\"${id}\"]`);"
        " return e !== null && e.innerText.trim() === text; }",
        arg=[testid, expected],
        timeout=timeout,
    )


def _plot_image(page: object, testid: str, attempts: int = 40) -> bytes:
    """A screenshot of a plot, waiting out re-renders: Solara replaces a plot's element
    when it redraws, and a screenshot of the replaced element fails."""
    for _ in range(attempts - 1):
        try:
            return page.get_by_test_id(testid).screenshot(timeout=2000)
        except sync_api.Error:
            time.sleep(0.25)
    return page.get_by_test_id(testid).screenshot()


def _step(page: object, weeks: int) -> None:
    for _ in range(weeks):
        week = int(_text(page, "week"))
        page.get_by_role("button", name="Step").click()
        _wait_for_text(page, "week", str(week + 1))


def _choose_scenario(page: object, name: str) -> None:
    selector = page.locator(".v-select", has_text="Scenario (starts it with its own values)")
    selector.locator(".v-select__slot").click()
    page.locator(".v-menu__content .v-list-item", has_text=re.compile(f"^{name}$")).click()
    scenario = load_scenario(name)
    last_words = " ".join(scenario.narrative.split()[-8:])
    page.get_by_test_id("narrative").filter(has_text=last_words).wait_for()
    level = f"Structure level {scenario.structure.level:.2f}"
    page.get_by_test_id("settings").filter(has_text=level).wait_for()
    _wait_for_text(page, "week", "0")


def _assert_numbers_equal(page: object, frame: pd.DataFrame, prefix: str = "") -> None:
    now = frame.iloc[-1]
    for name in NUMBERS:
        element = page.get_by_test_id(f"{prefix}value-{name}")
        if element.count() == 0:
            continue
        expected = float(now[name])
        # Each number is redrawn on its own: on a busy machine one may still show the
        # week before; wait for it (a wrong number still fails, after the timeout).
        sync_api.expect(element).to_have_text(format_measure(name, expected), timeout=TIMEOUT_MS)
        shown = float(element.get_attribute("data-value"))
        assert shown == pytest.approx(expected, nan_ok=True), name


def test_choose_step_and_read_the_models_numbers(page: object, tmp_path: Path) -> None:
    _choose_scenario(page, "leaderless")
    defaults = preset_defaults("leaderless")
    assert "Structure level 0.00" in _text(page, "settings")
    power_before = _plot_image(page, "plot-power")
    network_before = _plot_image(page, "plot-network")

    _step(page, 4)

    # The plots were redrawn with the new weeks.
    assert _plot_image(page, "plot-power") != power_before
    assert _plot_image(page, "plot-network") != network_before
    # The numbers are the model's: the same scenario and seed, run here.
    scenario = load_scenario("leaderless")
    expected = simulate(scenario, seed=scenario.model.seed, steps=4)
    _assert_numbers_equal(page, expected)
    local = DashboardModel(**defaults)
    for _ in range(4):
        local.step()
    assert _text(page, "happening") == describe(local)

    # Colour the network by belief.
    page.get_by_role("button", name="belief").click()
    page.get_by_test_id("plot-network").filter(has=page.locator("img")).wait_for()

    # Export: the time series equals the model's, the figures are a PNG image.
    with page.expect_download() as download:
        page.get_by_role("button", name=re.compile("Time series")).click()
    csv = tmp_path / "timeseries.csv"
    download.value.save_as(csv)
    exported = pd.read_csv(csv, index_col="step")
    pd.testing.assert_frame_equal(exported, expected, check_dtype=False, check_names=False)
    with page.expect_download() as download:
        page.get_by_role("button", name=re.compile("Figures")).click()
    png = tmp_path / "figures.png"
    download.value.save_as(png)
    assert matplotlib.image.imread(png).shape[1] > 1500


def test_side_by_side_runs_step_in_lockstep(page: object, tmp_path: Path) -> None:
    defaults = preset_defaults("balanced")
    page.get_by_role("tab", name="Side by side").click()
    page.get_by_test_id("right-level").wait_for()
    left, right = (float(page.get_by_test_id(f"{side}-level").get_attribute("data-value"))
                   for side in ("left", "right"))
    assert (left, right) == (defaults["level"], defaults["compare_level"])
    _step(page, 3)
    local = DashboardModel(**defaults)
    for _ in range(3):
        local.step()
    _assert_numbers_equal(page, local.timeseries(), prefix="left-")
    _assert_numbers_equal(page, local.timeseries("twin"), prefix="right-")
    assert _text(page, "verdict") == verdict(local)
    with page.expect_download() as download:
        page.get_by_role("button", name=re.compile("Both time series")).click()
    both = tmp_path / "both.csv"
    download.value.save_as(both)
    table = pd.read_csv(both)
    assert sorted(table["structure_level"].unique()) == sorted([left, right])
    assert len(table) == 2 * 4


def test_seed_play_pause_reset_and_screenshot(page: object, tmp_path: Path) -> None:
    seed_box = page.get_by_label("Seed (same seed, same run)")
    seed_box.fill("7")
    seed_box.press("Enter")
    page.get_by_role("button", name="Reset").click()
    page.get_by_test_id("settings").filter(has_text="seed 7.").wait_for()
    _wait_for_text(page, "week", "0")

    # Play a few weeks (half a year when the screenshot is kept for the docs).
    weeks_to_play = 26 if "MOVEMENTSIM_DASHBOARD_SCREENSHOT" in os.environ else 5
    page.get_by_role("button", name="▶ Play").click()
    page.wait_for_function(
        "(n) => Number(document.querySelector('[data-testid=\"week\"]').innerText) >= n",
        arg=weeks_to_play,
        timeout=10 * TIMEOUT_MS,
    )
    page.get_by_role("button", name="❚❚ Pause").click()
    page.get_by_role("button", name="▶ Play").wait_for()
    # Weeks stepped while the page was drawing when pause was pressed are drawn after
    # it (a redraw takes about a second on a busy machine); then the week holds.
    history = [int(_text(page, "week"))]
    deadline = time.monotonic() + 30
    while not (len(history) >= 8 and len(set(history[-8:])) == 1):
        assert time.monotonic() < deadline, f"the run went on after pause: weeks {history}"
        time.sleep(0.5)
        history.append(int(_text(page, "week")))
    weeks = history[-1]
    scenario = load_scenario("balanced")
    _assert_numbers_equal(page, simulate(scenario, seed=7, steps=weeks))

    # The screenshots of both tabs at the projector's size (docs/figures/dashboard*.png).
    shot = Path(os.environ.get("MOVEMENTSIM_DASHBOARD_SCREENSHOT", tmp_path / "dashboard.png"))
    shot.parent.mkdir(parents=True, exist_ok=True)
    side_shot = shot.with_name(f"{shot.stem}-side-by-side{shot.suffix}")
    page.get_by_test_id("controls").evaluate("column => column.scrollTo(0, 0)")
    page.screenshot(path=str(shot))
    page.get_by_role("tab", name="Side by side").click()
    page.get_by_test_id("plot-side-by-side").locator("img").wait_for()
    # The side-by-side tab draws both runs up to this week: as patient as playing is, since
    # under pytest-xdist another worker's runs share the cores (CI once took over 30 s).
    _wait_for_text(page, "week", str(weeks), timeout=10 * TIMEOUT_MS)
    page.screenshot(path=str(side_shot))
    for path in (shot, side_shot):
        image = matplotlib.image.imread(io.BytesIO(path.read_bytes()), format="png")
        assert image.shape[:2] == (HEIGHT, WIDTH)
        assert image.std() > 0.05  # a drawn page, not a blank one
    page.get_by_role("tab", name="One movement").click()

    page.get_by_role("button", name="Reset").click()
    _wait_for_text(page, "week", "0")


def _overlap(a: dict, b: dict) -> bool:
    """Whether two bounding boxes (Playwright's x, y, width, height) overlap."""
    return (a["x"] < b["x"] + b["width"] - 0.5 and b["x"] < a["x"] + a["width"] - 0.5
            and a["y"] < b["y"] + b["height"] - 0.5 and b["y"] < a["y"] + a["height"] - 0.5)


def _on_screen(box: dict) -> bool:
    """Whether a bounding box lies wholly inside the projector's screen, unscrolled."""
    return (box["x"] >= 0 and box["y"] >= 0 and box["x"] + box["width"] <= WIDTH + 0.5
            and box["y"] + box["height"] <= HEIGHT + 0.5)


def test_tabs_are_named_by_what_they_show(page: object) -> None:
    tabs = page.get_by_role("tab")
    # Vuetify shows tab names in capitals (CSS); compare the words.
    assert [name.strip().lower() for name in tabs.all_inner_texts()] == [
        name.lower() for name in TABS
    ]


def test_sliders_are_wide_and_show_their_values_and_the_dials_meaning(page: object) -> None:
    defaults = preset_defaults("balanced")
    column = page.get_by_test_id("controls").bounding_box()
    for name in [*SLIDERS, "speed"]:
        slider = page.get_by_test_id(f"slider-{name}").locator(".v-slider")
        assert slider.bounding_box()["width"] >= 0.75 * column["width"], name
        expected = str(SPEEDS[1]) if name == "speed" else format_slider(name, defaults[name])
        assert _text(page, f"slider-value-{name}") == expected, name
    for name in ("level", "compare_level"):
        assert _text(page, f"meaning-{name}") == level_meaning(defaults[name])

    # Moving the dial (one step with the keyboard) shows the new value and its meaning,
    # and Reset runs the model at it.
    moved = defaults["level"] + SLIDERS["level"][4]
    thumb = page.get_by_test_id("slider-level").get_by_role("slider")
    thumb.focus()
    thumb.press("ArrowRight")
    _wait_for_text(page, "slider-value-level", format_slider("level", moved))
    _wait_for_text(page, "meaning-level", level_meaning(moved))
    page.get_by_role("button", name="Reset").click()
    page.get_by_test_id("settings").filter(has_text=f"Structure level {moved:.2f}").wait_for()
    thumb.focus()
    thumb.press("ArrowLeft")
    _wait_for_text(page, "slider-value-level", format_slider("level", defaults["level"]))
    page.get_by_role("button", name="Reset").click()
    level = f"Structure level {defaults['level']:.2f}"
    page.get_by_test_id("settings").filter(has_text=level).wait_for()


def test_no_framework_chrome_and_nothing_overlaps_the_plots(page: object) -> None:
    for chrome in ("runs on Solara", "Made with", "Use Threads", "Play Interval",
                   "Render Interval", "Page 0", "Page 1"):
        assert page.get_by_text(chrome).count() == 0, chrome
    controls = page.get_by_test_id("controls").bounding_box()
    tabs = page.get_by_role("tablist").bounding_box()
    for tab, first_plot in (("One movement", "plot-power"),
                            ("Side by side", "plot-side-by-side")):
        page.get_by_role("tab", name=tab).click()
        page.get_by_test_id(first_plot).locator("img").wait_for()
        plots = page.locator('[data-testid^="plot-"] img')
        boxes = [plots.nth(i).bounding_box() for i in range(plots.count())]
        assert boxes and all(box["width"] > 200 for box in boxes), tab
        for i, box in enumerate(boxes):
            assert not _overlap(box, controls) and not _overlap(box, tabs), (tab, i)
            for other in boxes[i + 1:]:
                assert not _overlap(box, other), (tab, box, other)
        # Nothing else drawn on the page (numbers, text, buttons) lies over a plot.
        others = page.locator(
            '[data-testid^="value-"], [data-testid^="left-"], [data-testid^="right-"], '
            '[data-testid="happening"], [data-testid="settings"], [data-testid="narrative"], '
            '[data-testid="verdict"], [data-testid="week"], button'
        )
        for i in range(others.count()):
            element = others.nth(i)
            if not element.is_visible():
                continue
            box = element.bounding_box()
            for plot in boxes:
                assert not _overlap(box, plot), (tab, element.inner_text(), box, plot)


def test_side_by_side_fits_one_projector_screen(page: object) -> None:
    page.get_by_role("tab", name="Side by side").click()
    page.get_by_test_id("plot-side-by-side").locator("img").wait_for()
    _step(page, 2)
    # One plot with both runs (shared axes), the numbers side by side, the verdict and
    # both downloads, all visible at 1280x720 without scrolling.
    assert page.locator('[data-testid^="plot-"]').count() == 1
    shown = [page.get_by_test_id("plot-side-by-side").locator("img")]
    shown += [page.get_by_test_id(f"{side}-{what}") for side in ("left", "right")
              for what in ("level", "value-power", "value-durable_power", "value-resistance",
                           "value-wins")]
    shown += [page.get_by_test_id("verdict")]
    shown += [page.get_by_role("button", name=re.compile(name))
              for name in ("Side by side", "Both time series")]
    for element in shown:
        assert element.is_visible()
        assert _on_screen(element.bounding_box()), element
    assert page.evaluate("document.scrollingElement.scrollHeight") <= HEIGHT
    views = page.get_by_test_id("views")
    assert views.evaluate("e => e.scrollHeight <= e.clientHeight")
