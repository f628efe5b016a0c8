// The shared boleto/arrecadação vectors (shared/testdata/boleto/) through the
// packed npm package, exactly as a user installs it. Every case of both files
// must give the verdict and decoded fields the vectors record.
//
// STONE_TESTDATA: a directory holding boleto/ (default: <repo>/../shared/testdata).

import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import path from "node:path";

import {
  parseBarcode,
  isValidBarcode,
  validateBarcode,
  validateBarcodes,
  toBarcode,
  toDigitableLine,
  formatLine,
  StoneError,
  InvalidBarcodeError,
} from "stone-openbank";

const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.resolve(here, "..", "..");
const testdata = process.env.STONE_TESTDATA || path.resolve(repo, "..", "shared", "testdata");
const FILES = ["edge-cases.json", "generated.json"];
const CHECK_DIGITS = ["general", "field1", "field2", "field3", "block1", "block2", "block3", "block4"];

function load(name) {
  const file = path.join(testdata, "boleto", name);
  assert.ok(existsSync(file), `test vectors not found at ${file} (set STONE_TESTDATA to a directory holding boleto/)`);
  const data = JSON.parse(readFileSync(file, "utf8"));
  const fileDate = data.reference_date ?? data.reference_date_default;
  assert.match(fileDate ?? "", /^\d{4}-\d{2}-\d{2}$/, `${name}: no reference_date / reference_date_default`);
  assert.ok(Array.isArray(data.cases) && data.cases.length > 0, `${name}: no cases`);
  return data.cases.map((c) => ({ ...c, file: name, referenceDate: c.reference_date ?? fileDate }));
}

const cases = FILES.flatMap(load);

const camel = (key) => key.replace(/_([a-z0-9])/g, (_, ch) => ch.toUpperCase());
function toJs(expected) {
  return Object.fromEntries(Object.entries(expected).map(([k, v]) => [camel(k), v]));
}

/** Runs `check` on every case, collecting failures so one run names them all. */
function each(list, check) {
  const failures = [];
  for (const c of list) {
    try {
      check(c);
    } catch (e) {
      failures.push(`${c.file} ${c.id} (${JSON.stringify(c.input)}): ${e.message}`);
    }
  }
  assert.equal(failures.length, 0, `${failures.length} of ${list.length} cases failed:\n${failures.slice(0, 25).join("\n")}${failures.length > 25 ? "\n..." : ""}`);
}

test("the vector files hold the expected number of cases", () => {
  assert.equal(cases.length, 3072);
  assert.ok(cases.some((c) => c.valid) && cases.some((c) => !c.valid));
});

test("valid cases decode to the expected fields", () => {
  const valid = cases.filter((c) => c.valid);
  assert.ok(valid.length > 2000);
  each(valid, (c) => {
    const doc = parseBarcode(c.input, c.referenceDate);
    const { formattedLine, ...rest } = doc;
    assert.deepStrictEqual(rest, toJs(c.expected), "decoded fields differ");
    assert.equal(typeof formattedLine, "string", "formattedLine missing");
    assert.match(formattedLine, /^[\d .-]+$/, "formattedLine has more than digits and separators");
    assert.equal(formattedLine.replace(/\D/g, ""), c.expected.digitable_line, "formattedLine is not the digitable line");
    const again = parseBarcode(formattedLine, c.referenceDate);
    assert.equal(again.barcode, c.expected.barcode, "formattedLine does not re-parse to the same barcode");
    assert.deepStrictEqual(again, doc, "formattedLine re-parses to a different document");
    if (doc.amountCents !== null) assert.ok(Number.isInteger(doc.amountCents), "amountCents not an integer");
    assert.equal(isValidBarcode(c.input), true, "isValidBarcode is false");
    assert.equal(validateBarcode(c.input), undefined);
    assert.equal(toBarcode(c.input), c.expected.barcode, "toBarcode");
    assert.equal(toDigitableLine(c.input), c.expected.digitable_line, "toDigitableLine");
    assert.equal(formatLine(c.input), formattedLine, "formatLine differs from parseBarcode().formattedLine");
  });
});

test("invalid cases throw InvalidBarcodeError with the expected code and details", () => {
  const invalid = cases.filter((c) => !c.valid);
  assert.ok(invalid.length > 900);
  each(invalid, (c) => {
    assert.equal(typeof c.error, "string", "vector without an error class");
    let error;
    try {
      parseBarcode(c.input, c.referenceDate);
    } catch (e) {
      error = e;
    }
    assert.ok(error !== undefined, "parseBarcode did not throw");
    assert.ok(error instanceof InvalidBarcodeError, `not an InvalidBarcodeError: ${error}`);
    assert.ok(error instanceof StoneError, "not a StoneError");
    assert.ok(error instanceof Error, "not an Error");
    assert.equal(error.name, "InvalidBarcodeError");
    assert.equal(error.code, c.error, `code ${error.code} (${error.message})`);
    assert.ok(error.message.length > 0, "empty message");
    switch (c.error) {
      case "character":
        assert.ok(Number.isInteger(error.position), "character error without a position");
        assert.equal(c.input[error.position], error.found, `input[${error.position}] is not the reported character ${JSON.stringify(error.found)}`);
        break;
      case "check_digit":
        assert.ok(CHECK_DIGITS.includes(error.digit), `digit ${error.digit}`);
        assert.ok(Number.isInteger(error.found) && Number.isInteger(error.expected), "found/expected are not integers");
        assert.notEqual(error.found, error.expected, "found equals expected");
        assert.ok(Number.isInteger(error.position), "check_digit error without a position");
        assert.equal(c.input[error.position], String(error.found), `input[${error.position}] is not the digit found`);
        break;
      case "length":
        assert.equal(error.digits, c.input.replace(/[^0-9]/g, "").length, "digits count");
        break;
      default:
        break;
    }
    assert.equal(isValidBarcode(c.input), false, "isValidBarcode is true");
    assert.throws(() => validateBarcode(c.input), (e) => e instanceof InvalidBarcodeError && e.code === c.error, "validateBarcode");
    assert.throws(() => toBarcode(c.input), InvalidBarcodeError, "toBarcode");
  });
});

test("validateBarcodes gives one verdict per input, in order", async (t) => {
  await t.test("all the vectors in one batch", () => {
    const verdicts = validateBarcodes(cases.map((c) => c.input));
    assert.equal(verdicts.length, cases.length);
    const wrong = cases.filter((c, i) => verdicts[i] !== c.valid).map((c) => `${c.file} ${c.id}`);
    assert.deepStrictEqual(wrong, [], "verdicts differ from the vectors");
    assert.ok(verdicts.every((v) => typeof v === "boolean"));
  });

  await t.test("reversed and duplicated inputs", () => {
    const sample = cases.slice(0, 200).reverse();
    const twice = [...sample, ...sample];
    assert.deepStrictEqual(validateBarcodes(twice.map((c) => c.input)), twice.map((c) => c.valid));
  });

  await t.test("empty batch", () => {
    assert.deepStrictEqual(validateBarcodes([]), []);
  });

  await t.test("inputs holding NUL are judged on their own", () => {
    const good = cases.find((c) => c.valid).input;
    const bad = cases.find((c) => !c.valid).input;
    // A NUL inside an input must not split it into two verdicts or make it valid.
    assert.deepStrictEqual(validateBarcodes([good, `${good}\0${good}`, bad, "\0", good]), [true, false, false, false, true]);
    assert.deepStrictEqual(validateBarcodes(["\0"]), [false]);
    assert.deepStrictEqual(validateBarcodes([""]), [false]);
    assert.deepStrictEqual(validateBarcodes(["", good, ""]), [false, true, false]);
  });

  await t.test("non-arrays and non-string items are TypeErrors", () => {
    const good = cases.find((c) => c.valid).input;
    for (const bad of ["x", good, 5, null, undefined, { length: 1, 0: good }, new Set([good])]) {
      assert.throws(() => validateBarcodes(bad), TypeError, `validateBarcodes(${String(bad)})`);
    }
    for (const item of [5, null, undefined, 34191n, {}, [good]]) {
      assert.throws(() => validateBarcodes([good, item]), TypeError, `item ${String(item)}`);
    }
  });
});
