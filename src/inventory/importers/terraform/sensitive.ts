/**
 * Reads which attribute paths Terraform marks sensitive, in both formats, so
 * they can be redacted along with the secret-named keys.
 */
import type { AttributePath } from "./instance.js";
import { isPlainObject } from "./instance.js";

export interface SensitivePaths {
  paths: AttributePath[];
  /** Some marking could not be read at all: the caller must withhold the attributes. */
  unreadable: boolean;
}

/**
 * State v4 `sensitive_attributes`: a list of cty paths, each a list of steps
 * `{ "type": "get_attr", "value": "password" }` or
 * `{ "type": "index", "value": { "value": 0, "type": "number" } }` (the index
 * key in cty's typed JSON). See unmarshalPaths in
 * https://github.com/hashicorp/terraform/blob/main/internal/states/statefile/version4.go
 *
 * A path is cut at the first step that is not an attribute name or a scalar
 * index (a set element is indexed by its whole value): redacting the
 * enclosing value hides more than needed, never less.
 */
export function stateSensitivePaths(raw: unknown): SensitivePaths {
  if (raw === undefined || raw === null) return { paths: [], unreadable: false };
  if (!Array.isArray(raw)) return { paths: [], unreadable: true };
  const paths: AttributePath[] = [];
  let unreadable = false;
  for (const entry of raw) {
    // Each entry is a path (a list of steps). A bare step or attribute name in
    // place of a path, as some hand-written or tool-rewritten states have, is
    // read as a path of one step.
    const steps: unknown[] | undefined = Array.isArray(entry) ? entry : isPlainObject(entry) || typeof entry === "string" ? [entry] : undefined;
    if (!steps) {
      unreadable = true;
      continue;
    }
    const path: (string | number)[] = [];
    for (const step of steps) {
      const key = stepKey(step);
      if (key === undefined) break;
      path.push(key);
    }
    // An empty path marks the whole object; an unreadable first step leaves nothing to cut to.
    if (path.length === 0) unreadable = true;
    else paths.push(path);
  }
  return { paths, unreadable };
}

function stepKey(step: unknown): string | number | undefined {
  if (typeof step === "string") return step;
  if (!isPlainObject(step)) return undefined;
  if (step.type === "get_attr") return typeof step.value === "string" ? step.value : undefined;
  if (step.type !== "index") return undefined;
  // cty's typed JSON ({ value, type }); a bare key is accepted too.
  const key = isPlainObject(step.value) ? step.value.value : step.value;
  return typeof key === "string" || typeof key === "number" ? key : undefined;
}

/**
 * `terraform show -json` `sensitive_values`: the shape of `values` with
 * `true` where a value is sensitive and non-sensitive leaves omitted or false
 * (https://developer.hashicorp.com/terraform/internals/json-format#values-representation).
 */
export function showSensitivePaths(raw: unknown): SensitivePaths {
  if (raw === undefined || raw === null || raw === false) return { paths: [], unreadable: false };
  // The whole object sensitive, or a shape this importer does not know.
  if (!isPlainObject(raw)) return { paths: [], unreadable: true };
  const paths: AttributePath[] = [];
  collect(raw, [], paths);
  return { paths, unreadable: false };
}

function collect(marks: unknown, path: (string | number)[], into: AttributePath[]): void {
  if (marks === true) {
    into.push([...path]);
    return;
  }
  if (Array.isArray(marks)) marks.forEach((inner, index) => collect(inner, [...path, index], into));
  else if (isPlainObject(marks)) for (const [key, inner] of Object.entries(marks)) collect(inner, [...path, key], into);
}
