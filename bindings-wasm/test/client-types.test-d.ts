// A TypeScript consumer of `stone-openbank/client`, type-checked (never
// run) in strict mode with exactOptionalPropertyTypes: models and methods
// are precisely typed, errors narrow by class, wrong usages are rejected.

import {
  ApiError,
  Client,
  ConflictError,
  InvalidInputError,
  NotFoundError,
  StoneError,
  WebhookError,
  type InternalTransfer,
  type NewInternalTransfer,
  type StatementEntry,
  type TransferStatus,
  type WebhookEvent,
} from "stone-openbank/client";

export async function consumer(pem: string): Promise<number> {
  const client = new Client({ userAgent: "ERP", clientId: "id", privateKey: pem, environment: "sandbox" });
  const browser = Client.withAccessToken({ userAgent: "web", accessToken: "token", baseUrl: "http://127.0.0.1:8080" });
  const [account] = await client.accounts();
  if (!account) return 0;
  const balance: number = (await browser.balance(account.id)).balance;
  const transfer: NewInternalTransfer = { account_id: account.id, amount: 100, target_account_code: "123" };
  const created: InternalTransfer = await client.createInternalTransfer(transfer, "my-key");
  const status: TransferStatus = created.status;
  if (status === "FINISHED") {
    const when: string | null = created.finished_at;
    void when;
  }
  let total = 0;
  for await (const entry of client.statement(account.id, { pageSize: 50 })) {
    const e: StatementEntry = entry;
    total += e.amount;
  }
  const pdf: Uint8Array = await client.receiptPdf("internal_transfer", created.id);
  const nothing: void = await client.cancelInternalTransfer(created.id);
  void nothing;
  const n: number = await client.approveOperations(account.id, {
    scope: "only",
    operations: [{ type: "internal_transfer", id: created.id }],
  });
  const event: WebhookEvent = await client.verifyWebhook("{}", { "x-stone-webhook-event-id": "e1" });
  if (event.target.kind === "internal_transfer") {
    const t: InternalTransfer = event.target.data;
    void t;
  }
  try {
    await client.internalTransfer("x");
  } catch (e) {
    if (e instanceof NotFoundError || e instanceof ConflictError) {
      const s: number = e.status;
      const id: string | null = e.requestId;
      void s, id;
    } else if (e instanceof ApiError) {
      const reasons: { error: string; path: string[] }[] = e.reason;
      void reasons;
    } else if (e instanceof InvalidInputError) {
      const f: string = e.field;
      void f;
    } else if (e instanceof WebhookError) {
      const r: string = e.reason;
      void r;
    } else if (e instanceof StoneError) {
      const c: string = e.code;
      void c;
    }
  }

  // @ts-expect-error amounts are integer centavos, not strings
  await client.createInternalTransfer({ account_id: "a", amount: "1.00", target_account_code: "1" });
  // @ts-expect-error a required field is missing
  await client.createInternalTransfer({ account_id: "a", amount: 1 });
  // @ts-expect-error batch scopes are a closed set
  await client.cancelOperations("a", { scope: "everything", operations: [] });
  // @ts-expect-error the key is the application's, not optional in key mode
  new Client({ userAgent: "ERP", clientId: "id" });
  return balance + total + pdf.length + n;
}
