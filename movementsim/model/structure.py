"""Governance: how one structure level expands into explicit rules.

``structure.level`` is a trainer's dial from 0 (no formal structure at all) to 1 (a
rigid hierarchy). It never touches power directly: it only chooses *rules* (who
decides, how many sign-offs, who owns a task, who may lead). Researchers can set any
rule explicitly; an explicit rule overrides what the level implies.

The mapping (tabulated in docs/model.md):

==========  ==========  ========  =====  =======  =========  ========  =====  ========
level       rule        layers    span   clarity  selection  term      limit  autonomy
==========  ==========  ========  =====  =======  =========  ========  =====  ========
0           consensus   0         0      0.10     informal   52        2      yes
0.25        majority    0         18     0.3125   elected    52        2      yes
0.5         board       1         28     0.525    elected    52        2      yes
0.75        board       2         38     0.7375   elected    52        0      no
1           single      4         48     0.95     appointed  52        0      no
==========  ==========  ========  =====  =======  =========  ========  =====  ========
"""

from __future__ import annotations

from dataclasses import dataclass, fields

from movementsim.model.parameters import StructureParams


@dataclass(frozen=True)
class Governance:
    """The resolved rules a movement runs under (no value left implicit)."""

    decision_rule: str
    approval_layers: int
    span_of_control: int
    role_clarity: float
    leader_selection: str
    term_length: int
    term_limit: int
    local_autonomy: bool


def governance_from_level(level: float) -> Governance:
    """The rules a structure level implies (Freeman 1972: structure is a set of rules)."""
    if level < 0.2:
        rule, selection = "consensus", "informal"
    elif level < 0.45:
        rule, selection = "majority", "elected"
    elif level < 0.85:
        rule, selection = "board", "elected"
    else:
        rule, selection = "single_leader", "appointed"
    return Governance(
        decision_rule=rule,
        approval_layers=int(round(4 * level**2)),
        span_of_control=0 if level < 0.1 else int(round(8 + 40 * level)),
        role_clarity=round(0.1 + 0.85 * level, 4),
        leader_selection=selection,
        term_length=52,
        term_limit=2 if level < 0.65 else 0,
        local_autonomy=level < 0.6,
    )


def resolve_governance(params: StructureParams) -> Governance:
    """Rules implied by ``params.level``, with every explicitly set rule taking precedence."""
    implied = governance_from_level(params.level)
    explicit = {
        f.name: getattr(params, f.name)
        for f in fields(Governance)
        if getattr(params, f.name, None) is not None
    }
    return Governance(**{**implied.__dict__, **explicit})
