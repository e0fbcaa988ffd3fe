/**
 * Where the compiled built-in catalog lives: beside the bundled module in
 * `dist/`. (Tests running from source redirect this module to the freshly
 * compiled catalog; see vitest.config.ts.)
 */
export function builtinCatalogUrl(): URL {
  return new URL("./catalog.json", import.meta.url);
}
