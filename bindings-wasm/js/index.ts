// Entry for browsers and bundlers: `await init()` once, then use the API.
export * from "./api.js";
export { init as default } from "./api.js";
