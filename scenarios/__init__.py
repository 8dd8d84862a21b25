"""The bundled scenarios (``*.toml``), installed as the package ``movementsim.scenarios``.

Load one with ``movementsim.load_scenario("<name>")``; list them with
``movementsim scenarios``.
"""
