import { readFile } from "node:fs/promises";
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
