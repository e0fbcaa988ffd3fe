import type { Report, ReportResource } from "../types.js";

/**
 * The contract between the report's storage and the document renderers
 * (issue 14): a renderer never needs the whole report as one object. It reads
 * the report's head (summary, coverage, per-service/account/control counts,
 * the services' matrices) and then passes over the resource rows, as often as
 * it needs, in the order it needs. The storage behind `rows()` may be memory
 * (`reportSource`) or a spill file sorted on disk, so a million resources never
 * sit in memory as document rows.
 */

/** Everything in a report except its per-resource rows. */
export type ReportHead = Omit<Report, "resources">;

/**
 * One resource row as renderers see it: the resource, its service and model,
 * and its `controls` (the service's matrix rows with this resource's duty
 * states and evidence). Materialised per row while it is rendered; storage
 * keeps a leaner form that references the service's matrix.
 */
export type ReportRow = ReportResource;

/**
 * Row orders a renderer may ask for:
 * - `uid`: by resource uid, then source ref (the order of `report.resources`);
 * - `service`: grouped by service id (ascending; resources without a service
 *   last), within a service by uid then source ref.
 */
export type RowOrder = "uid" | "service";

export interface ReportSource {
  readonly head: ReportHead;
  /** How many rows `rows()` yields (0 when the report keeps no per-resource rows). */
  readonly rowCount: number;
  /** A new pass over the rows in the given order (default `uid`); may be called more than once. */
  rows(order?: RowOrder): AsyncIterable<ReportRow>;
}

/** A report held in memory, seen through the streaming contract. */
export function reportSource(report: Report): ReportSource {
  const { resources, ...head } = report;
  return {
    head,
    rowCount: resources.length,
    async *rows(order: RowOrder = "uid") {
      if (order === "uid") {
        yield* resources;
        return;
      }
      // Stable sort: within a service the uid order of `resources` is kept.
      const byService = resources.map((row, index) => ({ row, index }));
      byService.sort((a, b) => compareCodePoints(serviceKey(a.row), serviceKey(b.row)) || a.index - b.index);
      for (const { row } of byService) yield row;
    },
  };
}

/** Sort key that puts resources without a service after every service. */
function serviceKey(row: ReportRow): string {
  return row.service === null ? "\uffff" : row.service;
}

/** Code-point order, as the report's own sorting (locale-independent, so the same bytes everywhere). */
function compareCodePoints(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
