import { CatalogValidationError, type Problem } from "../errors.js";
import type { CompiledCatalog, Overlay } from "../types.js";
import { builtinCatalog, readBuiltinCatalogData } from "./builtin.js";
import type { Catalog } from "./catalog.js";

/** Options for {@link loadCatalog}. */
export interface LoadCatalogOptions {
  /**
   * Overlays applied in order over the catalog: paths to YAML or JSON files,
   * or overlay objects (validated the same way).
   */
  overlays?: ReadonlyArray<string | Overlay>;
  /** A compiled catalog to start from instead of the built-in one. */
  data?: CompiledCatalog;
}

/**
 * Loads the catalog with optional overlays. Without options it is the
 * built-in catalog (no YAML parser or schema library is loaded). Overlay files
 * are parsed and validated; any problem throws a {@link CatalogValidationError}
 * listing every problem with file, line and field.
 */
export async function loadCatalog(options: LoadCatalogOptions = {}): Promise<Catalog> {
  if (!options.overlays?.length && !options.data) return builtinCatalog();
  // Lazy: validation needs zod and the YAML parser, which the core never loads up front.
  const { readOverlayFile, parseOverlayObject, applyOverlays, unknownControlKeys } = await import("../validate/overlay.js");
  const base = options.data ?? readBuiltinCatalogData();
  const controlIds = new Set(base.controls.map((c) => c.id));
  const problems: Problem[] = [];
  const parsed = [];
  for (const [index, entry] of (options.overlays ?? []).entries()) {
    const result = typeof entry === "string" ? await readOverlayFile(entry) : parseOverlayObject(entry, `overlays[${index}]`);
    problems.push(...result.problems);
    if (result.parsed) parsed.push(result.parsed);
    else if (result.source) problems.push(...unknownControlKeys(result.source, controlIds, "overlay"));
  }
  if (problems.length > 0) throw new CatalogValidationError(problems);
  const applied = applyOverlays(base, parsed);
  if (!applied.catalog) throw new CatalogValidationError(applied.problems);
  return applied.catalog;
}

/**
 * Checks overlay files (or a directory of them) against the built-in catalog
 * and returns every problem found; an empty list means they are valid.
 */
export async function validateOverlays(files: readonly string[], data?: CompiledCatalog): Promise<Problem[]> {
  const { readOverlayFile, applyOverlays, unknownControlKeys } = await import("../validate/overlay.js");
  const base = data ?? readBuiltinCatalogData();
  const controlIds = new Set(base.controls.map((c) => c.id));
  const problems: Problem[] = [];
  const parsed = [];
  for (const file of files) {
    const result = await readOverlayFile(file);
    problems.push(...result.problems);
    if (result.parsed) parsed.push(result.parsed);
    else problems.push(...unknownControlKeys(result.source, controlIds, "overlay"));
  }
  problems.push(...applyOverlays(base, parsed).problems);
  return problems;
}

export type { Catalog };
