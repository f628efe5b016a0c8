// The npm client's cost against a hand-written one, and its statement walk
// against the Rust client's, on one `stone sandbox` (release build, quiet)
// and one token.
//
//   node bindings-wasm/bench/client.mjs [scale]   (scale 1 = full run; 0.01 = smoke)
//
// Needs target/release/stone and target/release/sandbox-load (the test
// command builds both) and the package installed in bindings-wasm/test.

import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import path from "node:path";

const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.resolve(here, "..", "..");
const { DEMO_KEY, startSandbox } = await import(path.join(here, "../test/sandbox.mjs"));
const { Client } = await import(path.join(here, "../test/node_modules/stone-openbank/client-node.js"));
const scale = Number(process.argv[2] ?? 1);
const n = (full) => Math.max(50, Math.round(full * scale));
// The filler and reference walk: the release build (scripts/bench.sh makes
// it), else the debug one (the test command's smoke run).
const loadBin = ["release", "debug"].map((p) => path.join(repo, "target", p, "sandbox-load")).find(existsSync);

const sandbox = await startSandbox(["--quiet"], path.join(repo, "target/release/stone"));
const base = sandbox.baseUrl;
try {
  const key = DEMO_KEY;
  const owner = new Client({ userAgent: "bench", clientId: "demo-conta-de-liquidacao", privateKey: key, baseUrl: base });
  const token = await owner.accessToken();
  const [account] = await owner.accounts();
  const sdk = Client.withAccessToken({ userAgent: "bench", accessToken: token, baseUrl: base });
  const url = `${base}/api/v1/accounts/${account.id}/balance`;
  const headers = { authorization: `Bearer ${token}`, "user-agent": "bench" };
  const plain = async () => (await fetch(url, { headers })).json();

  // Per call, one at a time; rounds interleaved, best of 5 for each side.
  const rounds = n(2000);
  for (let i = 0; i < 200; i++) await Promise.all([plain(), sdk.balance(account.id)]);
  let [raw, ours] = [Infinity, Infinity];
  for (let r = 0; r < 5; r++) {
    let t = performance.now();
    for (let i = 0; i < rounds; i++) await plain();
    raw = Math.min(raw, (performance.now() - t) / rounds);
    t = performance.now();
    for (let i = 0; i < rounds; i++) await sdk.balance(account.id);
    ours = Math.min(ours, (performance.now() - t) / rounds);
  }
  console.log(
    `node: plain fetch ${(raw * 1000).toFixed(1)} µs, client.balance ${(ours * 1000).toFixed(1)} µs per call ` +
      `(best of 5 rounds of ${rounds}): ${(ours / raw).toFixed(2)}× (target <= 1.2×)`,
  );

  // The statement: filled (and walked) by the Rust client, then walked here.
  const rust = JSON.parse(execFileSync(loadBin, ["fill", base, String(n(100_000))]).toString());
  const platform = new Client({ userAgent: "bench", clientId: "demo-openbank-platform", privateKey: key, baseUrl: base });
  const [other] = await platform.accounts();
  let best = Infinity;
  let walked = 0;
  let [rssMin, rssMax] = [Infinity, 0];
  for (let r = 0; r < 3; r++) {
    walked = 0;
    const t = performance.now();
    for (const [c, id] of [[owner, account.id], [platform, other.id]]) {
      for await (const entry of c.statement(id, { pageSize: 1000 })) {
        walked += 1;
        if (walked % 1000 === 1) {
          const rss = process.memoryUsage().rss;
          [rssMin, rssMax] = [Math.min(rssMin, rss), Math.max(rssMax, rss)];
        }
        void entry;
      }
    }
    best = Math.min(best, (performance.now() - t) / 1000);
  }
  const rate = walked / best;
  console.log(
    `node: statement walk of ${walked} entries in ${best.toFixed(2)} s (${rate.toFixed(0)} entries/s; Rust ${rust.rust_entries_per_s.toFixed(0)}/s: ` +
      `${(rate / rust.rust_entries_per_s).toFixed(2)} of Rust, target >= 0.5); RSS while walking ${(rssMin / 2 ** 20).toFixed(0)}–${(rssMax / 2 ** 20).toFixed(0)} MB`,
  );
  if (walked !== rust.entries) throw new Error(`walked ${walked}, the ledger has ${rust.entries}`);
} finally {
  await sandbox.stop();
}
