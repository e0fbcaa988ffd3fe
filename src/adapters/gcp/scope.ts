/**
 * The scopes a GCP run reads, checked before anything starts: Cloud Asset
 * takes `projects/ID` (or number), `folders/NUMBER` and
 * `organizations/NUMBER`; folders and organizations by display name are
 * refused with a message saying numbers are required.
 */
import { CloudSrmError } from "../../errors.js";
import type { GcpInventoryOptions } from "./types.js";

export interface ParsedScope {
  scope: string;
  kind: "project" | "folder" | "organization";
  id: string;
}

// Project ids: 6-30 lower-case letters, digits and hyphens, starting with a letter; numbers are digits.
// https://cloud.google.com/resource-manager/docs/creating-managing-projects#before_you_begin
const PROJECT = /^([a-z][a-z0-9-]{4,28}[a-z0-9]|\d+)$/;
// Domain-scoped legacy project ids ("example.com:my-project") are still valid.
const LEGACY_PROJECT = /^[a-z0-9.-]+:[a-z][a-z0-9-]{4,28}[a-z0-9]$/;

export function parseScope(text: string): ParsedScope {
  const value = text.trim();
  const match = /^(projects|folders|organizations)\/(.+)$/.exec(value);
  if (!match) throw new CloudSrmError("GCP_SCOPE", `GCP scope "${value}" must be projects/ID, folders/NUMBER or organizations/NUMBER`);
  const [, collection, id] = match as unknown as [string, string, string];
  if (collection === "projects") {
    if (!PROJECT.test(id) && !LEGACY_PROJECT.test(id)) throw new CloudSrmError("GCP_SCOPE", `GCP scope "${value}": "${id}" is not a project id or number`);
    return { scope: value, kind: "project", id };
  }
  const kind = collection === "folders" ? "folder" : "organization";
  if (!/^\d+$/.test(id)) {
    throw new CloudSrmError("GCP_SCOPE", `GCP scope "${value}": a ${kind} is named by its number, not its name (gcloud ${kind === "folder" ? "resource-manager folders list --organization ORG_NUMBER" : "organizations list"} shows it)`);
  }
  return { scope: value, kind, id };
}

/** The options' scopes and named projects, de-duplicated, in order. */
export function parseScopes(options: GcpInventoryOptions): ParsedScope[] {
  const texts = typeof options.scope === "string" ? [options.scope] : [...(options.scope ?? [])];
  const roots = texts.map(parseScope);
  const projects = (options.projects ?? []).map((p) => parseScope(p.startsWith("projects/") ? p : `projects/${p}`));
  if (roots.length === 0 && projects.length === 0) {
    throw new CloudSrmError("GCP_SCOPE", "a GCP inventory needs a scope (projects/ID, folders/NUMBER or organizations/NUMBER) or projects");
  }
  const out: ParsedScope[] = [];
  for (const scope of [...roots, ...(roots.some((r) => r.kind !== "project") ? [] : projects)]) if (!out.some((o) => o.scope === scope.scope)) out.push(scope);
  return out;
}
