// The quickstart in Node: the SDK end to end against a `stone sandbox` it
// starts (STONE_BIN, or `stone` from the clone's target/debug). Both
// partnership models: a Conta de Liquidação company paying, transferring,
// scheduling, issuing boletos and reading its statement; an OpenBank
// platform asking a user's consent and waiting for the owner's approval.
//
//   node examples/node/quickstart.mjs
//
// Money is integer centavos everywhere; reais only for display.

import { spawn } from "node:child_process";
import { readFileSync, writeFileSync, mkdirSync } from "node:fs";
import http from "node:http";
import { tmpdir } from "node:os";
import { createInterface } from "node:readline";
import path from "node:path";
import { fileURLToPath } from "node:url";

import { Client, StoneError } from "stone-openbank/client";
import { buildBankBoleto, parseBarcode, parsePix } from "stone-openbank";
import { randomUUID } from "node:crypto";

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");
const reais = (c) => `R$ ${(c / 100).toLocaleString("pt-BR", { minimumFractionDigits: 2 })}`;
const step = (n, title) => console.log(`\n${n}. ${title}`);
const out = path.join(tmpdir(), "stone-openbank-quickstart-node");
mkdirSync(out, { recursive: true });

// A sandbox of our own (its request log stays in memory; shown on failure).
const sandboxLog = [];
const sandbox = spawn(process.env.STONE_BIN || path.join(repo, "target", "debug", "stone"), ["sandbox", "--port", "0"], {
  stdio: ["ignore", "pipe", "pipe"],
});
sandbox.stderr.on("data", (d) => sandboxLog.push(d));
const { base_url: baseUrl } = JSON.parse(await new Promise((resolve, reject) => {
  sandbox.once("error", reject);
  createInterface({ input: sandbox.stdout }).once("line", resolve);
}));
const admin = async (method, p, body) => {
  const res = await fetch(baseUrl + p, { method, headers: { "content-type": "application/json" }, body: body && JSON.stringify(body) });
  if (!res.ok) throw new Error(`${method} ${p}: ${res.status}`);
  const text = await res.text();
  return text ? JSON.parse(text) : null;
};

// The application's webhook URL (Stone registers it at onboarding).
const inbox = [];
const receiver = http.createServer((req, res) => {
  let body = "";
  req.on("data", (c) => (body += c));
  req.on("end", () => {
    inbox.push({ body, headers: req.headers });
    res.end();
  });
});
await new Promise((r) => receiver.listen(0, "127.0.0.1", r));

try {
  console.log("stone-openbank quickstart (Node) — an independent SDK, not a Stone product");
  const key = readFileSync(path.join(repo, "sandbox", "seed", "demo-app.key.pem"), "utf8");
  const client = new Client({ userAgent: "stone-openbank-quickstart", clientId: "demo-conta-de-liquidacao", privateKey: key, baseUrl });

  step(1, "Authenticate and list the accounts this application operates");
  const [account] = await client.accounts();
  console.log(`   ${account.owner_name} · conta ${account.account_code} · ${account.id}`);

  step(2, "Balance");
  const balance = await client.balance(account.id);
  console.log(`   available ${reais(balance.balance)} · blocked ${reais(balance.blocked_balance)}`);

  step(3, "Receive webhooks");
  const url = `http://127.0.0.1:${receiver.address().port}/stone-webhooks`;
  await admin("PUT", "/admin/applications/demo-conta-de-liquidacao/webhook", { url });
  console.log(`   listening at ${url}`);

  step(4, "Validate a boleto locally, then dry-run its payment");
  const due = new Date(Date.now() + 5 * 86400000).toISOString().slice(0, 10);
  const boleto = buildBankBoleto({ bankCode: "341", dueDate: due, amountCents: 12345, freeField: "1090000000000000000000123" });
  console.log(`   ${boleto.formattedLine} → valid, ${reais(parseBarcode(boleto.formattedLine).amountCents)}`);
  const payment = { account_id: account.id, barcode: boleto.formattedLine };
  const dry = await client.dryRunPayment(payment);
  console.log(`   dry-run: ${dry.details?.bank_name} · ${dry.details?.status} · value ${reais(dry.details?.value ?? 0)}`);

  step(5, "Pay it (idempotency key generated and reused on retries)");
  const paid = await client.createPayment(payment);
  console.log(`   payment ${paid.id}: ${(await client.payment(paid.id)).status}`);

  step(6, "Internal transfer to another Stone account");
  const platformKey = key;
  const platform = new Client({ userAgent: "ERP Açaí", clientId: "demo-openbank-platform", privateKey: platformKey, baseUrl });
  const [other] = await platform.accounts();
  const t = await client.createInternalTransfer({ account_id: account.id, amount: 1500, target_account_code: other.account_code, description: "quickstart" });
  console.log(`   ${reais(t.amount)} to ${other.account_code}: ${(await client.internalTransfer(t.id)).status}`);

  step(7, "Schedule a TED for the next business day");
  const day = (await client.schedulingCalendar("external_transfer")).next_available_execution_date;
  const ted = await client.createExternalTransfer({
    account_id: account.id, amount: 25000, account_code: "12345", branch_code: "1", institution_code: "260",
    account_type: "CC", name: "Fornecedor Exemplo Ltda", document: "11.222.333/0001-81", scheduled_to: day,
  });
  console.log(`   ${reais(ted.amount)} (+ fee ${reais(ted.fee)}) on ${day}: ${ted.status}`);

  step(8, "Issue a boleto to a customer, and save its PDF");
  const issued = await client.createBoleto({
    account_id: account.id, amount: 45000, invoice_type: "bill_of_exchange", expiration_date: due,
    customer: { document: "529.982.247-25", legal_name: "Maria da Silva" }, description: "Quickstart",
  });
  const pdf = await client.boletoPdf(issued.id);
  writeFileSync(path.join(out, "boleto.pdf"), pdf);
  console.log(`   ${reais(issued.amount)} due ${due}: ${issued.status}; PDF ${pdf.length} bytes`);

  step(9, "Walk the statement, page by page");
  let shown = 0;
  for await (const entry of client.statement(account.id, { pageSize: 5 })) {
    console.log(`   ${reais(entry.amount).padStart(16)}  ${entry.type.padEnd(9)} balance after ${reais(entry.balance_after ?? 0)}`);
    if (++shown === 10) break;
  }

  step(10, "Save the payment's receipt (comprovante) as PDF");
  const receipt = await client.receiptPdf("payment", paid.id);
  writeFileSync(path.join(out, "comprovante.pdf"), receipt);
  console.log(`   ${receipt.length} bytes saved to ${out}`);

  step(11, "Verify the webhooks received (decrypt, check Stone's signature)");
  for (let i = 0; i < 100 && inbox.length < 4; i++) await new Promise((r) => setTimeout(r, 50));
  for (const { body, headers } of inbox) {
    const event = await client.verifyWebhook(body, headers);
    console.log(`   ✔ ${event.event_type.padEnd(40)} about ${event.target_type} ${event.target_id}`);
  }
  const forged = inbox[0].body.replace(/.(?=.{12}$)/, (c) => (c === "A" ? "B" : "A"));
  try {
    await client.verifyWebhook(forged);
    throw new Error("an altered webhook was accepted");
  } catch (e) {
    if (!(e instanceof StoneError)) throw e;
    console.log(`   ✘ a body altered in transit is refused: ${e.name} (${e.reason})`);
  }

  step(12, "Pix: a QR charge, paid by a customer of another bank");
  await client.createPixKey(account.id, { key_type: "random_key", key: "" });
  const pixKey = (await client.pixKeys(account.id)).find((k) => k.key_type === "random_key");
  console.log(`   random key ${pixKey.key}`);
  const charge = await client.createPixCharge({
    account_id: account.id, key: pixKey.key, transaction_id: randomUUID().replaceAll("-", ""),
    amount: 8990, expiration: 3600, request_for_payer: "Pedido 1234 da Padaria", additional_data: [],
  });
  const code = parsePix(charge.qr_code_content);
  console.log(`   charge of ${reais(charge.amount)} ${charge.status}: copia e cola ${charge.qr_code_content.slice(0, 48)}…`);
  console.log(`   the code reads back: ${code.kind} code, ${reais(code.amountCents)} for ${code.merchantName}`);
  const seen = inbox.length;
  const received = await admin("POST", "/admin/pix/inbound", { brcode: charge.qr_code_content, payer: { name: "Joana Cliente", document: "98765432100" } });
  console.log(`   paid by Joana Cliente: end-to-end id ${received.end_to_end_id}`);
  console.log(`   the charge is now ${(await client.pixCharge(charge.id)).status}`);
  let pixEvent;
  for (let i = 0; i < 100 && !pixEvent; i++) {
    for (const { body, headers } of inbox.slice(seen)) {
      const event = await client.verifyWebhook(body, headers);
      if (event.target.kind === "inbound_pix") pixEvent = event;
    }
    if (!pixEvent) await new Promise((r) => setTimeout(r, 50));
  }
  if (!pixEvent) throw new Error("the Pix webhook did not arrive");
  console.log(`   ✔ webhook ${pixEvent.event_type} verified: ${reais(pixEvent.target.data.amount)} received`);

  step(13, "The OpenBank model: a platform, a user's consent, the owner's approval (a transfer, a Pix)");
  const user = await admin("POST", "/admin/accounts", { owner_name: "Padaria Pão Quente", owner_document: "11222333000181", balance: 300000 });
  const link = await platform.consentLink({ redirect_uri: "https://erp.example/stone/retorno", session_metadata: { erp_customer: "1234" } });
  console.log(`   consent link for the user: ${link.slice(0, 72)}…`);
  const jwt = new URL(link).searchParams.get("jwt");
  const decision = await admin("POST", "/admin/consents", { client_id: "demo-openbank-platform", jwt, account_id: user.id, decision: "approve" });
  const back = await platform.parseConsentRedirect(decision.redirect_to);
  console.log(`   the user ${back.result}; metadata ${JSON.stringify(back.session_metadata)}`);
  const pt = await platform.createInternalTransfer({ account_id: user.id, amount: 12000, target_account_code: account.account_code, description: "fornecedor" });
  console.log(`   the platform's transfer of ${reais(pt.amount)}: ${pt.status} (waits for the owner)`);
  await admin("POST", `/admin/internal_transfers/${pt.id}/approve`);
  console.log(`   approved by the owner in Stone's app: ${(await platform.internalTransfer(pt.id)).status}`);
  // A Pix to a key at another bank: created, confirmed by the platform, sent
  // once the owner approves it (here in a batch, as `pix_payment`).
  const pix = await platform.createPixPayment({ account_id: user.id, amount: 4500, description: "frete", key: "gabriela.abreu@example.com" });
  await platform.confirmPixPayment(pix.id, { add_target_to_contacts: false });
  console.log(`   the platform's Pix of ${reais(pix.amount)} to a key: ${(await platform.pixPayment(pix.id)).status} (waits for the owner)`);
  await admin("POST", `/admin/accounts/${user.id}/operations/actions/approve`, { action: "approve_only", operations: [{ id: pix.id, type: "pix_payment" }] });
  const sentPix = await platform.pixPayment(pix.id);
  console.log(`   approved by the owner: ${sentPix.status}, to ${sentPix.target?.entity?.name}`);
  console.log("\nDone.");
} catch (e) {
  console.error(`--- stone sandbox log ---\n${Buffer.concat(sandboxLog).toString()}`);
  throw e;
} finally {
  receiver.close();
  sandbox.kill("SIGINT");
}
