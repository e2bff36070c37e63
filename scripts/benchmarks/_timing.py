"""Small timing helpers shared by the benchmarks: best-of-N wall time, and a report line."""

from __future__ import annotations

import time
from collections.abc import Callable


def best_of(function: Callable[[], object], repeat: int = 5) -> float:
    """The fastest of ``repeat`` runs, in seconds: the least disturbed by the machine."""
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        function()
        best = min(best, time.perf_counter() - start)
    return best


def report(label: str, seconds: float, floor: float | None = None, floor_label: str = "") -> None:
    """Print one figure, with its ratio to the floor when there is one."""
    line = f"  {label:<58} {seconds * 1000:10.2f} ms"
    if floor:
        line += f"   x{seconds / floor:6.2f} {floor_label}"
    print(line)
