// Starts `stone sandbox` as a child process for a test file and plays the
// parts Stone's people and apps play (the admin API): the account owner
// approving, a user consenting, the onboarding that registers a webhook
// URL. The sandbox's log is kept and printed only when a test fails.
//
// STONE_BIN: the `stone` command (default target/debug/stone of the clone).

import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import http from "node:http";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import path from "node:path";

const here = path.dirname(fileURLToPath(import.meta.url));
export const repo = path.resolve(here, "..", "..");
export const DEMO_KEY = readFileSync(path.join(repo, "sandbox", "seed", "demo-app.key.pem"), "utf8");
export const OTHER_KEY = readFileSync(path.join(repo, "sandbox", "seed", "other-app.key.pem"), "utf8");
export const OWN = "demo-conta-de-liquidacao";
export const PLATFORM = "demo-openbank-platform";

export async function startSandbox(extraArgs = [], bin = process.env.STONE_BIN || path.join(repo, "target", "debug", "stone")) {
  const child = spawn(bin, ["sandbox", "--port", "0", ...extraArgs], { stdio: ["ignore", "pipe", "pipe"] });
  const log = [];
  child.stderr.on("data", (d) => log.push(d.toString()));
  const lines = createInterface({ input: child.stdout });
  const first = await new Promise((resolve, reject) => {
    child.once("error", reject);
    child.once("exit", (code) => reject(new Error(`stone sandbox exited (${code}): ${log.join("")}`)));
    lines.once("line", resolve);
  });
  const started = JSON.parse(first);
  const baseUrl = started.base_url;
  return {
    baseUrl,
    /** The sandbox's own log, for a failing test's report. */
    log: () => log.join(""),
    async admin(method, p, body) {
      const res = await fetch(baseUrl + p, {
        method,
        headers: { "content-type": "application/json" },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const text = await res.text();
      if (!res.ok) throw new Error(`${method} ${p}: ${res.status} ${text}`);
      return text ? JSON.parse(text) : null;
    },
    async stop() {
      child.removeAllListeners("exit");
      child.kill("SIGINT");
      await new Promise((resolve) => child.once("exit", resolve));
    },
  };
}

/** A local webhook endpoint; `received` holds `{ body, headers }` of each POST. */
export async function webhookReceiver() {
  const received = [];
  const server = http.createServer((req, res) => {
    const chunks = [];
    req.on("data", (c) => chunks.push(c));
    req.on("end", () => {
      received.push({ body: Buffer.concat(chunks).toString("utf8"), headers: req.headers });
      res.writeHead(200).end();
    });
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address();
  return {
    url: `http://127.0.0.1:${port}/stone-webhooks`,
    received,
    async waitFor(n, ms = 10000) {
      const until = Date.now() + ms;
      while (received.length < n && Date.now() < until) await new Promise((r) => setTimeout(r, 50));
      return received;
    },
    close: () => new Promise((resolve) => server.close(resolve)),
  };
}
