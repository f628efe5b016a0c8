// The client's errors, mapped once (`coreError`) from the core's error JSON
// (`client::surface::error_json` in Rust), under the shared `StoneError`.

import { StoneError, num, str } from "./errors.js";
import type { Fields } from "./errors.js";

/** Input refused before any request: `field` names the argument, `reason` says why. */
export class InvalidInputError extends StoneError {
  readonly field: string;
  readonly reason: string;
  constructor(message: string, field: string, reason: string) {
    super(message, "invalid_input");
    this.name = "InvalidInputError";
    this.field = field;
    this.reason = reason;
  }
}

/** One entry of Stone's `reason[]`: what is wrong and where in the body. */
export interface ApiReason {
  error: string;
  path: string[];
}

/** Stone answered with an error status. */
export class ApiError extends StoneError {
  /** HTTP status. */
  readonly status: number;
  /** Stone's error type (`srn:error:...`), empty when the body had none. */
  readonly type: string;
  readonly reason: ApiReason[];
  /** The `x-request-id` to quote to Stone's support. */
  readonly requestId: string | null;
  /** The whole error body, for fields the SDK does not name. */
  readonly body: unknown;
  constructor(message: string, fields: Fields) {
    super(message, "api");
    this.name = "ApiError";
    this.status = num(fields.status) ?? 0;
    this.type = str(fields.type) ?? "";
    this.reason = Array.isArray(fields.reason) ? (fields.reason as ApiReason[]) : [];
    this.requestId = str(fields.request_id);
    this.body = fields.body ?? null;
  }
}

/** 404: the resource does not exist (or this application may not see it). */
export class NotFoundError extends ApiError {
  constructor(message: string, fields: Fields) {
    super(message, fields);
    this.name = "NotFoundError";
  }
}

/** 409: a conflict, such as an idempotency key reused with another body. */
export class ConflictError extends ApiError {
  constructor(message: string, fields: Fields) {
    super(message, fields);
    this.name = "ConflictError";
  }
}

/** 422: Stone understood the request and refused it (`reason` says why). */
export class UnprocessableEntityError extends ApiError {
  constructor(message: string, fields: Fields) {
    super(message, fields);
    this.name = "UnprocessableEntityError";
  }
}

/** 429: too many requests, still refused after the client's retries. */
export class RateLimitError extends ApiError {
  constructor(message: string, fields: Fields) {
    super(message, fields);
    this.name = "RateLimitError";
  }
}

/** The auth server refused the credentials, or a token was refused. */
export class AuthenticationError extends StoneError {
  readonly status: number | null;
  readonly error: string;
  readonly description: string;
  constructor(message: string, fields: Fields) {
    super(message, "authentication");
    this.name = "AuthenticationError";
    this.status = num(fields.status);
    this.error = str(fields.error) ?? "";
    this.description = str(fields.description) ?? "";
  }
}

/** No answer within the client's timeout (after its retries, for reads and keyed writes). */
export class TimeoutError extends StoneError {
  readonly timeoutMs: number;
  constructor(message: string, fields: Fields) {
    super(message, "timeout");
    this.name = "TimeoutError";
    this.timeoutMs = num(fields.timeout_ms) ?? 0;
  }
}

/** The request could not be sent or its answer read. */
export class TransportError extends StoneError {
  constructor(message: string) {
    super(message, "transport");
    this.name = "TransportError";
  }
}

/** An answer that is not what the API documents. */
export class DecodeError extends StoneError {
  constructor(message: string) {
    super(message, "decode");
    this.name = "DecodeError";
  }
}

/** A webhook refused: not decryptable, not signed by Stone, expired, ... Do not act on it. */
export class WebhookError extends StoneError {
  /** `malformed`, `algorithm`, `decryption`, `unknown_key`, `signature`, `expired`, `not_yet_valid`, `keys`. */
  readonly reason: string;
  constructor(message: string, fields: Fields) {
    super(message, "webhook");
    this.name = "WebhookError";
    this.reason = str(fields.reason) ?? "";
  }
}

/** The client module's error JSON → its class (anything else is returned as is). */
export function coreError(e: unknown): unknown {
  if (typeof e !== "string") {
    if (e instanceof WebAssembly.RuntimeError) {
      return new StoneError(
        `stone-openbank: internal error (${e.message}); the console has the details, please report it`,
        "internal",
        { cause: e },
      );
    }
    return e;
  }
  let fields: Fields;
  try {
    fields = JSON.parse(e) as Fields;
  } catch {
    return new StoneError(e, "internal");
  }
  const message = String(fields.message);
  switch (fields.kind) {
    case "invalid_input":
      return new InvalidInputError(message, String(fields.field), String(fields.reason));
    case "api":
      switch (fields.status) {
        case 404:
          return new NotFoundError(message, fields);
        case 409:
          return new ConflictError(message, fields);
        case 422:
          return new UnprocessableEntityError(message, fields);
        case 429:
          return new RateLimitError(message, fields);
        default:
          return new ApiError(message, fields);
      }
    case "authentication":
      return new AuthenticationError(message, fields);
    case "timeout":
      return new TimeoutError(message, fields);
    case "transport":
      return new TransportError(message);
    case "decode":
      return new DecodeError(message);
    case "webhook":
      return new WebhookError(message, fields);
    default:
      return new StoneError(message, String(fields.kind ?? "internal"));
  }
}
