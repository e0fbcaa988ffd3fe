import type { Problem } from "../errors.js";
import { detectTypeSystem, typeKey } from "../catalog/type-system.js";
import { TYPE_SYSTEM_LIST } from "../catalog/type-systems.js";
import type { CellOverride, Control, Service, ServiceModel } from "../types.js";
import type { SourceFile } from "./source-file.js";

export interface CatalogParts {
  controls: readonly Control[];
  controlsSource: SourceFile;
  models: readonly { model: ServiceModel; source: SourceFile }[];
  services: readonly { service: Service; source: SourceFile; relativePath: string }[];
  /** The built-in catalog's stricter rules (https citations, no third-party owners, framework coverage). */
  strict: boolean;
}

/**
 * Rules that span files or that a schema cannot express: every model covers
 * every control, ids are unique and match file paths, cells name known
 * controls, citations are URLs, and each native type belongs to one service.
 */
export function lintCatalog(parts: CatalogParts): Problem[] {
  const problems: Problem[] = [];
  const controlIds = new Set<string>();

  parts.controls.forEach((control, index) => {
    const at = (field: string, message: string) =>
      problems.push(parts.controlsSource.problemAt(["controls", index, field], message));
    if (controlIds.has(control.id)) at("id", `duplicate control id "${control.id}"`);
    controlIds.add(control.id);
    if (parts.strict) {
      if (!control.frameworks["nist-800-53"]?.length) at("frameworks", "must map to at least one NIST SP 800-53 control");
      if (!control.frameworks.ccm?.length) at("frameworks", "must map to at least one CSA CCM v4 control");
    }
  });

  for (const { model, source } of parts.models) {
    for (const id of controlIds) {
      if (!model.cells[id]) problems.push(source.problemAt(["cells"], `missing cell for control "${id}"`, { key: true }));
    }
    lintCells(model.cells, source, controlIds, parts.strict, problems);
  }

  const serviceIds = new Map<string, string>();
  const typeOwners = new Map<string, string>();
  for (const { service, source, relativePath } of parts.services) {
    const [provider, name] = service.id.split(".") as [string, string];
    const expected = `${provider}/${name}.yaml`;
    if (relativePath !== expected) {
      problems.push(source.problemAt(["id"], `"${service.id}" must live in services/${expected}, not services/${relativePath}`));
    }
    if (service.provider !== provider) {
      problems.push(source.problemAt(["provider"], `must be "${provider}", the prefix of the id "${service.id}"`));
    }
    const seenIn = serviceIds.get(service.id);
    if (seenIn) problems.push(source.problemAt(["id"], `duplicate service id "${service.id}" (also in ${seenIn})`));
    serviceIds.set(service.id, source.file);
    lintCells(service.cells ?? {}, source, controlIds, parts.strict, problems);
    problems.push(...lintConfirmed(service, source, controlIds));
    problems.push(...lintTypes(service, source, typeOwners));
  }
  const byId = new Map(parts.services.map((s) => [s.service.id, s.service]));
  // Evidence checks must name types that map to the cell's own service (or,
  // for a variant, its base): a rule on someone else's type would never run.
  const ownerOfType = new Map<string, string>();
  for (const [key, owner] of typeOwners) ownerOfType.set(key.slice(key.indexOf("|") + 1), owner);
  const ruleIds = new Map<string, string>();
  for (const { service, source } of parts.services) {
    const owners = new Set([service.id, service.variantOf?.service]);
    for (const [control, cell] of Object.entries(service.cells ?? {})) {
      (cell.evidence ?? []).forEach((rule, r) => {
        const seen = ruleIds.get(rule.id);
        if (seen) problems.push(source.problemAt(["cells", control, "evidence", r, "id"], `duplicate evidence rule id "${rule.id}" (also in ${seen})`));
        ruleIds.set(rule.id, `${service.id} ${control}`);
        (rule.sources ?? []).forEach((url, u) => {
          if (!/^https:\/\/\S+$/.test(url)) problems.push(source.problemAt(["cells", control, "evidence", r, "sources", u], "must be an https URL of the provider's documentation"));
        });
      });
      (cell.evidence ?? []).forEach((rule, r) =>
        rule.checks.forEach((check, c) =>
          check.types.forEach((type, t) => {
            const owner = ownerOfType.get(type.toLowerCase());
            if (!owners.has(owner)) {
              problems.push(
                source.problemAt(["cells", control, "evidence", r, "checks", c, "types", t], owner ? `type "${type}" belongs to ${owner}, not ${service.id}` : `type "${type}" is not a native type of any service`),
              );
            }
          }),
        ),
      );
    }
  }
  for (const { service, source } of parts.services) {
    if (!service.variantOf) continue;
    const base = byId.get(service.variantOf.service);
    const at = ["variantOf", "service"];
    if (!base) problems.push(source.problemAt(at, `unknown service "${service.variantOf.service}"`));
    else if (base.variantOf) problems.push(source.problemAt(at, `${base.id} is itself a variant; point at the base service`));
    else if (base.provider !== service.provider) problems.push(source.problemAt(at, `${base.id} belongs to another provider`));
    else if (base.id === service.id) problems.push(source.problemAt(at, "a service cannot be a variant of itself"));
  }
  return problems;
}

/** `confirmed` names known controls, once each, and none that the service also overrides under `cells`. */
export function lintConfirmed(service: Pick<Service, "cells" | "confirmed">, source: SourceFile, controlIds: ReadonlySet<string>): Problem[] {
  const problems: Problem[] = [];
  const seen = new Set<string>();
  (service.confirmed ?? []).forEach((id, index) => {
    const path = ["confirmed", index];
    if (!controlIds.has(id)) problems.push(source.problemAt(path, `unknown control id "${id}"`));
    else if (seen.has(id)) problems.push(source.problemAt(path, `"${id}" is listed twice`));
    else if (service.cells?.[id]) problems.push(source.problemAt(path, `"${id}" is overridden under cells; a control is either confirmed as inherited or overridden, not both`));
    seen.add(id);
  });
  return problems;
}

/** Checks a service's native types have the shape of their system and belong to it alone. */
export function lintTypes(service: Pick<Service, "id" | "types">, source: SourceFile, owners: Map<string, string>): Problem[] {
  const problems: Problem[] = [];
  for (const system of TYPE_SYSTEM_LIST) {
    (service.types?.[system] ?? []).forEach((type, index) => {
      const path = ["types", system, index];
      if (detectTypeSystem(type) !== system) {
        problems.push(source.problemAt(path, `"${type}" does not look like a ${system} type`));
      }
      const key = typeKey(system, type);
      const owner = owners.get(key);
      if (owner && owner !== service.id) {
        problems.push(source.problemAt(path, `${system} type "${type}" already belongs to ${owner}; a native type maps to one service only`));
      } else if (owner === service.id) {
        problems.push(source.problemAt(path, `${system} type "${type}" is listed twice`));
      }
      owners.set(key, service.id);
    });
  }
  return problems;
}

/** Checks a cells mapping: known control ids, and in the built-in catalog https citations and no third-party owners. */
export function lintCells(
  cells: Readonly<Record<string, Partial<CellOverride>>>,
  source: SourceFile,
  controlIds: ReadonlySet<string>,
  strict: boolean,
  problems: Problem[],
  prefix: readonly (string | number)[] = [],
): void {
  for (const [id, cell] of Object.entries(cells)) {
    const path = [...prefix, "cells", id];
    if (!controlIds.has(id)) {
      problems.push(source.problemAt(path, `unknown control id "${id}"`, { key: true }));
      continue;
    }
    if (!strict) continue;
    if (cell.owner === "third-party") {
      problems.push(source.problemAt([...path, "owner"], "third-party is for user overlays, not the built-in catalog"));
    }
    (cell.sources ?? []).forEach((url, index) => {
      if (!isHttpsUrl(url)) problems.push(source.problemAt([...path, "sources", index], `"${url}" must be an https URL`));
    });
  }
}

export function isHttpsUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === "https:" && url.hostname.includes(".");
  } catch {
    return false;
  }
}

/**
 * Unknown control ids in a file whose schema check failed (so the full lint
 * never ran): a file with a bad owner and a mistyped control id gets both
 * reported in one pass. `at` lists where cells mappings live in the raw value
 * ("cells" for a service file, "services.<id>.cells" for an overlay).
 */
export function unknownControlKeys(source: SourceFile, controlIds: ReadonlySet<string>, kind: "service" | "overlay"): Problem[] {
  const value = source.value as Record<string, unknown> | undefined;
  const problems: Problem[] = [];
  const check = (cells: unknown, prefix: (string | number)[]) => {
    if (!cells || typeof cells !== "object" || Array.isArray(cells)) return;
    for (const id of Object.keys(cells)) {
      // Keys that are not even shaped like an id already get a schema problem.
      if (/^[a-z]+\.[a-z0-9-]+$/.test(id) && !controlIds.has(id)) {
        problems.push(source.problemAt([...prefix, "cells", id], `unknown control id "${id}"`, { key: true }));
      }
    }
  };
  if (!value || typeof value !== "object") return problems;
  if (kind === "service") check(value.cells, []);
  else if (value.services && typeof value.services === "object") {
    for (const [id, patch] of Object.entries(value.services as Record<string, unknown>)) {
      check((patch as Record<string, unknown> | null)?.cells, ["services", id]);
    }
  }
  return problems;
}
