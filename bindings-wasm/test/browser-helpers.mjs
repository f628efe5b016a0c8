// Shared by the browser tests: a static file server on 127.0.0.1 and
// Playwright driving Debian's Chromium.

import http from "node:http";
import { createRequire } from "node:module";
import { readFile, stat } from "node:fs/promises";
import path from "node:path";

const MIME = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json",
  ".wasm": "application/wasm",
  ".svg": "image/svg+xml",
  ".png": "image/png",
};

/** A static server of `[urlPrefix, directory]` mounts on 127.0.0.1; logs every request. */
export async function startServer(mounts) {
  const log = [];
  const server = http.createServer(async (req, res) => {
    const url = new URL(req.url, "http://localhost");
    let status = 404;
    try {
      const pathname = decodeURIComponent(url.pathname);
      const mount = mounts.find(([prefix]) => pathname.startsWith(prefix));
      if (mount && req.method === "GET") {
        const [prefix, root] = mount;
        let file = path.resolve(root, `.${path.posix.normalize(`/${pathname.slice(prefix.length)}`)}`);
        if (file === root || file.startsWith(root + path.sep)) {
          if ((await stat(file).catch(() => null))?.isDirectory()) file = path.join(file, "index.html");
          const body = await readFile(file).catch(() => null);
          if (body) {
            status = 200;
            res.writeHead(200, {
              "content-type": MIME[path.extname(file)] ?? "application/octet-stream",
              "cache-control": "no-store",
            });
            res.end(body);
          }
        }
      }
    } catch {
      status = 400;
    }
    if (status !== 200) {
      res.writeHead(status, { "content-type": "text/plain" });
      res.end(`${status}\n`);
    }
    log.push({ path: url.pathname, status });
  });
  await new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", resolve);
  });
  const { port } = server.address();
  return {
    url: `http://127.0.0.1:${port}/`,
    log,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export function loadPlaywright(toolsDir) {
  const require = createRequire(path.join(toolsDir, "package.json"));
  return require("playwright-core");
}

/** Debian's Chromium, headless, with the flags this machine's closed network needs. */
export function launchChromium(chromium, profile, executablePath) {
  return chromium.launchPersistentContext(profile, {
      executablePath,
      headless: true,
      args: [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
      ],
      viewport: { width: 1000, height: 1100 },
      locale: "pt-BR",
      timeout: 60_000,
    });
}
