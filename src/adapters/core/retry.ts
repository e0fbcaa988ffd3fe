/**
 * Retry classification shared by the adapters: is a failed call throttled
 * (wait and retry, the quota will come back), transient (retry with backoff),
 * or fatal for its scope (permission denied, not found, bad request: retrying
 * cannot help)? Codes come from whatever the SDK put on the error: AWS
 * (`name`/`Code`, `$metadata.httpStatusCode`), Azure (`code`, `statusCode`,
 * `response.headers`), gRPC (numeric `code`).
 */
import { abortError } from "./limit.js";

export type FailureKind = "throttled" | "transient" | "fatal";

export interface Classified {
  kind: FailureKind;
  /** The service's error code, or "HTTP <status>" when there is none. */
  code: string;
  status?: number;
  /** How long the service asked to wait (Retry-After, retry-after-ms, x-ms-user-quota-resets-after). */
  retryAfterMs?: number;
}

const THROTTLING_CODES = new Set([
  "throttling", "throttlingexception", "throttled", "toomanyrequests", "toomanyrequestsexception", "requestlimitexceeded",
  "requestthrottled", "requestthrottledexception", "slowdown", "provisionedthroughputexceededexception", "ratelimitexceeded",
  "bandwidthlimitexceeded", "limitexceededexception", "resource_exhausted", "ratelimited", "servertimeout",
]);
const TRANSIENT_CODES = new Set([
  "internalfailure", "internalerror", "internalservererror", "serviceunavailable", "serviceunavailableexception", "unavailable",
  "requesttimeout", "requesttimeoutexception", "econnreset", "etimedout", "econnrefused", "epipe", "request_send_error", "deadline_exceeded",
  "gatewaytimeout", "badgateway", "internal",
]);
// gRPC status codes by number (https://grpc.github.io/grpc/core/md_doc_statuscodes.html); the
// retryable ones are named in the sets above: RESOURCE_EXHAUSTED, UNAVAILABLE, DEADLINE_EXCEEDED, INTERNAL.
const GRPC_NAMES: readonly string[] = [
  "OK", "CANCELLED", "UNKNOWN", "INVALID_ARGUMENT", "DEADLINE_EXCEEDED", "NOT_FOUND", "ALREADY_EXISTS", "PERMISSION_DENIED",
  "RESOURCE_EXHAUSTED", "FAILED_PRECONDITION", "ABORTED", "OUT_OF_RANGE", "UNIMPLEMENTED", "INTERNAL", "UNAVAILABLE", "DATA_LOSS", "UNAUTHENTICATED",
];

const GENERIC_NAMES = new Set(["Error", "RestError", "CloudSrmError", "TypeError", "FetchError"]);

/** The error's code as the service named it (never a message). */
export function errorCode(error: unknown): string {
  const e = error as { name?: string; Code?: string; code?: unknown; statusCode?: number; status?: number; $metadata?: { httpStatusCode?: number } } | undefined;
  if (typeof e?.code === "number" && e.code > 0 && GRPC_NAMES[e.code]) return GRPC_NAMES[e.code]!;
  // AWS errors are named by `name` (`Code` for the Query protocol); Azure's RestError and our own errors by `code`.
  const named = e?.Code ?? (e?.name && !GENERIC_NAMES.has(e.name) ? e.name : undefined) ?? (typeof e?.code === "string" && e.code ? e.code : undefined);
  if (named) return named;
  const status = statusOf(error);
  return status ? `HTTP ${status}` : "Error";
}

/** The HTTP status of a failed call, when the SDK kept it. */
export function statusOf(error: unknown): number | undefined {
  const e = error as { statusCode?: unknown; status?: unknown; $metadata?: { httpStatusCode?: number }; response?: { status?: unknown } } | undefined;
  const status = e?.statusCode ?? e?.$metadata?.httpStatusCode ?? e?.response?.status ?? e?.status;
  return typeof status === "number" ? status : undefined;
}

/** Reads a header from whatever shape the SDK keeps response headers in (Headers, HttpHeaders with get(), a plain object). */
export function headerOf(headers: unknown, name: string): string | undefined {
  if (!headers || typeof headers !== "object") return undefined;
  const h = headers as { get?: (name: string) => unknown } & Record<string, unknown>;
  const value = typeof h.get === "function" ? h.get(name) : (h[name] ?? h[name.toLowerCase()]);
  return typeof value === "string" ? value : Array.isArray(value) && typeof value[0] === "string" ? value[0] : undefined;
}

/** Milliseconds to wait from Retry-After (seconds or an HTTP date) or retry-after-ms; undefined when absent or unreadable. */
export function retryAfterMs(headers: unknown, now = Date.now()): number | undefined {
  const ms = headerOf(headers, "retry-after-ms") ?? headerOf(headers, "x-ms-retry-after-ms");
  if (ms !== undefined && /^\d+(\.\d+)?$/.test(ms.trim())) return Number(ms);
  const after = headerOf(headers, "retry-after");
  if (after === undefined) return undefined;
  if (/^\d+(\.\d+)?$/.test(after.trim())) return Number(after) * 1000;
  const date = Date.parse(after);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/** Classifies a failed call. */
export function classify(error: unknown): Classified {
  const code = errorCode(error);
  const status = statusOf(error);
  const lower = code.toLowerCase();
  const headers = (error as { response?: { headers?: unknown } } | undefined)?.response?.headers;
  const wait = retryAfterMs(headers);
  const base = { code, ...(status !== undefined ? { status } : {}), ...(wait !== undefined ? { retryAfterMs: wait } : {}) };
  if (status === 429 || THROTTLING_CODES.has(lower) || (error as { $retryable?: { throttling?: boolean } })?.$retryable?.throttling) return { kind: "throttled", ...base };
  if (TRANSIENT_CODES.has(lower) || (status !== undefined && (status >= 500 || status === 408))) return { kind: "transient", ...base };
  return { kind: "fatal", ...base };
}

export interface RetryOptions {
  /** Attempts in all (first call included). Default 6. */
  attempts?: number;
  /** First backoff in ms, doubled each attempt (with jitter), capped at `maxDelayMs`. Default 500. */
  baseDelayMs?: number;
  maxDelayMs?: number;
  signal?: AbortSignal;
  /** Classification (default `classify`). */
  classify?: (error: unknown) => Classified;
  /** Told before each wait: lets a pacer slow every caller down, not just this one. */
  onRetry?: (failure: Classified, attempt: number, delayMs: number) => void;
  /** Sleep (tests and benchmarks may make it instant). */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
}

/**
 * Calls `task` until it succeeds, a fatal error, or the attempts run out.
 * Throttled and transient failures are retried after the service's own
 * Retry-After when it sent one, else exponential backoff with full jitter.
 */
export async function withRetry<T>(task: (attempt: number) => Promise<T>, options: RetryOptions = {}): Promise<T> {
  const attempts = options.attempts ?? 6;
  const base = options.baseDelayMs ?? 500;
  const max = options.maxDelayMs ?? 30_000;
  const judge = options.classify ?? classify;
  const wait = options.sleep ?? sleep;
  for (let attempt = 1; ; attempt++) {
    if (options.signal?.aborted) throw abortError(options.signal);
    try {
      return await task(attempt);
    } catch (error) {
      if (options.signal?.aborted) throw abortError(options.signal);
      const failure = judge(error);
      if (failure.kind === "fatal" || attempt >= attempts) throw error;
      const delay = failure.retryAfterMs ?? Math.round(Math.random() * Math.min(max, base * 2 ** (attempt - 1)));
      options.onRetry?.(failure, attempt, delay);
      await wait(delay, options.signal);
    }
  }
}

/** Waits `ms`, or rejects with the abort reason as soon as the signal aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  if (signal?.aborted) return Promise.reject(abortError(signal));
  if (ms <= 0) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const onAbort = () => {
      clearTimeout(timer);
      reject(abortError(signal!));
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}
