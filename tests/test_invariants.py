"""Invariants of the model's state, over random scenarios drawn from the documented ranges.

Every week of every run: nobody is more engaged than their life allows; every share is
in 0..1; counts are never negative; every leader is a member and holds the role one way;
teams hang off formal leaders; every measure is finite and inside its declared range;
and the same seed gives the same run.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from fuzz_helpers import PARAMETERS, valid_value
from hypothesis import given, settings
from hypothesis import strategies as st

from movementsim import MovementModel, load_scenario
from movementsim.model.agents import SUPPORTER
from movementsim.model.measures import MEASURES
from movementsim.model.structure import INFORMAL

#: Keys left out of the random draw: the size and length are kept small for speed.
FIXED = {"community.members", "model.steps", "model.seed", "community.subcommunities"}
KEYS = sorted(set(PARAMETERS) - FIXED)
WEEKS = 40
EPS = 1e-9


@st.composite
def scenarios(draw: st.DrawFn) -> tuple[str, dict[str, object]]:
    """A base scenario (one target; three decision-makers and eight issues; or three
    organizations in a coalition) and a random set of parameters, each inside its
    documented range."""
    base = draw(st.sampled_from(["balanced", "many-issues", "coalition-wins"]))
    keys = draw(st.lists(st.sampled_from(KEYS), min_size=1, max_size=12, unique=True))
    overrides = {key: draw(valid_value(key)) for key in keys}
    overrides["community.members"] = draw(st.integers(20, 300))
    # many-issues names subcommunities 0 to 3 in its issues, coalition-wins in its
    # organizations.
    overrides["community.subcommunities"] = (
        draw(st.integers(1, 6)) if base == "balanced" else draw(st.integers(4, 6))
    )
    return base, overrides


def check_state(model: MovementModel) -> None:
    people = model.people
    assert np.all(people.engagement >= 0)
    assert np.all(people.engagement <= people.availability + EPS), "engagement above availability"
    for name in ("grievance", "availability", "threshold", "skill", "discernment", "fatigue",
                 "alignment", "aim_gap"):
        values = getattr(people, name)
        assert np.all((values >= -EPS) & (values <= 1 + EPS)), name
    assert np.all(people.influence >= 0) and np.all(np.isfinite(people.influence))
    for org in model.organizations:  # each organization's own roles
        view = org.people
        leaders = view.is_leader
        assert np.all(view.engagement[leaders] >= SUPPORTER), "a leader who is not a member"
        assert not np.any(leaders & ~view.base), "a leader of people it does not organize"
        assert np.all((view.selection >= 0) == leaders), "a role without a way it was obtained"
        assert np.all(view.tenure >= 0) and np.all(view.terms_served >= 0)
        on_team = view.team_of >= 0
        team_leaders = view.team_of[on_team]
        assert np.all(view.is_leader[team_leaders]), "a team under someone who does not lead"
        assert np.all(view.selection[team_leaders] != INFORMAL), "a team under an informal leader"
    assert np.all((model.commitment >= 0) & (model.commitment <= 1))
    assert model.in_coalition.sum() != 1, "a coalition of one"
    assert all(c.pressure >= 0 and min(c.apart.values(), default=0) >= 0 for c in model.campaigns)
    if model.params.issues:
        week = model.steps
        assert len(model.campaigns) <= model.params.agenda.at_once
        assert len({c.issue for c in model.campaigns}) == len(model.campaigns), "issue fought twice"
        for campaign in model.campaigns:
            issue = model.issues[campaign.issue]
            # A campaign ends the week after its issue is won, or when the issue fades.
            assert issue.won_at in (-1, week), "a won issue still fought"
            assert issue.arises <= week < issue.fades, "an issue fought while not alive"
            assert not campaign.mapped or campaign.target in issue.holders, "mapped, yet wrong"
        assert model.issues_won == sum(issue.won_at >= 0 for issue in model.issues)
    assert model.targets_won <= len(model.decision_makers)
    assert all(dm.repression >= 0 for dm in model.decision_makers)
    assert model.durable_power >= 0


@settings(max_examples=max(10, settings.default.max_examples // 2))
@given(drawn=scenarios(), seed=st.integers(0, 2**63 - 1))
def test_every_state_stays_in_its_range(drawn: tuple[str, dict[str, object]], seed: int) -> None:
    base, overrides = drawn
    scenario = load_scenario(base, overrides)
    model = MovementModel(scenario, rng=seed)
    check_state(model)
    for _ in range(WEEKS):
        model.step()
        check_state(model)
    frame = model.measures()
    for name, measure in MEASURES.items():
        values = frame[name].dropna() if name == "decision_latency" else frame[name]
        assert np.all(np.isfinite(values)), name
        assert measure.low is None or np.all(values >= measure.low - EPS), name
        assert measure.high is None or np.all(values <= measure.high + EPS), name
    again = MovementModel(scenario, rng=seed).run_for(WEEKS)
    pd.testing.assert_frame_equal(frame, again)


@given(seed=st.integers(0, 2**32 - 1), batches=st.integers(1, 6))
def test_who_is_bridged_follows_every_added_tie(seed: int, batches: int) -> None:
    # TieNetwork.bridged is updated from the new ties at each commit, not read again from
    # every tie: it must equal reading every tie, whatever ties are added.
    from movementsim.model.network import TieNetwork

    rng = np.random.default_rng(seed)
    n = 30
    groups = rng.integers(0, 3, n)
    ties = TieNetwork(n, rng.integers(0, n, 20), rng.integers(0, n, 20))

    def read_every_tie() -> np.ndarray:
        rows, cols = ties.adjacency.nonzero()
        crossing = groups[rows] != groups[cols]
        return np.bincount(rows[crossing], minlength=n) > 0

    assert (ties.bridged(groups) == read_every_tie()).all()
    for _ in range(batches):
        before = ties.bridged(groups).copy()
        handed_out = ties.bridged(groups)
        ties.add_ties(rng.integers(0, n, 5), rng.integers(0, n, 5))
        ties.commit()
        assert (ties.bridged(groups) == read_every_tie()).all()
        assert (handed_out == before).all()  # an array handed out earlier is not changed


@given(seed=st.integers(0, 2**32 - 1), batches=st.integers(1, 6), n=st.integers(2, 40))
def test_ties_added_week_by_week_give_the_matrix_of_every_tie_at_once(
    seed: int, batches: int, n: int
) -> None:
    # Ties committed week by week must give, array for array, the matrix built from every
    # tie at once: the order of entries decides the order in which weighted sums over ties
    # add up, so any faster commit must keep it.
    from movementsim.model.network import TieNetwork

    rng = np.random.default_rng(seed)
    src, dst = rng.integers(0, n, 2 * n), rng.integers(0, n, 2 * n)
    src, dst = src[src != dst], dst[src != dst]
    ties = TieNetwork(n, src, dst)
    for _ in range(batches):
        added = rng.integers(0, n, (2, rng.integers(0, 3 * n)))
        ties.add_ties(*added)
        before = ties.adjacency.copy()
        handed_out = ties.adjacency
        ties.commit()
        src, dst = np.concatenate([src, added[0]]), np.concatenate([dst, added[1]])
        keep = src != dst
        expected = TieNetwork(n, src[keep], dst[keep]).adjacency
        for name in ("indptr", "indices", "data"):
            assert np.array_equal(getattr(ties.adjacency, name), getattr(expected, name)), name
        assert ties.adjacency.indices.dtype == expected.indices.dtype
        assert (handed_out != before).nnz == 0  # a matrix handed out earlier is not changed
