import type { Catalog } from "../catalog/catalog.js";
import type { EvidenceRule, Matrix, Owner, Resource, Service, ServiceModelId } from "../types.js";
import type { EvidenceCheck } from "../types.js";
import { evaluateChecks, type EvidenceResult } from "../evidence/evaluate.js";
import { isDuty } from "../evidence/state.js";
import type { FindingIndex } from "../evidence/findings/join.js";
import { PolicySet } from "../evidence/policies.js";

/** An evidence rule prepared for one native type: the checks that apply to it. */
export interface PreparedRule {
  control: string;
  rule: EvidenceRule;
  checks: EvidenceCheck[];
}

/** A resource joined to the catalog: its service, model, and evidence results. */
export interface JoinedResource {
  resource: Resource;
  /** The catalog service the resource's type maps to; undefined when unmapped. */
  service?: Service;
  model?: ServiceModelId;
  /** Evidence rules of the service that apply to this resource's type, evaluated. */
  evidence: EvidenceResult[];
}

/** What the join keeps per service so each resource costs a lookup, not a matrix resolution. */
export interface ServicePlan {
  service: Service;
  matrix: Matrix;
  /** Control ids per owner, in taxonomy order. */
  owners: Record<Owner, string[]>;
  /** The customer's duties on each resource of the service: customer and shared controls, in taxonomy order. */
  duties: string[];
  dutySet: ReadonlySet<string>;
  /** Evidence rules per lower-cased native type, with the checks for that type. */
  rulesByType: Map<string, PreparedRule[]>;
}

/**
 * Joins resources to the catalog: type -> service (variants included) ->
 * matrix, evaluating the service's evidence rules on each resource. Plans are
 * built once per service and reused, which keeps the join close to the cost of
 * parsing its input.
 */
export class Joiner {
  readonly #plans = new Map<string, ServicePlan>();
  // Type system -> raw type -> its service (or null) and lower-cased type, so a million resources
  // of a few hundred types cost a few hundred catalog lookups, and no key string per resource.
  readonly #byType = new Map<string, Map<string, { base: Service | null; lower: string }>>();
  readonly #findings: FindingIndex | undefined;
  /** The overlays' policies from tags (undefined when there are none: the hot path stays as it was). */
  readonly #policies: PolicySet | undefined;
  constructor(
    readonly catalog: Catalog,
    options: { findings?: FindingIndex } = {},
  ) {
    this.#findings = options.findings;
    this.#policies = PolicySet.of(catalog);
  }

  /** The plan (matrix, owners, evidence index) of a service, built on first use. */
  plan(service: Service): ServicePlan {
    let plan = this.#plans.get(service.id);
    if (!plan) {
      const matrix = this.catalog.resolve(service.id);
      const owners: Record<Owner, string[]> = { provider: [], customer: [], shared: [], "not-applicable": [], "third-party": [] };
      const rulesByType = new Map<string, PreparedRule[]>();
      for (const row of matrix.rows) {
        owners[row.owner].push(row.control);
        for (const rule of row.evidence ?? []) {
          for (const check of rule.checks) {
            for (const type of check.types) {
              const key = type.toLowerCase();
              const list = rulesByType.get(key) ?? [];
              const prepared = list.find((p) => p.rule === rule);
              if (prepared) prepared.checks.push(check);
              else list.push({ control: row.control, rule, checks: [check] });
              rulesByType.set(key, list);
            }
          }
        }
      }
      const duties = matrix.rows.filter((row) => isDuty(row.owner)).map((row) => row.control);
      plan = { service, matrix, owners, duties, dutySet: new Set(duties), rulesByType };
      this.#plans.set(service.id, plan);
    }
    return plan;
  }

  /** Plans built so far (one per service seen). */
  plans(): IterableIterator<ServicePlan> {
    return this.#plans.values();
  }

  join(resource: Resource): JoinedResource {
    const known = this.#typeOf(resource);
    // Variants depend on each resource's attributes, so they are checked per resource.
    const service = known.base ? this.catalog.variantFor(known.base, resource.attributes) : undefined;
    if (!service) {
      // Findings about an unmapped resource are matched (not "unmatched"), but carry no duty.
      this.#findings?.attach(resource, []);
      return { resource, evidence: [] };
    }
    const plan = this.plan(service);
    const rules = plan.rulesByType.get(known.lower);
    const evidence: EvidenceResult[] = [];
    if (rules) for (const r of rules) evidence.push(evaluateChecks(r.rule, r.control, r.checks, resource.attributes));
    this.#policies?.apply(resource, evidence);
    this.#findings?.attach(resource, evidence);
    return { resource, service, model: service.model, evidence };
  }

  #typeOf(resource: Resource): { base: Service | null; lower: string } {
    let types = this.#byType.get(resource.typeSystem);
    if (!types) {
      types = new Map();
      this.#byType.set(resource.typeSystem, types);
    }
    let known = types.get(resource.type);
    if (!known) {
      known = { base: this.catalog.findServiceByType(resource.type, resource.typeSystem) ?? null, lower: resource.type.toLowerCase() };
      types.set(resource.type, known);
    }
    return known;
  }

  /** Joins a stream of resources, lazily. */
  async *joinAll(resources: AsyncIterable<Resource> | Iterable<Resource>): AsyncGenerator<JoinedResource> {
    for await (const resource of resources) yield this.join(resource);
  }
}
