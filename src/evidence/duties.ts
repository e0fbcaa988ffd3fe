import type { DutyState, EvidenceResult, Report, ReportResource } from "../types.js";
import { dutyState, isDuty } from "./state.js";

const NONE: ReadonlyMap<string, DutyState> = new Map();

/**
 * The states of the duties some evidence covers on one resource, by control.
 * A duty missing from the map is unchecked. Evidence on controls that are not
 * the customer's (a provider-owned row) does not make a duty.
 */
export function coveredStates(duties: ReadonlySet<string>, evidence: readonly EvidenceResult[]): ReadonlyMap<string, DutyState> {
  if (evidence.length === 0) return NONE;
  // The worst status per control, folded as it comes (dutyState's order: not-met, unknown, met),
  // in one map: this runs once per resource in the streaming join.
  const states = new Map<string, DutyState>();
  for (const e of evidence) {
    if (!duties.has(e.control)) continue;
    const state = states.get(e.control);
    if (state === undefined || e.status === "not-met" || (e.status === "unknown" && state === "met")) states.set(e.control, e.status);
  }
  return states;
}

/** One duty row of a resource in a report: control, owner, state and the evidence behind it. */
export interface DutyRow {
  control: string;
  owner: ReportResource["controls"][number]["owner"];
  state: DutyState;
  evidence: readonly EvidenceResult[];
}

/**
 * The customer and shared duties of a report resource with their states, in
 * matrix order. Renderers read duties through this one function, so the
 * report's per-resource shape can change in one place.
 */
export function resourceDuties(_report: Report | undefined, resource: ReportResource): DutyRow[] {
  const rows: DutyRow[] = [];
  for (const c of resource.controls) {
    if (!isDuty(c.owner)) continue;
    rows.push({ control: c.control, owner: c.owner, state: c.state ?? dutyState(c.evidence), evidence: c.evidence ?? [] });
  }
  return rows;
}

/** Every evidence result on a resource, whatever the owner of its control. */
export function resourceEvidence(resource: ReportResource): EvidenceResult[] {
  return resource.controls.flatMap((c) => c.evidence ?? []);
}
