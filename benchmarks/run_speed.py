"""How long one run takes, by community size. Run by hand or in CI as a report:

    python benchmarks/run_speed.py            # 1,000 and 10,000 members, 260 weeks
    python benchmarks/run_speed.py --large    # also 100,000 members

Targets (on the project's 2-core reference machine): a default run (1,000 members,
260 weeks) well under a second; 10,000 members under 5 s; 100,000 members under a
minute. These are goals to watch, never assertions in tests.
"""

from __future__ import annotations

import argparse
import time

from movementsim import load_scenario, simulate

TARGET_SECONDS = {1_000: 1.0, 10_000: 5.0, 100_000: 60.0}


def time_run(members: int, seed: int = 0) -> float:
    scenario = load_scenario("balanced", {"community.members": members})
    start = time.perf_counter()
    simulate(scenario, seed=seed)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--large", action="store_true", help="also run 100,000 members")
    parser.add_argument("--repeat", type=int, default=3, help="runs per size (best is kept)")
    args = parser.parse_args()
    sizes = [1_000, 10_000] + ([100_000] if args.large else [])
    print(f"{'members':>10} {'best s':>8} {'target s':>9}  status")
    for members in sizes:
        repeats = 1 if members >= 100_000 else args.repeat
        best = min(time_run(members, seed) for seed in range(repeats))
        target = TARGET_SECONDS[members]
        status = "ok" if best <= target else "SLOWER THAN TARGET"
        print(f"{members:>10,} {best:>8.2f} {target:>9.1f}  {status}")


if __name__ == "__main__":
    main()
