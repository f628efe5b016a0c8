// Exactly-once from Node: cash-outs sent by the packed package's client
// through the sandbox's injected faults (5xx, 429, connections dropped
// before the request runs and after it commits, latency), 32 at a time, one
// in four sent twice at once under the same key (a double click). Then the
// sandbox says what it holds: no key made two operations, every cash-out the
// client reported done is held once under the id it reported, and the
// ledger is conserved.
//
// STONE_EXACTLY_ONCE_N sets how many (default 300 in the test command); the
// full run: STONE_EXACTLY_ONCE_N=10000 node --test exactly-once.test.mjs

import { after, before, test } from "node:test";
import assert from "node:assert/strict";

import { ApiError, Client, TimeoutError, TransportError } from "stone-openbank/client";
import { DEMO_KEY, OWN, startSandbox } from "./sandbox.mjs";

let sbx;
let failed = false;

before(async () => {
  sbx = await startSandbox();
});

after(async () => {
  if (failed) console.error(`--- stone sandbox log ---\n${sbx?.log()}`);
  await sbx?.stop();
});

/** One cash-out under its key: the id when the client reports it done. */
async function cashOut(client, account, i) {
  const key = `js-once-${i}`;
  try {
    if (i % 2 === 0) {
      const t = await client.createInternalTransfer(
        { account_id: account, amount: 1, target_account_code: "400002", description: key },
        key,
      );
      return [key, t.id];
    }
    const pix = await client.createPixPayment(
      { account_id: account, amount: 1, description: key, key: "gabriela.abreu@example.com" },
      `${key}-create`,
    );
    await client.confirmPixPayment(pix.id, { description: key }, `${key}-confirm`);
    return [key, pix.id];
  } catch (e) {
    // Gave up after its retries: allowed, as long as it is not doubled.
    if (e instanceof ApiError || e instanceof TransportError || e instanceof TimeoutError) return [key, null];
    throw e;
  }
}

test("no cash-out is duplicated or lost under faults", async () => {
  try {
    const n = Number(process.env.STONE_EXACTLY_ONCE_N ?? 300);
    const client = new Client({
      userAgent: "stone-openbank exactly-once (Node)",
      clientId: OWN,
      privateKey: DEMO_KEY,
      baseUrl: sbx.baseUrl,
      maxAttempts: 12,
    });
    const [{ id: account }] = await client.accounts();
    await sbx.admin("POST", "/admin/faults", {
      error_rate: 0.1, rate_limit_rate: 0.05, drop_before_rate: 0.1, drop_after_rate: 0.2, latency_ms: 2, seed: 20261201,
    });
    // 32 workers take the calls in order; each double click is two calls.
    const calls = [];
    for (let i = 0; i < n; i++) for (let c = 0; c < (i % 4 === 0 ? 2 : 1); c++) calls.push(i);
    const results = [];
    let next = 0;
    const started = performance.now();
    await Promise.all(
      Array.from({ length: 32 }, async () => {
        while (next < calls.length) results.push(await cashOut(client, account, calls[next++]));
      }),
    );
    const elapsed = (performance.now() - started) / 1000;
    await sbx.admin("POST", "/admin/faults", {});

    const reported = new Map();
    let gaveUp = 0;
    for (const [key, id] of results) {
      if (id === null) gaveUp++;
      else reported.set(key, [...(reported.get(key) ?? []), id]);
    }
    const { operations: held } = await sbx.admin("GET", "/admin/operations?description_prefix=js-once-");
    const duplicated = Object.entries(held).filter(([, ids]) => ids.length > 1).map(([k]) => k);
    const lost = [...reported].filter(([k, ids]) => (held[k] ?? []).length !== 1 || ids.some((id) => id !== held[k][0])).map(([k]) => k);
    const ledger = await sbx.admin("GET", "/admin/ledger");
    console.log(
      `exactly-once (Node): ${n} cash-outs (${calls.length} calls with the double clicks) in ${elapsed.toFixed(1)} s; ` +
        `reported done ${reported.size} keys, gave up ${gaveUp} calls; operations held ${Object.keys(held).length}; ` +
        `duplicated ${duplicated.length}; reported but not held once ${lost.length}; ledger conserved ${ledger.conserved}`,
    );
    assert.deepEqual(duplicated, [], "keys that made two operations");
    assert.deepEqual(lost, [], "reported done but not held once");
    assert.equal(ledger.conserved, true);
    // The run meant something: most cash-outs went through the faults.
    assert.ok(reported.size > n * 0.9, `only ${reported.size} of ${n} reported done`);
  } catch (e) {
    failed = true;
    throw e;
  }
});
