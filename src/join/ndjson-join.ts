import type { Catalog } from "../catalog/catalog.js";
import { Joiner, type JoinedResource, type ServicePlan } from "./joiner.js";

export type { JoinedRecord } from "../types.js";

/**
 * Version of the joined NDJSON record, written as `"v"` first on every line so a
 * consumer can tell shapes apart (docs/outputs.md, "Joined records"; CHANGELOG
 * for the migration from version 1, which had no `v`).
 */
export const JOINED_RECORD_VERSION = 2;

const fragments = new WeakMap<ServicePlan, string>();

/** The JSON text of the service part of a record, built once per service. */
function serviceFragment(plan: ServicePlan): string {
  let fragment = fragments.get(plan);
  if (fragment === undefined) {
    fragment = `"service":${JSON.stringify(plan.service.id)},"model":"${plan.service.model}"`;
    fragments.set(plan, fragment);
  }
  return fragment;
}

// Characters JSON must escape, plus lone surrogates (JSON.stringify escapes them too).
// eslint-disable-next-line no-control-regex -- these are exactly the characters JSON escapes
const NEEDS_ESCAPE = /["\\\u0000-\u001f\ud800-\udfff]/;

/** JSON string literal; skips JSON.stringify for the common case of nothing to escape. */
function quote(value: string): string {
  return NEEDS_ESCAPE.test(value) ? JSON.stringify(value) : `"${value}"`;
}

const UNMAPPED = '"service":null,"model":null,"duties":{},"unchecked":0,"evidence":[]';

/**
 * Serializes a joined resource as one NDJSON line (without the newline): the
 * resource's identity, its service and model, the state of each duty some
 * evidence covers, how many duties nothing covers, and the evidence results.
 * The service's control lists are not repeated: `cloud-srm matrix <service>`
 * gives them once (JoinedRecordSchema, version 2).
 */
export function joinedRecordLine(joiner: Joiner, joined: JoinedResource): string {
  const r = joined.resource;
  let line = `{"v":2,"uid":${quote(r.uid)},"type":${quote(r.type)},"typeSystem":"${r.typeSystem}","provider":${quote(r.provider)},"account":${quote(r.account.uid)}`;
  if (r.region !== undefined) line += `,"region":${quote(r.region)}`;
  if (r.name !== undefined) line += `,"name":${quote(r.name)}`;
  if (!joined.service) return `${line},${UNMAPPED}}`;
  const plan = joiner.plan(joined.service);
  line += `,${serviceFragment(plan)}`;
  if (joined.evidence.length === 0) return `${line},"duties":{},"unchecked":${plan.duties.length},"evidence":[]}`;
  const states = dutyStates(plan, joined);
  let duties = "";
  let evidence = "";
  for (const [control, state] of states) duties += `${duties ? "," : ""}"${control}":"${state}"`;
  for (const e of joined.evidence) {
    evidence += `${evidence ? "," : ""}{"control":"${e.control}","rule":${quote(e.rule)},"status":"${e.status}"${e.detail !== undefined ? `,"detail":${quote(e.detail)}` : ""}}`;
  }
  return `${line},"duties":{${duties}},"unchecked":${plan.duties.length - states.size},"evidence":[${evidence}]}`;
}

const RANK = { met: 0, unknown: 1, "not-met": 2 } as const;

/**
 * The state of each duty (customer or shared control) some evidence covers on
 * the resource: any not-met wins, then any unknown, else met. A duty with no
 * evidence is not in the map: it is unchecked.
 */
function dutyStates(plan: ServicePlan, joined: JoinedResource): Map<string, "met" | "not-met" | "unknown"> {
  const states = new Map<string, "met" | "not-met" | "unknown">();
  for (const e of joined.evidence) {
    if (!plan.dutySet.has(e.control)) continue;
    const previous = states.get(e.control);
    if (previous === undefined || RANK[e.status] > RANK[previous]) states.set(e.control, e.status);
  }
  return states;
}

export { Joiner };
export type { Catalog };
