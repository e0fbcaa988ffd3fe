import type { Catalog } from "../catalog/catalog.js";
import type { DutyState } from "../types.js";
import { coveredStates } from "../evidence/duties.js";
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
export function joinedRecordLine(joiner: Joiner, joined: JoinedResource, states?: ReadonlyMap<string, DutyState>): string {
  const r = joined.resource;
  let line = `{"v":2,"uid":${quote(r.uid)},"type":${quote(r.type)},"typeSystem":"${r.typeSystem}","provider":${quote(r.provider)},"account":${quote(r.account.uid)}`;
  if (r.region !== undefined) line += `,"region":${quote(r.region)}`;
  if (r.name !== undefined) line += `,"name":${quote(r.name)}`;
  if (!joined.service) return `${line},${UNMAPPED}}`;
  const plan = joiner.plan(joined.service);
  line += `,${serviceFragment(plan)}`;
  if (joined.evidence.length === 0) return `${line},"duties":{},"unchecked":${plan.duties.length},"evidence":[]}`;
  states ??= coveredStates(plan.dutySet, joined.evidence);
  let duties = "";
  let evidence = "";
  for (const [control, state] of states) duties += `${duties ? "," : ""}"${control}":"${state}"`;
  for (const e of joined.evidence) {
    evidence += `${evidence ? "," : ""}{"control":"${e.control}","rule":${quote(e.rule)},"status":"${e.status}"${e.detail !== undefined ? `,"detail":${quote(e.detail)}` : ""}}`;
  }
  return `${line},"duties":{${duties}},"unchecked":${plan.duties.length - states.size},"evidence":[${evidence}]}`;
}

export { Joiner };
export type { Catalog };
