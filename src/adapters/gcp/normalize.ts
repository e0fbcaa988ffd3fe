/**
 * Cloud Asset records as the gRPC client hands them over, to normalized
 * resources. The conversion itself is the Cloud Asset importer's (one
 * mapping for exports and live runs, so both give the same evidence); this
 * module only undoes the wire form the importer never sees: protobuf
 * `Struct`s for `resource.data`.
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
  // for...in rather than Object.entries: no [key, value] array per field (this runs for every field of every asset).
  for (const key in fields) if (Object.hasOwn(fields, key)) out[key] = fromValue((fields as Record<string, unknown>)[key]);
  return out;
}

/**
 * A v1 Asset from ListAssets (content type RESOURCE) in the export's JSON form.
 * Its `updateTime` is left out: the importer reads it only for `source.collectedAt`,
 * which a live run sets to the time of the run (converting it cost about a tenth
 * of the adapter's time per asset).
 */
export function assetRecord(asset: Record<string, unknown>): Record<string, unknown> {
  const resource = asset.resource as Record<string, unknown> | null | undefined;
  return {
    name: asset.name,
    assetType: asset.assetType,
    ancestors: Array.isArray(asset.ancestors) ? asset.ancestors : [],
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
  // The conversion's resource is new and ours: completed in place, not copied.
  const resource = conversion.resource;
  const id = resource.account.name ? undefined : at.projectIds.get(resource.account.uid);
  if (id) resource.account = { ...resource.account, name: id };
  // When the run observed it; the asset's updateTime is when it last changed.
  resource.source = { kind: SOURCE_KIND, collectedAt: at.collectedAt };
  return { resource };
}
