/**
 * Azure resources as customers export them:
 *
 * - `az resource list` (a JSON array of `{ id, name, type, location,
 *   resourceGroup, tags, kind, sku, properties, identity, managedBy, ... }`;
 *   `properties` only with `--expand properties` or per-resource `show`):
 *   https://learn.microsoft.com/cli/azure/resource#az-resource-list
 * - the ARM REST list response (`{ value: [...], nextLink }`):
 *   https://learn.microsoft.com/rest/api/resources/resources/list
 * - Azure Resource Graph: `az graph query` (`{ count, data: [...],
 *   skip_token, total_records }`) or a plain array of rows. Graph returns
 *   lower-case types (microsoft.storage/storageaccounts); they are kept as
 *   given because the catalog matches ARM types case-insensitively:
 *   https://learn.microsoft.com/azure/governance/resource-graph/concepts/query-language
 * - Resource Graph's REST "table" result format (`{ data: { columns, rows } }`).
 * - NDJSON of any of these rows.
 */
import type { Resource } from "../../types.js";
import type { ImportOptions } from "../importer.js";
import type { InputSource } from "../input.js";
import { normalizeTags } from "../tags.js";
import { importExport, redacting, type Conversion, type ConvertContext, type ExportFormat, type ImportSummary } from "./cloud-export/driver.js";
import { creationTime, FieldReader, isObject, isoNow, typeName } from "./cloud-export/fields.js";

export const AZURE_FORMAT: ExportFormat = {
  description: "an Azure resource export (az resource list, an ARM list response, or az graph query output)",
  wrapperKeys: ["data", "value"],
  convert: redacting(convertAzureResource),
};

export async function* importAzure(input: InputSource, options: ImportOptions = {}): AsyncGenerator<Resource, ImportSummary> {
  return yield* importExport(input, options, AZURE_FORMAT);
}

// Identity fields become the Resource's own fields; everything else is configuration evidence.
const IDENTITY_KEYS = new Set(["id", "name", "type", "location", "tags", "resourceGroup", "subscriptionId", "tenantId"]);

function convertAzureResource(record: unknown, context: ConvertContext): Conversion {
  if (!isObject(record)) return { problem: `expected a resource object (got ${typeName(record)})`, foreign: true };
  const fields = new FieldReader(record);
  const id = fields.text("id");
  let type = fields.text("type");
  if (!id && !type && fields.problems.length === 0) return { problem: projectedHint(record) ?? "not an Azure resource: it has neither id nor type", foreign: true };
  if (!id) {
    const hint = fields.problems.length ? undefined : projectedHint(record);
    // A projection is the whole file's shape: one problem for it, not one per row.
    return hint ? { problem: hint, foreign: true } : { problem: fields.problems[0] ?? "resource has no id (was it projected away in the query?)" };
  }
  // The id is parsed only when the row lacks its own type or name (Resource Graph rows have both).
  const parsedId = type ? undefined : parseResourceId(id);
  type ??= parsedId?.type;
  if (!type) return { problem: fields.problems[0] ?? "resource has no type and its id names none" };

  // Resource Graph rows carry subscriptionId and tenantId; `az resource list` rows do not.
  const graph = context.container === "data" || "subscriptionId" in record || "tenantId" in record;
  const subscription = subscriptionOf(id) ?? fields.text("subscriptionId");
  const tenant = fields.text("tenantId");
  const region = fields.text("location");
  const displayName = fields.text("name") ?? (parsedId ?? parseResourceId(id)).name;
  const created = creationTime(fields.raw("createdTime"));
  const attributes = configuration(record);

  // Built field by field in the order the NDJSON has always had (no spread of temporary objects per row).
  const resource: Resource = { uid: id, provider: "azure", account: { uid: subscription ?? "unknown", type: "azure-subscription" } } as Resource;
  if (tenant) resource.org = { uid: tenant };
  if (region) resource.region = region;
  resource.type = type;
  resource.typeSystem = "arm";
  if (displayName) resource.name = displayName;
  resource.tags = normalizeTags(fields.tags("tags"));
  if (created) resource.createdAt = created;
  if (attributes) resource.attributes = attributes;
  resource.source = { kind: graph ? "azure-resource-graph" : "azure-resource-list", file: context.file, ref: context.ref, collectedAt: isoNow(context) };
  return { resource, problems: fields.problems };
}

function configuration(record: Record<string, unknown>): Record<string, unknown> | undefined {
  let attributes: Record<string, unknown> | undefined;
  for (const key in record) {
    const value = record[key];
    if (value !== undefined && !IDENTITY_KEYS.has(key)) (attributes ??= {})[key] = value;
  }
  // Redacted with the whole resource by the export driver (redactResource).
  return attributes;
}

const SUBSCRIPTION_OF_ID = /^\/subscriptions\/([^/]+)/i;

function subscriptionOf(id: string): string | undefined {
  return SUBSCRIPTION_OF_ID.exec(id)?.[1];
}

/**
 * The parts of an ARM resource id:
 * /subscriptions/{sub}/resourceGroups/{rg}/providers/{Namespace}/{type}/{name}[/{child-type}/{child-name}...]
 * https://learn.microsoft.com/azure/azure-resource-manager/management/resource-name-rules
 */
export function parseResourceId(id: string): { subscription?: string; type?: string; name?: string } {
  const subscription = /^\/subscriptions\/([^/]+)/i.exec(id)?.[1];
  const provider = /\/providers\/([^/]+)\/(.+)$/i.exec(id);
  const result: { subscription?: string; type?: string; name?: string } = {};
  if (subscription) result.subscription = subscription;
  if (provider) {
    const segments = provider[2]!.split("/");
    const types: string[] = [];
    for (let i = 0; i + 1 < segments.length; i += 2) types.push(segments[i]!);
    if (types.length) result.type = `${provider[1]}/${types.join("/")}`;
    if (segments.length % 2 === 0) result.name = segments[segments.length - 1];
  }
  return result;
}

/**
 * The hint for rows of a projected listing (`az resource list --query
 * "[].{Name:name, Type:type}"`, or `-o table` turned into JSON): they carry some
 * resource fields, under any case, but not the id the import needs.
 */
function projectedHint(record: Record<string, unknown>): string | undefined {
  const keys = Object.keys(record);
  const known = keys.filter((key) => /^(name|type|location|resourcegroup|kind|tags|sku|id|subscriptionid)$/i.test(key));
  if (known.length === 0) return undefined;
  return `these rows look like a projected listing (fields ${keys.slice(0, 6).join(", ")}${keys.length > 6 ? ", ..." : ""}) without the resource "id": run \`az resource list -o json\` without --query, or keep id and type in the projection (\`--query "[].{id:id, type:type, name:name, location:location, tags:tags}"\`)`;
}
