// Node benchmark: stone-openbank (the packed package, as installed in
// bindings-wasm/test) against the popular peers, on the same inputs, in one
// process. Prints ns per input and the ratios the targets speak of.
//   node bindings-wasm/bench/compare.mjs [scale]   (scale 1 = full run; 0.02 = smoke)
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import path from "node:path";

const here = path.dirname(fileURLToPath(import.meta.url));
const requireTools = createRequire(path.join(here, "../tools/package.json"));
const stone = await import(path.join(here, "../test/node_modules/stone-openbank/node.js"));
const bu = requireTools("@brazilian-utils/brazilian-utils");
const mg = requireTools("@mrmgomes/boleto-utils");
const version = (name) => requireTools(`${name}/package.json`).version;

const scale = Number(process.argv[2] ?? 1);
const inputs = {
  "valid 47-digit line": "34191090080001234567489012345677999990000012345",
  "valid 48-digit line": "838600000050096000190009000801782309000343062712",
  "invalid line (amount altered)": "34191090080001234567489012345677999990000012346",
};

/** ns per call of f(), best of 5 rounds (after a warm-up round). */
function time(n, f) {
  let sink = 0;
  let best = Infinity;
  for (let round = 0; round < 6; round++) {
    const t0 = process.hrtime.bigint();
    for (let i = 0; i < n; i++) sink += f() ? 1 : 0;
    const ns = Number(process.hrtime.bigint() - t0) / n;
    if (round > 0) best = Math.min(best, ns);
  }
  if (sink < 0) console.log(sink);
  return best;
}

const N = Math.max(1000, Math.round(200_000 * scale));
// Warm every function up first, so the JIT tiers do not favour whichever
// is measured last.
for (const line of Object.values(inputs)) {
  time(2000, () => stone.isValidBarcode(line));
  time(2000, () => bu.isValidBoleto(line));
  time(200, () => mg.validarBoleto(line).sucesso);
  time(2000, () => { try { return stone.parseBarcode(line, "2026-11-26"); } catch { return false; } });
}
const fmt = (ns) => `${ns.toFixed(0).padStart(7)} ns`;
console.log(`Node ${process.version}; stone-openbank ${stone.default ? "wasm" : ""} vs ` +
  `@brazilian-utils/brazilian-utils ${version("@brazilian-utils/brazilian-utils")}, ` +
  `@mrmgomes/boleto-utils ${version("@mrmgomes/boleto-utils")}; ${N} calls per round`);
const results = [];
for (const [name, line] of Object.entries(inputs)) {
  const ours = time(N, () => stone.isValidBarcode(line));
  const peerBu = time(N, () => bu.isValidBoleto(line));
  const peerMg = time(N, () => mg.validarBoleto(line).sucesso);
  const decode = time(N, () => {
    try {
      return stone.parseBarcode(line, "2026-11-26").barcode.length > 0;
    } catch {
      return false;
    }
  });
  const fastest = Math.min(peerBu, peerMg);
  console.log(`\n${name}`);
  console.log(`  isValidBarcode (ours)         ${fmt(ours)}`);
  console.log(`  isValidBoleto (brazilian-utils) ${fmt(peerBu)}`);
  console.log(`  validarBoleto (boleto-utils)  ${fmt(peerMg)}`);
  console.log(`  parseBarcode, full decode (ours) ${fmt(decode)}`);
  console.log(`  single-call speed-up vs fastest peer: ${(fastest / ours).toFixed(1)}x (target >= 2x)`);
  console.log(`  full decode vs validarBoleto: ${(peerMg / decode).toFixed(1)}x (target >= 10x)`);
  results.push({ name, ours, peerBu, peerMg, decode });
}

// Batch: 10,000 mixed inputs in one call vs the fastest peer in a loop.
const lines = Object.values(inputs);
const batch = Array.from({ length: 10_000 }, (_, i) => lines[i % lines.length]);
const B = Math.max(3, Math.round(100 * scale));
const oursBatch = time(B, () => stone.validateBarcodes(batch).length) / batch.length;
const buBatch = time(B, () => batch.filter((l) => bu.isValidBoleto(l)).length) / batch.length;
const mgBatch = time(B, () => batch.filter((l) => mg.validarBoleto(l).sucesso).length) / batch.length;
const fastestBatch = Math.min(buBatch, mgBatch);
console.log(`\nbatch of ${batch.length} mixed inputs, per input`);
console.log(`  validateBarcodes (ours, one call) ${fmt(oursBatch)}`);
console.log(`  brazilian-utils in a loop     ${fmt(buBatch)}`);
console.log(`  boleto-utils in a loop        ${fmt(mgBatch)}`);
console.log(`  batch speed-up vs fastest peer: ${(fastestBatch / oursBatch).toFixed(1)}x (target >= 5x)`);
