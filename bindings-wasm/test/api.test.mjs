// The public surface of the packed npm package, as a user calls it: result
// shapes (null for absent values, integer amounts), conversions, builders,
// CPF/CNPJ, the error classes, argument checks, and both entry points.

import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { fileURLToPath, pathToFileURL } from "node:url";
import path from "node:path";

import init, * as sdk from "stone-openbank";

const {
  parseBarcode,
  isValidBarcode,
  validateBarcode,
  validateBarcodes,
  toBarcode,
  toDigitableLine,
  formatLine,
  buildBankBoleto,
  buildCollectionDocument,
  parseCpf,
  parseCnpj,
  isValidCpf,
  isValidCnpj,
  StoneError,
  InvalidBarcodeError,
  InvalidDocumentError,
} = sdk;

const here = path.dirname(fileURLToPath(import.meta.url));
const pkgDir = path.join(here, "node_modules", "stone-openbank");
const REF = "2026-11-26";

// From the shared vectors (edge-cases.json).
const BANK = {
  barcode: "34199999900000123451090000012345678901234567",
  line: "34191090080001234567489012345677999990000012345",
  printed: "34191.09008 00012.345674 89012.345677 9 99990000012345",
};
const NO_DUE_DATE = "34197000000000009901090000012345678901234567";
const VT7 = {
  barcode: "85720000000000101230000000000000000000000001",
  printed: "85720000000-1 00010123000-1 00000000000-0 00000000001-8",
};
const VT6 = {
  barcode: "83690000001623200111234567890123456789012345",
  printed: "83690000001-6 62320011123-4 45678901234-5 56789012345-6",
};
const FREE = "1090000012345678901234567";

/** Asserts `f` throws an InvalidBarcodeError with these properties. */
function throwsBarcode(f, props, message) {
  assert.throws(
    f,
    (e) => {
      assert.ok(e instanceof InvalidBarcodeError, `${message ?? ""}: not an InvalidBarcodeError: ${e}`);
      assert.ok(e instanceof StoneError && e instanceof Error);
      assert.equal(e.name, "InvalidBarcodeError");
      for (const [k, v] of Object.entries(props)) assert.equal(e[k], v, `${message ?? ""}: .${k}`);
      return true;
    },
    message,
  );
}

function throwsDocument(f, props, message) {
  assert.throws(
    f,
    (e) => {
      assert.ok(e instanceof InvalidDocumentError, `${message ?? ""}: not an InvalidDocumentError: ${e}`);
      assert.ok(e instanceof StoneError && e instanceof Error);
      assert.ok(!(e instanceof InvalidBarcodeError));
      assert.equal(e.name, "InvalidDocumentError");
      for (const [k, v] of Object.entries(props)) assert.equal(e[k], v, `${message ?? ""}: .${k}`);
      return true;
    },
    message,
  );
}

/** Runs `f` with process.env.TZ set (Node applies a change of TZ at once). */
function inTimeZone(tz, f) {
  const saved = process.env.TZ;
  process.env.TZ = tz;
  try {
    return f();
  } finally {
    if (saved === undefined) delete process.env.TZ;
    else process.env.TZ = saved;
  }
}

test("package entry points", async (t) => {
  await t.test("import('stone-openbank') resolves to node.js under Node", async () => {
    const resolved = import.meta.resolve("stone-openbank");
    assert.equal(resolved, pathToFileURL(path.join(pkgDir, "node.js")).href);
    const viaDynamic = await import("stone-openbank");
    assert.equal(viaDynamic.parseBarcode, parseBarcode);
    assert.equal(viaDynamic.default, sdk.init);
  });

  await t.test("stone-openbank/package.json is exported; nothing else is", () => {
    assert.equal(import.meta.resolve("stone-openbank/package.json"), pathToFileURL(path.join(pkgDir, "package.json")).href);
    const pkg = JSON.parse(readFileSync(path.join(pkgDir, "package.json"), "utf8"));
    assert.equal(pkg.name, "stone-openbank");
    assert.equal(pkg.type, "module");
    for (const sub of ["stone-openbank/index.js", "stone-openbank/api.js", "stone-openbank/wasm/stone_openbank_wasm.js"]) {
      assert.throws(() => import.meta.resolve(sub), { code: "ERR_PACKAGE_PATH_NOT_EXPORTED" }, sub);
    }
  });

  await t.test("the types condition comes first and its files are in the package", () => {
    const pkg = JSON.parse(readFileSync(path.join(pkgDir, "package.json"), "utf8"));
    assert.deepStrictEqual(Object.keys(pkg.exports["."]), ["types", "node", "default"]);
    for (const file of [pkg.exports["."].types, pkg.exports["."].node, pkg.exports["."].default, pkg.main, pkg.module, pkg.types]) {
      assert.ok(readFileSync(path.join(pkgDir, file)).length > 0, file);
    }
    readFileSync(path.join(pkgDir, "wasm", "stone_openbank_wasm_bg.wasm"));
  });

  await t.test("the Node entry works on import, without init()", () => {
    // A fresh process, so nothing here has called init() before.
    const script = `
      import { parseBarcode, isValidCnpj, validateBarcodes } from "stone-openbank";
      console.log(JSON.stringify([parseBarcode(${JSON.stringify(BANK.printed)}, "${REF}").barcode, isValidCnpj("12ABC34501DE35"), validateBarcodes([${JSON.stringify(BANK.line)}, "1"])]));
    `;
    const stdout = execFileSync(process.execPath, ["--input-type=module", "-e", script], { cwd: here, encoding: "utf8", timeout: 30_000 });
    assert.deepStrictEqual(JSON.parse(stdout), [BANK.barcode, true, [true, false]]);
  });

  await t.test("the default export is init; init() resolves in Node, repeatedly", async () => {
    assert.equal(init, sdk.init);
    assert.equal(typeof init, "function");
    assert.equal(await init(), undefined);
    assert.equal(await init(), undefined);
    sdk.initSync(new Uint8Array()); // already initialised: a no-op, even with bad bytes
    assert.equal(parseBarcode(BANK.barcode, REF).barcode, BANK.barcode);
  });

  await t.test("the browser entry (index.js) needs init, then works", () => {
    // A child process: node.js and index.js share api.js, so in this process
    // (where node.js ran initSync on import) index.js is already initialised.
    const script = `
      import { readFileSync } from "node:fs";
      const m = await import(${JSON.stringify(pathToFileURL(path.join(pkgDir, "index.js")).href)});
      const out = {};
      try { m.parseBarcode(${JSON.stringify(BANK.barcode)}); out.before = "no error"; }
      catch (e) { out.before = { isStoneError: e instanceof m.StoneError, isError: e instanceof Error, name: e.name, code: e.code, message: e.message }; }
      try { m.isValidCpf("12345678909"); out.cpfBefore = "no error"; } catch (e) { out.cpfBefore = e.code; }
      out.defaultIsInit = m.default === m.init;
      await m.default(readFileSync(${JSON.stringify(path.join(pkgDir, "wasm", "stone_openbank_wasm_bg.wasm"))}));
      await m.init();
      out.after = m.parseBarcode(${JSON.stringify(BANK.printed)}, ${JSON.stringify(REF)});
      out.cpfAfter = m.isValidCpf("12345678909");
      console.log(JSON.stringify(out));
    `;
    const stdout = execFileSync(process.execPath, ["--input-type=module", "-e", script], { encoding: "utf8", timeout: 30_000 });
    const out = JSON.parse(stdout);
    assert.equal(out.before.isStoneError, true);
    assert.equal(out.before.isError, true);
    assert.equal(out.before.name, "StoneError");
    assert.equal(out.before.code, "not_initialized");
    assert.match(out.before.message, /init/);
    assert.equal(out.cpfBefore, "not_initialized");
    assert.equal(out.defaultIsInit, true);
    assert.equal(out.after.kind, "bank");
    assert.equal(out.after.barcode, BANK.barcode);
    assert.equal(out.after.dueDate, "2025-02-21");
    assert.equal(out.cpfAfter, true);
  });

  await t.test("the browser entry's initSync works from bytes", () => {
    const script = `
      import { readFileSync } from "node:fs";
      const m = await import(${JSON.stringify(pathToFileURL(path.join(pkgDir, "index.js")).href)});
      m.initSync(readFileSync(${JSON.stringify(path.join(pkgDir, "wasm", "stone_openbank_wasm_bg.wasm"))}));
      console.log(m.toBarcode(${JSON.stringify(BANK.printed)}));
    `;
    const stdout = execFileSync(process.execPath, ["--input-type=module", "-e", script], { encoding: "utf8", timeout: 30_000 });
    assert.equal(stdout.trim(), BANK.barcode);
  });
});

test("decoded documents", async (t) => {
  await t.test("a bank boleto has every field, camelCase, nothing else", () => {
    const doc = parseBarcode(BANK.printed, REF);
    assert.deepStrictEqual(doc, {
      kind: "bank",
      bankCode: "341",
      currencyCode: "9",
      dueFactor: 9999,
      dueDate: "2025-02-21",
      amountCents: 12345,
      freeField: FREE,
      barcode: BANK.barcode,
      digitableLine: BANK.line,
      formattedLine: BANK.printed,
    });
    assert.equal(Object.getPrototypeOf(doc), Object.prototype, "a plain object");
    assert.deepStrictEqual(parseBarcode(BANK.barcode, REF), doc);
    assert.deepStrictEqual(parseBarcode(BANK.line, REF), doc);
    assert.deepStrictEqual(JSON.parse(JSON.stringify(doc)), doc, "survives JSON");
  });

  await t.test("no due date is null, not undefined", () => {
    const doc = parseBarcode(NO_DUE_DATE, REF);
    assert.equal(doc.dueFactor, 0);
    assert.ok("dueDate" in doc);
    assert.strictEqual(doc.dueDate, null);
    assert.strictEqual(doc.amountCents, 990);
  });

  await t.test("value type 7: amountCents null, referenceValue set", () => {
    const doc = parseBarcode(VT7.printed);
    assert.equal(doc.kind, "collection");
    assert.equal(doc.valueType, 7);
    assert.ok("amountCents" in doc);
    assert.strictEqual(doc.amountCents, null);
    assert.strictEqual(doc.referenceValue, 1);
    assert.equal(doc.segment, 5);
    assert.equal(doc.companyId, "0123");
    assert.equal(doc.checkDigitMethod, "mod10");
    assert.equal(doc.formattedLine, VT7.printed);
    assert.equal(doc.barcode, VT7.barcode);
  });

  await t.test("value type 6: amountCents set, referenceValue null", () => {
    const doc = parseBarcode(VT6.barcode);
    assert.deepStrictEqual(doc, {
      kind: "collection",
      segment: 3,
      valueType: 6,
      checkDigitMethod: "mod10",
      amountCents: 16232,
      referenceValue: null,
      companyId: "0011",
      freeField: "1234567890123456789012345",
      barcode: VT6.barcode,
      digitableLine: VT6.printed.replace(/\D/g, ""),
      formattedLine: VT6.printed,
    });
  });

  await t.test("amounts are integers, up to the largest", () => {
    const max = parseBarcode("34194150099999999991090000012345678901234567", REF);
    assert.strictEqual(max.amountCents, 9999999999);
    assert.ok(Number.isInteger(max.amountCents));
    const zero = parseBarcode("34191150000000000001090000012345678901234567", REF);
    assert.strictEqual(zero.amountCents, 0);
    assert.ok(Number.isInteger(parseBarcode(VT6.barcode).amountCents));
  });

  await t.test("the reference date: string, local Date, or today", () => {
    const factor1000 = "34194100000000123451090000012345678901234567";
    assert.equal(parseBarcode(factor1000, "2026-11-26").dueDate, "2025-02-22");
    assert.equal(parseBarcode(factor1000, "2000-07-01").dueDate, "2000-07-03");
    for (const tz of ["UTC", "America/Sao_Paulo", "Asia/Tokyo", "Pacific/Kiritimati", "Pacific/Pago_Pago"]) {
      inTimeZone(tz, () => {
        assert.equal(parseBarcode(factor1000, new Date(2000, 6, 1, 23, 59)).dueDate, "2000-07-03", tz);
        assert.equal(parseBarcode(factor1000, new Date(2026, 10, 26, 0, 0)).dueDate, "2025-02-22", tz);
      });
    }
    // Default (and null/undefined): today in Brasília. Any year after 2013
    // puts factor 1000 in the second cycle.
    assert.equal(parseBarcode(factor1000).dueDate, "2025-02-22");
    assert.equal(parseBarcode(factor1000, null).dueDate, "2025-02-22");
    assert.equal(parseBarcode(factor1000, undefined).dueDate, "2025-02-22");
  });

  await t.test("a bad reference date is refused, never guessed", () => {
    // Only YYYY-MM-DD: no other ISO 8601 form (basic, week, ordinal, with a time).
    for (const bad of ["2026-02-30", "26/11/2026", "2026-11-26T00:00:00Z", "2026-11-26T23:00:00-03:00", "", " 2026-11-26", "20261126", "2026-W48-4", "2026-330", "2026-11-26 "]) {
      throwsBarcode(() => parseBarcode(BANK.barcode, bad), { code: "field", field: "referenceDate", position: null }, JSON.stringify(bad));
    }
    throwsBarcode(() => parseBarcode(BANK.barcode, new Date("nope")), { code: "field", field: "referenceDate" });
    for (const bad of [20261126, {}, true, 0]) {
      assert.throws(() => parseBarcode(BANK.barcode, bad), TypeError, String(bad));
    }
  });
});

test("conversions", () => {
  for (const input of [BANK.barcode, BANK.line, BANK.printed, ` ${BANK.printed}\n`]) {
    assert.equal(toBarcode(input), BANK.barcode);
    assert.equal(toDigitableLine(input), BANK.line);
    assert.equal(formatLine(input), BANK.printed);
  }
  for (const input of [VT7.barcode, VT7.printed]) {
    assert.equal(toBarcode(input), VT7.barcode);
    assert.equal(toDigitableLine(input), VT7.printed.replace(/\D/g, ""));
    assert.equal(formatLine(input), VT7.printed);
  }
  assert.equal(isValidBarcode(BANK.printed), true);
  assert.equal(validateBarcode(BANK.printed), undefined);
  for (const f of [toBarcode, toDigitableLine, formatLine, validateBarcode, parseBarcode]) {
    throwsBarcode(() => f("34191.09008 00012.345674 89012.345677 9 99990000012346"), { code: "check_digit", digit: "general", found: 9, expected: 6, position: 38 }, f.name);
    throwsBarcode(() => f("3419109008000123456748901234567799999000001234"), { code: "length", digits: 46, position: null }, f.name);
  }
  assert.equal(isValidBarcode("3419109008000123456748901234567799999000001234"), false);
});

test("barcode errors carry what a caller acts on", () => {
  // README example: amount altered on the printed line.
  throwsBarcode(() => parseBarcode("34191.09008 00012.345674 89012.345677 9 99990000012346", REF), {
    code: "check_digit",
    digit: "general",
    found: 9,
    expected: 6,
    position: 38,
    digits: null,
    field: null,
  });
  // A field digit altered: field1 fails before the general digit.
  throwsBarcode(() => parseBarcode("00190000000114971860168524522114675860000102656"), { code: "check_digit", digit: "field1", found: 0, expected: 9, position: 9 });
  throwsBarcode(() => parseBarcode("838600000051096000190009000801782309000343062712"), { code: "check_digit", digit: "block1", position: 11 });
  // Character positions count separators and non-ASCII whitespace as one each.
  throwsBarcode(() => parseBarcode("34191.09008 00012.3456X4"), { code: "character", position: 22, found: "X" });
  throwsBarcode(() => parseBarcode("\u00a0\u3000001X"), { code: "character", position: 5, found: "X" });
  throwsBarcode(() => parseBarcode("１２３"), { code: "character", position: 0, found: "１" });
  throwsBarcode(() => parseBarcode(""), { code: "length", digits: 0 });
  throwsBarcode(() => parseBarcode("00171234566789012345767890123457190000000015000"), { code: "currency", found: 7 });
  throwsBarcode(() => parseBarcode("815100000010234501235555000000000000000003141640"), { code: "value_type", found: 5 });
  throwsBarcode(() => parseBarcode("886100000019234501235555000000000000000003141645"), { code: "segment", found: 8 });
});

test("non-string inputs are TypeErrors, never coerced", () => {
  const stringTaking = { parseBarcode, isValidBarcode, validateBarcode, toBarcode, toDigitableLine, formatLine, parseCpf, parseCnpj, isValidCpf, isValidCnpj };
  for (const [name, f] of Object.entries(stringTaking)) {
    for (const bad of [34191090080001234567489012345677999990000012345, 12345678909, null, undefined, {}, [BANK.barcode], 1n, true, new String(BANK.barcode)]) {
      assert.throws(() => f(bad), TypeError, `${name}(${typeof bad})`);
    }
  }
  assert.throws(() => buildBankBoleto({ bankCode: 341, amountCents: 1, freeField: FREE }), TypeError);
  assert.throws(() => buildBankBoleto({ bankCode: "341", amountCents: 1, freeField: 1090000012345678901234567 }), TypeError);
  assert.throws(() => buildBankBoleto({ bankCode: "341", amountCents: 1, freeField: FREE, dueDate: 20250221 }), TypeError);
  assert.throws(() => buildCollectionDocument({ segment: 2, valueType: 6, value: 1, companyId: 1234, freeField: FREE }), TypeError);
  assert.throws(() => buildCollectionDocument({ segment: 2, valueType: 6, value: 1, companyId: "1234", freeField: null }), TypeError);
});

test("builders", async (t) => {
  await t.test("buildBankBoleto with an ISO date round-trips", () => {
    const built = buildBankBoleto({ bankCode: "341", amountCents: 12345, freeField: FREE, dueDate: "2025-02-21" });
    assert.deepStrictEqual(built, parseBarcode(BANK.barcode, REF));
    assert.equal(built.barcode, BANK.barcode);
    assert.deepStrictEqual(parseBarcode(built.formattedLine, REF), built);
    assert.deepStrictEqual(parseBarcode(built.digitableLine, REF), built);
  });

  await t.test("buildBankBoleto with a Date uses its local calendar day", () => {
    for (const tz of ["UTC", "America/Sao_Paulo", "Asia/Tokyo", "Pacific/Kiritimati", "Pacific/Pago_Pago"]) {
      inTimeZone(tz, () => {
        for (const [h, m] of [[0, 0], [12, 0], [23, 59]]) {
          const built = buildBankBoleto({ bankCode: "341", amountCents: 12345, freeField: FREE, dueDate: new Date(2025, 1, 21, h, m) });
          assert.equal(built.dueDate, "2025-02-21", `${tz} ${h}:${m}`);
          assert.equal(built.barcode, BANK.barcode, `${tz} ${h}:${m}`);
        }
      });
    }
  });

  await t.test("buildBankBoleto without a due date: factor 0, dueDate null", () => {
    for (const dueDate of [undefined, null]) {
      const built = buildBankBoleto({ bankCode: "001", amountCents: 0, freeField: FREE, dueDate });
      assert.equal(built.kind, "bank");
      assert.equal(built.dueFactor, 0);
      assert.strictEqual(built.dueDate, null);
      assert.strictEqual(built.amountCents, 0);
      assert.deepStrictEqual(parseBarcode(built.barcode, REF), built);
    }
    const max = buildBankBoleto({ bankCode: "237", amountCents: 9999999999, freeField: FREE, dueDate: "2026-12-01" });
    assert.strictEqual(max.amountCents, 9999999999);
    assert.deepStrictEqual(parseBarcode(max.formattedLine, REF), max);
  });

  await t.test("buildCollectionDocument round-trips", () => {
    const vt6 = buildCollectionDocument({ segment: 3, valueType: 6, value: 16232, companyId: "0011", freeField: "1234567890123456789012345" });
    assert.deepStrictEqual(vt6, parseBarcode(VT6.barcode));
    const vt7 = buildCollectionDocument({ segment: 5, valueType: 7, value: 1, companyId: "0123", freeField: "0000000000000000000000001" });
    assert.strictEqual(vt7.amountCents, null);
    assert.strictEqual(vt7.referenceValue, 1);
    assert.equal(vt7.barcode, VT7.barcode);
    for (const [segment, valueType, companyId, freeField] of [
      [6, 8, "12345678", "123456789012345678901"],
      [9, 9, "4321", "9876543210987654321098765"],
      [1, 6, "0001", "0000000000000000000000000"],
    ]) {
      const doc = buildCollectionDocument({ segment, valueType, value: 99999999999, companyId, freeField });
      assert.equal(doc.kind, "collection");
      assert.equal(doc.segment, segment);
      assert.equal(doc.companyId, companyId);
      assert.equal(doc.checkDigitMethod, valueType <= 7 ? "mod10" : "mod11");
      assert.deepStrictEqual(parseBarcode(doc.formattedLine), doc);
      assert.deepStrictEqual(parseBarcode(doc.barcode), doc);
    }
  });

  await t.test("bad amounts are refused with code 'field', never truncated", () => {
    for (const amountCents of [1.5, 0.1, -1, -0.5, 1e10, 2 ** 53, Number.MAX_VALUE, NaN, Infinity, -Infinity]) {
      throwsBarcode(() => buildBankBoleto({ bankCode: "341", amountCents, freeField: FREE }), { code: "field", field: "amountCents", position: null }, String(amountCents));
    }
    for (const value of [0.5, -1, 1e11, NaN]) {
      throwsBarcode(() => buildCollectionDocument({ segment: 2, valueType: 6, value, companyId: "1234", freeField: FREE }), { code: "field", field: "value" }, String(value));
    }
  });

  await t.test("bad segments are refused with code 'field'", () => {
    for (const segment of [8, 256, -1, 0, 10, 2.5, NaN]) {
      throwsBarcode(() => buildCollectionDocument({ segment, valueType: 6, value: 1, companyId: "1234", freeField: FREE }), { code: "field", field: "segment" }, String(segment));
    }
  });

  await t.test("bad dates are refused with code 'field'", () => {
    for (const dueDate of ["2025-02-30", "21/02/2025", "20250221", "2025-02-21T00:00:00Z", "", new Date("nope")]) {
      throwsBarcode(() => buildBankBoleto({ bankCode: "341", amountCents: 1, freeField: FREE, dueDate }), { code: "field", field: "dueDate" }, String(dueDate));
    }
  });

  // Known bug (see the report): errors raised by the core name the argument
  // in snake_case (bank_code, free_field, due_date, value_type, company_id)
  // while those raised by the wasm layer use the JavaScript name.
  await t.test("field names the JavaScript argument", () => {
    const bank = (o) => () => buildBankBoleto({ bankCode: "341", amountCents: 1, freeField: FREE, ...o });
    const coll = (o) => () => buildCollectionDocument({ segment: 2, valueType: 6, value: 1, companyId: "1234", freeField: FREE, ...o });
    throwsBarcode(bank({ bankCode: "34" }), { code: "field", field: "bankCode" });
    throwsBarcode(bank({ freeField: "123" }), { code: "field", field: "freeField" });
    throwsBarcode(bank({ dueDate: "1997-10-07" }), { code: "field", field: "dueDate" });
    throwsBarcode(coll({ valueType: 5 }), { code: "field", field: "valueType" });
    throwsBarcode(coll({ valueType: 10 }), { code: "field", field: "valueType" });
    throwsBarcode(coll({ companyId: "123" }), { code: "field", field: "companyId" });
    throwsBarcode(coll({ freeField: "1" }), { code: "field", field: "freeField" });
  });

  // Known wart (see the report): numeric arguments are coerced with unary +
  // in the wasm-bindgen glue, so "12", null, true and [5] are accepted.
  await t.test("non-number amounts and segments are refused", () => {
    const refused = (f, what) =>
      assert.throws(f, (e) => e instanceof TypeError || (e instanceof InvalidBarcodeError && e.code === "field"), what);
    for (const amountCents of ["12", null, true, [5], "1e2"]) {
      refused(() => buildBankBoleto({ bankCode: "341", amountCents, freeField: FREE }), `amountCents ${JSON.stringify(amountCents)}`);
    }
    for (const segment of ["2", null, true]) {
      refused(() => buildCollectionDocument({ segment, valueType: 6, value: 1, companyId: "1234", freeField: FREE }), `segment ${JSON.stringify(segment)}`);
    }
  });
});

test("CPF and CNPJ", async (t) => {
  await t.test("valid CPF", () => {
    for (const input of ["123.456.789-09", "12345678909", " 123 456 789 09 "]) {
      assert.deepStrictEqual(parseCpf(input), { digits: "12345678909", formatted: "123.456.789-09" });
      assert.equal(isValidCpf(input), true);
    }
  });

  await t.test("valid CNPJ, numeric and alphanumeric", () => {
    assert.deepStrictEqual(parseCnpj("11.222.333/0001-81"), { digits: "11222333000181", formatted: "11.222.333/0001-81", root: "11222333", isAlphanumeric: false });
    for (const input of ["12ABC34501DE35", "12.ABC.345/01DE-35"]) {
      assert.deepStrictEqual(parseCnpj(input), { digits: "12ABC34501DE35", formatted: "12.ABC.345/01DE-35", root: "12ABC345", isAlphanumeric: true });
      assert.equal(isValidCnpj(input), true);
    }
    assert.equal(isValidCnpj("12345678909"), false);
    assert.equal(isValidCpf("11222333000181"), false);
  });

  await t.test("document errors by code", () => {
    throwsDocument(() => parseCpf("123.456.789-0X"), { code: "character", position: 13, found: "X", digit: null });
    throwsDocument(() => parseCnpj("12.abc.345/01DE-35"), { code: "character", position: 3, found: "a" });
    throwsDocument(() => parseCnpj("12ABC34501DE3A"), { code: "character", position: 13, found: "A" });
    throwsDocument(() => parseCpf("1234567890"), { code: "length", position: null });
    throwsDocument(() => parseCnpj("1122233300018"), { code: "length" });
    throwsDocument(() => parseCpf(""), { code: "length" });
    throwsDocument(() => parseCpf("111.111.111-11"), { code: "repeated" });
    throwsDocument(() => parseCnpj("00000000000000"), { code: "repeated" });
    throwsDocument(() => parseCpf("123.456.789-19"), { code: "check_digit", digit: "dv1", found: "1", expected: "0", position: 12 });
    throwsDocument(() => parseCpf("123.456.789-08"), { code: "check_digit", digit: "dv2", found: "8", expected: "9", position: 13 });
    throwsDocument(() => parseCnpj("11.222.333/0001-91"), { code: "check_digit", digit: "dv1", found: "9", expected: "8", position: 16 });
    throwsDocument(() => parseCnpj("12.ABC.345/01DE-36"), { code: "check_digit", digit: "dv2", found: "6", expected: "5", position: 17 });
    for (const bad of ["123.456.789-0X", "1234567890", "111.111.111-11", "123.456.789-19"]) assert.equal(isValidCpf(bad), false, bad);
    for (const bad of ["12.abc.345/01DE-35", "1122233300018", "00000000000000", "11.222.333/0001-91"]) assert.equal(isValidCnpj(bad), false, bad);
  });
});

test("error classes", () => {
  const e = new StoneError("boom", "internal");
  assert.ok(e instanceof Error);
  assert.equal(e.name, "StoneError");
  assert.equal(e.code, "internal");
  assert.equal(e.message, "boom");
  let caught;
  try {
    parseBarcode("34191.09008 00012.345674 89012.345677 9 99990000012346");
  } catch (err) {
    caught = err;
  }
  assert.ok(caught instanceof InvalidBarcodeError);
  assert.match(String(caught), /^InvalidBarcodeError: /);
  assert.match(caught.stack, /InvalidBarcodeError/);
  assert.deepStrictEqual(
    Object.fromEntries(["code", "position", "digit", "found", "expected", "digits", "field"].map((k) => [k, caught[k]])),
    { code: "check_digit", position: 38, digit: "general", found: 9, expected: 6, digits: null, field: null },
  );
});
