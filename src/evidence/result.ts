/** The outcome of evaluating one evidence rule on one resource. */
export type EvidenceStatus = "met" | "not-met" | "unknown";

export interface TestResult {
  status: EvidenceStatus;
  /** Why, in a few words; never a secret (only structural facts such as a port or a CIDR). */
  detail?: string;
}

export const unknown = (detail = "the source carries no such configuration"): TestResult => ({ status: "unknown", detail });
export const met = (detail?: string): TestResult => (detail ? { status: "met", detail } : { status: "met" });
export const notMet = (detail: string): TestResult => ({ status: "not-met", detail });

/** A value as a list (single values and missing values included). */
export function asList(value: unknown): unknown[] {
  if (value === undefined || value === null) return [];
  return Array.isArray(value) ? value : [value];
}

export function asRecord(value: unknown): Record<string, unknown> | undefined {
  return value !== null && typeof value === "object" && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}
