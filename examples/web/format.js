// Pure formatting helpers for the example page (no DOM, no package import),
// so they can be checked on their own. Money never goes through floats.

/** Integer centavos → "R$ 1.234,56" (string arithmetic only). */
export function formatCents(cents) {
  if (!Number.isSafeInteger(cents) || cents < 0) throw new RangeError(`not a whole number of centavos: ${cents}`);
  const digits = String(cents).padStart(3, "0");
  const reais = digits.slice(0, -2).replace(/\B(?=(\d{3})+(?!\d))/g, ".");
  return `R$ ${reais},${digits.slice(-2)}`;
}

/** An integer with Brazilian thousands separators: 1012300 → "1.012.300". */
export function formatInteger(n) {
  return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ".");
}

/** ISO "2025-02-21" → "21/02/2025", without Date (no time-zone surprises). */
export function formatIsoDate(iso) {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  return m ? `${m[3]}/${m[2]}/${m[1]}` : iso;
}

/** Whole days from `fromIso` to `toIso` (both YYYY-MM-DD), via UTC midnights. */
export function daysBetween(fromIso, toIso) {
  const utc = (iso) => {
    const [y, m, d] = iso.split("-").map(Number);
    return Date.UTC(y, m - 1, d);
  };
  return Math.round((utc(toIso) - utc(fromIso)) / 86_400_000);
}

/** Today's date in Brasília (UTC−3, no daylight saving), as YYYY-MM-DD. */
export function todayInBrasilia(now = new Date()) {
  const t = new Date(now.getTime() - 3 * 3_600_000);
  const pad = (n) => String(n).padStart(2, "0");
  return `${t.getUTCFullYear()}-${pad(t.getUTCMonth() + 1)}-${pad(t.getUTCDate())}`;
}

/** Portuguese name of a check digit the SDK reports. */
export function checkDigitLabel(name) {
  if (name === "general") return "dígito verificador geral";
  const m = /^(field|block)(\d)$/.exec(name ?? "");
  if (m) return `dígito verificador do ${m[1] === "field" ? "campo" : "bloco"} ${m[2]}`;
  return `dígito verificador (${name})`;
}

// Interleaved 2 of 5, the symbology of boleto barcodes: each digit is five
// elements, two of them wide; pairs interleave (first digit in bars, second
// in spaces).
const ITF = ["nnwwn", "wnnnw", "nwnnw", "wwnnn", "nnwnw", "wnwnn", "nwwnn", "nnnww", "wnnwn", "nwnwn"];

/**
 * The bars of an ITF barcode as [x, width] pairs in narrow-module units,
 * and the total width. `digits` must have an even length.
 */
export function itfBars(digits, wide = 3) {
  if (!/^(\d\d)+$/.test(digits)) throw new RangeError("ITF needs an even number of digits");
  const widths = [1, 1, 1, 1]; // start: bar, space, bar, space
  for (let i = 0; i < digits.length; i += 2) {
    const bars = ITF[Number(digits[i])];
    const spaces = ITF[Number(digits[i + 1])];
    for (let k = 0; k < 5; k++) {
      widths.push(bars[k] === "w" ? wide : 1, spaces[k] === "w" ? wide : 1);
    }
  }
  widths.push(wide, 1, 1); // stop: wide bar, space, bar
  const bars = [];
  let x = 0;
  widths.forEach((w, i) => {
    if (i % 2 === 0) bars.push([x, w]);
    x += w;
  });
  return { bars, width: x };
}
