// `stone-openbank/client`: the Stone API client for browsers, bundlers and
// fetch-based runtimes (Node has its own entry, client-node.ts, ready on
// import). Every operation is a method of the generated `Operations` class
// (generated.ts, from the Rust core's one list of operations); this file only
// supplies the transport to the WebAssembly module and the JavaScript idioms:
// Promises, async iterables for lists, typed errors.

import * as raw from "./wasm-client/stone_openbank_client.js";
import { StoneError } from "./errors.js";
import { InvalidInputError, coreError } from "./client-errors.js";
import { Operations } from "./generated.js";
import type { PageOptions, WebhookEvent } from "./generated.js";
import { loader } from "./loader.js";
import type { WasmSource } from "./loader.js";

export * from "./generated.js";
export * from "./errors.js";
export * from "./client-errors.js";

export type { WasmSource };

interface Common {
  /** The application's name, sent as User-Agent (Stone requires it). */
  userAgent: string;
  /** `sandbox` (default) or `production`. */
  environment?: "sandbox" | "production";
  /** One base URL for the API and the auth server (a local `stone sandbox`); instead of `environment`. */
  baseUrl?: string;
  /** Timeout of each request in milliseconds (default 30000). */
  timeoutMs?: number;
  /** Attempts in all for reads and keyed writes (default 5). */
  maxAttempts?: number;
}

/** A backend's client: it makes and renews its own tokens with the application's key. */
export interface ClientOptions extends Common {
  clientId: string;
  /** The application's RSA private key, PEM (PKCS#8 or PKCS#1). Never ship it to a browser. */
  privateKey: string;
}

/** A browser's client: an access token handed by the backend (`client.accessToken()` there). */
export interface AccessTokenOptions extends Common {
  accessToken: string;
}

/** Headers as `fetch`, Node's `http` or a plain object give them. */
export type WebhookHeaders =
  | { get(name: string): string | null }
  | Record<string, string | string[] | undefined>;

const wasm = loader(raw);

/** Loads the client's WebAssembly module; call (and await) once before `new Client` in browsers. */
export const init: (input?: WasmSource) => Promise<void> = wasm.init;

/** Synchronous `init` from the module's bytes (or a compiled module). */
export const initSync: (module: ArrayBuffer | ArrayBufferView | object) => void = wasm.initSync;

function config(options: Common, credentials: Record<string, unknown>): string {
  if (options === null || typeof options !== "object") {
    throw new StoneError("Client options must be an object", "invalid_input");
  }
  return JSON.stringify({
    user_agent: options.userAgent,
    environment: options.environment,
    base_url: options.baseUrl,
    timeout_ms: options.timeoutMs,
    max_attempts: options.maxAttempts,
    ...credentials,
  });
}

function build(json: string): raw.WasmClient {
  if (!wasm.ready) {
    throw new StoneError("stone-openbank/client: await init() before creating a Client", "not_initialized");
  }
  try {
    return new raw.WasmClient(json);
  } catch (e) {
    throw coreError(e);
  }
}

function eventIdOf(headers: WebhookHeaders | string | null | undefined): string | null {
  if (headers == null) return null;
  if (typeof headers === "string") return headers;
  const name = "x-stone-webhook-event-id";
  if (typeof (headers as { get?: unknown }).get === "function") {
    return (headers as { get(name: string): string | null }).get(name);
  }
  for (const [key, value] of Object.entries(headers as Record<string, unknown>)) {
    if (key.toLowerCase() === name) {
      const v = Array.isArray(value) ? value[0] : value;
      return typeof v === "string" ? v : null;
    }
  }
  return null;
}

/**
 * The Stone API client. Every method returns a Promise (lists: an async
 * iterable fetching page by page) and throws `StoneError` subclasses.
 * Cash-outs carry an idempotency key, yours or a generated one, reused on
 * every retry. Model fields keep Stone's snake_case names; money is integer
 * centavos.
 */
export class Client extends Operations {
  readonly #raw: raw.WasmClient;
  #freed = false;

  /** A client with the application's key, or (as `withAccessToken`) with a token. */
  constructor(options: ClientOptions | AccessTokenOptions) {
    super();
    const o = options as Partial<ClientOptions & AccessTokenOptions>;
    this.#raw = build(
      config(options, {
        client_id: o?.clientId,
        private_key: o?.privateKey,
        access_token: o?.accessToken,
      }),
    );
  }

  /** A client with a token handed by a backend (browsers, apps): the key stays on the server. */
  static withAccessToken(options: AccessTokenOptions): Client {
    return new Client(options);
  }

  protected async call(op: string, args: Record<string, unknown>): Promise<unknown> {
    const out = await this.#invoke(op, args);
    return typeof out === "string" ? JSON.parse(out) : out;
  }

  protected async callBytes(op: string, args: Record<string, unknown>): Promise<Uint8Array> {
    const out = await this.#invoke(op, args);
    if (out instanceof Uint8Array) return out;
    throw new StoneError(`${op} did not answer a file`, "decode");
  }

  protected pages(
    op: string,
    args: Record<string, unknown>,
    options?: PageOptions,
  ): AsyncIterableIterator<unknown> {
    const native = this.#live(op);
    const pageSize = options?.pageSize;
    if (pageSize !== undefined && !(Number.isInteger(pageSize) && pageSize >= 1 && pageSize <= 1000)) {
      throw new InvalidInputError(`pageSize must be an integer from 1 to 1000, got ${String(pageSize).slice(0, 40)}`, "pageSize", "out of range");
    }
    const json = JSON.stringify(args);
    type Page = { data: unknown[]; after: string | null };
    const request = async (after: string | null): Promise<Page> => {
      try {
        const text = (await native.page(op, json, after ?? undefined, pageSize)) as string;
        return JSON.parse(text) as Page;
      } catch (e) {
        throw coreError(e);
      }
    };
    // A hand-written iterator rather than an async generator: items of a
    // page already here are handed out without the generator's extra await
    // per item. The next page is on its way while this one is handed out
    // (two pages at most in memory); a walk left early lets that request
    // finish and ignores it.
    // Every page promise gets a handler when made: a prefetch that fails
    // while nobody awaits it is not an unhandled rejection (it is thrown by
    // the next() that reaches it).
    const fetchPage = (after: string | null): Promise<Page> => {
      const p = request(after);
      p.catch(() => undefined);
      return p;
    };
    // The first request starts with the first next(), not before.
    let pending: Promise<Page> | null = null;
    let started = false;
    let items: unknown[] = [];
    let index = 0;
    const finish = (): IteratorResult<unknown> => {
      started = true;
      pending = null;
      items = [];
      return { value: undefined, done: true };
    };
    const iterator: AsyncIterableIterator<unknown> = {
      async next(): Promise<IteratorResult<unknown>> {
        if (!started) {
          started = true;
          pending = fetchPage(null);
        }
        while (index >= items.length) {
          if (pending === null) return finish();
          const page: Page = await pending;
          pending = page.after === null ? null : fetchPage(page.after);
          items = page.data;
          index = 0;
        }
        return { value: items[index++], done: false };
      },
      async return(): Promise<IteratorResult<unknown>> {
        return finish();
      },
      [Symbol.asyncIterator]() {
        return iterator;
      },
    };
    return iterator;
  }

  /**
   * The WebAssembly side, for an operation named by a string: what the
   * wasm boundary cannot take (another type, a freed client) is refused
   * here as InvalidInputError, before it could reach the module.
   */
  #live(op: unknown): raw.WasmClient {
    if (typeof op !== "string") {
      throw new InvalidInputError(`the operation must be named by a string, got ${typeof op}`, "operation", "not a string");
    }
    if (this.#freed) {
      throw new InvalidInputError("this client was freed (free()): build another", "client", "freed");
    }
    return this.#raw;
  }

  async #invoke(op: string, args: Record<string, unknown>): Promise<unknown> {
    const native = this.#live(op);
    try {
      return await native.call(op, JSON.stringify(args));
    } catch (e) {
      throw coreError(e);
    }
  }

  /**
   * Decrypts and verifies a webhook (the raw body, and the request's headers
   * or its `x-stone-webhook-event-id`) into a typed event; throws
   * `WebhookError` for anything not sent by Stone to this application.
   */
  override async verifyWebhook(
    body: string | Uint8Array,
    headers?: WebhookHeaders | string | null,
  ): Promise<WebhookEvent> {
    const text = typeof body === "string" ? body : new TextDecoder().decode(body);
    return super.verifyWebhook(text, eventIdOf(headers));
  }

  /** Frees the WebAssembly side now (it is also freed when garbage-collected). */
  free(): void {
    if (!this.#freed) {
      this.#freed = true;
      this.#raw.free();
    }
  }
}
