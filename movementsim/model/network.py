"""The community's social ties: who can reach, persuade and mobilize whom.

The network is stored as a symmetric sparse adjacency matrix (scipy CSR) so that
every mechanism that looks at "one's ties" is one sparse matrix-vector product,
O(members + ties) per step. New ties (from one-on-ones) are buffered and merged
into the matrix once per step.
"""

from __future__ import annotations

import networkx as nx
import numpy as np
import scipy.sparse as sp


def assign_subcommunities(members: int, subcommunities: int) -> np.ndarray:
    """Split people into contiguous, nearly equal subcommunities (0..subcommunities-1)."""
    return (np.arange(members) * subcommunities // members).astype(np.int32)


def community_edges(
    subcommunity: np.ndarray,
    mean_ties: float,
    cross_tie_share: float,
    rng: np.random.Generator,
    rewiring: float = 0.1,
) -> tuple[np.ndarray, np.ndarray]:
    """Initial ties: a clustered small world inside each subcommunity, a few bridges across.

    Inside each subcommunity people sit on a ring and are tied to their nearest
    neighbours (clustered ties, along which costly behaviour spreads best: Centola 2010);
    a share ``rewiring`` of ties is rewired at random inside the subcommunity (Watts and
    Strogatz's small world), and a share ``cross_tie_share`` to someone in another
    subcommunity: the community is divided, and few ties cross its lines.
    """
    half = max(1, int(round(mean_ties / 2)))
    sources, targets = [], []
    groups = np.unique(subcommunity)
    for group in groups:
        people = rng.permutation(np.flatnonzero(subcommunity == group))
        size = people.size
        if size < 2:
            continue
        reach = min(half, (size - 1) // 2) or 1
        for offset in range(1, reach + 1):
            sources.append(people)
            targets.append(np.roll(people, -offset))
    src = np.concatenate(sources)
    dst = np.concatenate(targets).copy()
    draw = rng.random(src.size)
    local = draw < rewiring
    dst[local] = random_in_group(subcommunity, subcommunity[src[local]], rng)
    if groups.size > 1:
        crossing = draw >= 1 - cross_tie_share
        dst[crossing] = random_in_group(
            subcommunity, other_group(subcommunity, src[crossing], rng), rng
        )
    keep = src != dst
    return src[keep], dst[keep]


def other_group(groups: np.ndarray, people: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """For each person, a random subcommunity other than theirs (theirs if there is one)."""
    n_groups = int(groups.max()) + 1
    if n_groups == 1:
        return groups[people]
    return (groups[people] + rng.integers(1, n_groups, people.size)) % n_groups


def random_in_group(
    groups: np.ndarray, target: np.ndarray, rng: np.random.Generator
) -> np.ndarray:
    """A random person from each subcommunity in ``target``."""
    order = np.argsort(groups, kind="stable")
    starts = np.searchsorted(groups[order], target, side="left")
    ends = np.searchsorted(groups[order], target, side="right")
    return order[starts + (rng.random(target.size) * (ends - starts)).astype(np.int64)]


class TieNetwork:
    """Undirected, unweighted ties between ``n`` people as a sparse adjacency matrix."""

    def __init__(self, n: int, src: np.ndarray, dst: np.ndarray) -> None:
        self.n = n
        self._pending: list[tuple[np.ndarray, np.ndarray]] = []
        self.adjacency = self._build(src, dst)
        # Who has a tie across groups, for the groups last asked about: ties are only
        # ever added, so commit updates it from the new ties instead of reading every tie.
        self._bridged: tuple[np.ndarray, np.ndarray] | None = None

    def _build(self, src: np.ndarray, dst: np.ndarray) -> sp.csr_matrix:
        rows = np.concatenate([src, dst])
        cols = np.concatenate([dst, src])
        data = np.ones(rows.size, dtype=np.float64)
        matrix = sp.csr_matrix((data, (rows, cols)), shape=(self.n, self.n))
        matrix.sum_duplicates()
        matrix.data[:] = 1.0
        return matrix

    @classmethod
    def complete(cls, n: int) -> TieNetwork:
        """Everyone tied to everyone (Granovetter's setting)."""
        src, dst = np.triu_indices(n, k=1)
        return cls(n, src, dst)

    @property
    def degree(self) -> np.ndarray:
        return np.diff(self.adjacency.indptr)

    @property
    def tie_count(self) -> int:
        return int(self.adjacency.nnz // 2)

    def count_among_ties(self, mask: np.ndarray) -> np.ndarray:
        """For everyone, how many of their ties have ``mask`` set."""
        return self.adjacency @ mask.astype(np.float64)

    def share_among_ties(self, mask: np.ndarray) -> np.ndarray:
        """For everyone, the share of their ties that have ``mask`` set (0 with no ties)."""
        degree = self.degree
        counts = self.count_among_ties(mask)
        return np.divide(counts, degree, out=np.zeros(self.n), where=degree > 0)

    def bridged(self, groups: np.ndarray) -> np.ndarray:
        """For everyone, whether one of their ties is to someone of another group.

        The answer is kept for the ``groups`` array last asked about (the same object, as
        the model's constant ``subcommunity`` is) and updated from each commit's new ties:
        ``groups`` must not be changed in place afterwards."""
        if self._bridged is not None and self._bridged[0] is groups:
            return self._bridged[1]
        adjacency = self.adjacency
        rows = np.repeat(np.arange(adjacency.shape[0]), np.diff(adjacency.indptr))
        crossing = groups[rows] != groups[adjacency.indices]
        bridged = np.bincount(rows[crossing], minlength=groups.size) > 0
        self._bridged = (groups, bridged)
        return bridged

    def add_ties(self, src: np.ndarray, dst: np.ndarray) -> None:
        """Queue new ties; they take effect at the next :meth:`commit`."""
        keep = src != dst
        if keep.any():
            self._pending.append((src[keep], dst[keep]))

    def commit(self) -> None:
        """Merge queued ties into the adjacency matrix (duplicates collapse)."""
        if not self._pending:
            return
        src = np.concatenate([p[0] for p in self._pending])
        dst = np.concatenate([p[1] for p in self._pending])
        self._pending.clear()
        if self._bridged is not None:
            groups, bridged = self._bridged
            crossing = groups[src] != groups[dst]
            bridged = bridged.copy()  # the array handed out before stays as it was
            bridged[src[crossing]] = True
            bridged[dst[crossing]] = True
            self._bridged = (groups, bridged)
        added = self._build(src, dst)
        merged = self.adjacency + added
        merged.data[:] = 1.0
        self.adjacency = merged.tocsr()

    def to_networkx(self) -> nx.Graph:
        """The ties as a networkx graph (for drawing and analysis, not for the hot path)."""
        return nx.from_scipy_sparse_array(self.adjacency)
