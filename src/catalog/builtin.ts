import { readFileSync } from "node:fs";
import { CloudSrmError } from "../errors.js";
import type { CompiledCatalog } from "../types.js";
import { builtinCatalogUrl } from "./builtin-location.js";
import { Catalog } from "./catalog.js";

let cached: Catalog | undefined;

/**
 * The built-in catalog, read on first use (not at import time) from the
 * compiled JSON the package ships. It was validated when it was built, so no
 * YAML parser or schema library is loaded here.
 */
export function builtinCatalog(): Catalog {
  cached ??= new Catalog(readBuiltinCatalogData());
  return cached;
}

/** Where the built-in compiled catalog is (for a digest of its bytes: the CLI's catalog version). */
export function builtinCatalogFile(): URL {
  return builtinCatalogUrl();
}

/** The raw compiled catalog data (the same as `cloud-srm/catalog.json`). */
export function readBuiltinCatalogData(): CompiledCatalog {
  const url = builtinCatalogUrl();
  try {
    return JSON.parse(readFileSync(url, "utf8")) as CompiledCatalog;
  } catch (error) {
    throw new CloudSrmError(
      "BUILTIN_CATALOG_MISSING",
      `cannot read the built-in catalog at ${url.pathname}; is the package built? (npm run build)`,
      { cause: error },
    );
  }
}
