// `stone-openbank/client` for Node (>= 18, global fetch): the module is
// loaded synchronously on import, so `new Client(...)` works at once.
import { readFileSync } from "node:fs";
import { initSync } from "./client.js";

initSync(readFileSync(new URL("./wasm-client/stone_openbank_client_bg.wasm", import.meta.url)));

export * from "./client.js";
