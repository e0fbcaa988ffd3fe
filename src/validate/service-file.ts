import type { Problem } from "../errors.js";
import { typeKey } from "../catalog/type-system.js";
import { TYPE_SYSTEM_LIST } from "../catalog/type-systems.js";
import { ServiceSchema } from "../schema/index.js";
import type { CompiledCatalog } from "../types.js";
import { parseWith } from "./compile-catalog.js";
import { lintCells, lintTypes, unknownControlKeys } from "./lint-catalog.js";
import { lintExamined, type Backlog } from "./lint-examined.js";
import type { SourceFile } from "./source-file.js";

/**
 * Checks one catalog service file on its own (a contributor's new or edited
 * `services/<provider>/<name>.yaml`) against the built-in catalog: schema,
 * known controls, https citations, native types no other service owns, and
 * that every customer or shared cell states a default and every inherited cell
 * was examined. Only an existing service may lean on the backlog (the
 * catalog's backlog.yaml, when the file sits in a catalog source tree); a new
 * service must comply fully.
 */
export function validateServiceFile(source: SourceFile, base: CompiledCatalog, backlog: Backlog = {}): Problem[] {
  const problems: Problem[] = [];
  const controlIds = new Set(base.controls.map((c) => c.id));
  const service = parseWith(source, ServiceSchema, problems);
  if (!service) return [...problems, ...unknownControlKeys(source, controlIds, "service")];
  const [provider] = service.id.split(".");
  if (service.provider !== provider) problems.push(source.problemAt(["provider"], `must be "${provider}", the prefix of the id "${service.id}"`));
  if (service.variantOf && !base.services.some((s) => s.id === service.variantOf!.service)) {
    problems.push(source.problemAt(["variantOf", "service"], `unknown service "${service.variantOf.service}"`));
  }
  lintCells(service.cells ?? {}, source, controlIds, true, problems);
  const model = base.models.find((m) => m.id === service.model);
  if (model) problems.push(...lintExamined(service, model, controlIds, source, backlog).problems);
  // Types owned by the other services (this one's own entry, if it exists already, is being replaced).
  const owners = new Map<string, string>();
  for (const other of base.services) {
    if (other.id === service.id) continue;
    for (const system of TYPE_SYSTEM_LIST) for (const type of other.types?.[system] ?? []) owners.set(typeKey(system, type), other.id);
  }
  problems.push(...lintTypes(service, source, owners));
  return problems;
}
