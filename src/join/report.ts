import type {
  AccountSummary,
  ControlSummary,
  DutyState,
  FindingsSummary,
  ImportProblem,
  Matrix,
  Owner,
  Report,
  ReportResource,
  ServiceSummary,
  TypeSystem,
} from "../types.js";
import type { JoinedResource, Joiner } from "./joiner.js";
import type { ReportHead, ReportSource, RowOrder } from "../render/report-stream.js";
import { compareService, compareUid, RowViews, type StoredRow } from "./report-rows.js";
import type { RowStore } from "./row-store.js";
import { coveredStates } from "../evidence/duties.js";
import { countState, coverageOf, emptyCounts } from "../evidence/state.js";

export type { AccountSummary, ControlSummary, Coverage, EvidenceCounts, Report, ReportResource, ServiceSummary } from "../types.js";


/** A report served as a stream (see ReportSource) from a row store; close() removes its temporary files. */
export interface StoredReportSource extends ReportSource {
  close(): void;
}

/**
 * Accumulates joined resources into a report. Aggregates are counters, so
 * memory grows with the number of distinct services, accounts and types, and
 * with the resources only when `keepResources` is on. Resources are kept as
 * lean rows (StoredRow: no copy of the service's matrix), in memory or, with
 * a `store`, in a RowStore that spills sorted runs to disk.
 */
export class ReportBuilder {
  readonly #types = new Map<string, { type: string; typeSystem: TypeSystem; service?: string; count: number }>();
  readonly #services = new Map<string, ServiceSummary>();
  readonly #accounts = new Map<string, AccountSummary>();
  readonly #controls = new Map<string, ControlSummary>();
  readonly #resources: StoredRow[] = [];
  readonly #problems: ImportProblem[] = [];
  #total = 0;
  #mapped = 0;
  readonly #evidence = emptyCounts();

  constructor(
    private readonly joiner: Joiner,
    private readonly options: { keepResources?: boolean; store?: RowStore } = {},
  ) {
    for (const control of joiner.catalog.controls) {
      this.#controls.set(control.id, { control: control.id, title: control.title, owners: {}, evidence: emptyCounts() });
    }
  }

  #findings: FindingsSummary | undefined;

  /** The summary of imported findings (what matched, what did not), carried into the report. */
  setFindings(summary: FindingsSummary): void {
    this.#findings = summary;
  }

  addProblem(problem: ImportProblem): void {
    this.#problems.push(problem);
  }

  add(joined: JoinedResource): void {
    const { resource, service } = joined;
    this.#total++;
    const typeKey = `${resource.typeSystem}|${resource.type}`;
    const type = this.#types.get(typeKey) ?? { type: resource.type, typeSystem: resource.typeSystem, ...(service ? { service: service.id } : {}), count: 0 };
    type.count++;
    this.#types.set(typeKey, type);

    const accountKey = `${resource.provider}|${resource.account.uid}`;
    const account = this.#accounts.get(accountKey) ?? { provider: resource.provider, account: resource.account.uid, resources: 0, mapped: 0, evidence: emptyCounts() };
    account.resources++;
    this.#accounts.set(accountKey, account);

    let states: ReadonlyMap<string, DutyState> | undefined;
    if (service) {
      this.#mapped++;
      account.mapped++;
      const plan = this.joiner.plan(service);
      let summary = this.#services.get(service.id);
      if (!summary) {
        summary = {
          service: service.id,
          name: service.name,
          model: service.model,
          provider: service.provider,
          resources: 0,
          customerControls: plan.owners.customer.length,
          sharedControls: plan.owners.shared.length,
          evidence: emptyCounts(),
        };
        this.#services.set(service.id, summary);
      }
      summary.resources++;
      // Duties are counted, not rule results: each customer or shared control of
      // the resource is one row in exactly one state. Uncovered ones are unchecked.
      states = coveredStates(plan.dutySet, joined.evidence);
      for (const [control, state] of states) {
        countState(this.#evidence, state);
        countState(account.evidence, state);
        countState(summary.evidence, state);
        countState(this.#controls.get(control)!.evidence, state);
      }
      const unchecked = plan.duties.length - states.size;
      countState(this.#evidence, "unchecked", unchecked);
      countState(account.evidence, "unchecked", unchecked);
      countState(summary.evidence, "unchecked", unchecked);
    }
    if (this.options.keepResources || this.options.store) {
      const row: StoredRow = {
        uid: resource.uid,
        ...(resource.name !== undefined ? { name: resource.name } : {}),
        type: resource.type,
        typeSystem: resource.typeSystem,
        provider: resource.provider,
        account: resource.account.uid,
        ...(resource.region !== undefined ? { region: resource.region } : {}),
        tags: resource.tags,
        source: resource.source,
        service: service?.id ?? null,
        model: service?.model ?? null,
        ...(states?.size ? { states: Object.fromEntries(states) } : {}),
        ...(service && joined.evidence.length ? { evidence: joined.evidence } : {}),
      };
      if (this.options.store) this.options.store.add(row);
      else this.#resources.push(row);
    }
  }

  /** The report with its resources materialised (each with its service's controls), everything sorted so the same input gives the same bytes. */
  build(generatedAt: Date): Report {
    const head = this.head(generatedAt);
    const views = new RowViews(head.services);
    const resources: ReportResource[] = this.#resources.sort(compareUid).map((row) => views.view(row));
    const { problems, findings, ...rest } = head;
    return { ...rest, resources, problems, ...(findings ? { findings } : {}) };
  }

  /**
   * The report as a stream: its head now, its rows read back from the store
   * (in memory or on disk) per pass. Needs a `store` (or keeps the in-memory rows).
   */
  source(generatedAt: Date): StoredReportSource {
    const head = this.head(generatedAt);
    const views = new RowViews(head.services);
    const store = this.options.store;
    const memory = this.#resources.sort(compareUid);
    return {
      head,
      rowCount: store ? store.count : memory.length,
      async *rows(order: RowOrder = "uid") {
        if (store) {
          for await (const row of store.rows(order)) yield views.view(row);
          return;
        }
        const rows = order === "uid" ? memory : [...memory].sort(compareService);
        for (const row of rows) yield views.view(row);
      },
      close: () => store?.close(),
    };
  }

  /** Everything but the rows: summaries, coverage, the services' matrices (counters only, so it needs no pass over rows). */
  head(generatedAt: Date): ReportHead {
    // Owners per control are derived from resources per service (cheaper than counting per resource).
    const byControl = [...this.#controls.values()].map((c) => ({ ...c, owners: {} as Partial<Record<Owner, number>>, evidence: { ...c.evidence } }));
    const controlIndex = new Map(byControl.map((c) => [c.control, c]));
    for (const summary of this.#services.values()) {
      const plan = this.joiner.plan(this.joiner.catalog.getService(summary.service)!);
      for (const row of plan.matrix.rows) {
        const owners = controlIndex.get(row.control)!.owners;
        owners[row.owner] = (owners[row.owner] ?? 0) + summary.resources;
      }
      // A duty of every resource of the service; whatever evidence did not cover is unchecked.
      for (const control of plan.duties) controlIndex.get(control)!.evidence.unchecked += summary.resources;
    }
    for (const c of byControl) {
      const e = c.evidence;
      e.unchecked -= e.met + e.notMet + e.unknown;
    }
    const types = [...this.#types.values()];
    const byCountThenName = <T extends { count: number; type: string; typeSystem: string }>(a: T, b: T) =>
      b.count - a.count || cmp(a.typeSystem, b.typeSystem) || cmp(a.type, b.type);
    const services: Record<string, Matrix> = {};
    for (const id of [...this.#services.keys()].sort(cmp)) services[id] = this.joiner.plan(this.joiner.catalog.getService(id)!).matrix;
    return {
      generatedAt: generatedAt.toISOString(),
      summary: {
        resources: this.#total,
        mapped: this.#mapped,
        services: this.#services.size,
        accounts: this.#accounts.size,
        evidence: { ...this.#evidence },
        problems: this.#problems.length,
      },
      coverage: {
        total: this.#total,
        mapped: this.#mapped,
        ratio: this.#total === 0 ? 1 : this.#mapped / this.#total,
        unmapped: types.filter((t) => !t.service).sort(byCountThenName).map(({ type, typeSystem, count }) => ({ type, typeSystem, count })),
        mappedTypes: types
          .filter((t) => t.service)
          .sort(byCountThenName)
          .map(({ type, typeSystem, service, count }) => ({ type, typeSystem, service: service!, count })),
        evidence: coverageOf(this.#evidence),
      },
      byService: [...this.#services.values()].sort((a, b) => cmp(a.service, b.service)),
      byAccount: [...this.#accounts.values()].sort((a, b) => cmp(a.provider, b.provider) || cmp(a.account, b.account)),
      byControl,
      services,
      problems: this.#problems,
      ...(this.#findings ? { findings: this.#findings } : {}),
    };
  }
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
