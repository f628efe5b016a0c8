// FFI hardening: every exported function of "stone-openbank" and
// "stone-openbank/client", every exported class's constructor, and every
// method of the Client prototype (its own and inherited, protected ones
// included: JavaScript can call them) get garbage: wrong types, huge
// strings, NUL bytes, lone surrogates, emoji, empty strings, negative and
// overflowing numbers, BigInts. One parameter at a time (and one field at a
// time of an object parameter), the others at a plausible value. The surface
// is found by reflection on the installed package, never listed by hand;
// each parameter's type comes from the package's own .d.ts files.
//
// A call may return, or throw/reject with what the package documents
// (docs/bindings.md, "Errors, by language"):
// - a `StoneError` subclass, whatever the argument;
// - a `TypeError` when the argument is not of its declared type.
// Anything else fails, naming the call, the argument and what came back: a
// `WebAssembly.RuntimeError` (a Rust panic is "unreachable"), the SDK's
// `StoneError` with code "internal" (how it wraps one), a `RangeError`,
// a plain `Error`, any message saying "panicked".
//
// The clients are built in token mode against http://127.0.0.1:9 (nothing
// listens; fetch refuses the port) with one attempt: a call that passes
// local validation fails at once as a `TransportError`. Lists are iterated
// once to make their first request; promises are awaited. After the
// garbage, the validation and client modules must still answer (a wasm
// module poisoned by a trap would not).
//
// STONE_TESTDATA: a directory holding boleto/ (default: <repo>/../shared/testdata).

import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";

import * as api from "stone-openbank";
import * as client from "stone-openbank/client";

const { Client, StoneError, TransportError } = client;

const here = path.dirname(fileURLToPath(import.meta.url));
const testdata = process.env.STONE_TESTDATA || path.resolve(here, "..", "..", "..", "shared", "testdata");

/** Nothing listens there (and fetch refuses the port): requests fail at once. */
const NOWHERE = "http://127.0.0.1:9";
const OPTIONS = { userAgent: "stone-openbank ffi-garbage tests", accessToken: "t", baseUrl: NOWHERE, timeoutMs: 2000, maxAttempts: 1 };

// factor-9999-line (shared/testdata/boleto/edge-cases.json)
const BANK_LINE = "34191090080001234567489012345677999990000012345";
const PIX_FIELDS = {
  merchantName: "Loja",
  merchantCity: "Recife",
  key: "pix@example.com",
  description: "pedido 42",
  amountCents: 1500,
  txid: "PEDIDO42",
  pointOfInitiation: "12",
  mcc: "5812",
  postalCode: "50030000",
  templates: [{ id: "80", value: "x" }],
};
const PIX_PAYLOAD =
  "00020101021226500014br.gov.bcb.pix0115pix@example.com0209pedido 4252045812" +
  "5303986540515.005802BR5904Loja6006Recife61085003000062120508PEDIDO428001x6304068C";

/** Plausible valid arguments of the functions that take more than a string
 * (checked valid below); a function missing here gets values made from its
 * declared types. */
const VALID_ARGS = {
  parseBarcode: [BANK_LINE, "2026-11-26"],
  buildBankBoleto: [{ bankCode: "341", amountCents: 12345, freeField: "1090000012345678901234567", dueDate: "2025-02-21" }],
  buildCollectionDocument: [{ segment: 3, valueType: 8, value: 50960, companyId: "0019", freeField: "0000008017823000034306271" }],
  buildPix: [PIX_FIELDS],
  Client: [OPTIONS],
  withAccessToken: [OPTIONS],
};

function garbage(size) {
  return [
    ["0", 0],
    ["-0", -0],
    ["-1", -1],
    ["1.5", 1.5],
    ["NaN", NaN],
    ["Infinity", Infinity],
    ["-Infinity", -Infinity],
    ["1e308", 1e308],
    ["-(2**63)-1 (a float: -(2**63))", -(2 ** 63) - 1],
    ["2**31", 2 ** 31],
    ["2**32-1", 2 ** 32 - 1],
    ["Number.MAX_SAFE_INTEGER+2", Number.MAX_SAFE_INTEGER + 2],
    ["2**63", 2 ** 63],
    ["2**64", 2 ** 64],
    ["10n", 10n],
    ["-(2n**63n)-1n", -(2n ** 63n) - 1n],
    ["2n**64n", 2n ** 64n],
    ["true", true],
    ["null", null],
    ["undefined", undefined],
    ["[]", []],
    ["[1, null]", [1, null]],
    ["odd strings array", ["\uD800", "a\0b", "", "\u{1F980}"]],
    ["{}", {}],
    ["{ k: Symbol() }", { k: Symbol("k") }],
    ["a function", () => 1],
    ["Symbol()", Symbol("garbage")],
    ["Uint8Array [0xff, 0, 0x80]", new Uint8Array([0xff, 0, 0x80])],
    ["new Date(NaN)", new Date(NaN)],
    ["new Date(8.64e15)", new Date(8.64e15)],
    ['""', ""],
    ['"\\0"', "\0"],
    ['"a\\0b"', "a\0b"],
    ['lone surrogate "\\uD800"', "\uD800"],
    ['lone surrogate "x\\uDFFFy"', "x\uDFFFy"],
    ["non-ASCII and emoji", "a\u00e7\u00e3o \u00f1 \u4e2d\u6587 \u{1F980}"],
    [`huge "9".repeat(${size})`, "9".repeat(size)],
  ];
}

// 5 MB strings for the functions and constructors; 1 MB for the client's
// methods, whose hundreds of positions would take minutes with 5 MB (a path
// segment that long takes ~90 ms to refuse) for the same code paths.
const GARBAGE = garbage(5_000_000);
const GARBAGE_LARGE = garbage(1_000_000);

// ---------------------------------------------------------------------------
// The package's declarations (.d.ts): the types of every parameter

const pkgDir = path.dirname(createRequire(import.meta.url).resolve("stone-openbank/package.json"));

function dtsFiles(dir) {
  return readdirSync(dir).flatMap((name) => {
    const file = path.join(dir, name);
    if (statSync(file).isDirectory()) return name === "node_modules" ? [] : dtsFiles(file);
    return name.endsWith(".d.ts") ? [file] : [];
  });
}

/** Splits `text` at `sep` where no bracket is open (`=>` is not one). */
function splitTop(text, sep) {
  const out = [];
  let depth = 0;
  let quote = null;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quote) {
      if (c === "\\") i++;
      else if (c === quote) quote = null;
      continue;
    }
    if (c === '"' || c === "'" || c === "`") quote = c;
    else if ("{([<".includes(c)) depth++;
    else if ("})]".includes(c) || (c === ">" && text[i - 1] !== "=")) depth--;
    else if (depth === 0 && text.startsWith(sep, i)) {
      out.push(text.slice(start, i));
      start = i + sep.length;
      i += sep.length - 1;
    }
  }
  out.push(text.slice(start));
  return out.map((s) => s.trim()).filter((s) => s !== "");
}

/** The top-level statements of a declaration file. */
function statements(text) {
  const out = [];
  let depth = 0;
  let start = 0;
  let quote = null;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quote) {
      if (c === "\\") i++;
      else if (c === quote) quote = null;
      continue;
    }
    if (c === '"' || c === "'" || c === "`") quote = c;
    else if (c === "{" || c === "(" || c === "[") depth++;
    else if (c === "}" || c === ")" || c === "]") {
      depth--;
      const head = text.slice(start, i).trim();
      if (c === "}" && depth === 0 && /^(export\s+)?(declare\s+)?(abstract\s+)?(interface|class)\s/.test(head)) {
        out.push(text.slice(start, i + 1).trim());
        start = i + 1;
      }
    } else if (c === ";" && depth === 0) {
      out.push(text.slice(start, i).trim());
      start = i + 1;
    }
  }
  return out.filter((s) => s !== "");
}

function parseParams(text) {
  return splitTop(text, ",").map((p) => {
    const m = /^(\.\.\.)?([\w$]+)(\?)?\s*:\s*([\s\S]+)$/.exec(p);
    assert.ok(m, `cannot read the parameter ${p}`);
    return { name: m[2], optional: Boolean(m[3]), rest: Boolean(m[1]), type: m[4].trim() };
  });
}

/** Members of an interface, class or object type body. */
function members(body) {
  const fields = new Map();
  const methods = new Map();
  for (const member of splitTop(body, ";")) {
    const modifiers = /^((?:(?:public|protected|private|static|readonly|declare|abstract|override)\s+)*)/.exec(member)[1];
    const rest = member.slice(modifiers.length);
    if (rest.startsWith("#")) continue;
    const method = /^([\w$]+)(\?)?\s*(?:<[^>]*>)?\s*\(([\s\S]*)\)\s*(?::\s*([\s\S]+))?$/.exec(rest);
    const field = /^([\w$]+|"[^"]+")(\?)?\s*:\s*([\s\S]+)$/.exec(rest);
    if (method && (!field || rest.indexOf("(") < rest.indexOf(":"))) {
      methods.set((/static/.test(modifiers) ? "static " : "") + method[1], {
        params: parseParams(method[3]),
        abstract: /abstract/.test(modifiers),
      });
    } else if (field) {
      fields.set(field[1].replace(/"/g, ""), { optional: Boolean(field[2]), type: field[3].trim() });
    }
  }
  return { fields, methods };
}

function declarations(dir) {
  const functions = new Map();
  const interfaces = new Map();
  const aliases = new Map();
  const classes = new Map();
  for (const file of dtsFiles(dir)) {
    // The wasm-bindgen glue's own declarations (wasm/, wasm-client/) name
    // the raw exports the entries wrap: their types only, never the
    // entries' functions and classes.
    const glue = path.dirname(file) !== dir;
    const text = readFileSync(file, "utf8")
      .replace(/\/\*[\s\S]*?\*\//g, "")
      .replace(/^\s*\/\/.*$/gm, "");
    for (const s of statements(text)) {
      let m;
      if ((m = /^(?:export\s+)?(?:declare\s+)?function\s+([\w$]+)\s*(?:<[^>]*>)?\s*\(([\s\S]*?)\)\s*:\s*[\s\S]+$/.exec(s))) {
        if (!glue) functions.set(m[1], parseParams(m[2]));
      } else if ((m = /^(?:export\s+)?declare\s+const\s+([\w$]+)\s*:\s*\(([\s\S]*?)\)\s*=>\s*[\s\S]+$/.exec(s))) {
        if (!glue) functions.set(m[1], parseParams(m[2]));
      } else if ((m = /^(?:export\s+)?interface\s+([\w$]+)(?:<[^>]*>)?(?:\s+extends\s+([\w$,\s]+))?\s*\{([\s\S]*)\}$/.exec(s))) {
        const extend = m[2] ? m[2].split(",").map((x) => x.trim()) : [];
        interfaces.set(m[1], { extends: extend, ...members(m[3]) });
      } else if ((m = /^(?:export\s+)?(?:declare\s+)?type\s+([\w$]+)\s*=\s*([\s\S]+)$/.exec(s))) {
        aliases.set(m[1], m[2].trim());
      } else if ((m = /^(?:export\s+)?declare\s+(abstract\s+)?class\s+([\w$]+)(?:<[^>]*>)?(?:\s+extends\s+([\w$.]+))?\s*\{([\s\S]*)\}$/.exec(s))) {
        if (!glue) classes.set(m[2], { abstract: Boolean(m[1]), extends: m[3] ?? null, ...members(m[4]) });
      }
    }
  }
  return { functions, interfaces, aliases, classes };
}

const D = declarations(pkgDir);

function fieldsOfInterface(name) {
  const i = D.interfaces.get(name);
  const out = new Map();
  for (const e of i.extends) for (const [k, v] of fieldsOfInterface(e)) out.set(k, v);
  for (const [k, v] of i.fields) out.set(k, v);
  return out;
}

function isObject(v) {
  return v !== null && typeof v === "object" && !Array.isArray(v);
}

/** Whether `v` is of the declared type (`t`, TypeScript text). */
function conforms(v, t) {
  t = t.trim();
  const union = splitTop(t.replace(/^\|/, ""), "|");
  if (union.length > 1) return union.some((u) => conforms(v, u));
  const both = splitTop(t, "&");
  if (both.length > 1) return both.every((u) => conforms(v, u));
  if (t.startsWith("(") && t.endsWith(")") && splitTop(t, ",").length === 1) return conforms(v, t.slice(1, -1));
  if (t.startsWith("readonly ")) return conforms(v, t.slice(9));
  if (t.endsWith("[]")) return Array.isArray(v) && v.every((x) => conforms(x, t.slice(0, -2)));
  if (/^"([^"]*)"$/.test(t)) return v === JSON.parse(t);
  let m;
  if ((m = /^Record<\s*string\s*,([\s\S]+)>$/.exec(t))) return isObject(v) && Object.values(v).every((x) => conforms(x, m[1]));
  if ((m = /^Array<([\s\S]+)>$/.exec(t))) return conforms(v, `${m[1]}[]`);
  if (t.startsWith("{")) {
    if (v === null || (typeof v !== "object" && typeof v !== "function")) return false;
    const { fields, methods } = members(t.slice(1, -1));
    for (const name of methods.keys()) if (typeof v[name] !== "function") return false;
    for (const [name, f] of fields) if (!((f.optional && v[name] === undefined) || conforms(v[name], f.type))) return false;
    return true;
  }
  switch (t) {
    case "string":
      return typeof v === "string";
    case "number":
      return typeof v === "number";
    case "boolean":
      return typeof v === "boolean";
    case "true":
    case "false":
      return v === (t === "true");
    case "bigint":
      return typeof v === "bigint";
    case "null":
      return v === null;
    case "undefined":
    case "void":
      return v === undefined;
    case "unknown":
    case "any":
      return true;
    case "object":
      return (typeof v === "object" && v !== null) || typeof v === "function";
    case "Date":
      return v instanceof Date;
    case "Uint8Array":
      return v instanceof Uint8Array;
    case "ArrayBuffer":
      return v instanceof ArrayBuffer;
    case "ArrayBufferView":
      return ArrayBuffer.isView(v);
  }
  if (D.aliases.has(t)) return conforms(v, D.aliases.get(t));
  if (D.interfaces.has(t)) {
    if (!isObject(v)) return false;
    for (const [name, f] of fieldsOfInterface(t)) if (!((f.optional && v[name] === undefined) || conforms(v[name], f.type))) return false;
    return true;
  }
  throw new Error(`no rule for the declared type ${t}`);
}

function paramConforms(v, p) {
  return (p.optional && v === undefined) || conforms(v, p.type);
}

/** A plausible value of the declared type (of the right type; it need not
 * pass the package's checks). */
function plausible(t) {
  t = t.trim();
  const union = splitTop(t.replace(/^\|/, ""), "|");
  if (union.length > 1) return plausible(union.find((u) => u !== "null" && u !== "undefined") ?? "null");
  if (t.startsWith("readonly ")) return plausible(t.slice(9));
  if (t.endsWith("[]") || t.startsWith("Array<")) return [];
  if (/^"([^"]*)"$/.test(t)) return JSON.parse(t);
  if (t.startsWith("Record<")) return {};
  if (t.startsWith("{")) return objectOf(members(t.slice(1, -1)).fields);
  const simple = {
    string: "x",
    number: 1,
    boolean: false,
    bigint: 1n,
    null: null,
    undefined: undefined,
    unknown: "x",
    any: "x",
    object: {},
    Date: new Date(2026, 11, 1),
    Uint8Array: new Uint8Array([120]),
    ArrayBuffer: new ArrayBuffer(1),
    ArrayBufferView: new Uint8Array(1),
  };
  if (t in simple) return simple[t];
  if (D.aliases.has(t)) return plausible(D.aliases.get(t));
  if (D.interfaces.has(t)) return objectOf(fieldsOfInterface(t));
  throw new Error(`no plausible value for the declared type ${t}`);
}

function objectOf(fields) {
  const out = {};
  for (const [name, f] of fields) if (!f.optional) out[name] = plausible(f.type);
  return out;
}

/** The fields of an object type (every member of a union of them). */
function fieldTypes(t) {
  t = t.trim();
  const union = splitTop(t.replace(/^\|/, ""), "|").filter((u) => u !== "null" && u !== "undefined");
  const out = new Map();
  const add = (fields) => {
    for (const [name, f] of fields) out.set(name, [...(out.get(name) ?? []), f]);
  };
  for (const u of union) {
    if (D.aliases.has(u)) for (const [k, v] of fieldTypes(D.aliases.get(u))) out.set(k, [...(out.get(k) ?? []), ...v]);
    else if (D.interfaces.has(u)) add(fieldsOfInterface(u));
    else if (u.startsWith("{")) add(members(u.slice(1, -1)).fields);
  }
  return out;
}

/** Every field of an object argument, two levels deep: [path, declared types]. */
function fieldPaths(value, t, depth = 2) {
  if (!isObject(value)) return [];
  const out = [];
  for (const [name, fs] of fieldTypes(t)) {
    out.push([[name], fs]);
    const inner = value[name];
    if (depth > 1 && isObject(inner)) {
      for (const [p, innerFields] of fieldPaths(inner, fs.map((f) => f.type).join(" | "), depth - 1)) out.push([[name, ...p], innerFields]);
    }
  }
  return out;
}

function withField(obj, [name, ...rest], v) {
  return { ...obj, [name]: rest.length === 0 ? v : withField(obj[name], rest, v) };
}

// ---------------------------------------------------------------------------
// The surface, by reflection

const isClass = (f) => typeof f === "function" && /^class[\s{]/.test(Function.prototype.toString.call(f));

function exportedFunctions(module, entry) {
  return Object.entries(module)
    .filter(([, v]) => typeof v === "function" && !isClass(v))
    .map(([name, f]) => {
      // `default` is `init` under another name: its declaration is init's.
      const declared = D.functions.has(name) ? name : Object.entries(module).find(([n, g]) => g === f && D.functions.has(n))?.[0];
      return { name: `${entry}.${name}`, key: name, f, params: declared ? D.functions.get(declared) : null };
    });
}

const FUNCTIONS = [...exportedFunctions(api, "stone-openbank"), ...exportedFunctions(client, "stone-openbank/client")];

/** Exported classes, once each (the error classes are in both entries). */
const CLASSES = [...new Map([...Object.entries(api), ...Object.entries(client)].filter(([, v]) => isClass(v)).map(([n, v]) => [v, n])).entries()]
  .map(([cls, name]) => ({ name, cls, declared: D.classes.get(name) }))
  .filter(({ cls }) => cls !== Client);

function classMethod(className, method) {
  for (let c = D.classes.get(className); c; c = c.extends ? D.classes.get(c.extends) : null) {
    const m = c.methods.get(method);
    if (m && !m.abstract) return m;
  }
  return null;
}

/** Every method of the Client prototype chain (up to Object.prototype). */
function prototypeMethods() {
  const names = new Set();
  for (let p = Client.prototype; p && p !== Object.prototype; p = Object.getPrototypeOf(p)) {
    for (const name of Object.getOwnPropertyNames(p)) {
      const d = Object.getOwnPropertyDescriptor(p, name);
      if (name !== "constructor" && typeof d.value === "function") names.add(name);
    }
  }
  return [...names].sort();
}

const METHODS = prototypeMethods();

// ---------------------------------------------------------------------------
// Calls and verdicts

const CRASH = /panicked|unreachable|memory access out of bounds|RuntimeError/;

function describe(e) {
  if (e === null || (typeof e !== "object" && typeof e !== "function")) return `${typeof e} thrown: ${String(e).slice(0, 200)}`;
  const cause = e.cause ? ` (cause: ${e.cause?.constructor?.name}: ${String(e.cause?.message).slice(0, 120)})` : "";
  const code = e.code === undefined ? "" : ` [code ${e.code}]`;
  return `${e.constructor?.name ?? "?"}${code}: ${String(e.message).slice(0, 240)}${cause}`;
}

function verdict(call, result) {
  if (!result.threw) return null;
  const e = result.error;
  const text = String(e?.message ?? e);
  const crash =
    e instanceof WebAssembly.RuntimeError ||
    e?.cause instanceof WebAssembly.RuntimeError ||
    (e instanceof StoneError && e.code === "internal") ||
    CRASH.test(text);
  if (!crash) {
    if (e instanceof StoneError) return null;
    if (e instanceof TypeError && !call.typed) return null;
  }
  return `${call.what} -> ${describe(e)}`;
}

async function outcome(run) {
  try {
    let r = run();
    if (r && typeof r.then === "function") r = await r;
    if (r && typeof r[Symbol.asyncIterator] === "function" && typeof r.next === "function") {
      try {
        await r.next();
      } finally {
        await r.return?.();
      }
    }
    return { threw: false };
  } catch (error) {
    return { threw: true, error };
  }
}

async function runAll(calls) {
  const failures = [];
  for (const call of calls) {
    const v = verdict(call, await outcome(call.run));
    if (v !== null) failures.push(v);
  }
  return failures;
}

function report(name, calls, failures) {
  assert.ok(calls.length > 0, `${name}: no calls planned`);
  if (failures.length > 0) {
    assert.fail(`${name}: ${failures.length} of ${calls.length} garbage calls came back with an undocumented outcome:\n  ${failures.join("\n  ")}`);
  }
}

function plausibleArgs(params, valid) {
  return params.map((p, i) => (valid && i < valid.length ? valid[i] : p.optional ? undefined : plausible(p.type)));
}

/** Each garbage value in each parameter (and, with `fieldValues`, in each
 * field of an object argument), the others at their plausible value. */
function plan(what, invoke, params, valid, values, fieldValues) {
  const base = plausibleArgs(params, valid);
  const calls = [];
  params.forEach((p, i) => {
    for (const [label, v] of values) {
      const args = base.slice();
      args[i] = v;
      calls.push({ what: `${what}(${p.name}=<${label}>)`, typed: paramConforms(v, p), run: () => invoke(...args), param: p.name, value: v });
    }
    if (!fieldValues) return;
    for (const [fieldPath, declared] of fieldPaths(base[i], p.type)) {
      for (const [label, v] of fieldValues) {
        const args = base.slice();
        args[i] = withField(base[i], fieldPath, v);
        const typed = declared.some((f) => (f.optional && v === undefined) || conforms(v, f.type));
        const shown = [p.name, ...fieldPath].join(".");
        calls.push({ what: `${what}(${shown}=<${label}>)`, typed, run: () => invoke(...args), param: shown, value: v });
      }
    }
  });
  return calls;
}

function newClient() {
  return new Client(OPTIONS);
}

/** Null when the client still answers as before the garbage (a request
 * that fails as a TransportError), else what it did. */
async function clientHealth(c) {
  const r = await outcome(() => c.balance("x"));
  return r.threw && r.error instanceof TransportError ? null : `afterwards, Client.balance("x") -> ${r.threw ? describe(r.error) : "returned"}`;
}

/** Null when the validation module still answers, else what it did. */
async function apiHealth() {
  const r = await outcome(() => api.validateBarcode(BANK_LINE));
  return r.threw ? `afterwards, validateBarcode(a valid line) -> ${describe(r.error)}` : null;
}

async function runAndCheck(calls, c) {
  const failures = await runAll(calls);
  for (const health of [await apiHealth(), c ? await clientHealth(c) : null]) if (health !== null) failures.push(health);
  return failures;
}

// ---------------------------------------------------------------------------
// The tests

test("the surface is found by reflection", () => {
  const missing = FUNCTIONS.filter((f) => f.params === null).map((f) => f.name);
  assert.deepEqual(missing, [], "exported functions without a declaration");
  assert.ok(FUNCTIONS.filter((f) => f.name.startsWith("stone-openbank.")).length >= 20, "functions of stone-openbank");
  assert.ok(FUNCTIONS.length >= 25, "functions of both entries");
  assert.ok(METHODS.length >= 100, `Client methods: ${METHODS.length}`);
  for (const m of ["balance", "statement", "createInternalTransfer", "verifyWebhook", "call", "pages", "free"]) assert.ok(METHODS.includes(m), m);
  const missingMethods = METHODS.filter((m) => m !== "free" && classMethod("Client", m) === null);
  assert.deepEqual(missingMethods, [], "Client methods without a declaration");
  assert.ok(CLASSES.length >= 15, `classes: ${CLASSES.map((c) => c.name)}`);
  assert.ok(CLASSES.every((c) => c.declared), "classes without a declaration");
  assert.equal(api.StoneError, client.StoneError, "one StoneError for both entries");
});

test("the plausible arguments are valid", () => {
  assert.equal(api.buildPix(PIX_FIELDS), PIX_PAYLOAD);
  for (const [name, args] of Object.entries(VALID_ARGS)) {
    if (name in api) api[name](...args);
  }
  newClient();
});

for (const { name, key, f, params } of FUNCTIONS) {
  test(`garbage into ${name}`, async () => {
    const calls = plan(name, f, params ?? [], VALID_ARGS[key], GARBAGE, GARBAGE);
    if (calls.length === 0) calls.push({ what: `${name}()`, typed: true, run: () => f() });
    report(name, calls, await runAndCheck(calls, null));
  });
}

for (const { name, cls, declared } of CLASSES) {
  if (declared?.abstract) continue; // Operations: its methods are Client's, below
  test(`garbage into new ${name}`, async () => {
    const params = declared.methods.get("constructor")?.params ?? [];
    const calls = plan(`new ${name}`, (...a) => new cls(...a), params, null, GARBAGE, GARBAGE);
    report(name, calls, await runAndCheck(calls, null));
  });
}

/** Whether a client built with `value` in `field` may make a request: never
 * one that could leave this machine, or retry for long. */
function mayRequest(field, value) {
  if (/(^|\.)(environment|maxAttempts|timeoutMs)$/.test(field) || field === "options") return false;
  if (/(^|\.)baseUrl$/.test(field)) return typeof value === "string" && !value.toLowerCase().startsWith("http");
  return true;
}

test("garbage into new Client and Client.withAccessToken", async () => {
  const declared = D.classes.get("Client").methods;
  const calls = [];
  for (const [what, build, params] of [
    ["new Client", (...a) => new Client(...a), declared.get("constructor").params],
    ["Client.withAccessToken", (...a) => Client.withAccessToken(...a), declared.get("static withAccessToken").params],
  ]) {
    for (const call of plan(what, build, params, [OPTIONS], GARBAGE, GARBAGE)) {
      calls.push(call);
      if (!mayRequest(call.param, call.value)) continue;
      calls.push({ ...call, what: `${call.what}.balance("x")`, run: () => call.run().balance("x") });
    }
  }
  report("Client constructors", calls, await runAndCheck(calls, newClient()));
});

for (const method of METHODS.filter((m) => m !== "free")) {
  test(`garbage into Client.prototype.${method}`, async () => {
    const c = newClient();
    const { params } = classMethod("Client", method);
    const calls = plan(`Client.${method}`, (...a) => c[method](...a), params, null, GARBAGE_LARGE, GARBAGE_LARGE);
    if (calls.length === 0) calls.push({ what: `Client.${method}()`, typed: true, run: () => c[method]() });
    report(`Client.${method}`, calls, await runAndCheck(calls, c));
  });
}

test("Client.prototype.free, then the freed client", async () => {
  const c = newClient();
  const calls = [
    { what: "Client.free()", typed: true, run: () => c.free() },
    { what: "Client.free() again", typed: true, run: () => c.free() },
    { what: 'Client.balance("x") after free()', typed: true, run: () => c.balance("x") },
    { what: "Client.statement(\"x\") after free()", typed: true, run: () => c.statement("x") },
  ];
  report("Client.free", calls, await runAndCheck(calls, newClient()));
});

test("both modules still work after the garbage", async () => {
  const file = path.join(testdata, "boleto", "edge-cases.json");
  assert.ok(existsSync(file), `test vectors not found at ${file} (set STONE_TESTDATA to a directory holding boleto/)`);
  const valid = JSON.parse(readFileSync(file, "utf8")).cases.filter((c) => c.valid).map((c) => c.input);
  assert.ok(valid.length > 0);
  assert.deepEqual(api.validateBarcodes(valid), valid.map(() => true));
  for (const input of valid) api.validateBarcode(input);
  assert.equal(api.parsePix(PIX_PAYLOAD).txid, "PEDIDO42");
  assert.equal(await clientHealth(newClient()), null);
});
