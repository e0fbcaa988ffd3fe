import type { ReportRow } from "../report-stream.js";
import { anchorId } from "./anchors.js";

/**
 * Fragment ids of resource rows when rows are read in passes (issue 14).
 * A document gives each resource `res-<uid>`, and repeated uids (the same
 * resource from two inputs) `--2`, `--3`... in uid order, as AnchorIds does
 * over a whole list. Storage sorts rows by uid, so repeats are adjacent and
 * only they are remembered: a million unique uids cost nothing here. A report
 * held in memory in another order is indexed in full (it is in memory anyway).
 */
export class ResourceAnchors {
  /** Per repeated uid: the service of each occurrence, in uid order. */
  readonly #repeats = new Map<string, (string | null)[]>();
  #previous: ReportRow | undefined;
  #sorted = true;
  #all: Map<string, (string | null)[]> | undefined;

  /** Sees every row once, in uid order (the count pass). */
  observe(row: ReportRow): void {
    const previous = this.#previous;
    if (previous && row.uid < previous.uid) this.#sorted = false;
    if (previous && row.uid === previous.uid) {
      const services = this.#repeats.get(row.uid);
      if (services) services.push(row.service);
      else this.#repeats.set(row.uid, [previous.service, row.service]);
    }
    this.#previous = row;
  }

  /** Whether rows came sorted by uid; if not, {@link index} must see them all again. */
  get needsIndex(): boolean {
    return !this.#sorted && this.#all === undefined;
  }

  /** The full index, for rows that were not sorted: each uid's services in row order. */
  async index(rows: AsyncIterable<ReportRow>): Promise<void> {
    const all = new Map<string, (string | null)[]>();
    for await (const row of rows) {
      const services = all.get(row.uid);
      if (services) services.push(row.service);
      else all.set(row.uid, [row.service]);
    }
    this.#all = all;
  }

  #occurrences(uid: string): (string | null)[] | undefined {
    const services = (this.#all ?? this.#repeats).get(uid);
    return services && services.length > 1 ? services : undefined;
  }

  /**
   * Anchors for one pass in uid order: every row of the pass goes through
   * `anchor` if listed or `skip` if not, so repeats are counted.
   */
  uidPass(): { anchor(row: ReportRow): string; skip(row: ReportRow): void } {
    const seen = new Map<string, number>();
    const occurrence = (row: ReportRow) => {
      if (!this.#occurrences(row.uid)) return 0;
      const k = seen.get(row.uid) ?? 0;
      seen.set(row.uid, k + 1);
      return k;
    };
    return {
      anchor: (row) => {
        const k = occurrence(row);
        const base = anchorId("res", row.uid);
        return k === 0 ? base : `${base}--${k + 1}`;
      },
      skip: (row) => void occurrence(row),
    };
  }

  /**
   * Anchors for one pass in service order: the m-th occurrence of a uid within
   * a service is that service's m-th occurrence in uid order (both orders keep
   * uid order within a service).
   */
  servicePass(): (row: ReportRow) => string {
    const seen = new Map<string, number>();
    return (row) => {
      const base = anchorId("res", row.uid);
      const services = this.#occurrences(row.uid);
      if (!services) return base;
      const key = `${row.service ?? "\u0000"}\u0000${row.uid}`;
      const m = seen.get(key) ?? 0;
      seen.set(key, m + 1);
      let k = -1;
      for (let i = 0, found = -1; i < services.length; i++) {
        if (services[i] !== row.service) continue;
        if (++found === m) {
          k = i;
          break;
        }
      }
      return k <= 0 ? base : `${base}--${k + 1}`;
    };
  }
}
