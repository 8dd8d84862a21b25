"""Power mapping: finding out who can actually grant the demand.

When a campaign starts on a new issue, the movement does not know which decision-maker
holds power over it; it presses its first guess, drawn in proportion to each
decision-maker's ``visibility`` (the landlord everyone sees rather than the council that
can change the law). Pressure on a decision-maker who does not hold the issue is wasted:
they cannot grant it. Each week some leaders (``leader_share``, instead of their
one-on-ones) and some skilled members (``member_share``, skill at least
``skill_floor``) research; each finds the holder with chance ``find_rate`` times their
skill. A finding counts once it reaches those who direct the campaign (its body): the
finder is one of them, or is on the team of one of them. An assembly that directs a
campaign hears every active researcher; a board or a single leader hears only their
own findings and their teams', so a leader without a team hears nobody else. Then
the campaign turns to the holder that is most visible. Knowledge stays: an issue
mapped once is mapped for good.
Power mapping as the first step of a campaign is organizing practice; the mechanism and
its numbers are our own modelling assumptions.
"""

from __future__ import annotations

import numpy as np

from movementsim.model.agents import DecisionMaker, People
from movementsim.model.mechanisms.agenda import Campaign
from movementsim.model.parameters import PowerMappingParams


def first_guess(targets: list[DecisionMaker], rng: np.random.Generator) -> int:
    """The decision-maker a new campaign presses before research: drawn by visibility."""
    weights = np.array([t.params.visibility for t in targets])
    return int(rng.choice(len(targets), p=weights / weights.sum()))


def most_visible(targets: list[DecisionMaker], among: tuple[int, ...]) -> int:
    """Of the decision-makers ``among``, the most visible (the first listed on a tie)."""
    return max(among, key=lambda i: (targets[i].params.visibility, -i))


def research(
    people: People, campaign: Campaign, params: PowerMappingParams, rng: np.random.Generator
) -> tuple[bool, np.ndarray]:
    """One week of research on an unmapped campaign: whether the finding reached the
    campaign's body, and the leaders who spent the week researching (they hold no
    one-on-ones)."""
    leaders = people.is_leader & ~people.coopted
    skilled = people.members & ~people.is_leader & (people.skill >= params.skill_floor)
    draw = rng.random(people.size)
    researching_leaders = leaders & (draw < params.leader_share)
    researchers = researching_leaders | (skilled & (draw < params.member_share))
    found = researchers & (rng.random(people.size) < params.find_rate * people.skill)
    team = people.team_of
    reports_to_body = (team >= 0) & campaign.body[np.maximum(team, 0)]
    reached = found & (campaign.body | reports_to_body)
    return bool(reached.any()), researching_leaders
