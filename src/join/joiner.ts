import type { Catalog } from "../catalog/catalog.js";
import type { EvidenceRule, Matrix, Owner, Resource, Service, ServiceModelId } from "../types.js";
import { evaluateRule, type EvidenceResult } from "./evidence.js";

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
  /** Evidence rules per lower-cased native type: [control, rule]. */
  rulesByType: Map<string, [string, EvidenceRule][]>;
}

/**
 * Joins resources to the catalog: type -> service (variants included) ->
 * matrix, evaluating the service's evidence rules on each resource. Plans are
 * built once per service and reused, which keeps the join close to the cost of
 * parsing its input.
 */
export class Joiner {
  readonly #plans = new Map<string, ServicePlan>();
  constructor(readonly catalog: Catalog) {}

  /** The plan (matrix, owners, evidence index) of a service, built on first use. */
  plan(service: Service): ServicePlan {
    let plan = this.#plans.get(service.id);
    if (!plan) {
      const matrix = this.catalog.resolve(service.id);
      const owners: Record<Owner, string[]> = { provider: [], customer: [], shared: [], "not-applicable": [], "third-party": [] };
      const rulesByType = new Map<string, [string, EvidenceRule][]>();
      for (const row of matrix.rows) {
        owners[row.owner].push(row.control);
        for (const rule of row.evidence ?? []) {
          for (const check of rule.checks) {
            for (const type of check.types) {
              const key = type.toLowerCase();
              const list = rulesByType.get(key) ?? [];
              if (!list.some(([, r]) => r === rule)) list.push([row.control, rule]);
              rulesByType.set(key, list);
            }
          }
        }
      }
      plan = { service, matrix, owners, rulesByType };
      this.#plans.set(service.id, plan);
    }
    return plan;
  }

  /** Plans built so far (one per service seen). */
  plans(): IterableIterator<ServicePlan> {
    return this.#plans.values();
  }

  join(resource: Resource): JoinedResource {
    const service = this.catalog.findServiceForResource(resource.type, resource.attributes, resource.typeSystem);
    if (!service) return { resource, evidence: [] };
    const plan = this.plan(service);
    const rules = plan.rulesByType.get(resource.type.toLowerCase());
    const evidence: EvidenceResult[] = [];
    if (rules) {
      for (const [control, rule] of rules) {
        const result = evaluateRule(rule, control, resource.type, resource.attributes);
        if (result) evidence.push(result);
      }
    }
    return { resource, service, model: service.model, evidence };
  }

  /** Joins a stream of resources, lazily. */
  async *joinAll(resources: AsyncIterable<Resource> | Iterable<Resource>): AsyncGenerator<JoinedResource> {
    for await (const resource of resources) yield this.join(resource);
  }
}
