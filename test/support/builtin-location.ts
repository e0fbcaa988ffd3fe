// Test stand-in for src/catalog/builtin-location.ts (see vitest.config.ts).
export function builtinCatalogUrl(): URL {
  return new URL("../artifacts/catalog.json", import.meta.url);
}
