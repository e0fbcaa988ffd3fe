/**
 * Google Cloud resources from Cloud Asset Inventory, in the forms customers export them:
 *
 * - `gcloud asset search-all-resources --format=json` (an array of
 *   ResourceSearchResult: `{ name, assetType, project: "projects/123",
 *   displayName, location, labels, networkTags, kmsKeys, createTime, state,
 *   additionalAttributes, parentFullResourceName, folders, organization }`),
 *   or the REST response `{ results: [...] }`:
 *   https://cloud.google.com/asset-inventory/docs/reference/rest/v1/TopLevel/searchAllResources
 * - Cloud Asset exports to Cloud Storage (NDJSON of Asset with snake_case
 *   names: `{ name, asset_type, resource: { version, discovery_name, parent,
 *   data, location }, ancestors, update_time }`) and `gcloud asset list
 *   --format=json` (the same Asset in camelCase), or the REST `{ assets: [...] }`:
 *   https://cloud.google.com/asset-inventory/docs/reference/rest/v1/Asset
 *
 * Assets carry the resource's full configuration (`resource.data`), the
 * evidence source; search results carry only the searchable subset.
 */
import type { Resource } from "../../types.js";
import type { ImportOptions } from "../importer.js";
import type { InputSource } from "../input.js";
import { normalizeTags } from "../tags.js";
import { importExport, redacting, type Conversion, type ConvertContext, type ExportFormat, type ImportSummary } from "./cloud-export/driver.js";
import { creationTime, FieldReader, isObject, isoNow, toIsoTime, typeName, type JsonObject } from "./cloud-export/fields.js";

export const GCP_FORMAT: ExportFormat = {
  description: "a Google Cloud Asset Inventory export (asset export NDJSON, gcloud asset list or gcloud asset search-all-resources output)",
  wrapperKeys: ["results", "assets"],
  convert: (record, context) => convertGcpResource(record, context),
};

export async function* importGcp(input: InputSource, options: ImportOptions = {}): AsyncGenerator<Resource, ImportSummary> {
  return yield* importExport(input, options, GCP_FORMAT);
}

// Fields only an Asset (export / list) has; search results have none of them.
const ASSET_KEYS = ["resource", "ancestors", "asset_type", "update_time", "iam_policy", "iamPolicy", "org_policy", "orgPolicy", "access_policy", "accessPolicy"];

/**
 * One Cloud Asset record (an Asset in export or list form, or a search result)
 * to a resource, redacted (four layers); also used by the live adapter (cloud-srm/gcp).
 */
export const convertGcpResource: (record: unknown, context: ConvertContext) => Conversion = redacting((record, context) => convertGcpRecord(record, context));

function convertGcpRecord(record: unknown, context: ConvertContext): Conversion {
  if (!isObject(record)) return { problem: `expected an asset object (got ${typeName(record)})`, foreign: true };
  const fields = new FieldReader(record);
  const name = fields.text("name");
  const assetType = fields.text("assetType", "asset_type");
  if (!name && !assetType && fields.problems.length === 0) return { problem: "not a Cloud Asset Inventory record: it has neither name nor assetType", foreign: true };
  if (!name) return { problem: fields.problems[0] ?? "asset has no name" };
  if (!assetType) return { problem: fields.problems[0] ?? "asset has no assetType" };
  return ASSET_KEYS.some((key) => key in record) ? fromAsset(record, fields, name, assetType, context) : fromSearchResult(fields, name, assetType, context);
}

function fromAsset(record: JsonObject, fields: FieldReader, name: string, assetType: string, context: ConvertContext): Conversion {
  const resourceField = fields.object("resource");
  const data = resourceField && isObject(resourceField.data) ? resourceField.data : undefined;
  const ancestors = Array.isArray(record.ancestors) ? record.ancestors.filter((a): a is string => typeof a === "string") : [];
  if (record.ancestors !== undefined && !Array.isArray(record.ancestors)) fields.problems.push(`ancestors must be a list (got ${typeName(record.ancestors)}); ignored`);
  const project = projectOf(
    ancestorId(ancestors, "projects"),
    projectFromName(name) ?? (typeof resourceField?.parent === "string" ? projectFromName(resourceField.parent) : undefined),
  );
  const organization = ancestorId(ancestors, "organizations");
  const location = stringOf(resourceField?.location) ?? stringOf(data?.location);
  // data.name is sometimes a relative resource name ("projects/p/locations/l/functions/f"): keep its last segment.
  const dataName = stringOf(data?.name);
  const displayName = (dataName && lastSegment(dataName)) ?? stringOf(data?.displayName) ?? lastSegment(name);
  const created = creationTime(data?.creationTimestamp ?? data?.timeCreated ?? data?.createTime);
  const resource = build({
    name,
    assetType,
    project,
    organization,
    location,
    displayName,
    created,
    // GKE clusters keep their labels in resourceLabels.
    labels: data?.labels ?? data?.resourceLabels,
    attributes: data,
    // The asset's update_time: when Asset Inventory recorded this state.
    collectedAt: toIsoTime(fields.raw("update_time", "updateTime")) ?? isoNow(context),
    kind: "gcp-asset-export",
    context,
  });
  return { resource, problems: fields.problems };
}

function fromSearchResult(fields: FieldReader, name: string, assetType: string, context: ConvertContext): Conversion {
  const additional = fields.object("additionalAttributes");
  const attributes: JsonObject = { ...additional };
  // state and the CMEK keys are evidence too; search results carry no other configuration.
  for (const key of ["state", "kmsKeys", "kmsKey", "networkTags"]) if (fields.record[key] !== undefined) attributes[key] = fields.record[key];
  const resource = build({
    name,
    assetType,
    project: projectOf(idOf(fields.text("project"), "projects"), projectFromName(name) ?? stringOf(additional?.projectId)),
    organization: idOf(fields.text("organization"), "organizations"),
    location: fields.text("location"),
    displayName: fields.text("displayName") ?? lastSegment(name),
    created: creationTime(fields.raw("createTime")),
    labels: fields.tags("labels"),
    attributes: Object.keys(attributes).length ? attributes : undefined,
    // updateTime here is the resource's own last change, not an observation: use the import time.
    collectedAt: isoNow(context),
    kind: "gcp-asset-search",
    context,
  });
  return { resource, problems: fields.problems };
}

interface Parts {
  name: string;
  assetType: string;
  project: { uid: string; name?: string } | undefined;
  organization: string | undefined;
  location: string | undefined;
  displayName: string | undefined;
  created: string | undefined;
  labels: unknown;
  attributes: JsonObject | undefined;
  collectedAt: string;
  kind: string;
  context: ConvertContext;
}

function build(parts: Parts): Resource {
  const account: Resource["account"] = { uid: parts.project?.uid ?? "unknown" } as Resource["account"];
  if (parts.project?.name) account.name = parts.project.name;
  account.type = "gcp-project";
  // Built field by field in the order the NDJSON has always had (no spread of temporary objects per asset).
  const resource = { uid: parts.name, provider: "gcp", account } as Resource;
  if (parts.organization) resource.org = { uid: parts.organization };
  const location = parts.location;
  if (location) {
    // "us-central1-a" is a zone in region us-central1; "us-central1", "global", "US" are regions.
    const zone = ZONE.exec(location);
    resource.region = zone ? zone[1]! : location;
    if (zone) resource.zone = location;
  }
  resource.type = parts.assetType;
  resource.typeSystem = "gcp-asset";
  if (parts.displayName) resource.name = parts.displayName;
  resource.tags = normalizeTags(isObject(parts.labels) ? parts.labels : undefined);
  if (parts.created) resource.createdAt = parts.created;
  // Redacted with the whole resource by the export driver (redactResource); a GKE
  // cluster's masterAuth.clientKey is caught by its key name.
  if (parts.attributes) resource.attributes = parts.attributes;
  resource.source = { kind: parts.kind, file: parts.context.file, ref: parts.context.ref, collectedAt: parts.collectedAt };
  return resource;
}

const ZONE = /^([a-z]+-[a-z]+\d+)-[a-z]$/;

/**
 * The account of a GCP resource. Every asset export record (ancestors) and
 * search result (project) carries the project *number*, but only some names
 * carry the project id (a bucket's "//storage.googleapis.com/b" does not): the
 * number is the uid so that one project is one account, the id its name.
 * Terraform states, which only know the id, use the id.
 */
function projectOf(numberOrId: string | undefined, id: string | undefined): { uid: string; name?: string } | undefined {
  const uid = numberOrId ?? id;
  if (!uid) return undefined;
  return id && id !== uid ? { uid, name: id } : { uid };
}

/** The project id in a full resource name: //compute.googleapis.com/projects/my-proj/zones/... */
function projectFromName(name: string): string | undefined {
  return /\/projects\/([^/]+)/.exec(name)?.[1];
}

/** "projects/123" -> "123" from a list like ["projects/123", "folders/4", "organizations/5"]. */
function ancestorId(ancestors: readonly string[], collection: string): string | undefined {
  for (const ancestor of ancestors) {
    const id = idOf(ancestor, collection);
    if (id) return id;
  }
  return undefined;
}

function idOf(value: string | undefined, collection: string): string | undefined {
  if (!value?.startsWith(`${collection}/`)) return undefined;
  return value.slice(collection.length + 1) || undefined;
}

function stringOf(value: unknown): string | undefined {
  return typeof value === "string" && value.trim() ? value : undefined;
}

function lastSegment(name: string): string | undefined {
  return name.split("/").filter(Boolean).pop();
}
