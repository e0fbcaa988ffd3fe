import type { Framework, MatrixRow } from "../types.js";

/** Rows regrouped under one framework id (a row appears under each id it maps to). */
export interface FrameworkGroup<T extends Pick<MatrixRow, "frameworks">> {
  /** The framework's id, e.g. "ac-6" or "CC6.1"; "(unmapped)" for rows with no id in this framework. */
  id: string;
  rows: T[];
}

/**
 * Groups rows by a framework's ids, for the auditor who thinks in that
 * framework. Ids sort naturally (ac-2 before ac-10, 8.4.2 before 8.10.1);
 * rows keep their order inside a group; rows with no id go last.
 */
export function groupByFramework<T extends Pick<MatrixRow, "frameworks">>(rows: readonly T[], framework: Framework): FrameworkGroup<T>[] {
  const groups = new Map<string, T[]>();
  const unmapped: T[] = [];
  for (const row of rows) {
    const ids = row.frameworks[framework] ?? [];
    if (ids.length === 0) unmapped.push(row);
    for (const id of ids) {
      const list = groups.get(id) ?? [];
      list.push(row);
      groups.set(id, list);
    }
  }
  const sorted = [...groups.entries()].sort(([a], [b]) => naturalCompare(a, b)).map(([id, list]) => ({ id, rows: list }));
  if (unmapped.length) sorted.push({ id: "(unmapped)", rows: unmapped });
  return sorted;
}

/** Compares ids with embedded numbers numerically: "ac-2" < "ac-10", "A.5.9" < "A.5.10". */
export function naturalCompare(a: string, b: string): number {
  const pa = a.split(/(\d+)/);
  const pb = b.split(/(\d+)/);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const x = pa[i] ?? "";
    const y = pb[i] ?? "";
    if (x === y) continue;
    const nx = Number(x);
    const ny = Number(y);
    if (i % 2 === 1 && Number.isFinite(nx) && Number.isFinite(ny)) return nx - ny;
    return x < y ? -1 : 1;
  }
  return 0;
}
