"""The movementsim version: the one place it is written (pyproject.toml reads it; a
release keeps its default parameters in ``movementsim/regression/defaults_<version>.json``
and its entry in CHANGELOG.md)."""

__version__ = "0.2.0"
