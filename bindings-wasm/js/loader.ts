// Loading a WebAssembly module of the package, once: shared by the
// validation entry (api.ts) and the client entry (client.ts), each with its
// own module and its own loaded state.

/**
 * Where the `.wasm` module comes from: a URL (string or `URL`), a `Response`
 * or a promise of one, its bytes, or a compiled `WebAssembly.Module`.
 */
export type WasmSource = string | ArrayBuffer | ArrayBufferView | object;

/** The init functions wasm-bindgen generates for `--target web`. */
interface Glue {
  default(input?: { module_or_path: never }): Promise<unknown>;
  initSync(input: { module: never }): unknown;
}

export interface Loader {
  /** Loads the module (once); later calls resolve at once. */
  init(input?: WasmSource): Promise<void>;
  /** Synchronous `init` from the module's bytes (or a compiled module). */
  initSync(module: ArrayBuffer | ArrayBufferView | object): void;
  readonly ready: boolean;
}

export function loader(glue: Glue): Loader {
  let ready = false;
  return {
    async init(input?: WasmSource): Promise<void> {
      if (ready) return;
      // The glue's own parameter type names DOM types; WasmSource admits
      // the same values without them, hence the cast.
      await glue.default(input === undefined ? undefined : { module_or_path: input as never });
      ready = true;
    },
    initSync(module: ArrayBuffer | ArrayBufferView | object): void {
      if (ready) return;
      glue.initSync({ module: module as never });
      ready = true;
    },
    get ready(): boolean {
      return ready;
    },
  };
}
