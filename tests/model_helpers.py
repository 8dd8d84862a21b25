"""Models instrumented for tests."""

from __future__ import annotations

from movementsim.model.model import MovementModel


class CountingModel(MovementModel):
    """A movement model that counts every moment to act as it opens, independently of its
    own bookkeeping, so tests can check that no moment is lost."""

    opened = 0

    def _open_opportunity(self, *args: object) -> None:
        before = len(self.opportunities)
        super()._open_opportunity(*args)
        self.opened += len(self.opportunities) - before
