/**
 * AWS Config configuration items, in every form customers export them:
 *
 * - configuration snapshots delivered to S3 (`{ fileVersion, configSnapshotId,
 *   configurationItems: [...] }`, often `.json.gz`), where `configuration` and
 *   `supplementaryConfiguration` are objects:
 *   https://docs.aws.amazon.com/config/latest/developerguide/example-s3-snapshot.html
 * - `aws configservice get-resource-config-history` (`configurationItems`) and
 *   `batch-get-resource-config` (`baseConfigurationItems`), where
 *   `configuration` and each supplementary value are JSON *strings*:
 *   https://docs.aws.amazon.com/config/latest/APIReference/API_ConfigurationItem.html
 * - `select-resource-config` / `select-aggregate-resource-config`
 *   (`{ Results: ["<json>", ...] }`, each result the selected fields):
 *   https://docs.aws.amazon.com/config/latest/APIReference/API_SelectResourceConfig.html
 * - NDJSON of configuration items, or of change notifications
 *   (`{ configurationItem: {...} }`, possibly inside the SNS envelope, whose
 *   `Message` is a JSON string or, as in AWS's example, an object, or inside an
 *   EventBridge event's `detail`):
 *   https://docs.aws.amazon.com/config/latest/developerguide/example-sns-notification.html
 * - `list-discovered-resources` (`resourceIdentifiers`) and the aggregator's
 *   `list-aggregate-discovered-resources` (`ResourceIdentifiers`): identity only.
 *
 * Deleted resources are skipped and counted (they are history, not inventory).
 */
import type { Resource } from "../../types.js";
import { parseArn } from "../arn.js";
import type { ImportOptions } from "../importer.js";
import type { InputSource } from "../input.js";
import { normalizeTags } from "../tags.js";
import { importExport, redacting, type Conversion, type ConvertContext, type ExportFormat, type ImportSummary } from "./cloud-export/driver.js";
import { creationTime, FieldReader, isObject, isoNow, parseJsonText, toIsoTime, typeName, type JsonObject } from "./cloud-export/fields.js";

const DELETED = new Set(["ResourceDeleted", "ResourceDeletedNotRecorded"]);
const ITEM_NOTIFICATIONS = new Set(["ConfigurationItemChangeNotification", "OversizedConfigurationItemChangeNotification"]);

export const AWS_CONFIG_FORMAT: ExportFormat = {
  description: "an AWS Config export (a configuration snapshot, get-resource-config-history / batch-get-resource-config / select-resource-config output, or NDJSON of configuration items)",
  // resourceIdentifiers: list-discovered-resources (identity only); ResourceIdentifiers: the aggregator's.
  wrapperKeys: ["configurationItems", "baseConfigurationItems", "Results", "ConfigurationItems", "BaseConfigurationItems", "resourceIdentifiers", "ResourceIdentifiers"],
  convert: redacting(convertConfigurationItem),
};

export async function* importAwsConfig(input: InputSource, options: ImportOptions = {}): AsyncGenerator<Resource, ImportSummary> {
  return yield* importExport(input, options, AWS_CONFIG_FORMAT);
}

function convertConfigurationItem(record: unknown, context: ConvertContext): Conversion {
  const unwrapped = unwrap(record);
  if ("skip" in unwrapped || "problem" in unwrapped) return unwrapped;
  const { item, oversized } = unwrapped;
  const fields = new FieldReader(item);
  // PascalCase names: the aggregator's list-aggregate-discovered-resources.
  const resourceType = fields.text("resourceType", "ResourceType");
  const resourceId = fields.text("resourceId", "ResourceId");
  // list-discovered-resources gives some resources' ARN as their resourceId (ECS services).
  const arn = fields.text("ARN", "arn") ?? (resourceId?.startsWith("arn:") ? resourceId : undefined);
  if (!arn && !resourceType && !resourceId && fields.problems.length === 0) {
    return { problem: "not a configuration item: it has none of resourceType, resourceId, ARN", foreign: true };
  }
  const status = fields.text("configurationItemStatus");
  if (status && DELETED.has(status)) return { skip: status };
  if (!resourceType) return { problem: fields.problems[0] ?? "configuration item has no resourceType" };

  const parsedArn = arn ? parseArn(arn) : undefined;
  const account = fields.id("awsAccountId", "accountId", "SourceAccountId") ?? (parsedArn?.account || undefined);
  const region = fields.text("awsRegion", "SourceRegion") ?? (parsedArn?.region || undefined);
  if (!arn && !resourceId) return { problem: fields.problems[0] ?? "configuration item has neither ARN nor resourceId" };
  const uid = arn ?? syntheticId(account, region, resourceType, resourceId!);
  const zone = fields.text("availabilityZone", "availibilityZone");
  const name = fields.text("resourceName", "ResourceName") ?? resourceId;
  const created = creationTime(fields.raw("resourceCreationTime"));
  const attributes = configurationAttributes(item, fields);
  if (oversized) fields.problems.push("oversized change notification: the configuration itself was delivered to S3, so this resource has no attributes");

  const resource: Resource = {
    uid,
    provider: "aws",
    account: { uid: account ?? "unknown", type: "aws-account" },
    ...(region ? { region } : {}),
    ...(zone && isAvailabilityZone(zone) ? { zone } : {}),
    type: resourceType,
    typeSystem: "cloudformation",
    ...(name ? { name } : {}),
    tags: normalizeTags(fields.tags("tags")),
    ...(created ? { createdAt: created } : {}),
    ...(attributes ? { attributes } : {}),
    source: {
      kind: "aws-config",
      file: context.file,
      ref: context.ref,
      collectedAt: toIsoTime(fields.raw("configurationItemCaptureTime")) ?? isoNow(context),
    },
  };
  return { resource, problems: fields.problems };
}

/**
 * The configuration item inside whatever carries it: a select result (a JSON
 * string), an SNS envelope (`Message` as a JSON string), or a change
 * notification (`configurationItem`, or `configurationItemSummary` when the
 * item was too large for SNS).
 */
function unwrap(record: unknown): { item: JsonObject; oversized: boolean } | { skip: string } | { problem: string; foreign?: boolean } {
  let value = record;
  if (typeof value === "string") {
    const parsed = parseJsonText(value);
    if (!parsed) return { problem: "result is a string but not valid JSON" };
    value = parsed.value;
  }
  if (!isObject(value)) return { problem: `expected a configuration item object (got ${typeName(value)})`, foreign: true };
  if (value.Type === "Notification" && typeof value.Message === "string") {
    const parsed = parseJsonText(value.Message);
    if (!parsed || !isObject(parsed.value)) return { problem: "SNS notification's Message is not a JSON object" };
    value = parsed.value;
  } else if (value.Type === "Notification" && isObject(value.Message)) {
    // The SNS example in AWS Config's own documentation shows Message as an object.
    value = value.Message;
  } else if (value.source === "aws.config" && isObject(value.detail)) {
    // EventBridge: { "detail-type": "Config Configuration Item Change", source: "aws.config", detail: {...} }
    // https://docs.aws.amazon.com/config/latest/developerguide/monitor-config-with-cloudwatchevents.html
    value = value.detail;
  }
  const item = value as JsonObject;
  if (typeof item.messageType === "string" && !ITEM_NOTIFICATIONS.has(item.messageType)) return { skip: `notification ${item.messageType}` };
  if (isObject(item.configurationItem)) return { item: item.configurationItem, oversized: false };
  if (isObject(item.configurationItemSummary)) return { item: item.configurationItemSummary, oversized: true };
  return { item, oversized: false };
}

/**
 * The configuration (parsed when the CLI gave it as a string) with the
 * supplementary configuration under `supplementaryConfiguration`, secrets
 * removed. Undefined when the item carries neither.
 */
function configurationAttributes(item: JsonObject, fields: FieldReader): Record<string, unknown> | undefined {
  const configuration = jsonField(item.configuration, "configuration", fields);
  const supplementaryRaw = jsonField(item.supplementaryConfiguration, "supplementaryConfiguration", fields);
  if (!configuration && !supplementaryRaw) return undefined;
  const attributes: Record<string, unknown> = { ...configuration };
  if (supplementaryRaw) {
    // Each supplementary value is its own JSON string in API output ("{\"status\":\"Off\"}", "false").
    const supplementary: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(supplementaryRaw)) supplementary[key] = typeof value === "string" ? (parseJsonText(value)?.value ?? value) : value;
    attributes.supplementaryConfiguration = supplementary;
  }
  // Redacted with the whole resource by the export driver (redactResource).
  return attributes;
}

function jsonField(value: unknown, key: string, fields: FieldReader): JsonObject | undefined {
  if (value === undefined || value === null || value === "") return undefined;
  let parsed: unknown = value;
  if (typeof value === "string") {
    const result = parseJsonText(value);
    if (!result) {
      fields.problems.push(`${key} is a string but not valid JSON; imported without it`);
      return undefined;
    }
    parsed = result.value;
  }
  if (parsed === null) return undefined;
  if (isObject(parsed)) return parsed;
  fields.problems.push(`${key} must be an object (got ${typeName(parsed)}); imported without it`);
  return undefined;
}

// Config writes "Not Applicable", "Multiple Availability Zones" or "Regional" when there is no single AZ.
function isAvailabilityZone(value: string): boolean {
  return /^[a-z]{2}(-[a-z]+)+-\d+[a-z]$/.test(value) || /^[a-z]{3,4}\d?-az\d+$/.test(value);
}

/** Some Config resource types have no ARN: a stable id from what the item does say. */
function syntheticId(account: string | undefined, region: string | undefined, resourceType: string, resourceId: string): string {
  return `aws-config://${account ?? "unknown"}/${region ?? "global"}/${resourceType}/${resourceId}`;
}
