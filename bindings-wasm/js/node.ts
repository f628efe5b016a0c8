// Entry for Node: the module is loaded synchronously on import (no
// top-level await), so the API is ready at once; `init()` resolves at once.
import { readFileSync } from "node:fs";
import { initSync } from "./api.js";

initSync(readFileSync(new URL("./wasm/stone_openbank_wasm_bg.wasm", import.meta.url)));

export * from "./api.js";
export { init as default } from "./api.js";
