import type { Catalog } from "./catalog.js";
import { detectTypeSystem } from "./type-system.js";

/** How much of a list of native types the catalog maps, and to what. */
export interface TypeCoverage {
  /** Resources (lines, or the counts given on them). */
  total: number;
  /** Resources whose type maps to a service. */
  mapped: number;
  /** mapped / total (1 for an empty list). */
  ratio: number;
  /** Distinct types that map to no service, most frequent first. */
  unmapped: string[];
  /** Each distinct type with its service (null when unmapped) and count. */
  types: { type: string; typeSystem: string | null; service: string | null; count: number }[];
}

/**
 * Coverage of a type list: one native type per line, optionally followed by a
 * count ("AWS::EC2::Instance 40"); blank lines and # comments are ignored.
 */
export function typeCoverage(catalog: Catalog, text: string): TypeCoverage {
  const counts = new Map<string, number>();
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.replace(/#.*$/, "").trim();
    if (!line) continue;
    const [type, countText] = line.split(/\s+/);
    const count = countText === undefined ? 1 : Number(countText);
    if (!Number.isInteger(count) || count < 0) throw new RangeError(`"${line}": the count after the type must be a whole number`);
    counts.set(type!, (counts.get(type!) ?? 0) + count);
  }
  let total = 0;
  let mapped = 0;
  const types: TypeCoverage["types"] = [];
  for (const [type, count] of counts) {
    const service = catalog.findServiceByType(type)?.id ?? null;
    total += count;
    if (service) mapped += count;
    types.push({ type, typeSystem: detectTypeSystem(type) ?? null, service, count });
  }
  types.sort((a, b) => b.count - a.count || (a.type < b.type ? -1 : 1));
  return {
    total,
    mapped,
    ratio: total === 0 ? 1 : mapped / total,
    unmapped: types.filter((t) => !t.service).map((t) => t.type),
    types,
  };
}
