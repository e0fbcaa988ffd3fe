/**
 * Cloud Asset records as the gRPC client hands them over, to normalized
 * resources. The conversion itself is the Cloud Asset importer's (one
 * mapping for exports and live runs, so both give the same evidence); this
 * module only undoes the wire forms the importer never sees: protobuf
 * `Struct`s for `resource.data` and `Timestamp`s for `updateTime`.
 */
import { convertGcpResource } from "../../inventory/importers/gcp.js";
import type { Resource } from "../../types.js";

export const SOURCE_KIND = "gcp-live";

/** google.protobuf.Value (as protobufjs decodes it, with or without the `kind` oneof name) to JSON. */
export function fromValue(value: unknown): unknown {
  if (value === null || typeof value !== "object") return value;
  const v = value as Record<string, unknown>;
  const kind = typeof v.kind === "string" ? v.kind : undefined;
  if (kind === "nullValue" || (kind === undefined && "nullValue" in v)) return null;
  if (kind === "stringValue" || (kind === undefined && "stringValue" in v)) return v.stringValue;
  if (kind === "numberValue" || (kind === undefined && "numberValue" in v)) return v.numberValue;
  if (kind === "boolValue" || (kind === undefined && "boolValue" in v)) return v.boolValue;
  if (kind === "listValue" || (kind === undefined && "listValue" in v)) return (((v.listValue as { values?: unknown[] } | null)?.values) ?? []).map(fromValue);
  if (kind === "structValue" || (kind === undefined && "structValue" in v)) return fromStruct(v.structValue);
  return undefined;
}

/** google.protobuf.Struct to a plain object. */
export function fromStruct(struct: unknown): Record<string, unknown> | undefined {
  const fields = (struct as { fields?: Record<string, unknown> } | null | undefined)?.fields;
  if (!fields || typeof fields !== "object") return undefined;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(fields)) out[key] = fromValue(value);
  return out;
}

/** google.protobuf.Timestamp ({ seconds: Long | string | number, nanos }) to ISO 8601. */
export function fromTimestamp(value: unknown): string | undefined {
  const t = value as { seconds?: unknown; nanos?: unknown } | null | undefined;
  if (!t || t.seconds === undefined || t.seconds === null) return undefined;
  const seconds = Number(String(t.seconds));
  if (!Number.isFinite(seconds) || seconds <= 0) return undefined;
  return new Date(seconds * 1000 + Math.floor(Number(t.nanos ?? 0) / 1e6)).toISOString();
}

/** A v1 Asset from ListAssets (content type RESOURCE) in the export's JSON form. */
export function assetRecord(asset: Record<string, unknown>): Record<string, unknown> {
  const resource = asset.resource as Record<string, unknown> | null | undefined;
  const updateTime = fromTimestamp(asset.updateTime);
  return {
    name: asset.name,
    assetType: asset.assetType,
    ancestors: Array.isArray(asset.ancestors) ? asset.ancestors : [],
    ...(updateTime ? { updateTime } : {}),
    ...(resource
      ? {
          resource: {
            ...(resource.parent ? { parent: resource.parent } : {}),
            ...(resource.location ? { location: resource.location } : {}),
            ...(resource.data ? { data: fromStruct(resource.data) } : {}),
          },
        }
      : {}),
  };
}

export interface Attribution {
  /** Project number -> project id, from discovery: names the account when the asset's name does not carry the id. */
  projectIds: ReadonlyMap<string, string>;
  collectedAt: string;
  now: () => Date;
}

/** One asset to a resource, or the reason it could not be understood. */
export function toResource(asset: Record<string, unknown>, at: Attribution, ref: string): { resource: Resource } | { problem: string } {
  const conversion = convertGcpResource(assetRecord(asset), { file: "gcp", ref, now: at.now });
  if (!("resource" in conversion)) return { problem: "problem" in conversion ? conversion.problem : conversion.skip };
  const resource = conversion.resource;
  const id = resource.account.name ? undefined : at.projectIds.get(resource.account.uid);
  return {
    resource: {
      ...resource,
      ...(id ? { account: { ...resource.account, name: id } } : {}),
      // When the run observed it; the asset's updateTime is when it last changed.
      source: { kind: SOURCE_KIND, collectedAt: at.collectedAt },
    },
  };
}
