"""``python -m movementsim.regression``: print today's defaults as a release's snapshot
(save it as ``movementsim/regression/defaults_<version>.json`` when releasing)."""

from movementsim.model.versions import current_defaults, snapshot_text

print(snapshot_text(current_defaults()), end="")
