/**
 * Removes secrets from configuration before it becomes a resource's
 * attributes. Exports carry secrets in clear text whatever their own
 * markings say (a Terraform state with an empty `sensitive_attributes` still
 * holds the database password), so redaction does not depend on the
 * exporter's honesty. Four layers, all data:
 *
 * (a) per resource type, the attributes the provider's own schema marks
 *     sensitive (redaction/terraform-sensitive.ts, generated with its
 *     provenance by test/tools/generate-sensitive-attributes.mjs; kubernetes
 *     and helm, which no generated package describes, are listed by hand with
 *     their sources in redaction/terraform-sensitive-extra.ts), plus the exact
 *     paths the source marks (Terraform `sensitive_attributes`/`sensitive_values`),
 *     plus the `data`/`stringData` of any Kubernetes Secret object wherever it
 *     sits (a `kubernetes_manifest`, a rendered Helm manifest);
 * (b) key names (redaction/key-names.ts);
 * (c) name/value pairs whose name is secret-like (`[{name, value}]`,
 *     `{Key, Value}`, `{ParameterKey, ParameterValue}`);
 * (d) value patterns wherever the value sits: private keys, kubeconfigs with
 *     credentials, passwords in URLs and connection strings, cloud access
 *     keys, JWTs, well-known token prefixes (redaction/value-patterns.ts).
 *     JSON documents stored as strings (ECS container definitions, policies)
 *     are parsed and redacted as structures.
 *
 * Nothing here recurses on the input's depth: the walk keeps its own stack,
 * and a value nested deeper than MAX_NESTING levels is refused with
 * NestingTooDeepError (one record, not the whole import).
 *
 * Live adapters call `redactResource` (or `redactSecrets` on a configuration
 * object) on every resource they emit.
 */
import type { Resource } from "../types.js";
import { isReferenceValue, isSecretName, PAIR_NAME_KEYS, PAIR_VALUE_KEYS, SECURE_PAIR_TYPES } from "./redaction/key-names.js";
import { REDACTED } from "./redaction/marker.js";
import { TERRAFORM_SENSITIVE } from "./redaction/terraform-sensitive.js";
import { TERRAFORM_SENSITIVE_EXTRA, TERRAFORM_SENSITIVE_EXTRA_PATHS } from "./redaction/terraform-sensitive-extra.js";
import { findSecretPatterns, redactValue, type Findings } from "./redaction/value-patterns.js";

export { REDACTED } from "./redaction/marker.js";
export { findSecretPatterns } from "./redaction/value-patterns.js";
export type { Findings } from "./redaction/value-patterns.js";

/** Deepest nesting accepted in one record (real configurations stay far below it). */
export const MAX_NESTING = 256;

/** Thrown for a value nested deeper than MAX_NESTING: the caller reports the record and goes on. */
export class NestingTooDeepError extends Error {
  constructor(readonly limit: number = MAX_NESTING) {
    super(`nested more than ${limit} levels deep; record not imported`);
    this.name = "NestingTooDeepError";
  }
}

/** True when an attribute name is one that holds a secret (layer b). */
export function isSecretKey(key: string): boolean {
  return isSecretName(key);
}

/** The attributes a resource type's provider schema marks sensitive (layer a); empty when unknown. */
export function sensitiveAttributesOf(type: string, typeSystem = "terraform"): readonly string[] {
  if (typeSystem !== "terraform") return [];
  const extra = TERRAFORM_SENSITIVE_EXTRA[type];
  if (!extra) return TERRAFORM_SENSITIVE[type] ?? [];
  return [...(TERRAFORM_SENSITIVE[type] ?? []), ...extra.flatMap((e) => e.attributes)];
}

export interface RedactOptions {
  /** Resource type, for layer (a): `aws_db_instance` with typeSystem "terraform". */
  resourceType?: string;
  typeSystem?: string;
  /** Counts what was redacted, by layer/pattern name (for `npm run corpus` and tests). */
  found?: Findings;
  maxDepth?: number;
}

type Path = readonly (string | number)[];

/**
 * A copy of `value` with secrets replaced by "[redacted]": the exact
 * `sensitivePaths` the source marks, and layers (a)-(d). Null and empty
 * values are kept (they say "not set", which is evidence); booleans are kept
 * (a flag is never a secret).
 */
export function redactSecrets(value: unknown, sensitivePaths: readonly Path[] = [], options: RedactOptions = {}): unknown {
  const topLevel = options.resourceType ? new Set(sensitiveAttributesOf(options.resourceType, options.typeSystem)) : undefined;
  const copy = walk(value, topLevel, options.found, options.maxDepth ?? MAX_NESTING, 0);
  for (const path of sensitivePaths) redactPath(copy, path, options.found);
  if (options.resourceType && (options.typeSystem ?? "terraform") === "terraform") {
    for (const path of TERRAFORM_SENSITIVE_EXTRA_PATHS[options.resourceType] ?? []) redactPathThroughLists(copy, path, options.found);
  }
  return copy;
}

/** Layer (d) on one free-text value (a problem message, a name). */
export function redactText(text: string, found?: Findings): string {
  return redactValue(text, found);
}

/**
 * The resource with its attributes, tags and name redacted. Every importer
 * runs it on what it emits; adapters should too.
 */
export function redactResource(resource: Resource, sensitivePaths: readonly Path[] = [], found?: Findings): Resource {
  const out: Resource = { ...resource };
  if (resource.attributes) {
    out.attributes = redactSecrets(resource.attributes, sensitivePaths, { resourceType: resource.type, typeSystem: resource.typeSystem, ...(found ? { found } : {}) }) as Record<string, unknown>;
  }
  out.tags = redactTags(resource.tags, found);
  if (resource.name) out.name = redactValue(resource.name, found);
  return out;
}

/** Tags: a secret-named key or a secret-looking value loses its value (layers b and d). */
export function redactTags(tags: Record<string, string>, found?: Findings): Record<string, string> {
  let out: Record<string, string> | undefined;
  for (const key in tags) {
    const value = tags[key]!;
    if (value === "" || value === REDACTED) continue;
    let next: string;
    if (isSecretName(key) && !isReferenceValue(value)) {
      next = REDACTED;
      count(found, "key-name");
    } else next = redactValue(value, found);
    if (next !== value) (out ??= { ...tags })[key] = next;
  }
  return out ?? tags;
}

/**
 * How many values in `value` redaction would still change: 0 for output that
 * is clean. Used to check outputs (the corpus command, tests).
 */
export function countSecrets(resource: Resource): number {
  const found: Findings = {};
  redactResource(resource, [], found);
  return Object.values(found).reduce((a, b) => a + b, 0);
}

function count(found: Findings | undefined, name: string): void {
  if (found) found[name] = (found[name] ?? 0) + 1;
}

interface Frame {
  src: unknown;
  dst: Record<string, unknown> | unknown[];
  depth: number;
}

/** Iterative deep copy with redaction: no recursion, whatever the input's depth. */
function walk(root: unknown, topLevel: Set<string> | undefined, found: Findings | undefined, maxDepth: number, startDepth: number): unknown {
  if (root === null || typeof root !== "object") return typeof root === "string" ? redactString(root, found, maxDepth, startDepth) : root;
  const rootCopy: Record<string, unknown> | unknown[] = Array.isArray(root) ? [] : {};
  const stack: Frame[] = [{ src: root, dst: rootCopy, depth: startDepth + 1 }];
  const child = (value: unknown, depth: number): unknown => {
    if (value === null || typeof value !== "object") return typeof value === "string" ? redactString(value, found, maxDepth, depth) : value;
    const copy: Record<string, unknown> | unknown[] = Array.isArray(value) ? [] : {};
    stack.push({ src: value, dst: copy, depth: depth + 1 });
    return copy;
  };
  while (stack.length) {
    const { src, dst, depth } = stack.pop()!;
    if (depth > maxDepth) throw new NestingTooDeepError(maxDepth);
    if (Array.isArray(src)) {
      const out = dst as unknown[];
      for (let i = 0; i < src.length; i++) out[i] = child(src[i], depth);
      continue;
    }
    const record = src as Record<string, unknown>;
    const out = dst as Record<string, unknown>;
    const pairValueKey = secretPairValueKey(record);
    const kubernetesSecret = isKubernetesSecret(record);
    const top = depth === 1 ? topLevel : undefined;
    for (const key in record) {
      const value = record[key];
      if (isBlank(value)) {
        out[key] = value;
        continue;
      }
      if (top?.has(key)) {
        out[key] = REDACTED;
        count(found, "schema-sensitive");
      } else if (kubernetesSecret && (key === "data" || key === "stringData")) {
        out[key] = REDACTED;
        count(found, "kubernetes-secret");
      } else if (key === pairValueKey) {
        out[key] = REDACTED;
        count(found, "name-value-pair");
      } else if (typeof value !== "boolean" && (typeof value !== "object" || Array.isArray(value)) && isSecretName(key) && !isReferenceValue(value)) {
        out[key] = REDACTED;
        count(found, "key-name");
      } else out[key] = child(value, depth);
    }
  }
  return rootCopy;
}

/** A Kubernetes Secret object (`kind: Secret` with an `apiVersion`), as a `kubernetes_manifest` or a rendered chart holds it. */
function isKubernetesSecret(record: Record<string, unknown>): boolean {
  return record.kind === "Secret" && typeof record.apiVersion === "string";
}

function isBlank(value: unknown): boolean {
  return value === null || value === undefined || value === "" || value === REDACTED;
}

/** Layer (c): the value key of a `{name, value}` pair whose name is secret-like, if this object is one. */
function secretPairValueKey(record: Record<string, unknown>): string | undefined {
  let name: unknown;
  for (const key of PAIR_NAME_KEYS) {
    if (typeof record[key] === "string") {
      name = record[key];
      break;
    }
  }
  const secure = typeof record.Type === "string" && SECURE_PAIR_TYPES.includes(record.Type);
  if (!secure && (typeof name !== "string" || !isSecretName(name))) return undefined;
  for (const key of PAIR_VALUE_KEYS) if (key in record && !isBlank(record[key]) && typeof record[key] !== "boolean") return key;
  return undefined;
}

// Strings that hold a JSON document (ECS container definitions, IAM and
// bucket policies, Config's stringified configuration) are redacted as
// structures, and written back as JSON.
function redactString(value: string, found: Findings | undefined, maxDepth: number, depth: number): string {
  const first = value.charCodeAt(0);
  if ((first === 123 || first === 91) && value.length > 1 && value.length < 8 << 20) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(value);
    } catch {
      parsed = undefined;
    }
    if (parsed !== null && typeof parsed === "object") {
      const before = found ? total(found) : 0;
      const local: Findings = found ?? {};
      const redacted = walk(parsed, undefined, local, maxDepth, depth);
      return (found ? total(found) : total(local)) > before ? JSON.stringify(redacted) : value;
    }
  }
  return redactValue(value, found);
}

function total(found: Findings): number {
  let sum = 0;
  for (const key in found) sum += found[key]!;
  return sum;
}

function redactPath(root: unknown, path: Path, found: Findings | undefined): void {
  if (path.length === 0) return;
  let current = root as Record<string | number, unknown> | undefined;
  for (let i = 0; i < path.length - 1; i++) {
    const next = current?.[path[i]!];
    if (next === null || typeof next !== "object") return;
    current = next as Record<string | number, unknown>;
  }
  const last = path[path.length - 1]!;
  if (current && last in current && current[last] !== null && current[last] !== REDACTED) {
    current[last] = REDACTED;
    count(found, "source-marked");
  }
}

/** Replaces the value at `path`, going through every element of the lists met on the way (SDK v2 blocks are lists). */
function redactPathThroughLists(root: unknown, path: readonly string[], found: Findings | undefined): void {
  let level: unknown[] = [root];
  for (let i = 0; i < path.length; i++) {
    const next: unknown[] = [];
    for (let node of level) {
      const items = Array.isArray(node) ? node : [node];
      for (node of items) {
        if (node === null || typeof node !== "object" || Array.isArray(node)) continue;
        const record = node as Record<string, unknown>;
        const key = path[i]!;
        if (!(key in record)) continue;
        if (i === path.length - 1) {
          if (!isBlank(record[key])) {
            record[key] = REDACTED;
            count(found, "schema-sensitive");
          }
        } else next.push(record[key]);
      }
    }
    level = next;
  }
}

/** True when some recognisable secret pattern occurs in `text` (layer d). */
export function hasSecretPattern(text: string): boolean {
  return findSecretPatterns(text).length > 0;
}
