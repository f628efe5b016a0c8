// Node benchmark: BR Code parse/validate, stone-openbank (the packed
// package, as installed in bindings-wasm/test) against pix-utils (the npm
// package most installed for this), on the same payloads, in one process.
//   node bindings-wasm/bench/pix.mjs [scale]   (scale 1 = full run; 0.02 = smoke)
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import path from "node:path";

const here = path.dirname(fileURLToPath(import.meta.url));
const requireTools = createRequire(path.join(here, "../tools/package.json"));
const stone = await import(path.join(here, "../test/node_modules/stone-openbank/node.js"));
const peer = requireTools("pix-utils");
const peerVersion = requireTools("pix-utils/package.json").version;

const scale = Number(process.argv[2] ?? 1);
const inputs = {
  "static (the BCB manual's example)":
    "00020126580014br.gov.bcb.pix0136123e4567-e12b-12d1-a456-4266554400005204000053039865802BR5913Fulano de Tal6008BRASILIA62070503***63041D3D",
  "static with amount and description":
    "00020101021126810014br.gov.bcb.pix0114+55119876543210241Pagamento do pedido 42 da Padaria Central5204581253039865406150.505802BR5913Padaria Paulo6009SAO PAULO62120508pedido426304EC5C",
  "dynamic (a charge's URL)":
    "00020126630014br.gov.bcb.pix2541pix.stone.com.br/pix/v2/QchjekMTjSyprRG1i5204000053039865412320050211.625802BR5903Pad6008Curitiba62070503***6304A262",
  "invalid (CRC altered)":
    "00020126580014br.gov.bcb.pix0136123e4567-e12b-12d1-a456-4266554400005204000053039865802BR5913Fulano de Tal6008BRASILIA62070503***63041D3E",
};
// Both libraries must agree on every input before anything is timed, and
// only the last input is invalid.
for (const [name, code] of Object.entries(inputs)) {
  const theirs = !peer.hasError(peer.parsePix(code));
  if (stone.isValidPix(code) !== theirs) throw new Error(`verdicts differ on ${name}`);
  if (theirs !== !name.startsWith("invalid")) throw new Error(`unexpected verdict on ${name}`);
}

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

const ours = (code) => {
  try {
    return stone.parsePix(code).crc.length === 4;
  } catch {
    return false;
  }
};
// Decoding without an exception on invalid input, as pix-utils does.
const oursSafe = (code) => {
  const r = stone.safeParsePix(code);
  return r.ok && r.pix.crc.length === 4;
};
const theirs = (code) => !peer.hasError(peer.parsePix(code));
const N = Math.max(500, Math.round(100_000 * scale));
for (const code of Object.values(inputs)) {
  time(1000, () => ours(code));
  time(1000, () => stone.isValidPix(code));
  time(1000, () => theirs(code));
}
const fmt = (ns) => `${ns.toFixed(0).padStart(7)} ns`;
console.log(`Node ${process.version}; stone-openbank vs pix-utils ${peerVersion}; ${N} calls per round`);
for (const [name, code] of Object.entries(inputs)) {
  const parse = time(N, () => ours(code));
  const safe = time(N, () => oursSafe(code));
  const valid = time(N, () => stone.isValidPix(code));
  const peerParse = time(N, () => theirs(code));
  console.log(`\n${name}`);
  console.log(`  parsePix, full decode (ours)   ${fmt(parse)}`);
  console.log(`  safeParsePix, no throw (ours)  ${fmt(safe)}`);
  console.log(`  isValidPix (ours)              ${fmt(valid)}`);
  console.log(`  parsePix + hasError (pix-utils) ${fmt(peerParse)}`);
  console.log(`  decode vs pix-utils: ${(peerParse / parse).toFixed(1)}x (safeParsePix ${(peerParse / safe).toFixed(1)}x), validate vs pix-utils: ${(peerParse / valid).toFixed(1)}x (target >= 10x)`);
}

const codes = Object.values(inputs);
const batch = Array.from({ length: 10_000 }, (_, i) => codes[i % codes.length]);
const B = Math.max(3, Math.round(50 * scale));
const oursBatch = time(B, () => stone.validatePixes(batch).length) / batch.length;
const peerBatch = time(B, () => batch.filter(theirs).length) / batch.length;
console.log(`\nbatch of ${batch.length} mixed payloads, per payload`);
console.log(`  validatePixes (ours, one call) ${fmt(oursBatch)}`);
console.log(`  pix-utils in a loop            ${fmt(peerBatch)}`);
console.log(`  batch speed-up: ${(peerBatch / oursBatch).toFixed(1)}x (target >= 10x)`);
