"""Python benchmark: stone_openbank (the installed wheel) against
pydantic-brasil's BoletoBancario, on the same inputs, in one process.

    python bindings-python/bench/compare.py [scale]   (1 = full run; 0.02 = smoke)
"""

from __future__ import annotations

import sys
import time
from importlib.metadata import version
from typing import Callable, List

import stone_openbank as stone
from pydantic_brasil.boleto import BoletoBancario

INPUTS = {
    "valid 47-digit line": "34191090080001234567489012345677999990000012345",
    "valid 48-digit line": "838600000050096000190009000801782309000343062712",
    "invalid line (amount altered)": "34191090080001234567489012345677999990000012346",
}


def peer_is_valid(line: str) -> bool:
    try:
        BoletoBancario(line)
        return True
    except ValueError:
        return False


def best_ns(n: int, f: Callable[[], object]) -> float:
    """ns per call, best of 5 rounds after a warm-up round."""
    best = float("inf")
    for rnd in range(6):
        t0 = time.perf_counter_ns()
        for _ in range(n):
            f()
        ns = (time.perf_counter_ns() - t0) / n
        if rnd:
            best = min(best, ns)
    return best


def main() -> None:
    scale = float(sys.argv[1]) if len(sys.argv) > 1 else 1.0
    n = max(200, int(100_000 * scale))
    print(
        f"Python {sys.version.split()[0]}; stone-openbank {version('stone-openbank')} vs "
        f"pydantic-brasil {version('pydantic-brasil')}; {n} calls per round"
    )
    for name, line in INPUTS.items():
        assert stone.is_valid_barcode(line) == peer_is_valid(line), name
        ours = best_ns(n, lambda: stone.is_valid_barcode(line))
        peer = best_ns(max(50, n // 10), lambda: peer_is_valid(line))
        print(f"\n{name}")
        print(f"  is_valid_barcode (ours)      {ours:9.0f} ns")
        print(f"  BoletoBancario (peer)        {peer:9.0f} ns")
        print(f"  speed-up: {peer / ours:.0f}x (target >= 50x)")

    lines = list(INPUTS.values())
    batch: List[str] = [lines[i % len(lines)] for i in range(10_000)]
    rounds = max(3, int(50 * scale))
    ours_b = best_ns(rounds, lambda: stone.validate_barcodes(batch)) / len(batch)
    peer_b = best_ns(max(1, rounds // 10), lambda: [peer_is_valid(x) for x in batch]) / len(batch)
    print(f"\nbatch of {len(batch)} mixed inputs, per input")
    print(f"  validate_barcodes (ours, one call) {ours_b:7.1f} ns")
    print(f"  BoletoBancario in a loop (peer)    {peer_b:7.1f} ns")
    print(f"  speed-up: {peer_b / ours_b:.0f}x (target >= 200x)")


if __name__ == "__main__":
    main()
