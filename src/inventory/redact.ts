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
 * `value` with secrets replaced by "[redacted]": the exact `sensitivePaths`
 * the source marks, and layers (a)-(d). Null and empty values are kept (they
 * say "not set", which is evidence); booleans are kept (a flag is never a
 * secret). `value` itself is never changed: what redaction changes is copied
 * (copy-on-write), and the parts it leaves alone are shared with `value`, so
 * a clean record costs no copy. Treat the result as read-only.
 */
export function redactSecrets(value: unknown, sensitivePaths: readonly Path[] = [], options: RedactOptions = {}): unknown {
  const topLevel = options.resourceType ? topLevelSensitive(options.resourceType, options.typeSystem) : undefined;
  let result = walk(value, topLevel, options.found, options.maxDepth ?? MAX_NESTING, 0);
  for (const path of sensitivePaths) result = redactPath(result, path, options.found);
  if (options.resourceType && (options.typeSystem ?? "terraform") === "terraform") {
    for (const path of TERRAFORM_SENSITIVE_EXTRA_PATHS[options.resourceType] ?? []) result = redactPathThroughLists(result, path, options.found);
  }
  return result;
}

// Layer (a) as a Set per type, built once per type rather than once per record.
const topLevelSets = new Map<string, ReadonlySet<string> | undefined>();

function topLevelSensitive(type: string, typeSystem = "terraform"): ReadonlySet<string> | undefined {
  if (typeSystem !== "terraform") return undefined;
  let set = topLevelSets.get(type);
  if (set === undefined && !topLevelSets.has(type)) {
    const names = sensitiveAttributesOf(type, typeSystem);
    set = names.length ? new Set(names) : undefined;
    // Bounded: resource types are a closed vocabulary, but a hostile input could invent many.
    if (topLevelSets.size < 10_000) topLevelSets.set(type, set);
  }
  return set;
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

/** One object or array being walked: where the walk is in it, and its copy once something in it changed. */
interface Frame {
  /** The object as the parent holds it. */
  original: object;
  /** What is read: the object itself, or its plain copy when it was not a plain object. */
  src: Record<string, unknown> | unknown[];
  /** The object's keys (undefined for an array). */
  keys: string[] | undefined;
  length: number;
  next: number;
  /** The copy, made at the first change (copy-on-write); until then the object is unchanged. */
  out: Record<string, unknown> | unknown[] | undefined;
  depth: number;
  parent: Frame | undefined;
  parentKey: string | number;
  /** Layer (c): the key of this object's secret value, when it is a secret-named pair. */
  pairValueKey: string | undefined;
  /** A Kubernetes Secret: its data and stringData go whole. */
  kubernetesSecret: boolean;
  /** Layer (a): the schema-sensitive attribute names, on the top level only. */
  top: ReadonlySet<string> | undefined;
}

/**
 * Iterative walk with redaction: no recursion, whatever the input's depth.
 * Copy-on-write: an object or array is copied (shallowly) only when one of
 * its values changes, and then each of its parents up to the root, so the
 * result shares every untouched part with the input. Safe because nothing
 * is ever written into an object the walk did not copy itself.
 */
function walk(root: unknown, topLevel: ReadonlySet<string> | undefined, found: Findings | undefined, maxDepth: number, startDepth: number): unknown {
  if (root === null || typeof root !== "object") return typeof root === "string" ? redactString(root, found, maxDepth, startDepth) : root;
  let frame = newFrame(root, startDepth + 1, maxDepth, undefined, 0, topLevel);
  for (;;) {
    let descended = false;
    while (frame.next < frame.length) {
      const i = frame.next++;
      const keys = frame.keys;
      if (keys === undefined) {
        const value = (frame.src as unknown[])[i];
        if (value !== null && typeof value === "object") {
          frame = newFrame(value, frame.depth + 1, maxDepth, frame, i, undefined);
          descended = true;
          break;
        }
        if (typeof value === "string") {
          const next = redactString(value, found, maxDepth, frame.depth);
          if (next !== value) set(frame, i, next);
        }
        continue;
      }
      const key = keys[i]!;
      const value = (frame.src as Record<string, unknown>)[key];
      if (value === null || value === undefined || value === "" || value === REDACTED) continue;
      let layer: string | undefined;
      if (frame.top?.has(key)) layer = "schema-sensitive";
      else if (frame.kubernetesSecret && (key === "data" || key === "stringData")) layer = "kubernetes-secret";
      else if (key === frame.pairValueKey) layer = "name-value-pair";
      else if (typeof value === "object") {
        // Objects are walked; a secret-named list goes whole (layer b), a secret-named map is walked (its keys say more).
        if (!Array.isArray(value) || !isSecretName(key)) {
          frame = newFrame(value, frame.depth + 1, maxDepth, frame, key, undefined);
          descended = true;
          break;
        }
        layer = "key-name";
      } else if (typeof value !== "boolean" && isSecretName(key) && !isReferenceValue(value)) layer = "key-name";
      if (layer !== undefined) {
        set(frame, key, REDACTED);
        count(found, layer);
      } else if (typeof value === "string") {
        const next = redactString(value, found, maxDepth, frame.depth);
        if (next !== value) set(frame, key, next);
      }
    }
    if (descended) continue;
    const result = frame.out ?? frame.src;
    const parent = frame.parent;
    if (parent === undefined) return result;
    if (result !== frame.original) set(parent, frame.parentKey, result);
    frame = parent;
  }
}

function newFrame(value: object, depth: number, maxDepth: number, parent: Frame | undefined, parentKey: string | number, top: ReadonlySet<string> | undefined): Frame {
  if (depth > maxDepth) throw new NestingTooDeepError(maxDepth);
  if (Array.isArray(value)) {
    return { original: value, src: value, keys: undefined, length: value.length, next: 0, out: undefined, depth, parent, parentKey, pairValueKey: undefined, kubernetesSecret: false, top: undefined };
  }
  let src = value as Record<string, unknown>;
  let out: Record<string, unknown> | undefined;
  const proto: unknown = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) {
    // Not a plain object (a class instance, a Date, a Buffer): made plain, with its enumerable
    // properties (inherited ones too) as own ones, as a JSON value would have them. The copy is ours.
    const plain: Record<string, unknown> = {};
    for (const key in src) defineValue(plain, key, src[key]);
    src = out = plain;
  }
  const keys = Object.keys(src);
  return { original: value, src, keys, length: keys.length, next: 0, out, depth, parent, parentKey, pairValueKey: secretPairValueKey(src), kubernetesSecret: isKubernetesSecret(src), top };
}

/** Writes into the frame's copy, making it at the first write. */
function set(frame: Frame, key: string | number, value: unknown): void {
  if (frame.keys === undefined) {
    const out = (frame.out ??= (frame.src as unknown[]).slice()) as unknown[];
    out[key as number] = value;
  } else defineValue((frame.out ??= { ...(frame.src as Record<string, unknown>) }) as Record<string, unknown>, key as string, value);
}

/** `record[key] = value`, except that a "__proto__" key (JSON.parse makes it an own property) stays a property. */
function defineValue(record: Record<string, unknown>, key: string, value: unknown): void {
  if (key === "__proto__") Object.defineProperty(record, key, { value, enumerable: true, writable: true, configurable: true });
  else record[key] = value;
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
  // The value key first: most objects have none, and then no name is looked at (a pair's name,
  // such as a resource's own `name`, is often unique, which the name check's cache cannot help).
  let valueKey: string | undefined;
  for (const key of PAIR_VALUE_KEYS) {
    const value = record[key];
    if (value !== undefined && !isBlank(value) && typeof value !== "boolean" && Object.hasOwn(record, key)) {
      valueKey = key;
      break;
    }
  }
  if (valueKey === undefined) return undefined;
  if (typeof record.Type === "string" && SECURE_PAIR_TYPES.includes(record.Type)) return valueKey;
  for (const key of PAIR_NAME_KEYS) {
    const name = record[key];
    if (typeof name === "string") return isSecretName(name) ? valueKey : undefined;
  }
  return undefined;
}

// Strings that hold a JSON document (ECS container definitions, IAM and
// bucket policies, Config's stringified configuration) are redacted as
// structures, and written back as JSON when anything in them changed.
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
      // Copy-on-write: a different object back means something in it was redacted.
      const redacted = walk(parsed, undefined, found, maxDepth, depth);
      return redacted !== parsed ? JSON.stringify(redacted) : value;
    }
  }
  return redactValue(value, found);
}

/** Replaces the value at `path`, copying the objects on the way (the walk's result may share them with the input). */
function redactPath(root: unknown, path: Path, found: Findings | undefined): unknown {
  if (path.length === 0) return root;
  const chain: Record<string | number, unknown>[] = [];
  let current: unknown = root;
  for (let i = 0; i < path.length - 1; i++) {
    if (current === null || typeof current !== "object") return root;
    chain.push(current as Record<string | number, unknown>);
    current = (current as Record<string | number, unknown>)[path[i]!];
  }
  if (current === null || typeof current !== "object") return root;
  const record = current as Record<string | number, unknown>;
  const last = path[path.length - 1]!;
  if (!(last in record) || record[last] === null || record[last] === REDACTED) return root;
  count(found, "source-marked");
  let replaced: unknown = REDACTED;
  let key: string | number = last;
  let target: Record<string | number, unknown> = record;
  for (let i = path.length - 1; ; i--) {
    const copy = (Array.isArray(target) ? target.slice() : { ...target }) as Record<string | number, unknown>;
    if (key === "__proto__") defineValue(copy as Record<string, unknown>, key, replaced);
    else copy[key] = replaced;
    replaced = copy;
    if (i === 0) return replaced;
    target = chain[i - 1]!;
    key = path[i - 1]!;
  }
}

/**
 * Replaces the value at `path`, going through every element of the lists met
 * on the way (SDK v2 blocks are lists), copying what it changes.
 */
function redactPathThroughLists(root: unknown, path: readonly string[], found: Findings | undefined): unknown {
  return replaceThroughLists(root, path, 0, found);
}

// Recursive on the path's length only (a fixed, short list in redaction/terraform-sensitive-extra.ts), not on the input.
function replaceThroughLists(node: unknown, path: readonly string[], i: number, found: Findings | undefined): unknown {
  if (Array.isArray(node)) {
    let out: unknown[] | undefined;
    for (let n = 0; n < node.length; n++) {
      const item: unknown = node[n];
      // Lists met on the way are gone through one level, as SDK v2 blocks are.
      if (item === null || typeof item !== "object" || Array.isArray(item)) continue;
      const next = replaceThroughLists(item, path, i, found);
      if (next !== item) (out ??= node.slice())[n] = next;
    }
    return out ?? node;
  }
  if (node === null || typeof node !== "object") return node;
  const record = node as Record<string, unknown>;
  const key = path[i]!;
  if (!(key in record)) return node;
  let next: unknown;
  if (i === path.length - 1) {
    if (isBlank(record[key])) return node;
    next = REDACTED;
    count(found, "schema-sensitive");
  } else {
    next = replaceThroughLists(record[key], path, i + 1, found);
    if (next === record[key]) return node;
  }
  const copy = { ...record };
  defineValue(copy, key, next);
  return copy;
}

/** True when some recognisable secret pattern occurs in `text` (layer d). */
export function hasSecretPattern(text: string): boolean {
  return findSecretPatterns(text).length > 0;
}
