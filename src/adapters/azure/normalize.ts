/**
 * Live Azure records to normalized resources, through the Azure importer's own
 * conversion (src/inventory/importers/azure.ts): a Resource Graph row from a
 * live query becomes exactly what the same row imported from `az graph query`
 * output becomes (type, identity fields, `properties` and the rest kept as
 * redacted attributes), so evidence rules see the same data. Only `source`
 * differs: where and when it was collected.
 */
import { AZURE_FORMAT } from "../../inventory/importers/azure.js";
import type { Resource } from "../../types.js";
import type { Scrubber } from "../core/scrub.js";

export const SOURCE_KIND = "azure-live";
const EPOCH = new Date(0);

/** Converts one row; undefined when it is not an Azure resource (the importer's verdict). */
export function fromRow(row: unknown, via: "resource-graph" | "arm", collectedAt: string, scrubber: Scrubber): Resource | undefined {
  // Resource Graph rows are parsed JSON already; only the ARM clients' objects hold Dates and undefined fields.
  // (The conversion's own source is replaced below: its clock need not make a Date per row.)
  const conversion = AZURE_FORMAT.convert(via === "arm" ? plain(row) : row, { file: via, ref: via, container: via === "resource-graph" ? "data" : "value", now: () => EPOCH });
  if (!("resource" in conversion)) return undefined;
  const resource = conversion.resource;
  // Known secrets (the token) can never be a field name, but may sit in a value.
  if (resource.attributes) resource.attributes = scrubber.strings(resource.attributes);
  resource.source = { kind: SOURCE_KIND, collectedAt, ref: via };
  return resource;
}

/** A subscription (subscriptions.list) as a resource of its own type, so it can be reported and joined. */
export interface SubscriptionRecord {
  subscriptionId: string;
  displayName?: string | undefined;
  tenantId?: string | undefined;
  state?: string | undefined;
  tags?: Record<string, unknown> | undefined;
  subscriptionPolicies?: unknown;
  authorizationSource?: string | undefined;
  managedByTenants?: unknown;
}

export function fromSubscription(record: SubscriptionRecord, collectedAt: string, scrubber: Scrubber): Resource | undefined {
  const row = {
    id: `/subscriptions/${record.subscriptionId}`,
    name: record.displayName ?? record.subscriptionId,
    type: "Microsoft.Resources/subscriptions",
    subscriptionId: record.subscriptionId,
    ...(record.tenantId ? { tenantId: record.tenantId } : {}),
    tags: record.tags ?? {},
    properties: {
      state: record.state,
      ...(record.subscriptionPolicies ? { subscriptionPolicies: record.subscriptionPolicies } : {}),
      ...(record.authorizationSource ? { authorizationSource: record.authorizationSource } : {}),
      ...(record.managedByTenants ? { managedByTenants: record.managedByTenants } : {}),
    },
  };
  const resource = fromRow(row, "arm", collectedAt, scrubber);
  if (resource && record.displayName) resource.account = { ...resource.account, name: record.displayName };
  return resource;
}

/** SDK objects hold Dates (createdTime, changedTime) and may hold undefined fields: plain JSON values, as an export has. */
function plain(value: unknown): unknown {
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.map(plain);
  if (value === null || typeof value !== "object") return value;
  const out: Record<string, unknown> = {};
  for (const [key, inner] of Object.entries(value)) if (inner !== undefined) out[key] = plain(inner);
  return out;
}
