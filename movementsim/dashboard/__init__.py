"""The interactive page for trainers: run, steer and compare scenarios in the browser.

:mod:`movementsim.dashboard.session` (what runs and what it says) and
:mod:`movementsim.dashboard.figures` (what is drawn) need only the core dependencies;
:mod:`movementsim.dashboard.app` is the Solara page and needs the ``dashboard`` extra
(``pip install -e ".[dashboard]"``). Start it with ``movementsim dashboard``.
"""
