import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
import { builtinCatalogFile } from "../catalog/builtin.js";
import { loadCatalog, type Catalog } from "../catalog/load.js";
import { CloudSrmError } from "../errors.js";
import type { CompiledCatalog } from "../types.js";

/**
 * `--overlay FILE` (repeatable) and `--catalog FILE` (a compiled catalog JSON
 * to use instead of the built-in one), shared by every command that reads the catalog.
 */
export const OVERLAY_OPTION = {
  overlay: { type: "string", multiple: true },
  catalog: { type: "string" },
} as const;

export async function catalogFrom(values: { overlay?: string[] | undefined; catalog?: string | undefined }): Promise<Catalog> {
  const data = values.catalog ? await readCompiled(values.catalog) : undefined;
  return loadCatalog({ ...(values.overlay?.length ? { overlays: values.overlay } : {}), ...(data ? { data } : {}) });
}

async function readCompiled(file: string): Promise<CompiledCatalog> {
  const text = await readFile(file, "utf8");
  try {
    const data = JSON.parse(text) as CompiledCatalog;
    if (data?.schemaVersion !== 1 || !Array.isArray(data.services)) throw new Error("not a compiled catalog");
    return data;
  } catch (error) {
    throw new CloudSrmError("INVALID_CATALOG", `${file}: not a compiled cloud-srm catalog (${(error as Error).message}); build one with "cloud-srm catalog build"`);
  }
}

/**
 * Which catalog a document was written from (issue 11), for RenderOptions.catalogVersion:
 * "built-in" or "custom" (--catalog), "+ N overlay(s)", and a SHA-256 over the
 * compiled catalog's bytes then each overlay file's bytes, in order. The
 * catalog has no release number of its own, and overlays change it; the digest
 * tells two catalogs apart without naming local file paths.
 */
export async function catalogVersion(values: { overlay?: string[] | undefined; catalog?: string | undefined }): Promise<string> {
  const hash = createHash("sha256");
  hash.update(await readFile(values.catalog ?? builtinCatalogFile()));
  for (const file of values.overlay ?? []) hash.update(await readFile(file));
  const overlays = values.overlay?.length ? ` + ${values.overlay.length} overlay(s)` : "";
  return `${values.catalog ? "custom" : "built-in"}${overlays}, sha256:${hash.digest("hex").slice(0, 16)}`;
}
