// The owner's app (`stone sandbox`'s /app) in Chromium: a platform's
// transfer waits for Maria's approval; she opens her account page, clicks
// "Aprovar" on it, and the platform sees it finish through the client.

import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { fileURLToPath } from "node:url";
import path from "node:path";

import { Client } from "stone-openbank/client";
import { launchChromium, loadPlaywright } from "./browser-helpers.mjs";
import { DEMO_KEY, OWN, PLATFORM, startSandbox } from "./sandbox.mjs";

const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.resolve(here, "..", "..");
const toolsDir = process.env.STONE_NPM_TOOLS || path.join(repo, "bindings-wasm", "tools");
const chromiumPath = process.env.CHROMIUM || "/usr/bin/chromium";

test("the owner approves a platform's pending transfer in the app", { timeout: 180_000 }, async () => {
  assert.ok(existsSync(chromiumPath), `Chromium not found at ${chromiumPath}`);
  const sbx = await startSandbox();
  const platform = new Client({ userAgent: "ERP de teste", clientId: PLATFORM, privateKey: DEMO_KEY, baseUrl: sbx.baseUrl });
  const own = new Client({ userAgent: "ERP de teste", clientId: OWN, privateKey: DEMO_KEY, baseUrl: sbx.baseUrl });
  const [maria] = await platform.accounts();
  const [company] = await own.accounts();
  const pending = await platform.createInternalTransfer(
    { account_id: maria.id, amount: 4321, target_account_code: company.account_code, description: "aluguel" },
    "owner-app-1",
  );
  assert.equal(pending.status, "CREATED");

  const profile = mkdtempSync(path.join(tmpdir(), "stone-openbank-chromium-"));
  const { chromium } = loadPlaywright(toolsDir);
  const problems = [];
  let context;
  let ok = false;
  try {
    context = await launchChromium(chromium, profile, chromiumPath);
    const page = context.pages()[0] ?? (await context.newPage());
    page.on("pageerror", (e) => problems.push(`pageerror: ${e.message}`));
    await page.goto(`${sbx.baseUrl}/app`, { waitUntil: "load" });
    // From the index to Maria's account, as a person would.
    await page.click(`a[href="/app/accounts/${maria.id}"]`);
    await page.waitForSelector(`tr[data-operation="${pending.id}"]`);
    assert.match(await page.textContent(`tr[data-operation="${pending.id}"]`), /R\$ 43,21/);
    await Promise.all([
      page.waitForNavigation({ waitUntil: "load" }),
      page.click(`tr[data-operation="${pending.id}"] button[value="approve:${pending.id}"]`),
    ]);
    assert.match(await page.textContent("[role=status]"), /1 operação\(ões\) aprovada\(s\)/);
    assert.equal(await page.$(`tr[data-operation="${pending.id}"]`), null);
    assert.deepEqual(problems, []);
    // The platform sees it run.
    const done = await platform.internalTransfer(pending.id);
    assert.equal(done.status, "FINISHED");
    assert.ok(done.approved_at);
    ok = true;
  } finally {
    await context?.close();
    rmSync(profile, { recursive: true, force: true });
    if (!ok) console.error(`--- stone sandbox log ---\n${sbx.log()}`);
    await sbx.stop();
  }
});
