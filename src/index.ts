/**
 * cloud-srm: the cloud shared-responsibility model as data.
 *
 * This entry loads no cloud SDK, no YAML parser and no schema library: the
 * built-in catalog is read from compiled JSON on first use, and validation
 * code is imported only when overlays or catalog sources are read.
 */
export { Catalog, type OverlayLayer } from "./catalog/catalog.js";
export { builtinCatalog, readBuiltinCatalogData } from "./catalog/builtin.js";
export { loadCatalog, validateOverlays, type LoadCatalogOptions } from "./catalog/load.js";
export { diffMatrices, type MatrixDiff, type MatrixDiffEntry } from "./catalog/diff.js";
export { detectTypeSystem } from "./catalog/type-system.js";
export { CloudSrmError, CatalogValidationError, formatProblem, type Problem } from "./errors.js";
export type * from "./types.js";

/**
 * Compiles a catalog source directory (controls.yaml, models/, services/) into
 * the JSON the package ships, validating every file. Loads the YAML parser.
 */
export async function compileCatalog(dir: string): Promise<CompileResult> {
  const { compileCatalogDir } = await import("./validate/compile-catalog.js");
  return compileCatalogDir(dir);
}
import type { CompileResult } from "./validate/compile-catalog.js";
export type { CompileResult };

/** JSON Schemas for every data shape, generated from the zod schemas (loads zod). */
export async function jsonSchemas(): Promise<Record<string, unknown>> {
  const mod = await import("./validate/json-schemas.js");
  return mod.jsonSchemas();
}
