import { readdir, stat } from "node:fs/promises";
import { join, relative, sep } from "node:path";
import type { Problem } from "../errors.js";
import { BacklogSchema, ControlsFileSchema, FindingMappingSchema, ServiceModelSchema, ServiceSchema, SERVICE_MODELS } from "../schema/index.js";
import type { CompiledCatalog, FindingMapping, Service, ServiceModel } from "../types.js";
import { lintCatalog, unknownControlKeys } from "./lint-catalog.js";
import { countBacklog, lintBacklogEntries, lintExamined, PENDING_KINDS, type Backlog, type BacklogCounts, type PendingKind } from "./lint-examined.js";
import type { SourceFile } from "./source-file.js";
import { readSourceFile } from "./source-file.js";
import { zodProblems } from "./zod-problems.js";

/** The result of compiling a catalog directory: the catalog, if it is valid, and every problem found. */
export interface CompileResult {
  catalog?: CompiledCatalog;
  problems: Problem[];
  /** Number of files read. */
  files: number;
  /** What `backlog.yaml` still lets through, and the backlog without its stale entries (for --prune). */
  backlog?: { file: string; counts: BacklogCounts; pruned: Backlog };
}

/**
 * Reads a catalog directory laid out as
 * `controls.yaml`, `models/<model>.yaml`, `services/<provider>/<name>.yaml`,
 * validates every file against its schema and the cross-file rules, and
 * returns the compiled catalog (sorted, so the same input gives the same bytes).
 */
export async function compileCatalogDir(dir: string): Promise<CompileResult> {
  const problems: Problem[] = [];
  let files = 0;

  const controlsSource = await readSourceFile(join(dir, "controls.yaml"));
  files++;
  const controls = parseWith(controlsSource, ControlsFileSchema, problems)?.controls ?? [];

  const models: { model: ServiceModel; source: SourceFile }[] = [];
  for (const id of SERVICE_MODELS) {
    const source = await readSourceFile(join(dir, "models", `${id}.yaml`));
    files++;
    const model = parseWith(source, ServiceModelSchema, problems);
    if (model) {
      if (model.id !== id) problems.push(source.problemAt(["id"], `must be "${id}" to match the file name`));
      models.push({ model, source });
    }
  }

  const services: { service: Service; source: SourceFile; relativePath: string }[] = [];
  const servicesDir = join(dir, "services");
  const controlIds = new Set(controls.map((c) => c.id));
  for (const file of await listYaml(servicesDir)) {
    const source = await readSourceFile(file);
    files++;
    const service = parseWith(source, ServiceSchema, problems);
    if (service) services.push({ service, source, relativePath: relative(servicesDir, file).split(sep).join("/") });
    else if (controlIds.size > 0) problems.push(...unknownControlKeys(source, controlIds, "service"));
  }

  // Finding mappings: one file per tool (catalog/findings/<tool>.yaml), control ids known.
  const findingMappings: FindingMapping[] = [];
  for (const file of await listYaml(join(dir, "findings"))) {
    const source = await readSourceFile(file);
    files++;
    const mapping = parseWith(source, FindingMappingSchema, problems);
    if (!mapping) continue;
    const base = file.split(sep).pop()!.replace(/\.ya?ml$/, "");
    if (mapping.tool !== base) problems.push(source.problemAt(["tool"], `must be "${base}" to match the file name`));
    for (const [check, entry] of Object.entries(mapping.checks)) {
      entry.controls.forEach((control, i) => {
        if (!controlIds.has(control)) problems.push(source.problemAt(["checks", check, "controls", i], `unknown control "${control}"`));
      });
    }
    findingMappings.push(mapping);
  }

  problems.push(...lintCatalog({ controls, controlsSource, models, services, strict: true }));
  const backlog = await lintAgainstBacklog(dir, controlIds, models, services, problems);
  if (backlog) files++;
  if (problems.length > 0) return { problems, files, ...(backlog ? { backlog } : {}) };

  const catalog: CompiledCatalog = {
    schemaVersion: 1,
    // Controls keep the taxonomy order of controls.yaml (physical first, resilience last).
    controls: [...controls],
    models: SERVICE_MODELS.map((id) => models.find((m) => m.model.id === id)!.model).map(sortCells),
    services: services.map((s) => s.service).sort(byId).map(sortCells),
    ...(findingMappings.length ? { findingMappings: findingMappings.sort((a, b) => (a.tool < b.tool ? -1 : 1)) } : {}),
  };
  return { catalog, problems, files, ...(backlog ? { backlog } : {}) };
}

/**
 * The "stated default" and "no unexamined inheritance" lints over every
 * service, letting through only the pairs listed in `backlog.yaml` (optional:
 * without it every service must comply), and flagging backlog entries that are
 * stale or name nothing.
 */
async function lintAgainstBacklog(
  dir: string,
  controlIds: ReadonlySet<string>,
  models: readonly { model: ServiceModel }[],
  services: readonly { service: Service; source: SourceFile }[],
  problems: Problem[],
): Promise<CompileResult["backlog"]> {
  const file = join(dir, "backlog.yaml");
  const present = await stat(file).then(
    () => true,
    () => false,
  );
  const source = present ? await readSourceFile(file) : undefined;
  const backlog: Backlog = (source && parseWith(source, BacklogSchema, problems)) || {};
  const used: Record<PendingKind, Set<string>> = { noDefault: new Set(), inherited: new Set() };
  for (const { service, source: serviceSource } of services) {
    const model = models.find((m) => m.model.id === service.model)?.model;
    if (!model) continue;
    const result = lintExamined(service, model, controlIds, serviceSource, backlog);
    problems.push(...result.problems);
    for (const kind of PENDING_KINDS) for (const control of result.used[kind]) used[kind].add(`${service.id} ${control}`);
  }
  if (!source) return undefined;
  problems.push(...lintBacklogEntries(backlog, source, new Set(services.map((s) => s.service.id)), controlIds, used));
  const pruned: Backlog = {};
  for (const kind of PENDING_KINDS) {
    pruned[kind] = {};
    for (const [service, list] of Object.entries(backlog[kind] ?? {})) {
      const keep = list.filter((control) => used[kind].has(`${service} ${control}`));
      if (keep.length) pruned[kind][service] = keep;
    }
  }
  return { file: source.file, counts: countBacklog(pruned), pruned };
}

/** Validates a parsed file against a schema; pushes located problems and returns the data if valid. */
export function parseWith<T>(
  source: SourceFile,
  schema: { safeParse(value: unknown): { success: true; data: T } | { success: false; error: { issues: unknown[] } } },
  problems: Problem[],
): T | undefined {
  if (source.problems.length > 0) {
    problems.push(...source.problems);
    return undefined;
  }
  const result = schema.safeParse(source.value);
  if (result.success) return result.data;
  problems.push(...zodProblems(result.error.issues as never, source, source.value));
  return undefined;
}

async function listYaml(dir: string): Promise<string[]> {
  let entries;
  try {
    entries = await readdir(dir, { recursive: true, withFileTypes: true });
  } catch {
    return [];
  }
  return entries
    .filter((e) => e.isFile() && /\.ya?ml$/.test(e.name))
    .map((e) => join(e.parentPath, e.name))
    .sort();
}

function byId<T extends { id: string }>(a: T, b: T): number {
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

function sortCells<T extends { cells?: Record<string, unknown> }>(item: T): T {
  if (!item.cells) return item;
  const cells = Object.fromEntries(Object.entries(item.cells).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  return { ...item, cells };
}

