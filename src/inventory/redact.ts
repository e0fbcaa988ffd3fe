/**
 * Removes secrets from configuration before it becomes a resource's
 * attributes: Terraform state holds database passwords, private keys and
 * tokens in clear text, and nothing the library prints may carry them.
 */

// Attribute names that hold secrets in the providers' schemas (password,
// master_password, private_key, client_secret, access_key_secret, sas_token,
// connection_string, primary_access_key...). Public material (public_key,
// key_name, kms_key_id, key_vault_id) is deliberately not matched.
const SECRET_KEY = /(pass(word|wd|phrase)?|secret|private[_-]?key|token|credential|connection[_-]?string|access[_-]?key|account[_-]?key|primary[_-]?key|secondary[_-]?key|shared[_-]?key|sas|auth[_-]?key|api[_-]?key|client[_-]?key|client[_-]?certificate[_-]?key|signing[_-]?key)$/i;
const PUBLIC_KEY = /(public[_-]?key|key[_-]?(name|id|arn|vault[_-]?id|version)|kms[_-]?key[_-]?(id|arn|name)|key[_-]?pair)$/i;

/** True when an attribute name is one that holds a secret. */
export function isSecretKey(key: string): boolean {
  return SECRET_KEY.test(key) && !PUBLIC_KEY.test(key);
}

/** Marker left where a secret was, so evidence can tell "set" from "absent" without the value. */
export const REDACTED = "[redacted]";

/**
 * A deep copy of `value` with secret-named keys replaced by a marker, plus the
 * exact paths the source itself marks sensitive (Terraform's
 * `sensitive_attributes` / `sensitive_values`).
 */
export function redactSecrets(value: unknown, sensitivePaths: readonly (readonly (string | number)[])[] = []): unknown {
  const copy = redactByName(value);
  for (const path of sensitivePaths) redactPath(copy, path);
  return copy;
}

function redactByName(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(redactByName);
  if (value === null || typeof value !== "object") return value;
  const out: Record<string, unknown> = {};
  for (const [key, inner] of Object.entries(value)) {
    out[key] = isSecretKey(key) && inner !== null && inner !== "" && (typeof inner !== "object" || Array.isArray(inner)) ? REDACTED : redactByName(inner);
  }
  return out;
}

function redactPath(root: unknown, path: readonly (string | number)[]): void {
  if (path.length === 0) return;
  let current = root as Record<string | number, unknown> | undefined;
  for (let i = 0; i < path.length - 1; i++) {
    const next = current?.[path[i]!];
    if (next === null || typeof next !== "object") return;
    current = next as Record<string | number, unknown>;
  }
  const last = path[path.length - 1]!;
  if (current && last in current && current[last] !== null) current[last] = REDACTED;
}
