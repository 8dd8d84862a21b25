"""Speed against Mesa's own examples, and how the cost grows with the community.

    python benchmarks/scale.py              # the ratio, and sizes 1,000 to 100,000
    python benchmarks/scale.py --million    # also one full run of 1,000,000 members

1. The ratio: a full 260-week ``balanced`` run at 10,000 members and Mesa's own
   BoltzmannWealth example (imported from the installed Mesa) at 10,000 agents, timed
   interleaved in one process; member-steps (agent-steps) per second, medians of
   ``--repeat`` rounds. Target: movementsim at least 20 times Mesa's example.
2. The scale: one full run per size, each in its own process (so that its peak memory is
   its own): seconds, member-steps per second and peak memory; then the exponent of time
   per week against members, fitted by least squares on the logs. Targets: at least 1.5
   million member-steps per second at 1,000 members, 5 million at 100,000 and 1,000,000,
   an exponent of at most 1.1, and a 1,000,000-member run under 4 GiB.

Targets are goals to watch, printed beside the numbers, never assertions in tests.
"""

from __future__ import annotations

import argparse
import inspect
import json
import statistics
import subprocess
import sys
import time

import numpy as np

WEEKS = 260
RATIO_TARGET = 20.0
RATE_TARGETS = {1_000: 1.5e6, 100_000: 5e6, 1_000_000: 5e6}
EXPONENT_TARGET = 1.1
MEMORY_TARGET_GIB = 4.0


def run_seconds(members: int, seed: int) -> float:
    """Seconds of one full ``balanced`` run of ``members`` members."""
    from movementsim import load_scenario, simulate

    scenario = load_scenario("balanced", {"community.members": members})
    start = time.perf_counter()
    simulate(scenario, seed=seed)
    return time.perf_counter() - start


def boltzmann_rate(agents: int, steps: int, seed: int) -> float:
    """Agent-steps per second of Mesa's BoltzmannWealth example (100 x 100 grid)."""
    from mesa.examples.basic.boltzmann_wealth_model.model import BoltzmannWealth

    # Mesa 3.3 takes seed=, later versions rng= as well.
    key = "rng" if "rng" in inspect.signature(BoltzmannWealth.__init__).parameters else "seed"
    model = BoltzmannWealth(n=agents, width=100, height=100, **{key: seed})
    start = time.perf_counter()
    for _ in range(steps):
        model.step()
    return agents * steps / (time.perf_counter() - start)


def one_size(members: int) -> dict[str, float]:
    """Run one size in this process; its time (the median of three runs up to 10,000
    members, where one run is short and noisy), rate and peak memory (RSS)."""
    import resource

    seconds = statistics.median(
        run_seconds(members, seed) for seed in range(3 if members <= 10_000 else 1)
    )
    peak_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KiB on Linux
    return {"members": members, "seconds": seconds, "rate": members * WEEKS / seconds,
            "peak_gib": peak_kib / 2**20}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3, help="rounds of the ratio")
    parser.add_argument("--million", action="store_true", help="also 1,000,000 members")
    parser.add_argument("--size", type=int, help=argparse.SUPPRESS)  # a child process
    args = parser.parse_args()
    if args.size:
        print(json.dumps(one_size(args.size)))
        return

    ours, theirs = [], []
    for round_ in range(args.repeat):  # interleaved: the machine's state is shared
        ours.append(10_000 * WEEKS / run_seconds(10_000, seed=round_))
        theirs.append(boltzmann_rate(10_000, steps=20, seed=round_))
    ours_m, theirs_m = statistics.median(ours), statistics.median(theirs)

    sizes = [1_000, 10_000, 100_000] + ([1_000_000] if args.million else [])
    print(f"{'members':>10} {'seconds':>9} {'member-steps/s':>15} {'peak GiB':>9}  target")
    rows = []
    for members in sizes:
        result = subprocess.run(
            [sys.executable, __file__, "--size", str(members)], capture_output=True, text=True
        )
        if result.returncode != 0:  # e.g. out of memory: say so, with the child's words
            sys.exit(f"{members:,} members failed (status {result.returncode}):\n"
                     f"{result.stderr[-2000:]}")
        row = json.loads(result.stdout.strip().splitlines()[-1])
        rows.append(row)
        target = RATE_TARGETS.get(members)
        verdict = ""
        if target:
            verdict = f"{target / 1e6:g}M: {'ok' if row['rate'] >= target else 'below'}"
        print(f"{members:>10,} {row['seconds']:>9.2f} {row['rate'] / 1e6:>14.2f}M "
              f"{row['peak_gib']:>9.2f}  {verdict}")
    members = np.log([row["members"] for row in rows])
    per_week = np.log([row["seconds"] / WEEKS for row in rows])
    exponent = float(np.polyfit(members, per_week, 1)[0])
    print(f"exponent of time per week against members, {sizes[0]:,} to {sizes[-1]:,}: "
          f"{exponent:.2f} (target at most {EXPONENT_TARGET}: "
          f"{'ok' if exponent <= EXPONENT_TARGET else 'above'})")
    # The fixed cost of a week weighs on the smallest sizes and flattens the fit: the
    # slope between the two largest says how the cost grows where it matters.
    largest = float((per_week[-1] - per_week[-2]) / (members[-1] - members[-2]))
    print(f"between {sizes[-2]:,} and {sizes[-1]:,} members alone: {largest:.2f}")
    if args.million:
        peak = rows[-1]["peak_gib"]
        print(f"peak memory at 1,000,000 members: {peak:.2f} GiB (target under "
              f"{MEMORY_TARGET_GIB:g}: {'ok' if peak < MEMORY_TARGET_GIB else 'above'})")
    print(f"movementsim {ours_m / 1e6:.2f}M member-steps/s (10,000 members, {WEEKS} weeks); "
          f"Mesa's BoltzmannWealth {theirs_m / 1e6:.3f}M agent-steps/s (10,000 agents)")
    ratio = ours_m / theirs_m
    print(f"ratio: {ratio:.1f}x (target at least {RATIO_TARGET:g}x: "
          f"{'ok' if ratio >= RATIO_TARGET else 'below'})")


if __name__ == "__main__":
    main()
