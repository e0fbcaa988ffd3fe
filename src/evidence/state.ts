import type { DutyState, EvidenceCounts, EvidenceResult, Owner } from "../types.js";

export type { DutyState };

/**
 * The four states of a (resource, customer or shared duty) row, worst first.
 * `unchecked` means nothing (no rule, no imported finding) covers the duty for
 * that resource: it is never shown as fine, because silence is not compliance.
 */
export const DUTY_STATES = ["not-met", "unknown", "unchecked", "met"] as const satisfies readonly DutyState[];

/** Owners whose rows are the customer's to evidence: the customer's own duties and its part of shared ones. */
export function isDuty(owner: Owner): boolean {
  return owner === "customer" || owner === "shared";
}

/**
 * The state of one duty on one resource from the evidence that covers it:
 * any not-met wins, then any unknown, else met; nothing at all is unchecked.
 */
export function dutyState(results: readonly Pick<EvidenceResult, "status">[] | undefined): DutyState {
  if (!results || results.length === 0) return "unchecked";
  let state: DutyState = "met";
  for (const r of results) {
    if (r.status === "not-met") return "not-met";
    if (r.status === "unknown") state = "unknown";
  }
  return state;
}

export const emptyCounts = (): EvidenceCounts => ({ met: 0, notMet: 0, unknown: 0, unchecked: 0 });

/** Adds `n` duties in `state` to a set of counts. */
export function countState(counts: EvidenceCounts, state: DutyState, n = 1): void {
  if (state === "met") counts.met += n;
  else if (state === "not-met") counts.notMet += n;
  else if (state === "unknown") counts.unknown += n;
  else counts.unchecked += n;
}

/** Duties in the counts, and the share some rule or finding covers (1 when there are no duties). */
export function coverageOf(counts: EvidenceCounts): { duties: number; covered: number; ratio: number } {
  const covered = counts.met + counts.notMet + counts.unknown;
  const duties = covered + counts.unchecked;
  return { duties, covered, ratio: duties === 0 ? 1 : covered / duties };
}

/** Words for people, the same in every document: an unchecked duty is named as such. */
export const STATE_LABELS: Record<DutyState, string> = {
  met: "met",
  "not-met": "not met",
  unknown: "unknown (a rule applies, the data to decide is missing)",
  unchecked: "unchecked (no rule or finding covers it)",
};

/** "2 not met, 1 unknown, 30 unchecked, 5 met": the order of urgency. */
export function countsText(counts: EvidenceCounts): string {
  return `${counts.notMet} not met, ${counts.unknown} unknown, ${counts.unchecked} unchecked, ${counts.met} met`;
}

/** "12.5%": evidence coverage of some counts. */
export function coveragePercent(counts: EvidenceCounts): string {
  return `${(coverageOf(counts).ratio * 100).toFixed(1)}%`;
}
