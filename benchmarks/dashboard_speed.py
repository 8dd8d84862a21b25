"""How fast the interactive page plays, in weeks per second, at 1,000 members. Run by hand
or in CI as a report (needs the dashboard extra, playwright and Debian's Chromium):

    python benchmarks/dashboard_speed.py             # both tabs, 15 s each
    python benchmarks/dashboard_speed.py --seconds 30

It serves the page the way a trainer does (``movementsim dashboard balanced``), opens it
in headless Chromium at 1280x720, presses Play at the page's starting speed and reads the
week counter the room sees, twice a second. Reported per tab: weeks per second shown
(from the first redraw after Play to the last one seen) and redraws per second.

Target (on the project's 2-core reference machine): at least 10 weeks per second on
either tab at 1,000 members. A goal to watch, never an assertion in tests.
"""

from __future__ import annotations

import argparse
import os
import re
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from playwright.sync_api import sync_playwright

TARGET_WEEKS_PER_SECOND = 10.0
CHROMIUM = os.environ.get("MOVEMENTSIM_CHROMIUM", "/usr/bin/chromium")


def serve(log: Path) -> tuple[subprocess.Popen, str]:
    """``movementsim dashboard balanced`` on a free port; the process and its address."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    with log.open("w") as output:
        process = subprocess.Popen(
            [sys.executable, "-m", "movementsim", "dashboard", "balanced", "--port", str(port)],
            stdout=output, stderr=subprocess.STDOUT,
        )
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        match = re.search(r"open (http://\S+/)", log.read_text())
        if match:
            return process, match.group(1)
        time.sleep(0.2)
    process.terminate()
    raise SystemExit(f"the page did not start:\n{log.read_text()}")


def play(page: object, tab: str, seconds: float) -> tuple[float, float]:
    """Press Play on ``tab`` and watch the week counter: (weeks per second, redraws per
    second)."""
    page.get_by_role("tab", name=tab).click()
    page.get_by_test_id("week").first.wait_for()
    page.get_by_role("button", name="▶ Play").click()
    seen: list[tuple[float, int]] = []
    start = time.monotonic()
    while time.monotonic() - start < seconds:
        week = int(page.get_by_test_id("week").first.inner_text())
        if not seen or week != seen[-1][1]:
            seen.append((time.monotonic(), week))
        time.sleep(0.5)
    page.get_by_role("button", name="❚❚ Pause").click()
    shown = [(t, w) for t, w in seen if w > 0]
    if len(shown) < 2:
        return 0.0, 0.0
    span = shown[-1][0] - shown[0][0]
    return (shown[-1][1] - shown[0][1]) / span, (len(shown) - 1) / span


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=15.0, help="seconds of play per tab")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        process, address = serve(Path(folder) / "server.txt")
        try:
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(
                    executable_path=CHROMIUM, headless=True,
                    args=["--no-sandbox", "--disable-gpu"],
                )
                print(f"{'tab':<14} {'weeks/s':>8} {'redraws/s':>10} {'target':>7}  status")
                for tab in ("One movement", "Side by side"):
                    page = browser.new_page(viewport={"width": 1280, "height": 720})
                    page.set_default_timeout(60_000)
                    page.goto(address)
                    weeks, redraws = play(page, tab, args.seconds)
                    page.close()
                    status = "ok" if weeks >= TARGET_WEEKS_PER_SECOND else "SLOWER THAN TARGET"
                    print(f"{tab:<14} {weeks:>8.1f} {redraws:>10.2f} "
                          f"{TARGET_WEEKS_PER_SECOND:>7.0f}  {status}")
                browser.close()
        finally:
            process.terminate()
            process.wait(timeout=20)


if __name__ == "__main__":
    main()
