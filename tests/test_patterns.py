"""Patterns from the literature the model should reproduce (pattern-oriented validation,
Grimm et al. 2005), checked at the level of the mechanism that should produce them.

Each test names its source (../shared/REFERENCES.md). docs/validation.md lists every
pattern, where it is checked and whether it holds; the model-level checks (size, the
organizing mix, bridging, repression, training) are run by docs/patterns.py.
"""

from __future__ import annotations

import numpy as np

from movementsim.model.mechanisms.mobilization import threshold_cascade
from movementsim.model.network import TieNetwork, community_edges

PEOPLE = 2000


def ring_network(mean_ties: int, rewiring: float, seed: int) -> TieNetwork:
    """One subcommunity: a ring of nearest neighbours, a share of ties rewired at random."""
    groups = np.zeros(PEOPLE, dtype=np.int32)
    rng = np.random.default_rng(seed)
    return TieNetwork(PEOPLE, *community_edges(groups, mean_ties, 0.0, rng, rewiring=rewiring))


def cluster(ties: TieNetwork, size: int) -> np.ndarray:
    """``size`` people around person 0, breadth first: a group of friends who act first."""
    chosen = np.zeros(ties.n, dtype=bool)
    frontier = [0]
    while chosen.sum() < size:
        person = frontier.pop(0)
        if not chosen[person]:
            chosen[person] = True
            start, end = ties.adjacency.indptr[person], ties.adjacency.indptr[person + 1]
            frontier += ties.adjacency.indices[start:end].tolist()
    return chosen


def cascade_size(ties: TieNetwork, threshold: float, starters: np.ndarray) -> int:
    everyone = np.ones(ties.n, dtype=bool)
    return int(threshold_cascade(ties, everyone, np.full(ties.n, threshold), starters).sum())


def test_costly_action_spreads_farther_through_clustered_ties_than_random_ones():
    """Centola (2010): complex contagion travels along clustered ties."""
    for seed in range(5):
        clustered, scattered = ring_network(8, 0.0, seed), ring_network(8, 1.0, seed)
        # Everyone needs two of their eight ties acting; one person and their ties start.
        on_clusters = cascade_size(clustered, 0.25, cluster(clustered, 9))
        on_random = cascade_size(scattered, 0.25, cluster(scattered, 9))
        assert on_clusters == PEOPLE
        assert on_random < 0.05 * PEOPLE


def test_extra_ties_can_lower_participation():
    """Siegel (2009): more ties dilute the pull of the same first movers."""
    def full_cascades(mean_ties: int) -> int:
        runs = [cascade_size(net, 0.25, cluster(net, 9))
                for net in (ring_network(mean_ties, 0.1, seed) for seed in range(12))]
        return sum(size == PEOPLE for size in runs)

    assert full_cascades(8) == 12
    assert full_cascades(32) < full_cascades(8)


def test_the_spread_of_thresholds_matters_not_only_their_mean():
    """Granovetter (1978); Marwell, Oliver and Prahl (1988): heterogeneity starts action."""
    ties = TieNetwork.complete(100)
    everyone = np.ones(100, dtype=bool)
    spread = np.arange(100) / 99  # 0, 1, ..., 99 others acting, as shares of one's ties
    alike = np.full(100, spread.mean())  # the same mean, 0.5, for everyone
    assert np.isclose(spread.mean(), alike.mean())
    assert threshold_cascade(ties, everyone, alike).sum() == 0
    assert threshold_cascade(ties, everyone, spread).sum() == 100
