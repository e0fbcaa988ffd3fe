import type { EvidenceStatus } from "../../evidence/evaluate.js";
import { resourceDuties } from "../../evidence/duties.js";
import { countState, emptyCounts } from "../../evidence/state.js";
import type { EvidenceCounts } from "../../types.js";
import type { Report, ReportResource } from "../../join/report.js";
import type { ReportHead } from "../report-stream.js";
import { compare } from "./common.js";
import { prop, type OscalProp } from "./props.js";
import { driftLines } from "./drift.js";
import { markupMultiline, oscalString } from "./text.js";
import { oscalUuid } from "./uuid.js";
import { citeDuty, DuplicateCounter, emptyCitations, satisfiedEvidenceProps, type DutyCitations } from "./evidence-links.js";

/** How many evidence results per status a satisfied item lists in its remarks; the counts are always complete. */
export const EVIDENCE_LISTED_PER_STATUS = 20;

interface EvidenceLine {
  uid: string;
  rule: string;
  title: string;
  status: EvidenceStatus;
  detail?: string;
}

/**
 * What covers one service's duty: resources per covered state, and the first
 * results per status (in uid order) with how many there are. Bounded per duty,
 * so a million resources cost counters, not a list of every result.
 */
interface DutyEvidence {
  states: EvidenceCounts;
  lines: Record<EvidenceStatus, EvidenceLine[]>;
  totals: Record<EvidenceStatus, number>;
  /** The AR observations and rules the SSP's satisfied item cites. */
  citations: DutyCitations;
}

/** Evidence per service and control, gathered from the report's resources in uid order. */
export type EvidenceIndex = Map<string, DutyEvidence>;

const key = (service: string, control: string) => `${service}\u0000${control}`;

/**
 * Adds one resource's covered duties to the index (resources must come in uid
 * order for the listed results to be the first ones). `n` numbers rows sharing
 * a name (DuplicateCounter), so the cited AR observation uuids match the AR's.
 */
export function indexEvidence(index: EvidenceIndex, resource: ReportResource, n: number): void {
  if (!resource.service) return;
  for (const duty of resourceDuties(undefined, resource)) {
    if (duty.state === "unchecked") continue;
    const k = key(resource.service, duty.control);
    let entry = index.get(k);
    if (!entry) {
      entry = { states: emptyCounts(), lines: { "not-met": [], unknown: [], met: [] }, totals: { "not-met": 0, unknown: 0, met: 0 }, citations: emptyCitations() };
      index.set(k, entry);
    }
    countState(entry.states, duty.state);
    citeDuty(entry.citations, resource, n, duty.control, duty.state, duty.evidence);
    for (const e of duty.evidence) {
      entry.totals[e.status]++;
      const list = entry.lines[e.status];
      if (list.length < EVIDENCE_LISTED_PER_STATUS) {
        list.push({ uid: resource.uid, rule: e.rule, title: e.title, status: e.status, ...(e.detail !== undefined ? { detail: e.detail } : {}) });
      }
    }
  }
}

export function evidenceIndex(report: Report): EvidenceIndex {
  const index: EvidenceIndex = new Map();
  const counter = new DuplicateCounter();
  for (const resource of report.resources) indexEvidence(index, resource, counter.next(resource));
  return index;
}

export interface EvidenceSummary {
  /** Resources of the service per state of this duty. */
  counts: EvidenceCounts;
  props: OscalProp[];
  remarks?: string;
}

/**
 * The evidence for one service's duty over its `resources` as props (state
 * and resources per state, in the cloud-srm namespace) and remarks (the
 * results, not-met first, and how many resources nothing checks). The state
 * is the worst over the resources: not-met, unknown, unchecked, then met.
 */
export function evidenceOf(index: EvidenceIndex, service: string, control: string, resources: number): EvidenceSummary {
  const entry = index.get(key(service, control));
  const counts = entry ? { ...entry.states } : emptyCounts();
  countState(counts, "unchecked", Math.max(0, resources - (counts.met + counts.notMet + counts.unknown)));
  const status = counts.notMet ? "not-met" : counts.unknown ? "unknown" : counts.unchecked ? "unchecked" : "met";
  const props = [
    prop("evidence-status", status),
    prop("evidence-met", String(counts.met)),
    prop("evidence-not-met", String(counts.notMet)),
    prop("evidence-unknown", String(counts.unknown)),
    prop("evidence-unchecked", String(counts.unchecked)),
    ...satisfiedEvidenceProps(entry?.citations),
  ];
  const text: string[] = [];
  const total = entry ? entry.totals["not-met"] + entry.totals.unknown + entry.totals.met : 0;
  if (total) text.push("Evidence from automated checks on the inventory:");
  for (const [label, status] of [
    ["not met", "not-met"],
    ["unknown", "unknown"],
    ["met", "met"],
  ] as const) {
    const list = entry?.lines[status] ?? [];
    const count = entry?.totals[status] ?? 0;
    for (const line of list) {
      // User-controlled values are collapsed to one line so they cannot start Markdown blocks of their own.
      const detail = line.detail ? `: ${oscalString(line.detail)}` : "";
      text.push(`- ${label}: ${oscalString(line.title)} (${line.rule}) on ${oscalString(line.uid)}${detail}`);
    }
    if (count > EVIDENCE_LISTED_PER_STATUS) text.push(`- ${label}: ${count - EVIDENCE_LISTED_PER_STATUS} more`);
  }
  if (counts.unchecked) {
    text.push(`Unchecked on ${counts.unchecked} of ${resources} resources: no rule or imported finding covers this duty there, so nothing shows it is done.`);
  }
  return { counts, props, ...(text.length ? { remarks: markupMultiline(text.join("\n")) } : {}) };
}

/**
 * One inventory item per resource, pointing at its service's component. Resources
 * whose type maps to no service are listed too, without a component: coverage is
 * never a silent drop. Source file paths are left out (they differ per machine).
 */
export function inventoryItems(report: Report, components: ReadonlyMap<string, string>): Record<string, unknown>[] {
  const item = inventoryItemMaker(components);
  return report.resources.map(item);
}

/**
 * The inventory item of each resource in turn. Items with the same name
 * (uid, type system, source kind and ref) get a running number so their UUIDs
 * differ; such resources are neighbours in uid order, so only the names of the
 * current uid and ref are remembered, which keeps a streamed pass flat.
 */
export function inventoryItemMaker(
  components: ReadonlyMap<string, string>,
  unmappedRemarks = "Its type maps to no service in the catalog; no responsibilities are derived for it.",
): (resource: ReportResource) => Record<string, unknown> {
  let seen = new Map<string, number>();
  let group: string | undefined;
  return (resource) => {
    const name = [resource.uid, resource.typeSystem, resource.source.kind, resource.source.ref ?? ""];
    const current = JSON.stringify([resource.uid, resource.source.ref ?? ""]);
    if (current !== group) {
      group = current;
      seen = new Map();
    }
    const baseKey = JSON.stringify(name);
    const n = seen.get(baseKey) ?? 0;
    seen.set(baseKey, n + 1);
    const component = resource.service ? components.get(resource.service) : undefined;
    const props: OscalProp[] = [
      { name: "asset-id", value: oscalString(resource.uid) },
      prop("native-type", resource.type),
      prop("type-system", resource.typeSystem),
      prop("cloud-provider", resource.provider),
      prop("account", resource.account),
    ];
    if (resource.region) props.push(prop("region", resource.region));
    if (resource.service) props.push(prop("service-id", resource.service));
    props.push(prop("source-kind", resource.source.kind));
    return {
      uuid: oscalUuid("inventory-item", ...name, String(n)),
      description: markupMultiline(resource.name ? `${resource.name} (${resource.type})` : resource.type),
      props,
      ...(component ? { "implemented-components": [{ "component-uuid": component }] } : {}),
      ...(component ? {} : { remarks: unmappedRemarks }),
    };
  };
}

const MAX_LISTED_PROBLEMS = 50;

/** What the boundary leaves out: unmapped types and import problems, with counts. */
export function reportBoundaryRemarks(report: ReportHead): string | undefined {
  const lines: string[] = [];
  const { coverage } = report;
  lines.push(`${coverage.mapped} of ${coverage.total} resources map to a service in the catalog.`);
  const unmapped = [...coverage.unmapped].sort((a, b) => b.count - a.count || compare(a.typeSystem, b.typeSystem) || compare(a.type, b.type));
  for (const t of unmapped) lines.push(`- unmapped: ${oscalString(t.type)} (${t.typeSystem}), ${t.count}`);
  lines.push(...partialInventoryLines(report.problems, "this boundary"));
  // Drift since a baseline (report --baseline): what entered and left the boundary, duties that changed state.
  if (report.drift) lines.push(...driftLines(report.drift));
  return markupMultiline(lines.join("\n"));
}

/**
 * What a partial run misses, for OSCAL remarks (issue 11): how many records or
 * scopes could not be read and the first of them by file and position; nothing
 * for a complete run. Shared by the SSP's boundary and the AR's result.
 */
export function partialInventoryLines(problems: ReportHead["problems"], missingFrom: string): string[] {
  if (!problems.length) return [];
  const lines = [`Partial inventory: ${problems.length} input record(s) or scope(s) could not be read, so the resources they describe are missing from ${missingFrom}:`];
  for (const p of problems.slice(0, MAX_LISTED_PROBLEMS)) lines.push(`- ${oscalString(p.source)}:${oscalString(p.position)}: ${oscalString(p.message)}`);
  if (problems.length > MAX_LISTED_PROBLEMS) lines.push(`- ... and ${problems.length - MAX_LISTED_PROBLEMS} more (see the cloud-srm report, --format json)`);
  return lines;
}
