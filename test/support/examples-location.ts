// Test stand-in for src/examples-location.ts (see vitest.config.ts).
export function examplesUrl(): URL {
  return new URL("../../docs/examples/", import.meta.url);
}
