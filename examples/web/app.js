// The example page's logic: load the SDK's WebAssembly once, then decode
// what the user types on every input event. All the rules (check digits,
// due-date factors, CPF/CNPJ) live in the SDK; this file only displays.

import init, {
  parseBarcode,
  parseCpf,
  parseCnpj,
  InvalidBarcodeError,
  InvalidDocumentError,
  parsePix,
  InvalidPixError,
} from "/node_modules/stone-openbank/index.js";
import {
  checkDigitLabel,
  daysBetween,
  formatCents,
  formatInteger,
  formatIsoDate,
  itfBars,
  todayInBrasilia,
} from "./format.js";

const $ = (id) => document.getElementById(id);
const barcodeInput = $("barcode-input");
const barcodeStatus = $("barcode-status");
const barcodeEcho = $("barcode-echo");
const barcodeResult = $("barcode-result");
const docInput = $("doc-input");
const docStatus = $("doc-status");
const docEcho = $("doc-echo");
const pixInput = $("pix-input");
const pixStatus = $("pix-status");
const pixEcho = $("pix-echo");
const pixResult = $("pix-result");

// A few well-known COMPE codes, for a friendlier display.
const BANKS = {
  "001": "Banco do Brasil",
  "033": "Santander",
  "077": "Banco Inter",
  "104": "Caixa Econômica Federal",
  "197": "Stone",
  "237": "Bradesco",
  "260": "Nu Pagamentos",
  "336": "C6 Bank",
  "341": "Itaú Unibanco",
  "422": "Safra",
  "748": "Sicredi",
  "756": "Sicoob",
};

// FEBRABAN arrecadação segments.
const SEGMENTS = {
  1: "Prefeituras",
  2: "Saneamento",
  3: "Energia elétrica e gás",
  4: "Telecomunicações",
  5: "Órgãos governamentais",
  6: "Carnês e assemelhados (identificados pelo CNPJ)",
  7: "Multas de trânsito",
  9: "Uso exclusivo do banco",
};

const el = (tag, props = {}, ...children) => {
  const node = document.createElement(tag);
  Object.assign(node, props);
  for (const child of children) node.append(child);
  return node;
};

function setStatus(node, kind, ...content) {
  // Drop the previous verdict's details (data-code, data-digit, ...).
  for (const key of Object.keys(node.dataset)) if (key !== "testid") delete node.dataset[key];
  node.className = `status status-${kind}`;
  node.dataset.kind = kind;
  node.replaceChildren(...content);
}

/** Shows `text` in monospace with the character at `position` marked. */
function showEcho(node, text, position, title) {
  if (position === null || position === undefined || position < 0 || position >= text.length) {
    node.hidden = true;
    node.replaceChildren();
    return;
  }
  // Mark one whole code point (an astral character is two UTF-16 units).
  const cp = String.fromCodePoint(text.codePointAt(position));
  const mark = el("mark", { className: "bad", title, textContent: cp });
  mark.dataset.testid = "bad-char";
  mark.dataset.position = String(position);
  const pointer = el("span", { className: "pointer", textContent: `posição ${position + 1}` });
  node.replaceChildren(
    el("span", { className: "echo-text" }, text.slice(0, position), mark, text.slice(position + cp.length)),
    pointer,
  );
  node.hidden = false;
}

function row(label, value, testid, extraClass = "") {
  const dd = el("dd", { className: extraClass }, value);
  dd.dataset.testid = testid;
  return [el("dt", { textContent: label }), dd];
}

function barcodeSvg(digits) {
  const ns = "http://www.w3.org/2000/svg";
  const { bars, width } = itfBars(digits);
  const quiet = 10;
  const svg = document.createElementNS(ns, "svg");
  svg.setAttribute("viewBox", `0 0 ${width + 2 * quiet} 50`);
  svg.setAttribute("preserveAspectRatio", "none");
  svg.setAttribute("role", "img");
  svg.setAttribute("aria-label", `Código de barras ${digits}`);
  svg.classList.add("bars");
  for (const [x, w] of bars) {
    const r = document.createElementNS(ns, "rect");
    r.setAttribute("x", String(x + quiet));
    r.setAttribute("width", String(w));
    r.setAttribute("y", "0");
    r.setAttribute("height", "50");
    svg.append(r);
  }
  return svg;
}

function showDocument(doc) {
  const rows = [];
  let headline;
  if (doc.kind === "bank") {
    const bank = BANKS[doc.bankCode];
    headline = "Boleto bancário";
    rows.push(row("Banco", bank ? `${doc.bankCode} · ${bank}` : doc.bankCode, "bank"));
    rows.push(row("Valor", doc.amountCents === 0 ? "a preencher pelo pagador" : formatCents(doc.amountCents), "amount", "big"));
    if (doc.dueDate === null) {
      rows.push(row("Vencimento", "sem vencimento", "due-date"));
    } else {
      const days = daysBetween(todayInBrasilia(), doc.dueDate);
      const when = days === 0 ? "hoje" : days > 0 ? `em ${days} dia${days === 1 ? "" : "s"}` : `vencido há ${-days} dia${days === -1 ? "" : "s"}`;
      rows.push(row("Vencimento", `${formatIsoDate(doc.dueDate)} (${when}) · fator ${doc.dueFactor}`, "due-date"));
    }
    rows.push(row("Campo livre", doc.freeField, "free-field", "mono"));
  } else {
    headline = "Arrecadação (contas de consumo, tributos, convênios)";
    rows.push(row("Segmento", `${doc.segment} · ${SEGMENTS[doc.segment] ?? "?"}`, "segment"));
    if (doc.amountCents !== null) {
      rows.push(row("Valor", formatCents(doc.amountCents), "amount", "big"));
    } else {
      rows.push(row("Valor de referência", `${formatInteger(doc.referenceValue)} (quantidade, não dinheiro)`, "reference-value"));
    }
    rows.push(row(doc.segment === 6 ? "CNPJ (raiz)" : "Empresa / órgão", doc.companyId, "company-id", "mono"));
    rows.push(row("Dígitos verificadores", doc.checkDigitMethod === "mod10" ? "módulo 10" : "módulo 11", "method"));
    rows.push(row("Campo livre", doc.freeField, "free-field", "mono"));
  }
  rows.push(row("Linha digitável", doc.formattedLine, "formatted-line", "mono"));
  rows.push(row("Código de barras", doc.barcode, "barcode", "mono"));

  const kind = el("span", { className: `badge badge-${doc.kind}`, textContent: headline });
  kind.dataset.testid = "kind";
  kind.dataset.kind = doc.kind;
  barcodeResult.replaceChildren(kind, el("dl", {}, ...rows.flat()), barcodeSvg(doc.barcode));
  barcodeResult.hidden = false;
}

function barcodeProblem(e, input) {
  switch (e.code) {
    case "character":
      return [`Caractere inválido “${e.found}” na posição ${e.position + 1}.`, "Só valem dígitos, espaços, pontos e hífens."];
    case "length":
      return [
        `${e.digits} dígito${e.digits === 1 ? "" : "s"}: um código de barras tem 44, a linha de um boleto 47 e a de uma arrecadação 48 (começando com 8).`,
        input.trim() === "" ? "" : "Confira se nenhum dígito ficou de fora.",
      ];
    case "currency":
      return [`Código de moeda ${e.found} na posição ${e.position + 1}: um boleto em reais usa 9.`, ""];
    case "value_type":
      return [`Identificador de valor ${e.found} na posição ${e.position + 1}: só existem 6, 7, 8 e 9.`, ""];
    case "segment":
      return [`Segmento ${e.found} na posição ${e.position + 1} não existe (válidos: 1 a 7 e 9).`, ""];
    case "check_digit":
      return [
        `O ${checkDigitLabel(e.digit)} não confere: está ${e.found}, deveria ser ${e.expected} (posição ${e.position + 1}).`,
        e.digit === "general"
          ? "O dígito geral protege o valor e o vencimento: algum dígito foi digitado errado ou alterado."
          : "Algum dígito deste trecho foi digitado errado.",
      ];
    default:
      return [e.message, ""];
  }
}

function onBarcodeInput() {
  const input = barcodeInput.value;
  barcodeResult.hidden = true;
  if (input.trim() === "") {
    setStatus(barcodeStatus, "idle", "Digite ou cole uma linha.");
    showEcho(barcodeEcho, input, null);
    return;
  }
  try {
    const doc = parseBarcode(input);
    setStatus(barcodeStatus, "ok", "✓ Válido");
    showEcho(barcodeEcho, input, null);
    showDocument(doc);
  } catch (e) {
    if (!(e instanceof InvalidBarcodeError)) throw e;
    const [what, hint] = barcodeProblem(e, input);
    const detail = el("span", { className: "what", textContent: what });
    detail.dataset.testid = "error-message";
    setStatus(barcodeStatus, "error", "✗ ", detail, hint ? el("span", { className: "hint", textContent: hint }) : "");
    barcodeStatus.dataset.code = e.code;
    barcodeStatus.dataset.digit = e.digit ?? "";
    barcodeStatus.dataset.found = e.found === null ? "" : String(e.found);
    barcodeStatus.dataset.expected = e.expected === null ? "" : String(e.expected);
    barcodeStatus.dataset.position = e.position === null ? "" : String(e.position);
    showEcho(barcodeEcho, input, e.position, what);
  }
}

function onDocInput() {
  const input = docInput.value;
  const chars = input.replace(/[\s./-]/g, "");
  if (chars === "") {
    setStatus(docStatus, "idle", "");
    showEcho(docEcho, input, null);
    return;
  }
  const isCnpj = chars.length > 11;
  try {
    if (isCnpj) {
      const cnpj = parseCnpj(input);
      setStatus(docStatus, "ok", `✓ CNPJ ${cnpj.isAlphanumeric ? "alfanumérico " : ""}válido: `, el("strong", { className: "mono", textContent: cnpj.formatted }));
    } else {
      const cpf = parseCpf(input);
      setStatus(docStatus, "ok", "✓ CPF válido: ", el("strong", { className: "mono", textContent: cpf.formatted }));
    }
    showEcho(docEcho, input, null);
  } catch (e) {
    if (!(e instanceof InvalidDocumentError)) throw e;
    const name = isCnpj ? "CNPJ" : "CPF";
    const messages = {
      character: `Caractere inválido “${e.found}” na posição ${(e.position ?? 0) + 1}.`,
      length: `Um ${name} tem ${isCnpj ? 14 : 11} ${isCnpj ? "caracteres" : "dígitos"}; faltam ou sobram alguns.`,
      repeated: `Todos os dígitos iguais: nenhum ${name} assim é emitido.`,
      check_digit: `O ${e.digit === "dv1" ? "primeiro" : "segundo"} dígito verificador não confere: está ${e.found}, deveria ser ${e.expected}.`,
    };
    setStatus(docStatus, "error", `✗ ${messages[e.code] ?? e.message}`);
    docStatus.dataset.code = e.code;
    showEcho(docEcho, input, e.position, messages[e.code]);
  }
}

const PIX_KEY_TYPES = { cpf: "CPF", cnpj: "CNPJ", phone: "telefone", email: "e-mail", evp: "chave aleatória" };

function onPixInput() {
  const input = pixInput.value;
  pixResult.replaceChildren();
  pixResult.hidden = true;
  if (input.trim() === "") {
    setStatus(pixStatus, "idle", "");
    showEcho(pixEcho, input, null);
    return;
  }
  try {
    const code = parsePix(input);
    setStatus(pixStatus, "ok", `✓ Pix ${code.kind === "static" ? "estático" : "dinâmico"} válido`);
    showEcho(pixEcho, input, null);
    const fields = [
      ["pix-amount", "Valor", code.amountCents === null ? "a definir pelo pagador" : formatCents(code.amountCents)],
      ["pix-merchant", "Recebedor", `${code.merchantName} · ${code.merchantCity}`],
      code.key !== null && ["pix-key", `Chave (${PIX_KEY_TYPES[code.keyType]})`, code.key],
      code.url !== null && ["pix-url", "Cobrança em", code.url],
      code.description !== null && ["pix-description", "Descrição", code.description],
      ["pix-txid", "Identificador (txid)", code.txid],
    ];
    for (const r of fields) {
      if (!r) continue;
      const [testid, label, value] = r;
      pixResult.append(...row(label, value, testid));
    }
    pixResult.hidden = false;
  } catch (e) {
    if (!(e instanceof InvalidPixError)) throw e;
    const at = e.position === null ? "" : ` (posição ${e.position + 1})`;
    const messages = {
      structure: `O código não tem a estrutura de um BR Code${at}.`,
      crc: `O CRC não confere: está ${e.found}, deveria ser ${e.expected}. O código foi alterado ou cortado.`,
      field: `Campo ${e.id} (${e.field}) inválido${at}.`,
    };
    setStatus(pixStatus, "error", `✗ ${messages[e.code] ?? e.message}`);
    pixStatus.dataset.code = e.code;
    showEcho(pixEcho, input, e.position, messages[e.code]);
  }
}

for (const button of document.querySelectorAll("[data-example]")) {
  button.addEventListener("click", () => {
    barcodeInput.value = button.dataset.example;
    onBarcodeInput();
    barcodeInput.focus();
  });
}

try {
  await init();
  barcodeInput.disabled = false;
  docInput.disabled = false;
  pixInput.disabled = false;
  pixInput.addEventListener("input", onPixInput);
  barcodeInput.addEventListener("input", onBarcodeInput);
  docInput.addEventListener("input", onDocInput);
  setStatus(barcodeStatus, "idle", "Digite ou cole uma linha.");
  document.body.dataset.ready = "true";
} catch (e) {
  setStatus(barcodeStatus, "error", `Não foi possível carregar o módulo WebAssembly: ${e.message}`);
  document.body.dataset.ready = "error";
  throw e;
}
