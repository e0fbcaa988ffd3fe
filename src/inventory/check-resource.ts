import type { Resource } from "../types.js";
import { TYPE_SYSTEM_LIST } from "../catalog/type-systems.js";

const ACCOUNT_TYPES = new Set(["aws-account", "azure-subscription", "gcp-project", "other"]);
const SYSTEMS = new Set<string>(TYPE_SYSTEM_LIST);

/**
 * A fast structural check of a normalized resource read from NDJSON: the
 * first field that is missing or of the wrong type, or undefined when the
 * record is a valid Resource. Hand-written (rather than zod) because it runs
 * once per record on million-record inputs; test/inventory keeps it in step
 * with ResourceSchema.
 */
export function checkResource(value: unknown): string | undefined {
  if (value === null || typeof value !== "object" || Array.isArray(value)) return "record must be a JSON object";
  const r = value as Record<string, unknown>;
  for (const field of ["uid", "provider", "type"] as const) {
    if (typeof r[field] !== "string" || r[field] === "") return `${field}: must be a non-empty string`;
  }
  if (typeof r.typeSystem !== "string" || !SYSTEMS.has(r.typeSystem)) return `typeSystem: must be one of ${TYPE_SYSTEM_LIST.join(", ")}`;
  const account = r.account as Record<string, unknown> | undefined;
  if (account === null || typeof account !== "object" || Array.isArray(account)) return "account: must be an object";
  if (typeof account.uid !== "string" || account.uid === "") return "account.uid: must be a non-empty string";
  if (typeof account.type !== "string" || !ACCOUNT_TYPES.has(account.type)) return "account.type: must be aws-account, azure-subscription, gcp-project or other";
  if (r.tags === null || typeof r.tags !== "object" || Array.isArray(r.tags)) return "tags: must be an object of strings";
  for (const key in r.tags as object) {
    if (typeof (r.tags as Record<string, unknown>)[key] !== "string") return `tags: value of "${key}" must be a string`;
  }
  const source = r.source as Record<string, unknown> | undefined;
  if (source === null || typeof source !== "object" || typeof source.kind !== "string") return "source.kind: must be a string";
  for (const field of ["region", "zone", "name", "createdAt"] as const) {
    if (r[field] !== undefined && typeof r[field] !== "string") return `${field}: must be a string`;
  }
  if (r.attributes !== undefined && (r.attributes === null || typeof r.attributes !== "object" || Array.isArray(r.attributes))) {
    return "attributes: must be an object";
  }
  return undefined;
}

export function isResource(value: unknown): value is Resource {
  return checkResource(value) === undefined;
}
