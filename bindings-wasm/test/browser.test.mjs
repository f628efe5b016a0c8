// The browser example (examples/web/) in Chromium, with the package as
// installed from its tarball: a tiny static server on 127.0.0.1 serves the
// page and node_modules/stone-openbank/, Playwright drives Debian's Chromium.
//
// CHROMIUM: the browser executable (default /usr/bin/chromium).
// STONE_NPM_TOOLS: the directory whose node_modules has playwright-core
// (default bindings-wasm/tools).

import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { fileURLToPath } from "node:url";
import path from "node:path";

import { parseBarcode, InvalidBarcodeError } from "stone-openbank";
import { launchChromium, loadPlaywright, startServer } from "./browser-helpers.mjs";

const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.resolve(here, "..", "..");
const webRoot = path.join(repo, "examples", "web");
const pkgRoot = path.join(here, "node_modules", "stone-openbank");
const toolsDir = process.env.STONE_NPM_TOOLS || path.join(repo, "bindings-wasm", "tools");
const chromiumPath = process.env.CHROMIUM || "/usr/bin/chromium";
const screenshotDir = path.join(repo, "target", "screenshots");

const BANK_LINE = "34191.09008 00012.345674 89012.345677 9 99990000012345";
const BANK_BARCODE = "34199999900000123451090000012345678901234567";
const ALTERED_AMOUNT = "34191.09008 00012.345674 89012.345677 9 99990000012346";
const WITH_LETTER = "34191.09008 00012.3456X4 89012.345677 9 99990000012345";
const ENERGY_LINE = "83690000001-6 62320011123-4 45678901234-5 56789012345-6";
const ENERGY_BARCODE = "83690000001623200111234567890123456789012345";
const PIX_MANUAL =
  "00020126580014br.gov.bcb.pix0136123e4567-e12b-12d1-a456-4266554400005204000053039865802BR5913Fulano de Tal6008BRASILIA62070503***63041D3D";
const VT7_LINE = "85720000000-1 00010123000-1 00000000000-0 00000000001-8";

test("format.js helpers (no floats, no time zones)", async () => {
  const f = await import(path.join(webRoot, "format.js"));
  assert.equal(f.formatCents(0), "R$ 0,00");
  assert.equal(f.formatCents(5), "R$ 0,05");
  assert.equal(f.formatCents(99), "R$ 0,99");
  assert.equal(f.formatCents(100), "R$ 1,00");
  assert.equal(f.formatCents(12345), "R$ 123,45");
  assert.equal(f.formatCents(123456), "R$ 1.234,56");
  assert.equal(f.formatCents(9999999999), "R$ 99.999.999,99");
  assert.equal(f.formatCents(Number.MAX_SAFE_INTEGER), "R$ 90.071.992.547.409,91");
  for (const bad of [1.5, -1, NaN, "100", null]) assert.throws(() => f.formatCents(bad), RangeError);
  assert.equal(f.formatInteger(1012300), "1.012.300");
  assert.equal(f.formatIsoDate("2025-02-21"), "21/02/2025");
  assert.equal(f.daysBetween("2025-02-21", "2025-03-01"), 8);
  assert.equal(f.daysBetween("2026-11-26", "2025-02-22"), -642);
  assert.equal(f.todayInBrasilia(new Date("2026-11-27T02:59:00Z")), "2026-11-26");
  assert.equal(f.todayInBrasilia(new Date("2026-11-27T03:00:00Z")), "2026-11-27");
  assert.equal(f.checkDigitLabel("general"), "dígito verificador geral");
  assert.equal(f.checkDigitLabel("block3"), "dígito verificador do bloco 3");
  const { bars, width } = f.itfBars("00");
  // start (4) + a pair (2 wide of 5 each, wide = 3) + stop (3 + 1 + 1)
  assert.equal(width, 4 + (2 * 3 + 3 * 1) * 2 + 5);
  assert.equal(bars.length, 2 + 5 + 2);
});

test("the web example in Chromium", { timeout: 180_000 }, async (t) => {
  assert.ok(existsSync(chromiumPath), `Chromium not found at ${chromiumPath}`);
  assert.ok(existsSync(path.join(pkgRoot, "index.js")), `the package is not installed at ${pkgRoot} (npm install first)`);
  const { chromium } = loadPlaywright(toolsDir);

  const server = await startServer([
    ["/node_modules/stone-openbank/", pkgRoot],
    ["/", webRoot],
  ]);
  const profile = mkdtempSync(path.join(tmpdir(), "stone-openbank-chromium-"));
  let context;
  const problems = [];
  try {
    context = await launchChromium(chromium, profile, chromiumPath);
    context.setDefaultTimeout(15_000);
    const page = context.pages()[0] ?? (await context.newPage());
    page.on("console", (msg) => {
      if (msg.type() === "error" || msg.type() === "warning") problems.push(`console.${msg.type()}: ${msg.text()}`);
    });
    page.on("pageerror", (e) => problems.push(`pageerror: ${e.message}`));
    page.on("requestfailed", (r) => problems.push(`request failed: ${r.url()} ${r.failure()?.errorText}`));
    // Nothing may leave 127.0.0.1 (no CDN, no fonts).
    await context.route((url) => url.hostname !== "127.0.0.1", (route) => {
      problems.push(`external request: ${route.request().url()}`);
      return route.abort();
    });

    await page.goto(server.url, { waitUntil: "load" });
    await page.waitForSelector("body[data-ready='true']");
    await assertInputsEnabled(page);

    const byId = (id) => page.getByTestId(id);
    const text = async (id) => (await byId(id).textContent())?.trim();
    const decode = async (input) => {
      await byId("barcode-input").fill(input);
      await page.waitForFunction(() => document.getElementById("barcode-status").dataset.kind !== "idle");
    };

    await t.test("a printed bank line shows amount, due date and barcode", async () => {
      await decode(BANK_LINE);
      assert.equal(await byId("barcode-status").getAttribute("data-kind"), "ok");
      assert.equal(await byId("kind").getAttribute("data-kind"), "bank");
      assert.equal(await text("amount"), "R$ 123,45");
      assert.match(await text("due-date"), /^21\/02\/2025 \(.*\) · fator 9999$/);
      assert.equal(await text("barcode"), BANK_BARCODE);
      assert.equal(await text("formatted-line"), BANK_LINE);
      assert.match(await text("bank"), /^341 · Itaú/);
      assert.equal(await byId("barcode-echo").isHidden(), true);
      assert.equal(await page.locator("svg.bars rect").count(), 2 + 22 * 5 + 2);
    });

    await t.test("a CPF/CNPJ is checked as typed", async () => {
      await byId("doc-input").fill("12ABC34501DE35");
      await page.waitForFunction(() => document.getElementById("doc-status").dataset.kind === "ok");
      assert.match(await text("doc-status"), /CNPJ alfanumérico válido: 12\.ABC\.345\/01DE-35/);
      mkdirSync(screenshotDir, { recursive: true });
      await page.screenshot({ path: path.join(screenshotDir, "web-example.png"), fullPage: true });

      await byId("doc-input").fill("123.456.789-08");
      await page.waitForFunction(() => document.getElementById("doc-status").dataset.kind === "error");
      assert.equal(await byId("doc-status").getAttribute("data-code"), "check_digit");
      assert.match(await text("doc-status"), /segundo dígito verificador não confere: está 8, deveria ser 9/);
      assert.equal(await page.locator("[data-testid=doc-echo] mark").textContent(), "8");
      await byId("doc-input").fill("123.456.789-09");
      await page.waitForFunction(() => document.getElementById("doc-status").dataset.kind === "ok");
      assert.match(await text("doc-status"), /CPF válido: 123\.456\.789-09/);
    });

    await t.test("an arrecadação line shows its fields", async () => {
      await decode(ENERGY_LINE);
      assert.equal(await byId("barcode-status").getAttribute("data-kind"), "ok");
      assert.equal(await byId("kind").getAttribute("data-kind"), "collection");
      assert.equal(await text("amount"), "R$ 162,32");
      assert.match(await text("segment"), /^3 · Energia/);
      assert.equal(await text("company-id"), "0011");
      assert.equal(await text("method"), "módulo 10");
      assert.equal(await text("barcode"), ENERGY_BARCODE);
      assert.equal(await text("formatted-line"), ENERGY_LINE);
      assert.equal(await byId("due-date").count(), 0);

      await decode(VT7_LINE);
      assert.equal(await byId("kind").getAttribute("data-kind"), "collection");
      assert.equal(await byId("amount").count(), 0);
      assert.match(await text("reference-value"), /^1 \(quantidade/);
    });

    await t.test("an altered amount names the wrong check digit and marks it", async () => {
      await decode(ALTERED_AMOUNT);
      const sdkError = errorOf(() => parseBarcode(ALTERED_AMOUNT));
      assert.equal(sdkError.code, "check_digit");
      const status = byId("barcode-status");
      assert.equal(await status.getAttribute("data-kind"), "error");
      assert.equal(await status.getAttribute("data-code"), "check_digit");
      assert.equal(await status.getAttribute("data-digit"), "general");
      assert.equal(await status.getAttribute("data-found"), "9");
      assert.equal(await status.getAttribute("data-expected"), "6");
      assert.equal(await status.getAttribute("data-position"), String(sdkError.position));
      assert.match(await text("error-message"), /dígito verificador geral não confere: está 9, deveria ser 6 \(posição 39\)/);
      const mark = page.locator("[data-testid=barcode-echo] mark[data-testid=bad-char]");
      assert.equal(await mark.count(), 1);
      assert.equal(await mark.getAttribute("data-position"), "38");
      assert.equal(await mark.textContent(), ALTERED_AMOUNT[38]);
      assert.equal(await page.locator("[data-testid=barcode-echo] .echo-text").textContent(), ALTERED_AMOUNT);
      assert.equal(await byId("barcode-result").isHidden(), true);
      await page.screenshot({ path: path.join(screenshotDir, "web-example-error.png"), fullPage: true });
    });

    await t.test("a letter is reported at its position", async () => {
      await decode(WITH_LETTER);
      const status = byId("barcode-status");
      assert.equal(await status.getAttribute("data-code"), "character");
      assert.equal(await status.getAttribute("data-position"), "22");
      assert.equal(await status.getAttribute("data-found"), "X");
      assert.equal(await status.getAttribute("data-digit"), "");
      assert.match(await text("error-message"), /Caractere inválido “X” na posição 23/);
      const mark = page.locator("[data-testid=barcode-echo] mark");
      assert.equal(await mark.textContent(), "X");
      assert.equal(await mark.getAttribute("data-position"), "22");
    });

    await t.test("the example buttons and back to valid", async () => {
      await page.getByRole("button", { name: "conta de luz" }).click();
      assert.equal(await byId("barcode-input").inputValue(), ENERGY_LINE);
      assert.equal(await byId("kind").getAttribute("data-kind"), "collection");
      await decode("0019");
      assert.equal(await byId("barcode-status").getAttribute("data-code"), "length");
      await decode(BANK_LINE);
      const status = byId("barcode-status");
      assert.equal(await status.getAttribute("data-kind"), "ok");
      assert.equal(await status.getAttribute("data-code"), null, "a stale error detail stayed");
      assert.equal(await byId("barcode-echo").isHidden(), true);
    });

    await t.test("a Pix copia e cola is decoded, or its fault shown where it is", async () => {
      const pix = byId("pix-input");
      const settle = (kind) =>
        page.waitForFunction((k) => document.getElementById("pix-status").dataset.kind === k, kind);
      await pix.fill(PIX_MANUAL);
      await settle("ok");
      assert.match(await text("pix-status"), /Pix estático válido/);
      assert.equal(await text("pix-key"), "123e4567-e12b-12d1-a456-426655440000");
      assert.equal(await text("pix-merchant"), "Fulano de Tal · BRASILIA");
      assert.equal(await text("pix-amount"), "a definir pelo pagador");
      await pix.fill(PIX_MANUAL.replace("1D3D", "1D3E"));
      await settle("error");
      assert.equal(await byId("pix-status").getAttribute("data-code"), "crc");
      assert.match(await text("pix-status"), /está 1D3E, deveria ser 1D3D/);
      assert.equal(await byId("pix-result").isHidden(), true);
      await pix.fill(PIX_MANUAL.replace("BRASILIA", "BRASÍLIA"));
      await settle("error");
      assert.equal(await byId("pix-status").getAttribute("data-code"), "structure");
      assert.equal(await page.locator("[data-testid=pix-echo] mark").textContent(), "Í");
    });

    await t.test("no console errors, page errors or failed requests", () => {
      assert.deepStrictEqual(problems, []);
      const bad = server.log.filter((r) => r.status !== 200);
      assert.deepStrictEqual(bad, [], "requests that were not 200");
      const paths = server.log.map((r) => r.path);
      for (const p of ["/", "/app.js", "/format.js", "/style.css", "/node_modules/stone-openbank/index.js", "/node_modules/stone-openbank/wasm/stone_openbank_wasm_bg.wasm"]) {
        assert.ok(paths.includes(p), `${p} was not requested`);
      }
    });
  } finally {
    await context?.close().catch(() => {});
    await server.close();
    rmSync(profile, { recursive: true, force: true });
  }
});

async function assertInputsEnabled(page) {
  assert.equal(await page.getByTestId("barcode-input").isEnabled(), true);
  assert.equal(await page.getByTestId("doc-input").isEnabled(), true);
}

function errorOf(f) {
  try {
    f();
  } catch (e) {
    assert.ok(e instanceof InvalidBarcodeError);
    return e;
  }
  assert.fail("no error");
}
