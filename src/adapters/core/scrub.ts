/**
 * Error scrubbing: no credential, token or key may reach an error message, a
 * result or a log line. A run registers the secrets it knows (keys handed in,
 * tokens obtained, external ids); messages are cut to one line and every known
 * secret and anything shaped like one is replaced. Structured values (response
 * bodies kept as error details, resource properties) go through the same
 * name-based redaction the importers use (src/inventory/redact.ts).
 */
import { isSecretKey, REDACTED, redactSecrets } from "../../inventory/redact.js";

// Value shapes that are secrets whatever field they sit in.
const SECRET_SHAPES: readonly RegExp[] = [
  // AWS access key ids (long-term AKIA, temporary ASIA, user/role ids).
  /\b(AKIA|ASIA|AIDA|AROA)[A-Z0-9]{12,}\b/g,
  // JSON Web Tokens (Azure AD / Entra access tokens, Google id tokens).
  /\beyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]*/g,
  // Authorization header values.
  /\b(Bearer|Basic|SharedKey|SharedAccessSignature)\s+[A-Za-z0-9._~+/=:%-]{8,}/gi,
  // Google OAuth access tokens.
  /\bya29\.[A-Za-z0-9._-]{10,}/g,
  // PEM private keys.
  /-----BEGIN [A-Z ]*PRIVATE KEY-----[\s\S]*?(-----END [A-Z ]*PRIVATE KEY-----|$)/g,
  // Credentials in URLs: scheme://user:password@host.
  /(?<=:\/\/[^/\s:@]+:)[^/\s@]+(?=@)/g,
];

// name=value pairs in query strings, headers and messages: sig=..., client_secret=..., token: ...
// (A "scheme://" is not a name followed by a value; "?" and "@" end a value so the next pair is still seen.)
const NAMED_VALUE = /([A-Za-z][A-Za-z0-9_.-]*)(\s*=\s*|:(?!\/\/)\s*|"\s*:\s*")([^\s&"',;?@]+)/g;

export class Scrubber {
  readonly #secrets = new Set<string>();

  /** Remembers a secret so it is removed wherever it appears (short strings are ignored: they would mangle ordinary text). */
  add(...secrets: (string | undefined | null)[]): void {
    for (const secret of secrets) if (typeof secret === "string" && secret.length >= 6) this.#secrets.add(secret);
  }

  /** Text with every known secret, secret-shaped value and secret-named value replaced by "[redacted]". */
  text(value: string): string {
    let text = value;
    for (const secret of this.#secrets) if (text.includes(secret)) text = text.split(secret).join(REDACTED);
    for (const shape of SECRET_SHAPES) text = text.replace(shape, REDACTED);
    text = text.replace(NAMED_VALUE, (whole, name: string, separator: string, inner: string) =>
      isSecretKey(name) || SIGNATURE_PARAMS.has(name.toLowerCase()) ? `${name}${separator}${inner === REDACTED ? inner : REDACTED}` : whole,
    );
    return text;
  }

  /**
   * Known secrets removed from every string of a structured value (cheap: no
   * pattern matching), for data already redacted by name, such as a resource's
   * attributes after the importer's conversion.
   */
  strings<T>(value: T): T {
    return this.#secrets.size ? (this.#known(value) as T) : value;
  }

  /** Copy-on-write: the same object comes back when no string in it holds a known secret (the usual case: no allocation). */
  #known(value: unknown): unknown {
    if (typeof value === "string") {
      let text = value;
      for (const secret of this.#secrets) if (text.includes(secret)) text = text.split(secret).join(REDACTED);
      return text;
    }
    if (value === null || typeof value !== "object") return value;
    if (Array.isArray(value)) {
      let out: unknown[] | undefined;
      for (let i = 0; i < value.length; i++) {
        const inner: unknown = value[i];
        const next = this.#known(inner);
        if (next !== inner) (out ??= value.slice())[i] = next;
      }
      return out ?? value;
    }
    let out: Record<string, unknown> | undefined;
    const record = value as Record<string, unknown>;
    for (const key in record) {
      if (!Object.hasOwn(record, key)) continue;
      const inner = record[key];
      const next = this.#known(inner);
      if (next !== inner) (out ??= { ...record })[key] = next;
    }
    return out ?? value;
  }

  /** A structured value with secret-named fields redacted (as the importers do) and known secrets removed from strings. */
  value<T>(value: T): T {
    return this.#strings(redactSecrets(value)) as T;
  }

  #strings(value: unknown): unknown {
    if (typeof value === "string") return this.#secrets.size ? this.text(value) : value;
    if (Array.isArray(value)) return value.map((v) => this.#strings(v));
    if (value === null || typeof value !== "object") return value;
    const out: Record<string, unknown> = {};
    for (const [key, inner] of Object.entries(value)) out[key] = this.#strings(inner);
    return out;
  }

  /**
   * One line for an error: its code, then its first message line (at most 500
   * characters), scrubbed, with no control characters (no escape sequence from
   * a server reaches a terminal). `code` is the already classified code, so a
   * message that only repeats it is not printed twice (nor gRPC's own
   * "7 PERMISSION_DENIED: " prefix).
   */
  describe(error: unknown, code: string): string {
    const raw = (error as Error | undefined)?.message ?? String(error);
    const first = raw.split("\n")[0]!.trim().replace(GRPC_PREFIX, "");
    // eslint-disable-next-line no-control-regex
    const message = this.text(first.slice(0, 500)).replace(/[\u0000-\u001f\u007f-\u009f]/g, " ");
    return message && message !== code ? `${code}: ${message}` : code;
  }
}

/**
 * What a run-ending error may keep of the SDK error behind it (its `cause`): a
 * plain Error with the scrubbed first line and the service's code and status,
 * never the SDK's object, whose message, body and request can hold a secret
 * the service echoed (a sign-in server repeating the client secret it refused).
 */
export function scrubbedCause(scrubber: Scrubber, error: unknown, code: string): Error {
  const cause = new Error(scrubber.describe(error, code));
  const e = error as { name?: unknown; statusCode?: unknown } | undefined;
  if (typeof e?.name === "string") cause.name = e.name;
  Object.assign(cause, { code, ...(typeof e?.statusCode === "number" ? { statusCode: e.statusCode } : {}) });
  return cause;
}

// How @grpc/grpc-js starts an error's message: the status number and name.
const GRPC_PREFIX = /^\d+ [A-Z_]+: /;

// Query parameters of signed URLs (Azure SAS, S3 presigned) whose names are not secret-like.
const SIGNATURE_PARAMS = new Set(["sig", "signature", "x-amz-signature", "x-amz-security-token", "x-goog-signature", "client_assertion", "assertion", "refresh_token", "access_token", "id_token"]);
