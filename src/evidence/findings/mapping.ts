import type { FindingMapping } from "../../types.js";
import { MAPPING_TOOL, type FindingKind } from "./tools.js";

/**
 * Looks up the controls a tool's check evidences, from the catalog's mapping
 * files. Check ids compare case-insensitively. AWS Config rule names are
 * chosen by whoever deploys the rule; names that wrap a managed rule
 * identifier (`securityhub-s3-bucket-public-read-prohibited-1a2b3c`,
 * `org-s3-bucket-public-read-prohibited`) match the longest identifier they contain.
 */
export class FindingMappings {
  readonly #byTool = new Map<string, Map<string, { controls: string[]; title?: string }>>();
  readonly #cache = new Map<string, { controls: string[]; title?: string } | null>();

  constructor(mappings: readonly FindingMapping[]) {
    for (const m of mappings) {
      const checks = new Map<string, { controls: string[]; title?: string }>();
      for (const [id, check] of Object.entries(m.checks)) checks.set(id.toLowerCase(), check);
      this.#byTool.set(m.tool, checks);
    }
  }

  lookup(kind: FindingKind, check: string): { controls: string[]; title?: string } | undefined {
    const tool = MAPPING_TOOL[kind];
    const cacheKey = `${tool}\u0000${check}`;
    const cached = this.#cache.get(cacheKey);
    if (cached !== undefined) return cached ?? undefined;
    const checks = this.#byTool.get(tool);
    const id = check.toLowerCase();
    let found = checks?.get(id);
    if (!found && checks && tool === "aws-config-rules") {
      let best = "";
      for (const key of checks.keys()) {
        if (key.length > best.length && (id.startsWith(`${key}-`) || id.endsWith(`-${key}`) || id.includes(`-${key}-`))) best = key;
      }
      if (best) found = checks.get(best);
    }
    this.#cache.set(cacheKey, found ?? null);
    return found;
  }
}
