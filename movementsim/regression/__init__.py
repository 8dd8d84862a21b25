"""One snapshot of the default parameters per release, ``defaults_<version>.json``
(:mod:`movementsim.model.versions`). Write the current version's when releasing:
``python -m movementsim.regression``; tests check it equals today's defaults."""
