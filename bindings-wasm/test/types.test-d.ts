// A TypeScript consumer of the installed package, type-checked (never run)
// with `tsc --noEmit` in strict mode: the declarations must let a caller
// narrow on `kind`, see `null` where a value can be absent, and read the
// error classes' fields with precise types; wrong usages must be rejected.

import init, {
  parseBarcode,
  isValidBarcode,
  validateBarcodes,
  toBarcode,
  formatLine,
  buildBankBoleto,
  buildCollectionDocument,
  parseCpf,
  parseCnpj,
  initSync,
  StoneError,
  InvalidBarcodeError,
  InvalidDocumentError,
  parsePix,
  safeParsePix,
  buildPix,
  parsePixKey,
  validatePixes,
  InvalidPixError,
} from "stone-openbank";
import type { PixCode, PixErrorCode, PixKeyType } from "stone-openbank";
import type {
  Barcode,
  BankBoleto,
  CollectionDocument,
  Cpf,
  Cnpj,
  BarcodeErrorCode,
  DocumentErrorCode,
  CheckDigitName,
} from "stone-openbank";

// Exact type equality, so a widened type (e.g. `any`) fails the check.
type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
function expectType<T extends true>(): void {}

// init is the default export and returns a promise.
expectType<Equal<typeof init, (input?: Parameters<typeof init>[0]) => Promise<void>>>();
await init();
initSync(new Uint8Array(0));

const doc: Barcode = parseBarcode("34191.09008 00012.345674 89012.345677 9 99990000012345", "2026-11-26");
parseBarcode("x", new Date());
parseBarcode("x", null);
parseBarcode("x");

expectType<Equal<typeof doc.kind, "bank" | "collection">>();
expectType<Equal<typeof doc.barcode, string>>();
expectType<Equal<typeof doc.digitableLine, string>>();
expectType<Equal<typeof doc.formattedLine, string>>();
expectType<Equal<typeof doc.amountCents, number | null>>();

// @ts-expect-error bankCode exists only on bank boletos: narrow on kind first
doc.bankCode;
// @ts-expect-error segment exists only on arrecadação documents
doc.segment;

if (doc.kind === "bank") {
  expectType<Equal<typeof doc, BankBoleto>>();
  expectType<Equal<typeof doc.bankCode, string>>();
  expectType<Equal<typeof doc.dueDate, string | null>>();
  expectType<Equal<typeof doc.dueFactor, number>>();
  expectType<Equal<typeof doc.amountCents, number>>();
  expectType<Equal<typeof doc.currencyCode, string>>();
  // @ts-expect-error dueDate may be null
  const due: string = doc.dueDate;
  void due;
  // @ts-expect-error no segment on a bank boleto
  doc.segment;
} else {
  expectType<Equal<typeof doc, CollectionDocument>>();
  expectType<Equal<typeof doc.kind, "collection">>();
  expectType<Equal<typeof doc.amountCents, number | null>>();
  expectType<Equal<typeof doc.referenceValue, number | null>>();
  expectType<Equal<typeof doc.segment, number>>();
  expectType<Equal<typeof doc.checkDigitMethod, "mod10" | "mod11">>();
  expectType<Equal<typeof doc.companyId, string>>();
  // @ts-expect-error amountCents may be null on a collection document
  const cents: number = doc.amountCents;
  void cents;
}

function describe(b: Barcode): string {
  switch (b.kind) {
    case "bank":
      return `${b.bankCode} ${b.dueDate ?? "sem vencimento"}`;
    case "collection":
      return `${b.segment} ${b.amountCents ?? b.referenceValue}`;
    default: {
      // Exhaustive: both kinds handled.
      const never: never = b;
      return never;
    }
  }
}
void describe;

// Functions returning plain values.
expectType<Equal<ReturnType<typeof isValidBarcode>, boolean>>();
expectType<Equal<ReturnType<typeof validateBarcodes>, boolean[]>>();
expectType<Equal<ReturnType<typeof toBarcode>, string>>();
validateBarcodes(["a", "b"] as const);

// @ts-expect-error numbers are not barcodes
parseBarcode(34191090080001234567489012345677999990000012345);
// @ts-expect-error no coercion of the reference date either
parseBarcode("x", 20261126);
// @ts-expect-error an array of strings, not a string
validateBarcodes("34191.09008");
// @ts-expect-error not an array of numbers
validateBarcodes([1, 2]);
// @ts-expect-error formatLine takes one string
formatLine();

// Builders.
const built = buildBankBoleto({ bankCode: "341", amountCents: 12345, freeField: "1090000012345678901234567", dueDate: new Date() });
expectType<Equal<typeof built, BankBoleto>>();
expectType<Equal<typeof built.kind, "bank">>();
buildBankBoleto({ bankCode: "341", amountCents: 0, freeField: "1090000012345678901234567" });
buildBankBoleto({ bankCode: "341", amountCents: 0, freeField: "1090000012345678901234567", dueDate: "2025-02-21" });
buildBankBoleto({ bankCode: "341", amountCents: 0, freeField: "1090000012345678901234567", dueDate: null });
// @ts-expect-error amountCents is a number of centavos, not a string
buildBankBoleto({ bankCode: "341", amountCents: "123.45", freeField: "1090000012345678901234567" });
// @ts-expect-error bankCode is a 3-digit string, not a number
buildBankBoleto({ bankCode: 341, amountCents: 1, freeField: "1090000012345678901234567" });
// @ts-expect-error freeField is required
buildBankBoleto({ bankCode: "341", amountCents: 1 });
const coll = buildCollectionDocument({ segment: 6, valueType: 8, value: 100, companyId: "12345678", freeField: "123456789012345678901" });
expectType<Equal<typeof coll, CollectionDocument>>();
expectType<Equal<typeof coll.amountCents, number | null>>();
// @ts-expect-error companyId is a string
buildCollectionDocument({ segment: 2, valueType: 6, value: 1, companyId: 1234, freeField: "1234567890123456789012345" });

// CPF / CNPJ.
const cpf: Cpf = parseCpf("123.456.789-09");
expectType<Equal<typeof cpf.digits, string>>();
expectType<Equal<typeof cpf.formatted, string>>();
const cnpj: Cnpj = parseCnpj("12.ABC.345/01DE-35");
expectType<Equal<typeof cnpj.isAlphanumeric, boolean>>();
expectType<Equal<typeof cnpj.root, string>>();
// @ts-expect-error a CPF has no root
cpf.root;
// @ts-expect-error numbers are not documents
parseCnpj(11222333000181);

// Errors.
try {
  parseBarcode("x");
} catch (e: unknown) {
  if (e instanceof InvalidBarcodeError) {
    expectType<Equal<typeof e.code, BarcodeErrorCode>>();
    expectType<Equal<typeof e.position, number | null>>();
    expectType<Equal<typeof e.digit, CheckDigitName | null>>();
    expectType<Equal<typeof e.found, string | number | null>>();
    expectType<Equal<typeof e.expected, number | null>>();
    expectType<Equal<typeof e.digits, number | null>>();
    expectType<Equal<typeof e.field, string | null>>();
    if (e.code === "check_digit") {
      const which: CheckDigitName | null = e.digit;
      void which;
    }
    // @ts-expect-error not an error class the SDK has
    if (e.code === "checksum") void 0;
    // @ts-expect-error fields are read-only
    e.position = 3;
  } else if (e instanceof InvalidDocumentError) {
    expectType<Equal<typeof e.code, DocumentErrorCode>>();
    expectType<Equal<typeof e.found, string | null>>();
    expectType<Equal<typeof e.expected, string | null>>();
    expectType<Equal<typeof e.digit, string | null>>();
  } else if (e instanceof StoneError) {
    expectType<Equal<typeof e.code, string>>();
    const asError: Error = e;
    void asError;
  }
}

const base: StoneError = new InvalidBarcodeError("m", { code: "length" });
void base;

// Pix: nullable fields are typed as such; errors carry their class.
{
  const code: PixCode = parsePix("000201...");
  const kind: "static" | "dynamic" = code.kind;
  const cents: number | null = code.amountCents;
  // @ts-expect-error amountCents may be null
  const sure: number = code.amountCents;
  const type: PixKeyType | null = code.keyType;
  const payload: string = buildPix({ key: "pix@example.com", merchantName: "Loja", merchantCity: "Recife", amountCents: 1050 });
  // @ts-expect-error merchantCity is required
  buildPix({ key: "pix@example.com", merchantName: "Loja" });
  const verdicts: boolean[] = validatePixes([payload]);
  const k: PixKeyType = parsePixKey("+5511987654321").keyType;
  // safeParsePix: the union narrows on ok.
  const safe = safeParsePix(payload);
  if (safe.ok) {
    const decoded: PixCode = safe.pix;
    void decoded;
  } else {
    const why: PixErrorCode = safe.error.code;
    const where: number | null = safe.error.position;
    // @ts-expect-error no pix on a fault
    void safe.pix;
    void why;
    void where;
  }
  try {
    parsePix(payload);
  } catch (e) {
    if (e instanceof InvalidPixError) {
      const c: PixErrorCode = e.code;
      const p: number | null = e.position;
      const f: string | null = e.field;
      void [c, p, f];
    }
  }
  void [kind, cents, sure, type, verdicts, k];
}
