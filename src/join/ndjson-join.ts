import type { Catalog } from "../catalog/catalog.js";
import { Joiner, type JoinedResource, type ServicePlan } from "./joiner.js";

export type { JoinedRecord } from "../types.js";

const fragments = new WeakMap<ServicePlan, string>();

/** The JSON text of the service part of a record, built once per service. */
function serviceFragment(plan: ServicePlan): string {
  let fragment = fragments.get(plan);
  if (fragment === undefined) {
    const { owners } = plan;
    const parts: Record<string, unknown> = {
      service: plan.service.id,
      model: plan.service.model,
      customer: owners.customer,
      shared: owners.shared,
    };
    if (owners["third-party"].length) parts.thirdParty = owners["third-party"];
    fragment = JSON.stringify(parts).slice(1, -1);
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

const UNMAPPED = '"service":null,"model":null,"customer":[],"shared":[]';
const uncheckedAll = new WeakMap<ServicePlan, string>();

/** The duties no evidence covers on this resource; the whole list is built once per service. */
function uncheckedJson(plan: ServicePlan, joined: JoinedResource): string {
  if (joined.evidence.length === 0) {
    let all = uncheckedAll.get(plan);
    if (all === undefined) uncheckedAll.set(plan, (all = JSON.stringify(plan.duties)));
    return all;
  }
  const covered = new Set(joined.evidence.map((e) => e.control));
  return JSON.stringify(plan.duties.filter((c) => !covered.has(c)));
}

/** Serializes a joined resource as one NDJSON line (without the newline), reusing per-service JSON. */
export function joinedRecordLine(joiner: Joiner, joined: JoinedResource): string {
  const r = joined.resource;
  let head = `{"uid":${quote(r.uid)},"type":${quote(r.type)},"typeSystem":"${r.typeSystem}","provider":${quote(r.provider)},"account":${quote(r.account.uid)}`;
  if (r.region !== undefined) head += `,"region":${quote(r.region)}`;
  if (r.name !== undefined) head += `,"name":${quote(r.name)}`;
  const plan = joined.service ? joiner.plan(joined.service) : undefined;
  const service = plan ? serviceFragment(plan) : UNMAPPED;
  const unchecked = plan ? uncheckedJson(plan, joined) : "[]";
  return `${head},${service},"evidence":${JSON.stringify(joined.evidence)},"unchecked":${unchecked}}`;
}

export { Joiner };
export type { Catalog };
