import type { Resource } from "../../src/types.js";

/** A normalized resource for tests, with sensible defaults. */
export function resource(partial: Partial<Resource> & Pick<Resource, "type" | "typeSystem">): Resource {
  return {
    uid: partial.uid ?? `test:${partial.type}:${Math.random().toString(36).slice(2)}`,
    provider: partial.provider ?? "aws",
    account: partial.account ?? { uid: "123456789012", type: "aws-account" },
    tags: partial.tags ?? {},
    source: partial.source ?? { kind: "test" },
    ...partial,
  };
}
