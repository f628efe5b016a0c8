// The client's browser token mode in Chromium: a backend (here, Node) holds
// the key and hands an access token to the page; the page, served from
// another origin, loads `stone-openbank/client` as installed and calls a
// `stone sandbox --cors` with it: typed results, an async-iterable list and
// a typed error, with no console errors.

import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { fileURLToPath } from "node:url";
import path from "node:path";

import { Client } from "stone-openbank/client";
import { launchChromium, loadPlaywright, startServer } from "./browser-helpers.mjs";
import { DEMO_KEY, OWN, PLATFORM, startSandbox } from "./sandbox.mjs";

const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.resolve(here, "..", "..");
const pkgRoot = path.join(here, "node_modules", "stone-openbank");
const toolsDir = process.env.STONE_NPM_TOOLS || path.join(repo, "bindings-wasm", "tools");
const chromiumPath = process.env.CHROMIUM || "/usr/bin/chromium";

test("the client in Chromium with a token handed by the backend", { timeout: 180_000 }, async () => {
  assert.ok(existsSync(chromiumPath), `Chromium not found at ${chromiumPath}`);
  const sbx = await startSandbox(["--cors"]);
  const backend = new Client({ userAgent: "backend", clientId: OWN, privateKey: DEMO_KEY, baseUrl: sbx.baseUrl });
  const token = await backend.accessToken();
  const [account] = await backend.accounts();
  // Some statement entries to walk.
  const platform = new Client({ userAgent: "backend", clientId: PLATFORM, privateKey: DEMO_KEY, baseUrl: sbx.baseUrl });
  const [other] = await platform.accounts();
  for (const amount of [101, 102, 103]) {
    await backend.createInternalTransfer({ account_id: account.id, amount, target_account_code: other.account_code });
  }
  const expected = (await backend.balance(account.id)).balance;

  const pageDir = mkdtempSync(path.join(tmpdir(), "stone-openbank-page-"));
  writeFileSync(path.join(pageDir, "index.html"), "<!doctype html><meta charset=utf-8><title>client</title><body>client test</body>");
  const server = await startServer([
    ["/node_modules/stone-openbank/", pkgRoot],
    ["/", pageDir],
  ]);
  const profile = mkdtempSync(path.join(tmpdir(), "stone-openbank-chromium-"));
  const { chromium } = loadPlaywright(toolsDir);
  const problems = [];
  let context;
  let ok = false;
  try {
    context = await launchChromium(chromium, profile, chromiumPath);
    const page = context.pages()[0] ?? (await context.newPage());
    page.on("console", (msg) => {
      if (msg.type() === "error") problems.push(`console.error: ${msg.text()}`);
    });
    page.on("pageerror", (e) => problems.push(`pageerror: ${e.message}`));
    await page.goto(server.url, { waitUntil: "load" });
    const result = await page.evaluate(
      async ({ token, baseUrl, accountId }) => {
        const sdk = await import("/node_modules/stone-openbank/client.js");
        await sdk.init();
        const client = sdk.Client.withAccessToken({ userAgent: "Painel Açaí", accessToken: token, baseUrl });
        const balance = await client.balance(accountId);
        const entries = [];
        for await (const entry of client.statement(accountId, { pageSize: 1 })) {
          entries.push(entry.id);
          if (entries.length === 3) break;
        }
        let notFound = null;
        try {
          await client.internalTransfer("no-such-transfer");
        } catch (e) {
          notFound = { isNotFound: e instanceof sdk.NotFoundError, isStone: e instanceof sdk.StoneError, status: e.status, requestId: e.requestId };
        }
        let invalid = null;
        try {
          await client.balance("../x");
        } catch (e) {
          invalid = { isInvalid: e instanceof sdk.InvalidInputError, field: e.field };
        }
        return { balance: balance.balance, entries, notFound, invalid };
      },
      { token, baseUrl: sbx.baseUrl, accountId: account.id },
    );
    assert.equal(result.balance, expected);
    assert.equal(result.entries.length, 3, "three pages of one entry");
    assert.equal(new Set(result.entries).size, 3);
    assert.deepEqual(
      { ...result.notFound, requestId: typeof result.notFound?.requestId },
      { isNotFound: true, isStone: true, status: 404, requestId: "string" },
      "x-request-id readable through CORS",
    );
    assert.deepEqual(result.invalid, { isInvalid: true, field: "account_id" });
    // The sandbox's 404 is expected; nothing else may have gone wrong.
    assert.deepEqual(problems.filter((p) => !/404/.test(p)), []);
    ok = true;
  } finally {
    await context?.close();
    await server.close();
    await sbx.stop();
    if (!ok) console.error(`--- stone sandbox log ---\n${sbx.log()}`);
    rmSync(profile, { recursive: true, force: true });
    rmSync(pageDir, { recursive: true, force: true });
  }
});
