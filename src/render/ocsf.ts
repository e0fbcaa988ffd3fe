import type { Report, ReportResource } from "../join/report.js";
import type { Matrix, Owner, Resource } from "../types.js";
import type { RenderOptions } from "./options.js";
import type { ReportSource } from "./report-stream.js";
import { resourceDuties } from "../evidence/duties.js";
import type { Drift, DriftResource } from "../evidence/baseline.js";
import { DriftCells } from "./drift-cells.js";

/**
 * OCSF "Cloud Resources Inventory Info" events (class 5023, Discovery), one
 * per resource, as NDJSON. Field names and requirements follow the OCSF 1.x
 * schema (events/discovery/cloud_resources_inventory_info.json, base_event,
 * objects cloud, account, metadata, product, resource_details):
 * https://schema.ocsf.io/1.5.0/classes/cloud_resources_inventory_info
 */
export const OCSF_SCHEMA_VERSION = "1.5.0";

const CLASS_UID = 5023;
const CATEGORY_UID = 5; // Discovery
const ACTIVITY_LOG = 1; // "The discovered information is via a log."
const SEVERITY_INFORMATIONAL = 1;

export interface OcsfOptions extends RenderOptions {
  /** metadata.product.vendor_name (default "cloud-srm"). */
  vendorName?: string;
  /** metadata.product.version, e.g. the package version. */
  productVersion?: string;
  /** Matrices by service id, to name the service in the summary (a report's `services`). */
  services?: Record<string, Matrix>;
  /**
   * Input records rejected or scopes failed in the run (a report's problems).
   * OCSF events have no document to say a run was partial in, so each event of
   * a partial run carries the count in resources[0].data.cloud_srm.partial_inventory
   * (issue 11); a complete run adds nothing.
   */
  partialInventory?: number;
  /**
   * The drift since a baseline report (a report's `drift`): each event says
   * its resource's change in resources[0].data.cloud_srm.drift, and each
   * resource of the baseline that is gone gets an event of its own, after the
   * report's (removed, or unknown when its scope failed this run).
   */
  drift?: Drift;
}

/** account.type_id / type (OCSF account object enum: 10 AWS Account, 11 GCP Project, 13 Azure Subscription, 99 Other). */
const ACCOUNT_TYPES: Record<string, { type_id: number; type: string }> = {
  "aws-account": { type_id: 10, type: "AWS Account" },
  "gcp-project": { type_id: 11, type: "GCP Project" },
  "azure-subscription": { type_id: 13, type: "Azure Subscription" },
};
const PROVIDER_ACCOUNT_TYPES: Record<string, string> = { aws: "aws-account", gcp: "gcp-project", azure: "azure-subscription" };

function isReportResource(r: Resource | ReportResource): r is ReportResource {
  return typeof r.account === "string";
}

function accountObject(r: Resource | ReportResource): Record<string, unknown> {
  const uid = isReportResource(r) ? r.account : r.account.uid;
  const kind = isReportResource(r) ? PROVIDER_ACCOUNT_TYPES[r.provider] : r.account.type;
  const type = (kind ? ACCOUNT_TYPES[kind] : undefined) ?? { type_id: 99, type: "Other" };
  const name = isReportResource(r) ? undefined : r.account.name;
  return { uid, ...(name ? { name } : {}), type: type.type, type_id: type.type_id };
}

/**
 * The responsibility summary cloud-srm adds to a resource, kept inside the
 * resource's free-form `data` (JSON) so consumers that enrich or validate the
 * event never collide with it.
 */
function responsibility(r: ReportResource, services: Record<string, Matrix> | undefined): { cloud_srm: Record<string, unknown> } {
  if (!r.service) return { cloud_srm: { service: null, mapped: false } };
  const byOwner: Partial<Record<Owner, string[]>> = {};
  for (const c of r.controls) (byOwner[c.owner] ??= []).push(c.control);
  const notMet = r.controls.flatMap((c) =>
    (c.evidence ?? []).filter((e) => e.status === "not-met").map((e) => ({ control: e.control, rule: e.rule, title: e.title, ...(e.detail ? { detail: e.detail } : {}) })),
  );
  // Duties, not rule results: each customer or shared control is one row in one state.
  const counts = { met: 0, not_met: 0, unknown: 0, unchecked: 0 };
  const unchecked: string[] = [];
  for (const duty of resourceDuties(undefined, r)) {
    counts[duty.state === "not-met" ? "not_met" : duty.state]++;
    if (duty.state === "unchecked") unchecked.push(duty.control);
  }
  const name = services?.[r.service]?.subject.name;
  return {
    cloud_srm: {
      service: r.service,
      ...(name ? { service_name: name } : {}),
      model: r.model,
      mapped: true,
      customer_controls: byOwner.customer ?? [],
      shared_controls: byOwner.shared ?? [],
      provider_controls: byOwner.provider ?? [],
      ...(byOwner["third-party"] ? { third_party_controls: byOwner["third-party"] } : {}),
      evidence: counts,
      evidence_not_met: notMet,
      unchecked_controls: unchecked,
    },
  };
}

/** The responsibility summary, with the catalog it came from and the run's rejected-record count when the run was partial. */
function withCompleteness(data: { cloud_srm: Record<string, unknown> }, options: OcsfOptions): Record<string, unknown> {
  const { partialInventory: partial, catalogVersion } = options;
  if (!partial && !catalogVersion) return data;
  return { cloud_srm: { ...data.cloud_srm, ...(catalogVersion ? { catalog_version: catalogVersion } : {}), ...(partial ? { partial_inventory: partial } : {}) } };
}

/** The drift lookup of a report's events, built once per document (not per event). */
const driftCells = new WeakMap<Drift, DriftCells>();
function driftOf(drift: Drift): DriftCells {
  let cells = driftCells.get(drift);
  if (!cells) driftCells.set(drift, (cells = new DriftCells(drift)));
  return cells;
}

/** The resource's change since the baseline, in its cloud_srm data (when the report has a baseline). */
function withDrift(data: Record<string, unknown>, uid: string, options: OcsfOptions): Record<string, unknown> {
  if (!options.drift) return data;
  const cloudSrm = data.cloud_srm as Record<string, unknown>;
  return { cloud_srm: { ...cloudSrm, drift: { baseline: options.drift.baseline, ...driftOf(options.drift).resource(uid) } } };
}

/**
 * An event for a resource of the baseline that is not in this report: the
 * same class (an inventory record of what the baseline held), its change in
 * resources[0].data.cloud_srm.drift: `removed`, or `unknown` with the reason
 * (its scope failed this run: it may still exist, so never "removed").
 */
export function goneOcsfEvent(r: DriftResource, change: "removed" | "unknown", reason: string, options: OcsfOptions): Record<string, unknown> {
  const provider = r.provider ?? "unknown";
  const kind = PROVIDER_ACCOUNT_TYPES[provider];
  const type = (kind ? ACCOUNT_TYPES[kind] : undefined) ?? { type_id: 99, type: "Other" };
  const drift = { baseline: options.drift?.baseline ?? "", change, ...(reason ? { reason } : {}) };
  return {
    ...eventHead(options, change === "removed" ? `${r.type} ${r.uid}: removed since the baseline report` : `${r.type} ${r.uid}: not seen, ${reason} (unknown, not removed)`),
    metadata: productMetadata(options),
    cloud: { provider, account: { uid: r.account, type: type.type, type_id: type.type_id } },
    resources: [{ uid: r.uid, type: r.type, data: { cloud_srm: { service: r.service, mapped: r.service !== null, drift } } }],
  };
}

function eventHead(options: OcsfOptions, message: string): Record<string, unknown> {
  return {
    activity_id: ACTIVITY_LOG,
    activity_name: "Log",
    category_uid: CATEGORY_UID,
    category_name: "Discovery",
    class_uid: CLASS_UID,
    class_name: "Cloud Resources Inventory Info",
    type_uid: CLASS_UID * 100 + ACTIVITY_LOG,
    type_name: "Cloud Resources Inventory Info: Log",
    severity_id: SEVERITY_INFORMATIONAL,
    severity: "Informational",
    time: options.now.getTime(),
    message,
  };
}

function productMetadata(options: OcsfOptions): Record<string, unknown> {
  return {
    version: OCSF_SCHEMA_VERSION,
    product: {
      name: "cloud-srm",
      vendor_name: options.vendorName ?? "cloud-srm",
      ...((options.productVersion ?? options.toolVersion) ? { version: options.productVersion ?? options.toolVersion } : {}),
    },
  };
}

/** The gone resources' events, as NDJSON lines. */
function goneLines(options: OcsfOptions): string {
  if (!options.drift) return "";
  let out = "";
  for (const g of driftOf(options.drift).gone()) out += `${JSON.stringify(goneOcsfEvent(g.resource, g.change, g.detail, options))}\n`;
  return out;
}

/** One OCSF 5023 event for a resource. */
export function resourceOcsfEvent(r: Resource | ReportResource, options: OcsfOptions): Record<string, unknown> {
  const tags = Object.keys(r.tags)
    .sort()
    .map((name) => ({ name, value: r.tags[name]! }));
  const zone = isReportResource(r) ? undefined : r.zone;
  const resource: Record<string, unknown> = {
    uid: r.uid,
    ...(r.name ? { name: r.name } : {}),
    type: r.type,
    ...(r.region ? { region: r.region } : {}),
    ...(tags.length ? { tags } : {}),
    ...(isReportResource(r) ? { data: withDrift(withCompleteness(responsibility(r, options.services), options), r.uid, options) } : {}),
  };
  const summary = isReportResource(r) ? message(r) : `${r.type} ${r.uid}`;
  return {
    ...eventHead(options, summary),
    metadata: {
      ...productMetadata(options),
      ...(r.source.collectedAt ? { original_time: r.source.collectedAt } : {}),
      log_name: r.source.kind,
    },
    cloud: {
      provider: r.provider,
      account: accountObject(r),
      ...(r.region ? { region: r.region } : {}),
      ...(zone ? { zone } : {}),
    },
    resources: [resource],
  };
}

function message(r: ReportResource): string {
  if (!r.service) return `${r.type} maps to no service in the catalog`;
  const customer = r.controls.filter((c) => c.owner === "customer").length;
  const duties = resourceDuties(undefined, r);
  const notMet = duties.filter((d) => d.state === "not-met").length;
  const unchecked = duties.filter((d) => d.state === "unchecked").length;
  return `${r.service} (${r.model}): ${customer} customer-owned controls, ${notMet} duties not met, ${unchecked} unchecked`;
}

function compare(a: Resource | ReportResource, b: Resource | ReportResource): number {
  const x = a.uid + "\u0000" + (a.source.ref ?? "");
  const y = b.uid + "\u0000" + (b.source.ref ?? "");
  return x < y ? -1 : x > y ? 1 : 0;
}

/**
 * Resources as NDJSON of OCSF 5023 events, sorted by uid. Report resources
 * (report.resources) carry their responsibility summary in resources[0].data;
 * plain inventory resources carry the inventory fields only.
 * JSON.stringify escapes every control character and lone surrogate, so one
 * event is always one line.
 */
export function resourcesOcsf(resources: readonly (Resource | ReportResource)[], options: OcsfOptions): string {
  return [...resources]
    .sort(compare)
    .map((r) => `${JSON.stringify(resourceOcsfEvent(r, options))}\n`)
    .join("");
}

/** A report's resources as OCSF NDJSON, with service names from the report. */
export function reportOcsf(report: Report, options: OcsfOptions): string {
  const eventOptions = { services: report.services, partialInventory: report.problems.length, ...(report.drift ? { drift: report.drift } : {}), ...options };
  return resourcesOcsf(report.resources, eventOptions) + goneLines(eventOptions);
}

/**
 * The same NDJSON as reportOcsf, from a streamed report: one pass over the
 * rows in uid order, in chunks of about 1 MiB.
 */
export async function* reportOcsfStream(source: ReportSource, options: OcsfOptions): AsyncGenerator<string> {
  const eventOptions = { services: source.head.services, partialInventory: source.head.problems.length, ...(source.head.drift ? { drift: source.head.drift } : {}), ...options };
  let chunk = "";
  for await (const row of source.rows("uid")) {
    chunk += `${JSON.stringify(resourceOcsfEvent(row, eventOptions))}\n`;
    if (chunk.length >= 1 << 20) {
      yield chunk;
      chunk = "";
    }
  }
  chunk += goneLines(eventOptions);
  if (chunk) yield chunk;
}
