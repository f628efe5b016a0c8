"""Python benchmark: BR Code decode/validate, stone_openbank (the installed
wheel) against starkbank-brcode (decodes every tag and checks the CRC) and
pixcanvas (static codes, field rules), on the same payloads, in one process.

    python bindings-python/bench/pix.py [scale]   (1 = full run; 0.02 = smoke)
"""

from __future__ import annotations

import sys
import time
from importlib.metadata import version
from typing import Callable, List, Optional

import stone_openbank as stone
from brcode.utils.brcodeId import jsonFromBrcode
from pixcanvas import parse_pix as pixcanvas_parse

INPUTS = {
    "static (the BCB manual's example)": "00020126580014br.gov.bcb.pix0136123e4567-e12b-12d1-a456-4266554400005204000053039865802BR5913Fulano de Tal6008BRASILIA62070503***63041D3D",
    "static with amount and description": "00020101021126810014br.gov.bcb.pix0114+55119876543210241Pagamento do pedido 42 da Padaria Central5204581253039865406150.505802BR5913Padaria Paulo6009SAO PAULO62120508pedido426304EC5C",
    "dynamic (a charge's URL)": "00020126630014br.gov.bcb.pix2541pix.stone.com.br/pix/v2/QchjekMTjSyprRG1i5204000053039865412320050211.625802BR5903Pad6008Curitiba62070503***6304A262",
    "invalid (CRC altered)": "00020126580014br.gov.bcb.pix0136123e4567-e12b-12d1-a456-4266554400005204000053039865802BR5913Fulano de Tal6008BRASILIA62070503***63041D3E",
}


def ours_decode(code: str) -> bool:
    try:
        return len(stone.parse_pix(code).crc) == 4
    except stone.InvalidPix:
        return False


def stark(code: str) -> bool:
    try:
        jsonFromBrcode(code)
        return True
    except ValueError:
        return False


def canvas(code: str) -> bool:
    try:
        pixcanvas_parse(code)
        return True
    except Exception:  # its PixError tree; dynamic codes are refused too
        return False


def best_ns(n: int, f: Callable[[], object]) -> float:
    """ns per call, best of 5 rounds after a warm-up round."""
    best = float("inf")
    for round_ in range(6):
        t0 = time.perf_counter_ns()
        for _ in range(n):
            f()
        ns = (time.perf_counter_ns() - t0) / n
        if round_:
            best = min(best, ns)
    return best


def main() -> None:
    scale = float(sys.argv[1]) if len(sys.argv) > 1 else 1.0
    n = max(200, round(50_000 * scale))
    for name, code in INPUTS.items():
        valid = not name.startswith("invalid")
        assert stone.is_valid_pix(code) is valid and stark(code) is valid, name
    print(
        f"Python {sys.version.split()[0]}; stone-openbank vs starkbank-brcode {version('starkbank-brcode')}, "
        f"pixcanvas {version('pixcanvas')}; {n} calls per round"
    )
    for name, code in INPUTS.items():
        decode = best_ns(n, lambda: ours_decode(code))
        valid = best_ns(n, lambda: stone.is_valid_pix(code))
        peer = best_ns(n, lambda: stark(code))
        # pixcanvas reads static codes only: timed where it can read them.
        peer2: Optional[float] = best_ns(n, lambda: canvas(code)) if "dynamic" not in name else None
        print(f"\n{name}")
        print(f"  parse_pix, full decode (ours)        {decode:8.0f} ns")
        print(f"  is_valid_pix (ours)                  {valid:8.0f} ns")
        print(f"  jsonFromBrcode (starkbank-brcode)    {peer:8.0f} ns")
        if peer2 is not None:
            print(f"  parse_pix (pixcanvas)                {peer2:8.0f} ns")
        print(f"  decode vs starkbank: {peer / decode:.1f}x, validate vs starkbank: {peer / valid:.1f}x (target >= 10x)")

    codes: List[str] = list(INPUTS.values())
    batch = [codes[i % len(codes)] for i in range(10_000)]
    ours_batch = best_ns(max(3, round(30 * scale)), lambda: stone.validate_pixes(batch)) / len(batch)
    # The peer takes ~3 s per batch: one batch per round.
    small = batch[: max(200, round(len(batch) * scale))]
    peer_batch = best_ns(1, lambda: [stark(c) for c in small]) / len(small)
    print(f"\nbatch of {len(batch)} mixed payloads, per payload")
    print(f"  validate_pixes (ours, one call)      {ours_batch:8.0f} ns")
    print(f"  starkbank-brcode in a loop           {peer_batch:8.0f} ns")
    print(f"  batch speed-up: {peer_batch / ours_batch:.1f}x (target >= 10x)")


if __name__ == "__main__":
    main()
