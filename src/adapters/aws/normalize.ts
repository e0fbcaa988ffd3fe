/**
 * Live AWS records to normalized resources. Listings (Resource Explorer, the
 * Tagging API) carry identity and tags and are typed by ARN ("ec2:instance",
 * what the catalog indexes); AWS Config results carry configuration and are
 * typed by their CloudFormation name, with attributes in the same shape the
 * Config importer produces (`configuration` fields plus
 * `supplementaryConfiguration`, secrets removed).
 */
import { parseArn } from "../../inventory/arn.js";
import { redactResource, redactTags, redactText } from "../../inventory/redact.js";
import { normalizeTags } from "../../inventory/tags.js";
import type { Resource } from "../../types.js";

/** What a live resource is attributed to besides its own fields. */
export interface Scope {
  account: string;
  accountName?: string;
  org?: string;
  region: string;
  collectedAt: string;
}

export const SOURCE_KIND = "aws-live";

/** A Resource Explorer `Resource`: https://docs.aws.amazon.com/resource-explorer/latest/apireference/API_Resource.html */
export interface ExplorerResource {
  Arn?: string | undefined;
  OwningAccountId?: string | undefined;
  Region?: string | undefined;
  ResourceType?: string | undefined;
  LastReportedAt?: Date | undefined;
  Properties?: { Name?: string | undefined; Data?: unknown }[] | undefined;
}

export function fromExplorer(record: ExplorerResource, scope: Scope): Resource | undefined {
  if (!record.Arn) return undefined;
  const parsed = parseArn(record.Arn);
  const tags = record.Properties?.find((p) => p.Name?.toLowerCase() === "tags")?.Data;
  // Resource Explorer reports IAM, CloudFront and Route 53 resources in the "global" region.
  const region = record.Region && record.Region !== "global" ? record.Region : parsed?.region || undefined;
  return listed(record.Arn, parsed, record.ResourceType, record.OwningAccountId || parsed?.account || scope.account, region, tags, scope, "resource-explorer");
}

/** A Tagging API `ResourceTagMapping`: https://docs.aws.amazon.com/resourcegroupstagging/latest/APIReference/API_ResourceTagMapping.html */
export interface TagMapping {
  ResourceARN?: string | undefined;
  Tags?: { Key?: string | undefined; Value?: string | undefined }[] | undefined;
}

export function fromTagMapping(record: TagMapping, scope: Scope): Resource | undefined {
  if (!record.ResourceARN) return undefined;
  const parsed = parseArn(record.ResourceARN);
  return listed(record.ResourceARN, parsed, undefined, parsed?.account || scope.account, parsed?.region || undefined, record.Tags, scope, "tagging-api");
}

function listed(
  arn: string,
  parsed: ReturnType<typeof parseArn>,
  fallbackType: string | undefined,
  account: string,
  region: string | undefined,
  tags: unknown,
  scope: Scope,
  via: string,
): Resource | undefined {
  const type = parsed?.type ?? fallbackType;
  if (!type) return undefined;
  const name = parsed ? nameFromArn(parsed.service, parsed.resource) : undefined;
  // Built field by field rather than with conditional spreads: this runs once per resource listed.
  // (Insertion order is the field order in NDJSON, as for every other source.)
  const resource = { uid: arn, provider: "aws", account: accountOf(account, scope) } as Resource;
  if (scope.org) resource.org = { uid: scope.org };
  if (region) resource.region = region;
  resource.type = type;
  resource.typeSystem = "arn";
  // Tags and names are free text an owner typed: they go through the same
  // layers as an import's (a `db_password` tag, a connection string as a value).
  if (name) resource.name = redactText(name);
  resource.tags = redactTags(normalizeTags(tags));
  resource.source = { kind: SOURCE_KIND, collectedAt: scope.collectedAt, ref: refOf(scope, via) };
  return resource;
}

/**
 * One `SelectResourceConfig` result (a JSON string of the selected fields):
 * https://docs.aws.amazon.com/config/latest/APIReference/API_SelectResourceConfig.html
 * Undefined for deleted resources and results that are not configuration items.
 */
export function fromConfigResult(text: string, scope: Scope): Resource | undefined {
  let item: Record<string, unknown>;
  try {
    const value: unknown = JSON.parse(text);
    if (!isObject(value)) return undefined;
    item = value;
  } catch {
    return undefined;
  }
  const status = str(item.configurationItemStatus);
  if (status === "ResourceDeleted" || status === "ResourceDeletedNotRecorded") return undefined;
  const resourceType = str(item.resourceType);
  const resourceId = str(item.resourceId);
  const arn = str(item.arn) ?? str(item.ARN);
  if (!resourceType || (!arn && !resourceId)) return undefined;
  const parsed = arn ? parseArn(arn) : undefined;
  const account = str(item.accountId) ?? str(item.awsAccountId) ?? (parsed?.account || scope.account);
  const region = str(item.awsRegion) ?? (parsed?.region || undefined);
  const zone = str(item.availabilityZone);
  const name = str(item.resourceName) ?? resourceId;
  const created = str(item.resourceCreationTime);
  const attributes = configurationAttributes(item);
  return redactResource({
    uid: arn ?? `aws-config:${account}:${region ?? "global"}:${resourceType}:${resourceId}`,
    provider: "aws",
    account: accountOf(account, scope),
    ...(scope.org ? { org: { uid: scope.org } } : {}),
    ...(region && region !== "global" ? { region } : {}),
    // Config writes "Multiple availability zones" or "Not Applicable" for resources without one.
    ...(zone && /^[a-z]{2}(-[a-z]+)+-\d[a-z]$/.test(zone) ? { zone } : {}),
    type: resourceType,
    typeSystem: "cloudformation",
    ...(name ? { name } : {}),
    tags: normalizeTags(item.tags),
    ...(created ? { createdAt: created } : {}),
    ...(attributes ? { attributes } : {}),
    source: { kind: SOURCE_KIND, collectedAt: str(item.configurationItemCaptureTime) ?? scope.collectedAt, ref: `aws-config ${scope.account} ${scope.region}` },
  });
}

/** Same shape as the Config importer: configuration fields, supplementaryConfiguration beside them (redacted with the whole resource). */
function configurationAttributes(item: Record<string, unknown>): Record<string, unknown> | undefined {
  const configuration = jsonObject(item.configuration);
  const supplementary = jsonObject(item.supplementaryConfiguration);
  if (!configuration && !supplementary) return undefined;
  const attributes: Record<string, unknown> = { ...configuration };
  if (supplementary) {
    const parsed: Record<string, unknown> = {};
    // Supplementary values may each be a JSON string ("{\"status\":\"Off\"}").
    for (const [key, value] of Object.entries(supplementary)) parsed[key] = typeof value === "string" ? (parseJson(value) ?? value) : value;
    attributes.supplementaryConfiguration = parsed;
  }
  return attributes;
}

function jsonObject(value: unknown): Record<string, unknown> | undefined {
  const parsed = typeof value === "string" ? parseJson(value) : value;
  return isObject(parsed) ? parsed : undefined;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function accountOf(uid: string, scope: Scope): Resource["account"] {
  return uid === scope.account && scope.accountName ? { uid, name: scope.accountName, type: "aws-account" } : { uid, type: "aws-account" };
}

// One ref string per scope and source, shared by its resources (strings are immutable).
const REFS = new WeakMap<Scope, Map<string, string>>();
function refOf(scope: Scope, via: string): string {
  let refs = REFS.get(scope);
  if (!refs) REFS.set(scope, (refs = new Map()));
  let ref = refs.get(via);
  if (ref === undefined) refs.set(via, (ref = `${via} ${scope.account} ${scope.region}`));
  return ref;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

function str(value: unknown): string | undefined {
  return typeof value === "string" && value.trim() ? value : undefined;
}

// Services whose ARN resource part is the name itself (no type prefix).
const NAME_IS_RESOURCE = new Set(["s3", "sqs", "sns"]);

/** "instance/i-0abc" -> "i-0abc", "function:my-fn" -> "my-fn", an S3 bucket ARN -> the bucket. */
function nameFromArn(service: string, resource: string): string | undefined {
  if (NAME_IS_RESOURCE.has(service)) return resource;
  const slash = resource.indexOf("/");
  const colon = resource.indexOf(":");
  const separator = slash === -1 ? colon : colon === -1 ? slash : Math.min(slash, colon);
  return separator === -1 ? undefined : resource.slice(separator + 1) || undefined;
}
