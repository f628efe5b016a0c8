"""The pip client's cost against a hand-written httpx client, sync and
async, and its statement walk against the Rust client's, on one
``stone sandbox`` (release build, quiet) and one token.

    python bindings-python/bench/client.py [scale]   (1 = full run; 0.01 = smoke)

Needs target/release/stone and target/release/sandbox-load (the test
command builds both) and the wheel installed with httpx (scripts/python.sh).
"""

from __future__ import annotations

import asyncio
import json
import subprocess
import sys
import time
from pathlib import Path
from typing import Any, Callable, Dict, List, Tuple

import httpx

import stone_openbank as so

REPO = Path(__file__).resolve().parents[2]
SCALE = float(sys.argv[1]) if len(sys.argv) > 1 else 1.0


# The filler and reference walk: the release build (scripts/bench.sh makes
# it), else the debug one (the test command's smoke run).
LOAD = next(
    (p for p in (REPO / "target/release/sandbox-load", REPO / "target/debug/sandbox-load") if p.exists()),
    REPO / "target/release/sandbox-load",
)


def n(full: int) -> int:
    return max(50, int(full * SCALE))


def rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def best_of(rounds: int, sides: List[Callable[[], None]]) -> List[float]:
    """Per-call µs of each side, rounds interleaved, best of 5 for each."""
    best = [float("inf")] * len(sides)
    for _ in range(5):
        for i, side in enumerate(sides):
            started = time.perf_counter()
            for _ in range(rounds):
                side()
            best[i] = min(best[i], (time.perf_counter() - started) / rounds * 1e6)
    return best


def main() -> None:
    sandbox = subprocess.Popen(
        [str(REPO / "target/release/stone"), "sandbox", "--port", "0", "--quiet"], stdout=subprocess.PIPE
    )
    assert sandbox.stdout is not None
    base = json.loads(sandbox.stdout.readline())["base_url"]
    try:
        key = (REPO / "sandbox/seed/demo-app.key.pem").read_text()
        owner = so.Client("bench", client_id="demo-conta-de-liquidacao", private_key=key, base_url=base)
        token = owner.access_token()
        account = owner.accounts()[0]
        sdk = so.Client.with_access_token("bench", token, base_url=base)
        headers = {"authorization": f"Bearer {token}", "user-agent": "bench"}
        url = f"{base}/api/v1/accounts/{account.id}/balance"
        rounds = n(2000)

        with httpx.Client(headers=headers) as http:
            def plain() -> None:
                http.get(url).json()

            def ours() -> None:
                sdk.balance(account.id)

            for _ in range(100):
                plain()
                ours()
            raw, mine = best_of(rounds, [plain, ours])
        print(
            f"python sync: httpx {raw:.1f} µs, Client.balance {mine:.1f} µs per call "
            f"(best of 5 rounds of {rounds}): {mine / raw:.2f}× (target <= 1.2×)"
        )

        async def async_side() -> Tuple[float, float]:
            async with httpx.AsyncClient(headers=headers) as http:
                client = so.AsyncClient.with_access_token("bench", token, base_url=base)
                best = [float("inf"), float("inf")]
                for _ in range(100):
                    (await http.get(url)).json()
                    await client.balance(account.id)
                for _ in range(5):
                    started = time.perf_counter()
                    for _ in range(rounds):
                        (await http.get(url)).json()
                    best[0] = min(best[0], (time.perf_counter() - started) / rounds * 1e6)
                    started = time.perf_counter()
                    for _ in range(rounds):
                        await client.balance(account.id)
                    best[1] = min(best[1], (time.perf_counter() - started) / rounds * 1e6)
                return best[0], best[1]

        raw, mine = asyncio.run(async_side())
        print(
            f"python async: httpx {raw:.1f} µs, AsyncClient.balance {mine:.1f} µs per call "
            f"(best of 5 rounds of {rounds}): {mine / raw:.2f}× (target <= 1.2×)"
        )

        # The statement: filled (and walked) by the Rust client, then here.
        out = subprocess.run(
            [str(LOAD), "fill", base, str(n(100_000))],
            check=True,
            capture_output=True,
        ).stdout
        rust: Dict[str, Any] = json.loads(out)
        platform = so.Client("bench", client_id="demo-openbank-platform", private_key=key, base_url=base)
        other = platform.accounts()[0]
        best = float("inf")
        walked = 0
        low, high = float("inf"), 0.0
        for _ in range(3):
            walked = 0
            started = time.perf_counter()
            for client, account_id in ((owner, account.id), (platform, other.id)):
                for _entry in client.statement(account_id, page_size=1000):
                    walked += 1
                    if walked % 1000 == 1:
                        mb = rss_mb()
                        low, high = min(low, mb), max(high, mb)
            best = min(best, time.perf_counter() - started)
        rate = walked / best
        print(
            f"python: statement walk of {walked} entries in {best:.2f} s ({rate:.0f} entries/s; "
            f"Rust {rust['rust_entries_per_s']:.0f}/s: {rate / rust['rust_entries_per_s']:.2f} of Rust, "
            f"target >= 0.5); RSS while walking {low:.0f}–{high:.0f} MB"
        )
        if walked != rust["entries"]:
            raise SystemExit(f"walked {walked}, the ledger has {rust['entries']}")
    finally:
        sandbox.terminate()
        sandbox.wait()


if __name__ == "__main__":
    main()
