"""The bundled experiments (``*.toml``), installed as ``movementsim.bundled_experiments``.

Run one with ``movementsim experiment run <name>`` (for example ``structure-sweep``);
the file format is described in :mod:`movementsim.experiments.files` and
``docs/experiments.md``.
"""
