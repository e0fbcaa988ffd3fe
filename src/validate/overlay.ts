import type { Problem } from "../errors.js";
import { Catalog, type OverlayLayer } from "../catalog/catalog.js";
import { typeKey } from "../catalog/type-system.js";
import { TYPE_SYSTEM_LIST } from "../catalog/type-systems.js";
import { OverlaySchema } from "../schema/index.js";
import type { CellOverride, CompiledCatalog, Overlay, Service, TagPolicy } from "../types.js";
import { parseWith } from "./compile-catalog.js";
import { lintCells, lintTypes } from "./lint-catalog.js";
export { unknownControlKeys } from "./lint-catalog.js";
import { readSourceFile, virtualSource, type SourceFile } from "./source-file.js";

/** An overlay that passed its schema, with the file it came from for locating later problems. */
export interface ParsedOverlay {
  overlay: Overlay;
  source: SourceFile;
}

/** Reads and schema-checks an overlay file (YAML or JSON). */
export async function readOverlayFile(file: string): Promise<{ parsed?: ParsedOverlay; source: SourceFile; problems: Problem[] }> {
  const source = await readSourceFile(file);
  const problems: Problem[] = [];
  const overlay = parseWith(source, OverlaySchema, problems);
  return overlay ? { parsed: { overlay, source }, source, problems } : { source, problems };
}

/** Schema-checks an overlay handed over as an object. */
export function parseOverlayObject(value: unknown, label = "overlay"): { parsed?: ParsedOverlay; source: SourceFile; problems: Problem[] } {
  const name = typeof (value as { overlay?: unknown })?.overlay === "string" ? (value as { overlay: string }).overlay : label;
  const source = virtualSource(`overlay "${name}"`, value);
  const problems: Problem[] = [];
  const overlay = parseWith(source, OverlaySchema, problems);
  return overlay ? { parsed: { overlay, source }, source, problems } : { source, problems };
}

// Fields an overlay may set on a service it did not create. Changing a
// built-in service's model or provider would silently move every default
// cell; an organization that means that should add its own service instead.
const PATCHABLE = new Set(["cells", "types"]);
const REQUIRED_FOR_NEW = ["name", "provider", "model", "description"] as const;

/**
 * Layers overlays, in order, over a compiled catalog: validates each against
 * the catalog it lands on (known controls, one service per native type, new
 * services complete) and returns the layered catalog or every problem found.
 */
export function applyOverlays(base: CompiledCatalog, overlays: readonly ParsedOverlay[]): { catalog?: Catalog; problems: Problem[] } {
  const problems: Problem[] = [];
  const controlIds = new Set(base.controls.map((c) => c.id));
  const services = new Map(base.services.map((s) => [s.id, s]));
  const typeOwners = new Map<string, string>();
  for (const service of base.services) {
    for (const system of TYPE_SYSTEM_LIST) for (const t of service.types?.[system] ?? []) typeOwners.set(typeKey(system, t), service.id);
  }
  const layers: OverlayLayer[] = [];
  const ruleIds = evidenceRuleIds(base.services);
  const policyIds = new Map<string, string>();

  for (const { overlay, source } of overlays) {
    const cells = new Map<string, Record<string, CellOverride>>();
    for (const patch of Object.values(overlay.services ?? {})) for (const cell of Object.values(patch.cells ?? {})) for (const rule of cell.evidence ?? []) ruleIds.add(rule.id);
    for (const [id, patch] of Object.entries(overlay.services ?? {})) {
      const at = ["services", id];
      const existing = services.get(id);
      if (existing) {
        for (const field of Object.keys(patch)) {
          if (!PATCHABLE.has(field)) {
            problems.push(
              source.problemAt([...at, field], `cannot change "${field}" of existing service ${id}; an overlay may only add cells and types to it`, { key: true }),
            );
          }
        }
        if (patch.types) {
          const merged = mergeTypes(existing, patch.types);
          services.set(id, merged);
        }
      } else {
        const missing = REQUIRED_FOR_NEW.filter((field) => patch[field] === undefined);
        if (missing.length > 0) {
          problems.push(
            source.problemAt(at, `unknown service "${id}": to add a new service give ${missing.join(", ")}; to change a built-in one, check the id ("cloud-srm catalog list")`, { key: true }),
          );
          continue;
        }
        const prefix = id.split(".")[0];
        if (patch.provider !== prefix) problems.push(source.problemAt([...at, "provider"], `must be "${prefix}", the prefix of the id "${id}"`));
        const service: Service = {
          id,
          name: patch.name!,
          provider: patch.provider!,
          ...(patch.vendor ? { vendor: patch.vendor } : {}),
          model: patch.model!,
          description: patch.description!,
          ...(patch.types ? { types: patch.types } : {}),
          cells: {},
        };
        services.set(id, service);
      }
      problems.push(...lintTypes({ id, types: patch.types }, prefixed(source, at), typeOwners));
      lintCells(patch.cells ?? {}, source, controlIds, false, problems, at);
      if (patch.cells) cells.set(id, patch.cells);
    }
    problems.push(...lintPolicies(overlay.policies ?? [], source, controlIds, ruleIds, policyIds));
    layers.push({ name: overlay.overlay, file: source.file, cells, ...(overlay.policies ? { policies: overlay.policies } : {}) });
  }
  if (problems.length > 0) return { problems };
  return { catalog: new Catalog({ ...base, services: [...services.values()] }, layers), problems };
}

/** Every evidence rule id of the services' cells (what a policy's `use` may name). */
function evidenceRuleIds(services: readonly Service[]): Set<string> {
  const ids = new Set<string>();
  for (const service of services) for (const cell of Object.values(service.cells ?? {})) for (const rule of cell.evidence ?? []) ids.add(rule.id);
  return ids;
}

/**
 * What a policy's schema cannot know: its control exists, the catalog rules
 * it uses exist, and its id is unique over all overlays (results carry it).
 */
function lintPolicies(policies: readonly TagPolicy[], source: SourceFile, controlIds: ReadonlySet<string>, ruleIds: ReadonlySet<string>, seen: Map<string, string>): Problem[] {
  const problems: Problem[] = [];
  policies.forEach((policy, i) => {
    const at = ["policies", i];
    const first = seen.get(policy.id);
    if (first !== undefined) problems.push(source.problemAt([...at, "id"], `policy id "${policy.id}" is already used (${first})`));
    else seen.set(policy.id, `${source.file}, policies[${i}]`);
    if (policy.require) {
      if (!controlIds.has(policy.require.control)) problems.push(source.problemAt([...at, "require", "control"], `unknown control id "${policy.require.control}"`));
      (policy.require.use ?? []).forEach((id, j) => {
        if (!ruleIds.has(id)) problems.push(source.problemAt([...at, "require", "use", j], `unknown evidence rule "${id}": use the id of a rule in a catalog cell (cloud-srm matrix <service> --format json shows them)`));
      });
    }
  });
  return problems;
}

function mergeTypes(service: Service, extra: NonNullable<Service["types"]>): Service {
  const types: NonNullable<Service["types"]> = { ...service.types };
  for (const system of TYPE_SYSTEM_LIST) {
    const add = extra[system];
    if (add) types[system] = [...(types[system] ?? []), ...add];
  }
  return { ...service, types };
}

/** A view of a source whose paths are relative to `prefix` (so shared lints can locate inside services.<id>). */
function prefixed(source: SourceFile, prefix: readonly (string | number)[]): SourceFile {
  return {
    ...source,
    locate: (path, options) => source.locate([...prefix, ...path], options),
    problemAt: (path, message, options) => source.problemAt([...prefix, ...path], message, options),
  };
}
