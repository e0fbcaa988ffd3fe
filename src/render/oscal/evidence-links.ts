import type { DutyState, EvidenceResult, ReportResource } from "../../types.js";
import { prop, type OscalProp } from "./props.js";
import { oscalUuid } from "./uuid.js";

/**
 * The names the SSP and the assessment-results (AR) document share, so that an
 * SSP's `satisfied` item can cite the AR observations behind it and both
 * documents, generated separately from the same report, agree on every uuid.
 */

/** What identifies a resource row: its uid, type system, source kind and source ref. */
export type ResourceKey = Pick<ReportResource, "uid" | "typeSystem" | "source">;

/** The inventory-item name parts of a resource (the same parts the SSP's inventory items use). */
export function resourceNameParts(resource: ResourceKey): string[] {
  return [resource.uid, resource.typeSystem, resource.source.kind, resource.source.ref ?? ""];
}

/**
 * Numbers rows that share a name (the same resource imported twice from one
 * source): the first is 0, the next 1, ... Rows come in uid order, so equal
 * names are neighbours and only the current uid's names are remembered.
 */
export class DuplicateCounter {
  private uid: string | undefined;
  private seen = new Map<string, number>();

  next(resource: ResourceKey): number {
    if (resource.uid !== this.uid) {
      this.uid = resource.uid;
      this.seen.clear();
    }
    const key = JSON.stringify(resourceNameParts(resource));
    const n = this.seen.get(key) ?? 0;
    this.seen.set(key, n + 1);
    return n;
  }
}

/** UUID of a resource's inventory item; the SSP derives the same one. */
export function inventoryItemUuid(resource: ResourceKey, n: number): string {
  return oscalUuid("inventory-item", ...resourceNameParts(resource), String(n));
}

/**
 * UUID of the AR observation of one duty (control) on one resource. One
 * observation per resource x duty with evidence: the duty is what a finding
 * judges, and several rules and imported findings can cover one duty, so they
 * are that observation's relevant evidence.
 */
export function observationUuid(resource: ResourceKey, n: number, control: string): string {
  return oscalUuid("assessment-results", "observation", ...resourceNameParts(resource), String(n), control);
}

/** How many observations per state an SSP `satisfied` item cites by uuid; counts are always complete. */
export const OBSERVATIONS_CITED_PER_STATE = 20;

/** What the SSP cites for one service's duty: observations per state and the rules/checks behind them. */
export interface DutyCitations {
  observations: { uuid: string; state: Exclude<DutyState, "unchecked"> }[];
  rules: Set<string>;
}

export const emptyCitations = (): DutyCitations => ({ observations: [], rules: new Set() });

/** Records one covered duty of a resource for the SSP's citations. */
export function citeDuty(citations: DutyCitations, resource: ResourceKey, n: number, control: string, state: Exclude<DutyState, "unchecked">, evidence: readonly EvidenceResult[]): void {
  const sameState = citations.observations.reduce((k, o) => k + (o.state === state ? 1 : 0), 0);
  if (sameState < OBSERVATIONS_CITED_PER_STATE) citations.observations.push({ uuid: observationUuid(resource, n, control), state });
  for (const e of evidence) citations.rules.add(evidenceRuleName(e));
}

/** A rule id, or "tool:check" for an imported finding. */
export function evidenceRuleName(e: Pick<EvidenceResult, "rule" | "source" | "check">): string {
  return e.source && e.check ? `${e.source}:${e.check}` : e.rule;
}

const STATE_ORDER = ["not-met", "unknown", "met"] as const;

/**
 * Props for an SSP `satisfied` item that point at the AR: `evidence-observation`
 * (an AR observation uuid, class = the duty's state; worst states first, at most
 * OBSERVATIONS_CITED_PER_STATE per state) and `evidence-rule` (each rule id or
 * tool:check that produced them, sorted).
 */
export function satisfiedEvidenceProps(citations: DutyCitations | undefined): OscalProp[] {
  if (!citations) return [];
  const props: OscalProp[] = [];
  for (const state of STATE_ORDER) {
    for (const o of citations.observations) if (o.state === state) props.push(prop("evidence-observation", o.uuid, { class: state }));
  }
  for (const rule of [...citations.rules].sort()) props.push(prop("evidence-rule", rule));
  return props;
}
