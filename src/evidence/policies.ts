import type { Catalog, OverlayPolicy } from "../catalog/catalog.js";
import type { EvidenceCheck, EvidenceResult, EvidenceRule, Resource, TagCondition, TagPolicy } from "../types.js";
import { evaluateChecks } from "./evaluate.js";

/**
 * Policies from tags (issue 12, item 4), evaluated per resource by the join.
 *
 * - `require`: a resource whose tags match gets the policy's rules evaluated
 *   on the named duty. A failing rule is not met, missing data unknown; and
 *   when none of the rules checks the resource's type the duty is unknown
 *   ("the policy asks, nothing here can show it"): a raised duty is never
 *   silently met and never silently unchecked.
 * - `requireTags`: a matching resource without one of the tags is not met on
 *   governance.configuration-compliance (met when it carries them all).
 *
 * A result counts only where the control is a customer or shared duty of the
 * resource's service (the state model ignores evidence on provider rows).
 */

/** The governance duty a missing required tag fails. */
export const REQUIRED_TAGS_CONTROL = "governance.configuration-compliance";

interface PreparedPolicy {
  overlay: string;
  policy: TagPolicy;
  conditions: TagCondition[];
  /** Rules the policy evaluates: its own, then the catalog rules it uses. */
  rules: EvidenceRule[];
}

/** Policies with their catalog rule references resolved, ready for many resources. */
export class PolicySet {
  readonly #policies: PreparedPolicy[];
  /** Per policy and lower-cased type: the rules and their checks for that type (built on first use). */
  readonly #byType = new Map<string, { rule: EvidenceRule; checks: EvidenceCheck[] }[]>();

  constructor(policies: readonly OverlayPolicy[], catalogRules: ReadonlyMap<string, EvidenceRule>) {
    this.#policies = policies.map(({ overlay, policy }) => ({
      overlay,
      policy,
      conditions: policy.when === undefined ? [] : Array.isArray(policy.when) ? policy.when : [policy.when],
      rules: [
        ...(policy.require?.rules ?? []),
        ...(policy.require?.use ?? []).map((id) => {
          const rule = catalogRules.get(id);
          // Overlay validation already refused unknown ids; a hand-built catalog may still lack one.
          if (!rule) throw new Error(`policy ${policy.id}: unknown evidence rule "${id}"`);
          return rule;
        }),
      ],
    }));
  }

  /** Builds the policy set of a catalog, or undefined when it has no policies. */
  static of(catalog: Catalog): PolicySet | undefined {
    if (catalog.policies.length === 0) return undefined;
    const rules = new Map<string, EvidenceRule>();
    for (const service of catalog.services) {
      for (const cell of Object.values(service.cells ?? {})) for (const rule of cell.evidence ?? []) if (!rules.has(rule.id)) rules.set(rule.id, rule);
      for (const { cells } of catalog.overlayCells(service.id)) {
        for (const cell of Object.values(cells)) for (const rule of cell.evidence ?? []) if (!rules.has(rule.id)) rules.set(rule.id, rule);
      }
    }
    return new PolicySet(catalog.policies, rules);
  }

  /** Appends the results of every policy that applies to the resource. */
  apply(resource: Resource, evidence: EvidenceResult[]): void {
    this.#policies.forEach((p, index) => {
      if (!matchesTags(p.conditions, resource.tags)) return;
      const why = p.conditions.length ? ` (${p.conditions.map(conditionText).join(", ")})` : "";
      if (p.policy.require) {
        const { control } = p.policy.require;
        const applicable = this.#rulesFor(index, p, resource.type);
        if (applicable.length === 0) {
          evidence.push({
            control,
            rule: p.policy.id,
            title: p.policy.title,
            status: "unknown",
            detail: `policy ${p.policy.id}${why} requires it, but none of its rules checks ${resource.type}`,
          });
        }
        for (const { rule, checks } of applicable) {
          // A catalog rule the service already evaluates on this duty is not counted twice.
          if (evidence.some((e) => e.control === control && e.rule === rule.id && e.source === undefined)) continue;
          const result = evaluateChecks(rule, control, checks, resource.attributes);
          result.detail = `${result.detail ? `${result.detail}; ` : ""}required by policy ${p.policy.id}${why}`;
          evidence.push(result);
        }
      }
      if (p.policy.requireTags) {
        const missing = p.policy.requireTags.filter((key) => tagValue(resource.tags, key) === undefined);
        evidence.push(
          missing.length
            ? { control: REQUIRED_TAGS_CONTROL, rule: p.policy.id, title: p.policy.title, status: "not-met", detail: `missing tag${missing.length > 1 ? "s" : ""}: ${missing.join(", ")}` }
            : { control: REQUIRED_TAGS_CONTROL, rule: p.policy.id, title: p.policy.title, status: "met", detail: `tags present: ${p.policy.requireTags.join(", ")}` },
        );
      }
    });
  }

  #rulesFor(index: number, p: PreparedPolicy, type: string): { rule: EvidenceRule; checks: EvidenceCheck[] }[] {
    const key = `${index}\u0000${type.toLowerCase()}`;
    let list = this.#byType.get(key);
    if (!list) {
      const lower = type.toLowerCase();
      list = p.rules.map((rule) => ({ rule, checks: rule.checks.filter((c) => c.types.some((t) => t.toLowerCase() === lower)) })).filter((r) => r.checks.length > 0);
      this.#byType.set(key, list);
    }
    return list;
  }
}

/** The value of a tag, its key compared case-insensitively (Azure tag names are case-insensitive). */
function tagValue(tags: Readonly<Record<string, string>>, key: string): string | undefined {
  if (Object.hasOwn(tags, key)) return tags[key];
  const lower = key.toLowerCase();
  for (const [k, v] of Object.entries(tags)) if (k.toLowerCase() === lower) return v;
  return undefined;
}

/** Whether every condition holds on the tags (no conditions: always). */
export function matchesTags(conditions: readonly TagCondition[], tags: Readonly<Record<string, string>>): boolean {
  for (const c of conditions) {
    const value = tagValue(tags, c.tag);
    if (value === undefined) return false;
    if (c.equals !== undefined && value !== c.equals) return false;
    if (c.oneOf !== undefined && !c.oneOf.includes(value)) return false;
  }
  return true;
}

function conditionText(c: TagCondition): string {
  if (c.equals !== undefined) return `tag ${c.tag}=${c.equals}`;
  if (c.oneOf !== undefined) return `tag ${c.tag} in ${c.oneOf.join("|")}`;
  return `tag ${c.tag} set`;
}
