"""Runs per second of an experiment on the default scenario, by number of workers.

    python benchmarks/experiment_speed.py                 # 1 and 2 workers, 24 runs each
    python benchmarks/experiment_speed.py --workers 1 2 4 --runs 48
    python benchmarks/experiment_speed.py --dask          # also a Dask LocalCluster

Each measurement runs a fresh experiment (the ``balanced`` scenario: 1,000 members,
260 weeks) into a temporary folder, through the same runner ``movementsim experiment
run`` uses, and counts the whole wall time: starting the workers, saving every run as
a Parquet part and writing the final tables. A report, never an assertion in tests.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

from movementsim.experiments.engine import make_executor
from movementsim.experiments.files import load_experiment
from movementsim.experiments.runner import run_experiment

EXPERIMENT = """\
name = "speed"
scenario = "balanced"
seed = 1
replications = {runs}
[parameters]
"structure.level" = [0.5]
"""


def runs_per_second(runs: int, workers: int, dask: str | None) -> float:
    """Wall-clock runs per second of a ``runs``-run experiment with ``workers`` workers."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "speed.toml"
        path.write_text(EXPERIMENT.format(runs=runs))
        experiment = load_experiment(path)
        start = time.perf_counter()
        with make_executor(workers, dask) as executor:
            run_experiment(experiment, Path(folder) / "out", executor=executor)
        return runs / (time.perf_counter() - start)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--runs", type=int, default=24, help="runs per measurement")
    parser.add_argument("--dask", action="store_true", help="also measure a Dask LocalCluster")
    args = parser.parse_args()
    print(f"{'executor':>22} {'workers':>8} {'runs/s':>8}")
    for workers in args.workers:
        for dask in [None, "local"] if args.dask else [None]:
            rate = runs_per_second(args.runs, workers, dask)
            name = "Dask LocalCluster" if dask else ("serial" if workers == 1 else "process pool")
            print(f"{name:>22} {workers:>8} {rate:>8.2f}")


if __name__ == "__main__":
    main()
