// The public JavaScript/TypeScript API of `stone-openbank`. It wraps the
// wasm-bindgen exports (js/wasm/, generated at build time) with: argument
// type checks (JavaScript would otherwise coerce a number into a string
// silently), errors as `StoneError` subclasses, and precise result types.
// No business rule lives here: they are all in the Rust core.

import * as raw from "./wasm/stone_openbank_wasm.js";
// Types only, from the record declarations split out of the generated .d.ts
// at build time: the rest of it needs the DOM library, which a Node-only
// TypeScript project does not load.
import type {
  BankBoletoRecord,
  CnpjInfo,
  CollectionDocumentRecord,
  CpfInfo,
} from "./wasm/records.js";
import { InvalidBarcodeError, InvalidDocumentError, InvalidPixError, StoneError } from "./errors.js";
import type {
  BarcodeErrorCode,
  CheckDigitName,
  DocumentErrorCode,
  Fields,
  PixErrorCode,
} from "./errors.js";
import { loader } from "./loader.js";
import type { WasmSource } from "./loader.js";

export { InvalidBarcodeError, InvalidDocumentError, InvalidPixError, StoneError };
export type { BarcodeErrorCode, CheckDigitName, DocumentErrorCode, PixErrorCode };

export type { WasmSource };

/** A decoded bank boleto. Money in integer centavos, dates as ISO strings. */
export type BankBoleto = { kind: "bank" } & BankBoletoRecord;
/** A decoded arrecadação document (utilities, taxes, fines, carnês). */
export type CollectionDocument = { kind: "collection" } & CollectionDocumentRecord;
/** Either kind, told apart by `kind`. */
export type Barcode = BankBoleto | CollectionDocument;
/** A valid CPF. */
export type Cpf = CpfInfo;
/** A valid CNPJ, numeric or alphanumeric. */
export type Cnpj = CnpjInfo;

const wasm = loader(raw);

// Batches cross into wasm as bytes: the runtime's encoder copies a string
// natively, where wasm-bindgen's string passing loops in JavaScript.
const utf8 = new TextEncoder();

/**
 * Loads the WebAssembly module. Call (and await) it once before anything
 * else in browsers and bundlers; in Node the package is ready on import and
 * this resolves at once. By default the `.wasm` file is fetched next to this
 * module; pass a URL, a `Response`, bytes or a compiled module to choose.
 */
export const init: (input?: WasmSource) => Promise<void> = wasm.init;

/** Synchronous `init` from the module's bytes (or a compiled module). */
export const initSync: (module: ArrayBuffer | ArrayBufferView | object) => void = wasm.initSync;

function convert(e: unknown): unknown {
  // Errors of the core arrive as JSON text (see bindings-wasm/src/lib.rs).
  if (typeof e === "string") {
    if (e.startsWith(PIX_FAULT)) {
      const fault = pixFault(e);
      return new InvalidPixError(fault.message, { ...fault });
    }
    const fields = JSON.parse(e) as Fields;
    const message = String(fields.message);
    if (fields.name === "InvalidBarcodeError") return new InvalidBarcodeError(message, fields);
    if (fields.name === "InvalidDocumentError") return new InvalidDocumentError(message, fields);
    if (fields.name === "InvalidPixError") return new InvalidPixError(message, fields);
    return new StoneError(message, String(fields.code));
  }
  if (e instanceof WebAssembly.RuntimeError) {
    return new StoneError(
      `stone-openbank: internal error (${e.message}); the console has the details, please report it`,
      "internal",
      { cause: e },
    );
  }
  return e;
}

/** Rebuilds a decoded document from the `|`-joined fields the module
 * returns (see bindings-wasm/src/lib.rs): pure unpacking, no rules. */
function barcodeFrom(text: string): Barcode {
  const f = text.split("|");
  const int = (s: string | undefined): number => Number(s);
  const intOrNull = (s: string | undefined): number | null => (s ? Number(s) : null);
  if (f[0] === "bank") {
    return {
      kind: "bank",
      bankCode: f[1]!,
      currencyCode: f[2]!,
      dueFactor: int(f[3]),
      dueDate: f[4] || null,
      amountCents: int(f[5]),
      freeField: f[6]!,
      barcode: f[7]!,
      digitableLine: f[8]!,
      formattedLine: f[9]!,
    };
  }
  return {
    kind: "collection",
    segment: int(f[1]),
    valueType: int(f[2]),
    checkDigitMethod: f[3] as "mod10" | "mod11",
    amountCents: intOrNull(f[4]),
    referenceValue: intOrNull(f[5]),
    companyId: f[6]!,
    freeField: f[7]!,
    barcode: f[8]!,
    digitableLine: f[9]!,
    formattedLine: f[10]!,
  };
}

function call<T>(f: () => T): T {
  if (!wasm.ready) {
    throw new StoneError(
      "stone-openbank is not initialised: `await init()` once before using it (browsers and bundlers)",
      "not_initialized",
    );
  }
  try {
    return f();
  } catch (e) {
    throw convert(e);
  }
}

/** Numbers stay numbers: "12", true or null are refused, never coerced. */
function number(name: string, value: unknown): number {
  if (typeof value !== "number") {
    throw new TypeError(`${name} must be a number, got ${value === null ? "null" : typeof value}`);
  }
  return value;
}

function text(name: string, value: unknown): string {
  if (typeof value !== "string") {
    throw new TypeError(`${name} must be a string, got ${typeof value}`);
  }
  return value;
}

/** A `Date` counts by its local calendar day (what a date picker gives). */
function isoDate(name: string, value: string | Date | null | undefined): string | undefined {
  if (value === null || value === undefined) return undefined;
  if (typeof value === "string") return value;
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime())) {
      throw new InvalidBarcodeError(`invalid ${name}: Invalid Date`, { code: "field", field: name });
    }
    const pad = (n: number) => String(n).padStart(2, "0");
    return `${value.getFullYear()}-${pad(value.getMonth() + 1)}-${pad(value.getDate())}`;
  }
  throw new TypeError(`${name} must be a YYYY-MM-DD string or a Date`);
}

/**
 * Decodes a barcode or typeable line of either kind (bare, or as printed
 * with dots, spaces and dashes). A bank boleto's due-date factor is read as
 * the date closest to `referenceDate` (default: today in Brasília).
 * @throws {InvalidBarcodeError}
 */
export function parseBarcode(input: string, referenceDate?: string | Date | null): Barcode {
  const day = isoDate("referenceDate", referenceDate);
  return call(() => barcodeFrom(raw.parseBarcode(text("input", input), day)));
}

/** Whether the input is a valid barcode or line of either kind. */
export function isValidBarcode(input: string): boolean {
  return call(() => raw.isValidBarcode(text("input", input)));
}

/** Checks an input without decoding it. @throws {InvalidBarcodeError} */
export function validateBarcode(input: string): void {
  call(() => raw.validateBarcode(text("input", input)));
}

/** One verdict per input, in one call into WebAssembly. */
export function validateBarcodes(inputs: readonly string[]): boolean[] {
  return verdicts(inputs, raw.validateJoined, raw.isValidBarcode);
}

/**
 * One verdict per input, the whole batch in one call into WebAssembly:
 * joined by NUL (which no valid input holds) and crossed as UTF-8 bytes.
 * An input holding a NUL splits into more verdicts than inputs: then each
 * input is checked on its own (cheaper than scanning every input first).
 */
function verdicts(
  inputs: readonly string[],
  joined: (bytes: Uint8Array) => Uint8Array,
  single: (input: string) => boolean,
): boolean[] {
  if (!Array.isArray(inputs)) throw new TypeError("inputs must be an array of strings");
  for (let i = 0; i < inputs.length; i++) {
    const s: unknown = inputs[i];
    if (typeof s !== "string") text(`inputs[${i}]`, s);
  }
  if (inputs.length === 0) return [];
  const marks = call(() => joined(utf8.encode(inputs.join("\0"))));
  if (marks.length !== inputs.length) return inputs.map((s) => call(() => single(s)));
  const out = new Array<boolean>(marks.length);
  for (let i = 0; i < marks.length; i++) out[i] = marks[i] === 1;
  return out;
}

/** The 44-digit barcode of any accepted form. @throws {InvalidBarcodeError} */
export function toBarcode(input: string): string {
  return call(() => raw.toBarcode(text("input", input)));
}

/** The typeable line, without separators. @throws {InvalidBarcodeError} */
export function toDigitableLine(input: string): string {
  return call(() => raw.toDigitableLine(text("input", input)));
}

/** The typeable line as printed on paper. @throws {InvalidBarcodeError} */
export function formatLine(input: string): string {
  return call(() => raw.formatLine(text("input", input)));
}

export interface BankBoletoFields {
  /** 3-digit COMPE code of the issuing bank. */
  bankCode: string;
  /** Integer centavos. */
  amountCents: number;
  /** The 25 digits the bank defines. */
  freeField: string;
  /** No due date when absent. */
  dueDate?: string | Date | null;
}

/** Builds a valid bank boleto. @throws {InvalidBarcodeError} (code `field`) */
export function buildBankBoleto(fields: BankBoletoFields): BankBoleto {
  const due = isoDate("dueDate", fields.dueDate);
  return call(
    () =>
      barcodeFrom(
        raw.buildBankBoleto(
          text("bankCode", fields.bankCode),
          number("amountCents", fields.amountCents),
          text("freeField", fields.freeField),
          due,
        ),
      ) as BankBoleto,
  );
}

export interface CollectionDocumentFields {
  /** 1–7 or 9. */
  segment: number;
  /** 6 or 8 (amount in centavos), 7 or 9 (reference quantity). */
  valueType: number;
  value: number;
  /** 4 digits, or the 8-digit CNPJ root in segment 6. */
  companyId: string;
  /** 25 digits, or 21 in segment 6. */
  freeField: string;
}

/** Builds a valid arrecadação document. @throws {InvalidBarcodeError} (code `field`) */
export function buildCollectionDocument(fields: CollectionDocumentFields): CollectionDocument {
  return call(
    () =>
      barcodeFrom(
        raw.buildCollectionDocument(
          number("segment", fields.segment),
          number("valueType", fields.valueType),
          number("value", fields.value),
          text("companyId", fields.companyId),
          text("freeField", fields.freeField),
        ),
      ) as CollectionDocument,
  );
}

/** @throws {InvalidDocumentError} */
export function parseCpf(input: string): Cpf {
  return call(() => JSON.parse(raw.parseCpf(text("input", input))) as Cpf);
}

/** Numeric or alphanumeric (from July 2026). @throws {InvalidDocumentError} */
export function parseCnpj(input: string): Cnpj {
  return call(() => JSON.parse(raw.parseCnpj(text("input", input))) as Cnpj);
}

export function isValidCpf(input: string): boolean {
  return call(() => raw.isValidCpf(text("input", input)));
}

export function isValidCnpj(input: string): boolean {
  return call(() => raw.isValidCnpj(text("input", input)));
}

/** The type of a Pix key. */
export type PixKeyType = "cpf" | "cnpj" | "phone" | "email" | "evp";

/** An element a BR Code carries that the rules do not interpret (ids 80–99, ...). */
export interface PixTemplate {
  id: string;
  value: string;
}

/** A decoded BR Code ("Pix copia e cola"). Absent fields are `null`. */
export interface PixCode {
  /** `static`: a key in the code; `dynamic`: a URL to fetch the charge from. */
  kind: "static" | "dynamic";
  /** `"11"` reusable, `"12"` single use. */
  pointOfInitiation: "11" | "12" | null;
  key: string | null;
  keyType: PixKeyType | null;
  description: string | null;
  /** Without `https://`. */
  url: string | null;
  mcc: string;
  /** Integer centavos; null lets the payer choose. */
  amountCents: number | null;
  merchantName: string;
  merchantCity: string;
  postalCode: string | null;
  /** `***` when the receiver gave none. */
  txid: string;
  crc: string;
  /** The payload as read (surrounding whitespace dropped). */
  payload: string;
  templates: PixTemplate[];
}

/** The fields of a charge to encode: exactly one of `key` and `url`. */
export interface PixChargeFields {
  key?: string | null;
  url?: string | null;
  description?: string | null;
  pointOfInitiation?: "11" | "12" | null;
  /** `0000` when absent. */
  mcc?: string | null;
  /** Integer centavos. */
  amountCents?: number | null;
  /** 1–25 characters, without accents. */
  merchantName: string;
  /** 1–15 characters, without accents. */
  merchantCity: string;
  postalCode?: string | null;
  /** `***` when absent. */
  txid?: string | null;
  templates?: PixTemplate[];
}

/** A valid Pix key in the form the DICT stores. */
export interface PixKey {
  keyType: PixKeyType;
  value: string;
}

/** Why a payload is not a valid BR Code (or a key not a Pix key): what
 * `InvalidPixError` carries, as a plain object. */
export interface PixFault {
  code: PixErrorCode;
  message: string;
  /** 0-based index in the input (null when encoding, and for keys). */
  position: number | null;
  /** For `field`: which field (`merchant_city`, `amount`, `txid`, ...). */
  field: string | null;
  /** For `field`: the EMV id path (`60`, `26.01`). */
  id: string | null;
  /** For `crc`: the CRC found and the one expected. */
  found: string | null;
  expected: string | null;
  /** For `key`: the type the input looked like, if any. */
  keyType: string | null;
}

/** What `safeParsePix` answers. */
export type SafePix = { ok: true; pix: PixCode } | { ok: false; error: PixFault };

/** The module's Pix faults start with this (bindings-wasm/src/errors.rs). */
const PIX_FAULT = "InvalidPixError\u001f";

/** Unpacks a Pix fault (see `pix_fault` in bindings-wasm/src/errors.rs). */
function pixFault(text: string): PixFault {
  // Field by field with indexOf: no intermediate array (an invalid code is
  // an everyday input; BENCHMARKS.md times this path).
  let at = PIX_FAULT.length;
  const next = (): string | null => {
    const end = text.indexOf("\u001f", at);
    const value = text.slice(at, end);
    at = end + 1;
    return value ? value : null;
  };
  const code = next() as PixErrorCode;
  const position = next();
  return {
    code,
    position: position === null ? null : Number(position),
    field: next(),
    id: next(),
    found: next(),
    expected: next(),
    keyType: next(),
    // Last, and whole: it may quote the input.
    message: text.slice(at),
  };
}

/** Unpacks the U+001F-joined fields the module returns (see
 * bindings-wasm/src/lib.rs): pure unpacking, no rules. */
function pixFrom(text: string): PixCode {
  const f = text.split("\u001f");
  const orNull = (s: string | undefined): string | null => (s ? s : null);
  const templates: PixTemplate[] = [];
  for (let i = 14; i < f.length; i++) {
    const t = f[i]!;
    templates.push({ id: t.slice(0, 2), value: t.slice(3) });
  }
  return {
    kind: f[0] as "static" | "dynamic",
    pointOfInitiation: orNull(f[1]) as "11" | "12" | null,
    key: orNull(f[2]),
    keyType: orNull(f[3]) as PixKeyType | null,
    description: orNull(f[4]),
    url: orNull(f[5]),
    mcc: f[6]!,
    amountCents: f[7] ? Number(f[7]) : null,
    merchantName: f[8]!,
    merchantCity: f[9]!,
    postalCode: orNull(f[10]),
    txid: f[11]!,
    crc: f[12]!,
    payload: f[13]!,
    templates,
  };
}

/**
 * Decodes a BR Code ("Pix copia e cola"), checking its structure, CRC and
 * every field rule of the BCB manual.
 * @throws {InvalidPixError}
 */
export function parsePix(input: string): PixCode {
  const out = call(() => raw.parsePix(text("input", input)));
  if (out.startsWith(PIX_FAULT)) {
    const fault = pixFault(out);
    throw new InvalidPixError(fault.message, { ...fault });
  }
  return pixFrom(out);
}

/**
 * Decodes a BR Code without throwing on an invalid one: `{ ok: true, pix }`
 * or `{ ok: false, error }`, the error with the fields of `InvalidPixError`
 * (for input a user typed or pasted, where invalid is an everyday answer
 * and an exception's stack trace costs more than the decoding).
 */
export function safeParsePix(input: string): SafePix {
  const out = call(() => raw.parsePix(text("input", input)));
  return out.startsWith(PIX_FAULT) ? { ok: false, error: pixFault(out) } : { ok: true, pix: pixFrom(out) };
}

/** Whether the input is a valid BR Code. */
export function isValidPix(input: string): boolean {
  return call(() => raw.isValidPix(text("input", input)));
}

/** Checks a BR Code without decoding it. @throws {InvalidPixError} */
export function validatePix(input: string): void {
  call(() => raw.validatePix(text("input", input)));
}

/** One verdict per BR Code, in one call into WebAssembly. */
export function validatePixes(inputs: readonly string[]): boolean[] {
  return verdicts(inputs, raw.validatePixJoined, raw.isValidPix);
}

/**
 * Encodes a charge as a BR Code payload (CRC included), refusing anything
 * `parsePix` would refuse.
 * @throws {InvalidPixError} (code `field`)
 */
export function buildPix(charge: PixChargeFields): string {
  if (typeof charge !== "object" || charge === null) throw new TypeError("charge must be an object");
  const opt = (name: string, v: unknown): string | undefined =>
    v === undefined || v === null ? undefined : text(name, v);
  const amount = charge.amountCents;
  const cents = amount === undefined || amount === null ? undefined : number("amountCents", amount);
  const templates = (charge.templates ?? []).map((t, i) => {
    const id = text(`templates[${i}].id`, t.id);
    const value = text(`templates[${i}].value`, t.value);
    // The pairs cross as `id=value` joined by U+001F: neither may hide in
    // a pair (a BR Code is printable ASCII anyway, so nothing valid is lost).
    if (id.includes("=") || id.includes("\u001f") || value.includes("\u001f")) {
      throw new InvalidPixError(`invalid templates[${i}]: a template id is 2 digits and a value printable ASCII`, {
        code: "field",
        field: "templates",
        id: "--",
      });
    }
    return `${id}=${value}`;
  });
  return call(() =>
    raw.buildPix(
      opt("key", charge.key),
      opt("url", charge.url),
      opt("description", charge.description),
      opt("pointOfInitiation", charge.pointOfInitiation),
      opt("mcc", charge.mcc),
      cents,
      text("merchantName", charge.merchantName),
      text("merchantCity", charge.merchantCity),
      opt("postalCode", charge.postalCode),
      opt("txid", charge.txid),
      templates.length ? templates.join("\u001f") : undefined,
    ),
  );
}

/**
 * Classifies, validates and normalises a Pix key (CPF, CNPJ, +55 phone,
 * e-mail, random key).
 * @throws {InvalidPixError} (code `key`)
 */
export function parsePixKey(input: string): PixKey {
  return call(() => {
    const k = JSON.parse(raw.parsePixKey(text("input", input))) as { key_type: PixKeyType; value: string };
    return { keyType: k.key_type, value: k.value };
  });
}

/** Whether the input is a valid Pix key. */
export function isValidPixKey(input: string): boolean {
  try {
    parsePixKey(input);
    return true;
  } catch (e) {
    if (e instanceof InvalidPixError) return false;
    throw e;
  }
}
