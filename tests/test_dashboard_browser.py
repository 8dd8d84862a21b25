"""The interactive page in a real browser: Playwright driving Debian's Chromium.

The server is started the way a trainer starts it (``movementsim dashboard --port N``)
on a free localhost port. Chromium is launched by its path (``MOVEMENTSIM_CHROMIUM``,
default /usr/bin/chromium); no tool downloads a browser. Where Chromium is missing or
cannot start, the tests are skipped with the reason.

Set ``MOVEMENTSIM_DASHBOARD_SCREENSHOT`` to a path to keep the page's screenshot there
(docs/figures/dashboard.png is made this way).
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
from movementsim.dashboard.session import (  # noqa: E402
    NUMBERS,
    DashboardModel,
    describe,
    format_measure,
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
                viewport={"width": 1600, "height": 1000},
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


def _wait_for_text(page: object, testid: str, expected: str) -> None:
    page.wait_for_function(
        "([id, text]) => { const e = document.querySelector(`[data-testid=\"${id}\"]`);"
        " return e !== null && e.innerText.trim() === text; }",
        arg=[testid, expected],
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

    started = time.monotonic()
    _step(page, 4)
    seconds_per_step = (time.monotonic() - started) / 4
    assert seconds_per_step < 10, "the page is not responsive with 1,000 members"

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
    page.get_by_role("tab", name="Page 1").click()
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
    page.get_by_role("button", name="▶").click()
    page.wait_for_function(
        "(n) => Number(document.querySelector('[data-testid=\"week\"]').innerText) >= n",
        arg=weeks_to_play,
        timeout=10 * TIMEOUT_MS,
    )
    page.get_by_role("button", name="❚❚").click()
    page.get_by_role("button", name="Step").wait_for()
    # A step under way when pause was pressed may still be drawn; then the week holds.
    history = [int(_text(page, "week"))]
    deadline = time.monotonic() + 20
    while not (len(history) >= 4 and len(set(history[-4:])) == 1):
        assert time.monotonic() < deadline, f"the run went on after pause: weeks {history}"
        time.sleep(0.5)
        history.append(int(_text(page, "week")))
    weeks = history[-1]
    scenario = load_scenario("balanced")
    _assert_numbers_equal(page, simulate(scenario, seed=7, steps=weeks))

    shot = Path(os.environ.get("MOVEMENTSIM_DASHBOARD_SCREENSHOT", tmp_path / "dashboard.png"))
    shot.parent.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(shot))
    image = matplotlib.image.imread(io.BytesIO(shot.read_bytes()), format="png")
    assert image.shape[:2] == (1000, 1600)
    assert image.std() > 0.05  # a drawn page, not a blank one

    page.get_by_role("button", name="Reset").click()
    _wait_for_text(page, "week", "0")
