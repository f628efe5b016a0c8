"""Exactly-once from Python: cash-outs sent by the installed wheel's asyncio
client through the sandbox's injected faults (5xx, 429, connections dropped
before the request runs and after it commits, latency), 32 at a time, one in
four sent twice at once under the same key (a double click). Then the
sandbox says what it holds: no key made two operations, every cash-out the
client reported done is held once under the id it reported, and the ledger
is conserved.

``STONE_EXACTLY_ONCE_N`` sets how many (default 300 in the test command);
the full run: ``STONE_EXACTLY_ONCE_N=10000 pytest -s -k exactly_once``.
"""

from __future__ import annotations

import asyncio
import os
import time
from typing import Dict, Iterator, List, Optional, Tuple

import pytest

import stone_openbank as so
from conftest import OWN, Sandbox, start_sandbox, stop_sandbox


@pytest.fixture(scope="module")
def faulty() -> Iterator[Sandbox]:
    """A sandbox of its own: its faults must not reach the other tests."""
    sbx = start_sandbox()
    yield sbx
    stop_sandbox(sbx)


async def cash_out(client: so.AsyncClient, account: str, i: int) -> Tuple[str, Optional[str]]:
    """One cash-out under its key; the id when the client reports it done."""
    key = f"py-once-{i}"
    try:
        if i % 2 == 0:
            transfer = await client.create_internal_transfer(
                so.NewInternalTransfer(
                    account_id=account, amount=1, target_account_code="400002", description=key
                ),
                idempotency_key=key,
            )
            return key, transfer.id
        pix = await client.create_pix_payment(
            so.NewPixPayment(
                account_id=account, amount=1, description=key, key="gabriela.abreu@example.com"
            ),
            idempotency_key=f"{key}-create",
        )
        await client.confirm_pix_payment(
            pix.id, so.PixConfirmation(description=key), idempotency_key=f"{key}-confirm"
        )
        return key, pix.id
    except (so.ApiError, so.TransportError, so.RequestTimeoutError):
        # Gave up after its retries: allowed, as long as it is not doubled.
        return key, None


def test_no_cash_out_is_duplicated_or_lost_under_faults(faulty: Sandbox, demo_key: str) -> None:
    n = int(os.environ.get("STONE_EXACTLY_ONCE_N", "300"))

    async def run() -> Tuple[Dict[str, List[str]], int, int, float]:
        client = so.AsyncClient(
            "stone-openbank exactly-once (Python)",
            client_id=OWN,
            private_key=demo_key,
            base_url=faulty.base_url,
            max_attempts=12,
        )
        account = (await client.accounts())[0].id
        faulty.admin(
            "POST",
            "/admin/faults",
            {"error_rate": 0.1, "rate_limit_rate": 0.05, "drop_before_rate": 0.1,
             "drop_after_rate": 0.2, "latency_ms": 2, "seed": 20261201},
        )
        gate = asyncio.Semaphore(32)

        async def one(i: int) -> Tuple[str, Optional[str]]:
            async with gate:
                return await cash_out(client, account, i)

        started = time.monotonic()
        calls = [one(i) for i in range(n) for _ in range(2 if i % 4 == 0 else 1)]
        results = await asyncio.gather(*calls)
        elapsed = time.monotonic() - started
        faulty.admin("POST", "/admin/faults", {})
        reported: Dict[str, List[str]] = {}
        gave_up = 0
        for key, op in results:
            if op is None:
                gave_up += 1
            else:
                reported.setdefault(key, []).append(op)
        return reported, len(calls), gave_up, elapsed

    reported, calls, gave_up, elapsed = asyncio.run(run())
    held: Dict[str, List[str]] = faulty.admin("GET", "/admin/operations?description_prefix=py-once-")[
        "operations"
    ]
    duplicated = sorted(k for k, ids in held.items() if len(ids) > 1)
    lost = sorted(k for k, ids in reported.items() if held.get(k, []) != [ids[0]] or len(set(ids)) > 1)
    ledger = faulty.admin("GET", "/admin/ledger")
    print(
        f"exactly-once (Python): {n} cash-outs ({calls} calls with the double clicks) in {elapsed:.1f} s; "
        f"reported done {len(reported)} keys, gave up {gave_up} calls; operations held {len(held)}; "
        f"duplicated {len(duplicated)}; reported but not held once {len(lost)}; "
        f"ledger conserved {ledger['conserved']}"
    )
    assert duplicated == [], f"keys that made two operations: {duplicated[:10]}"
    assert lost == [], f"reported done but not held once: {lost[:10]}"
    assert ledger["conserved"], ledger
    # The run meant something: most cash-outs went through the faults.
    assert len(reported) > n * 0.9, f"only {len(reported)} of {n} reported done"
