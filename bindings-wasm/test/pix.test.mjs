// The shared Pix BR Code vectors (shared/testdata/pix/) through the packed
// npm package, plus building, keys and the typed errors.

import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import path from "node:path";

import {
  parsePix,
  safeParsePix,
  isValidPix,
  validatePix,
  validatePixes,
  validateBarcodes,
  buildPix,
  parsePixKey,
  isValidPixKey,
  InvalidPixError,
  StoneError,
} from "stone-openbank";

const here = path.dirname(fileURLToPath(import.meta.url));
const testdata = process.env.STONE_TESTDATA || path.resolve(here, "..", "..", "..", "shared", "testdata");
const { cases } = JSON.parse(readFileSync(path.join(testdata, "pix", "vectors.json"), "utf8"));
const MANUAL = cases[0].input;

// The vectors' snake_case names → the package's camelCase fields.
const camel = (s) => s.replace(/_([a-z])/g, (_, c) => c.toUpperCase());

test("every shared Pix vector: verdict, fields, error class", () => {
  assert.equal(cases.length, 1998);
  const failures = [];
  for (const c of cases) {
    if (isValidPix(c.input) !== c.valid) failures.push(`${c.id}: isValidPix`);
    const safe = safeParsePix(c.input);
    if (safe.ok !== c.valid) failures.push(`${c.id}: safeParsePix ok ${safe.ok}`);
    try {
      const code = parsePix(c.input);
      if (safe.ok) assert.deepEqual(safe.pix, code);
      if (!c.valid) {
        failures.push(`${c.id}: accepted, expected ${c.error}`);
        continue;
      }
      for (const [k, v] of Object.entries(c.expected)) {
        if (code[camel(k)] !== v) failures.push(`${c.id}: ${k} ${code[camel(k)]} != ${v}`);
      }
      if (code.payload !== c.input.trim()) failures.push(`${c.id}: payload`);
      // Re-encoded from the decoded fields, it reads back the same (the
      // payload's text may differ in the order of its elements).
      const again = parsePix(buildPix(code));
      assert.deepEqual({ ...again, payload: null }, { ...code, payload: null });
    } catch (e) {
      if (!(e instanceof InvalidPixError)) throw e;
      // The same fault, thrown or returned.
      if (!safe.ok) {
        const { code, position, field, id, found, expected, keyType, message } = e;
        assert.deepEqual(safe.error, { code, position, field, id, found, expected, keyType, message });
      }
      if (c.valid) failures.push(`${c.id}: refused ${e.message}`);
      else if (e.code !== c.error) failures.push(`${c.id}: ${e.code}, expected ${c.error}`);
    }
  }
  assert.deepEqual(failures, []);
  assert.deepEqual(validatePixes(cases.map((c) => c.input)), cases.map((c) => c.valid));
});

test("errors say what and where", () => {
  const e = assert.throws(() => validatePix(MANUAL.replace("1D3D", "1D3E")), InvalidPixError);
  assert.throws(() => validatePix(MANUAL.replace("1D3D", "1D3E")), (e) => {
    assert.ok(e instanceof StoneError);
    assert.equal(e.code, "crc");
    assert.equal(e.found, "1D3E");
    assert.equal(e.expected, "1D3D");
    assert.equal(e.position, MANUAL.length - 4);
    return true;
  });
  void e;
  assert.throws(
    () => buildPix({ key: "pix@example.com", merchantName: "Loja", merchantCity: "Sao Jose dos Campos" }),
    (e) => e instanceof InvalidPixError && e.code === "field" && e.field === "merchant_city" && e.id === "60",
  );
  assert.throws(() => buildPix({ key: "pix@example.com", merchantName: "Loja", merchantCity: "Recife", amountCents: 10.5 }), InvalidPixError);
  assert.throws(() => buildPix({ key: "pix@example.com", merchantName: "Loja", merchantCity: "Recife", amountCents: "10" }), TypeError);
  assert.throws(() => parsePix(42), TypeError);
  assert.throws(() => safeParsePix(42), TypeError);
  const crc = safeParsePix(MANUAL.replace("1D3D", "1D3E"));
  assert.equal(crc.ok, false);
  assert.deepEqual([crc.error.code, crc.error.found, crc.error.expected, crc.error.position], ["crc", "1D3E", "1D3D", MANUAL.length - 4]);
  // A separator in the input cannot shift the fault's fields.
  const hidden = safeParsePix(MANUAL.slice(0, 20) + "\u001f" + MANUAL.slice(21));
  assert.equal(hidden.ok, false);
  assert.equal(hidden.error.code, "structure");
  assert.equal(hidden.error.position, 20);
  // A separator hidden in a template cannot smuggle in another one.
  const base = { key: "pix@example.com", merchantName: "Loja", merchantCity: "Recife" };
  assert.throws(() => buildPix({ ...base, templates: [{ id: "80", value: "abc\u001f85=evil" }] }), (e) => e instanceof InvalidPixError && e.field === "templates");
  assert.throws(() => buildPix({ ...base, templates: [{ id: "80=x", value: "y" }] }), InvalidPixError);
  assert.equal(parsePix(buildPix({ ...base, amountCents: 999_999_999_999 })).amountCents, 999_999_999_999);
  assert.throws(() => parsePix("BRASÍLIA"), (e) => e.code === "structure");
});

test("build a static and a dynamic code", () => {
  const payload = buildPix({ key: "+5511987654321", merchantName: "Padaria", merchantCity: "Recife", amountCents: 1050, txid: "pedido42", templates: [{ id: "80", value: "xyz" }] });
  const code = parsePix(payload);
  assert.equal(code.amountCents, 1050);
  assert.equal(code.keyType, "phone");
  assert.deepEqual(code.templates, [{ id: "80", value: "xyz" }]);
  const dynamic = parsePix(buildPix({ url: "pix.example.com/qr/v2/abc", merchantName: "Loja", merchantCity: "Recife", pointOfInitiation: "12" }));
  assert.equal(dynamic.kind, "dynamic");
  assert.equal(dynamic.pointOfInitiation, "12");
});

test("keys", () => {
  assert.deepEqual(parsePixKey("123.456.789-09"), { keyType: "cpf", value: "12345678909" });
  assert.deepEqual(parsePixKey("+55 (11) 98765-4321"), { keyType: "phone", value: "+5511987654321" });
  assert.equal(isValidPixKey("11987654321"), false);
  assert.throws(() => parsePixKey("fulano@localhost"), (e) => e instanceof InvalidPixError && e.code === "key" && e.keyType === "email");
});

test("a batch input holding the NUL separator is judged on its own", () => {
  const line = "34191090080001234567489012345677999990000012345";
  assert.deepEqual(validateBarcodes([line, `${line}\0${line}`, line]), [true, false, true]);
  assert.deepEqual(validatePixes([MANUAL, `${MANUAL}\0${MANUAL}`, "x", MANUAL]), [true, false, false, true]);
  assert.deepEqual(validatePixes([]), []);
});
