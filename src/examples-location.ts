/**
 * Where the bundled example inventory lives: `dist/examples/` beside the
 * bundle (copied from docs/examples by the build). Tests running from source
 * redirect this module to docs/examples; see vitest.config.ts.
 */
export function examplesUrl(): URL {
  return new URL("./examples/", import.meta.url);
}
