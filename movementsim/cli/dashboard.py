"""``movementsim dashboard``: serve the interactive page for trainers on this machine."""

from __future__ import annotations

import importlib.util
import os
import signal
import socket
import subprocess
import sys
import time

import click

from movementsim.cli.common import CliError
from movementsim.dashboard.session import SCENARIO_ENV
from movementsim.model.scenario import load_scenario

#: The Solara page the server runs.
APP = "movementsim.dashboard.app:Page"
#: Seconds to wait for the server to accept connections before giving up.
START_TIMEOUT = 120.0

INSTALL_HINT = (
    "the interactive page needs the optional dashboard extra: "
    'pip install -e ".[dashboard]" (or pip install "movementsim[dashboard]")'
)


def missing_extra() -> list[str]:
    """The modules of the ``dashboard`` extra that are not installed."""
    return [name for name in ("solara", "ipyvuetify") if importlib.util.find_spec(name) is None]


def server_command(host: str, port: int) -> list[str]:
    """The command that serves the page: Solara in production mode, offline.

    Production mode skips Solara's development checks (which would contact its website)
    and ``--no-check-version`` its look-up of the newest release.
    """
    return [
        sys.executable, "-m", "solara", "run", APP,
        "--host", host, "--port", str(port),
        "--production", "--no-open", "--no-check-version", "--log-level", "warning",
    ]


def server_environment(scenario: str | None) -> dict[str, str]:
    """The server's environment: the scenario to open first, no telemetry, no warnings
    about the rules of hooks, and none of Solara's own badges over the page (the plain
    loader, no "This website runs on Solara" banner)."""
    env = dict(
        os.environ,
        SOLARA_TELEMETRY_MIXPANEL_ENABLE="False",
        SOLARA_CHECK_HOOKS="off",
        SOLARA_THEME_SHOW_BANNER="False",
        SOLARA_THEME_LOADER="plain",
    )
    if scenario is not None:
        env[SCENARIO_ENV] = scenario
    return env


def wait_until_serving(host: str, port: int, process: subprocess.Popen, timeout: float) -> bool:
    """Wait until the server accepts connections; false if it exits or time runs out."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            return False
        try:
            with socket.create_connection((host, port), timeout=1):
                return True
        except OSError:
            time.sleep(0.2)
    return False


def _stop_on_sigterm(signum: int, _frame: object) -> None:
    """Turn a termination request into an exit that still stops the server."""
    raise SystemExit(128 + signum)


def free_port(host: str) -> int:
    """A port on ``host`` that nothing listens on now."""
    with socket.socket() as probe:
        probe.bind((host, 0))
        return int(probe.getsockname()[1])


@click.command(short_help="Serve the interactive page: run, steer and compare scenarios live.")
@click.argument("scenario", required=False)
@click.option(
    "--port", type=click.IntRange(0, 65535), default=8765, show_default=True,
    help="Port to serve on (0: any free port).",
)
@click.option(
    "--host", default="127.0.0.1", show_default=True,
    help="Address to listen on; 127.0.0.1 keeps the page on this machine.",
)
def dashboard(scenario: str | None, port: int, host: str) -> None:
    """Serve the interactive page for SCENARIO (a bundled name or a .toml file;
    default: balanced) and print its address. Stop it with Ctrl+C.

    The page runs a scenario week by week: choose a preset, play (at a speed in
    weeks per second), pause or step; move the sliders (structure level, second
    level, people, tempo, false claims, strategy mix) or the seed, then press
    Reset; tab "Side by side" runs two structure levels in lockstep on shared
    axes; export the figures (PNG) and the time series (CSV).

    \b
    Example:
      movementsim dashboard leaderless --port 8800
    """
    if scenario is not None:
        load_scenario(scenario)  # a mistake is one Error line (OneLineErrors)
    missing = missing_extra()
    if missing:
        raise CliError(f"{INSTALL_HINT}; missing: {', '.join(missing)}")
    port = port or free_port(host)
    # Stopped by a signal (not only Ctrl+C), still stop the server it started.
    signal.signal(signal.SIGTERM, _stop_on_sigterm)
    process = subprocess.Popen(server_command(host, port), env=server_environment(scenario))
    try:
        if not wait_until_serving(host, port, process, START_TIMEOUT):
            raise click.ClickException(
                f"the page's server did not start on {host}:{port} "
                f"(exit status {process.poll()}); is the port in use?"
            )
        click.echo(f"movementsim dashboard: open http://{host}:{port}/ (Ctrl+C stops it)")
        process.wait()
    except KeyboardInterrupt:
        click.echo("stopping the page's server", err=True)
    finally:
        if process.poll() is None:
            process.terminate()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
