// The API client of the packed package (`stone-openbank/client`), in Node,
// against a `stone sandbox` started for this file: every operation of both
// partnership models, typed errors, lists as async iterables, idempotency,
// webhooks verified, and the browser token mode (from Node; browser.test.mjs
// runs it in Chromium).

import { after, before, test } from "node:test";
import assert from "node:assert/strict";

import {
  ApiError,
  AuthenticationError,
  Client,
  ConflictError,
  InvalidInputError,
  NotFoundError,
  OPERATIONS,
  StoneError,
  WebhookError,
} from "stone-openbank/client";
import { buildBankBoleto, parsePix } from "stone-openbank";
import { DEMO_KEY, OTHER_KEY, OWN, PLATFORM, startSandbox, webhookReceiver } from "./sandbox.mjs";

let sbx;
let own;
let platform;
let account;
let target;
let failed = false;

before(async () => {
  sbx = await startSandbox();
  own = new Client({ userAgent: "stone-openbank node tests", clientId: OWN, privateKey: DEMO_KEY, baseUrl: sbx.baseUrl });
  platform = new Client({ userAgent: "Integração ERP Açaí", clientId: PLATFORM, privateKey: DEMO_KEY, baseUrl: sbx.baseUrl });
  [account] = await own.accounts();
  [target] = await platform.accounts();
});

after(async () => {
  if (failed) console.error(`--- stone sandbox log ---\n${sbx?.log()}`);
  await sbx?.stop();
});

/** A test whose failure also prints the sandbox's log. */
function story(name, fn) {
  test(name, async () => {
    try {
      await fn();
    } catch (e) {
      failed = true;
      throw e;
    }
  });
}

const isoDaysFromNow = (n) => new Date(Date.now() + n * 86400000).toISOString().slice(0, 10);

story("accounts, balance, fees and institutions are typed objects", async () => {
  assert.match(account.id, /\w/);
  assert.equal(typeof account.account_code, "string");
  const again = await own.account(account.id);
  assert.deepEqual(again, account);
  const balance = await own.balance(account.id);
  assert.ok(Number.isInteger(balance.balance) && balance.balance > 0, "centavos as an integer");
  const fees = await own.fees(account.id);
  assert.ok(fees.length > 0);
  const ted = await own.fee(account.id, "external_transfer");
  assert.equal(typeof ted.amount, "number");
  const banks = await own.institutions();
  assert.ok(banks.some((b) => b.code === "260" || b.code === "00000260" || b.name));
  const itau = await own.institution("341");
  assert.ok(itau.name);
  assert.ok(OPERATIONS.includes("create_internal_transfer"));
});

story("internal transfer: dry-run, create with one key (a retry returns the same transfer), get, list, typed errors", async () => {
  const t = { account_id: account.id, amount: 1234, target_account_code: target.account_code, description: "node" };
  const dry = await own.dryRunInternalTransfer(t);
  assert.equal(dry.amount, 1234);
  const before = (await own.balance(account.id)).balance;
  const first = await own.createInternalTransfer(t, "node-key-1");
  const retry = await own.createInternalTransfer(t, "node-key-1");
  assert.equal(retry.id, first.id, "the same key is the same transfer");
  const got = await own.internalTransfer(first.id);
  assert.equal(got.status, "FINISHED");
  assert.equal((await own.balance(account.id)).balance, before - 1234 - got.fee, "money moved once");
  let found = false;
  for await (const item of own.internalTransfers(account.id, { pageSize: 2 })) {
    if (item.id === first.id) found = true;
  }
  assert.ok(found, "the list walks every page");
  await assert.rejects(own.createInternalTransfer({ ...t, amount: 999 }, "node-key-1"), (e) => {
    assert.ok(e instanceof ConflictError && e instanceof ApiError && e instanceof StoneError);
    assert.equal(e.status, 409);
    assert.match(e.type, /^srn:error/);
    assert.ok(e.requestId, "x-request-id kept for support");
    return true;
  });
  await assert.rejects(own.internalTransfer("no-such-transfer"), (e) => e instanceof NotFoundError && e.status === 404);
});

story("bad input is refused before any request, with the field named", async () => {
  const t = { account_id: account.id, amount: -5, target_account_code: target.account_code };
  await assert.rejects(own.createInternalTransfer(t), (e) => e instanceof InvalidInputError && e.field === "amount");
  // A create and its dry-run share one body builder: both refuse a long description.
  const long = { ...t, amount: 10, description: "x".repeat(201) };
  for (const call of [() => own.createInternalTransfer(long), () => own.dryRunInternalTransfer(long)]) {
    await assert.rejects(call(), (e) => e instanceof InvalidInputError && e.field === "description");
  }
  await assert.rejects(own.balance(123), (e) => e instanceof InvalidInputError && e.field === "balance");
  await assert.rejects(own.balance("../accounts"), (e) => e instanceof InvalidInputError && e.field === "account_id");
  await assert.rejects(own.createInternalTransfer({ ...t, amount: 10, amount_cents: 10 }), (e) => e instanceof InvalidInputError && /amount_cents/.test(e.reason));
  await assert.rejects(own.createInternalTransfer({ ...t, amount: 10.5 }), (e) => e instanceof InvalidInputError);
  await assert.rejects(own.createInternalTransfer({ ...t, amount: 10 }, "x".repeat(73)), (e) => e instanceof InvalidInputError && e.field === "idempotency_key");
  assert.throws(() => new Client({ clientId: OWN, privateKey: DEMO_KEY, baseUrl: sbx.baseUrl }), (e) => e instanceof InvalidInputError);
  assert.throws(() => new Client({ userAgent: "x", clientId: OWN, privateKey: "not a key", baseUrl: sbx.baseUrl }), (e) => e instanceof InvalidInputError && e.field === "private_key" && !/not a key/.test(e.message));
  assert.throws(() => new Client({ userAgent: "x", clientId: OWN, privateKey: DEMO_KEY, environment: "staging" }), (e) => e instanceof InvalidInputError && e.field === "environment");
});

story("a wrong key is an AuthenticationError", async () => {
  const wrong = new Client({ userAgent: "x", clientId: OWN, privateKey: OTHER_KEY, baseUrl: sbx.baseUrl, maxAttempts: 1 });
  await assert.rejects(wrong.accounts(), (e) => e instanceof AuthenticationError && e.error.length > 0);
});

story("TED scheduled for the next business day, listed as scheduled, then cancelled", async () => {
  const calendar = await own.schedulingCalendar("external_transfer");
  const day = calendar.next_available_execution_date;
  assert.match(day, /^\d{4}-\d{2}-\d{2}$/);
  const ted = {
    account_id: account.id, amount: 25000, account_code: "12345", branch_code: "1", institution_code: "260",
    account_type: "CC", name: "Fornecedor Exemplo Ltda", document: "11.222.333/0001-81", scheduled_to: day,
  };
  const dry = await own.dryRunExternalTransfer(ted);
  assert.equal(dry.amount, 25000);
  const t = await own.createExternalTransfer(ted);
  assert.equal(t.status, "SCHEDULED");
  const scheduled = [];
  for await (const op of own.pendingOperations(account.id, "SCHEDULED")) scheduled.push(op.id);
  assert.ok(scheduled.includes(t.id));
  await own.cancelExternalTransfer(t.id);
  assert.equal((await own.externalTransfer(t.id)).status, "CANCELLED");
  let seen = false;
  for await (const item of own.externalTransfers(account.id)) seen ||= item.id === t.id;
  assert.ok(seen);
});

story("boleto payment: local check, dry-run with enrichment, payment, receipt PDF", async () => {
  const boleto = buildBankBoleto({ bankCode: "341", dueDate: isoDaysFromNow(5), amountCents: 12345, freeField: "1090000000000000000000123" });
  const payment = { account_id: account.id, barcode: boleto.formattedLine };
  const dry = await own.dryRunPayment(payment);
  assert.equal(dry.details?.value, 12345);
  const paid = await own.createPayment(payment);
  const again = await own.payment(paid.id);
  assert.equal(again.amount, 12345);
  const pdf = await own.receiptPdf("payment", paid.id);
  assert.ok(pdf instanceof Uint8Array);
  assert.equal(new TextDecoder().decode(pdf.slice(0, 5)), "%PDF-");
  let listed = false;
  for await (const p of own.payments(account.id)) listed ||= p.id === paid.id;
  assert.ok(listed);
  await assert.rejects(own.createPayment({ account_id: account.id, barcode: "34191.09008 00012.345674 89012.345677 9 99990000012346" }), (e) => e instanceof InvalidInputError && e.field === "barcode");
});

story("boleto issuance: create, registration, PDF, list, write-off", async () => {
  const issued = await own.createBoleto({
    account_id: account.id, amount: 45000, invoice_type: "bill_of_exchange", expiration_date: isoDaysFromNow(5),
    customer: { document: "529.982.247-25", legal_name: "Maria da Silva" },
    fine: { date: isoDaysFromNow(6), basis_points: 200 }, description: "node",
  });
  assert.equal(issued.amount, 45000);
  const pdf = await own.boletoPdf(issued.id);
  assert.equal(new TextDecoder().decode(pdf.slice(0, 5)), "%PDF-");
  const got = await own.boleto(issued.id);
  assert.equal(got.id, issued.id);
  let listed = false;
  for await (const b of own.boletos(account.id)) listed ||= b.id === issued.id;
  assert.ok(listed);
  await own.cancelBoleto(issued.id);
  assert.match((await own.boleto(issued.id)).status, /CANCEL/);
});

story("contacts and their bank accounts", async () => {
  const c = await own.createContact(account.id, { name: "Fornecedor", tax_id: "11222333000181" });
  assert.equal((await own.contact(account.id, c.id)).name, "Fornecedor");
  const u = await own.updateContact(account.id, c.id, { email: "f@example.com" });
  assert.equal(u.email, "f@example.com");
  const bank = await own.addContactBankAccount(account.id, c.id, { account_code: "12345", branch_code: "1", institution_code: "341", account_type: "CC" });
  const moved = await own.updateContactBankAccount(account.id, c.id, bank.id, { account_code: "12345", branch_code: "2", institution_code: "341", account_type: "CC" });
  assert.equal(moved.branch_code, "2");
  assert.ok((await own.contacts(account.id)).some((x) => x.id === c.id));
  await own.deleteContactBankAccount(account.id, c.id, bank.id);
  await own.deleteContact(account.id, c.id);
  await assert.rejects(own.contact(account.id, c.id), (e) => e instanceof NotFoundError);
});

story("payroll: salaries uploaded, paid, walked", async () => {
  const upload = await sbx.admin("POST", "/admin/payroll/salaries", {
    salaries: [{ name: "Maria", cpf: "52998224725", account_code: target.account_code, amount: 150000 }],
  });
  const payroll = await own.createPayroll(account.id, upload.salaries_id);
  assert.equal((await own.payroll(payroll.id)).id, payroll.id);
  const salaries = [];
  for await (const s of own.payrollSalaries(payroll.id)) salaries.push(s);
  assert.equal(salaries.length, 1);
  let listed = false;
  for await (const p of own.payrolls(account.id)) listed ||= p.id === payroll.id;
  assert.ok(listed);
});

story("OpenBank: consent, a platform's transfer waits for the owner, batch decisions", async () => {
  const user = await sbx.admin("POST", "/admin/accounts", { owner_name: "Padaria Pão Quente", owner_document: "11222333000181", balance: 300000 });
  const link = await platform.consentLink({ redirect_uri: "https://erp.example/stone/retorno", session_metadata: { erp_customer: "1234" } });
  const jwt = decodeURIComponent(new URL(link).searchParams.get("jwt"));
  const decision = await sbx.admin("POST", "/admin/consents", { client_id: PLATFORM, jwt, account_id: user.id, decision: "approve" });
  const back = await platform.parseConsentRedirect(decision.redirect_to);
  assert.equal(back.result, "approved");
  assert.equal(back.resource_id, user.id);
  assert.deepEqual(back.session_metadata, { erp_customer: "1234" });
  const t = { account_id: user.id, amount: 12000, target_account_code: account.account_code };
  const a = await platform.createInternalTransfer(t);
  const b = await platform.createInternalTransfer(t);
  const c = await platform.createInternalTransfer(t);
  assert.equal(a.status, "CREATED");
  await sbx.admin("POST", `/admin/internal_transfers/${a.id}/approve`);
  assert.equal((await platform.internalTransfer(a.id)).status, "FINISHED");
  const pending = [];
  for await (const op of platform.pendingOperations(user.id, "PENDING_APPROVAL")) pending.push(op.id);
  assert.deepEqual(pending.sort(), [b.id, c.id].sort());
  await assert.rejects(
    platform.approveOperations(user.id, { scope: "only", operations: [{ type: "internal_transfer", id: b.id }] }),
    (e) => e instanceof ApiError && e.status === 403,
  );
  const n = await platform.cancelOperations(user.id, { scope: "all_except", operations: [{ type: "internal_transfer", id: b.id }] });
  assert.equal(n, 1);
  assert.equal((await platform.internalTransfer(c.id)).status, "CANCELLED");
});

story("Pix: keys, a dynamic charge paid from another bank, a static charge, the lookup, cancel, typed errors", async () => {
  const txid = (s) => `pedido${s}abcdefghijklmnopqrstuvw`.slice(0, 30);
  const req = await platform.createPixKey(target.id, { key_type: "random_key", key: "" });
  assert.match(req.id, /\w/);
  const key = (await platform.pixKeys(target.id)).find((k) => k.key_type === "random_key");
  assert.equal((await platform.pixKey(target.id, key.id)).events.length, 1);
  const charge = await platform.createPixCharge({ account_id: target.id, key: key.key, transaction_id: txid("n1"), amount: 2500, additional_data: [] }, "pix-n1");
  assert.equal((await platform.createPixCharge({ account_id: target.id, key: key.key, transaction_id: txid("n1"), amount: 2500, additional_data: [] }, "pix-n1")).id, charge.id);
  const looked = await platform.lookupBrcode(charge.qr_code_content);
  assert.equal(looked.type, "dynamic");
  assert.equal(looked.dynamic.amount, 2500);
  const paid = await sbx.admin("POST", "/admin/pix/inbound", { brcode: charge.qr_code_content });
  const inbound = await platform.inboundPix(paid.id);
  assert.equal(inbound.amount, 2500);
  assert.equal(inbound.pix_payment_invoice.id, charge.id);
  assert.equal((await platform.pixCharge(charge.id)).status, "PAID");
  await assert.rejects(platform.cancelPixCharge(target.id, charge.id), (e) => e instanceof ApiError && e.status === 422 && e.type === "srn:error:already_paid");
  const other = await platform.createPixCharge({ account_id: target.id, key: key.key, transaction_id: txid("n2"), additional_data: [] });
  await platform.cancelPixCharge(target.id, other.id);
  assert.equal((await platform.pixCharge(other.id)).status, "CANCELLED");
  const st = await platform.createStaticPixCharge({ account_id: target.id, key: key.key, transaction_id: txid("s1"), amount: 990 });
  assert.equal((await platform.staticPixCharge(st.id)).qr_code_content, st.qr_code_content);
  assert.equal((await platform.lookupBrcode(st.qr_code_content)).static.amount, 990);
  const renamed = await platform.updateStaticPixCharge(st.id, "Loja do centro", "node-rename-1");
  assert.notEqual(renamed.qr_code_content, st.qr_code_content);
  assert.equal(parsePix(renamed.qr_code_content).description, "Loja do centro");
  await assert.rejects(platform.updateStaticPixCharge(st.id, "Outra", "node-rename-1"), (e) => e instanceof ConflictError && e.status === 409);
  await assert.rejects(platform.lookupBrcode("000201 not a code"), (e) => e instanceof InvalidInputError && e.field === "brcode");
  await assert.rejects(platform.createPixKey(target.id, { key_type: "cpf", key: "123" }), (e) => e instanceof InvalidInputError && e.field === "key");
  await assert.rejects(platform.createPixCharge({ account_id: target.id, key: key.key, transaction_id: "short", additional_data: [] }), InvalidInputError);
  await platform.deletePixKey(target.id, key.id);
  assert.ok((await platform.pixKeys(target.id)).every((k) => k.id !== key.id));
});

story("Pix out: to a key, a charge paid by its key and txid, a platform's Pix approved by the owner", async () => {
  const before = (await own.balance(account.id)).balance;
  const created = await own.createPixPayment({ account_id: account.id, key: "+55 21 98804-0465", description: "node" }, "node-pix-1");
  assert.equal(created.status, "CREATED");
  assert.equal(created.key, "+5521988040465");
  assert.equal(created.target.account ?? null, null, "no account before it settles");
  await own.confirmPixPayment(created.id, { amount: 1250, add_target_to_contacts: false }, "node-pix-c1");
  await own.confirmPixPayment(created.id, { amount: 1250, add_target_to_contacts: false }, "node-pix-c1");
  const sent = await own.pixPayment(created.id);
  assert.equal(sent.status, "SETTLED");
  assert.equal((await own.balance(account.id)).balance, before - 1250, "sent once");
  // A charge of the target account, paid by its key and txid.
  await platform.createPixKey(target.id, { key_type: "random_key", key: "" });
  const key = (await platform.pixKeys(target.id)).find((k) => k.key_type === "random_key" && k.key_status === "active");
  const txid = "nodeout42abcdefghijklmnopqrst";
  const charge = await platform.createPixCharge({ account_id: target.id, key: key.key, transaction_id: txid, amount: 777, additional_data: [] }, "node-out-charge");
  await assert.rejects(
    own.createPixPayment({ account_id: account.id, key: key.key, transaction_id: txid, amount: 700 }),
    (e) => e instanceof ApiError && e.status === 422 && e.type === "srn:error:invoice_amount_differs",
  );
  const paying = await own.createPixPayment({ account_id: account.id, key: key.key, transaction_id: txid });
  await own.confirmPixPayment(paying.id, { add_target_to_contacts: false });
  assert.equal((await own.pixPayment(paying.id)).amount, 777);
  const paidCharge = await platform.pixCharge(charge.id);
  assert.equal(paidCharge.status, "PAID");
  // The payee refunds part of it: a platform's refund waits for the owner.
  const refund = await platform.refundInboundPix({ inbound_pix_payment_id: paidCharge.inbound_pix_payments[0], amount: 77, reason: "beneficiary_request" }, "node-refund-1");
  assert.equal(refund.status, "PENDING");
  const beforeRefund = (await own.balance(account.id)).balance;
  await sbx.admin("POST", `/admin/refunds_for_inbound_pix_payments/${refund.id}/approve`);
  assert.equal((await own.balance(account.id)).balance, beforeRefund + 77, "the money is back with the payer");
  assert.equal((await own.pixPayment(paying.id)).refunded_amount, 77);
  await assert.rejects(platform.refundInboundPix({ inbound_pix_payment_id: paidCharge.inbound_pix_payments[0], amount: 1, reason: "troco" }), (e) => e instanceof InvalidInputError && e.field === "reason");
  // A platform's Pix waits CONFIRMED; the owner approves it as pix_payment.
  const waiting = await platform.createPixPayment({ account_id: target.id, key: "gabriela.abreu@example.com", amount: 300 });
  await platform.confirmPixPayment(waiting.id, { add_target_to_contacts: false });
  assert.equal((await platform.pixPayment(waiting.id)).status, "CONFIRMED");
  const pending = [];
  for await (const op of platform.pendingOperations(target.id, "PENDING_APPROVAL")) pending.push(op);
  assert.ok(pending.some((op) => op.id === waiting.id && op.type === "pix_payment"));
  await sbx.admin("POST", `/admin/accounts/${target.id}/operations/actions/approve`, { action: "approve_only", operations: [{ id: waiting.id, type: "pix_payment" }] });
  assert.equal((await platform.pixPayment(waiting.id)).status, "SETTLED");
  await assert.rejects(own.createPixPayment({ account_id: account.id, key: "not a key", amount: 1 }), (e) => e instanceof InvalidInputError && e.field === "key");
  // The unified list of the own account's Pix, as an async iterable.
  const activity = [];
  for await (const a of own.pixActivity(account.id)) activity.push(a);
  assert.ok(activity.some((a) => a.type === "outbound_pix_payment" && a.id === created.id));
  await assert.rejects(own.schedulingCalendar("pix_payment"), (e) => e instanceof InvalidInputError && e.field === "operation_type");
});

story("Pix due dates: terms checked locally, Stone's amounts for a date, cancel", async () => {
  await own.createPixKey(account.id, { key_type: "random_key", key: "" });
  const key = (await own.pixKeys(account.id)).find((k) => k.key_status === "active").key;
  const iso = (days) => new Date(Date.now() + days * 86400000).toISOString().slice(0, 10);
  const terms = {
    account_id: account.id, key, transaction_id: "nodedue42abcdefghijklmnopqrs", amount: 25000, expiration_date: iso(5),
    customer: { name: "Cliente", document: "12345678909" }, payment_limit_period_days: 10, only_business_days: false,
    fine: { type: "proportional", proportional_value: { coefficient: 2, exponent: -2 } },
    interest: { type: "fixed", period: "day", fixed_value: 15 }, additional_data: [],
  };
  const charge = await own.createDuePixCharge(terms);
  assert.equal(charge.status, "ACTIVE");
  assert.deepEqual(await own.duePixAmounts(charge.id, iso(8)), { original: 25000, reduction: 0, discount: 0, fine: 500, interest: 45, final_amount: 25545 });
  await own.cancelDuePixCharge(account.id, charge.id);
  await assert.rejects(
    own.createDuePixCharge({ ...terms, transaction_id: "nodedue43abcdefghijklmnopqrs", fine: { type: "proportional", fixed_value: 100 } }),
    (e) => e instanceof InvalidInputError && e.field === "fine",
  );
});

story("Pix key claims: a key held at another bank fails to register, is claimed, confirmed, completed", async () => {
  const bakery = await sbx.admin("POST", "/admin/accounts", { owner_name: "Padaria", owner_document: "11444777000161", balance: 0, operators: [OWN] });
  const req = await own.createPixKey(bakery.id, { key_type: "cnpj", key: "11444777000161" });
  assert.equal((await own.pixKey(bakery.id, req.id)).key_status, "failed");
  const claim = await own.createPixClaim(bakery.id, req.id);
  assert.equal(claim.claim_type, "portability");
  await assert.rejects(own.completePixClaim(bakery.id, claim.id), (e) => e instanceof ApiError && e.type === "srn:error:wrong_status");
  await sbx.admin("POST", `/admin/pix/entry_claims/${claim.id}/confirm`);
  await own.completePixClaim(bakery.id, claim.id);
  assert.equal((await own.pixClaim(bakery.id, claim.id)).status, "completed");
  assert.equal((await own.pixClaims(bakery.id)).length, 1);
  const moved = (await own.pixKeys(bakery.id))[0];
  assert.equal(moved.key, "11444777000161");
  await own.updatePixKey(bakery.id, moved.id, { reason: "user_requested", name: "Padaria Nova" });
  assert.equal((await own.pixKey(bakery.id, moved.id)).beneficiary_entity.name, "Padaria Nova");
  const phone = await own.createPixKey(account.id, { key_type: "phone", key: "+5521988040465" });
  const other = await own.createPixClaim(account.id, phone.id);
  await own.cancelPixClaim(account.id, other.id);
  assert.equal((await own.pixClaim(account.id, other.id)).status, "cancelled");
  // The donor side: another bank claims two keys of ours; one kept, one given.
  for (const [key, give] of [["+5511911110001", true], ["+5511911110011", false]]) {
    await own.createPixKey(account.id, { key_type: "phone", key });
    const theirs = await sbx.admin("POST", "/admin/pix/entry_claims", { key });
    if (give) await own.approvePixClaim(account.id, theirs.id);
    else await own.rejectPixClaim(account.id, theirs.id);
    assert.equal((await own.pixKeys(account.id)).some((k) => k.key === key), !give);
  }
});

story("the BCB's standard Pix API: a cob paid, its Pix by end-to-end id, a devolução once per id, in centavos", async () => {
  await own.createPixKey(account.id, { key_type: "random_key", key: "" });
  const chave = (await own.pixKeys(account.id)).find((k) => k.key_status === "active").key;
  const txid = "nodecob42abcdefghijklmnopqrst";
  const cob = await own.createCob(account.id, txid, { chave, original: 3700, devedor_nome: "Empresa SA", devedor_documento: "11444777000161" });
  assert.equal(cob.valor.original, 3700);
  const paid = await sbx.admin("POST", "/admin/pix/inbound", { brcode: cob.qr_code_copia_cola });
  assert.equal((await own.cob(account.id, txid)).status, "CONCLUIDA");
  assert.equal((await own.receivedPix(account.id, paid.end_to_end_id)).valor, 3700);
  const dev = await own.createDevolucao(account.id, paid.end_to_end_id, "nodedev1", 700);
  assert.equal(dev.status, "DEVOLVIDO");
  assert.equal((await own.createDevolucao(account.id, paid.end_to_end_id, "nodedev1", 700)).rtr_id, dev.rtr_id);
  assert.equal((await own.devolucao(account.id, paid.end_to_end_id, "nodedev1")).valor, 700);
  // Infraction reports (MED): the payer's bank reports the Pix; the account closes the report once.
  const report = await sbx.admin("POST", "/admin/pix/infraction_reports", { end_to_end_id: paid.end_to_end_id, type: "fraud" });
  const reports = await own.pixInfractionReports(account.id, { end_to_end_id: paid.end_to_end_id });
  assert.deepEqual(reports.map((r) => [r.id, r.status, r.type]), [[report.id, "pending", "fraud"]]);
  await own.closePixInfractionReport(account.id, report.id, "accepted", "Confirmada");
  await assert.rejects(own.closePixInfractionReport(account.id, report.id, "rejected"), (e) => e instanceof ApiError && e.status === 422);
  await assert.rejects(own.closePixInfractionReport(account.id, report.id, "maybe"), (e) => e instanceof InvalidInputError && e.field === "analysis_result");
  assert.equal((await own.pixInfractionReports(account.id, { end_to_end_id: paid.end_to_end_id }))[0].analysis_result, "accepted");
  const other = await own.createCob(account.id, null, { chave, original: 100 });
  assert.equal((await own.removeCob(account.id, other.txid)).status, "REMOVIDA_PELO_USUARIO_RECEBEDOR");
  await assert.rejects(own.cob(account.id, "naoexiste42abcdefghijklmnopqr"), (e) => e instanceof ApiError && e.status === 404);
  // The BCB's lists walk numbered pages as Stone's lists walk cursors.
  const period = { inicio: "2000-01-01T00:00:00Z", fim: "2100-01-01T00:00:00Z" };
  const walk = async (pages) => { const all = []; for await (const item of pages) all.push(item); return all; };
  const everyCob = (await walk(own.cobs(account.id, period, { pageSize: 1 }))).map((c) => c.txid);
  assert.ok(everyCob.includes(txid) && everyCob.includes(other.txid));
  const concluded = (await walk(own.cobs(account.id, { ...period, status: "CONCLUIDA" }))).map((c) => c.txid);
  assert.ok(concluded.includes(txid) && !concluded.includes(other.txid));
  assert.deepEqual((await walk(own.receivedPixList(account.id, { ...period, txid }))).map((p) => p.end_to_end_id), [paid.end_to_end_id]);
  const third = await own.createCob(account.id, null, { chave, original: 200 });
  assert.equal((await own.reviseCob(account.id, third.txid, { solicitacao_pagador: "Pedido 7", remove: false })).solicitacao_pagador, "Pedido 7");
  await assert.rejects(own.reviseCob(account.id, third.txid, {}), (e) => e instanceof InvalidInputError && e.field === "revision");
  // cobv at a location made first; a batch; terms in hundredths.
  const loc = await own.createPixLocation(account.id, "cobv");
  const due = new Date(Date.now() + 10 * 86400000).toISOString().slice(0, 10);
  const cobv = { chave, valor: { original: 12345, multa: { modalidade: 2, valor_perc: 1500 }, juros: null, abatimento: null, desconto: null },
    data_de_vencimento: due, validade_apos_vencimento: 30, devedor_nome: "Francisco", devedor_documento: "12345678909", loc_id: loc.id };
  const made = await own.createCobv(account.id, "nodecobv42abcdefghijklmnopqrs", cobv);
  assert.deepEqual(made.valor.multa, { modalidade: 2, valor_perc: 1500 });
  assert.equal((await own.pixLocation(account.id, loc.id)).txid, "nodecobv42abcdefghijklmnopqrs");
  assert.equal((await own.cobv(account.id, made.txid)).status, "ATIVA");
  await own.createCobvLot(account.id, "nodelote1", "Alunos", [{ txid: "nodelote42abcdefghijklmnopqrs", cobv: { ...cobv, loc_id: null } }]);
  assert.equal((await own.cobvLot(account.id, "nodelote1")).cobsv[0].status, "CRIADA");
  assert.ok((await walk(own.cobvLots(account.id, period))).some((l) => l.descricao === "Alunos"));
  assert.ok((await walk(own.cobvs(account.id, { ...period, status: "ATIVA" }))).some((c) => c.txid === made.txid));
  assert.ok((await walk(own.pixLocations(account.id, period))).some((l) => l.id === loc.id));
  await assert.rejects(walk(own.pixLocations(account.id, { ...period, status: "ATIVA" })), (e) => e instanceof InvalidInputError && e.field === "status");
  await own.reviseCobvLot(account.id, "nodelote1", [{ txid: "nodelote42abcdefghijklmnopqrs", revision: { solicitacao_pagador: "Mensalidade", remove: false } }]);
  assert.equal((await own.cobv(account.id, "nodelote42abcdefghijklmnopqrs")).solicitacao_pagador, "Mensalidade");
  assert.equal((await own.reviseCobv(account.id, made.txid, { solicitacao_pagador: "Dezembro", remove: false })).revisao, made.revisao + 1);
  assert.equal((await own.removeCobv(account.id, "nodelote42abcdefghijklmnopqrs")).status, "REMOVIDA_PELO_USUARIO_RECEBEDOR");
  assert.equal((await own.unlinkPixLocation(account.id, loc.id)).txid, null);
});

story("webhooks: every delivery verified into a typed event; a tampered one refused", async () => {
  const receiver = await webhookReceiver();
  try {
    await sbx.admin("PUT", `/admin/applications/${OWN}/webhook`, { url: receiver.url });
    const t = await own.createInternalTransfer({ account_id: account.id, amount: 100, target_account_code: target.account_code });
    const received = await receiver.waitFor(1);
    assert.ok(received.length >= 1, "a webhook arrived");
    const events = [];
    for (const { body, headers } of received) events.push(await own.verifyWebhook(body, headers));
    const mine = events.find((e) => e.target_id === t.id);
    assert.ok(mine, "an event about the transfer");
    assert.match(mine.event_type, /internal_transfer/);
    assert.equal(mine.event_id, received[events.indexOf(mine)].headers["x-stone-webhook-event-id"]);
    if (mine.target.kind === "internal_transfer") assert.equal(mine.target.data.id, t.id);
    else assert.fail(`target kind ${mine.target.kind}`);
    const body = received[0].body;
    const i = body.length - 12;
    const forged = body.slice(0, i) + (body[i] === "A" ? "B" : "A") + body.slice(i + 1);
    await assert.rejects(own.verifyWebhook(forged), (e) => e instanceof WebhookError && typeof e.reason === "string" && e.reason.length > 0);
    await assert.rejects(own.verifyWebhook("{}"), (e) => e instanceof WebhookError && e.reason === "malformed");
  } finally {
    await receiver.close();
  }
});

story("token mode (a browser's client): the backend hands a token; no key, no webhooks", async () => {
  const token = await own.accessToken();
  const browser = Client.withAccessToken({ userAgent: "front end", accessToken: token, baseUrl: sbx.baseUrl });
  assert.equal((await browser.balance(account.id)).balance, (await own.balance(account.id)).balance);
  await assert.rejects(browser.verifyWebhook("{}"), (e) => e instanceof InvalidInputError && e.field === "credentials");
  await assert.rejects(browser.consentLink({ redirect_uri: "https://x", session_metadata: { a: "b" } }), (e) => e instanceof InvalidInputError);
  const expired = Client.withAccessToken({ userAgent: "front end", accessToken: "not-a-token", baseUrl: sbx.baseUrl });
  await assert.rejects(expired.balance(account.id), (e) => e instanceof AuthenticationError && e.status === 401);
});

story("the statement is an async iterable over every page, newest first", async () => {
  // Its own entries: what earlier stories left depends on the clock (a
  // boleto paid after 23:50 in Brasília waits for the next business day).
  for (const amount of [11, 12, 13, 14]) await own.createInternalTransfer({ account_id: account.id, amount, target_account_code: target.account_code });
  const all = [];
  for await (const entry of own.statement(account.id, { pageSize: 2 })) all.push(entry);
  assert.ok(all.length >= 4, `entries: ${all.length}`);
  assert.equal(new Set(all.map((e) => e.id)).size, all.length, "no entry twice");
  for (const e of all) assert.ok(Number.isInteger(e.amount));
  assert.equal((await own.statementEntry(all[0].id)).id, all[0].id);
  // Breaking out early stops fetching.
  let n = 0;
  for await (const _ of own.statement(account.id, { pageSize: 1 })) if (++n === 3) break;
  assert.equal(n, 3);
  const ledger = await sbx.admin("GET", "/admin/ledger");
  assert.equal(ledger.conserved, true);
});
