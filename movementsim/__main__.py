"""``python -m movementsim``: the same as the ``movementsim`` command."""

from movementsim.cli import main

main(prog_name="movementsim")
