"""Arithmetic that gives the same bits on every supported Python."""

from __future__ import annotations

from collections.abc import Iterable


def plain_sum(values: Iterable[float]) -> float:
    """Add ``values`` left to right in double precision.

    Python 3.12 made the built-in ``sum()`` of floats compensated (Neumaier), which
    changes the last digits of a sum, and through the weeks a run's numbers: a run on
    Python 3.11 and one on 3.13 would differ for the same seed. This is the 3.11 sum,
    on every version, so that the published numbers reproduce to the bit everywhere.
    """
    total = 0.0
    for value in values:
        total += value
    return total
