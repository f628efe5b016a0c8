// The errors of the validation entry, and the `StoneError` base class every
// entry shares, so `instanceof StoneError` holds whichever entry threw. The
// client's errors are in client-errors.ts (not loaded by validation-only apps).

/** The classes of barcode errors, shared with every language of the SDK. */
export type BarcodeErrorCode =
  | "character"
  | "length"
  | "currency"
  | "value_type"
  | "segment"
  | "check_digit"
  | "field";
/** The classes of CPF/CNPJ errors. */
export type DocumentErrorCode = "character" | "length" | "repeated" | "check_digit";
/** Which check digit failed. */
export type CheckDigitName =
  | "general"
  | "field1"
  | "field2"
  | "field3"
  | "block1"
  | "block2"
  | "block3"
  | "block4";

export type Fields = Record<string, unknown>;
export const num = (v: unknown): number | null => (typeof v === "number" ? v : null);
export const str = (v: unknown): string | null => (typeof v === "string" ? v : null);

/** Base class of every error the SDK throws; `code` is stable. */
export class StoneError extends Error {
  readonly code: string;
  constructor(message: string, code: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "StoneError";
    this.code = code;
  }
}

/** A boleto or arrecadação barcode/line that is not valid. */
export class InvalidBarcodeError extends StoneError {
  declare readonly code: BarcodeErrorCode;
  /** 0-based index of the offending character in the input, separators included. */
  readonly position: number | null;
  /** For `check_digit`: which digit failed. */
  readonly digit: CheckDigitName | null;
  /** The character (`character`) or digit (`currency`, `value_type`, `segment`, `check_digit`) found. */
  readonly found: string | number | null;
  /** For `check_digit`: the digit expected. */
  readonly expected: number | null;
  /** For `length`: how many digits the input had. */
  readonly digits: number | null;
  /** For `field`: the argument at fault. */
  readonly field: string | null;
  constructor(message: string, fields: Fields) {
    super(message, String(fields.code));
    this.name = "InvalidBarcodeError";
    this.position = num(fields.position);
    this.digit = str(fields.digit) as CheckDigitName | null;
    this.found = num(fields.found) ?? str(fields.found);
    this.expected = num(fields.expected);
    this.digits = num(fields.digits);
    this.field = str(fields.field);
  }
}

/** A CPF or CNPJ that is not valid. */
export class InvalidDocumentError extends StoneError {
  declare readonly code: DocumentErrorCode;
  readonly position: number | null;
  /** For `check_digit`: `dv1` or `dv2`. */
  readonly digit: string | null;
  readonly found: string | null;
  readonly expected: string | null;
  constructor(message: string, fields: Fields) {
    super(message, String(fields.code));
    this.name = "InvalidDocumentError";
    this.position = num(fields.position);
    this.digit = str(fields.digit);
    this.found = str(fields.found);
    this.expected = str(fields.expected);
  }
}


/** The classes of Pix errors: a BR Code's structure, its CRC, a field
 * rule, or a key. */
export type PixErrorCode = "structure" | "crc" | "field" | "key";

/** A BR Code, a charge to encode or a Pix key that is not valid. */
export class InvalidPixError extends StoneError {
  declare readonly code: PixErrorCode;
  /** 0-based index in the input (null when encoding, and for keys). */
  readonly position: number | null;
  /** For `field`: which field (`merchant_city`, `amount`, `txid`, ...). */
  readonly field: string | null;
  /** For `field`: the EMV id path (`60`, `26.01`). */
  readonly id: string | null;
  /** For `crc`: the CRC found and the one expected. */
  readonly found: string | null;
  readonly expected: string | null;
  /** For `key`: the type the input looked like, if any. */
  readonly keyType: string | null;
  constructor(message: string, fields: Fields) {
    super(message, String(fields.code));
    this.name = "InvalidPixError";
    this.position = num(fields.position);
    this.field = str(fields.field);
    this.id = str(fields.id);
    this.found = str(fields.found);
    this.expected = str(fields.expected);
    this.keyType = str(fields.keyType);
  }
}
