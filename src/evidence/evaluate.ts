import { readPath } from "../catalog/catalog.js";
import type { EvidenceCheck, EvidenceResult, EvidenceRule } from "../types.js";
import { NAMED_TESTS } from "./checks/index.js";
import { met, notMet, unknown, type EvidenceStatus, type TestResult } from "./result.js";

export type { EvidenceStatus };

export type { EvidenceResult } from "../types.js";

/**
 * Evaluates one check on a resource's attributes. Missing data is "unknown",
 * never "met": the rule only says met when the source shows the setting.
 */
export function evaluateCheck(check: EvidenceCheck, attributes: Record<string, unknown> | undefined): TestResult {
  if (!attributes) return unknown("the source carries no configuration for this resource");
  if (check.test) return NAMED_TESTS[check.test](attributes);
  const path = check.path!;
  const value = readPath(attributes, path);
  if (check.present) {
    return value === undefined || value === null || value === "" || (Array.isArray(value) && value.length === 0)
      ? unknown(`${path} is not set in the source data`)
      : met(`${path} is set`);
  }
  if (value === undefined || value === null) return unknown(`${path} is not in the source data`);
  if (check.notEmpty) {
    const size = typeof value === "string" || Array.isArray(value) ? value.length : typeof value === "object" ? Object.keys(value).length : 1;
    return size > 0 ? met(`${path} is set`) : notMet(`${path} is empty`);
  }
  if (check.includes !== undefined) {
    if (!Array.isArray(value)) return unknown(`${path} is not a list`);
    return value.includes(check.includes) ? met(`${path} includes ${String(check.includes)}`) : notMet(`${path} does not include ${String(check.includes)}`);
  }
  if (check.equals !== undefined) return value === check.equals ? met(`${path} = ${String(check.equals)}`) : notMet(`${path} is not ${String(check.equals)}`);
  if (check.oneOf) return check.oneOf.includes(value as string) ? met(`${path} = ${String(value)}`) : notMet(`${path} is not one of ${check.oneOf.join(", ")}`);
  if (check.atLeast !== undefined) {
    const n = typeof value === "number" ? value : Number(value);
    if (!Number.isFinite(n)) return unknown(`${path} is not a number`);
    return n >= check.atLeast ? met(`${path} = ${n}`) : notMet(`${path} = ${n}, below ${check.atLeast}`);
  }
  return unknown("check has no operator");
}

/**
 * Evaluates a rule on a resource of a given type: only the checks that name
 * the type apply; any not-met wins, then any unknown, else met. Returns
 * undefined when no check applies to the type.
 */
export function evaluateRule(
  rule: EvidenceRule,
  control: string,
  type: string,
  attributes: Record<string, unknown> | undefined,
): EvidenceResult | undefined {
  const key = type.toLowerCase();
  const checks = rule.checks.filter((c) => c.types.some((t) => t.toLowerCase() === key));
  if (checks.length === 0) return undefined;
  return evaluateChecks(rule, control, checks, attributes);
}

/** Evaluates the checks of a rule already chosen for a resource's type (the join's hot path). */
export function evaluateChecks(
  rule: EvidenceRule,
  control: string,
  checks: readonly EvidenceCheck[],
  attributes: Record<string, unknown> | undefined,
): EvidenceResult {
  let outcome: TestResult | undefined;
  for (const check of checks) {
    const result = evaluateCheck(check, attributes);
    if (result.status === "not-met") {
      outcome = result;
      break;
    }
    if (!outcome || (result.status === "unknown" && outcome.status === "met")) outcome = result;
  }
  const result: EvidenceResult = { control, rule: rule.id, title: rule.title, status: outcome!.status };
  if (outcome!.detail) result.detail = outcome!.detail;
  return result;
}
