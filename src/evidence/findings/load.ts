import type { Catalog } from "../../catalog/catalog.js";
import { FindingIndex } from "./join.js";
import { FindingMappings } from "./mapping.js";
import { streamFindingsFile } from "./read.js";
import type { FindingKind } from "./tools.js";
import { DEFAULT_STALE_AFTER_DAYS } from "./defaults.js";

export { DEFAULT_STALE_AFTER_DAYS };

export interface LoadFindingsOptions {
  /** The report's clock (staleness is measured against it). */
  now: Date;
  /** Findings observed more than this many days before `now` are stale (default 30). */
  staleAfterDays?: number;
}

/**
 * Reads findings files (one per `{ kind, file }`) into an index the join
 * attaches to resources, with the catalog's mapping files. Files are read
 * record by record and each finding is indexed compactly (join.ts), so a
 * file of millions of findings is never held whole.
 */
export async function loadFindings(
  inputs: readonly { kind: FindingKind; file: string }[],
  catalog: Catalog,
  options: LoadFindingsOptions,
): Promise<FindingIndex> {
  const index = new FindingIndex({
    mappings: new FindingMappings(catalog.findingMappings),
    now: options.now,
    staleAfterDays: options.staleAfterDays ?? DEFAULT_STALE_AFTER_DAYS,
  });
  for (const { kind, file } of inputs) await streamFindingsFile(kind, file, index.source(kind, file));
  return index;
}
