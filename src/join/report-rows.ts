import type { DutyState, EvidenceResult, Matrix, MatrixRow, ReportResource } from "../types.js";
import { isDuty } from "../evidence/state.js";

/**
 * What a report keeps per resource (issue 14): the resource's own fields, its
 * service id, and only what is particular to it: the states of the duties
 * some evidence covers and the evidence results. The `controls` list a report
 * resource shows is the service's matrix with these filled in; it is derived
 * per row when the row is read (`RowViews.view`), never stored, since copying
 * the service's rows into every resource was most of a report's memory.
 */
export interface StoredRow {
  uid: string;
  name?: string;
  type: string;
  typeSystem: ReportResource["typeSystem"];
  provider: string;
  account: string;
  region?: string;
  tags: Record<string, string>;
  source: ReportResource["source"];
  service: string | null;
  model: ReportResource["model"];
  /** State of each customer or shared duty some evidence covers; a duty not listed is unchecked. */
  states?: Record<string, DutyState>;
  /** The evidence results on this resource, in evaluation order. */
  evidence?: EvidenceResult[];
}

interface ServiceView {
  rows: readonly MatrixRow[];
  duties: ReadonlySet<string>;
}

/** Materialises stored rows into report resources, resolving each service's matrix once. */
export class RowViews {
  readonly #services = new Map<string, ServiceView>();
  constructor(private readonly matrices: Readonly<Record<string, Matrix>>) {}

  #service(id: string): ServiceView | undefined {
    let view = this.#services.get(id);
    if (!view) {
      const matrix = this.matrices[id];
      if (!matrix) return undefined;
      view = { rows: matrix.rows, duties: new Set(matrix.rows.filter((r) => isDuty(r.owner)).map((r) => r.control)) };
      this.#services.set(id, view);
    }
    return view;
  }

  /** The report resource of a stored row: its service's matrix rows with this resource's duty states and evidence. */
  view(stored: StoredRow): ReportResource {
    const service = stored.service === null ? undefined : this.#service(stored.service);
    const evidence = stored.evidence ?? [];
    const states = stored.states ?? {};
    const controls: ReportResource["controls"] = service
      ? service.rows.map((row) => {
          const own = evidence.length ? evidence.filter((e) => e.control === row.control) : evidence;
          const state = service.duties.has(row.control) ? (states[row.control] ?? "unchecked") : undefined;
          return { control: row.control, owner: row.owner, ...(state ? { state } : {}), ...(own.length ? { evidence: own } : {}) };
        })
      : [];
    return {
      uid: stored.uid,
      ...(stored.name !== undefined ? { name: stored.name } : {}),
      type: stored.type,
      typeSystem: stored.typeSystem,
      provider: stored.provider,
      account: stored.account,
      ...(stored.region !== undefined ? { region: stored.region } : {}),
      tags: stored.tags,
      source: stored.source,
      service: stored.service,
      model: stored.model,
      controls,
    };
  }
}

/** Code-point order, as everywhere in the report (locale-independent, so the same bytes everywhere). */
export function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The report's resource order: uid, then source ref. */
export function compareUid(a: StoredRow, b: StoredRow): number {
  return cmp(a.uid, b.uid) || cmp(a.source.ref ?? "", b.source.ref ?? "");
}

/** Service order: by service id, resources without a service last; within a service, uid order. */
export function compareService(a: StoredRow, b: StoredRow): number {
  return cmp(a.service ?? "\uffff", b.service ?? "\uffff") || compareUid(a, b);
}
